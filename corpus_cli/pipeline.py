"""Ingest end to end: inputs -> documents -> articles -> store, and the dry run.

Results come out in input order, and only once the transaction holding them has
committed, so a printed ``added`` always means the article is durably stored.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from corpus_cli.errors import InputError
from corpus_cli.ingest.discover import Input, discover
from corpus_cli.ingest.readers import read_input
from corpus_cli.models import Article, IngestResult
from corpus_cli.settings import IngestSettings
from corpus_cli.store import FREQUENT_REASON, Store
from corpus_cli.text.article import build_article
from corpus_cli.text.boilerplate import frequent_paragraphs, paragraph_hash

DEFAULT_SETTINGS = IngestSettings()
Progress = Callable[[int], None]  # called with the number of inputs finished so far


def read_articles(
    inputs: Iterable[Input], settings: IngestSettings, root: Path | None,
    progress: Progress | None = None,
) -> Iterator[Article | InputError]:
    """Articles (pattern flags only) and errors from ``inputs``, in input order."""
    for done, inp in enumerate(inputs, 1):
        for item in read_input(inp, settings):
            yield item if isinstance(item, InputError) else build_article(item, root)
        if progress is not None:
            progress(done)


def _error_result(err: InputError) -> IngestResult:
    return IngestResult(name=err.name, status="error", error=err.reason)


def ingest_paths(
    store: Store, paths: Sequence[str], settings: IngestSettings = DEFAULT_SETTINGS,
    progress: Progress | None = None, inputs: Sequence[Input] | None = None,
) -> Iterator[IngestResult]:
    """Store the articles named by ``paths``; one result per article or unreadable input.

    Whole articles are written in ``BEGIN IMMEDIATE`` batches. Frequency boilerplate
    flags are refreshed over the whole store once the inputs are done.
    """
    todo = list(discover(paths, settings.globs)) if inputs is None else inputs
    pending: list[Article | InputError] = []
    started = time.monotonic()

    def flush() -> Iterator[IngestResult]:
        results = []
        with store.write():
            for item in pending:
                if isinstance(item, InputError):
                    results.append(_error_result(item))
                    continue
                status, version = store.put(item)
                results.append(IngestResult(
                    name=item.document.name, status=status, id=item.id, title=item.title,
                    paragraphs=len(item.paragraphs), version=version,
                ))
        pending.clear()
        yield from results

    for item in read_articles(todo, settings, store.root, progress):
        pending.append(item)
        full = len(pending) >= settings.batch_size
        if full or time.monotonic() - started >= settings.batch_seconds:
            yield from flush()
            started = time.monotonic()
    if pending:
        yield from flush()
    with store.write():
        store.refresh_frequency_flags(settings.frequency)


def dry_run(
    paths: Sequence[str], settings: IngestSettings = DEFAULT_SETTINGS, root: Path | None = None,
    progress: Progress | None = None, inputs: Sequence[Input] | None = None,
) -> Iterator[Article | InputError]:
    """What ingest would store, with frequency flags computed among these inputs alone."""
    todo = list(discover(paths, settings.globs)) if inputs is None else inputs
    items = list(read_articles(todo, settings, root or Path.cwd(), progress))
    articles = [(i, a) for i, a in enumerate(items) if isinstance(a, Article)]
    flagged = frequent_paragraphs(
        ((i, a.source, a.content_hash, [paragraph_hash(p.text) for p in a.paragraphs])
         for i, a in articles),
        settings.frequency,
    )
    for i, item in enumerate(items):
        hits = flagged.get(i)
        if hits and isinstance(item, Article):
            paragraphs = tuple(
                dataclasses.replace(p, boilerplate=True, reason=FREQUENT_REASON)
                if p.index in hits and not p.boilerplate else p
                for p in item.paragraphs
            )
            item = dataclasses.replace(item, paragraphs=paragraphs)
        yield item
