"""The persisted fingerprint index: which stored articles share fingerprints with a text.

Shaped like datasketch's LSH: ``insert`` a batch of (fingerprint, key) pairs, ``query``
with fingerprints for the keys sharing them. Keys are version sequence numbers. Each
bucket row holds the sorted postings whose fingerprint has the bucket's 18 bits, each
as the 20 bits of the index key below them and a sequence number, 8 bytes in all; a
query reads one row per distinct bucket, so checking one article against 200,000 costs
a few hundred primary-key reads.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.arrays import distinct, run_starts
from corpus_cli.errors import StoreError
from corpus_cli.store.params import in_batches

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Fingerprints have their top bits clear (index/fingerprints.py samples those whose top
# sample bits are zero, and clears them in the rest), so buckets come from the 18 bits
# below: 262,144 buckets, a few hundred postings each at 200,000 articles.
BUCKET_SHIFT = np.uint64(44)
BUCKET_MASK = np.uint64((1 << 18) - 1)
PARTS = 16  # slices of the bucket space, rebuilt one after the other
KEY_MASK = np.uint64((1 << 24) - 1)  # low fingerprint bits dropped in the index
# What tells the keys of one bucket apart: the 20 bits between KEY_MASK and the bucket.
_WITHIN_SHIFT = np.uint64(24)
_WITHIN_MASK = np.uint64((1 << 20) - 1)
_POSTING = np.dtype([("key", "<u4"), ("seq", "<u4")])
MAX_SEQ = (1 << 32) - 1  # sequence numbers the index can hold


def index_key(hashes: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Fingerprints as the index keeps them: the top 40 bits (a copy).

    The dropped bits hold a body number while the index is built, so one plain integer
    sort orders a rebuild; two different passages sharing 40 bits is a one in 10**12
    chance per pair, and at worst brings one more candidate to verify.
    """
    return hashes & ~KEY_MASK


def buckets_of(hashes: NDArray[np.uint64]) -> NDArray[np.int64]:
    return ((hashes >> BUCKET_SHIFT) & BUCKET_MASK).astype(np.int64)


def _within(keys: NDArray[np.uint64]) -> NDArray[np.uint32]:
    """The part of index keys stored in a bucket row: keys of one bucket sort as these."""
    return ((keys >> _WITHIN_SHIFT) & _WITHIN_MASK).astype(np.uint32)


def part_of(hashes: NDArray[np.uint64]) -> NDArray[np.uint8]:
    """Which of ``PARTS`` (16) slices of whole buckets each fingerprint is in."""
    part = hashes >> (BUCKET_SHIFT + np.uint64(14))
    part &= np.uint64(PARTS - 1)
    return part.astype(np.uint8)


