"""Shared word 3-grams between the paragraphs of two articles: the candidate pairs.

A paragraph's shingles are its distinct word 3-grams (a paragraph of one or two words is
one shingle of its words; one without words, "* * *", is its whole text). Two paragraphs
are counted once per shingle they share, over shingles found in at most
``MAX_POSTINGS`` paragraphs of B ("the prime minister" says nothing about which pair
belongs together, and scanning its postings would make long articles quadratic).

Articles of ordinary size use Python tuples and dictionaries. From ``CODED_WORDS`` words
on both sides (a 10 MB paragraph has 1.7 million) the same counts come from integer
codes in numpy arrays: tuples for millions of 3-grams took seconds and hundreds of MB.
The codes are exact (each distinct word a number, a 3-gram three of them in one integer)
while there are fewer than 2**20 distinct words, which is every real text; beyond that
they are 64-bit hashes, where two 3-grams may share a code with odds of one in a
hundred billion per pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.arrays import run_starts

if TYPE_CHECKING:
    from numpy.typing import NDArray

SHINGLE = 3
# A 3-gram found in more paragraphs than this says nothing about which pair belongs
# together ("the prime minister"), and scanning its postings would make long articles
# quadratic.
MAX_POSTINGS = 24
CODED_WORDS = 200_000
_EXACT_VOCABULARY = 1 << 20
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)

Shared = dict[tuple[int, int], int]


def _shingles(norm: str, words: list[str]) -> list[tuple[str, ...]]:
    """The distinct word 3-grams of a paragraph (``words``: its words, from ``norm``)."""
    if len(words) < SHINGLE:
        if not words:  # "* * *", "–": only the whole text can match
            return [("\x00", norm)] if norm else []
        return [tuple(words)]
    return list(dict.fromkeys(zip(words, words[1:], words[2:], strict=False)))


def shared_shingles(na: Sequence[str], nb: Sequence[str], words_a: Sequence[list[str]],
                    words_b: Sequence[list[str]]) -> tuple[Shared, list[int]]:
    """How many useful shingles each pair of paragraphs shares (pairs sharing none are
    left out), and how many distinct shingles each paragraph of A has."""
    total = sum(map(len, words_a)) + sum(map(len, words_b))
    if total >= CODED_WORDS:
        return _coded(na, nb, words_a, words_b)
    sa = [_shingles(t, w) for t, w in zip(na, words_a, strict=True)]
    sb = [_shingles(t, w) for t, w in zip(nb, words_b, strict=True)]
    postings: dict[tuple[str, ...], list[int]] = {}
    for j, shingles in enumerate(sb):
        for s in shingles:
            postings.setdefault(s, []).append(j)
    useful = {s: js for s, js in postings.items() if len(js) <= MAX_POSTINGS}
    get = useful.get
    shared: Shared = {}
    for i, shingles in enumerate(sa):
        counts = Counter(chain.from_iterable(get(s, ()) for s in shingles))
        for j, count in counts.items():
            shared[i, j] = count
    return shared, [len(s) for s in sa]


def _mix(h: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """splitmix64's finaliser: a bijection that scatters nearby integers."""
    with np.errstate(over="ignore"):
        h = h + _GOLDEN
        h = (h ^ (h >> np.uint64(30))) * _MIX1
        h = (h ^ (h >> np.uint64(27))) * _MIX2
        return h ^ (h >> np.uint64(31))


