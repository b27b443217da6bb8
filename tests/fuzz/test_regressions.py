"""Failures the fuzzer (``bench/fuzz.py``) found, each pinned by its input."""

from __future__ import annotations

import pytest

from tests.fuzz.targets import check_quotes, check_reader


def test_a_json_date_of_hundreds_of_digits_is_no_date() -> None:
    # OverflowError from the division to seconds, before the conversion's own guard.
    date = "2" + "3" * 330
    check_reader(("input.json", f'{{"date": {date}, "content": "the story"}}'.encode()))


@pytest.mark.parametrize("text", ['"0\x0c"', "\u201c\u00a0said the words\u00a0\u201d",
                                  '"a\x0bb\x0b"'])
def test_a_quote_is_trimmed_of_every_kind_of_space(text: str) -> None:
    check_quotes(text)
