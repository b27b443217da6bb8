"""The vectorised tokeniser finds exactly the tokens of ``[^\\W_]+``, coded stably."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_cli.index import tokens
from corpus_cli.index.tokens import TOKEN, lower, token_codes

# Letters of several scripts, digits, news punctuation, spaces, and characters whose
# lower case is longer ("İ") or has another UTF-8 length ("K" the Kelvin sign).
ALPHABET = st.sampled_from(list(
    "abcXYZ019 _-'’“”«»—…\n\t\u00a0éÉßçİıΣσςЖжمرحبا中文\u212a\U0001d400\U0001f600.,;:!?"))
TEXT = st.text(ALPHABET, max_size=80)


@given(st.lists(TEXT, max_size=6))
@settings(max_examples=300, deadline=None)
def test_counts_and_codes_match_the_regular_expression(pieces: list[str]) -> None:
    lowered = [lower(p) for p in pieces]
    codes, counts = token_codes(lowered)
    expected = [TOKEN.findall(p) for p in pieces]
    assert counts.tolist() == [len(t) for t in expected]
    # lower-casing depends on context (a final sigma), so codes are those of the tokens
    # of the lower-cased text, each coded alone
    one_by_one = [int(token_codes([t])[0][0]) for p in lowered for t in TOKEN.findall(p)]
    assert codes.tolist() == one_by_one


@given(st.text(st.sampled_from(list("abcXYZ019 -'’éÉçÇЖж中")), max_size=60))
@settings(max_examples=200, deadline=None)
def test_case_does_not_change_codes(text: str) -> None:
    assert token_codes([lower(text.upper())])[0].tolist() == \
        token_codes([lower(text.lower())])[0].tolist()


def test_codes_are_text_characters_and_a_huge_paragraph_is_windowed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    words = [f"w{i % 977}x" for i in range(5000)]
    paragraph = " ".join(words)
    whole, _ = token_codes([paragraph])
    monkeypatch.setattr(tokens, "WINDOW_BYTES", 64)  # many windows, tokens never cut
    windowed, counts = token_codes([paragraph])
    assert counts.tolist() == [5000]
    assert windowed.tolist() == whole.tolist()
    assert all(c < 0xD800 or c >= 0xE000 for c in whole.tolist())
    assert len(set(whole.tolist())) == 977  # one code per distinct word, none shared here
    assert tokens.as_text(whole[:3]) == "".join(chr(c) for c in whole[:3].tolist())


def test_codes_are_those_stored_indexes_were_built_with() -> None:
    # Persisted fingerprints are built on these codes: a change here must come with a
    # schema migration that empties the stored indexes.
    text = "Officers of the Special Forces write: Lukashenko’s ORDERS — café Жж 中文 2022"
    assert token_codes([lower(text)])[0].tolist() == [
        430419, 477446, 115986, 160908, 29172, 850258, 912924, 93173, 1057004, 388085,
        178725, 594722, 665595]
