"""From inputs to articles: read, segment and flag each input, here or in worker processes.

Parsing is most of an ingest and is independent per input, so large jobs are dealt to
the worker pool (``workers.ordered_map``); results come back in input order either way.
They travel as plain tuples (store rows for ingest): pickling dataclasses costs more than
the parsing the workers save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from corpus_cli.errors import InputError, Verdict
from corpus_cli.ingest.discover import Input, discover
from corpus_cli.ingest.readers import read_input
from corpus_cli.models import Article, Document, Paragraph, Span
from corpus_cli.settings import IngestSettings
from corpus_cli.store import ArticleRows, article_rows
from corpus_cli.text.article import build_article
from corpus_cli.workers import ordered_map, pool_size

MIN_INPUTS = 200  # below this many inputs, starting workers costs more than it saves

Progress = Callable[[int], None]  # called with the number of inputs finished so far
Packed = tuple[Any, ...]


def worker_count(settings: IngestSettings, inputs: Sequence[Input]) -> int:
    """How many worker processes to read ``inputs`` with: 1 means this process."""
    if any(inp.path is None for inp in inputs):
        return 1  # stdin belongs to this process
    return pool_size(len(inputs), MIN_INPUTS, settings.jobs)


def read_documents(inputs: Sequence[Input], settings: IngestSettings,
                   progress: Progress | None = None) -> Iterator[Document | InputError]:
    """Documents and errors from ``inputs``, in input order, read in this process."""
    for done, inp in enumerate(inputs, 1):
        yield from read_input(inp, settings)
        if progress is not None:
            progress(done)


def read_articles(inputs: Iterable[Input], settings: IngestSettings, root: Path | None,
                  progress: Progress | None = None) -> Iterator[Article | InputError]:
    """Articles (pattern flags only) and errors from ``inputs``, in input order."""
    inputs = inputs if isinstance(inputs, Sequence) else list(inputs)
    workers = worker_count(settings, inputs)
    if workers < 2:
        for item in read_documents(inputs, settings, progress):
            yield item if isinstance(item, InputError) else built(item, root)
        return
    parse = partial(_parse_one, settings=settings, root=root, as_rows=False)
    for packed in _per_input(ordered_map(parse, inputs, workers), progress):
        yield unpack(packed)


def items_per_input(inputs: Sequence[Input], settings: IngestSettings, root: Path | None,
                    workers: int) -> Iterator[Iterable[Document | ArticleRows | InputError]]:
    """What ingest needs of each input, one iterable per input, in input order: its
    documents read here when ``workers`` < 2, else its articles as store rows read and
    segmented in worker processes (the main process writes rows without rebuilding any
    objects); and its errors. Consume each iterable before taking the next."""
    if workers < 2:
        for inp in inputs:
            yield read_input(inp, settings)
        return
    parse = partial(_parse_one, settings=settings, root=root, as_rows=True)
    for items in ordered_map(parse, inputs, workers, collect_cycles=True):
        yield [item if isinstance(item, ArticleRows) else InputError(item[1], item[2])
               for item in items]


def _per_input(per_input: Iterator[list[Any]], progress: Progress | None) -> Iterator[Any]:
    """The items of each input in turn, reporting progress per input."""
    for done, items in enumerate(per_input, 1):
        yield from items
        if progress is not None:
            progress(done)


def built(doc: Document, root: Path | None) -> Article | InputError:
    """``doc`` segmented and flagged as an article, or the error it met: whatever goes
    wrong with one input's text stays with that input."""
    try:
        return build_article(doc, root)
    except Exception as err:
        return InputError.unexpected(doc.name, err)


def _parse_one(inp: Input, settings: IngestSettings, root: Path | None,
               as_rows: bool) -> list[Packed | ArticleRows]:
    out: list[Packed | ArticleRows] = []
    for item in read_input(inp, settings):
        article = item if isinstance(item, InputError) else built(item, root)
        if isinstance(article, InputError):
            out.append(pack(article))
        elif as_rows:
            out.append(article_rows(article))
        else:
            out.append(pack(article))
    return out


def pack(item: Article | InputError) -> Packed:
    if isinstance(item, InputError):
        return ("error", item.name, item.reason)
    span = item.title_span
    return (
        "article", item.document, item.id, item.location, item.title,
        (span.start, span.end) if span else None, item.source, item.content_hash,
        tuple((p.start, p.end, p.reason, p.hash, p.words) for p in item.paragraphs),
    )


def unpack(packed: Packed) -> Article | InputError:
    if packed[0] == "error":
        return InputError(packed[1], packed[2])
    _kind, doc, article_id, location, title, span, source, content_hash, rows = packed
    text: str = doc.text
    paragraphs = tuple(
        Paragraph(i, start, end, text[start:end], reason is not None, reason, h, words)
        for i, (start, end, reason, h, words) in enumerate(rows)
    )
    return Article(article_id, location, doc, title, Span(*span) if span else None, source,
                   content_hash, paragraphs)


def read_new(paths: Sequence[str], settings: IngestSettings, root: Path | None,
             verdict: Verdict) -> list[Article]:
    """The articles ``paths`` hold, read but not stored (to check them against the store);
    each input that cannot be read goes to ``verdict``, and the others are read."""
    articles = []
    for item in read_articles(discover(paths, settings.globs), settings, root):
        if isinstance(item, InputError):
            verdict.error(item)
        else:
            articles.append(item)
    return articles
