"""N-way collation on hand-made witnesses: variants, trims, majorities, insertions."""

from corpus_cli.diff.collate import Witness, align_slots, collate
from corpus_cli.diff.words import difflib_opcodes


def witnesses(*texts: str) -> list[Witness]:
    return [Witness(f"w{k}", f"w{k}.txt", 0, len(t), t) for k, t in enumerate(texts)]


def readings(texts: list[str | None]) -> list[str | None]:
    return [t.strip() if t is not None else None for t in texts]


def test_identical_witnesses_make_one_invariant_column() -> None:
    result = collate("g", witnesses("The same words here.", "The same words here."))
    assert len(result.columns) == 1
    assert not result.columns[0].variant
    assert result.variants == 0


def test_majority_reading_and_minority_variant() -> None:
    result = collate("g", witnesses("In a stunning open letter to him",
                                    "In an astonishing open letter to him",
                                    "In a stunning open letter to him"))
    variant = [c for c in result.columns if c.variant]
    assert len(variant) == 1
    column = variant[0]
    assert readings(list(column.readings)) == ["a stunning", "an astonishing", "a stunning"]
    assert column.majority == "a stunning"
    assert column.agrees == (True, False, True)
    assert not any(column.trimmed)


def test_tie_goes_to_the_earliest_witness() -> None:
    result = collate("g", witnesses("one two three", "one four three"))
    (column,) = [c for c in result.columns if c.variant]
    assert column.majority == "two"


def test_trims_at_both_ends_are_gaps_marked_trimmed() -> None:
    result = collate("g", witnesses("In a stunning open letter to the President, officers said",
                                    "In an astonishing open letter to the President, "
                                    "officers said it",
                                    "stunning open letter to the President, officers"))
    first, last = result.columns[0], result.columns[-1]
    assert first.readings[2] is None
    assert first.trimmed == (False, False, True)
    assert last.readings == (None, "it", None)
    assert last.trimmed == (True, False, True)
    assert last.majority is None  # two witnesses have nothing here
    # "stunning" in the short witness lines up with the first witness's "stunning".
    stunning = next(c for c in result.columns if c.readings[2] is not None)
    assert readings(list(stunning.readings)) == ["stunning", "astonishing", "stunning"]


def test_insertion_in_the_middle_is_a_gap_for_the_others() -> None:
    result = collate("g", witnesses("alpha beta gamma delta", "alpha beta new words gamma delta"))
    (column,) = [c for c in result.columns if c.variant]
    assert readings(list(column.readings)) == [None, "new words"]
    assert column.trimmed == (False, False)  # inside the passage: missing, not trimmed


def test_readings_put_together_give_each_witness_back() -> None:
    texts = ["  Officers  said, “no” to him!", "Officers told ‘no’ to him", "said no"]
    result = collate("g", witnesses(*texts))
    for w, text in enumerate(texts):
        assert "".join(c.readings[w] or "" for c in result.columns) == text.lstrip()


def test_slots_keep_every_witness_in_order_with_either_matcher() -> None:
    keys = [["a", "b", "c", "d"], ["b", "x", "d"], ["a", "c", "d", "e"]]
    for matcher in (None, difflib_opcodes):
        slots = align_slots(keys) if matcher is None else align_slots(keys, matcher)
        for w, seq in enumerate(keys):
            held = [s[w] for s in slots if s[w] is not None]
            assert held == list(range(len(seq)))
        assert all(any(t is not None for t in s) for s in slots)
