"""Keeping the store's dedupe index current: rebuilt by a full pass, topped up by a check.

The index (``index.postings``) holds the fingerprints of every version current as of the
snapshot it covers (``PostingsIndex.through``), built with one fingerprint scheme; a check
looks new articles up in it without loading the store.

Other processes ingest, rebuild and top up the index at the same time, so every writer
keeps one invariant: each version current as of ``through`` is indexed. A rebuild writes
the snapshot its corpus was read at (every range of it: ``load.load_store``); a top-up
indexes what was committed after ``through``, and commits only if ``through`` did not
move meanwhile (otherwise it works again from the new state, under the write lock). A
version committed after ``through`` is known to be missing, and the next top-up adds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from corpus_cli.dedupe.corpus import Corpus, Fingerprints, fingerprint, load
from corpus_cli.dedupe.load import boilerplate_hashes, load_store
from corpus_cli.errors import StoreError
from corpus_cli.index.postings import PARTS, PostingsIndex, part_of
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store

if TYPE_CHECKING:
    from numpy.typing import NDArray

ATTEMPTS = 3  # top-ups tried before giving up on an index other processes keep changing


def postings(store: Store, settings: DedupeSettings) -> PostingsIndex:
    return PostingsIndex(store.db, settings.fingerprints.key)


def is_current(store: Store, corpus: Corpus, settings: DedupeSettings) -> bool:
    """Does the index hold what a rebuild from ``corpus`` (a full load) would write?"""
    return postings(store, settings).covers(corpus.through, corpus.flags, len(corpus.bodies))


def rebuild_in(path: Path, corpus: Corpus, prints: Fingerprints,
               settings: DedupeSettings) -> None:
    """``rebuild`` through a connection of this process's own (a worker's)."""
    with Store(path, create=False) as store:
        rebuild(store, corpus, prints, settings)


def update_in(path: Path, settings: DedupeSettings) -> None:
    """``update`` through a connection of this process's own: what a rebuild whose worker
    failed is done again with (it loads the store again)."""
    with Store(path, create=False) as store:
        update(store, settings)


def rebuild(store: Store, corpus: Corpus, prints: Fingerprints,
            settings: DedupeSettings) -> None:
    """Replace the index with the fingerprints of ``corpus``: every version current as of
    its snapshot. An index another process brought further meanwhile is left alone."""
    index = postings(store, settings)
    keys = corpus.bodies.keys()
    parts = part_of(prints.hashes)
    with store.write():
        if is_current(store, corpus, settings):
            return
        store.expect(8 * len(prints.hashes) + 32 * len(corpus.bodies))
        index.clear()
        index.add_bodies(_body_hashes(corpus))
        for part in range(PARTS):
            index.insert(*prints.per_body(keys, part, parts), rebuild=True)
        index.record(corpus.through, corpus.flags)


def update(store: Store, settings: DedupeSettings) -> int:
    """Index the current versions the index lacks (articles ingested since it was built),
    or rebuild it whole if there is none or it was built with another fingerprint scheme.

    Returns the snapshot the index covers now: every version committed before the call is
    indexed, or superseded by a later version that is.
    """
    index = postings(store, settings)
    for _attempt in range(ATTEMPTS):
        start = index.through()
        if start is None or not index.same_scheme():
            corpus, prints = load_store(store, settings)
            rebuild(store, corpus, prints, settings)
            start = index.through()
            if start is None or not index.same_scheme():
                continue  # rebuilt with another scheme again, by another process
        newest = store.newest_seq()
        if newest <= start:
            return start
        todo = _fingerprints(store, settings, index.unindexed(start, newest))
        with store.write():
            if index.through() == start and index.same_scheme():
                _add(store, index, todo, newest)
                return newest
            # Another process rebuilt or topped up the index meanwhile. Under the write
            # lock nothing moves: work from its state now, if it is still this scheme's.
            now = index.through()
            if now is not None and index.same_scheme():
                newest = store.newest_seq()
                if now < newest:
                    _add(store, index, _fingerprints(store, settings,
                                                     index.unindexed(now, newest)), newest)
                return max(now, newest)
    raise StoreError(f"{store.path}: its dedupe index keeps being rebuilt by another process "
                     "with other fingerprint settings; rerun when that process is done")


@contextmanager
def current_index(store: Store, settings: DedupeSettings) -> Iterator[PostingsIndex]:
    """The index, up to date with everything committed before the call, read as one
    snapshot: a rebuild another process commits meanwhile (from an older snapshot of its
    own) cannot take articles out from under the queries made inside."""
    index = postings(store, settings)
    wanted = store.newest_seq()
    for _attempt in range(ATTEMPTS):
        update(store, settings)
        with store.reading():
            covered = index.through()
            if covered is not None and covered >= wanted and index.same_scheme():
                yield index
                return
    raise StoreError(f"{store.path}: its dedupe index keeps being rebuilt from older "
                     "snapshots by other processes; rerun when they are done")


class _Prints(NamedTuple):
    """Fingerprints of some versions, with the version (sequence number) of each, and the
    versions' exact-copy keys."""

    bodies: dict[int, int]  # seq -> body hash
    hashes: NDArray[np.uint64]
    keys: NDArray[np.int64]


def _fingerprints(store: Store, settings: DedupeSettings, seqs: list[int]) -> _Prints:
    corpus = load(store.current_texts(seqs, boilerplate=boilerplate_hashes(
        store, settings.boilerplate)))
    hashes, keys = fingerprint(corpus, settings.fingerprints).per_body(corpus.bodies.keys())
    return _Prints(_body_hashes(corpus), hashes, keys)


def _body_hashes(corpus: Corpus) -> dict[int, int]:
    """Sequence number -> exact-copy key of every body."""
    return dict(zip(corpus.bodies.keys().tolist(), corpus.bodies.body_hashes().tolist(),
                    strict=True))


def _add(store: Store, index: PostingsIndex, prints: _Prints, through: int) -> None:
    """Add ``prints`` to the index, less versions indexed already (a rebuild from a later
    snapshot holds them), and record that it covers ``through``; inside ``write()``."""
    done = index.indexed(sorted(prints.bodies))
    keep = ~np.isin(prints.keys, np.fromiter(done, np.int64, len(done)))
    hashes, keys = prints.hashes[keep], prints.keys[keep]
    store.expect(16 * len(hashes) + 32 * len(prints.bodies))
    index.add_bodies({seq: h for seq, h in prints.bodies.items() if seq not in done})
    index.insert(hashes, keys)
    index.record(through)
