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

from rapidfuzz.distance import LCSseq

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
    """The dense matching regions of token sequences ``a`` and ``b`` (a character a token).

    A region needs ``min_words`` matching tokens and a similarity (matches over mean
    length, on the region) of at least ``threshold``.
    """
    la, lb = len(a), len(b)
    if min(la, lb) < min_words:
        return []
    if a == b:
        return [Region(0, la, 0, lb, la)]
    lcs = int(LCSseq.similarity(a, b))
    if lcs < min_words:
        return []
    if 2 * lcs >= threshold * (la + lb):
        return [Region(0, la, 0, lb, lcs)]
    regions = []
    current: list[int] | None = None  # a_lo, a_hi, b_lo, b_hi, matched
    for op in LCSseq.opcodes(a, b):
        if op.tag != "equal":
            continue
        if current is not None and op.src_start - current[1] <= GAP \
                and op.dest_start - current[3] <= GAP:
            current[1], current[3] = op.src_end, op.dest_end
            current[4] += op.src_end - op.src_start
            continue
        if current is not None:
            regions.append(Region(*current))
        current = [op.src_start, op.src_end, op.dest_start, op.dest_end,
                   op.src_end - op.src_start]
    if current is not None:
        regions.append(Region(*current))
    # A stretch inside both paragraphs needs twice the words: stock phrases ("failing to
    # take drugs tests before the Athens Olympics") recur across unrelated stories; a
    # whole paragraph on one side (a split one, a caption) needs only ``min_words``.
    return [r for r in regions if r.similarity >= threshold and r.matched >= (
        min_words if (r.a_lo == 0 and r.a_hi == la) or (r.b_lo == 0 and r.b_hi == lb)
        else FRAGMENT_FACTOR * min_words)]


@dataclass(frozen=True, slots=True)
class Run(Region):
    """A matching region of two articles, in body-token coordinates."""

    a: int = 0  # article numbers (positions in the list being compared)
    b: int = 0


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
