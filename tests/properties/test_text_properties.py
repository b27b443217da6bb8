"""Invariants of the text model, checked on generated text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_cli.models import Document
from corpus_cli.text.article import build_article
from corpus_cli.text.normalize import normalize, normalize_with_map
from corpus_cli.text.segment import layout, sentences

# News-like characters plus the troublemakers: curly quotes, dashes, ligatures,
# combining marks, zero-width and non-breaking spaces, every line ending.
ALPHABET = st.sampled_from(list(
    "abcXYZ019 .,;:!?'\"-()[]" "“”‘’«»–—…" "éßİﬁ" "\u0301\u00ad\u200b\u00a0\t" "\n\r"
))
texts = st.text(ALPHABET, max_size=300)
lines = st.lists(st.text(ALPHABET.filter(lambda c: c not in "\r\n"), max_size=40), max_size=12)
EOLS = st.sampled_from(["\n", "\r\n", "\r"])


@given(texts)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(texts)
def test_map_version_agrees_with_fast_version(text: str) -> None:
    assert normalize_with_map(text).text == normalize(text)


@given(texts)
def test_every_normalised_word_maps_back_to_raw_text_that_normalises_to_it(text: str) -> None:
    norm = normalize_with_map(text)
    for m in re.finditer(r"\S+", norm.text):
        start, end = norm.offsets.span(m.start(), m.end())
        assert 0 <= start <= end <= len(text)
        assert normalize(text[start:end]) == m.group()


@given(lines, EOLS, st.sampled_from(["\n", "\n\n"]))
@settings(max_examples=200)
def test_paragraph_and_sentence_spans_slice_the_text_they_claim(
    body: list[str], eol: str, gap: str
) -> None:
    text = gap.replace("\n", eol).join(body)
    found = layout(text)
    spans = ([found.headline] if found.headline else []) + list(found.paragraphs)
    previous_end = 0
    for span in spans:
        piece = text[span.start : span.end]
        assert piece
        assert piece == piece.strip()
        assert span.start >= previous_end
        previous_end = span.end
    for par in found.paragraphs:
        for sentence in sentences(text, par):
            piece = text[sentence.start : sentence.end]
            assert piece
            assert piece == piece.strip()
            assert par.start <= sentence.start < sentence.end <= par.end


@given(lines, EOLS)
def test_articles_keep_their_text_and_paragraphs_cover_every_word(body: list[str],
                                                                  eol: str) -> None:
    text = (eol + eol).join(body)
    article = build_article(Document(name="x.txt", text=text, format="txt"), None)
    assert article.text == text
    spans = ([article.title_span] if article.title_span else []) + [
        p.span for p in article.paragraphs]
    covered = " ".join(text[s.start : s.end] for s in spans)
    assert sorted(covered.split()) == sorted(text.split())
    for p in article.paragraphs:
        assert text[p.start : p.end] == p.text


@given(texts)
def test_word_count_of_normalised_text_matches_wc_count(text: str) -> None:
    from corpus_cli.text.segment import count_normalized_words, count_words

    assert count_normalized_words(normalize(text)) == count_words(normalize(text))
