"""The PolNeAR scorer's reading of an annotated Source (a name, or a description), and its
judgement of a speaker by a referent this team read."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_cli.evaluate.polnear import (
    Attribution,
    _reads,
    golds_of,
    read_readings,
    source_words,
)
from corpus_cli.evaluate.quotes import Scores, score_article
from corpus_cli.models import Quote, Span


@pytest.mark.parametrize(("source", "names"), [
    ("Sen. Bernie Sanders", {"bernie", "sanders"}),
    # A description that names its person is a name.
    ("Joe Madison, a D.C.-based talk radio host", {"joe", "madison"}),
    ("the Hollywood columnist Louella Parsons", {"louella", "parsons"}),
    ("his best friend at Lehigh, Bruce Turry", {"bruce", "turry"}),
    ("Mr. Rubio himself", {"rubio"}),
    ("Kaine, a former Democratic National Committee chairman", {"kaine"}),
    # A body that only qualifies the role before the name.
    ("Latino Decisions researcher Sylvia Manzano, who directed the polling",
     {"sylvia", "manzano"}),
    ("Monmouth University political scientist Patrick Murray of Christie, who opted",
     {"patrick", "murray"}),
    ("Mr. Gilbert, the convention's chief executive", {"gilbert"}),
    # Descriptions of someone not named there.
    ("the CNN host", set()),
    ("The Vermont senator", set()),
    ("Hillary Clinton’s right-hand woman", set()),
    ("a senior adviser to Mr. Trump", set()),
    ("Sen. Sanders' spokesman", set()),
    ("the White House", set()),
    ("she", set()),
])
def test_a_source_is_named_when_it_names_its_person(source: str, names: set[str]) -> None:
    assert source_words(source, [(0, len(source))])[0] == names


ARTICLE = ("Jane Smith arrived with Bob Brown. Bob Brown said the vote was close.\n\n"
           "“We will win,” she said.\n\n"
           "“It was close,” a friend said.\n")


def _scores(speakers: dict[str, str | None], readings: dict[tuple[str, int], str]) -> Scores:
    """The article scored with ``speakers`` predicted for its two quotes."""
    win = ARTICLE.index("“We")
    close = ARTICLE.index("“It")
    she = ARTICLE.index("she said")
    friend = ARTICLE.index("a friend")
    bob = ARTICLE.index("Bob Brown said")
    attributions = [
        Attribution(((bob, bob + 9),), ((bob + 15, ARTICLE.index(".\n")),)),
        Attribution(((she, she + 3),), ((win, win + 15),)),
        Attribution(((friend, friend + 8),), ((close, close + 16),)),
    ]
    quotes = [Quote(a, a + n, (Span(a, a + n),), ARTICLE[a : a + n], False, speakers[key],
                    speakers[key], "said", "name", 0.9, "test")
              for key, a, n in (("win", win, 15), ("close", close, 16))]
    scores = Scores()
    score_article("t", ARTICLE, quotes, golds_of(ARTICLE, attributions, readings, "t"),
                  [span for attr in attributions for span in attr.content], scores)
    return scores


def test_a_reading_judges_a_pronoun_by_whom_it_means_and_the_rule_is_kept() -> None:
    win, close = ARTICLE.index("“We"), ARTICLE.index("“It")
    readings = {("t", win): "Jane Smith", ("t", close): "UNNAMED"}
    # The rule's stand-in for "she" is the nearest named Source before it: Bob Brown.
    right = _scores({"win": "Jane Smith", "close": "a friend"}, readings).as_dict()
    assert right["speaker_accuracy"] == 0.5
    assert (right["speaker_accuracy_read"], right["read"]) == (1.0, 2)
    wrong = _scores({"win": "Bob Brown", "close": "Bob Brown"}, readings)
    # Bob Brown is the rule's stand-in for "she" and for "a friend" alike.
    assert wrong.as_dict()["speaker_accuracy"] == 1.0
    assert wrong.as_dict()["speaker_accuracy_read"] == 0.0
    assert any("(wrong by the reading)" in e for e in wrong.errors)
    # Without readings nothing else is reported: the rule alone.
    assert "speaker_accuracy_read" not in _scores({"win": "Jane Smith", "close": None},
                                                  {}).as_dict()


def test_recorded_readings_name_quotes_of_the_split(tmp_path: Path) -> None:
    (tmp_path / "dev-readings.jsonl").write_text(
        '{"article": "a", "content_start": 12, "referent": "NONE"}\n', encoding="utf-8")
    assert read_readings("dev", tmp_path) == {("a", 12): "NONE"}
    assert read_readings("train", tmp_path) == {}
    assert read_readings("dev")  # the team's readings of dev are in the repository


@pytest.mark.parametrize(("referent", "speaker", "right"), [
    ("Charlie King", "Mr. King", True),  # a surname that is also a title is a name
    ("President Obama", "the president", False),  # a title alone names no one
    ("President Obama", "Barack Obama", True),
    ("UNNAMED", "a friend", True),  # a word of the description ("a friend")
    ("UNNAMED", "Bob Brown", False),
    ("NONE", None, True),
    ("AUTHOR", "Bob Brown", False),
])
def test_a_speaker_is_judged_by_the_referent_read(referent: str, speaker: str | None,
                                                  right: bool) -> None:
    assert _reads(referent, {"friend"}, speaker) is right
