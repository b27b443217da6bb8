"""Hostile sizes (issue 20, item 3): one paragraph of 25,000 words, and a revision of it.

Long enough that every comparison of ``corpus diff`` and ``corpus dedupe`` takes the
bounded path (``corpus_cli.lcs``: more than 2**28 token pairs, characters or words),
short enough for the suite. What is pinned is the result: the bounded alignment finds
exactly the edits that were made. Times and memory at 1 and 10 MB are
``bench/bench_bounds.py``'s.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_cli import lcs
from tests.cli.helpers import run_corpus

WORDS = 25_000
EDITS = {k: f"changed{k}" for k in range(40, WORDS, 211)}


def words(k: int) -> str:
    # Distinct words mixed with common ones, as text has: "the" and "said" everywhere.
    return ("the", "said", f"word{k}", "of", f"name{k % 977}")[k % 5]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("long")
    a = " ".join(words(k) for k in range(WORDS))
    b = " ".join(EDITS.get(k, words(k)) for k in range(WORDS))
    assert len(a) ** 2 > lcs.EXACT_CELLS
    assert WORDS**2 > lcs.EXACT_CELLS
    (folder / "a.txt").write_text(f"One long paragraph\n\n{a}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"One long paragraph, revised\n\n{b}\n", encoding="utf-8")
    return folder / "a.txt", folder / "b.txt"


def test_diff_of_a_long_paragraph_finds_exactly_its_edits(pair: tuple[Path, Path]) -> None:
    a, b = pair
    run = run_corpus("diff", a.name, b.name, "--format", "json", cwd=a.parent)
    assert run.returncode == 0, run.explain()
    diff = json.loads(run.stdout)
    [op] = diff["ops"]
    assert op["op"] == "edit"
    assert op["a"] == [0]
    assert op["b"] == [0]
    changed = [(kind, old, new) for kind, old, new in op["words"] if kind != "equal"]
    assert changed == [("replace", words(k), new) for k, new in EDITS.items()]
    assert "".join(w[1] for w in op["words"]) == diff["paragraphs"]["a"][0]
    assert "".join(w[2] for w in op["words"]) == diff["paragraphs"]["b"][0]
    assert 0.98 < op["similarity"] < 1.0


def test_dedupe_of_a_long_paragraph_finds_one_near_copy(pair: tuple[Path, Path]) -> None:
    a, b = pair
    run = run_corpus("dedupe", "--store", ":memory:", a.name, b.name, "--format", "jsonl",
                     cwd=a.parent)
    assert run.returncode == 0, run.explain()
    records = run.records()
    [group] = [r for r in records if r["type"] == "duplicate"]
    assert group["kind"] == "near"
    assert sorted(m["path"] for m in group["members"]) == ["a.txt", "b.txt"]
    assert group["similarity"] > 0.95
    [passage] = [r for r in records if r["type"] == "passage"]
    assert passage["words"] > 0.95 * WORDS
    assert sorted(o["path"] for o in passage["occurrences"]) == ["a.txt", "b.txt"]
