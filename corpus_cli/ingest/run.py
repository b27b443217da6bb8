"""``corpus ingest``: inputs -> documents -> articles -> store, and the dry run.

Results come out in input order, and only once the transaction holding them has
committed, so a printed ``added`` always means the article is durably stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import NamedTuple

from corpus_cli.errors import InputError, Verdict
from corpus_cli.ingest.discover import Input, find_inputs
from corpus_cli.ingest.known import Lookup, Stamp, code_prefix, look_up
from corpus_cli.ingest.parse import Progress, items_per_input, read_articles, worker_count
from corpus_cli.models import Article, Document, IngestResult
from corpus_cli.settings import IngestSettings
from corpus_cli.store import ArticleRows, FileEntry, Latest, Store, article_rows
from corpus_cli.text.article import build_article, identify
from corpus_cli.text.frequency import FREQUENT_REASON, frequent_paragraphs
from corpus_cli.workers import no_cycle_collection

DEFAULT_SETTINGS = IngestSettings()
OnCommit = Callable[[list[IngestResult]], None]  # a batch has just been committed
Read = Document | Article | ArticleRows | InputError  # what reading gives


class Stamped(NamedTuple):
    """What a file recognisable by its stat gave, with the stat taken before reading it:
    stored, it leaves an entry (``ingest.known``) in the same transaction."""

    item: Document | ArticleRows | InputError
    stamp: Stamp


# What can be committed: what was read, or the result of a file recognised unread.
Item = Read | Stamped | IngestResult


class IngestRun:
    """An ingest under way: iterate it for one result per article or unreadable input, as
    each batch commits.

    ``counts`` (by status) and ``verdict`` cover everything committed so far, so an
    interrupted run can still say what it stored.
    """

    def __init__(self, store: Store, inputs: Sequence[Input], settings: IngestSettings,
                 progress: Progress | None, verdict: Verdict) -> None:
        self.counts: Counter[str] = Counter()
        self.verdict = verdict
        self._results = ingest_paths(store, (), settings, progress, inputs, self._committed)

    def _committed(self, results: list[IngestResult]) -> None:
        for result in results:
            self.counts[result.status] += 1
            if result.status == "error":
                self.verdict.error(InputError(result.name, result.error or ""))

    def __iter__(self) -> Iterator[IngestResult]:
        return self._results

    def ids(self) -> list[str]:
        """Run to the end; the ids of the articles read (stored, or stored already)."""
        return [r.id for r in self if r.id is not None]

    def summary(self) -> str:
        return ", ".join(f"{self.counts[key]} {label}" for key, label in (
            ("added", "added"), ("new_version", "new versions"), ("unchanged", "unchanged"),
            ("error", "errors")))


def ingest_articles(store: Store, paths: Sequence[str],
                    settings: IngestSettings = DEFAULT_SETTINGS,
                    progress: Progress | None = None, inputs: Sequence[Input] | None = None,
                    verdict: Verdict | None = None) -> IngestRun:
    """``corpus ingest``: store the articles named by ``paths`` (or the ``inputs`` found
    already), as ``ingest_paths`` does."""
    todo = find_inputs(paths, settings.globs) if inputs is None else inputs
    return IngestRun(store, todo, settings, progress, verdict or Verdict())


def ingest_paths(
    store: Store, paths: Sequence[str], settings: IngestSettings = DEFAULT_SETTINGS,
    progress: Progress | None = None, inputs: Sequence[Input] | None = None,
    on_commit: OnCommit | None = None,
) -> Iterator[IngestResult]:
    """Store the articles named by ``paths``; one result per article or unreadable input.

    Whole articles are written in ``BEGIN IMMEDIATE`` batches; ``on_commit`` hears of
    each batch as soon as it is durable, before its results are yielded. A file whose stat
    shows it unchanged since ingest read it into the store's latest version of its article
    is ``unchanged`` without being read (``ingest.known``; the entries that tell are
    written with the articles). Read in this process, an input whose content the store
    already holds at its location is ``unchanged`` without being segmented again; large
    jobs are read and segmented in worker processes instead. Frequency boilerplate flags
    are refreshed once the inputs are done, if anything was written.
    """
    todo = find_inputs(paths, settings.globs) if inputs is None else inputs
    lookup = look_up(store, todo, settings)
    unread = [inp for i, inp in enumerate(todo) if i not in lookup.known]
    workers = worker_count(settings, unread)
    read = items_per_input(unread, settings, store.root, workers)
    items = _in_input_order(todo, lookup, read, progress)
    # Read by workers, this process only unpickles rows and writes them: no reference
    # cycles, and the cycle collector's passes over every row of a batch, again and
    # again, would cost a large first ingest several seconds (bench/README.md). Read
    # here, it keeps running: HTML parsing leaves cycles behind.
    with no_cycle_collection() if workers > 1 else contextlib.nullcontext():
        yield from _commit_in_batches(store, items, settings, on_commit, lookup.key,
                                      overlap=workers > 1)


def _in_input_order(inputs: Sequence[Input], lookup: Lookup, read: Iterator[Iterable[Read]],
                    progress: Progress | None) -> Iterator[Item]:
    """Each input's items in turn: the result of one recognised unread, or what reading
    it gave (stamped when it can be recognised next time)."""
    for done, _inp in enumerate(inputs, 1):
        known = lookup.known.get(done - 1)
        if known is not None:
            yield known
        else:
            stamp = lookup.stamps[done - 1]
            for item in next(read):
                if stamp is not None and not isinstance(item, Article):
                    yield Stamped(item, stamp)
                else:
                    yield item
        if progress is not None:
            progress(done)


def store_articles(store: Store, articles: Iterable[Article],
                   settings: IngestSettings = DEFAULT_SETTINGS) -> list[IngestResult]:
    """Store articles read already (checked before they are stored: each input is
    parsed once), as ``ingest_paths`` stores what it reads."""
    return list(_commit_in_batches(store, articles, settings, None))


def _commit_in_batches(store: Store, items: Iterable[Item], settings: IngestSettings,
                       on_commit: OnCommit | None, reading: str = "", overlap: bool = False,
                       ) -> Iterator[IngestResult]:
    wrote = False
    for results in _batches(store, iter(items), settings, reading, overlap):
        wrote = wrote or any(r.status in ("added", "new_version") for r in results)
        if on_commit is not None:
            on_commit(results)
        yield from results
    # Also when nothing was written: an earlier ingest may have been stopped before its
    # refresh, and left the flags marked stale (rerunning it must finish its job).
    if wrote or store.flags_stale():
        with store.write():
            store.refresh_frequency_flags(settings.boilerplate)


def _batches(store: Store, items: Iterator[Item], settings: IngestSettings,
             reading: str, overlap: bool) -> Iterator[list[IngestResult]]:
    """The results of ``items``, a committed batch at a time.

    With ``overlap`` (items read by worker processes), each batch is written as its items
    come, inside one transaction, so that writing the store overlaps reading in the
    workers instead of stopping them while a whole batch is written. Read here (stdin
    among them, which may wait for its next line indefinitely), a batch is gathered
    first: the write lock is never held while waiting for input. Files recognised unread
    need no transaction: a batch of nothing else (a re-ingest of an unchanged folder)
    never takes the write lock.
    """
    run_started = time.monotonic()
    dead_entries = True  # entries of an older reading code, dropped with the first new
    item = next(items, None)
    while item is not None:
        started = time.monotonic()
        window = batch_window(settings, started - run_started)
        results: list[IngestResult] = []
        gathered: list[Item] = []
        due = partial(_due, results, gathered, settings.batch_size, started + window)
        while isinstance(item, IngestResult) and not due():
            results.append(item)
            item = next(items, None)
        if not overlap:
            while item is not None and not due():
                gathered.append(item)
                item = next(items, None)
        if gathered or (item is not None and not due()):
            with store.write():
                entries: list[FileEntry] = []
                results += [_store_one(store, one, entries) for one in gathered]
                while overlap and item is not None and not due():
                    results.append(_store_one(store, item, entries))
                    item = next(items, None)
                if entries:
                    if dead_entries:
                        store.forget_other_readings(code_prefix(reading))
                        dead_entries = False
                    store.record_files(reading, entries)
        yield results


def _due(results: list[IngestResult], gathered: list[Item], size: int,
         deadline: float) -> bool:
    """Is a batch holding ``results`` and ``gathered`` to be committed now?"""
    count = len(results) + len(gathered)
    return count > 0 and (count >= size or time.monotonic() >= deadline)


def batch_window(settings: IngestSettings, elapsed: float) -> float:
    """Seconds of reading to commit together, ``elapsed`` seconds into a run:
    ``settings.batch_seconds``, growing with the run to a tenth of its time so far, up to
    ``MAX_BATCH_SECONDS``.

    A commit costs about the index pages the batch touched, and hashes land all over the
    paragraph index: as the store grows, each batch touches more of it, and a commit
    every second cost a large first ingest a fifth of its time (bench/README.md). A long
    run reports in steps of a few seconds; a short one still every second.
    """
    return max(settings.batch_seconds, min(MAX_BATCH_SECONDS, elapsed / 10))


MAX_BATCH_SECONDS = 10.0


def _store_one(store: Store, item: Item, entries: list[FileEntry]) -> IngestResult:
    """Write one article inside the open transaction (or report why it could not be); a
    stamped file's entry goes to ``entries``, to be written in the same transaction."""
    if isinstance(item, IngestResult):
        return item  # recognised unread: nothing to write
    if isinstance(item, Stamped):
        result, content_hash = _stored(store, item.item)
        if content_hash is not None:
            entries.append(item.stamp.entry(result, content_hash))
        return result
    return _stored(store, item)[0]


