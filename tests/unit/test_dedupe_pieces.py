"""Grouping by pieces, as the Spark engine groups: duplicate groups per component of the
pairs ``may_be_near`` keeps and exact copies; passage groups per component of
occurrence ranges, joined per set of articles. The pieces must give the groups the whole
corpus gives, on articles that chain into one large component through shared passages.
"""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from corpus_cli.clusters import connected_components, same_spans
from corpus_cli.dedupe.compare import compare
from corpus_cli.dedupe.duplicates import duplicate_groups, may_be_near, summed_matches
from corpus_cli.dedupe.load import load_store
from corpus_cli.dedupe.passages import join_runs, shared_spans
from corpus_cli.dedupe.runs import RUN, adjacency, column, sizes
from corpus_cli.ingest.run import ingest_paths
from corpus_cli.models import PassageGroup
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store
from tests.conftest import write_article
from tests.unit.test_dedupe import edited, paragraphs_of

SETTINGS = DedupeSettings()


def _chained_store(tmp_path: Path) -> Path:
    """Stories, their copies and edits, and articles stitched from two stories each: a
    chain A-B-C-... of articles sharing different passages."""
    rng = random.Random(11)
    stories = [paragraphs_of(n) for n in ("000", "001", "002", "003", "004")]
    folder = tmp_path / "site"
    n = 0

    def add(title: str, paragraphs: list[str], source: str = "wire") -> None:
        nonlocal n
        write_article(folder / source, f"{n:03d}.txt", title, paragraphs)
        n += 1

    for title, pars in stories:
        add(title, pars)
        add(title, pars, "copies")  # exact copy, another source
        add(title, [edited(p, 0.05, rng) for p in pars], "edits")  # near copy
        add(f"{title} (trimmed)", pars[: max(2, len(pars) * 2 // 3)], "trims")
    for (t1, p1), (_t2, p2) in pairwise(stories):
        add(f"Roundup: {t1}", p1[:2] + p2[-2:], "roundups")  # stitched: joins two stories
    with Store(tmp_path / "store.sqlite3") as store:
        assert all(r.status == "added" for r in ingest_paths(store, [str(folder)]))
    return tmp_path / "store.sqlite3"


def _comparison(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(_chained_store(tmp_path), create=False) as store:
        store.refresh_if_stale(SETTINGS.boilerplate)
        corpus, prints = load_store(store, SETTINGS)
        corpus.need_texts(list(range(len(corpus.bodies))))
        return corpus, compare(corpus, SETTINGS, prints=prints)


def test_duplicate_groups_by_components_of_possible_near_pairs(tmp_path: Path) -> None:
    corpus, found = _comparison(tmp_path)
    bodies, evidence = corpus.bodies, found.evidence
    whole = duplicate_groups(bodies, found.runs, evidence, SETTINGS, corpus.boilerplate)
    assert any(g.kind == "near" for g in whole)
    assert any(g.kind == "exact" for g in whole)

    bounds = [np.array(b.bounds) for b in bodies]
    size_a = np.array([bounds[d][p + 1] - bounds[d][p] for d, p in
                       zip(evidence["a"].tolist(), evidence["pa"].tolist(), strict=True)])
    size_b = np.array([bounds[d][p + 1] - bounds[d][p] for d, p in
                       zip(evidence["b"].tolist(), evidence["pb"].tolist(), strict=True)])
    a, b, matched = summed_matches(evidence, size_a, size_b)
    words = np.array([body.words for body in bodies])
    near = may_be_near(matched, words[a], words[b], SETTINGS)
    assert 0 < near.sum() < len(a)  # it keeps some pairs and leaves others out
    first: dict[int, int] = {}
    copies = [(first.setdefault(body.body_hash, i), i) for i, body in enumerate(bodies)
              if body.words]
    ea = np.concatenate((a[near], [x for x, _y in copies])).astype(np.int64)
    eb = np.concatenate((b[near], [y for _x, y in copies])).astype(np.int64)
    label = connected_components(len(bodies), ea, eb)

    pieces = []
    for comp in np.unique(label).tolist():
        docs = np.flatnonzero(label == comp).tolist()
        if len(docs) < 2:
            continue
        local = {d: n for n, d in enumerate(docs)}
        runs = found.runs[np.isin(found.runs["a"], docs) & np.isin(found.runs["b"], docs)]
        runs = runs.copy()
        runs["a"] = [local[d] for d in runs["a"].tolist()]
        runs["b"] = [local[d] for d in runs["b"].tolist()]
        ev = evidence[np.isin(evidence["a"], docs) & np.isin(evidence["b"], docs)].copy()
        ev["a"] = [local[d] for d in ev["a"].tolist()]
        ev["b"] = [local[d] for d in ev["b"].tolist()]
        flagged = {local[d]: f for d, f in corpus.boilerplate.items() if d in local}
        pieces += duplicate_groups([bodies[d] for d in docs], runs, ev, SETTINGS, flagged)
    assert sorted(pieces, key=lambda g: g.group) == sorted(whole, key=lambda g: g.group)


def test_passage_groups_by_components_of_ranges(tmp_path: Path) -> None:
    corpus, found = _comparison(tmp_path)
    bodies, table = corpus.bodies, found.runs
    size_a, size_b = sizes(table)
    table = table[np.minimum(size_a, size_b) >= SETTINGS.min_words]
    adjacent = adjacency(bodies, SETTINGS.gap)
    whole = join_runs(shared_spans(bodies, table, SETTINGS), adjacent)

    # Articles joined by any passage form one large component; ranges do not.
    articles = connected_components(len(bodies), column(table, "a"), column(table, "b"))
    largest_articles = np.bincount(articles).max()
    ends = [(d, lo, hi) for row in table.tolist() for d, lo, hi in (row[0:3], row[3:6])]
    node = {r: n for n, r in enumerate(sorted(set(ends)))}
    ra = [node[tuple(row[0:3])] for row in table.tolist()]
    rb = [node[tuple(row[3:6])] for row in table.tolist()]
    by_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for d, lo, hi in sorted(node):
        by_doc[d].append((lo, hi))
    for d, ranges in by_doc.items():
        lo = np.array([r[0] for r in ranges])
        hi = np.array([r[1] for r in ranges])
        i, j = same_spans(np.zeros(len(lo), np.int64), lo, hi, SETTINGS.same_span)
        ra += [node[(d, *ranges[k])] for k in i.tolist()]
        rb += [node[(d, *ranges[k])] for k in j.tolist()]
    label = connected_components(len(node), np.array(ra), np.array(rb))
    run_label = label[np.array(ra[: len(table)])]
    assert len({d for (d, _lo, _hi), n in node.items() if label[n] == label[0]}) \
        < largest_articles

    groups = []
    for comp in np.unique(run_label).tolist():
        piece = table[run_label == comp]
        docs = sorted(set(column(piece, "a").tolist()) | set(column(piece, "b").tolist()))
        local = {d: n for n, d in enumerate(docs)}
        runs = np.array([(local[r[0]], r[1], r[2], local[r[3]], r[4], r[5], r[6])
                         for r in piece.tolist()], RUN)
        groups += [({docs[d]: s for d, s in spans.items()}, lowest)
                   for spans, lowest in shared_spans([bodies[d] for d in docs], runs,
                                                     SETTINGS)]
    pieces = join_runs(groups, adjacent)
    assert sorted(map(repr, pieces)) == sorted(map(repr, whole))
    assert len(whole) >= 5


def test_passage_texts_are_fetched_a_chunk_at_a_time_and_let_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_cli.dedupe import passages as passages_module
    from corpus_cli.dedupe.compare import _passages

    path = _chained_store(tmp_path)

    def passages_found(chunk: int) -> tuple[list[PassageGroup], int, int]:
        with Store(path, create=False) as store:
            store.refresh_if_stale(SETTINGS.boilerplate)
            corpus, prints = load_store(store, SETTINGS)
            found = compare(corpus, SETTINGS, prints=prints)
            assert not corpus.bodies.texts  # stored bodies keep no text after loading
            held = fetched = 0
            fetch = corpus.fetch_texts
            assert fetch is not None

            def counted(keys: list[int]) -> dict[int, str]:
                nonlocal held, fetched
                fetched += len(keys)
                held = max(held, len(corpus.bodies.texts) + len(keys))
                return fetch(keys)

            corpus.fetch_texts = counted
            monkeypatch.setattr(passages_module, "TEXT_CHUNK", chunk)
            return _passages(corpus, found.runs, SETTINGS), held, fetched

    whole, _held, fetched = passages_found(10_000)
    assert len(whole) > 3
    assert fetched > 3
    chunked, held, fetched_in_chunks = passages_found(2)
    assert chunked == whole
    assert held <= 2  # never more than a chunk of texts at once
    assert fetched_in_chunks == fetched  # and each text fetched once


def test_fingerprints_counted_a_slice_at_a_time_find_what_one_count_finds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_cli.dedupe import compare as compare_module

    path = _chained_store(tmp_path)

    def candidates_found() -> tuple[np.ndarray, np.ndarray]:
        with Store(path, create=False) as store:
            store.refresh_if_stale(SETTINGS.boilerplate)
            corpus, prints = load_store(store, SETTINGS)
            found = compare_module.candidates(corpus, SETTINGS, prints=prints)
            return found.a, found.b

    whole = candidates_found()
    calls: list[list[int]] = []
    count = compare_module._count_slices
    monkeypatch.setattr(compare_module, "SLICE_FINGERPRINTS", 100)
    monkeypatch.setattr(compare_module, "_count_slices",
                        lambda *args: calls.append(args[-1]) or count(*args))
    sliced = candidates_found()
    assert len(whole[0]) > 10
    assert sum(map(len, calls)) > 5  # many slices, one after another
    assert np.array_equal(sliced[0], whole[0])
    assert np.array_equal(sliced[1], whole[1])
