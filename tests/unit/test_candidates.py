"""Candidate paragraph pairs from postings: rare fingerprints pair all, common ones a star."""

from __future__ import annotations

import numpy as np
import pytest

from corpus_cli.dedupe.candidates import COUNT_CAP, EXACT, combine, count_shared, split_pairs
from corpus_cli.settings import DedupeSettings

SETTINGS = DedupeSettings()
RARE, HUBS = SETTINGS.rare, SETTINGS.hubs

NO_EXACT = (np.empty(0, np.int64), np.empty(0, np.int64))


def pairs_of(fps: list[tuple[int, int]], docs: list[int], max_df: int = 50,
             exact: tuple[np.ndarray, np.ndarray] = NO_EXACT, new_docs: int | None = None,
             ) -> dict[tuple[int, int], tuple[int, bool]]:
    hashes = np.array([h for h, _p in fps], dtype=np.uint64) << np.uint64(40)
    paragraphs = np.array([p for _h, p in fps], dtype=np.int64)
    docs_ = np.array(docs, dtype=np.int64)
    settings = DedupeSettings(max_df=max_df)
    pairs, shared, rare = combine([count_shared(hashes, paragraphs, docs_, settings, new_docs)],
                                  exact[0], exact[1], docs_, max_df, new_docs)
    a, b = split_pairs(pairs)
    return {(x, y): (s, r) for x, y, s, r in zip(a.tolist(), b.tolist(), shared.tolist(),
                                                 rare.tolist(), strict=True)}


def test_only_pairs_of_two_and_counts() -> None:
    # every run has length two (no singletons): the case a check of one article makes
    found = pairs_of([(1, 0), (1, 2), (2, 0), (2, 2), (3, 1), (3, 3)], [0, 0, 1, 1])
    assert found == {(0, 2): (2, True), (1, 3): (1, True)}


def test_same_article_pairs_are_dropped_and_new_docs_filter() -> None:
    found = pairs_of([(1, 0), (1, 1), (1, 2)], [0, 0, 1])
    assert set(found) == {(0, 2), (1, 2)}
    assert set(pairs_of([(1, 0), (1, 2), (1, 3)], [0, 0, 1, 2], new_docs=1)) == {(0, 2), (0, 3)}


def test_common_fingerprint_pairs_with_its_first_paragraphs_only() -> None:
    n = RARE + 5
    found = pairs_of([(7, p) for p in range(n)], list(range(n)))
    assert all(x < HUBS for x, _y in found)
    assert len(found) == sum(n - 1 - h for h in range(HUBS))
    assert not any(r for _s, r in found.values())
    assert pairs_of([(7, p) for p in range(60)], list(range(60)), max_df=50) == {}


def test_exact_paragraphs_beyond_max_df_form_a_star_weighted_exact() -> None:
    exact = (np.full(60, 99, np.int64), np.arange(60, dtype=np.int64))
    found = pairs_of([], list(range(60)), exact=exact)
    assert set(found) == {(0, p) for p in range(1, 60)}
    assert {s for s, _r in found.values()} == {EXACT}


def test_slices_of_fingerprints_counted_apart_add_up_to_the_whole() -> None:
    rng = np.random.default_rng(4)
    paragraphs = 5000
    hashes = rng.integers(0, 3000, 40_000).astype(np.uint64) << np.uint64(40)
    owners = rng.integers(0, paragraphs, 40_000)
    docs = np.arange(paragraphs, dtype=np.int64) // 3
    exact = (rng.integers(0, 500, 2000), rng.integers(0, paragraphs, 2000))

    def pairs(slices: int) -> list[tuple[int, int, int, bool]]:
        counted = [count_shared(hashes, owners, docs, SETTINGS, part=part, parts=slices)
                   for part in range(slices)]
        assert all(len(keys) for keys, _counts, _rare in counted)
        pairs, shared, rare = combine(counted, exact[0], exact[1], docs, 50)
        a, b = split_pairs(pairs)
        return list(zip(a.tolist(), b.tolist(), shared.tolist(), rare.tolist(), strict=True))

    whole = pairs(1)
    assert len(whole) > 10_000
    assert any(s >= 2 for _a, _b, s, _r in whole)  # pairs sharing fingerprints of two slices
    assert pairs(3) == whole


def test_slices_picked_a_chunk_at_a_time_count_what_one_pick_counts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_cli.dedupe import candidates

    rng = np.random.default_rng(9)
    hashes = rng.integers(0, 2500, 30_000).astype(np.uint64) << np.uint64(40)
    owners = rng.integers(0, 4000, 30_000)
    docs = np.arange(4000, dtype=np.int64) // 3

    def counted() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return [count_shared(hashes, owners, docs, SETTINGS, part=part, parts=3)
                for part in range(3)]

    whole = counted()
    assert sum(len(keys) for keys, _c, _r in whole) > 5_000
    monkeypatch.setattr(candidates, "CHUNK", 997)
    for one, other in zip(counted(), whole, strict=True):
        for a, b in zip(one, other, strict=True):
            assert np.array_equal(a, b)


@pytest.mark.parametrize("merge_range", [1 << 22, 5_000, 97])
def test_slices_merged_a_range_at_a_time_keep_the_pairs_a_whole_merge_keeps(
        monkeypatch: pytest.MonkeyPatch, merge_range: int) -> None:
    from corpus_cli.dedupe import candidates

    rng = np.random.default_rng(11)
    paragraphs = 6000
    hashes = rng.integers(0, 4000, 50_000).astype(np.uint64) << np.uint64(40)
    owners = rng.integers(0, paragraphs, 50_000)
    docs = np.arange(paragraphs, dtype=np.int64) // 3
    sizes = rng.integers(1, 200, paragraphs)
    exact = (rng.integers(0, 700, 3000), rng.integers(0, paragraphs, 3000))

    def counted() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return [count_shared(hashes, owners, docs, SETTINGS, part=part, parts=3)
                for part in range(3)]

    pairs, shared, rare = combine(counted(), exact[0], exact[1], docs, SETTINGS.max_df)
    whole = candidates.worth_verifying(pairs, shared, rare, sizes, SETTINGS)
    assert 1_000 < len(whole) < len(pairs)  # some kept, some not
    monkeypatch.setattr(candidates, "MERGE_RANGE", merge_range)
    slices = counted()
    ranged = candidates.verifiable_pairs(slices, exact[0], exact[1], docs, sizes, SETTINGS)
    assert slices == []  # emptied as read
    assert np.array_equal(ranged, whole)


def test_a_count_past_the_cap_stays_at_the_cap_and_still_counts_as_shared() -> None:
    # two paragraphs sharing 300 fingerprints: far more than "two or more" needs
    found = pairs_of([(h, p) for h in range(300) for p in (0, 1)], [0, 1])
    assert found == {(0, 1): (COUNT_CAP, True)}
