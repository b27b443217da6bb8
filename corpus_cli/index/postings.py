"""The persisted fingerprint index: which stored articles share fingerprints with a text.

Shaped like datasketch's LSH: ``insert`` a batch of (fingerprint, key) pairs, ``query``
with fingerprints for the keys sharing them. Keys are version sequence numbers. Each
bucket row holds the sorted pairs whose fingerprint starts with the bucket's 16 bits;
a query reads one row per distinct bucket, so checking one article against 200,000
costs a few hundred primary-key reads.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

BUCKET_SHIFT = np.uint64(48)
_PAIR = np.dtype([("fp", "<u8"), ("seq", "<i8")])


class PostingsIndex:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def unindexed(self) -> list[int]:
        """Current versions not in the index yet (new since the last dedupe or check)."""
        # Every new version takes a larger seq than any before it: two index lookups
        # answer "anything new?" without scanning the store.
        newest = self.db.execute("SELECT MAX(seq) FROM versions").fetchone()[0]
        indexed = self.db.execute("SELECT MAX(seq) FROM indexed").fetchone()[0]
        if newest is None or (indexed is not None and newest <= indexed):
            return []
        return [r[0] for r in self.db.execute(
            "SELECT v.seq FROM versions v WHERE v.version = (SELECT MAX(version) FROM versions"
            " WHERE article_id = v.article_id) AND NOT EXISTS"
            " (SELECT 1 FROM indexed i WHERE i.seq = v.seq) AND v.seq > ?", (indexed or -1,))]

    def size(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM indexed").fetchone()[0])

    def insert(self, hashes: NDArray[np.uint64], seqs: NDArray[np.int64],
               body_hashes: dict[int, int], rebuild: bool = False) -> None:
        """Add postings, inside the caller's write transaction; ``rebuild`` replaces all."""
        db = self.db
        if rebuild:
            db.execute("DELETE FROM postings")
            db.execute("DELETE FROM indexed")
        db.executemany("INSERT OR REPLACE INTO indexed (seq, body_hash) VALUES (?, ?)",
                       body_hashes.items())
        pairs = np.empty(len(hashes), _PAIR)
        pairs["fp"], pairs["seq"] = hashes, seqs
        pairs.sort(order=["fp", "seq"])
        buckets = (pairs["fp"] >> BUCKET_SHIFT).astype(np.int64)
        starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]]).tolist() \
            if len(pairs) else []
        rows = []
        for lo, hi in zip(starts, [*starts[1:], len(pairs)], strict=True):
            bucket = int(buckets[lo])
            chunk = pairs[lo:hi]
            if not rebuild:
                old = db.execute("SELECT data FROM postings WHERE bucket = ?",
                                 (bucket,)).fetchone()
                if old is not None:
                    chunk = np.concatenate([np.frombuffer(old[0], _PAIR), chunk])
                    chunk.sort(order=["fp", "seq"])
            rows.append((bucket, chunk.tobytes()))
        db.executemany("INSERT OR REPLACE INTO postings (bucket, data) VALUES (?, ?)", rows)

    def query(self, hashes: NDArray[np.uint64]) -> Counter[int]:
        """How many of ``hashes`` each indexed version shares."""
        found: Counter[int] = Counter()
        wanted = np.unique(hashes)
        buckets = (wanted >> BUCKET_SHIFT).astype(np.int64)
        for bucket in np.unique(buckets).tolist():
            row = self.db.execute("SELECT data FROM postings WHERE bucket = ?",
                                  (bucket,)).fetchone()
            if row is None:
                continue
            pairs = np.frombuffer(row[0], _PAIR)
            mine = wanted[buckets == bucket]
            lo = np.searchsorted(pairs["fp"], mine, "left")
            hi = np.searchsorted(pairs["fp"], mine, "right")
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                found.update(pairs["seq"][a:b].tolist())
        return found

    def same_body(self, body_hash: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT seq FROM indexed WHERE body_hash = ?", (body_hash,))]
