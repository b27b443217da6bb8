"""Paragraph alignment: every operation kind, and the cost of long articles."""

import random

import pytest

from corpus_cli.diff import paragraphs
from corpus_cli.diff.paragraphs import align
from corpus_cli.settings import DiffSettings

P = [
    "The city council voted on Tuesday to close the old bridge over the river for repairs.",
    "Mayor Ana Silva said the decision was difficult but necessary, adding that the safety "
    "of residents had to come first.",
    "Traffic will be diverted through the northern ring road, and buses will run every ten "
    "minutes during the closure.",
    "The repairs are expected to cost about 4 million euros and to take eight months.",
    "Shop owners near the bridge fear a drop in trade, and some have asked for compensation.",
    "The bridge was built in 1898 and last renovated in the 1970s, when its deck was replaced.",
]


def ops(a: list[str], b: list[str], **kw: object) -> list[tuple[str, tuple[int, ...],
                                                              tuple[int, ...]]]:
    return [(o.op, o.a, o.b) for o in align(a, b, DiffSettings(**kw)).ops]  # type: ignore[arg-type]


def test_identical_is_all_equal() -> None:
    assert ops(P, P) == [("equal", (k,), (k,)) for k in range(len(P))]


def test_insert_and_delete() -> None:
    new = "A completely new paragraph about the weather, which nobody had mentioned before."
    assert ops(P[:3], [P[0], new, P[1], P[2]]) == [
        ("equal", (0,), (0,)), ("insert", (), (1,)), ("equal", (1,), (2,)),
        ("equal", (2,), (3,))]
    assert ops([P[0], new, P[1]], [P[0], P[1]]) == [
        ("equal", (0,), (0,)), ("delete", (1,), ()), ("equal", (2,), (1,))]


def test_edit() -> None:
    edited = P[1].replace("difficult", "hard")
    found = align(P, [P[0], edited, *P[2:]]).ops
    assert [(o.op, o.a, o.b) for o in found][1] == ("edit", (1,), (1,))
    assert 0.9 < found[1].similarity < 1


def test_move_with_edit() -> None:
    moved = P[5].replace("deck", "wooden deck")
    assert ops(P, [P[0], moved, *P[1:5]]) == [
        ("equal", (0,), (0,)), ("move", (5,), (1,)),
        *[("equal", (k,), (k + 1,)) for k in range(1, 5)]]


def test_split_and_merge() -> None:
    halves = ["Mayor Ana Silva said the decision was hard but necessary.",
              "She added that the safety of residents had to come first."]
    b = [P[0], *halves, *P[2:]]
    assert ("split", (1,), (1, 2)) in ops(P, b)
    assert ("merge", (1, 2), (1,)) in ops(b, P)


def test_unrelated_paragraphs_are_not_paired() -> None:
    a = ["Stock markets fell sharply in Asia on Monday after weak factory data from China."]
    b = ["The football team won its third match in a row thanks to a late goal."]
    assert ops(a, b) == [("delete", (0,), ()), ("insert", (), (0,))]


def test_empty_sides() -> None:
    assert ops([], []) == []
    assert ops([], P[:2]) == [("insert", (), (0,)), ("insert", (), (1,))]
    assert ops(P[:2], []) == [("delete", (0,), ()), ("delete", (1,), ())]


def _article(rng: random.Random, n: int) -> list[str]:
    words = [f"w{k}" for k in range(3000)]
    return [" ".join(rng.choice(words) for _ in range(30)) for _ in range(n)]


@pytest.mark.parametrize("n", [100, 400])
def test_scoring_grows_linearly_not_with_all_pairs(n: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Only candidate pairs are scored: a bounded number per paragraph, never n x n."""
    rng = random.Random(n)
    a = _article(rng, n)
    b = [p if k % 7 else p.replace("w", "v", 3) for k, p in enumerate(a)]
    head = b[: n // 3]
    rng.shuffle(head)
    b[: n // 3] = head
    calls = []
    real = paragraphs._ratio

    def counting(x: str, y: str) -> float:
        calls.append(1)
        return real(x, y)

    monkeypatch.setattr(paragraphs, "_ratio", counting)
    found = align(a, b).ops
    assert n <= len(calls) <= 4 * n
    assert {i for o in found for i in o.a} == set(range(n))
    assert sum(o.op == "move" for o in found) > n // 10
