"""The bounded path of ``corpus_cli.lcs``: anchored pieces of a long comparison.

Only comparisons over ``lcs.EXACT_CELLS`` come here, so numpy is imported by those alone
(``corpus diff`` of ordinary articles starts without it). The method is described in
``corpus_cli.lcs``, which gives each comparison its sizes (``Sizes``) and its exact
aligner: this module imports nothing of the package.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Sequence
from hashlib import blake2b
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

Tokens: TypeAlias = "str | Sequence[Hashable]"
Block = tuple[int, int, int]  # start in a, start in b, size


class Sizes(NamedTuple):
    """The bounded path's sizes (see ``corpus_cli.lcs``)."""

    gap_cells: int  # the largest stretch aligned exactly
    window: int  # tokens of A between two cuts, about
    kgrams: tuple[int, ...]  # anchor lengths tried in turn
    sample: int  # one k-gram in ``sample`` is a candidate anchor
    max_depth: int  # nested stretches before the diagonal cut


_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_BASE = np.uint64(0x100000001B3)
_SPACE = int(((ord(" ") * 0xFF51AFD7ED558CCD) % (1 << 64)) ^ (
    ((ord(" ") * 0xFF51AFD7ED558CCD) % (1 << 64)) >> 29))  # " ", mixed (``_mixed``)


def _codes(a: Tokens, b: Tokens) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Both sequences as arrays of integers, equal tokens getting equal codes."""
    if isinstance(a, str) and isinstance(b, str):
        return (np.frombuffer(a.encode("utf-32-le", "surrogatepass"), "<u4").astype(np.uint64),
                np.frombuffer(b.encode("utf-32-le", "surrogatepass"), "<u4").astype(np.uint64))
    # A keyed hash of each distinct token (a few thousand), looked up for each token by
    # map: codes depend on the tokens alone, so which anchors are sampled does too.
    code = {t: _token_hash(t) for t in dict.fromkeys(chain(a, b))}
    return (np.fromiter(map(code.__getitem__, a), np.uint64, len(a)),
            np.fromiter(map(code.__getitem__, b), np.uint64, len(b)))


def _token_hash(token: object) -> int:
    data = (token.encode("utf-8", "surrogatepass") if isinstance(token, str)
            else repr(token).encode())
    return int.from_bytes(blake2b(data, digest_size=8, key=b"corpus-lcs").digest(), "little")


def _mixed(codes: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Token codes scattered over 64 bits, in place: the terms of the k-gram hashes. A
    bijection, so mixed codes are equal exactly when the tokens are."""
    with np.errstate(over="ignore"):
        codes *= _MIX1
        codes ^= codes >> np.uint64(29)
    return codes


def _finished(h: NDArray[np.uint64]) -> NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        h ^= h >> np.uint64(31)
        h *= _MIX2
        h ^= h >> np.uint64(33)
    return h


def _kgram_hashes(mixed: NDArray[np.uint64], k: int) -> NDArray[np.uint64]:
    """A 64-bit hash of every k tokens in a row (``len(mixed) - k + 1`` of them)."""
    n = len(mixed) - k + 1
    h = mixed[:n].copy()
    with np.errstate(over="ignore"):
        for t in range(1, k):
            h *= _BASE
            h += mixed[t : t + n]
    return _finished(h)


def _hashes_at(mixed: NDArray[np.uint64], at: NDArray[np.int64], k: int,
               ) -> NDArray[np.uint64]:
    """``_kgram_hashes`` of the k-grams starting at ``at`` only."""
    h = mixed[at]
    with np.errstate(over="ignore"):
        for t in range(1, k):
            h *= _BASE
            h += mixed[at + t]
    return _finished(h)


def _unique_positions(h: NDArray[np.uint64]) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """The hashes found once in ``h`` (sorted) and where each is."""
    order = np.argsort(h, kind="stable")
    ordered = h[order]
    if not len(ordered):
        return ordered, order.astype(np.int64)
    differs = ordered[1:] != ordered[:-1]
    first = np.empty(len(ordered), bool)
    last = np.empty(len(ordered), bool)
    first[0] = last[-1] = True
    first[1:] = differs
    last[:-1] = differs
    once = first & last
    return ordered[once], order[once].astype(np.int64)


