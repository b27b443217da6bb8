"""Speaker keys, quote groups and the misquote check, on hand-made quotes."""

from __future__ import annotations

import pytest

from corpus_cli.models import Quote, Span
from corpus_cli.quotes.corpus import check
from corpus_cli.quotes.group import Located, group_quotes, normal_words, same_words, word_diff
from corpus_cli.quotes.speakers import SpeakerKeys, matches, same_person, skeleton


@pytest.mark.parametrize("names", [
    ("Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya", "Tikhanovskaya", "Tsikhanouskaya"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelenskiy"),
    ("Alexander Lukashenko", "Aleksandr Lukashenka", "Lukashenko"),
])
def test_spellings_of_one_person_share_a_key(names: tuple[str, ...]) -> None:
    keys = SpeakerKeys((n, "name") for n in names)
    assert len({keys.key(n) for n in names}) == 1
    fullest = [n for n in names if len(n.split()) == 2]
    assert keys.display(keys.key(names[-1])) == min(fullest)  # fullest, then alphabetical


def test_different_people_keep_different_keys() -> None:
    keys = SpeakerKeys((n, "name") for n in ("Jane Smith", "John Smith", "Jane Brown"))
    assert len({keys.key(n) for n in ("Jane Smith", "John Smith", "Jane Brown")}) == 3
    assert not same_person("Jane Smith", "John Smith")
    assert same_person("J. Smith", "John Smith")


def test_one_readable_key_per_person_whatever_the_title_or_transliteration() -> None:
    names = ("Lukashenko", "Alexander Lukashenko", "Alyaksandr Lukashenka",
             "President Lukashenko", "Mr Lukashenko", "Alexander Lukashenko")
    keys = SpeakerKeys((n, "name") for n in names)
    assert {keys.key(n) for n in names} == {"alexander lukashenko"}  # the most used spelling
    assert matches("Lukashenka", "Lukashenko", keys.key("Lukashenko"))
    assert matches("alexander lukashenko", "Mr Lukashenko", keys.key("Mr Lukashenko"))


def test_short_skeletons_do_not_join_different_surnames() -> None:
    # Bush and Bash share the skeleton "bs"; Jeb and Dana are two people.
    names = ("Jeb Bush", "Dana Bash", "Bush", "Bash")
    keys = SpeakerKeys((n, "name") for n in names)
    assert keys.key("Bush") == keys.key("Jeb Bush") == "jeb bush"
    assert keys.key("Bash") == keys.key("Dana Bash") == "dana bash"
    assert not matches("Bash", "Jeb Bush", "jeb bush")


@pytest.mark.parametrize(("a", "b"), [
    # Short surnames a letter apart are other families, not spellings of one.
    ("David Davis", "David Davies"),
    ("Dan Backer", "Dean Baker"),
    ("Mark Levin", "Mark Levine"),
    ("Gordon Brown", "Des Browne"),
    # Middle initials that differ: father and son.
    ("George H W Bush", "George W Bush"),
])
def test_names_a_letter_apart_are_two_people(a: str, b: str) -> None:
    keys = SpeakerKeys([(a, "name"), (b, "name")])
    assert keys.key(a) != keys.key(b)
    assert not same_person(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Bashar al-Assad", "Bashar al-Asad"),  # a doubled letter is no other family
    ("Rick Waggoner", "Rick Wagoner"),
    ("Peter Jameson", "Peter Jamieson"),  # a long skeleton allows a letter more
    ("George Bush", "George W Bush"),
])
def test_spellings_a_letter_apart_can_be_one_person(a: str, b: str) -> None:
    keys = SpeakerKeys([(a, "name"), (b, "name")])
    assert keys.key(a) == keys.key(b)


def test_a_bare_surname_shared_by_two_people_goes_to_the_one_quoted_most() -> None:
    keys = SpeakerKeys([("Hillary Clinton", "name")] * 3 + [("Bill Clinton", "name"),
                                                            ("Clinton", "name")])
    assert keys.key("Clinton") == "hillary clinton"
    assert keys.key("Bill Clinton") == "bill clinton"


def test_descriptions_keep_their_words_as_key() -> None:
    keys = SpeakerKeys([("the soldiers", "description"), ("Lukashenko", "name")])
    assert keys.key("the soldiers", "description") == "the soldiers"
    assert keys.key("Lukashenko") == "lukashenko"


