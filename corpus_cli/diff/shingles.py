"""Shared word 3-grams between the paragraphs of two articles: the candidate pairs.

A paragraph's shingles are its distinct word 3-grams (a paragraph of one or two words is
one shingle of its words; one without words, "* * *", is its whole text). Two paragraphs
are counted once per shingle they share, over shingles found in at most
``MAX_POSTINGS`` paragraphs of B ("the prime minister" says nothing about which pair
belongs together, and scanning its postings would make long articles quadratic).

Articles of ordinary size use Python tuples and dictionaries. From ``CODED_WORDS`` words
on both sides (a 10 MB paragraph has 1.7 million) the same counts come from integer
codes in numpy arrays (``coded.py``): tuples for millions of 3-grams took seconds and
hundreds of MB.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain

SHINGLE = 3
# A 3-gram found in more paragraphs than this says nothing about which pair belongs
# together ("the prime minister"), and scanning its postings would make long articles
# quadratic.
MAX_POSTINGS = 24
CODED_WORDS = 200_000

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
        from corpus_cli.diff.coded import coded_shingles  # numpy, for long articles only

        return coded_shingles(na, nb, words_a, words_b)
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