class _Codes:
    """Integer codes for the shingles of both articles."""

    def __init__(self, words_a: Sequence[list[str]], words_b: Sequence[list[str]]) -> None:
        self.ids = {w: n for n, w in enumerate(dict.fromkeys(
            chain(chain.from_iterable(words_a), chain.from_iterable(words_b))))}
        self.size = max(1, len(self.ids))
        self.exact = self.size < _EXACT_VOCABULARY
        self.texts: dict[str, int] = {}

    def _combine(self, first: NDArray[np.int64], second: NDArray[np.int64],
                 third: NDArray[np.int64], tag: int) -> NDArray[np.int64]:
        n = self.size
        if self.exact:
            # 3-grams below n**3; then one-word, two-word and wordless paragraphs.
            base = [0, n**3, n**3 + n, n**3 + n + n * n][tag]
            return base + (first * n + second) * n + third
        h = _mix(np.full(len(third), tag, np.uint64))
        for part in (first, second, third):
            h = _mix(h ^ part.astype(np.uint64))
        return h.view(np.int64)

    def shingles(self, norms: Sequence[str], words: Sequence[list[str]],
                 ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Each paragraph's distinct shingle codes: (paragraph, code) pairs, sorted."""
        lengths = np.fromiter(map(len, words), np.int64, len(words))
        ids = np.fromiter(map(self.ids.__getitem__, chain.from_iterable(words)), np.int64,
                          int(lengths.sum()))
        par = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
        whole = (par[:-2] == par[2:]) if len(ids) >= SHINGLE else np.zeros(0, bool)
        at = np.flatnonzero(whole)
        codes = [self._combine(ids[at], ids[at + 1], ids[at + 2], 0)]
        pars = [par[at]]
        zero = np.zeros(1, np.int64)
        for k in np.flatnonzero(lengths < SHINGLE).tolist():
            w = [self.ids[x] for x in words[k]]
            if len(w) == 1:
                code = self._combine(zero, zero, np.array(w, np.int64), 1)
            elif len(w) == 2:
                code = self._combine(zero, np.array(w[:1], np.int64), np.array(w[1:], np.int64), 2)
            elif norms[k]:
                text = self.texts.setdefault(norms[k], len(self.texts))
                code = self._combine(zero, zero, np.array([text], np.int64), 3)
            else:
                continue
            codes.append(code)
            pars.append(np.array([k], np.int64))
        code_all, par_all = np.concatenate(codes), np.concatenate(pars)
        order = np.lexsort((code_all, par_all))
        code_all, par_all = code_all[order], par_all[order]
        keep = np.ones(len(order), bool)
        keep[1:] = (code_all[1:] != code_all[:-1]) | (par_all[1:] != par_all[:-1])
        return par_all[keep], code_all[keep]


def _coded(na: Sequence[str], nb: Sequence[str], words_a: Sequence[list[str]],
           words_b: Sequence[list[str]]) -> tuple[Shared, list[int]]:
    coder = _Codes(words_a, words_b)
    par_a, code_a = coder.shingles(na, words_a)
    par_b, code_b = coder.shingles(nb, words_b)
    distinct_a = np.bincount(par_a, minlength=len(na)).tolist()
    order = np.argsort(code_b, kind="stable")
    code_b, par_b = code_b[order], par_b[order]
    starts = np.flatnonzero(run_starts(code_b))
    counts = np.diff(starts, append=len(code_b))
    distinct = code_b[starts]
    if not len(distinct) or not len(code_a):
        return {}, distinct_a
    k = np.minimum(np.searchsorted(distinct, code_a), len(distinct) - 1)
    hit = (distinct[k] == code_a) & (counts[k] <= MAX_POSTINGS)
    k, from_a = k[hit], par_a[hit]
    # Every A shingle found against each B paragraph of its postings.
    reps = counts[k]
    first = np.repeat(np.cumsum(reps) - reps, reps)
    to_b = par_b[np.repeat(starts[k], reps) + np.arange(int(reps.sum())) - first]
    pairs = np.repeat(from_a, reps) * len(nb) + to_b
    pairs.sort()
    pair_starts = np.flatnonzero(run_starts(pairs))
    pair_counts = np.diff(pair_starts, append=len(pairs))
    keys = pairs[pair_starts]
    shared = {(int(key // len(nb)), int(key % len(nb))): count for key, count
              in zip(keys.tolist(), pair_counts.tolist(), strict=True)}
    return shared, distinct_a
