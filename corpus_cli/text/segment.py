"""Headline, paragraphs and sentences as spans into an article's raw text.

Paragraphs are blank-line separated blocks; a body with no blank lines at all is read
as one paragraph per line. Line endings may be LF, CRLF or CR.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from corpus_cli.models import Span

# A line's content from its first to its last non-blank character; blank lines never
# match, and no match crosses a line break (\S excludes both \r and \n).
_STRIPPED_LINE = re.compile(r"[^\S\r\n]*(\S(?:[^\r\n]*\S)?)")


class Layout(NamedTuple):
    headline: Span | None
    paragraphs: tuple[Span, ...]


def _content_lines(text: str, start: int) -> list[Span]:
    """Non-blank lines as spans without their surrounding whitespace, in one regex pass."""
    return [Span(*m.span(1)) for m in _STRIPPED_LINE.finditer(text, start)]


def _line_breaks(gap: str) -> int:
    if gap == "\n\n" or gap == "\r\n\r\n":  # the usual paragraph break, decided at once
        return 2
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n")


def layout(text: str, headline_in_text: bool = True, start: int = 0) -> Layout:
    """Find the headline (first non-empty line) and the paragraph spans of ``text[start:]``."""
    lines = _content_lines(text, start)
    headline = None
    if headline_in_text and lines:
        headline, lines = lines[0], lines[1:]
    if not lines:
        return Layout(headline, ())
    breaks = [_line_breaks(text[a.end : b.start]) >= 2 for a, b in pairwise(lines)]
    if not any(breaks):
        return Layout(headline, tuple(lines))
    paragraphs = []
    first = lines[0]
    for (prev, line), is_break in zip(pairwise(lines), breaks, strict=True):
        if is_break:
            paragraphs.append(Span(first.start, prev.end))
            first = line
    paragraphs.append(Span(first.start, lines[-1].end))
    return Layout(headline, tuple(paragraphs))


_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "gen", "lt", "col", "maj", "capt",
    "sgt", "cpl", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "no", "nos", "vol", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "ltd", "co", "corp", "bros", "dept", "est", "approx", "vs", "etc", "al",
})
# A sentence ends at . ! ? or … plus closing quotes/brackets, before whitespace and a
# capital, digit or opening quote; line breaks inside a paragraph also end sentences.
_BOUNDARY = re.compile(
    r"""(?<=[.!?…])["'”’»)\]]*(?=\s+["'“‘«(\[]*[A-Z0-9À-ÖØ-Þ])|(?=[\r\n])"""
)
_LAST_TOKEN = re.compile(r"([A-Za-z]+)\.$")


def _is_abbreviation(before: str) -> bool:
    m = _LAST_TOKEN.search(before)
    if not m:
        return False
    token = m.group(1)
    if token.lower() in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J. K. Rowling", "U.S. officials".
    return len(token) == 1 and token.isupper()


def sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside the paragraph ``span`` of ``text``."""
    out: list[Span] = []
    start = span.start
    chunk = text[span.start : span.end]
    for m in _BOUNDARY.finditer(chunk):
        end = span.start + m.end()
        if end <= start:
            continue
        if _is_abbreviation(text[start:end].rstrip("\"'”’»)]")):
            continue
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(start + lead, start + len(piece.rstrip())))
        start = end
    piece = text[start : span.end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(Span(start + lead, start + len(piece.rstrip())))
    return out


def count_words(text: str) -> int:
    """Words as ``wc -w`` counts them: runs of non-whitespace."""
    return len(text.split())


def count_normalized_words(norm: str) -> int:
    """``count_words`` of a normalised text, whose words are separated by single spaces."""
    return norm.count(" ") + 1 if norm else 0