def _stored(store: Store, item: Read) -> tuple[IngestResult, str | None]:
    """``_store_one`` of what was read, with the content hash of the article's version."""
    if isinstance(item, InputError):
        return IngestResult(name=item.name, status="error", error=item.reason), None
    if isinstance(item, Article):
        item = article_rows(item)
    elif isinstance(item, Document):
        doc = item
        try:
            identity = identify(doc, store.root)
            latest = store.latest(identity.id)
            if latest is not None and latest.content_hash == identity.content_hash:
                return (_unchanged(store, doc.name, identity.id, latest),
                        identity.content_hash)
            item = article_rows(build_article(doc, store.root, identity))
        except sqlite3.Error:
            raise  # the store's trouble, not this input's
        except Exception as err:  # whatever this input's text made go wrong: it alone
            return IngestResult(name=doc.name, status="error",
                                error=InputError.unexpected(doc.name, err).reason), None
    status, version = store.put_rows(item)
    if status == "unchanged":
        return _unchanged(store, item.path, item.id, store.latest(item.id)), item.content_hash
    return IngestResult(name=item.path, status=status, id=item.id, title=item.title,
                        paragraphs=len(item.paragraphs), version=version), item.content_hash


def _unchanged(store: Store, name: str, article_id: str, latest: Latest | None) -> IngestResult:
    assert latest is not None  # the caller just found it
    latest = store.describe(article_id, latest)
    return IngestResult(name=name, status="unchanged", id=article_id, title=latest.title,
                        paragraphs=latest.paragraphs, version=latest.version)


