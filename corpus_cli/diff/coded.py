"""Shared 3-gram counts from integer codes in numpy arrays: ``shingles`` for long articles.

The same counts as ``shingles.shared_shingles`` gives with tuples. The codes are exact
(each distinct word a number, a 3-gram three of them in one integer) while there are
fewer than 2**20 distinct words, which is every real text; beyond that they are 64-bit
hashes, where two 3-grams may share a code with odds of one in a hundred billion per
pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.arrays import run_starts
from corpus_cli.diff.shingles import MAX_POSTINGS, SHINGLE, Shared

if TYPE_CHECKING:
    from numpy.typing import NDArray

_EXACT_VOCABULARY = 1 << 20
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


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


def coded_shingles(na: Sequence[str], nb: Sequence[str], words_a: Sequence[list[str]],
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
