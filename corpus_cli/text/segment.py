"""Headline, paragraphs and sentences as spans into an article's raw text.

Paragraphs are blank-line separated blocks; a body with no blank lines at all is read
as one paragraph per line. Line endings may be LF, CRLF, CR, NEL (U+0085) or LS (U+2028);
a PS (U+2029) separates paragraphs on its own. The first line is the headline only when
it looks like one (``looks_like_headline``).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from corpus_cli.models import Span

# Characters that end a line. \s holds them all, so \S never crosses a line break.
LINE_BREAKS = "\n\r\x85\u2028\u2029"
# A line's content from its first to its last non-blank character; blank lines never
# match, and no match crosses a line break.
_STRIPPED_LINE = re.compile(rf"[^\S{LINE_BREAKS}]*(\S(?:[^{LINE_BREAKS}]*\S)?)")


class Layout(NamedTuple):
    headline: Span | None
    paragraphs: tuple[Span, ...]


def _content_lines(text: str, start: int) -> list[Span]:
    """Non-blank lines as spans without their surrounding whitespace, in one regex pass."""
    return [Span(*m.span(1)) for m in _STRIPPED_LINE.finditer(text, start)]


def _line_breaks(gap: str) -> int:
    if gap == "\n\n" or gap == "\r\n\r\n":  # the usual paragraph break, decided at once
        return 2
    count = gap.count("\n") + gap.count("\r") - gap.count("\r\n")
    if gap.isascii():
        return count
    # A paragraph separator is a paragraph break by itself.
    return count + gap.count("\x85") + gap.count("\u2028") + 2 * gap.count("\u2029")


def layout(text: str, headline_in_text: bool = True, start: int = 0,
           judged: bool = True) -> Layout:
    """Find the headline and the paragraph spans of ``text[start:]``.

    With ``headline_in_text``, the first non-empty line is the headline when it looks
    like one (``looks_like_headline``), or always when ``judged`` is False (a title from
    metadata that this line repeats); otherwise every line is body text.
    """
    lines = _content_lines(text, start)
    breaks = [_line_breaks(text[a.end : b.start]) >= 2 for a, b in pairwise(lines)]
    headline = None
    if headline_in_text and lines and (not judged or looks_like_headline(text, lines, breaks)):
        headline, lines, breaks = lines[0], lines[1:], breaks[1:]
    if not lines:
        return Layout(headline, ())
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


# A headline is short: the BBC set's longest is 9 words, the sample corpus's 18.
MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 200
_MARKDOWN_HEADING = re.compile(r"#{1,6}(?:\s|$)")
_SENTENCE_END = re.compile(r"[.!?…]")
_CONTINUED = re.compile(r"[,;\-–—(&]$|\b(?:and|or|but|the|a|an|of|to|in|for|with|that)$", re.I)


def looks_like_headline(text: str, lines: list[Span], breaks: list[bool]) -> bool:
    """Whether the first of ``lines`` reads as a headline above the text that follows.

    Saved articles often have none, and their first line is then a paragraph, a long
    one where a paragraph is one line. A headline is short, is not a run of sentences,
    does not end as a sentence does (a full stop: "What now?" and "Wait..." can be
    headlines), and stands apart from a body that follows it: a blank line after it, or
    no blank line anywhere (one paragraph per line), or a next line that does not carry
    on its words (a hard-wrapped paragraph's lines are as long as each other).
    """
    if len(lines) < 2:
        return False  # no body follows
    first = lines[0]
    line = text[first.start : first.end]
    if _MARKDOWN_HEADING.match(line):
        line = line.lstrip("#").strip()
    if not line or len(line) > MAX_HEADLINE_CHARS or count_words(line) > MAX_HEADLINE_WORDS:
        return False
    # Most headlines have no sentence end before their last character: no need to look.
    if _SENTENCE_END.search(line, 0, len(line) - 1) and len(
            sentences(line, Span(0, len(line)))) > 1:
        return False
    if line.endswith(".") and not line.endswith("..") and not _is_abbreviation(line):
        return False
    if breaks[0] or not any(breaks):
        return True
    # The first line runs on into the next one without a blank line between them.
    following = text[lines[1].start : lines[1].end]
    opening = following[:1]
    if _CONTINUED.search(line) or not (opening.isupper() or opening.isdigit()
                                       or opening in "\"'“‘«(["):
        return False
    block = [lines[1]]  # the lines after the first, up to the next blank line
    for line_span, is_break in zip(lines[2:], breaks[1:], strict=True):
        if is_break:
            break
        block.append(line_span)
    widest = max(b.end - b.start for b in block)
    return len(block) < 2 or first.end - first.start < 0.8 * widest


_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "gen", "lt", "col", "maj", "capt",
    "sgt", "cpl", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "no", "nos", "vol", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "ltd", "co", "corp", "bros", "dept", "est", "approx", "vs", "etc", "al",
})
# A sentence ends at . ! ? or … plus closing quotes/brackets, before whitespace and a
# capital, digit or opening quote; line breaks inside a paragraph also end sentences.
_BOUNDARY = re.compile(
    r"""(?<=[.!?…])["'”’»)\]]*(?=\s+["'“‘«(\[]*[A-Z0-9À-ÖØ-Þ])|(?=[\r\n\x85\u2028\u2029])"""
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
