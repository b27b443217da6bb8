"""Bad inputs through the real ``corpus`` process.

Each bad input gets exactly one ``error:`` line on stderr naming it and the reason, an
``error`` record on stdout, and exit code 3, while the good article beside it is added
and what the store held before is left exactly as it was.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_cli.store import Store
from tests.cli.helpers import article_text, dry_run_articles, run_corpus

STORE = "store.sqlite3"
MIB = 1024 * 1024
RSS_LIMIT_MIB = 200


@dataclass(frozen=True)
class Stored:
    """A store holding one article, and what the CLI shows of it."""

    folder: Path
    listing: list[dict[str, object]]  # corpus articles --format json
    text: str  # corpus show ID --text
    article_id: str


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    folder = tmp_path_factory.mktemp("stored")
    old = folder / "old" / "old.txt"
    old.parent.mkdir()
    old.write_text(article_text(1, "old")[0], encoding="utf-8")
    run = run_corpus("ingest", "old/old.txt", "--store", STORE, "--format", "jsonl",
                     cwd=folder)
    assert run.returncode == 0, run.explain()
    article_id = run.records()[0]["id"]
    return Stored(folder, *snapshot(folder, article_id), article_id)


def snapshot(cwd: Path, article_id: str) -> tuple[list[dict[str, object]], str]:
    listing = run_corpus("articles", "--store", STORE, "--format", "json", cwd=cwd)
    assert listing.returncode == 0, listing.explain()
    shown = run_corpus("show", article_id, "--text", "--store", STORE, cwd=cwd)
    assert shown.returncode == 0, shown.explain()
    return json.loads(listing.stdout), shown.stdout


@pytest.fixture
def workdir(tmp_path: Path, stored: Stored) -> Path:
    """A folder with a copy of the one-article store and a good new article in ``in/``."""
    shutil.copyfile(stored.folder / STORE, tmp_path / STORE)
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(article_text(2, "good")[0], encoding="utf-8")
    return tmp_path


# -- the cases ---------------------------------------------------------------------------

Setup = Callable[[Path], tuple[list[str], str]]  # workdir -> (arguments, bad input's name)


def _file(name: str, data: bytes) -> Setup:
    def setup(workdir: Path) -> tuple[list[str], str]:
        (workdir / "in" / name).write_bytes(data)
        return [f"in/{name}", "in/good.txt"], f"in/{name}"
    return setup


def _png() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    pixels = zlib.compress(bytes(range(256)) * 64)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + struct.pack(">I", len(pixels))
            + b"IDAT" + pixels + b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _unreadable(workdir: Path) -> tuple[list[str], str]:
    path = workdir / "in" / "locked.txt"
    path.write_text("Locked away\n\nA paragraph nobody may read.\n", encoding="utf-8")
    path.chmod(0)
    return ["in/locked.txt", "in/good.txt"], "in/locked.txt"


def _broken_link_explicit(workdir: Path) -> tuple[list[str], str]:
    (workdir / "in" / "gone.txt").symlink_to(workdir / "in" / "deleted.txt")
    return ["in/gone.txt", "in/good.txt"], "in/gone.txt"


def _broken_link_in_folder(workdir: Path) -> tuple[list[str], str]:
    (workdir / "in" / "gone.txt").symlink_to(workdir / "in" / "deleted.txt")
    return ["in"], "in/gone.txt"


def _nonexistent(workdir: Path) -> tuple[list[str], str]:
    return ["in/missing.txt", "in/good.txt"], "in/missing.txt"


def _huge_line(workdir: Path) -> tuple[list[str], str]:
    chunk = (b"word " * (MIB // 5 + 1))[:MIB]  # one line, no newline anywhere
    with (workdir / "in" / "huge.txt").open("wb") as f:
        for _ in range(200):
            f.write(chunk)
    return ["in/huge.txt", "in/good.txt"], "in/huge.txt"


def _gzip_bomb(workdir: Path) -> tuple[list[str], str]:
    zeros = bytes(MIB)
    with gzip.GzipFile(workdir / "in" / "bomb.txt.gz", "wb", compresslevel=6) as f:
        for _ in range(200):
            f.write(zeros)
    return ["in/bomb.txt.gz", "in/good.txt"], "in/bomb.txt.gz"


_MIXED_UTF8 = ("Café society “returns”\n\nThe naïve reporter wrote \u2014 at length.\n\n"
               "A second paragraph, in UTF-8 too.\n").encode()

CASES: dict[str, tuple[Setup, str]] = {
    # id: (setup, what the error line must say, as a regular expression)
    "nul-bytes": (_file("nul.txt", b"Headline\n\nText with\x00\x00 NUL bytes in it.\n"),
                  r"binary"),
    "png-named-txt": (_file("picture.txt", _png()), r"binary"),
    "empty": (_file("empty.txt", b""), r"empty"),
    "whitespace-only": (_file("blank.txt", b" \n\n\t  \r\n \n"), r"whitespace|no text"),
    "unreadable": (_unreadable, r"permission denied"),
    "broken-symlink-explicit": (_broken_link_explicit, r"broken symbolic link"),
    "broken-symlink-in-folder": (_broken_link_in_folder, r"broken symbolic link"),
    "invalid-utf8": (_file("mixed.txt", _MIXED_UTF8.replace(b"second", b"sec\xffond")),
                     r"invalid UTF-8"),
    "html-truncated": (_file("cut.html", b"<html><body><div>"),
                       r"no article text|malformed HTML|empty"),
    "html-garbage": (_file("noise.html", bytes(range(256)) * 16), r"binary|HTML"),
    "json-syntax-error": (_file("bad.json", b'{"title": "T", "text": "Body text.",}\n'),
                          r"malformed JSON.*line 1"),
    "nonexistent": (_nonexistent, r"no such file"),
    "huge-single-line": (_huge_line, r"size cap"),
    "gzip-bomb": (_gzip_bomb, r"size cap"),
}
SLOW = {"huge-single-line", "gzip-bomb"}


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=[pytest.mark.slow] if c in SLOW else [], id=c) for c in CASES],
)
def test_bad_input_is_reported_and_the_rest_ingested(workdir: Path, stored: Stored,
                                                     case: str) -> None:
    setup, reason = CASES[case]
    if case == "unreadable" and os.geteuid() == 0:
        pytest.skip("root can read a chmod 000 file")
    args, bad = setup(workdir)
    run = run_corpus("ingest", *args, "--store", STORE, "--format", "jsonl", cwd=workdir)

    assert run.returncode == 3, run.explain()
    assert "Traceback" not in run.stderr
    errors = run.error_lines()
    assert len(errors) == 1, run.stderr
    assert errors[0].startswith(f"error: {bad}: "), errors[0]
    assert re.search(reason, errors[0], re.IGNORECASE), errors[0]
    records = run.records()
    assert [r["status"] for r in records if r["path"] == bad] == ["error"], records
    assert [r["status"] for r in records if r["path"] == "in/good.txt"] == ["added"], records
    assert next(r for r in records if r["status"] == "error")["error"]
    if case in SLOW:
        assert run.max_rss_mib < RSS_LIMIT_MIB, f"peak RSS {run.max_rss_mib:.0f} MiB"
    assert_store_untouched(workdir, stored)


def test_jsonl_bad_line_is_named_and_the_good_lines_ingested(workdir: Path,
                                                            stored: Stored) -> None:
    lines: list[dict[str, str] | str] = [
        {"title": "First record", "text": "One paragraph.\n\nAnother paragraph."},
        '{"title": "Broken record", "text": "missing the closing brace"',
        {"title": "Third record", "text": "Third body.\n\nStill the third."},
    ]
    feed = workdir / "in" / "feed.jsonl"
    feed.write_text("".join((json.dumps(x) if isinstance(x, dict) else x) + "\n"
                            for x in lines), encoding="utf-8")
    run = run_corpus("ingest", "in/feed.jsonl", "in/good.txt", "--store", STORE,
                     "--format", "jsonl", cwd=workdir)

    assert run.returncode == 3, run.explain()
    assert "Traceback" not in run.stderr
    errors = run.error_lines()
    assert len(errors) == 1, run.stderr
    assert "in/feed.jsonl" in errors[0]
    assert re.search(r"line 2\b|jsonl:2\b", errors[0]), errors[0]
    assert "malformed JSON" in errors[0]
    records = run.records()
    assert [r["status"] for r in records] == ["added", "error", "added", "added"], records
    assert [r["title"] for r in records if r["status"] == "added"] == [
        "First record", "Third record", records[-1]["title"]]
    assert records[-1]["path"] == "in/good.txt"
    assert "feed.jsonl" in records[1]["path"]
    assert_store_untouched(workdir, stored)


@pytest.mark.slow  # 6 s when it hangs
def test_named_pipe_inside_a_folder_does_not_hang_the_ingest(workdir: Path,
                                                             stored: Stored) -> None:
    """A FIFO that happens to be named like an article, in a folder being walked.

    Nothing will ever write to it; opening it for reading blocks until something does.
    Skipping it or reporting it are both fine; waiting forever is not.
    """
    os.mkfifo(workdir / "in" / "pipe.txt")
    run = run_corpus("ingest", "in", "--store", STORE, "--format", "jsonl", cwd=workdir,
                     timeout=6)
    assert run.returncode in (0, 3), run.explain()
    assert "Traceback" not in run.stderr
    records = run.records()
    assert [r["status"] for r in records if r["path"] == "in/good.txt"] == ["added"]
    errors = run.error_lines()
    assert errors == [] or (len(errors) == 1 and "in/pipe.txt" in errors[0]), run.stderr
    assert_store_untouched(workdir, stored)


def assert_store_untouched(workdir: Path, stored: Stored) -> None:
    listing, text = snapshot(workdir, stored.article_id)
    assert listing[: len(stored.listing)] == stored.listing
    assert text == stored.text
    with Store(workdir / STORE) as db:
        assert db.integrity_problems() == []


# -- inputs that look odd but are fine ---------------------------------------------------


def test_symlink_loop_ends_and_reads_each_file_once(tmp_path: Path) -> None:
    a = tmp_path / "tree" / "a"
    a.mkdir(parents=True)
    (a / "one.txt").write_text(article_text(1, "loop")[0], encoding="utf-8")
    (a / "sub").mkdir()
    (a / "sub" / "two.txt").write_text(article_text(2, "loop")[0], encoding="utf-8")
    (a / "b").symlink_to(a, target_is_directory=True)  # a/b -> a
    (a / "sub" / "up").symlink_to("../..", target_is_directory=True)  # back to tree/
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "three.txt").write_text(article_text(3, "loop")[0], encoding="utf-8")
    (a / "linked").symlink_to(elsewhere, target_is_directory=True)  # followed once

    run = run_corpus("ingest", "tree", "--store", STORE, "--format", "jsonl", cwd=tmp_path,
                     timeout=60)
    assert run.returncode == 0, run.explain()
    assert run.error_lines() == []
    records = run.records()
    assert [r["status"] for r in records] == ["added"] * 3, records
    titles = sorted(r["title"] for r in records)
    assert titles == sorted(article_text(i, "loop")[0].split("\n", 1)[0] for i in (1, 2, 3))


PARAGRAPHS = [
    "Officials said on Tuesday that the convoy had crossed the border.",
    "Witnesses described “long lines” of trucks \u2014 and a café closed early.",
    "The ministry declined to comment.",
]
ENCODED: dict[str, tuple[str, Callable[[str], bytes]]] = {
    # id: (file name, how the text is turned into the file's bytes)
    "crlf": ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    "cr": ("cr.txt", lambda t: t.replace("\n", "\r").encode("utf-8")),
    "utf16-bom": ("utf16.txt", lambda t: t.encode("utf-16")),
    "utf16-be-bom-crlf": ("utf16be.txt",
                          lambda t: b"\xfe\xff" + t.replace("\n", "\r\n").encode("utf-16-be")),
    "utf8-bom": ("bom.txt", lambda t: t.encode("utf-8-sig")),
    "cp1252": ("legacy.txt", lambda t: t.encode("cp1252")),
}
DECODERS = {"utf16-bom": "utf-16", "utf16-be-bom-crlf": "utf-16", "utf8-bom": "utf-8-sig",
            "cp1252": "cp1252"}


def _encoded_article(workdir: Path, case: str) -> tuple[str, str]:
    name, encode = ENCODED[case]
    text = "Convoy crosses the border\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    data = encode(text)
    (workdir / name).write_bytes(data)
    return name, data.decode(DECODERS.get(case, "utf-8"))


@pytest.mark.parametrize("case", list(ENCODED))
def test_line_endings_and_encodings_read_with_exact_spans(tmp_path: Path, case: str) -> None:
    name, decoded = _encoded_article(tmp_path, case)
    run = run_corpus("ingest", name, "--dry-run", "--format", "jsonl", cwd=tmp_path)
    assert run.returncode == 0, run.explain()
    assert run.error_lines() == []
    [(record, paragraphs)] = dry_run_articles(run.records())
    assert record["title"] == "Convoy crosses the border"
    assert [p["text"] for p in paragraphs] == PARAGRAPHS
    for p in paragraphs:
        assert decoded[p["start"] : p["end"]] == p["text"]
    assert not (tmp_path / ".corpus").exists()


def test_encoded_articles_are_stored_exactly(tmp_path: Path) -> None:
    names = {case: _encoded_article(tmp_path, case) for case in ENCODED}
    run = run_corpus("ingest", *(n for n, _ in names.values()), "--store", STORE,
                     "--format", "jsonl", cwd=tmp_path)
    assert run.returncode == 0, run.explain()
    records = {r["path"]: r for r in run.records()}
    with Store(tmp_path / STORE) as db:
        for name, decoded in names.values():
            assert records[name]["status"] == "added"
            assert records[name]["paragraphs"] == len(PARAGRAPHS)
            version = db.version(records[name]["id"])
            assert version.text == decoded
            assert [p.text for p in version.paragraphs] == PARAGRAPHS