class PostingsIndex:
    """The index in a store's connection ``db``, for fingerprints of the scheme named
    ``scheme`` (``Fingerprinting.key``)."""

    def __init__(self, db: sqlite3.Connection, scheme: str) -> None:
        self.db = db
        self.scheme = scheme

    def same_scheme(self) -> bool:
        """Was the stored index built with this index's fingerprint scheme?"""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'index.fingerprints'"
                              ).fetchone()
        return row is not None and row[0] == self.scheme

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

    def is_current(self, versions: int) -> bool:
        """Does the index hold exactly ``versions`` versions, the newest among them?"""
        newest = self.db.execute("SELECT MAX(seq) FROM versions").fetchone()[0]
        indexed, count = self.db.execute("SELECT MAX(seq), count(*) FROM indexed").fetchone()
        return bool(count == versions and newest is not None and indexed is not None
                    and newest <= indexed) and self.same_scheme()

    def clear(self) -> None:
        """Empty the index, to be filled with this scheme's fingerprints, inside the
        caller's write transaction."""
        self.db.execute("DELETE FROM postings")
        self.db.execute("DELETE FROM indexed")
        self.db.execute("INSERT OR REPLACE INTO meta (name, value)"
                        " VALUES ('index.fingerprints', ?)", (self.scheme,))

    def add_bodies(self, body_hashes: dict[int, int]) -> None:
        """Record versions as indexed, with their exact-copy keys."""
        self.db.executemany("INSERT OR REPLACE INTO indexed (seq, body_hash) VALUES (?, ?)",
                            body_hashes.items())

    def insert(self, hashes: NDArray[np.uint64], seqs: NDArray[np.int64],
               rebuild: bool = False) -> None:
        """Add (index key, seq) postings, inside the caller's write transaction.

        With ``rebuild``, the postings are sorted by key and their buckets are empty (a
        rebuild after ``clear``, a slice of the fingerprint space at a time).
        """
        db = self.db
        if not len(hashes):
            return
        if int(seqs.max()) > MAX_SEQ:
            raise StoreError(f"the store has more article versions than its dedupe index can "
                             f"hold ({MAX_SEQ:,})")
        if not rebuild:
            order = np.argsort(hashes, kind="stable")
            hashes, seqs = hashes[order], seqs[order]
        postings = np.empty(len(hashes), _POSTING)
        postings["key"], postings["seq"] = _within(hashes), seqs
        buckets = buckets_of(hashes)
        starts = np.flatnonzero(run_starts(buckets)).tolist()
        rows = []
        for lo, hi in zip(starts, [*starts[1:], len(postings)], strict=True):
            bucket = int(buckets[lo])
            chunk = postings[lo:hi]
            if not rebuild:
                old = db.execute("SELECT data FROM postings WHERE bucket = ?",
                                 (bucket,)).fetchone()
                if old is not None:
                    chunk = np.concatenate([np.frombuffer(old[0], _POSTING), chunk])
                    chunk = chunk[np.argsort(chunk["key"], kind="stable")]
            rows.append((bucket, chunk.tobytes()))
        db.executemany("INSERT OR REPLACE INTO postings (bucket, data) VALUES (?, ?)", rows)

    def query(self, hashes: NDArray[np.uint64], max_df: int | None = None,
              rare: int = 0, hubs: int = 0) -> Counter[int]:
        """How many of ``hashes`` each indexed version shares.

        As in a full pass (dedupe/candidates.py), a fingerprint held by more than
        ``max_df`` versions counts for none, and one held by more than ``rare`` counts for
        its first ``hubs`` versions only: stock phrases do not make candidates.
        """
        wanted = distinct(index_key(hashes))
        buckets = buckets_of(wanted)
        # The rows of all the buckets asked about, in bucket order, as one sorted array of
        # (bucket, key) pairs: one search finds every fingerprint's postings.
        rows: list[tuple[int, bytes]] = []
        for batch, marks in in_batches(distinct(buckets).tolist()):
            rows += self.db.execute(f"SELECT bucket, data FROM postings WHERE bucket IN ({marks})"
                                    " ORDER BY bucket", batch)
        postings = np.frombuffer(b"".join(data for _b, data in rows), _POSTING)
        per_row = np.fromiter((len(data) // _POSTING.itemsize for _b, data in rows), np.int64,
                              len(rows))
        row_bucket = np.fromiter((b for b, _data in rows), np.uint64, len(rows))
        stored = postings["key"].astype(np.uint64)
        stored |= np.repeat(row_bucket, per_row) << np.uint64(20)
        holders = postings["seq"]
        mine = _within(wanted).astype(np.uint64) | (buckets.astype(np.uint64) << np.uint64(20))
        lo = np.searchsorted(stored, mine, "left")
        held = np.searchsorted(stored, mine, "right") - lo
        if max_df is not None:
            lo, held = lo[held <= max_df], held[held <= max_df]
            held = np.where(held > rare, np.minimum(held, hubs), held)
        taken = np.repeat(lo - (np.cumsum(held) - held), held) + np.arange(int(held.sum()))
        return Counter(holders[taken].tolist())

    def remove(self, seqs: Sequence[int]) -> int:
        """Remove every posting of the versions ``seqs`` (forgotten articles), inside the
        caller's write transaction; returns how many were removed. Every bucket is read
        once: which buckets hold a version is not recorded."""
        if not seqs:
            return 0
        gone = np.asarray(sorted(seqs), dtype=np.uint32)
        removed = 0
        changed: list[tuple[int, bytes]] = []
        emptied: list[tuple[int]] = []
        for bucket, data in self.db.execute("SELECT bucket, data FROM postings"):
            chunk = np.frombuffer(data, _POSTING)
            hit = np.isin(chunk["seq"], gone)
            if hit.any():
                removed += int(hit.sum())
                kept = chunk[~hit]
                if len(kept):
                    changed.append((bucket, kept.tobytes()))
                else:
                    emptied.append((bucket,))
        self.db.executemany("UPDATE postings SET data = ? WHERE bucket = ?",
                            [(data, bucket) for bucket, data in changed])
        self.db.executemany("DELETE FROM postings WHERE bucket = ?", emptied)
        return removed

    def same_body(self, body_hash: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT seq FROM indexed WHERE body_hash = ?", (body_hash,))]
