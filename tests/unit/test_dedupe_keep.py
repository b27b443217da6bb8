"""Group ids that stay put across passes (dedupe/keep.py)."""

from corpus_cli.dedupe.keep import continued
from corpus_cli.store.groups import KeptGroup


def keys(*ids: str) -> frozenset[tuple[str, int, int]]:
    return frozenset((i, 0, 0) for i in ids)


def test_a_group_that_gained_a_member_keeps_its_id() -> None:
    kept = [KeptGroup("d-old", "near", keys("a", "b"))]
    assert continued([keys("a", "b", "c")], ["d-new"], kept) == ["d-old"]


def test_a_group_holding_less_than_half_of_a_kept_one_is_new() -> None:
    kept = [KeptGroup("d-old", "near", keys("a", "b", "c", "d", "e"))]
    assert continued([keys("a", "b", "x")], ["d-new"], kept) == ["d-new"]


def test_a_kept_id_goes_to_one_group_only_the_one_sharing_most() -> None:
    kept = [KeptGroup("d-old", "near", keys("a", "b", "c", "d"))]
    found = [keys("a", "b"), keys("a", "b", "c")]
    assert continued(found, ["d-1", "d-2"], kept) == ["d-1", "d-old"]


def test_a_fresh_id_already_carried_by_a_continued_group_is_replaced() -> None:
    # "d-old" was born as {a, b}; it grew to {a, b, c, d} and now splits in two: the half
    # that shares more keeps the id, the other half was born with the same members as it.
    kept = [KeptGroup("d-old", "near", keys("a", "b", "c", "d"))]
    ids = continued([keys("c", "d", "e"), keys("a", "b")], ["d-x", "d-old"], kept)
    assert ids[0] == "d-old"
    assert ids[1] not in {"d-old", "d-x"}
    assert ids[1].startswith("d")
