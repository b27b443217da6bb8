"""The boilerplate paragraphs of every body of a pass, as columns.

A full pass keeps each body's flagged paragraphs (site furniture, by pattern or by
frequency) to report boilerplate groups and to tell exact copies apart. As a dict of lists
of named tuples they were, at a million articles, most of a gigabyte; here they are three
arrays per block of bodies, read back as ``Flagged`` tuples one body at a time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from corpus_cli.store.records import Flagged

if TYPE_CHECKING:
    from numpy.typing import NDArray

BLOCK = 4096  # bodies with flagged paragraphs gathered before they become arrays


class _Block(NamedTuple):
    docs: NDArray[np.int64]  # bodies holding flagged paragraphs, ascending
    first: NDArray[np.int64]  # body docs[i]'s rows: first[i]:first[i + 1]
    rows: NDArray[np.int64]  # (start, end, hash) of each flagged paragraph


class FlaggedTable(Mapping[int, list[Flagged]]):
    """Body position -> its flagged paragraphs, for the bodies that have any. Bodies are
    added in ascending order (``add``, ``extend_table``)."""

    def __init__(self) -> None:
        self._blocks: list[_Block] = []
        self._block_first: list[int] = []  # first doc of each block
        self._docs: list[int] = []  # pending, not yet a block
        self._counts: list[int] = []
        self._rows: list[tuple[int, int, int]] = []
        self._size = 0

    def add(self, doc: int, flagged: Iterable[Flagged]) -> None:
        """Body ``doc``'s flagged paragraphs (a body after every one added so far)."""
        rows = [tuple(f) for f in flagged]
        if not rows:
            return
        if (self._docs and doc <= self._docs[-1]) or \
                (self._blocks and doc <= int(self._blocks[-1].docs[-1])):
            raise ValueError(f"body {doc} added out of order")
        self._docs.append(doc)
        self._counts.append(len(rows))
        self._rows += rows  # type: ignore[arg-type]
        self._size += 1
        if len(self._docs) >= BLOCK:
            self._seal()

    def extend_table(self, other: FlaggedTable, first: int) -> None:
        """Add ``other``'s bodies, numbered from ``first`` here."""
        self._seal()
        other._seal()
        for block in other._blocks:
            self._append(_Block(block.docs + first, block.first, block.rows))

    def _seal(self) -> None:
        if self._docs:
            docs, counts, rows = self._docs, self._counts, self._rows
            self._docs, self._counts, self._rows = [], [], []
            self._size -= len(docs)
            self._append(_Block(np.array(docs, np.int64),
                                np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
                                np.array(rows, np.int64).reshape(-1, 3)))

    def _append(self, block: _Block) -> None:
        if self._blocks and int(block.docs[0]) <= int(self._blocks[-1].docs[-1]):
            raise ValueError(f"body {int(block.docs[0])} added out of order")
        self._blocks.append(block)
        self._block_first.append(int(block.docs[0]))
        self._size += len(block.docs)

    def _find(self, doc: int) -> tuple[_Block, int] | None:
        """The block holding body ``doc`` and its row there, if it has flagged paragraphs."""
        self._seal()
        n = bisect_right(self._block_first, doc) - 1
        if n < 0:
            return None
        block = self._blocks[n]
        i = int(np.searchsorted(block.docs, doc))
        return (block, i) if i < len(block.docs) and int(block.docs[i]) == doc else None

    def __getitem__(self, doc: int) -> list[Flagged]:
        found = self._find(doc)
        if found is None:
            raise KeyError(doc)
        block, i = found
        new = tuple.__new__  # named tuples made in bulk (see BodyParagraph)
        return [new(Flagged, r) for r in block.rows[block.first[i] : block.first[i + 1]].tolist()]

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, int) and self._find(doc) is not None

    def __iter__(self) -> Iterator[int]:
        self._seal()
        for block in self._blocks:
            yield from block.docs.tolist()

    def __len__(self) -> int:
        return self._size

    def __reduce__(self) -> tuple[object, ...]:  # a worker sends its table: arrays only
        self._seal()
        return (_rebuilt, (self._blocks,))


def _rebuilt(blocks: list[_Block]) -> FlaggedTable:
    table = FlaggedTable()
    for block in blocks:
        table._append(block)
    return table
