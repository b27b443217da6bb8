"""Bytes to text: bounded reads, compressed files, BOMs and legacy encodings, and the
charset of an HTML page (``decode_html``: its bytes, its declaration, an HTTP header)."""

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


# HTML pages (decode_html).
# <meta charset=...>, <meta http-equiv=... content="...; charset=..."> and <?xml encoding=...?>.
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and pages rely on it:
# "iso-8859-1" pages routinely contain cp1252 curly quotes and dashes.
_AS_CP1252 = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"}
# Byte order marks a page may start with: the page is then read as that, not sniffed.
_PAGE_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def decode_html(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """Decode page bytes, and say with which encoding.

    The bytes win over what the page says about them: pages are saved, converted and
    served again with their old declaration, and a page declaring "iso-8859-1" whose
    bytes are UTF-8 came out as mojibake ("cafÃ©"). So a BOM, or bytes that decode as
    UTF-8 (all of them, or all but a few stray bytes of another encoding), are read as
    that; otherwise the charset from outside the page (an HTTP header) or its own
    declaration, when it decodes the bytes; otherwise the guess ``decode`` makes.

    (trafilatura's own decoding ignores <meta charset>: it read cp1252 curly quotes in an
    "iso-8859-1" page as C1 control characters, and short cp1252 text as cp1250.)
    """
    if not data.strip():
        raise InputError(name, "empty file")
    decoded: tuple[str, str] | None = None
    if not (data.startswith(_PAGE_BOMS) or b"\x00" in data[:65536]):
        decoded = _as_utf8(data)
        for label in (encoding, _declared_charset(data)):
            if decoded is not None:
                break
            decoded = _try_decode(data, label)
    if decoded is None:
        try:
            decoded = decode_charset(data, name)
        except InputError as err:
            # Legacy bytes with a few that happen to form UTF-8: a browser shows such a
            # page anyway.
            if "mixes encodings" not in err.reason:
                raise
            decoded = data.decode("cp1252", "replace"), "cp1252"
    text, charset = decoded
    text = text.lstrip("\ufeff")
    # trafilatura rejects input without "html" near the start as not-HTML, which drops
    # fragments such as a JSON record's "<p>...</p><p>...</p>" body.
    if "html" not in text.lstrip()[:50].lower():
        text = f"<html>{text}</html>"
    return text, charset


def _as_utf8(data: bytes) -> tuple[str, str] | None:
    """The page as UTF-8 when its bytes are UTF-8: all of them, or all but a few stray
    bytes (a cp1252 quote pasted into a UTF-8 page), which are read as cp1252."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few strays when valid multi-byte sequences outnumber the bytes that
    # fit none: text in a legacy encoding (cp1252, latin-1) almost never forms a valid
    # UTF-8 sequence ("Ã©" needs a capital letter before a symbol), while each of its
    # non-ASCII letters is a stray.
    valid = len(UTF8_MULTIBYTE.findall(data))
    stray = len(_HIGH_BYTE.findall(UTF8_MULTIBYTE.sub(b"", data)))
    if not valid or valid < stray:
        return None
    return data.decode("utf-8", "corpus-cp1252"), "utf-8"


def _stray_as_cp1252(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bytes(bad).decode("cp1252", "replace"), err.end


codecs.register_error("corpus-cp1252", _stray_as_cp1252)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii").strip().lower()


def _try_decode(data: bytes, label: str | None) -> tuple[str, str] | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        label = "cp1252"
    try:
        return data.decode(label), codec_name(label)
    except (LookupError, UnicodeDecodeError):
        return None