def _longest_chain(ys: list[int]) -> list[int]:
    """Indexes of the longest strictly increasing subsequence of ``ys``: patience
    sorting with back pointers."""
    tails: list[int] = []  # ys of the chains' last elements, by chain length
    tail_at: list[int] = []
    back = [-1] * len(ys)
    for i, y in enumerate(ys):
        k = bisect_left(tails, y)
        if k == len(tails):
            tails.append(y)
            tail_at.append(i)
        else:
            tails[k] = y
            tail_at[k] = i
        back[i] = tail_at[k - 1] if k else -1
    out = []
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out.append(i)
        i = back[i]
    return out[::-1]


class Bounded:
    """One bounded comparison: the token codes of both sides and what was found (the
    matching blocks, or only their total length)."""

    def __init__(self, a: Tokens, b: Tokens, sizes: Sizes,
                 exact: Callable[[Tokens, Tokens], list[Block]], *, blocks: bool = True,
                 ) -> None:
        self.a, self.b = a, b
        self.sizes, self.exact = sizes, exact
        # Mixed codes only: one array of 8 bytes a token per side (10 MB of text is 80 MB).
        self.ca, self.cb = (_mixed(codes) for codes in _codes(a, b))
        self.want_blocks = blocks
        self.found: list[Block] = []
        self.length = 0
        # Text with words (a paragraph's characters): anchors begin at word starts, where
        # an edit cannot shift them, and are fewer to hash. Otherwise (tokens, one per
        # character or not) anchors may begin anywhere.
        spaces = isinstance(a, str) and a.count(" ") + b.count(" ") >= (len(a) + len(b)) / 20
        self.ladder = ([(16, True), (6, True)] if spaces else []) + [
            (k, False) for k in sizes.kgrams]

    def blocks(self) -> list[Block]:
        self._run()
        self.found.sort()
        return _joined(self.found)

    def common_length(self) -> int:
        self.want_blocks = False
        self._run()
        return self.length

    def _run(self) -> None:
        na, nb = len(self.ca), len(self.cb)
        head = _common_prefix(self.ca, self.cb)
        tail = _common_prefix(self.ca[head:][::-1], self.cb[head:][::-1])
        self._matched(0, 0, head)
        self._solve(head, na - tail, head, nb - tail, 0)
        self._matched(na - tail, nb - tail, tail)

    def _matched(self, x: int, y: int, size: int) -> None:
        if size:
            self.length += size
            if self.want_blocks:
                self.found.append((x, y, size))

    def _exact(self, lo_a: int, hi_a: int, lo_b: int, hi_b: int) -> None:
        a, b = self.a[lo_a:hi_a], self.b[lo_b:hi_b]
        if self.want_blocks:
            self.found += [(lo_a + x, lo_b + y, s) for x, y, s in self.exact(a, b)]
        else:
            from rapidfuzz.distance import LCSseq

            self.length += int(LCSseq.similarity(a, b))

    def _solve(self, lo_a: int, hi_a: int, lo_b: int, hi_b: int, depth: int) -> None:
        n, m = hi_a - lo_a, hi_b - lo_b
        if n <= 0 or m <= 0:
            return
        if n * m <= self.sizes.gap_cells:
            self._exact(lo_a, hi_a, lo_b, hi_b)
            return
        if depth < self.sizes.max_depth:
            for k, word_starts in self.ladder:
                cuts = self._cuts(lo_a, hi_a, lo_b, hi_b, k, word_starts)
                if cuts:
                    self._between(cuts, k, lo_a, hi_a, lo_b, hi_b, depth)
                    return
        self._diagonal(lo_a, hi_a, lo_b, hi_b)

    def _candidates(self, mixed: NDArray[np.uint64], lo: int, hi: int, k: int,
                    word_starts: bool) -> tuple[NDArray[np.int64], NDArray[np.uint64]]:
        """Where candidate anchors begin in ``mixed[lo:hi]`` (absolute), and their hashes."""
        if not word_starts:
            return np.arange(lo, hi - k + 1, dtype=np.int64), _kgram_hashes(mixed[lo:hi], k)
        space = np.uint64(_SPACE)
        at = np.flatnonzero(mixed[lo : hi - k] == space) + (lo + 1)
        if lo == 0 or mixed[lo - 1] == space:
            at = np.r_[np.int64(lo), at]
        return at, _hashes_at(mixed, at, k)

    def _cuts(self, lo_a: int, hi_a: int, lo_b: int, hi_b: int, k: int, word_starts: bool,
              ) -> list[tuple[int, int]]:
        """Anchors of the region (start in A, start in B) kept as cuts, in order."""
        if hi_a - lo_a < k or hi_b - lo_b < k:
            return []
        at_a, ha = self._candidates(self.ca, lo_a, hi_a, k, word_starts)
        at_b, hb = self._candidates(self.cb, lo_b, hi_b, k, word_starts)
        # Sample by hash when the stretch is long: both sides keep the same k-grams, and
        # the chain stays short enough for a Python loop.
        if len(ha) + len(hb) > 64 * self.sizes.window:
            keep_a = np.flatnonzero(ha % np.uint64(self.sizes.sample) == 0)
            keep_b = np.flatnonzero(hb % np.uint64(self.sizes.sample) == 0)
            at_a, ha, at_b, hb = at_a[keep_a], ha[keep_a], at_b[keep_b], hb[keep_b]
        ua, pa = _unique_positions(ha)
        ub, pb = _unique_positions(hb)
        _common, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
        if not len(_common):
            return []
        xs, ys = at_a[pa[ia]], at_b[pb[ib]]
        order = np.argsort(xs, kind="stable")
        xs, ys = xs[order], ys[order]
        # Runs of anchors on one diagonal are one stretch of matching text: the chain is
        # found over the first anchor of each run, and the runs it keeps are expanded.
        diagonal = ys - xs
        new_run = np.r_[True, diagonal[1:] != diagonal[:-1]]
        starts = np.flatnonzero(new_run)
        chosen = np.zeros(len(starts), bool)
        chosen[_longest_chain(ys[starts].tolist())] = True
        kept = chosen[np.cumsum(new_run) - 1]
        xs, ys = xs[kept], ys[kept]
        # About one cut per WINDOW tokens of A: the stretches between are aligned exactly.
        window = xs // self.sizes.window
        pick = np.flatnonzero(np.r_[True, window[1:] != window[:-1]])
        cuts = []
        end_a, end_b = lo_a, lo_b
        ca, cb = self.ca, self.cb
        for x, y in zip(xs[pick].tolist(), ys[pick].tolist(), strict=True):
            if x >= end_a and y >= end_b and np.array_equal(ca[x : x + k], cb[y : y + k]):
                cuts.append((x, y))
                end_a, end_b = x + k, y + k
        return cuts

    def _between(self, cuts: list[tuple[int, int]], k: int, lo_a: int, hi_a: int,
                 lo_b: int, hi_b: int, depth: int) -> None:
        x0, y0 = lo_a, lo_b
        for x, y in cuts:
            self._solve(x0, x, y0, y, depth + 1)
            self._matched(x, y, k)
            x0, y0 = x + k, y + k
        self._solve(x0, hi_a, y0, hi_b, depth + 1)

    def _diagonal(self, lo_a: int, hi_a: int, lo_b: int, hi_b: int) -> None:
        """Pieces along the diagonal, each aligned exactly: the last resort."""
        n, m = hi_a - lo_a, hi_b - lo_b
        pieces = min(n, m, max(1, int(np.ceil(np.sqrt(n * m / self.sizes.gap_cells)))))
        xa = [lo_a + n * t // pieces for t in range(pieces + 1)]
        yb = [lo_b + m * t // pieces for t in range(pieces + 1)]
        for t in range(pieces):
            self._exact(xa[t], xa[t + 1], yb[t], yb[t + 1])


def _common_prefix(a: NDArray[np.uint64], b: NDArray[np.uint64]) -> int:
    n = min(len(a), len(b))
    differs = np.flatnonzero(a[:n] != b[:n])
    return int(differs[0]) if len(differs) else n


def _joined(blocks: list[Block]) -> list[Block]:
    """Adjacent blocks as one, as difflib reports them."""
    out: list[Block] = []
    for x, y, s in blocks:
        if out and out[-1][0] + out[-1][2] == x and out[-1][1] + out[-1][2] == y:
            px, py, ps = out[-1]
            out[-1] = (px, py, ps + s)
        else:
            out.append((x, y, s))
    return out
