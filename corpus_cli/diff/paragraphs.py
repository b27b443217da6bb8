"""Paragraph alignment: equal, edit, insert, delete, move, split and merge.

Never all pairs against all pairs. Candidate pairs come from shared word 3-grams
(an inverted index, frequent 3-grams left out), and only they are scored with an
Indel similarity. Paragraphs identical and unique on both sides anchor the order first
(as patience diff does); between anchors, the paragraphs kept in order are the heaviest
chain of candidates
increasing on both sides (a weighted longest-increasing-subsequence over a Fenwick tree,
O(C log n) for C candidates). A split (one paragraph of A against a run of consecutive
paragraphs of B) or a merge (the reverse) is one more kind of candidate in that chain,
tested only where several paragraphs of one side are mostly contained in one of the
other. Candidates left out of the chain become moves, best first; what is left is
deleted or inserted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_cli import lcs
from corpus_cli.diff import scan
from corpus_cli.diff.shingles import MAX_POSTINGS, shared_shingles
from corpus_cli.settings import DiffSettings
from corpus_cli.text.normalize import normalize

TOP_CANDIDATES = 8  # best-scored partners kept per paragraph, on each side
MAX_RUN = 6  # most paragraphs one paragraph may be split into (or merged from)
CONTAINED = 0.5  # share of a paragraph's words found in the other to count as part of it
_PUNCTUATION = re.compile(r"[^\w\s]+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Match:
    """Paragraphs ``a_lo..a_hi`` of A against ``b_lo..b_hi`` of B (inclusive, local)."""

    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    similarity: float
    weight: float

    @property
    def kind(self) -> str:
        if self.a_hi > self.a_lo:
            return "merge"
        return "split" if self.b_hi > self.b_lo else "pair"


@dataclass(frozen=True, slots=True)
class Aligned:
    """The operations, and the matching-form length of every paragraph (the weights of
    the overall similarity)."""

    ops: list[Alignment]
    sizes_a: list[int]
    sizes_b: list[int]


@dataclass(frozen=True, slots=True)
class Alignment:
    """Local paragraph indexes (into the sequences given to ``align``) per operation."""

    op: str
    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float


def matching_form(text: str, ignore_punctuation: bool) -> str:
    norm = normalize(text)
    if ignore_punctuation:
        norm = " ".join(_PUNCTUATION.sub(" ", norm).split())
    return norm


def _ratio(x: str, y: str) -> float:
    # rapidfuzz's Indel similarity, at a bounded cost for very long paragraphs.
    return lcs.similarity(x, y)


def _weight(similarity: float, size: float) -> float:
    # Matched characters, so a split covering two paragraphs outweighs pairing one of them.
    return similarity * size


class _Aligner:
    def __init__(self, a: Sequence[str], b: Sequence[str], settings: DiffSettings) -> None:
        self.settings = settings
        self.na = [matching_form(t, settings.ignore_punctuation) for t in a]
        self.nb = [matching_form(t, settings.ignore_punctuation) for t in b]
        memo: dict[str, str] = {}
        self.words_a = [scan.findall(_WORD, t, memo) for t in self.na]
        self.words_b = [scan.findall(_WORD, t, memo) for t in self.nb]
        self.wa = [frozenset(w) for w in self.words_a]
        self.wb = [frozenset(w) for w in self.words_b]

    # -- candidates ----------------------------------------------------------------------

    def _overlaps(self) -> dict[tuple[int, int], int]:
        """Shared 3-gram counts for every pair sharing at least one useful 3-gram."""
        counts, distinct_a = shared_shingles(self.na, self.nb, self.words_a, self.words_b)
        self.words_a = self.words_b = []  # only the shingles needed them
        shared: dict[tuple[int, int], int] = {}
        # Identical paragraphs are candidates whatever their 3-grams: a short line found
        # everywhere ("Advertisement") has only frequent ones. Where one text repeats many
        # times, its k-th copies are paired, not all against all.
        where_b: dict[str, list[int]] = {}
        for j, norm in enumerate(self.nb):
            where_b.setdefault(norm, []).append(j)
        where_a: dict[str, list[int]] = {}
        for i, norm in enumerate(self.na):
            where_a.setdefault(norm, []).append(i)
        for norm, found_a in where_a.items():
            found_b = where_b.get(norm, [])
            if len(found_a) * len(found_b) <= MAX_POSTINGS:
                pairs = [(i, j) for i in found_a for j in found_b]
            else:
                pairs = list(zip(found_a, found_b, strict=False))
            for pair in pairs:
                shared[pair] = distinct_a[pair[0]] + 1
        for pair, count in counts.items():
            shared[pair] = shared.get(pair, 0) + count
        return shared

    def _top(self, shared: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
        """The pairs among the best few of either paragraph, by shared 3-grams."""
        by_a: dict[int, list[tuple[int, int]]] = {}
        by_b: dict[int, list[tuple[int, int]]] = {}
        for (i, j), count in shared.items():
            by_a.setdefault(i, []).append((-count, j))
            by_b.setdefault(j, []).append((-count, i))
        keep: set[tuple[int, int]] = set()
        for i, row in by_a.items():
            keep.update((i, j) for _c, j in sorted(row)[:TOP_CANDIDATES])
        for j, col in by_b.items():
            keep.update((i, j) for _c, i in sorted(col)[:TOP_CANDIDATES])
        return sorted(keep)

    def _size(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> float:
        return float(sum(len(t) + 1 for t in self.na[a_lo : a_hi + 1])
                     + sum(len(t) + 1 for t in self.nb[b_lo : b_hi + 1]))

    def _match(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int, sim: float) -> Match:
        size = self._size(a_lo, a_hi, b_lo, b_hi)
        return Match(a_lo, a_hi, b_lo, b_hi, sim, _weight(sim, size))

    def candidates(self) -> tuple[list[Match], list[Match]]:
        """Scored 1:1 pairs above the threshold, and split/merge candidates."""
        shared = self._overlaps()
        pairs: list[Match] = []
        best: dict[tuple[str, int], float] = {}  # best 1:1 weight per paragraph
        floor = min(self.settings.min_similarity, self.settings.min_move_similarity)
        for i, j in self._top(shared):
            sim = _ratio(self.na[i], self.nb[j])
            if sim >= floor:
                m = self._match(i, i, j, j, sim)
                pairs.append(m)
                best["a", i] = max(best.get(("a", i), 0.0), m.weight)
                best["b", j] = max(best.get(("b", j), 0.0), m.weight)
        parts_of_a: dict[int, list[int]] = {}
        parts_of_b: dict[int, list[int]] = {}
        for i, j in shared:
            if _contained(self.wb[j], self.wa[i]):
                parts_of_a.setdefault(i, []).append(j)
            if _contained(self.wa[i], self.wb[j]):
                parts_of_b.setdefault(j, []).append(i)
        multi: list[Match] = []
        for i, parts in sorted(parts_of_a.items()):
            found = self._best_run(self.na[i], sorted(parts), self.nb)
            if found is not None:
                lo, hi, sim = found
                m = self._match(i, i, lo, hi, sim)
                if m.weight > max(best.get(("a", i), 0.0),
                                  *(best.get(("b", j), 0.0) for j in range(lo, hi + 1))):
                    multi.append(m)
        for j, parts in sorted(parts_of_b.items()):
            found = self._best_run(self.nb[j], sorted(parts), self.na)
            if found is not None:
                lo, hi, sim = found
                m = self._match(lo, hi, j, j, sim)
                if m.weight > max(best.get(("b", j), 0.0),
                                  *(best.get(("a", i), 0.0) for i in range(lo, hi + 1))):
                    multi.append(m)
        return pairs, multi

    def _best_run(self, whole: str, parts: list[int],
                  others: list[str]) -> tuple[int, int, float] | None:
        """The run of consecutive ``parts`` that together read most like ``whole``."""
        found: tuple[int, int, float] | None = None
        best_sim = self.settings.min_similarity
        for lo, hi in _runs(parts):
            for start in range(lo, hi):
                for end in range(start + 1, min(hi, start + MAX_RUN - 1) + 1):
                    sim = _ratio(whole, " ".join(others[start : end + 1]))
                    if sim > best_sim:
                        found, best_sim = (start, end, sim), sim
        return found

    def unique_equal(self, pairs: list[Match]) -> list[Match]:
        """Pairs of identical paragraphs found once on each side: patience-diff anchors.

        Anchoring on them first keeps a run of near-identical paragraphs from sliding
        against one another: one paragraph moved to the top is a move, not a cascade of
        edits each pairing a paragraph with its neighbour.
        """
        count_a = Counter(self.na)
        count_b = Counter(self.nb)
        return [p for p in pairs if self.na[p.a_lo] == self.nb[p.b_lo]
                and count_a[self.na[p.a_lo]] == 1 and count_b[self.nb[p.b_lo]] == 1]

    # -- the chain -----------------------------------------------------------------------

    def chain(self, candidates: list[Match]) -> list[Match]:
        """The heaviest sequence of candidates increasing in A and in B."""
        n, m = len(self.na), len(self.nb)
        if not candidates or not m:
            return []
        starting: dict[int, list[int]] = {}
        ending: dict[int, list[int]] = {}
        for c, cand in enumerate(candidates):
            starting.setdefault(cand.a_lo, []).append(c)
            ending.setdefault(cand.a_hi, []).append(c)
        tree = _MaxTree(m)
        score = [0] * len(candidates)
        scale = 4 * (n + m + 1) ** 2
        prev = [-1] * len(candidates)
        for i in range(n):
            for c in ending.get(i - 1, ()):
                tree.update(candidates[c].b_hi, score[c], c)
            for c in starting.get(i, ()):
                cand = candidates[c]
                before, p = tree.query(cand.b_lo - 1)
                score[c] = _chain_score(cand, scale) + before
                prev[c] = p
        for c in ending.get(n - 1, ()):
            tree.update(candidates[c].b_hi, score[c], c)
        _total, c = tree.query(m - 1)
        out = []
        while c >= 0:
            out.append(candidates[c])
            c = prev[c]
        return out[::-1]


def _chain_score(cand: Match, scale: int) -> int:
    """A candidate's share of a chain's score, exact, so that ties are broken the same
    way from A to B as from B to A and swapping the articles swaps inserts and deletes
    instead of picking other pairs.

    Heaviest first (matched characters, to a thousandth); among chains of equal weight,
    the one whose pairs moved least (anchoring a paragraph that moved far can push every
    other pair into a move); then the earliest pairs. ``scale`` exceeds any chain's sum of
    the lesser terms, so the three compare in that order.
    """
    moved = abs(cand.a_lo - cand.b_lo)
    place = cand.a_lo + cand.a_hi + cand.b_lo + cand.b_hi
    return (round(cand.weight * 1000) * scale - moved) * scale - place


def _order(candidates: list[Match]) -> list[Match]:
    return sorted(candidates, key=lambda c: (c.a_lo, c.b_lo, c.a_hi, c.b_hi))


def _between(anchors: list[Match], candidates: list[Match]) -> list[Match]:
    """The candidates that fit in a gap between consecutive anchors, on both sides."""
    if not anchors:
        return candidates
    starts = [c.a_lo for c in anchors]
    out = []
    for c in candidates:
        k = bisect_left(starts, c.a_lo)  # anchors[k] is the first one starting at or after
        before = anchors[k - 1] if k > 0 else None
        after = anchors[k] if k < len(anchors) else None
        if before is not None and (before.a_hi >= c.a_lo or before.b_hi >= c.b_lo):
            continue
        if after is not None and (after.a_lo <= c.a_hi or after.b_lo <= c.b_hi):
            continue
        out.append(c)
    return out


def _contained(part: frozenset[str], whole: frozenset[str]) -> bool:
    return bool(part) and len(part & whole) >= CONTAINED * len(part)


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive numbers in sorted ``indexes`` with at least two."""
    runs = []
    start = prev = indexes[0]
    for k in [*indexes[1:], None]:
        if k is not None and k == prev + 1:
            prev = k
            continue
        if prev > start:
            runs.append((start, prev))
        if k is not None:
            start = prev = k
    return runs


