"""Read and segment inputs in worker processes while the main process writes the store.

Parsing is most of an ingest and is independent per input; SQLite writes stay in one
process. Workers are forked (cheap: the modules are already imported) and ignore Ctrl-C,
which the main process handles for the whole job. Results come back in input order, as
plain tuples (store rows for ingest), since pickling dataclasses cost more than the
parsing they saved.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_cli.errors import CorpusError, InputError
from corpus_cli.ingest.discover import Input
from corpus_cli.ingest.readers import read_input
from corpus_cli.models import Article, Paragraph, Span
from corpus_cli.settings import IngestSettings
from corpus_cli.store import ArticleRows, article_rows
from corpus_cli.text.article import build_article

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Below this many inputs, starting workers costs more than it saves.
MIN_INPUTS = 200
CHUNK = 32
PIPE_BYTES = 1 << 20

Packed = tuple[Any, ...]


def worker_count(settings: IngestSettings, inputs: Sequence[Input]) -> int:
    """How many worker processes to use: 0 means parse in this process."""
    if settings.jobs == 1 or len(inputs) < MIN_INPUTS:
        return 0
    import multiprocessing  # here: 10 ms that reading a few files never needs

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


def _parse_one(inp: Input, settings: IngestSettings, root: Path | None,
               as_rows: bool) -> list[Packed | ArticleRows]:
    out: list[Packed | ArticleRows] = []
    for item in read_input(inp, settings):
        if isinstance(item, InputError):
            out.append(pack(item))
        elif as_rows:
            out.append(article_rows(build_article(item, root)))
        else:
            out.append(pack(build_article(item, root)))
    return out


def _worker(conn: Connection, inherited: list[Connection], inputs: Sequence[Input], k: int,
            workers: int, settings: IngestSettings, root: Path | None, as_rows: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process owns Ctrl-C
    # Only the main process may hold the reading ends: a worker holding another's would
    # keep that pipe open after the main process dies, and both would wait forever.
    for other in inherited:
        other.close()
    # Nor may a worker hold our stdout: whoever reads it must see its end when the main
    # process ends. What a worker could print on stderr is a traceback when the main
    # process is gone and its results have nowhere to go: noise, not news.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        for start in range(k * CHUNK, len(inputs), workers * CHUNK):
            chunk = inputs[start : start + CHUNK]
            conn.send([_parse_one(inp, settings, root, as_rows) for inp in chunk])
    except (BrokenPipeError, ConnectionResetError):
        return
    except Exception:  # a bug, not bad input (readers report that): tell the main process
        import traceback

        conn.send(("crash", traceback.format_exc()))


def _in_workers(inputs: Sequence[Input], settings: IngestSettings, root: Path | None,
                workers: int, as_rows: bool) -> Iterator[list[Packed | ArticleRows]]:
    """Per input, in input order, what ``_parse_one`` made of it in some worker.

    Worker ``k`` takes chunks ``k, k + workers, ...`` of the inputs it inherited by fork
    and sends each on its own pipe; reading the pipes in turn restores input order. No
    threads run in this process (multiprocessing.Pool's would contend for the GIL with
    SQLite calls), and a full pipe pauses its worker, which bounds memory.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    pipes: list[Connection] = []
    processes = []
    try:
        for k in range(workers):
            receive, send = context.Pipe(duplex=False)
            _widen(send)
            process = context.Process(
                target=_worker,
                args=(send, [*pipes, receive], inputs, k, workers, settings, root, as_rows),
                daemon=True)
            process.start()
            send.close()
            pipes.append(receive)
            processes.append(process)
        for n in range(-(-len(inputs) // CHUNK)):
            try:
                chunk = pipes[n % workers].recv()
            except EOFError:
                raise CorpusError(
                    "a worker process stopped unexpectedly; rerun with --jobs 1") from None
            if isinstance(chunk, tuple) and chunk[0] == "crash":
                raise RuntimeError(f"a worker process failed:\n{chunk[1]}")
            yield from chunk
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()
        for pipe in pipes:
            pipe.close()


def _widen(pipe: Connection) -> None:
    """Let a worker run ahead by several chunks while the main process commits a batch.

    A chunk is ~100 KB; with Linux's default 64 KiB pipe a worker stalls after one.
    """
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or above /proc/sys/fs/pipe-max-size: the default still works


def parse_in_workers(
    inputs: Sequence[Input], settings: IngestSettings, root: Path | None, workers: int,
) -> Iterator[list[Article | InputError]]:
    """Per input, in input order, the articles and errors it holds."""
    for packed in _in_workers(inputs, settings, root, workers, as_rows=False):
        yield [unpack(p) for p in packed]


def rows_in_workers(
    inputs: Sequence[Input], settings: IngestSettings, root: Path | None, workers: int,
) -> Iterator[list[ArticleRows | InputError]]:
    """Per input, in input order, its articles as store rows, and its errors.

    What ingest needs: the main process writes rows without rebuilding any objects.
    """
    for items in _in_workers(inputs, settings, root, workers, as_rows=True):
        yield [item if isinstance(item, ArticleRows) else InputError(item[1], item[2])
               for item in items]
