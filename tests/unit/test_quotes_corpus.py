"""Golden cases on the sample corpus: every item of the quotes issue, §1 to §3."""

from __future__ import annotations

from functools import cache

import pytest

from corpus_cli.ingest.run import dry_run
from corpus_cli.models import Article, Quote
from corpus_cli.quotes.corpus import article_quotes
from corpus_cli.quotes.group import group_quotes
from tests.conftest import CORPUS, CORPUS_FILES


@cache
def articles() -> dict[str, Article]:
    """The sample articles as ingest would store them (boilerplate flags included)."""
    read = [a for a in dry_run([str(f) for f in CORPUS_FILES], root=CORPUS.parent)
            if isinstance(a, Article)]
    return {a.document.name.rsplit("/", 1)[-1][:3]: a for a in read}


@cache
def quotes(number: str) -> list[Quote]:
    return [loc.quote for loc in article_quotes([articles()[number]])]


def find(number: str, start: str) -> Quote:
    found = [q for q in quotes(number) if q.text.startswith(start)]
    assert len(found) == 1, [q.text[:40] for q in quotes(number)]
    return found[0]


def test_two_paragraph_tweet_quote_in_000() -> None:
    quote = find("000", "Belarus preparing additional restrictions")
    assert len(quote.parts) == 2
    assert quote.text.endswith("Belarusian Reformation reports.")
    assert "‘contradicts the interests of national security’" in quote.text
    assert quote.speaker == "The Kyiv Independent"
    assert quote.cue == "wrote"


def test_officers_letter_continues_across_the_promo_block_in_000() -> None:
    article = articles()["000"]
    quote = find("000", "Russia’s occupation")
    assert len(quote.parts) == 3
    assert quote.text.endswith("would be an act of pure suicide.")
    promo = next(p for p in article.paragraphs if p.text.startswith("DON’T MISS"))
    assert promo.boilerplate
    assert quote.start < promo.start < quote.end
    assert "DON’T MISS" not in quote.text
    assert quote.speaker == "the soldiers"  # "They continued:" after "The soldiers wrote:"


def test_mismatched_marks_in_001_and_004() -> None:
    unprovoked = find("001", "totally unprovoked")
    assert unprovoked.partial
    text = articles()["001"].text
    assert text[unprovoked.start - 1] == "‘"
    assert text[unprovoked.end] == "”"
    war = find("004", "Do not follow the criminal orders")
    assert war.text.endswith("Refuse to participate in Putin's war")
    assert war.speaker == "Svetlana Tikhanovskaya"


def test_headline_quotes_count() -> None:
    assert find("004", "Don't follow the regime's criminal orders").partial is False
    headline = articles()["002"].title_span
    assert headline is not None
    in_headline = [q for q in quotes("002") if q.end <= headline.end]
    assert [(q.text, q.partial) for q in in_headline] == [
        ("held hostage", True), ("pay back", True)]


def test_bracket_inside_a_quote_in_003() -> None:
    quote = find("003", "I’m sure that he [Lukashenko] would")
    assert quote.speaker == "Sviatlana Tsikhanouskaya"  # "Ms Tsikhanouskaya said:"
    assert quote.mention == "Tsikhanouskaya"


@pytest.mark.parametrize(("number", "start", "speaker", "cue"), [
    ("003", "We need to have options", "Lukashenko", "cited … as saying"),  # Belta cited X
    ("003", "The head of our country", "Vladimir Makei", "cited … as saying"),  # Izvestia
    ("002", "Putin is asking", "Franak Viačorka", "explained"),  # Mr Viačorka explained:
    ("002", "We foresee such options", "Andrii Kovalchuk", "told"),  # He told Sky News:
    ("002", "I would like to emphasise", "Lukashenko", "saying"),  # …, saying: “…”
    ("002", "We are preparing for all possible", "Volodymyr Zelensky", "said"),  # “…” X said
    ("004", "Lukashenko and Putin are dragging", "Svetlana Tikhanovskaya", "said"),  # said X
    ("001", "Today we hear", "Putin", "said"),  # Putin said: “…”
    ("002", "combat readiness inspection", "independent Belarusian media", "according to"),
    ("003", "It brings him much closer", "a senior European official", "said"),
])
def test_attribution_patterns(number: str, start: str, speaker: str, cue: str) -> None:
    quote = find(number, start)
    assert quote.speaker == speaker
    assert quote.cue == cue
    assert 0 < quote.confidence <= 1
    assert quote.reason


def test_continuations_keep_the_speaker() -> None:
    # "She added: “…” / “They are not sure …”": the paragraph after continues the quote.
    quote = find("003", "I think that the Russian command")
    assert quote.speaker == "Sviatlana Tsikhanouskaya"
    assert quote.mention == "She"
    # A second quote in the same paragraph, with no cue of its own.
    assert find("003", "(That’s) in order").speaker == "Lukashenko"
    assert "continues the previous speaker" in find("003", "(That’s) in order").reason


def test_one_speaker_key_for_every_spelling_of_tsikhanouskaya() -> None:
    located = article_quotes(articles().values())
    groups = group_quotes(located)
    keys = {m.quote.speaker: m.speaker_key for g in groups for m in g.members}
    assert keys["Sviatlana Tsikhanouskaya"] == keys["Svetlana Tikhanovskaya"]
    assert keys["Sviatlana Tsikhanouskaya"] != keys["Franak Viačorka"]


def test_groups_across_sources() -> None:
    groups = group_quotes(article_quotes(articles().values()))

    def group_of(start: str) -> set[tuple[str, str]]:
        (group,) = [g for g in groups if any(m.quote.text.startswith(start) for m in g.members)]
        return {(m.path.rsplit("/", 1)[-1][:3], m.quote.text[:26].strip())
                for m in group.members}

    # The same letter in 000 and 001 (one 'totally unprovoked' with mismatched marks).
    assert {p for p, _ in group_of("At the present moment")} == {"000", "001"}
    assert {p for p, _ in group_of("totally unprovoked")} == {"000", "001"}
    # Wording differences: the headline's "Don't follow the regime's criminal orders".
    assert group_of("Don't follow") == {("004", "Don't follow the regime's"),
                                        ("004", "Do not follow the criminal")}
    # A fragment joins the fuller quote that contains it: "pure suicide".
    assert ("000", "pure suicide") in group_of("Russia’s occupation")
    assert ("001", "pure suicide") in group_of("Russia’s occupation")
