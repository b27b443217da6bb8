"""Output is independent of ingest order (issue 20, item 7).

The sample corpus and variants made from it (exact copies, edited copies, reordered
copies, an article stitched from two others' paragraphs) are ingested into two stores,
one in name order and one in an order Hypothesis picks; ``corpus dedupe``, ``corpus diff``
(two articles, and the collation of the largest shared passage) and ``corpus quotes``
must print the same bytes from both.

One field may differ: ``first``, the earliest member of a group, is by date where the
articles have one and else by ingest order (README). With every article dated (the
variants as Markdown with distinct front-matter dates) the outputs must be identical,
``first`` included; without dates, identical once ``first`` is set aside, and ``first``
must then mark the article stored first.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import CORPUS_FILES

KINDS = ("copy", "edit", "reorder", "stitch")
_FIRST = re.compile(r'"first": ?(?:true|false)')
_GROUP = re.compile(r'"group": ?"q[0-9a-f]+"')


def paragraphs_of(path: Path) -> tuple[str, list[str]]:
    title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    return title, [p for p in body.split("\n\n") if p.strip()]


def variant(kind: str, k: int, rng: random.Random) -> tuple[str, list[str]]:
    """A variant of corpus article ``k``: (title, paragraphs)."""
    title, paras = paragraphs_of(CORPUS_FILES[k])
    if kind == "copy":
        return title, paras
    if kind == "edit":
        edited = list(paras)
        for _ in range(3):
            at = rng.randrange(len(edited))
            words = edited[at].split(" ")
            words[rng.randrange(len(words))] = rng.choice(["reportedly", "sharply", "new"])
            edited[at] = " ".join(words)
        del edited[rng.randrange(len(edited))]
        return f"{title} (updated)", edited
    if kind == "reorder":
        shuffled = list(paras)
        rng.shuffle(shuffled)
        return title, shuffled
    other_title, others = paragraphs_of(CORPUS_FILES[(k + 1) % len(CORPUS_FILES)])
    cut = len(paras) // 2
    return (f"{title} / {other_title}",
            [*paras[:cut], "A paragraph written for this page alone, about the weather.",
             *others[len(others) // 2 :]])


def write(folder: Path, name: str, title: str, paras: Sequence[str], date: str | None) -> str:
    if date is None:
        (folder / f"{name}.txt").write_text(title + "\n\n" + "\n\n".join(paras) + "\n",
                                            encoding="utf-8")
        return f"{name}.txt"
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {date}\n---\n\n"
    (folder / f"{name}.md").write_text(front + "\n\n".join(paras) + "\n", encoding="utf-8")
    return f"{name}.md"


@st.composite
def article_sets(draw: st.DrawFn) -> tuple[list[tuple[str, int, int]], bool, int]:
    """Variants (kind, corpus article, seed), whether every article is dated, and the
    seed of the second store's ingest order."""
    chosen = draw(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 4),
                                     st.integers(0, 1000)), min_size=1, max_size=6,
                           unique_by=lambda v: v[:2]))
    return chosen, draw(st.booleans()), draw(st.integers(0, 2**32 - 1))


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def corpus(*args: str) -> str:
    from corpus_cli.cli.app import app

    env = {"CORPUS_STORE": None, "COLUMNS": "120", "NO_COLOR": "1", "FORCE_COLOR": None}
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def outputs(store: str, first: str, second: str) -> dict[str, str]:
    """What each command prints from ``store``."""
    out = {
        "dedupe": corpus("dedupe", "--store", store, "-f", "jsonl"),
        "dedupe table": corpus("dedupe", "--store", store, "-f", "table"),
        "diff": corpus("diff", first, second, "--store", store, "-f", "json"),
        "quotes": corpus("quotes", "--store", store, "-f", "jsonl"),
        "quote groups": corpus("quotes", "--store", store, "--by", "group", "-f", "jsonl"),
    }
    passages = [json.loads(line) for line in out["dedupe"].splitlines()
                if '"type":"passage"' in line]
    if passages:
        largest = max(passages, key=lambda p: (p["words"], p["group"]))["group"]
        out["collation"] = corpus("diff", "--group", largest, "--store", store, "-f", "json")
    return out


# No shrinking: each example builds two stores, and shrinking one took five minutes; the
# failing example is printed as drawn.
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(article_sets())
def test_stores_built_in_any_order_print_the_same(
        tmp_path_factory: pytest.TempPathFactory,
        drawn: tuple[list[tuple[str, int, int]], bool, int]) -> None:
    chosen, dated, order_seed = drawn
    folder = tmp_path_factory.mktemp("order")
    articles = [(f"{k:03d}", *paragraphs_of(path)) for k, path in enumerate(CORPUS_FILES)]
    articles += [(f"{kind}-{k}", *variant(kind, k, random.Random(seed)))
                 for kind, k, seed in chosen]
    # Distinct dates, given in an order unrelated to the names or the ingest orders.
    days = random.Random(order_seed ^ 0x5EED).sample(range(1, 29), len(articles))
    names = sorted(write(folder, name, title, paras,
                         f"2022-03-{day:02d}" if dated else None)
                   for (name, title, paras), day in zip(articles, days, strict=True))
    shuffled = random.Random(order_seed).sample(names, len(names))
    with inside(folder):
        found = {}
        for store, order in (("in-order.sqlite3", names), ("shuffled.sqlite3", shuffled)):
            corpus("ingest", *order, "--store", store, "-q")
            found[store] = outputs(store, names[0], names[-1])
    ordered, other = found["in-order.sqlite3"], found["shuffled.sqlite3"]
    assert ordered.keys() == other.keys()
    for name in ordered:
        mine, theirs = ordered[name], other[name]
        if name.startswith("quote") and mine != theirs and (
                _GROUP.sub("", mine) == _GROUP.sub("", theirs)):
            pytest.xfail("quote group membership depends on ingest order (the 'Mac mini' "
                         "case of issue 20): issue 18's helper is fixing quote grouping")
        if not dated:
            if name == "dedupe table":  # shows "first" in words: the JSON Lines say it all
                continue
            mine, theirs = _FIRST.sub('"first":?', mine), _FIRST.sub('"first":?', theirs)
        assert mine == theirs, f"{name} differs between ingest orders"
    if not dated:  # first: the member stored first
        for store, order in (("in-order.sqlite3", names), ("shuffled.sqlite3", shuffled)):
            for line in found[store]["dedupe"].splitlines():
                record = json.loads(line)
                items = record.get("members") or record.get("occurrences")
                firsts = {m["path"] for m in items if m["first"]}
                assert firsts == {min((m["path"] for m in items), key=order.index)}
