"""Bounded comparisons (issue 20, item 3): ``corpus_cli.lcs`` and what uses it.

Ordinary inputs must give what they gave before the bounds: the exact rapidfuzz answers,
and the faster scans (tokens, shingle codes, whitespace collapse) exactly the strings and
counts of the code they replaced, which is written out here as the reference. Long inputs
take the bounded path: forced here on small inputs (``exact_cells=0`` and tiny pieces), its
blocks must always be a valid common subsequence, and on edited copies close to the exact
one.
"""

from __future__ import annotations

import re
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel, LCSseq

from corpus_cli import anchors, lcs
from corpus_cli.diff import coded, scan, shingles
from corpus_cli.diff import words as diff_words_module
from corpus_cli.diff.paragraphs import _WORD, matching_form
from corpus_cli.diff.run import diff_sides
from corpus_cli.diff.words import bounded_opcodes, diff_words, rapidfuzz_opcodes, tokens
from corpus_cli.text.normalize import normalize
from tests.properties.test_diff_properties import article, edited, side

VOCABULARY = [f"w{k}" for k in range(60)] + ["the", "a", "of", "said"]
token_lists = st.lists(st.sampled_from(VOCABULARY), max_size=120)
text_alphabet = "ab c’“”‘\t\n.,-–İßﬁé\u0301\u00a0\u2028½…_'9Z"
texts = st.text(alphabet=text_alphabet, max_size=80)


def valid(blocks: list[lcs.Block], a: object, b: object) -> int:
    """Check ``blocks`` are a common subsequence of ``a`` and ``b``; its length."""
    x_end = y_end = 0
    for x, y, size in blocks:
        assert size > 0
        assert x >= x_end
        assert y >= y_end
        assert a[x : x + size] == b[y : y + size]  # type: ignore[index]
        x_end, y_end = x + size, y + size
    assert x_end <= len(a)
    assert y_end <= len(b)
    return sum(size for _x, _y, size in blocks)


