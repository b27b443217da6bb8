"""Attribution on small hand-made texts: each pattern, pronouns, names, descriptions."""

from __future__ import annotations

import pytest

from corpus_cli.models import Document, Quote
from corpus_cli.quotes import quotes_of_article
from corpus_cli.text.article import build_article


def quotes_in(*paragraphs: str) -> list[Quote]:
    body = "Headline\n\n" + "\n\n".join(paragraphs) + "\n"
    article = build_article(Document(name="t.txt", text=body, format="txt"), None)
    return quotes_of_article(body, article.paragraphs, article.title_span)


@pytest.mark.parametrize(("paragraph", "speaker", "cue"), [
    ("“We will win,” Jane Smith said.", "Jane Smith", "said"),
    ("“We will win,” said Jane Smith, the mayor.", "Jane Smith", "said"),
    ("Jane Smith told reporters: “We will win.”", "Jane Smith", "told"),
    ("Jane Smith wrote: “We will win.”", "Jane Smith", "wrote"),
    ("Jane Smith added: “We will win.”", "Jane Smith", "added"),
    ("Jane Smith explained: “We will win.”", "Jane Smith", "explained"),
    ("“We will win,” according to Jane Smith.", "Jane Smith", "according to"),
    ("According to Jane Smith, “we will win”.", "Jane Smith", "according to"),
    ("“We will win,” the agency cited Jane Smith as saying.", "Jane Smith",
     "cited … as saying"),
    ("“We will win,” Jane Smith, a city councillor, said.", "Jane Smith", "said"),
    ("“We will win,” says Cambridge cartoonist Jane Smith.", "Jane Smith", "says"),
    ("“We will win,” a senior official said.", "a senior official", "said"),
    ("In a statement, Jane Smith rejected the claims, saying: “We will win.”", "Jane Smith",
     "saying"),
])
def test_patterns(paragraph: str, speaker: str, cue: str) -> None:
    (quote,) = quotes_in(paragraph)
    assert (quote.speaker, quote.cue) == (speaker, cue)
    assert quote.confidence > 0.5


def test_colon_after_a_sentence_naming_the_speaker() -> None:
    (quote,) = quotes_in("Jane Smith had one message for the crowd: “We will win.”")
    assert quote.speaker == "Jane Smith"
    assert "colon" in quote.reason


def test_a_quote_continuing_the_previous_speaker() -> None:
    first, second, third = quotes_in("“We will win,” Jane Smith said. “Believe it.”",
                                     "“And soon.”")
    assert first.speaker == second.speaker == third.speaker == "Jane Smith"
    assert "continues" in second.reason
    assert third.confidence < first.confidence


def test_pronouns_and_short_names_resolve_to_the_fullest_name() -> None:
    quotes = quotes_in(
        "Opposition leader Jane Smith arrived on Monday.",
        "“We will win,” she said.",
        "“It is time,” Ms Smith added.",
    )
    assert [(q.speaker, q.mention) for q in quotes] == [
        ("Jane Smith", "she"), ("Jane Smith", "Smith")]


def test_a_description_resolves_to_the_person_named_after_the_same_noun() -> None:
    quotes = quotes_in(
        "Ukrainian President Volodymyr Zelensky spoke first.",
        "Talks went on. Then John Brown, a farmer, spoke about the harvest.",
        "“We are ready,” the Ukrainian President said.",
    )
    assert quotes[0].speaker == "Volodymyr Zelensky"
    assert quotes[0].mention == "the Ukrainian President"


def test_no_speaker_is_reported_as_unknown() -> None:
    (quote,) = quotes_in("The sign read “Closed for the winter season” all week.")
    assert quote.speaker is None
    assert quote.speaker_kind == "unknown"
    assert quote.confidence == 0.0
