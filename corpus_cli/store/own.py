"""The versions one store object wrote into a store that held none before: while they are
everything the store holds, frequency boilerplate is counted from them in memory instead of
reading every paragraph back (the first ingest of a corpus into a new store).

Kept compactly (two arrays per article), and only for the versions current in it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any

_HASH, _WORDS = itemgetter(3), itemgetter(4)


class OwnVersion:
    """One version as the frequency count needs it (its paragraphs' hashes and words), and
    as ingest's lookup of an article's newest version does."""

    __slots__ = ("content_hash", "hashes", "seq", "source", "version", "words")

    def __init__(self, seq: int, version: int, source: str | None, content_hash: str,
                 paragraphs: Sequence[tuple[Any, ...]]) -> None:
        self.seq = seq
        self.version = version
        self.source = source
        self.content_hash = content_hash
        # A paragraph row is (idx, start, end, hash, words, pattern reason).
        self.hashes = array("q", map(_HASH, paragraphs))
        self.words = array("q", map(_WORDS, paragraphs))


class OwnVersions:
    """Versions written by this store object, committed, with their sequence numbers:
    ``low``..``high``, every one of them (``count``), in commit order."""

    __slots__ = ("count", "current", "high", "low")

    def __init__(self) -> None:
        self.current: dict[str, OwnVersion] = {}  # the newest of each article
        self.count = 0
        self.low = 0
        self.high = 0

    def copy(self) -> OwnVersions:
        other = OwnVersions()
        other.current = dict(self.current)
        other.count, other.low, other.high = self.count, self.low, self.high
        return other

    def add(self, committed: list[tuple[str, int, OwnVersion]]) -> bool:
        """Add a transaction's versions, ``(article id, seq, version)`` in seq order;
        False when their numbers do not follow on from the last ones (another process
        wrote in between: these are no longer all the store holds)."""
        for article_id, seq, own in committed:
            if self.count and seq != self.high + 1:
                return False
            if not self.count:
                self.low = seq
            self.high = seq
            self.count += 1
            self.current[article_id] = own
        return True

    def holds_all(self, count: int, low: int | None, high: int | None) -> bool:
        """Are these every version of a store holding ``count`` versions numbered
        ``low``..``high``? (Numbers are never given twice: the same count over the same
        contiguous range is the same versions.)"""
        return count == self.count and (count == 0 or (low, high) == (self.low, self.high))

    def carriers(self, max_words: int, min_articles: int,
                 ) -> Iterator[tuple[int, str | None, str, list[int | None]]]:
        """``frequent_paragraphs``' input: the current versions carrying a hash found in
        at least ``min_articles`` paragraphs of at most ``max_words`` words (only such a
        hash can be frequent in a source), with each paragraph's hash if it is one of
        those, else None.

        The hashes are counted over all versions at once, in arrays: counting every hash
        per source, as ``frequent_paragraphs`` does, would hold a set for each of millions
        of story paragraphs seen once.
        """
        import numpy as np  # here: opening a store must not cost numpy's import

        hashes, words = array("q"), array("q")
        for own in self.current.values():
            hashes.extend(own.hashes)
            words.extend(own.words)
        short = np.frombuffer(hashes, dtype=np.int64)[np.frombuffer(words, dtype=np.int64)
                                                      <= max_words]
        found, counts = np.unique(short, return_counts=True)
        wanted = set(found[counts >= min_articles].tolist())
        del hashes, words, short, found, counts
        for own in self.current.values():
            carried = [h if w <= max_words and h in wanted else None
                       for h, w in zip(own.hashes, own.words, strict=True)]
            if any(h is not None for h in carried):
                yield own.seq, own.source, own.content_hash, carried