class _MaxTree:
    """Fenwick tree of (score, id) maxima over positions 0..size-1."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.score = [0] * (size + 1)
        self.id = [-1] * (size + 1)

    def update(self, pos: int, score: int, ident: int) -> None:
        k = pos + 1
        while k <= self.size:
            if score > self.score[k]:
                self.score[k], self.id[k] = score, ident
            k += k & -k

    def query(self, pos: int) -> tuple[int, int]:
        """Best (score, id) at positions 0..pos; (0, -1) when there is none."""
        best, ident = 0, -1
        k = pos + 1
        while k > 0:
            if self.score[k] > best:
                best, ident = self.score[k], self.id[k]
            k -= k & -k
        return best, ident


def align(a: Sequence[str], b: Sequence[str],
          settings: DiffSettings | None = None) -> Aligned:
    """Operations turning paragraphs ``a`` into ``b``, in reading order.

    Every index of ``a`` and of ``b`` is in exactly one operation. Operations follow B's
    order; deleted paragraphs come where they stood in A, moved ones where they stand in B.
    """
    settings = settings or DiffSettings()
    aligner = _Aligner(a, b, settings)
    pairs, multi = aligner.candidates()
    anchors = aligner.chain(_order(aligner.unique_equal(pairs)))
    in_order = [p for p in pairs if p.similarity >= settings.min_similarity]
    chain = aligner.chain(_order(anchors + _between(anchors, in_order + multi)))
    used_a = {i for c in chain for i in range(c.a_lo, c.a_hi + 1)}
    used_b = {j for c in chain for j in range(c.b_lo, c.b_hi + 1)}
    moves: list[Match] = []
    for p in sorted(pairs, key=lambda p: (-p.similarity, p.a_lo + p.b_lo,
                                          abs(p.a_lo - p.b_lo), p.a_lo)):
        if (p.similarity >= settings.min_move_similarity
                and p.a_lo not in used_a and p.b_lo not in used_b):
            moves.append(p)
            used_a.add(p.a_lo)
            used_b.add(p.b_lo)
    ops = _in_reading_order(aligner, chain, moves, len(a), len(b))
    return Aligned(ops, [len(t) for t in aligner.na], [len(t) for t in aligner.nb])


def _in_reading_order(aligner: _Aligner, chain: list[Match], moves: list[Match],
                      n: int, m: int) -> list[Alignment]:
    moved_a = {mv.a_lo for mv in moves}
    move_at_b = {mv.b_lo: mv for mv in moves}
    in_chain_a = {i for c in chain for i in range(c.a_lo, c.a_hi + 1)}
    in_chain_b = {j for c in chain for j in range(c.b_lo, c.b_hi + 1)}
    out: list[Alignment] = []
    i = j = 0

    def flush(a_to: int, b_to: int) -> None:
        nonlocal i, j
        for k in range(i, a_to):
            if k not in in_chain_a and k not in moved_a:
                out.append(Alignment("delete", (k,), (), 0.0))
        for k in range(j, b_to):
            mv = move_at_b.get(k)
            if mv is not None:
                out.append(Alignment("move", (mv.a_lo,), (k,), mv.similarity))
            elif k not in in_chain_b:
                out.append(Alignment("insert", (), (k,), 0.0))
        i, j = max(i, a_to), max(j, b_to)

    for c in chain:
        flush(c.a_lo, c.b_lo)
        a_idx = tuple(range(c.a_lo, c.a_hi + 1))
        b_idx = tuple(range(c.b_lo, c.b_hi + 1))
        kind = c.kind
        if kind == "pair":
            kind = "equal" if aligner.na[c.a_lo] == aligner.nb[c.b_lo] else "edit"
        out.append(Alignment(kind, a_idx, b_idx, 1.0 if kind == "equal" else c.similarity))
        i, j = c.a_hi + 1, c.b_hi + 1
    flush(n, m)
    return out