class DryRun:
    """``corpus ingest --dry-run``: iterate it for each article as ingest would store it;
    ``articles`` and ``verdict`` cover what has been yielded."""

    def __init__(self, items: Iterator[Article | InputError], verdict: Verdict) -> None:
        self._items = items
        self.articles = 0
        self.verdict = verdict

    def __iter__(self) -> Iterator[Article]:
        for item in self._items:
            if isinstance(item, InputError):
                self.verdict.error(item)
            else:
                self.articles += 1
                yield item


def preview_articles(paths: Sequence[str], settings: IngestSettings = DEFAULT_SETTINGS,
                     root: Path | None = None, progress: Progress | None = None,
                     inputs: Sequence[Input] | None = None, verdict: Verdict | None = None,
                     ) -> DryRun:
    """The dry run as a workflow: ``dry_run`` with its verdict."""
    return DryRun(dry_run(paths, settings, root, progress, inputs), verdict or Verdict())


def dry_run(
    paths: Sequence[str], settings: IngestSettings = DEFAULT_SETTINGS, root: Path | None = None,
    progress: Progress | None = None, inputs: Sequence[Input] | None = None,
) -> Iterator[Article | InputError]:
    """What ingest would store, with frequency flags computed among these inputs alone."""
    todo = find_inputs(paths, settings.globs) if inputs is None else inputs
    items = list(read_articles(todo, settings, root or Path.cwd(), progress))
    articles = [(i, a) for i, a in enumerate(items) if isinstance(a, Article)]
    flagged = frequent_paragraphs(
        ((i, a.source, a.content_hash,
          [p.hash if p.words <= settings.boilerplate.max_words else None for p in a.paragraphs])
         for i, a in articles),
        settings.boilerplate,
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