def test_skeleton_folds_transliteration() -> None:
    assert skeleton("Tsikhanouskaya") == skeleton("Tikhanovskaya") == "tnsk"
    assert skeleton("Viačorka") == skeleton("Viacorka")
    assert skeleton("Jane") != skeleton("Ann")


def test_speaker_filter_matches_any_spelling() -> None:
    keys = SpeakerKeys([("Sviatlana Tsikhanouskaya", "name")])
    key = keys.key("Sviatlana Tsikhanouskaya")
    assert matches("Tikhanovskaya", "Sviatlana Tsikhanouskaya", key)
    assert matches("sviatlana", "Sviatlana Tsikhanouskaya", key)
    assert not matches("Lukashenko", "Sviatlana Tsikhanouskaya", key)


def quote(text: str, speaker: str | None = "Jane Smith") -> Quote:
    return Quote(0, len(text), (Span(0, len(text)),), text, len(text.split()) <= 3, speaker,
                 speaker, "said", "name" if speaker else "unknown", 0.9, "test")


def loc(article: str, text: str, speaker: str | None = "Jane Smith") -> Located:
    return Located(article, f"{article}.txt", None, quote(text, speaker))


def test_normal_words_ignore_case_punctuation_and_contractions() -> None:
    assert normal_words("Don't follow the regime’s orders!") == (
        "do", "not", "follow", "the", "regime", "orders")


def test_groups_exact_punctuation_wording_and_containment() -> None:
    items = [
        loc("a", "Do not follow the criminal orders of the regime."),
        loc("b", "Don't follow the regime's criminal orders"),
        loc("c", "do not follow the criminal orders of the regime"),
        loc("d", "criminal orders"),  # a fragment inside the fuller quote
        loc("e", "We will rebuild every bridge in the country."),
        loc("f", "orders"),  # one word: too common to join anything
    ]
    groups = group_quotes(items)
    by_article = {m.article_id: g.group for g in groups for m in g.members}
    assert by_article["a"] == by_article["b"] == by_article["c"] == by_article["d"]
    assert by_article["e"] != by_article["a"]
    assert by_article["f"] != by_article["a"]
    (main,) = [g for g in groups if len(g.members) == 4]
    assert main.text == "Do not follow the criminal orders of the regime."
    assert main.articles == 4


def test_groups_do_not_depend_on_input_order() -> None:
    items = [loc("a", "We will win this war."), loc("b", "We will win this war"),
             loc("c", "Something else entirely, said with care.")]
    first = [(g.group, [m.article_id for m in g.members]) for g in group_quotes(items)]
    again = [(g.group, [m.article_id for m in g.members]) for g in group_quotes(items[::-1])]
    assert first == again


def test_word_diff_marks_changed_words_over_the_covered_stretch() -> None:
    pieces = word_diff("they are pulling Belarus", "Lukashenko and Putin are dragging Belarus in")
    assert [(p.op, p.text, p.was) for p in pieces] == [
        ("insert", "they", ""), ("equal", "are", "are"), ("replace", "pulling", "dragging"),
        ("equal", "Belarus", "Belarus")]


def test_same_words_ignores_punctuation_and_accepts_a_run() -> None:
    assert same_words("“We will win,” ", "we will win")
    assert same_words("will win", "We will win.")
    assert not same_words("We shall win", "We will win")


def test_check_reports_misquotes_and_misattributions_only() -> None:
    stored = [loc("s1", "We are dragging Belarus into an all-out war against Ukraine"),
              loc("s2", "We are preparing for all possible defence scenarios", "John Brown"),
              loc("s3", "Today we hear that they want to defeat us on the battlefield.")]
    new = [loc("n", "We are pulling Belarus into an all-out war against Ukraine"),
           loc("n", "We are preparing for all possible defence scenarios", "Jane Smith"),
           loc("n", "today we hear that they want to defeat us"),  # a run of the stored words
           loc("n", "A completely new statement about the harvest this year.")]
    findings = check(stored, new)
    assert {(f.kind, f.stored.article_id) for f in findings} == {
        ("misquote", "s1"), ("misattribution", "s2")}
    misquote = next(f for f in findings if f.kind == "misquote")
    assert any(p.op == "replace" and p.text == "pulling" for p in misquote.diff)
