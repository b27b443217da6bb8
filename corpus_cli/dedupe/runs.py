"""The run table: every verified matching region between two articles, as one array.

A row is a region: the token range ``a_lo:a_hi`` of body ``a`` matches ``b_lo:b_hi`` of
body ``b`` with ``matched`` tokens in common (``a < b``; token offsets count from the
start of each body). Rows of one pair of articles sit side by side. A full pass holds
hundreds of thousands of rows: a structured array, not objects, so columns are read by
name and whole-table work stays in numpy.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.arrays import run_starts

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from corpus_cli.index.bodies import Body

RUN = np.dtype([("a", "<i8"), ("a_lo", "<i8"), ("a_hi", "<i8"),
                ("b", "<i8"), ("b_lo", "<i8"), ("b_hi", "<i8"), ("matched", "<i8")])
ROWS_AT_ONCE = 1 << 22  # comparisons of runs within their pair made together


def run_table(rows: Sequence[tuple[int, int, int, int, int, int, int]]) -> NDArray[np.void]:
    """A run table of ``(a, a_lo, a_hi, b, b_lo, b_hi, matched)`` rows."""
    return np.array(rows, dtype=RUN) if rows else np.empty(0, RUN)


def concatenate(tables: Sequence[NDArray[np.void]]) -> NDArray[np.void]:
    return np.concatenate([np.empty(0, RUN), *tables])


def by_pair(table: NDArray[np.void]) -> NDArray[np.void]:
    """The rows sorted by article pair, stably (regions keep their order within a pair)."""
    order = np.argsort((table["a"] << 32) | table["b"], kind="stable")
    sorted_table: NDArray[np.void] = table[order]
    return sorted_table


def sizes(table: NDArray[np.void]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each region's length in tokens, on side a and on side b."""
    return column(table, "a_hi") - column(table, "a_lo"), \
        column(table, "b_hi") - column(table, "b_lo")


def column(table: NDArray[np.void], name: str) -> NDArray[np.int64]:
    values: NDArray[np.int64] = table[name]
    return values


def pair_starts(table: NDArray[np.void]) -> NDArray[np.int64]:
    """The first row of each article pair's runs (the table sorted by pair)."""
    if not len(table):
        return np.empty(0, np.int64)
    return np.flatnonzero(run_starts(column(table, "a")) | run_starts(column(table, "b")))


def drop_dominated(table: NDArray[np.void]) -> NDArray[np.void]:
    """The runs without those inside bigger runs of the same pair on both sides (a phrase
    paired with its repetition elsewhere in the same passage)."""
    starts = pair_starts(table)
    counts = np.diff(starts, append=len(table))
    per_row = np.repeat(counts, counts)
    rows = np.flatnonzero(per_row > 1)
    if not len(rows):
        return table
    first_of = np.repeat(starts, counts)
    size_a, size_b = sizes(table)
    a_lo, a_hi = column(table, "a_lo"), column(table, "a_hi")
    b_lo, b_hi = column(table, "b_lo"), column(table, "b_hi")
    dominated = np.zeros(len(table), bool)
    # Each row against every row of its pair: bounded batches of rows.
    ends = np.cumsum(per_row[rows])
    cut = 0
    while cut < len(rows):
        stop = max(cut + 1, int(np.searchsorted(ends, (ends[cut - 1] if cut else 0)
                                                + ROWS_AT_ONCE, "right")))
        batch = rows[cut:stop]
        k = per_row[batch]
        i = np.repeat(batch, k)
        offsets = np.cumsum(k) - k
        j = np.repeat(first_of[batch], k) + np.arange(len(i)) - np.repeat(offsets, k)
        inside_a = (size_a[j] > size_a[i]) & (a_lo[j] <= a_lo[i]) & (a_hi[i] <= a_hi[j])
        inside_b = (size_b[j] > size_b[i]) & (b_lo[j] <= b_lo[i]) & (b_hi[i] <= b_hi[j])
        dominated[batch] = np.logical_or.reduceat(inside_a, offsets) \
            & np.logical_or.reduceat(inside_b, offsets)
        cut = stop
    kept: NDArray[np.void] = table[~dominated]
    return kept


class AdjacentTest:
    """Is one token range followed closely by another in this body, with no boilerplate?"""

    __slots__ = ("bounds", "gap", "idx")

    def __init__(self, bounds: list[int], paragraph_idx: list[int], gap: int) -> None:
        self.bounds = bounds
        self.idx = paragraph_idx
        self.gap = gap

    def __call__(self, hi: int, lo: int) -> bool:
        if not 0 <= lo - hi <= self.gap:
            return False
        end_par = bisect_right(self.bounds, hi - 1) - 1
        start_par = bisect_right(self.bounds, lo) - 1
        # Consecutive stored paragraphs: nothing (no flagged furniture) lies between.
        return self.idx[start_par] - self.idx[end_par] <= 1


def adjacency(bodies: Sequence[Body], gap: int) -> Callable[[int], AdjacentTest]:
    """Per-body adjacency tests, built on first use."""
    tests: dict[int, AdjacentTest] = {}

    def adjacent(doc: int) -> AdjacentTest:
        test = tests.get(doc)
        if test is None:
            body = bodies[doc]
            test = tests[doc] = AdjacentTest(body.bounds, [p.idx for p in body.paragraphs],
                                             gap)
        return test

    return adjacent

