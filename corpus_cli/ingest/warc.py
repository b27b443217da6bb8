"""Read the HTML pages archived in a WARC file (.warc or .warc.gz) as articles.

Each successful HTML response becomes one article, read like an HTML file, with the
record's target URI and date as fallbacks for the page's own. Requests, metadata,
redirects, images and other non-HTML records are skipped.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from corpus_cli.errors import InputError
from corpus_cli.ingest.decode import is_gzip, read_capped
from corpus_cli.ingest.html import looks_like_html, read_html
from corpus_cli.models import Document

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_SNIFF_SIZE = 1024
_DRAIN_CHUNK = 1 << 16


class _MalformedError(Exception):
    """The archive cannot be read past this point."""


def looks_like_warc(head: bytes) -> bool:
    """Whether the first bytes are an uncompressed WARC record (gzip is the caller's)."""
    return head.startswith(b"WARC/")


def read_warc(
    stream: BinaryIO, name: str, *, file: str | None, limit: int
) -> Iterator[Document | InputError]:
    """Articles in the HTML response records of a WARC file, in archive order."""
    try:
        head = stream.read(2)
    except OSError as err:
        yield InputError(name, f"cannot read: {err.strerror or err}")
        return
    if not head:
        yield InputError(name, "empty file")
        return
    records = _open(_prepend(head, stream), gzipped=is_gzip(head))
    n = 0  # every record counts, so "file#n" names the same record whatever is skipped
    pages = 0
    while True:
        at = n + 1  # the record being parsed when something fails
        try:
            record = next(records, None)
            if record is None:
                _check_lengths(records, n)
                break
            n = at
            _check_record(record, records, n)
            try:
                payload: bytes | InputError | None = _html_payload(record, limit, f"{name}#{n}")
            except InputError as err:  # this page only: oversized or unreadable
                payload = err
            _drain(record, n)
        except _MalformedError as err:
            yield InputError(name, f"malformed WARC: {err}")
            return
        except Exception as err:  # warcio and gzip fail with all sorts of types
            yield InputError(name, f"malformed WARC: record {at}: {_reason(err)}")
            return
        if payload is None:
            continue
        pages += 1
        if isinstance(payload, InputError):
            yield payload
        else:
            yield _page(record, payload, f"{name}#{n}", file=file, n=n)
    if n == 0:
        yield InputError(name, "malformed WARC: no WARC records found")
    elif pages == 0:
        yield InputError(name, f"no HTML pages in the WARC file ({n} records)")


def _open(fileobj: Any, *, gzipped: bool) -> Any:
    from warcio.archiveiterator import ArchiveIterator

    class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        # warcio writes this warning straight to sys.stderr; err_count still records it.
        INC_RECORD = ""

    if gzipped:
        # warcio's own gunzip ends quietly at a truncated member, so decompress here.
        fileobj = io.BufferedReader(_Gunzip(fileobj))
    return QuietArchiveIterator(fileobj)


def _check_lengths(records: Any, n: int) -> None:
    # warcio reads on after a record whose Content-Length is wrong, parsing its remains
    # as the next record; it only counts the stray bytes in err_count.
    if records.err_count:
        raise _MalformedError(f"record {max(n, 1)}: Content-Length does not match the record")


def _check_record(record: Any, records: Any, n: int) -> None:
    _check_lengths(records, n - 1)
    # A file cut inside a record header, or not a WARC at all (warcio reads any line of
    # five words as an old ARC header), parses as a record without a WARC-Type.
    if record.format != "warc" or not record.rec_headers.get_header("WARC-Type"):
        raise _MalformedError(f"record {n} is not a WARC record")
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        raise _MalformedError(f"record {n} has no valid Content-Length")


def _html_payload(record: Any, limit: int, name: str) -> bytes | None:
    """The record's HTML document, or None when the record is not an HTML page."""
    if record.rec_type == "response":
        if record.http_headers is None:  # dns: and other non-HTTP responses
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):  # redirects and error pages are not articles
            return None
        content_type = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.content_type
    else:
        return None
    media_type = (content_type or "").split(";")[0].strip().lower()
    stream = record.content_stream()
    if media_type in _HTML_TYPES:
        return read_capped(stream, limit, name)
    if media_type:
        return None
    head = stream.read(_SNIFF_SIZE)
    if not looks_like_html(head):
        return None
    return read_capped(_prepend(head, stream), limit, name)


def _drain(record: Any, n: int) -> None:
    """Read the rest of the record and fail if the file ends before it does."""
    raw = record.raw_stream
    while raw.read(_DRAIN_CHUNK):
        pass
    # warcio hands over a short record as if complete; its reader knows what is missing.
    if getattr(raw, "limit", 0) > 0:
        raise _MalformedError(f"record {n} is truncated (file cut short?)")


def _page(
    record: Any, payload: bytes, name: str, *, file: str | None, n: int
) -> Document | InputError:
    headers = record.rec_headers
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
    target = headers.get_header("WARC-Target-URI") or None
    try:
        page = read_html(
            payload,
            name,
            file=file,
            record=n,
            url=target,
            date=headers.get_header("WARC-Date") or None,
            encoding=_charset(content_type or record.content_type),
        )
    except InputError as err:
        return err
    # The record says what was fetched: its URL identifies the article (a page's canonical
    # link may name another page). The date stays the page's publication date when it
    # gives one; the capture date is only the fallback.
    return dataclasses.replace(page, format="warc", url=target or page.url)


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _reason(err: BaseException) -> str:
    message = str(err).strip()
    # ArchiveLoadFailed quotes the offending line, which is binary garbage in a corrupt file.
    message = message.split(", first line")[0].splitlines()[0] if message else ""
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(err, ArchiveLoadFailed):
        return message or "unreadable record"
    detail = f"{type(err).__name__}: {message}" if message else type(err).__name__
    return f"unreadable record ({detail})"


class _Gunzip(io.RawIOBase):
    """Decompressed .warc.gz whose truncation is an error warcio cannot mistake for EOF.

    Python's gzip raises EOFError on a truncated member; warcio catches EOFError as the
    normal end of the records and would drop the rest of the file without a word.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._gzip = gzip.GzipFile(fileobj=stream, mode="rb")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            return self._gzip.readinto(buffer)
        except EOFError as err:
            raise _MalformedError("compressed file is truncated (file cut short?)") from err
        except (OSError, zlib.error) as err:  # BadGzipFile is an OSError
            raise _MalformedError(f"bad gzip data ({err})") from err


def _prepend(head: bytes, stream: Any) -> BinaryIO:
    """A stream that replays ``head`` (bytes already read for sniffing), then ``stream``."""
    return io.BufferedReader(_Prepended(head, stream))


class _Prepended(io.RawIOBase):
    def __init__(self, head: bytes, stream: Any) -> None:
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            data, self._head = self._head[: len(view)], self._head[len(view) :]
        else:
            data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)
