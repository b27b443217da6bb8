"""Read and segment inputs in worker processes while the main process writes the store.

Parsing is about two thirds of an ingest and is independent per input; SQLite writes
must stay in one process. Workers are forked (cheap: the modules are already imported)
and ignore Ctrl-C, which the main process handles for the whole job. Results come back
in input order, in a compact form: the article's paragraphs as plain tuples, since
pickling dataclasses cost more than the parsing they saved.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from corpus_cli.errors import InputError
from corpus_cli.ingest.discover import Input
from corpus_cli.ingest.readers import read_input
from corpus_cli.models import Article, Paragraph, Span
from corpus_cli.settings import IngestSettings
from corpus_cli.text.article import build_article

# Below this many inputs, starting workers costs more than it saves.
MIN_INPUTS = 200
CHUNK = 32

Packed = tuple[Any, ...]
_state: dict[str, Any] = {}


def worker_count(settings: IngestSettings, inputs: Sequence[Input]) -> int:
    """How many worker processes to use: 0 means parse in this process."""
    if settings.jobs == 1 or len(inputs) < MIN_INPUTS:
        return 0
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0  # spawned workers would re-import everything: no gain for typical jobs
    if any(inp.path is None for inp in inputs):
        return 0  # stdin belongs to this process
    return settings.jobs or min(os.cpu_count() or 1, 4)


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


def _init_worker(settings: IngestSettings, root: Path | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process owns Ctrl-C
    # Errors in a task travel back to the main process. What a worker could still print
    # is multiprocessing's own traceback when the main process is gone (kill -9, a closed
    # pipe) and its result has nowhere to go: noise on the user's terminal, not news.
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker
    _state["settings"] = settings
    _state["root"] = root


def _parse_one(inp: Input) -> list[Packed]:
    settings: IngestSettings = _state["settings"]
    root: Path | None = _state["root"]
    return [
        pack(item if isinstance(item, InputError) else build_article(item, root))
        for item in read_input(inp, settings)
    ]


def parse_in_workers(
    inputs: Sequence[Input], settings: IngestSettings, root: Path | None, workers: int,
) -> Iterator[list[Article | InputError]]:
    """Per input, in input order, the articles and errors it holds."""
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers, initializer=_init_worker, initargs=(settings, root))
    try:
        for packed in pool.imap(_parse_one, inputs, chunksize=CHUNK):
            yield [unpack(p) for p in packed]
        pool.close()
    finally:
        pool.terminate()
        pool.join()



