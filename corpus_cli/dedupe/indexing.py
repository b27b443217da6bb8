"""Keeping the store's dedupe index current: rebuilt by a full pass, topped up by a check.

The index (``index.postings``) holds every current version's fingerprints, built with one
fingerprint scheme; a check looks new articles up in it without loading the store.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from corpus_cli.dedupe.corpus import Corpus, Fingerprints, fingerprint, load
from corpus_cli.dedupe.load import boilerplate_hashes, load_store
from corpus_cli.index.postings import PARTS, PostingsIndex, part_of
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store


def postings(store: Store, settings: DedupeSettings) -> PostingsIndex:
    return PostingsIndex(store.db, settings.fingerprints.key)


def rebuild_in(path: Path, corpus: Corpus, prints: Fingerprints,
               settings: DedupeSettings) -> None:
    """``rebuild`` through a connection of this process's own (a worker's)."""
    with Store(path, create=False) as store:
        rebuild(store, corpus, prints, settings)


def rebuild(store: Store, corpus: Corpus, prints: Fingerprints,
            settings: DedupeSettings) -> None:
    """Replace the index with the fingerprints of ``corpus``: every current version."""
    index = postings(store, settings)
    keys = np.array([b.key for b in corpus.bodies], dtype=np.int64)
    parts = part_of(prints.hashes)
    with store.write():
        index.clear()
        index.add_bodies({b.key: b.body_hash for b in corpus.bodies})
        for part in range(PARTS):
            index.insert(*prints.per_body(keys, part, parts), rebuild=True)


def update(store: Store, settings: DedupeSettings) -> None:
    """Index the current versions the index lacks (articles ingested since it was built);
    rebuild it whole if it was built with another fingerprint scheme."""
    index = postings(store, settings)
    if not index.same_scheme():
        corpus, prints = load_store(store, settings)
        rebuild(store, corpus, prints, settings)
        return
    todo = index.unindexed()
    if not todo:
        return
    corpus = load(store.current_texts(todo, boilerplate=boilerplate_hashes(
        store, settings.boilerplate)))
    hashes, keys = fingerprint(corpus, settings.fingerprints).per_body(
        [b.key for b in corpus.bodies])
    with store.write():
        index.add_bodies({b.key: b.body_hash for b in corpus.bodies})
        index.insert(hashes, keys)