@pytest.fixture
def tiny_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bounded path's pieces, windows and samples at toy sizes, so that a hundred
    tokens go through anchors, recursion and the diagonal cut as 10 MB do."""
    monkeypatch.setattr(lcs, "GAP_CELLS", 64)
    monkeypatch.setattr(lcs, "WINDOW", 8)


# -- ordinary inputs: the exact answers -------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(token_lists, token_lists)
def test_below_the_bound_the_answers_are_rapidfuzz_s(a: list[str], b: list[str]) -> None:
    blocks = [(x, y, s) for x, y, s in LCSseq.opcodes(a, b).as_matching_blocks() if s]
    assert lcs.matching_blocks(a, b) == blocks
    assert lcs.common_length(a, b) == LCSseq.similarity(a, b)
    assert lcs.similarity(a, b) == Indel.normalized_similarity(a, b)
    assert bounded_opcodes(a, b) == rapidfuzz_opcodes(a, b)


@settings(max_examples=200, deadline=None)
@given(edited(), st.booleans())
def test_ordinary_articles_never_take_the_bounded_path(
        pair: tuple[list[str], list[str]], ignore_punctuation: bool) -> None:
    # The "same result as before" of the bounds: below EXACT_CELLS every comparison is
    # the rapidfuzz call it always was, so an ordinary diff never builds a bounded one.
    original = anchors.Bounded.__init__

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an ordinary article took the bounded path")

    anchors.Bounded.__init__ = refuse  # type: ignore[method-assign]
    try:
        from corpus_cli.diff.model import DiffSettings

        diff_sides(side(pair[0]), side(pair[1]),
                   DiffSettings(ignore_punctuation=ignore_punctuation))
    finally:
        anchors.Bounded.__init__ = original  # type: ignore[method-assign]


_OLD_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def old_tokens(text: str) -> tuple[list[int], list[str]]:
    """``diff.words.tokens`` as it was before the bounds (two regex scans, a key each)."""
    pieces = diff_words_module._PIECE.findall(text)
    lead = len(text) - len(text.lstrip())
    starts = list(accumulate(map(len, pieces), initial=lead))[:-1]
    if text.isascii():
        return starts, _OLD_TOKEN.findall(text.lower())
    return starts, [t.lower() if t.isascii() else normalize(t) for t in _OLD_TOKEN.findall(text)]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([scan.CHUNK, 0, 3, 17]))
def test_tokens_are_what_they_were_in_slices_or_not(text: str, chunk: int) -> None:
    original = scan.CHUNK
    scan.CHUNK = chunk  # slices of any size cut the text into the same tokens
    try:
        starts, keys = tokens(text)
        assert (list(starts), keys) == old_tokens(text)
        assert scan.findall(_WORD, text, {}) == _WORD.findall(text)
    finally:
        scan.CHUNK = original


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalize_collapses_spaces_as_split_and_join_do(text: str) -> None:
    norm = normalize(text)
    assert norm == " ".join(norm.split())
    assert normalize(text + "  " + text) == " ".join(f"{norm} {norm}".split())


@settings(max_examples=150, deadline=None)
@given(article, article, st.booleans())
def test_coded_shingles_count_as_tuples_do(a: list[str], b: list[str], hashed: bool) -> None:
    na, nb = [normalize(t) for t in a], [normalize(t) for t in b]
    wa, wb = [_WORD.findall(t) for t in na], [_WORD.findall(t) for t in nb]
    as_tuples = shingles.shared_shingles(na, nb, wa, wb)
    assert coded.coded_shingles(na, nb, wa, wb) == as_tuples
    if hashed:  # a vocabulary too large for exact codes: 64-bit hashes of the 3-grams
        original = coded._EXACT_VOCABULARY
        coded._EXACT_VOCABULARY = 0
        try:
            assert coded.coded_shingles(na, nb, wa, wb) == as_tuples
        finally:
            coded._EXACT_VOCABULARY = original


# -- the bounded path, forced -----------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(token_lists, token_lists)
def test_bounded_blocks_are_always_a_common_subsequence(a: list[str], b: list[str]) -> None:
    original = lcs.GAP_CELLS, lcs.WINDOW
    lcs.GAP_CELLS, lcs.WINDOW = 64, 8
    try:
        found = valid(lcs.matching_blocks(a, b, exact_cells=0), a, b)
        assert found <= LCSseq.similarity(a, b)
        assert lcs.common_length(a, b, exact_cells=0) == found
        text_a, text_b = " ".join(a), " ".join(b)
        found = valid(lcs.matching_blocks(text_a, text_b, exact_cells=0), text_a, text_b)
        assert lcs.common_length(text_a, text_b, exact_cells=0) == found
    finally:
        lcs.GAP_CELLS, lcs.WINDOW = original


@st.composite
def copies(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A text of distinct words and a copy with words substituted, dropped and added."""
    n = draw(st.integers(50, 400))
    a = [f"v{k}" for k in draw(st.permutations(range(n)))]
    b = list(a)
    for _ in range(draw(st.integers(0, max(1, n // 20)))):
        at = draw(st.integers(0, len(b) - 1))
        kind = draw(st.sampled_from(["substitute", "drop", "add"]))
        if kind == "substitute":
            b[at] = f"x{at}"
        elif kind == "drop" and len(b) > 1:
            del b[at]
        else:
            b.insert(at, f"y{at}")
    return a, b


@settings(max_examples=150, deadline=None)
@given(copies())
def test_bounded_path_finds_an_edited_copy_s_words(pair: tuple[list[str], list[str]]) -> None:
    a, b = pair
    original = lcs.GAP_CELLS, lcs.WINDOW
    lcs.GAP_CELLS, lcs.WINDOW = 64, 8
    try:
        exact = LCSseq.similarity(a, b)
        found = valid(lcs.matching_blocks(a, b, exact_cells=0), a, b)
        assert found >= 0.95 * exact
        text_a, text_b = " ".join(a), " ".join(b)
        assert (lcs.common_length(text_a, text_b, exact_cells=0)
                >= 0.95 * LCSseq.similarity(text_a, text_b))
    finally:
        lcs.GAP_CELLS, lcs.WINDOW = original


def test_repeated_text_without_anchors_falls_back_to_the_diagonal(tiny_pieces: None) -> None:
    # Nothing is found once on either side: no anchor at any length. The diagonal pieces
    # still align what they can, each exactly.
    a = ["the", "a"] * 200
    b = ["a", "the"] * 150 + ["said"] * 10
    found = valid(lcs.matching_blocks(a, b, exact_cells=0), a, b)
    assert found >= 0.9 * LCSseq.similarity(a, b)


def test_word_runs_of_a_long_paragraph_are_its_substitutions(tiny_pieces: None) -> None:
    a = " ".join(f"word{k}" for k in range(3000))
    edits = {k: f"new{k}" for k in range(17, 3000, 97)}
    b = " ".join(edits.get(k, f"word{k}") for k in range(3000))
    original = lcs.EXACT_CELLS
    lcs.EXACT_CELLS = 0
    try:
        runs = diff_words(a, b)
    finally:
        lcs.EXACT_CELLS = original
    assert "".join(r.a for r in runs) == a
    assert "".join(r.b for r in runs) == b
    assert [(r.a, r.b) for r in runs if r.kind != "equal"] == [
        (f"word{k}", new) for k, new in edits.items()]


def test_matching_form_of_a_long_text_is_normalize_s() -> None:
    text = "“Quoted”  text\u00a0with – dashes. " * 400
    assert matching_form(text, False) == " ".join(normalize(text).split())
