"""The persisted fingerprint index: postings added later merge into the stored buckets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpus_cli.errors import StoreError
from corpus_cli.index.postings import MAX_SEQ, PostingsIndex, index_key
from corpus_cli.settings import Fingerprinting
from corpus_cli.store import Store

SCHEME = Fingerprinting().key


def fingerprints(values: list[int]) -> np.ndarray:
    # Real fingerprints keep their top two bits clear; the index drops the low 24.
    return index_key(np.array(values, dtype=np.uint64) << np.uint64(24))


def test_postings_added_later_merge_with_stored_ones(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    first = rng.integers(0, 1 << 38, 5000)
    # Half the later fingerprints share a bucket (the 18 bits above the 20 stored) with
    # stored ones, the other half are stored fingerprints themselves.
    later = np.r_[(first[:50] & ~np.int64((1 << 20) - 1)) | rng.integers(0, 1 << 20, 50),
                  first[50:100]]
    with Store(tmp_path / "s.sqlite3") as store:
        index = PostingsIndex(store.db, SCHEME)
        hashes = fingerprints(first.tolist())
        order = np.argsort(hashes)
        with store.write():
            index.insert(hashes[order], np.arange(5000, dtype=np.int64)[order], rebuild=True)
        with store.write():
            index.insert(fingerprints(later.tolist()), np.full(100, 7000, np.int64))
        found = index.query(fingerprints(first.tolist()))
        assert found[7000] == 50  # the stored fingerprints added again
        assert all(found[seq] >= 1 for seq in range(5000))  # nothing stored was lost
        assert index.query(fingerprints(later[:50].tolist()))[7000] == 50


def test_sequence_numbers_beyond_32_bits_are_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store, store.write(), \
            pytest.raises(StoreError, match="more article versions"):
        PostingsIndex(store.db, SCHEME).insert(fingerprints([1]), np.array([MAX_SEQ + 1]))


def test_common_fingerprints_count_for_their_first_holders_or_none(tmp_path: Path) -> None:
    # As in a full pass: held by at most `rare` versions, all count; by more, the first
    # `hubs` only; by more than `max_df`, none.
    held = {1: 3, 2: 10, 3: 60}
    hashes = fingerprints([h for h, n in held.items() for _ in range(n)])
    seqs = np.concatenate([np.arange(n) + 100 * h for h, n in held.items()])
    with Store(tmp_path / "s.sqlite3") as store:
        index = PostingsIndex(store.db, SCHEME)
        with store.write():
            index.insert(hashes, seqs)
        found = index.query(fingerprints([1, 2, 3, 4]), max_df=50, rare=8, hubs=4)
        assert found == {100: 1, 101: 1, 102: 1, 200: 1, 201: 1, 202: 1, 203: 1}
        assert sum(index.query(fingerprints([1, 2, 3])).values()) == 73  # no limits
