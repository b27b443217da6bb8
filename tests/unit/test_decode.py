import codecs
import gzip
import io
from pathlib import Path

import pytest

from corpus_cli.errors import InputError
from corpus_cli.ingest.decode import decode, decode_charset, human_size, read_capped

TEXT = "Title\n\nThe minister said “we will not resign” – and café owners agreed.\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM
    TEXT.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]),
    TEXT.encode("cp1252"),
])
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode(data, "f.txt") == TEXT


def test_latin1_accents() -> None:
    assert decode("Straße über Öl, naïve façade".encode("latin-1"), "f") == (
        "Straße über Öl, naïve façade")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b" \n\t\n", "only whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("caf\u00e9 ok ".encode() + b"\xff\xfe broken", "invalid UTF-8 at byte"),
    (bytes(range(1, 32)) * 20, "binary file"),
])
def test_unreadable_bytes_name_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        decode(data, "bad.txt")
    assert str(info.value).startswith("bad.txt: ")


def test_read_capped_refuses_more_than_the_cap() -> None:
    assert read_capped(io.BytesIO(b"x" * 10), 10, "f") == b"x" * 10
    with pytest.raises(InputError, match="size cap of 1 KiB"):
        read_capped(io.BytesIO(b"x" * 2000), 1024, "f")


def test_gzip_bomb_is_stopped_at_the_cap() -> None:
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb") as gz:
        for _ in range(64):
            gz.write(b"\0" * (1 << 20))
    bomb.seek(0)
    with pytest.raises(InputError, match="size cap"):
        read_capped(gzip.GzipFile(fileobj=bomb), 1 << 20, "bomb.txt.gz")


def test_human_size() -> None:
    assert human_size(512) == "512 bytes"
    assert human_size(16 * 1024 * 1024) == "16 MiB"


def test_gzip_over_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    # A GzipFile reports the compressed file's descriptor: its size must not cap the read.
    text = ("A long paragraph of news text. " * 2000).encode()
    path = tmp_path / "a.txt.gz"
    with gzip.open(path, "wb") as gz:
        gz.write(text)
    with gzip.open(path, "rb") as gz:
        assert read_capped(gz, 1 << 20, "a.txt.gz") == text  # type: ignore[arg-type]
    with open(path, "rb") as raw, gzip.GzipFile(fileobj=raw) as gz:
        assert read_capped(io.BufferedReader(gz), 1 << 20, "a.txt.gz") == text  # type: ignore[arg-type]


def test_regular_file_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(b"x" * 5000)
    with open(path, "rb") as f:
        assert read_capped(f, 5000, "b.txt") == b"x" * 5000
    with open(path, "rb") as f, pytest.raises(InputError, match="size cap"):
        read_capped(f, 4999, "b.txt")


@pytest.mark.parametrize(("data", "charset"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"plain ASCII text\n", "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("cp1252"), "cp1252"),
    ("Привет, как дела? Всё хорошо, спасибо. Погода сегодня отличная.".encode("cp1251"),
     "cp1251"),
])
def test_the_encoding_used_is_named(data: bytes, charset: str) -> None:
    text, used = decode_charset(data, "f.txt")
    assert used == charset
    assert text == data.decode(charset)


def test_nel_line_ends_of_a_legacy_file_stay_line_ends() -> None:
    # ASCII text whose lines end in byte 0x85 (NEL in ISO-8859-1, "…" in cp1252), with a
    # cp1252 quote: the 0x85 bytes are line ends, the rest is cp1252.
    data = b"First paragraph ends here.\x85\x85It\x92s the second one.\x85"
    text, used = decode_charset(data, "nel.txt")
    assert text == "First paragraph ends here.\x85\x85It’s the second one.\x85"
    assert used == "cp1252"


def test_an_ellipsis_in_cp1252_stays_an_ellipsis() -> None:
    assert decode(b"Wait\x85 what? He said \x93no\x94.\n", "f") == "Wait… what? He said “no”.\n"
    # No other line break, but 0x85 follows no sentence: still an ellipsis.
    assert decode(b"Well\x85 maybe\x85 not", "f") == "Well… maybe… not"


def test_a_corrupt_gzip_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    from corpus_cli.ingest.discover import Input
    from corpus_cli.ingest.readers import read_data, read_input
    from corpus_cli.settings import IngestSettings

    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(b"a story " * 400)[:10] + b"x" * 99)
    for items in (list(read_input(Input(path.name, path), IngestSettings())),
                  list(read_data(path.name, path.read_bytes(), IngestSettings()))):
        assert len(items) == 1
        assert isinstance(items[0], InputError)
        assert items[0].reason.startswith("cannot read: Error -3")
