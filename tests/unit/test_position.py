"""Lines and columns of spans, as editors, GitHub annotations and SARIF count them."""

import re

from hypothesis import given
from hypothesis import strategies as st

from corpus_cli.text.position import LineIndex, region


def test_lines_end_at_lf_crlf_and_cr_only() -> None:
    text = "one\r\ntwo\rthree\nfour\u2028still four\x85and four"
    index = LineIndex(text)
    assert index.line_column(0) == (1, 1)
    assert index.line_column(text.index("two")) == (2, 1)
    assert index.line_column(text.index("three")) == (3, 1)
    assert index.line_column(text.index("four")) == (4, 1)
    assert index.line_column(text.index("still")) == (4, 6)
    assert index.line_column(text.index("and")) == (4, 17)


def test_a_region_ends_at_the_character_after_it() -> None:
    text = "Title\n\nA “quoted” word.\nNext"
    start = text.index("“")
    end = text.index(" word")
    found = region(text, start, end, "txt")
    assert (found.line, found.column, found.end_line, found.end_column) == (3, 3, 3, 11)
    assert found.format == "txt"
    whole = region(text, text.index("A"), len(text), "md")
    assert (whole.line, whole.end_line, whole.end_column) == (3, 4, 5)


@given(st.lists(st.sampled_from(["ab", "é", "\n", "\r\n", "\r", " ", "x"]), max_size=30),
       st.data())
def test_line_and_column_lead_back_to_the_offset(pieces: list[str], data: st.DataObject,
                                                 ) -> None:
    text = "".join(pieces)
    offset = data.draw(st.integers(0, len(text)))
    if text[offset - 1 : offset + 1] == "\r\n":
        offset -= 1  # never inside a CRLF: spans start and end at characters
    line, column = LineIndex(text).line_column(offset)
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    assert starts[line - 1] + column - 1 == offset
    assert 1 <= column <= len(re.split(r"\r\n|\r|\n", text)[line - 1]) + 1
