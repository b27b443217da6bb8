"""Read articles from JSON (one object, or an array of objects) and JSON Lines files.

Scrapers and news datasets name their fields differently; each metadata field is taken
from the first of several common names that holds a value. A text field holding HTML is
extracted like an HTML page.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from corpus_cli.errors import InputError
from corpus_cli.ingest.decode import decode_charset, too_large
from corpus_cli.ingest.html import looks_like_html, read_html
from corpus_cli.models import Document

TEXT_FIELDS = ("text", "body", "content", "articleBody", "article", "maintext", "full_text")
TITLE_FIELDS = ("title", "headline", "name")
URL_FIELDS = ("url", "link", "uri", "canonical_url")
DATE_FIELDS = (
    "date",
    "published",
    "published_at",
    "publishedAt",
    "datePublished",
    "pubDate",
    "date_publish",
)
SOURCE_FIELDS = ("source", "outlet", "site", "site_name", "publisher", "source_domain")
BYLINE_FIELDS = ("author", "byline", "authors", "creator")
WRAPPER_FIELDS = ("articles", "items", "data")

_NO_TEXT = "no article text (expected one of the fields text, body, content, articleBody)"
_DISCARD_CHUNK = 1 << 16
# Epoch numbers above this are milliseconds (as JavaScript writes them): in seconds it
# would be the year 5138.
_EPOCH_MS_THRESHOLD = 100_000_000_000


def read_json(
    data: bytes, name: str, *, file: str | None, limit: int
) -> Iterator[Document | InputError]:
    """Articles in a .json file: an object, an array of objects, or a wrapped array."""
    try:
        text, charset = decode_charset(data, name)
        value = json.loads(text)
    except InputError as err:
        yield err
        return
    except json.JSONDecodeError as err:
        yield InputError(name, f"malformed JSON: line {err.lineno} column {err.colno}: {err.msg}")
        return
    except RecursionError:
        yield InputError(name, "malformed JSON: nested too deeply")
        return

    items = _unwrap(value)
    if items is None:
        yield _item(value, name, None, file=file, limit=limit, fmt="json", charset=charset)
        return
    if not items:
        yield InputError(name, "no articles in the JSON array")
        return
    for i, item in enumerate(items, 1):
        yield _item(item, f"{name}#{i}", i, file=file, limit=limit, fmt="json",
                    charset=charset)


def read_jsonl(
    stream: BinaryIO, name: str, *, file: str | None, limit: int
) -> Iterator[Document | InputError]:
    """Articles in a JSON Lines file, one object per line, read one line at a time."""
    lineno = 0
    count = 0
    while True:
        try:
            line = stream.readline(limit + 1)
            lineno += 1
            if not line:
                break
            if len(line) > limit and not line.endswith(b"\n"):
                # Skip the rest of the line without ever holding it whole.
                while (rest := stream.readline(_DISCARD_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                count += 1
                yield InputError(f"{name}:{lineno}", f"line {too_large(limit)}")
                continue
        except (OSError, EOFError, zlib.error) as err:
            yield InputError(name, f"cannot read: {err}")
            return
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        count += 1
        try:
            value = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as err:
            yield InputError(f"{name}:{lineno}", f"invalid UTF-8 at byte {err.start}")
            continue
        except json.JSONDecodeError as err:
            yield InputError(f"{name}:{lineno}", f"malformed JSON: {err.msg} (column {err.colno})")
            continue
        except RecursionError:
            yield InputError(f"{name}:{lineno}", "malformed JSON: nested too deeply")
            continue
        yield _item(value, f"{name}#{count}", count, file=file, limit=limit, fmt="jsonl",
                    charset="utf-8")
    if count == 0:
        yield InputError(name, "no articles in the JSON Lines file")


def _unwrap(value: Any) -> list[Any] | None:
    """The list of records in a parsed file, or None when it is a single record."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and _first_string(value, TEXT_FIELDS) is None:
        for key in WRAPPER_FIELDS:
            if isinstance(value.get(key), list):
                return list(value[key])
    return None


def _item(
    value: Any, name: str, record: int | None, *, file: str | None, limit: int, fmt: str,
    charset: str,
) -> Document | InputError:
    if not isinstance(value, dict):
        return InputError(name, f"expected a JSON object, got {_kind(value)}")
    text = _text(value)
    if text is None:
        present = [key for key in TEXT_FIELDS if key in value]
        if present:
            return InputError(name, f"no article text (the field {present[0]} is empty)")
        return InputError(name, _NO_TEXT)
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        return InputError(name, too_large(limit))
    meta = Document(
        name=name,
        text=text,
        format=fmt,
        file=file,
        record=record,
        title=_first_string(value, TITLE_FIELDS),
        date=_date(value),
        byline=_byline(value),
        url=_first_string(value, URL_FIELDS),
        source=_source(value),
        charset=charset,
    )
    if looks_like_html(text[:1024].encode("utf-8", "surrogatepass")):
        try:
            return _from_html(meta)
        except InputError as err:
            return err
    return meta


def _from_html(meta: Document) -> Document:
    """Extract a record's HTML text, keeping the record's own fields where it has them.

    The record's fields are explicit; what trafilatura finds in a body fragment is a guess
    (the first <h2> as the title, the URL's host name as the site), so it only fills gaps.
    """
    page = read_html(
        meta.text.encode("utf-8", "surrogatepass"),
        meta.name,
        file=meta.file,
        record=meta.record,
        url=meta.url,
        date=meta.date,
    )
    body = page.text[len(page.title) + 2 :] if page.title else page.text
    title = meta.title or page.title
    return dataclasses.replace(
        page,
        # Extracted text starts with its title line, whichever title that is.
        text=f"{title}\n\n{body}" if title else body,
        format=meta.format,
        title=title,
        date=meta.date or page.date,
        byline=meta.byline or page.byline,
        url=meta.url or page.url,
        source=meta.source or page.source,
        charset=meta.charset,  # the file's: the HTML came as text inside it
    )


def _text(obj: dict[str, Any]) -> str | None:
    for key in TEXT_FIELDS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value  # verbatim: the store keeps exactly this
        # Some datasets store the body as a list of paragraphs.
        if isinstance(value, list) and value and all(isinstance(p, str) for p in value):
            joined = "\n\n".join(value)
            if joined.strip():
                return joined
    return None


def _first_string(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _date(obj: dict[str, Any]) -> str | None:
    for key in DATE_FIELDS:
        value = obj.get(key)
        if isinstance(value, dict):  # MongoDB exports: {"$date": ...}
            value = value.get("$date")
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            converted = _from_epoch(value)
            if converted:
                return converted
    return None


def _from_epoch(value: float) -> str | None:
    try:
        # A 400-digit integer overflows the division to a float already (the fuzzer).
        seconds = value / 1000 if abs(value) >= _EPOCH_MS_THRESHOLD else value
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _source(obj: dict[str, Any]) -> str | None:
    for key in SOURCE_FIELDS:
        value = obj.get(key)
        if isinstance(value, dict):
            value = _first_string(value, ("name", "title"))
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _byline(obj: dict[str, Any]) -> str | None:
    for key in BYLINE_FIELDS:
        value = obj.get(key)
        names = [_person(v) for v in value] if isinstance(value, list) else [_person(value)]
        joined = ", ".join(n for n in names if n)
        if joined:
            return joined
    return None


def _person(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__
