"""Read one input (file or stdin) into ``Document`` records, one per article.

Whole-input failures and per-record failures come out as ``InputError`` items in the
same stream, so one bad record never stops the others.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from typing import BinaryIO

from corpus_cli.errors import InputError
from corpus_cli.ingest import formats
from corpus_cli.ingest.decode import decode_charset, is_gzip, read_capped
from corpus_cli.ingest.discover import Input
from corpus_cli.ingest.frontmatter import front_matter
from corpus_cli.models import Document
from corpus_cli.settings import IngestSettings

_SNIFF_BYTES = 4096


def _open(inp: Input, stack: ExitStack) -> BinaryIO:
    if inp.path is None:
        return sys.stdin.buffer
    try:
        return stack.enter_context(open(inp.path, "rb"))
    except FileNotFoundError as err:
        raise InputError(inp.name, "no such file (or a broken symbolic link)") from err
    except PermissionError as err:
        raise InputError(inp.name, "permission denied") from err
    except IsADirectoryError as err:
        raise InputError(inp.name, "is a folder") from err
    except OSError as err:
        raise InputError(inp.name, f"cannot open: {err.strerror or err}") from err


def _peekable(stream: BinaryIO | gzip.GzipFile) -> io.BufferedReader:
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream)  # type: ignore[arg-type]  # any readable binary stream


def _peek(stream: io.BufferedReader, name: str) -> bytes:
    try:
        return stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise InputError(name, f"cannot read: {err}") from err


def read_input(inp: Input, settings: IngestSettings) -> Iterator[Document | InputError]:
    """Documents read from ``inp``; errors as ``InputError`` items, never raised."""
    if inp.error is not None:
        yield InputError(inp.name, inp.error)
        return
    try:
        with ExitStack() as stack:
            yield from _read(inp, settings, stack)
    except InputError as err:
        yield err
    except Exception as err:  # whatever this input made go wrong: it alone is lost
        yield InputError.unexpected(inp.name, err)


def read_data(name: str, data: bytes, settings: IngestSettings,
              file: str | None = None) -> Iterator[Document | InputError]:
    """Documents read from the bytes of a file named ``name`` (whose absolute path is
    ``file``, when it has one), as ``read_input`` reads the file: for an engine that
    fetches inputs itself (the Spark engine reads them on its executors)."""
    try:
        with ExitStack() as stack:
            yield from _read(Input(name, None), settings, stack, (data, file))
    except InputError as err:
        yield err


def _read(
    inp: Input, settings: IngestSettings, stack: ExitStack,
    given: tuple[bytes, str | None] | None = None,
) -> Iterator[Document | InputError]:
    name = inp.name
    if given is not None:  # a named file's bytes, fetched by the caller
        file = given[1]
        fmt = formats.format_of(name)
    else:
        file = os.path.abspath(inp.path) if inp.path is not None else None
        fmt = formats.format_of(name) if inp.path is not None else None

    def opened() -> BinaryIO:
        return io.BytesIO(given[0]) if given is not None else _open(inp, stack)

    if fmt in (formats.TEXT, formats.MARKDOWN) and not name.lower().endswith(".gz"):
        # The common case, kept lean: one read, no sniffing stream.
        data = read_capped(opened(), settings.max_size, name)
        if is_gzip(data):  # compressed without saying so
            data = read_capped(gzip.GzipFile(fileobj=io.BytesIO(data)), settings.max_size, name)
        doc = _text_document(*decode_charset(data, name), name, fmt, file, settings, inp)
        del data  # the bytes are not kept while the text is segmented and stored
        yield doc
        return
    stream = _peekable(opened())
    head = _peek(stream, name)
    if is_gzip(head):
        stream = _peekable(stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb")))
        head = _peek(stream, name)
    if fmt is None:
        fmt = formats.sniff(head)
    if fmt == formats.WARC:
        from corpus_cli.ingest.warc import read_warc

        yield from read_warc(stream, name, file=file, limit=settings.max_size)
    elif fmt == formats.JSONL:
        from corpus_cli.ingest.jsonfmt import read_jsonl

        yield from read_jsonl(stream, name, file=file, limit=settings.max_size)
    elif fmt == formats.JSON:
        from corpus_cli.ingest.jsonfmt import read_json

        data = read_capped(stream, settings.max_json_file, name)
        yield from read_json(data, name, file=file, limit=settings.max_size)
    elif fmt == formats.HTML:
        from corpus_cli.ingest.html import read_html

        yield read_html(read_capped(stream, settings.max_size, name), name, file=file)
    else:
        text, charset = decode_charset(read_capped(stream, settings.max_size, name), name)
        yield _text_document(text, charset, name, fmt, file, settings, inp)


def _text_document(text: str, charset: str, name: str, fmt: str, file: str | None,
                   settings: IngestSettings, inp: Input) -> Document:
    stdin = inp.path is None and name == "-"
    display = settings.stdin_name if stdin and settings.stdin_name else name
    meta, body_start = front_matter(text) if fmt == formats.MARKDOWN else ({}, 0)
    return Document(name=display, text=text, format=fmt, file=file, body_start=body_start,
                    title=meta.get("title"), date=meta.get("date"), url=meta.get("url"),
                    source=meta.get("source"), byline=meta.get("byline"), charset=charset)
