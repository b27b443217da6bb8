"""The PolNeAR scorer's reading of an annotated Source: a name, or a description."""

from __future__ import annotations

import pytest

from corpus_cli.evaluate.polnear import source_words


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
