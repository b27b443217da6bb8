"""Invariants of the text model, checked on generated text."""

import re

from hypothesis import example, given, settings
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


@given(texts, st.integers(min_value=1, max_value=40))
def test_a_text_normalised_in_pieces_is_the_text_normalised(text: str, size: int) -> None:
    from corpus_cli.text.normalize import normalized_pieces

    assert "".join(normalized_pieces(text, size)) == normalize(text)


# Pieces of paragraphs that the boilerplate rules look at: their phrases, tagged and short
# lines, sentences, and the troublemaking characters.
_PHRASES = st.sampled_from([
    "We use cookies", "cookie policy", "unsubscribe at any time", "Read the full article",
    "join group", "We use your sign-up to provide content", "Read more", "Related:",
    "Sign up to our daily newsletter", "Listen to this article", "Follow us on Twitter",
    "[REPORT]", "Headline Of The Day", "(BalkanWeb)", "© 2005 The Gazette",
    "The minister said on Tuesday that talks would resume.", "Net 22.5 mln vs 18.1 mln",
    "ﬁnal “quote” — ßtraße İstanbul é\u0301", "\u00a0", "word",
])
_SEPARATORS = st.sampled_from([" ", " ", "  ", "\n", "\r\n", "\u2028", "\t"])
_PARAGRAPHS = st.lists(st.tuples(_PHRASES, _SEPARATORS), min_size=1, max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts).strip())


@given(_PARAGRAPHS, st.integers(min_value=1, max_value=200),
       st.integers(min_value=1, max_value=60),
       st.sampled_from([None, "headline of the day", "read more"]))
# Found by this test: one long line ending with a tag is promo links, as when short.
@example("The minister said on Tuesday that talks would resume. [REPORT]", 67, 1, None)
@settings(max_examples=150, deadline=None)
def test_a_long_paragraph_has_the_facts_of_its_whole_normalised_text(
        paragraph: str, repeat: int, piece_chars: int, headline_norm: str | None) -> None:
    """Normalised in pieces, a paragraph of any length gets the hash, word count and
    boilerplate reason it gets normalised whole (the way ingest reads 300 MB lines)."""
    from corpus_cli.text.boilerplate import (
        _long_paragraph_facts,
        norm_hash,
        paragraph_facts,
        pattern_reason,
    )

    long_one = (" " if repeat % 2 else "\n").join([paragraph] * repeat)
    norm = normalize(long_one)
    whole = (norm_hash(norm), norm.count(" ") + 1 if norm else 0,
             pattern_reason(long_one, norm=norm, headline_norm=headline_norm))
    assert tuple(_long_paragraph_facts(long_one, headline_norm, piece_chars)) == whole
    assert tuple(paragraph_facts(long_one, headline_norm)) == whole
