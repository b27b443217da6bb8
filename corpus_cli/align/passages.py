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
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

if TYPE_CHECKING:
    from numpy.typing import NDArray

GAP = 3  # unmatched words tolerated inside a region, on either side
FRAGMENT_FACTOR = 2


@dataclass(frozen=True, slots=True)
class Region:
    """Matching token ranges inside two paragraphs, with how many tokens match."""

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


@dataclass(frozen=True, slots=True)
class Run(Region):
    """A matching region of two articles, in body-token coordinates."""

    a: int = 0  # article numbers (positions in the list being compared)
    b: int = 0


# Columns of a run table: every run of every article pair, one row each, the runs of one
# pair side by side (so grouping works on arrays, not on half a million objects).
A, A_LO, A_HI, B, B_LO, B_HI, MATCHED = range(7)


def run_table(runs: dict[tuple[int, int], list[Run]]) -> NDArray[np.int64]:
    """The runs as rows (a, a_lo, a_hi, b, b_lo, b_hi, matched), in the order given."""
    return np.array([(r.a, r.a_lo, r.a_hi, r.b, r.b_lo, r.b_hi, r.matched)
                     for pair_runs in runs.values() for r in pair_runs],
                    dtype=np.int64).reshape(-1, 7)


def _dominated(run: Run, runs: list[Run]) -> bool:
    """Is ``run`` inside bigger runs on both sides? (A phrase repeated within a passage.)"""
    size = run.a_hi - run.a_lo
    inside_a = any(o is not run and o.a_hi - o.a_lo > size and o.a_lo <= run.a_lo
                   and run.a_hi <= o.a_hi for o in runs)
    return inside_a and any(o is not run and o.b_hi - o.b_lo > run.b_hi - run.b_lo
                            and o.b_lo <= run.b_lo and run.b_hi <= o.b_hi for o in runs)


def drop_dominated(runs: list[Run]) -> list[Run]:
    """One article pair's regions without those inside bigger ones on both sides: those
    pair a phrase with its repetition elsewhere in the same passage."""
    if len(runs) > 1:
        runs = [r for r in runs if not _dominated(r, runs)]
    return runs


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
