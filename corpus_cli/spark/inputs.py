"""The Spark engine's inputs: what each INPUT argument names, and the articles in it.

The driver only asks the filesystem what an argument is (a file, a folder, a glob, a
Parquet data set) through Hadoop's ``FileSystem``: metadata, never content. Spark lists
the files and reads their bytes on the executors, where ``read_files`` and
``read_parquet_rows`` turn them into articles with the library's own readers and
segmentation (``ingest.readers.read_data``, ``text.article.build_article``).

Names and order, so that ids, paths and groups match the local engine's
(``corpus dedupe --store :memory: INPUT...`` run in the same folder):

- an article's ``path`` is what the local engine calls the file: the argument as
  written for a file, the argument joined with the path below it for a file inside a
  folder or under a glob's fixed prefix (``corpus/`` + ``000_x.txt``);
- its location (hence its id) is its URL when it has one, else its local path relative
  to the current folder (the root of a store in memory), with ``#N`` for the N-th
  record of a multi-article file; a file on another filesystem (``hdfs://``,
  ``s3a://``) is located by its full URI;
- ingest order (which article is ``first`` among undated copies) is the order the
  local engine discovers inputs in: arguments in turn, a folder's files by name before
  its subfolders, records in file order.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from corpus_cli.errors import InputError
from corpus_cli.ingest.formats import is_supported
from corpus_cli.models import Article, Document
from corpus_cli.settings import IngestSettings
from corpus_cli.text.article import build_article

GLOB_CHARS = frozenset("*?[{")
PARQUET = ".parquet"


@dataclass(frozen=True, slots=True)
class Argument:
    """One INPUT argument as the driver resolved it."""

    index: int  # its position among the arguments: the first part of ingest order
    written: str  # as the user wrote it
    kind: str  # file | folder | glob | parquet
    base: str  # qualified URI (scheme and authority) of the file, folder or glob prefix
    prefix: str = ""  # a glob's fixed leading folders, as written
    depth: int = 0  # a glob's components after its prefix


def split_glob(written: str) -> tuple[str, int]:
    """A glob's fixed leading folders as written (``corpus/`` of ``corpus/*.txt``), and
    how many path components follow them."""
    parts = written.split("/")
    fixed = 0
    while fixed < len(parts) - 1 and not GLOB_CHARS & set(parts[fixed]):
        fixed += 1
    prefix = "/".join(parts[:fixed])
    return (prefix + "/" if fixed else ""), len(parts) - fixed


def is_glob(written: str) -> bool:
    return bool(GLOB_CHARS & set(written))


def local_path(uri: str) -> str | None:
    """The local path of a ``file:`` URI, else None."""
    parts = urlsplit(uri)
    if parts.scheme not in ("file", ""):
        return None
    return unquote(parts.path)


def _components(uri: str, base: str) -> list[str]:
    """The path components of ``uri`` below ``base`` (both qualified URIs)."""
    path, top = unquote(urlsplit(uri).path), unquote(urlsplit(base).path)
    rel = posixpath.relpath(path, top) if path != top else ""
    return [] if rel in ("", ".") else rel.split("/")


def walk_key(components: list[str]) -> str:
    """A string that sorts files as ``discover`` walks a folder: a folder's files (by
    name) before its subfolders (by name, depth first)."""
    return "".join(("1" + c + "\x00") for c in components[:-1]) + \
        ("0" + components[-1] if components else "")


def place(uri: str, arg: Argument) -> tuple[str, str]:
    """(the name the local engine gives the file at ``uri`` found under ``arg``, its
    place in ingest order)."""
    rel = _components(uri, arg.base)
    if arg.kind == "file" or (arg.kind == "parquet" and not rel):
        return arg.written, f"{arg.index:06d}"
    if arg.kind == "glob":
        name = arg.prefix + "/".join(rel)
        head, rest = rel[: arg.depth], rel[arg.depth :]
        return name, f"{arg.index:06d}\x01{'/'.join(head)}\x01{walk_key(rest)}"
    return os.path.join(arg.written, *rel), f"{arg.index:06d}\x01{walk_key(rel)}"


def wanted(uri: str, arg: Argument) -> bool:
    """Is this file read? Files named explicitly or matched by a glob always are; inside
    folders, those with a known extension (as ``discover`` does)."""
    if arg.kind != "folder":
        return True
    return is_supported(posixpath.basename(unquote(urlsplit(uri).path)))


# One article as the Spark engine carries it: the columns of the records table.
RECORD_COLUMNS = ("order", "name", "error", "id", "location", "path", "source",
                  "content_hash", "title", "date", "text", "pars")


def article_row(article: Article, order: str) -> dict[str, Any]:
    """An article's row: its paragraphs as (idx, start, end, hash, words, pattern flag)
    int64 rows, packed."""
    import numpy as np

    pars = np.array([(p.index, p.start, p.end, p.hash, p.words, int(p.boilerplate))
                     for p in article.paragraphs], np.int64).reshape(-1, 6)
    return {"order": order, "name": article.document.name, "error": None, "id": article.id,
            "location": article.location, "path": article.document.name,
            "source": article.source, "content_hash": article.content_hash,
            "title": article.title, "date": article.document.date,
            "text": article.document.text, "pars": pars.tobytes()}


def error_row(err: InputError, order: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(RECORD_COLUMNS)
    row.update(order=order, name=err.name, error=err.reason)
    return row


def read_file(uri: str, data: bytes, arg: Argument, root: str,
              settings: IngestSettings) -> Iterator[dict[str, Any]]:
    """The articles (and errors) of one file's bytes, as rows in ingest order."""
    from corpus_cli.ingest.readers import read_data

    name, order = place(uri, arg)
    file = local_path(uri) or uri
    for n, item in enumerate(read_data(name, data, settings, file)):
        at = f"{order}\x02{n:09d}"
        if isinstance(item, InputError):
            yield error_row(item, at)
        else:
            yield article_row(build_article(item, Path(root)), at)


def parquet_row(uri: str, row_index: int, fields: dict[str, Any], arg: Argument,
                root: str) -> dict[str, Any]:
    """One Parquet row (``text``, ``title``, ``url``, ``date``, ``source``) as an article:
    the N-th record of its file, as a JSON Lines record would be."""
    name, order = place(uri, arg)
    record = row_index + 1
    at = f"{order}\x02{record:09d}"
    text = fields.get("text")
    label = f"{name}#{record}"
    if not isinstance(text, str) or not text.strip():
        return error_row(InputError(label, "no text in this row"), at)
    doc = Document(name=label, text=text, format="parquet", file=local_path(uri) or uri,
                   record=record, title=_str(fields.get("title")),
                   date=_str(fields.get("date")), url=_str(fields.get("url")),
                   source=_str(fields.get("source")))
    return article_row(build_article(doc, Path(root)), at)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
