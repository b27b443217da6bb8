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
    __slots__ = ("content_hash", "hashes", "source", "version", "words")

    def __init__(self, version: int, source: str | None, content_hash: str,
                 paragraphs: Sequence[tuple[Any, ...]]) -> None:
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

    def carriers(self, max_words: int,
                 ) -> Iterator[tuple[tuple[str, int], str | None, str, list[int | None]]]:
        """``frequent_paragraphs``' input: each current version's paragraph hashes, None
        for a paragraph of more than ``max_words`` words."""
        for article_id, own in self.current.items():
            yield ((article_id, own.version), own.source, own.content_hash,
                   [h if w <= max_words else None for h, w in zip(own.hashes, own.words,
                                                                   strict=True)])
