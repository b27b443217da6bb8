"""Lines and columns of spans: where a finding lies, as an editor, GitHub and SARIF count.

Lines end at LF, CRLF or CR (what editors and GitHub break lines at; NEL, LS and PS, which
``segment`` also ends paragraph lines at, are not line ends to them). Lines and columns are
1-based; a column counts Unicode code points; an end is the line and column of the
character just after the span, as SARIF's regions give it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from corpus_cli.models import Region

_LINE_END = re.compile(r"\r\n|\r|\n")
# Formats whose stored text is the file's own text, so lines and columns point into the file.
FILE_TEXT_FORMATS = frozenset({"txt", "md"})


class LineIndex:
    """The offsets where each line of ``text`` starts, for many lookups in one text."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _LINE_END.finditer(text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of the character at ``offset``."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def region(self, start: int, end: int, fmt: str) -> Region:
        line, column = self.line_column(start)
        end_line, end_column = self.line_column(end)
        return Region(start, end, line, column, end_line, end_column, fmt)


def region(text: str, start: int, end: int, fmt: str) -> Region:
    """The span ``[start, end)`` of ``text`` (an article's stored text, of format ``fmt``)."""
    return LineIndex(text).region(start, end, fmt)
