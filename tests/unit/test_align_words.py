"""Word runs inside aligned paragraphs."""

import pytest

from corpus_cli.diff.words import (
    diff_words,
    difflib_opcodes,
    matched_tokens,
    rapidfuzz_opcodes,
    tokens,
)

STUNNING = ("In a stunning open letter addressed to Lukashenko, senior officers warned him.")
ASTONISHING = ("In an astonishing open letter addressed to the Belarus President, senior "
               "officers warned their leader.")


def changes(a: str, b: str, **kw: bool) -> list[tuple[str, str, str]]:
    return [(r.kind, r.a, r.b) for r in diff_words(a, b, **kw) if r.kind != "equal"]


def test_substituted_words_are_one_replace_each() -> None:
    assert changes(STUNNING, ASTONISHING) == [
        ("replace", "a stunning", "an astonishing"),
        ("replace", "Lukashenko", "the Belarus President"),
        ("replace", "him", "their leader"),
    ]


def test_runs_put_back_together_give_both_texts() -> None:
    runs = diff_words(STUNNING, ASTONISHING)
    assert "".join(r.a for r in runs) == STUNNING
    assert "".join(r.b for r in runs) == ASTONISHING


def test_insert_and_delete() -> None:
    assert changes("the old bridge", "the old stone bridge") == [("insert", "", "stone")]
    assert changes("the old stone bridge", "the old bridge") == [("delete", "stone", "")]


def test_case_and_quote_style_are_no_change() -> None:
    runs = diff_words("He said “yes” to The plan", 'He said "yes" to the plan')
    assert [r.kind for r in runs] == ["equal"]


def test_quote_mark_change_is_flagged_as_punctuation() -> None:
    runs = diff_words("denounced it as “totally unprovoked”.",
                      "denounced it as ‘totally unprovoked”")
    found = [r for r in runs if r.kind != "equal"]
    assert [(r.kind, r.a, r.b, r.punctuation) for r in found] == [
        ("replace", "“", "‘", True), ("delete", ".", "", True)]


def test_word_change_is_not_punctuation() -> None:
    runs = diff_words("a stunning letter.", "an astonishing letter.")
    assert not any(r.punctuation for r in runs)


def test_ignore_punctuation_keeps_the_words_and_drops_the_marks() -> None:
    a, b = "the “totally unprovoked” war, he said", "the ‘totally unprovoked” war he said"
    runs = diff_words(a, b, ignore_punctuation=True)
    assert [r.kind for r in runs] == ["equal"]
    assert "".join(r.a for r in runs) == a
    assert "".join(r.b for r in runs) == b
    assert changes("a big war", "a small war", ignore_punctuation=True) == [
        ("replace", "big", "small")]


def test_changed_runs_carry_no_edge_whitespace() -> None:
    for run in diff_words("support of Vladimir Putin’s war", "support of Putin’s war"):
        if run.kind != "equal":
            assert run.a == run.a.strip()
            assert run.b == run.b.strip()


@pytest.mark.parametrize(("a", "b"), [("", ""), ("", "new text"), ("old text", ""),
                                      ("…", "—"), ("one", "one")])
def test_edge_cases_reconstruct(a: str, b: str) -> None:
    runs = diff_words(a, b)
    assert "".join(r.a for r in runs) == a
    assert "".join(r.b for r in runs) == b


def test_tokens_are_words_and_single_marks() -> None:
    starts, keys = tokens("Putin’s “war”, isn't it?")
    assert keys == ["putin's", '"', "war", '"', ",", "isn't", "it", "?"]
    assert starts[0] == 0


def test_fast_path_keeps_at_least_as_much_as_difflib() -> None:
    # RapidFuzz gives a longest common subsequence; difflib's matching blocks are a
    # common subsequence, never longer.
    a = "the cat sat on the mat and the dog sat on the log"
    b = "the dog sat on the mat and the cat sat on a log"
    for text_a, text_b in [(a, b), (STUNNING, ASTONISHING)]:
        fast = matched_tokens(diff_words(text_a, text_b, matcher=rapidfuzz_opcodes))
        slow = matched_tokens(diff_words(text_a, text_b, matcher=difflib_opcodes))
        assert fast >= slow
