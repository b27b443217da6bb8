"""Invariants of quote extraction on generated text: spans, boilerplate, no crash."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus_cli.models import Document, Paragraph
from corpus_cli.quotes import quotes_of_article
from corpus_cli.quotes.group import Located, group_quotes
from corpus_cli.text.article import build_article

# Words, spaces, line breaks and every quotation mark and apostrophe the rules know.
ALPHABET = st.sampled_from(list("aZ .,:;-—[]\n") + list("\"'“”‘’«»„‚‹›") +
                           ["said", "He", "Mr", "Smith", "told", " according to "])
texts = st.lists(ALPHABET, max_size=200).map("".join)


@given(texts)
@example('a\nHe "a" "a')  # penalties on penalties once gave a confidence of -0.15
@example("He:\"a\"“a\n«a")
@settings(max_examples=300, deadline=None)
def test_spans_slice_the_text_inside_paragraphs_that_are_not_boilerplate(text: str) -> None:
    article = build_article(Document(name="t.txt", text=text, format="txt"), None)
    quotes = quotes_of_article(text, article.paragraphs, article.title_span)
    blocks = [(p.start, p.end) for p in article.paragraphs if not p.boilerplate]
    if article.title_span is not None:
        blocks.append((article.title_span.start, article.title_span.end))
    previous_end = -1
    for quote in quotes:
        assert quote.start == quote.parts[0].start
        assert quote.end == quote.parts[-1].end
        assert quote.start >= previous_end  # in text order, never overlapping
        previous_end = quote.end
        assert quote.text == "\n\n".join(text[p.start : p.end] for p in quote.parts)
        for part in quote.parts:
            assert part.start < part.end
            assert any(lo <= part.start and part.end <= hi for lo, hi in blocks)
            assert text[part.start] not in " \n"
            assert text[part.end - 1] not in " \n"
        assert quote.partial == (len(quote.text.split()) <= 3)
        assert 0.0 <= quote.confidence <= 1.0
        assert (quote.speaker is None) == (quote.speaker_kind == "unknown")


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_at_all_is_read_without_error(text: str) -> None:
    article = build_article(Document(name="t.txt", text=text, format="txt"), None)
    quotes = quotes_of_article(text, article.paragraphs, article.title_span)
    groups = group_quotes([Located("a", "a.txt", None, q) for q in quotes])
    assert sum(len(g.members) for g in groups) == len(quotes)


def test_hostile_inputs_finish() -> None:
    """Every hostile input of bench/bench_quotes.py is read to the end, its spans valid
    (the timings are the bench's business, not the suite's)."""
    from bench.bench_quotes import hostile_inputs

    for name, text in hostile_inputs(20 * 1024).items():
        quotes = quotes_of_article(text, [Paragraph(0, 0, len(text), text)])
        for quote in quotes:
            assert 0 <= quote.start < quote.end <= len(text), name
            assert text[quote.start : quote.end] == quote.text, name
