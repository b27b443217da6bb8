"""Verify candidate paragraph pairs word by word, and chain what matches into runs.

A candidate pair is two paragraphs sharing fingerprints. Verification aligns their
token sequences (rapidfuzz's bit-parallel LCS, in C) and keeps the dense regions:
stretches where the two sides match word for word apart from gaps of a few words (a
substituted adjective, a dropped article). A region may be the whole of both
paragraphs, or part of one (a paragraph split in one article and merged in the other),
or part of each (a sentence quoted inside otherwise different paragraphs).

Regions found between the same two articles that follow each other in both, with no
boilerplate between them, are chained into runs: the unit reported as a passage.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from corpus_cli.arrays import run_starts

if TYPE_CHECKING:
    from numpy.typing import NDArray

GAP = 3  # unmatched words tolerated inside a region, on either side
FRAGMENT_FACTOR = 2


class Region(NamedTuple):
    """Matching token ranges inside two paragraphs, with how many tokens match (a named
    tuple: a full pass makes half a million, and a frozen dataclass takes twice as long
    to make, 0.9 against 0.5 us)."""

    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    matched: int

    @property
    def similarity(self) -> float:
        return 2 * self.matched / ((self.a_hi - self.a_lo) + (self.b_hi - self.b_lo))


def verify(a: Sequence[int] | str, b: Sequence[int] | str, min_words: int, threshold: float,
           ) -> list[Region]:
    """The dense matching regions of token sequences ``a`` and ``b`` (see ``verify_many``)."""
    return verify_many([a], [b], min_words, threshold)[0]


def verify_many(a: Sequence[Sequence[int] | str], b: Sequence[Sequence[int] | str],
                min_words: int, threshold: float) -> list[list[Region]]:
    """The dense matching regions of each pair ``a[i]``, ``b[i]`` of token sequences.

    A region needs ``min_words`` matching tokens and a similarity (matches over mean
    length, on the region) of at least ``threshold``. The longest common subsequence of
    every pair is computed first, in one call (rapidfuzz, in C, on all cores); only pairs
    that match partly, and could still hold a region, are aligned token by token.
    """
    if not a:
        return []
    la = np.fromiter(map(len, a), np.int64, len(a))
    lb = np.fromiter(map(len, b), np.int64, len(b))
    lcs = process.cpdist(a, b, scorer=LCSseq.similarity, dtype=np.int64, workers=-1)
    shorter = np.minimum(la, lb)
    found = (lcs >= min_words) & (shorter >= min_words)
    full = found & (2 * lcs >= threshold * (la + lb))
    # A region with m matches covering all of one side (length n) has 2m >= t(n + m), so
    # m >= t n / (2 - t); elsewhere it needs FRAGMENT_FACTOR * min_words matches; and m
    # can never exceed the LCS. Pairs failing all of this cannot hold a region.
    whole = threshold / (2 - threshold)
    partial = found & ~full & ((lcs >= whole * shorter) | (lcs >= FRAGMENT_FACTOR * min_words))
    out: list[list[Region]] = [[] for _ in range(len(a))]
    lengths_a, lengths_b, common = la.tolist(), lb.tolist(), lcs.tolist()
    for i in np.flatnonzero(full).tolist():
        out[i] = [Region(0, lengths_a[i], 0, lengths_b[i], common[i])]
    for i in np.flatnonzero(partial).tolist():
        out[i] = _regions(a[i], b[i], min_words, threshold)
    return out


def _regions(a: Sequence[int] | str, b: Sequence[int] | str, min_words: int, threshold: float,
             ) -> list[Region]:
    """Matching blocks of the alignment, joined across gaps of up to ``GAP`` words."""
    la, lb = len(a), len(b)
    blocks: list[list[int]] = []  # a_lo, a_hi, b_lo, b_hi, matched
    for x, y, size in LCSseq.opcodes(a, b).as_matching_blocks():
        if not size:
            continue
        last = blocks[-1] if blocks else None
        if last is not None and x - last[1] <= GAP and y - last[3] <= GAP:
            last[1], last[3] = x + size, y + size
            last[4] += size
        else:
            blocks.append([x, x + size, y, y + size, size])
    # A stretch inside both paragraphs needs twice the words: stock phrases ("failing to
    # take drugs tests before the Athens Olympics") recur across unrelated stories; a
    # whole paragraph on one side (a split one, a caption) needs only ``min_words``.
    fragment = FRAGMENT_FACTOR * min_words
    return [Region(*r) for r in blocks
            if r[4] >= min_words and 2 * r[4] >= threshold * (r[1] - r[0] + r[3] - r[2])
            and (r[4] >= fragment or (r[0] == 0 and r[1] == la) or (r[2] == 0 and r[3] == lb))]


# Columns of a run table: the matching regions of article pairs, one row each, in body-token
# coordinates, the rows of one pair side by side (half a million rows at 200,000
# articles: arrays, not objects).
A, A_LO, A_HI, B, B_LO, B_HI, MATCHED = range(7)
ROWS_AT_ONCE = 1 << 22  # comparisons of runs within their pair made together


def pair_starts(table: NDArray[np.int64]) -> NDArray[np.int64]:
    """The first row of each article pair's runs."""
    if not len(table):
        return np.empty(0, np.int64)
    return np.flatnonzero(run_starts(table[:, A]) | run_starts(table[:, B]))


def drop_dominated(table: NDArray[np.int64]) -> NDArray[np.int64]:
    """The runs without those inside bigger runs of the same pair on both sides (a phrase
    paired with its repetition elsewhere in the same passage)."""
    starts = pair_starts(table)
    counts = np.diff(starts, append=len(table))
    per_row = np.repeat(counts, counts)
    rows = np.flatnonzero(per_row > 1)
    if not len(rows):
        return table
    first_of = np.repeat(starts, counts)
    size_a = table[:, A_HI] - table[:, A_LO]
    size_b = table[:, B_HI] - table[:, B_LO]
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
        inside_a = (size_a[j] > size_a[i]) & (table[j, A_LO] <= table[i, A_LO]) \
            & (table[i, A_HI] <= table[j, A_HI])
        inside_b = (size_b[j] > size_b[i]) & (table[j, B_LO] <= table[i, B_LO]) \
            & (table[i, B_HI] <= table[j, B_HI])
        dominated[batch] = np.logical_or.reduceat(inside_a, offsets) \
            & np.logical_or.reduceat(inside_b, offsets)
        cut = stop
    return table[~dominated]


class AdjacentTest:
    """Is one token range followed closely by another in this body, with no boilerplate?"""

    __slots__ = ("bounds", "idx")

    def __init__(self, bounds: list[int], paragraph_idx: list[int]) -> None:
        self.bounds = bounds
        self.idx = paragraph_idx

    def __call__(self, hi: int, lo: int) -> bool:
        if not 0 <= lo - hi <= GAP:
            return False
        end_par = bisect_right(self.bounds, hi - 1) - 1
        start_par = bisect_right(self.bounds, lo) - 1
        # Consecutive stored paragraphs: nothing (no flagged furniture) lies between.
        return self.idx[start_par] - self.idx[end_par] <= 1
