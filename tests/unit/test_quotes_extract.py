"""Extraction of direct quotations: typography, nesting, paragraphs, boilerplate."""

from __future__ import annotations

import pytest

from corpus_cli.models import Document, Paragraph
from corpus_cli.quotes import quotes_of_article
from corpus_cli.quotes.extract import extract
from corpus_cli.text.article import build_article


def texts_of(body: str) -> list[str]:
    """The quotes of a one-article text (its first line is the headline)."""
    article = build_article(Document(name="t.txt", text=body, format="txt"), None)
    return [q.text(body) for q in extract(body, article.paragraphs, article.title_span)]


def one_paragraph(text: str) -> list[str]:
    return [q.text(text) for q in extract(text, [Paragraph(0, 0, len(text), text)])]


@pytest.mark.parametrize(("text", "expected"), [
    ("He said: “We will win.”", ["We will win."]),
    ('"We will win," he said.', ["We will win"]),
    ("She called it «une erreur» in French.", ["une erreur"]),
    ("He called it ‘madness’ on Monday.", ["madness"]),
    ("He called it 'madness' on Monday.", ["madness"]),
    ("„Wir schaffen das“, sagte sie.", ["Wir schaffen das"]),
    ("“We won’t go,” he said. “Not now.”", ["We won’t go", "Not now."]),
    ("“It’s ours,’’ says the founder.", ["It’s ours"]),
])
def test_marks_of_every_kind(text: str, expected: list[str]) -> None:
    assert one_paragraph(text) == expected


@pytest.mark.parametrize("text", [
    "Putin’s war and Mink’s alignment, don't you think? The workers' union met in the '90s.",
    "Rock'n'roll is fun. It is 5' 11\" tall.",
    "",
    "No quotes here at all.",
])
def test_apostrophes_and_measures_are_not_quotes(text: str) -> None:
    assert one_paragraph(text) == []


def test_nested_quotes_stay_inside_the_outer_one() -> None:
    text = "“Then they say, ‘Oh my gosh, the cupboards are bare.’ So I think,” he said."
    assert one_paragraph(text) == [
        "Then they say, ‘Oh my gosh, the cupboards are bare.’ So I think"]


def test_unbalanced_marks_are_tolerated() -> None:
    assert one_paragraph("They called it ‘totally unprovoked” on Sunday.") == [
        "totally unprovoked"]
    assert one_paragraph("\"Refuse to fight in Putin's war', she said.") == [
        "Refuse to fight in Putin's war"]


def test_a_forgotten_closing_mark_does_not_swallow_the_paragraph() -> None:
    text = 'voters picked "no collusion" and "wheelhouse and "in the books" -- it said.'
    assert one_paragraph(text) == ["no collusion", "wheelhouse and", "in the books"]


def test_titles_in_quotation_marks_are_not_quotes() -> None:
    assert one_paragraph("He starred in “The Kid Who Would Be King” last year.") == []


def test_brackets_inside_a_quote_stay_part_of_it() -> None:
    text = "She said: “I’m sure that he [Lukashenko] would give the order.”"
    assert one_paragraph(text) == ["I’m sure that he [Lukashenko] would give the order."]


def test_multi_paragraph_quote_skips_boilerplate_between_its_paragraphs() -> None:
    body = ("Headline\n\nThe soldiers wrote: “First part.\n\n“Second part.\n\n"
            "Sign up for our newsletter today\n\n“Third part.”\n\nAfter.\n")
    article = build_article(Document(name="t.txt", text=body, format="txt"), None)
    flagged = [p.text for p in article.paragraphs if p.boilerplate]
    assert flagged, "the fixture needs a boilerplate paragraph"
    spans = extract(body, article.paragraphs, article.title_span)
    assert len(spans) == 1
    assert [body[p.start : p.end] for p in spans[0].parts] == [
        "First part.", "Second part.", "Third part."]
    assert spans[0].text(body) == "First part.\n\nSecond part.\n\nThird part."


def test_an_open_quote_not_continued_ends_with_its_paragraph() -> None:
    body = "Headline\n\nHe said: “We will win\n\nThen he left.\n"
    assert texts_of(body) == ["We will win"]


def test_headline_quotes_count() -> None:
    body = "Lukashenko says Russia 'must be ready' to act\n\nBody text here.\n"
    assert texts_of(body) == ["must be ready"]


def test_partial_means_one_to_three_words() -> None:
    text = "It was “held hostage” and “a very long quotation indeed”."
    quotes = quotes_of_article(text, [Paragraph(0, 0, len(text), text)])
    assert [(q.text, q.partial) for q in quotes] == [
        ("held hostage", True), ("a very long quotation indeed", False)]


def test_spans_exclude_the_outer_marks_and_slice_the_text() -> None:
    text = "He said: “We will win,” and left."
    (quote,) = quotes_of_article(text, [Paragraph(0, 0, len(text), text)])
    assert text[quote.start : quote.end] == "We will win"
    assert text[quote.start - 1] == "“"
