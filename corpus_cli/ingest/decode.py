"""Bytes to text: bounded reads, compressed files, BOMs and legacy encodings."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import stat
import zlib
from typing import BinaryIO

from corpus_cli.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A well-formed multi-byte UTF-8 sequence: its presence beside invalid bytes means the
# file is broken UTF-8, not text in a legacy single-byte encoding.
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    size = float(n)
    for unit in ("KiB", "MiB"):
        size /= 1024
        if size < 1024:
            return f"{size:g} {unit}"
    return f"{size / 1024:g} GiB"


_CHUNK = 1 << 20


def _read_upto(stream: BinaryIO | gzip.GzipFile, n: int) -> bytes:
    # read(n) allocates n bytes before reading: with n the 16 MiB cap, that is a large
    # allocation per small article. A plain file says its size; anything else (gzip,
    # whose fileno() is the compressed file's, pipes, stdin) is read in chunks.
    raw = getattr(stream, "raw", None)
    if isinstance(stream, io.BufferedReader) and isinstance(raw, io.FileIO):
        st = os.fstat(raw.fileno())
        if stat.S_ISREG(st.st_mode):
            return stream.read(min(st.st_size + 1, n))
    chunks = []
    total = 0
    while total < n:
        chunk = stream.read(min(_CHUNK, n - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_capped(stream: BinaryIO | gzip.GzipFile, limit: int, name: str) -> bytes:
    """Read all of ``stream`` unless it holds more than ``limit`` bytes."""
    try:
        data = _read_upto(stream, limit + 1)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise InputError(name, f"cannot read: {_reason(err)}") from err
    if len(data) > limit:
        raise InputError(name, too_large(limit))
    return data


def too_large(limit: int) -> str:
    """The one wording of a refusal for size, whichever reader refuses."""
    return f"larger than the per-article size cap of {human_size(limit)} (see --max-size)"


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err) or type(err).__name__


def is_gzip(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b"


def decode(data: bytes, name: str) -> str:
    """Decode article bytes, or raise ``InputError`` saying why they are not text."""
    return decode_charset(data, name)[0]


def decode_charset(data: bytes, name: str) -> tuple[str, str]:
    """``decode``, and the encoding it read the bytes with (a Python codec name)."""
    if not data:
        raise InputError(name, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name), codec_name(encoding)
            except UnicodeDecodeError as err:
                raise InputError(name, f"invalid {encoding.upper()} at byte {err.start}") from err
    if b"\x00" in data[:65536]:
        raise InputError(name, "binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as err:
        if UTF8_MULTIBYTE.search(data):
            raise InputError(
                name, f"invalid UTF-8 at byte {err.start} (the file mixes encodings)"
            ) from err
    text, encoding = _decode_legacy(data, name)
    return _checked(text, name), encoding


def codec_name(label: str) -> str:
    """The one name of an encoding however it was labelled ("latin-1", "ISO_8859-1", ...);
    a label Python does not know is returned lower-cased."""
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label.strip().lower()


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    # Western news text in cp1252 is mostly ASCII with a few curly quotes, dashes and
    # accents; detectors often pick a look-alike code page for it (cp1257, cp1250), which
    # turns “quotes” into letters. Take cp1252 when it decodes and non-ASCII letters are a
    # small minority; otherwise (Cyrillic, Greek, ...) trust charset-normalizer.
    try:
        western = _cp1252(data)
    except UnicodeDecodeError:
        western = None
    if western is not None:
        letters = [ch for ch in western if ch.isalpha()]
        foreign = sum(1 for ch in letters if not ch.isascii())
        if letters and foreign <= 0.3 * len(letters):
            return western, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(name, "binary file or unknown text encoding")
    return str(best), codec_name(best.encoding)


# Byte 0x85 is "…" in cp1252 and NEL (next line) in ISO-8859-1, the line end of text
# that passed through EBCDIC systems. A file with no other line break whose 0x85 bytes
# follow the end of a sentence (or each other: a blank line) is using them as line ends.
_NEL_LINE_END = re.compile(rb"[.!?:;\"')\]]\x85|\x85\x85|\x85\Z")


def _cp1252(data: bytes) -> str:
    if b"\x85" in data and b"\n" not in data and b"\r" not in data and _NEL_LINE_END.search(
            data):
        return "\x85".join(part.decode("cp1252") for part in data.split(b"\x85"))
    return data.decode("cp1252")


def _checked(text: str, name: str) -> str:
    if not text or text.isspace():  # (strip() would copy a text as large as the cap)
        raise InputError(name, "no text (only whitespace)")
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(name, "binary file (too many control characters)")
    return text
