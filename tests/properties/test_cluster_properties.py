"""The numpy clustering of passage occurrences agrees with plain, obviously right versions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_cli.arrays import distinct, member_of, run_lengths, run_starts
from corpus_cli.clusters import (
    UnionFind,
    connected_components,
    merge_sorted_ranges,
    same_spans,
)
from corpus_cli.dedupe.runs import drop_dominated, run_table

EDGES = st.integers(1, 60).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=80)))


@given(EDGES)
@settings(max_examples=300, deadline=None)
def test_components_are_those_of_union_find(graph: tuple[int, list[tuple[int, int]]]) -> None:
    nodes, edges = graph
    u = np.array([a for a, _b in edges], dtype=np.int64)
    v = np.array([b for _a, b in edges], dtype=np.int64)
    label = connected_components(nodes, u, v).tolist()
    union: UnionFind[int] = UnionFind()
    for x in range(nodes):
        union.find(x)
    for a, b in edges:
        union.union(a, b)
    for group in union.groups():
        assert {label[x] for x in group} == {min(group)}  # one name: the smallest node


def test_a_long_chain_is_one_component() -> None:
    n = 100_000
    order = np.random.default_rng(1).permutation(n)
    label = connected_components(n, order[:-1], order[1:])
    assert (label == 0).all()


RANGES = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40), st.integers(1, 30)),
                  max_size=40)


@given(RANGES, st.sampled_from([0.5, 0.8, 1.0]))
@settings(max_examples=300, deadline=None)
def test_same_spans_are_every_pair_overlapping_enough(ranges: list[tuple[int, int, int]],
                                                      share: float) -> None:
    rows = sorted({(doc, lo, lo + length) for doc, lo, length in ranges})
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    doc, lo, hi = table[:, 0], table[:, 1], table[:, 2]
    i, j = same_spans(doc, lo, hi, share)
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    expected = {(x, y) for x in range(len(rows)) for y in range(x + 1, len(rows))
                if rows[x][0] == rows[y][0]
                and min(rows[x][2], rows[y][2]) - max(rows[x][1], rows[y][1])
                >= share * max(rows[x][2] - rows[x][1], rows[y][2] - rows[y][1])}
    assert found == expected


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 50), st.integers(0, 20)),
                max_size=40))
@settings(max_examples=300, deadline=None)
def test_merged_ranges_are_those_of_a_plain_sweep(ranges: list[tuple[int, int, int]]) -> None:
    rows = sorted((group, lo, lo + length) for group, lo, length in ranges)
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    group, lo, hi = table[:, 0], table[:, 1], table[:, 2]
    new_group = np.r_[True, group[1:] != group[:-1]] if len(rows) else np.empty(0, bool)
    starts, ends = merge_sorted_ranges(new_group, lo, hi)
    found = list(zip(group[starts].tolist(), lo[starts].tolist(), ends.tolist(), strict=True))
    expected: list[list[int]] = []
    for g, start, end in rows:  # overlapping or touching ranges of a group join
        if expected and expected[-1][0] == g and start <= expected[-1][2]:
            expected[-1][2] = max(expected[-1][2], end)
        else:
            expected.append([g, start, end])
    assert found == [tuple(e) for e in expected]


RUNS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 30), st.integers(1, 20),
                          st.integers(0, 30), st.integers(1, 20)), max_size=30)


@given(RUNS)
@settings(max_examples=300, deadline=None)
def test_dominated_runs_are_those_inside_bigger_ones_on_both_sides(
        runs: list[tuple[int, int, int, int, int]]) -> None:
    # Article pairs (0, 1), (0, 2) and (0, 3); rows sorted by pair.
    rows = sorted(((0, a_lo, a_lo + a_n, pair + 1, b_lo, b_lo + b_n, min(a_n, b_n))
                   for pair, a_lo, a_n, b_lo, b_n in runs), key=lambda r: (r[0], r[3]))
    table = run_table(rows)

    def inside(x: tuple[int, ...], y: tuple[int, ...], lo: int, hi: int) -> bool:
        return y[hi] - y[lo] > x[hi] - x[lo] and y[lo] <= x[lo] and x[hi] <= y[hi]

    expected = [r for r in rows if not (
        any(inside(r, o, 1, 2) for o in rows if o[3] == r[3])
        and any(inside(r, o, 4, 5) for o in rows if o[3] == r[3]))]
    assert drop_dominated(table).tolist() == expected


@given(st.lists(st.integers(-5, 40)), st.lists(st.integers(-5, 40)))
@settings(max_examples=300, deadline=None)
def test_member_of_agrees_with_a_set(values: list[int], of: list[int]) -> None:
    found = member_of(np.array(values, np.int64), np.array(of, np.int64)).tolist()
    assert found == [v in set(of) for v in values]


@given(st.lists(st.integers(0, 3)))
@settings(max_examples=300, deadline=None)
def test_run_starts_marks_the_first_of_each_run(values: list[int]) -> None:
    found = run_starts(np.array(values, np.int64)).tolist()
    assert found == [i == 0 or values[i] != values[i - 1] for i in range(len(values))]
    ordered = sorted(values)
    kept, counts = run_lengths(np.array(ordered, np.int64))
    assert dict(zip(kept.tolist(), counts.tolist(), strict=True)) == \
        {v: ordered.count(v) for v in set(ordered)}
    assert distinct(np.array(values, np.int64)).tolist() == sorted(set(values))
