"""Direct quotations: the spans of words between quotation marks in an article.

One pass over the quotation marks of each block (the headline, then every paragraph that
is not boilerplate) with a stack, so the work is linear in the marks whatever the input.
Each mark is judged by its glyph and its neighbours:

- a single mark between two letters or digits is an apostrophe (``don't``, ``Putin’s``);
- a mark can *open* when it follows a space, the block start or an opening bracket or
  dash and is followed by a non-space; it can *close* when it follows a non-space and is
  followed by a space, punctuation or the block end;
- curly glyphs say which way they face (``“`` prefers opening, ``”`` closing); a ``’``
  never opens, since it is also the elision mark (``’90s``).

Mismatched pairs are tolerated: a double closer ends an open single quote when no double
quote is open (``‘totally unprovoked”``), and a single closer followed by punctuation
ends an open double quote when no double closer follows in the block (``"… Putin's
war',``). A span in title case (every word of four letters or more capitalised) is the
name of a work or a campaign, not a quotation, and is left out. Quotes nested inside a
quote stay part of it; only outermost quotes are reported. A paragraph whose quote is
still open at its end continues into the next non-boilerplate paragraph when that one
opens with a quotation mark (the newspaper convention for multi-paragraph quotes); the
quote is then one record with one part per paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus_cli.models import Paragraph, Span

_ALNUM = re.compile(r"[^\W_]")
_MARK = re.compile(r"[\"'“”‘’«»„‚‹›]")
_DOUBLE = frozenset("\"“”«»„")
_PREFER_OPEN = frozenset("“„«‘‚‹")
_PREFER_CLOSE = frozenset("”»’›")
_NEVER_OPEN = frozenset("’›")
# What may stand before an opening mark, besides whitespace and another opening mark.
_OPEN_BEFORE = frozenset("([{—–-/:;")
# What may follow a closing mark, besides whitespace and another closing mark.
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-/…*")
# A quote's own punctuation trimmed from its ends: the comma of ``“…,” he said``.
_TRIM = " \t\r\n,"
PARTIAL_WORDS = 3


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One direct quotation: the quoted words of each paragraph it spans."""

    parts: tuple[Span, ...]  # without the outer quotation marks; one per paragraph
    block: int  # paragraph index of the first part; -1 for the headline
    last_block: int  # paragraph index of the last part
    opener: str  # the opening mark, as written
    closer: str  # the closing mark, or "" when the paragraph ended first
    mismatched: bool = False  # opened and closed with different kinds of mark

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    def text(self, article_text: str) -> str:
        """The quoted words; the parts of a multi-paragraph quote joined by a blank line."""
        return "\n\n".join(article_text[p.start : p.end] for p in self.parts)

    def words(self, article_text: str) -> int:
        return sum(len(article_text[p.start : p.end].split()) for p in self.parts)


@dataclass(frozen=True, slots=True)
class _Raw:
    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None: still open at the block end
    opener: str
    closer: str
    mismatched: bool = False
    # Quotes closed inside an unclosed one: reported instead of it when the paragraph
    # after does not continue it (a closing mark was forgotten: "… and "in the books" --).
    inner: tuple[_Raw, ...] = ()


@dataclass(slots=True)
class _Open:
    pos: int
    double: bool
    char: str


def _roles(text: str, start: int, end: int) -> list[tuple[int, str, bool, bool]]:
    """Every quotation mark in ``text[start:end]`` that is not an apostrophe, with
    whether it can open and whether it can close."""
    marks: list[tuple[int, str, bool, bool]] = []
    skip = -1
    for m in _MARK.finditer(text, start, end):
        i = m.start()
        if i == skip:
            continue
        c = text[i]
        if c in "‘’'" and i + 1 < end and text[i + 1] == c:
            # Two single marks typed for a double one: ’’ or ''.
            c = {"‘": "“", "’": "”", "'": '"'}[c]
            skip = i + 1
        prev = text[i - 1] if i > start else " "
        after = i + 2 if skip == i + 1 else i + 1
        nxt = text[after] if after < end else " "
        if c not in _DOUBLE and prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe: don't, Putin’s, rock'n'roll
        prev_open = prev.isspace() or prev in _OPEN_BEFORE or prev in _PREFER_OPEN
        next_close = nxt.isspace() or nxt in _CLOSE_AFTER or nxt in _PREFER_CLOSE
        if prev in "\"'" and marks and marks[-1][0] == i - 1:
            # A straight mark just before: it faces the way this one can.
            prev_open = marks[-1][2] and not marks[-1][3]
        if nxt in "\"'":
            next_close = True
        can_open = prev_open and not nxt.isspace()
        can_close = not prev.isspace() and not prev_open and next_close
        if prev_open and next_close and not nxt.isspace() and not prev.isspace():
            # Between an opening and a closing context, e.g. ("…"): decide by glyph.
            can_open, can_close = c not in _PREFER_CLOSE, c not in _PREFER_OPEN
        marks.append((i, c, can_open, can_close))
    return marks


def scan_block(text: str, start: int, end: int) -> list[_Raw]:
    """Outermost quotes in one block; the last may be unclosed (``close is None``)."""
    marks = _roles(text, start, end)
    # For each mark: does a double mark that can close come later in the block? A single
    # closer may end a double quote only when none does.
    later_double_close = [False] * (len(marks) + 1)
    for k in range(len(marks) - 1, -1, -1):
        _, c, _, can_close = marks[k]
        later_double_close[k] = later_double_close[k + 1] or (c in _DOUBLE and can_close)
    found: list[_Raw] = []
    inner: list[_Raw] = []  # quotes closed just inside the outermost open one
    stack: list[_Open] = []
    doubles = 0  # double quotes open in the stack

    def close_to(index: int, pos: int, char: str, mismatched: bool) -> None:
        nonlocal doubles
        opened = stack[index]
        for item in stack[index:]:
            doubles -= item.double
        del stack[index:]
        raw = _Raw(opened.pos, pos, opened.char, char, mismatched)
        if not stack:
            found.append(raw)
            inner.clear()
        elif len(stack) == 1 and opened.double and stack[0].char == opened.char:
            inner.append(raw)  # the same mark again inside: maybe a forgotten closer

    for k, (pos, c, can_open, can_close) in enumerate(marks):
        if c in _DOUBLE:
            wants_open = can_open and c in _PREFER_OPEN
            if doubles and (can_close or not can_open) and not wants_open:
                index = max(i for i, item in enumerate(stack) if item.double)
                close_to(index, pos, c, stack[index].char in "'‘‚‹")
            elif can_close and stack and not wants_open:
                close_to(len(stack) - 1, pos, c, True)  # ‘totally unprovoked”
            elif can_open or (c in _PREFER_OPEN and not can_close):
                stack.append(_Open(pos, True, c))
                doubles += 1
            continue
        innermost_double = max((i for i, item in enumerate(stack) if item.double), default=-1)
        single_open = bool(stack) and not stack[-1].double
        if can_close and single_open and not (can_open and c in _PREFER_OPEN):
            close_to(len(stack) - 1, pos, c, False)
        elif can_open and c not in _NEVER_OPEN:
            stack.append(_Open(pos, False, c))
        elif (can_close and innermost_double >= 0 and not single_open
              and not later_double_close[k + 1] and _ends_clause(text, pos + 1, end)):
            close_to(innermost_double, pos, c, True)  # "… Putin's war',
    if stack and stack[0].double:
        found.append(_Raw(stack[0].pos, None, stack[0].char, "", inner=tuple(inner)))
    return found


def _ends_clause(text: str, i: int, end: int) -> bool:
    return i >= end or text[i] in ",.;:!?…" or (text[i].isspace() and (
        i + 1 >= end or text[i + 1] in "—–-"))


def _trimmed(text: str, start: int, end: int) -> Span | None:
    # Any space, not only " " and line ends: a form feed or a no-break space at the edge
    # of a quote is no part of it (the fuzzer found "0\f" quoted).
    while start < end and (text[start] in _TRIM or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1].isspace()):
        end -= 1
    if not _ALNUM.search(text, start, end) or _title_case(text, start, end):
        return None
    return Span(start, end)


def _title_case(text: str, start: int, end: int) -> bool:
    """A title in quotation marks, not a quotation: “The Kid Who Would Be King”."""
    if end - start > 120:
        return False
    words = [w for w in text[start:end].split() if len(w) >= 4 and w[:4].isalpha()]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and not any(
        w.isupper() for w in words)


def _opens_with_quote(text: str, par: Paragraph) -> bool:
    return par.end > par.start and text[par.start] in "\"“„«'‘‚‹"


def blocks(paragraphs: Sequence[Paragraph], title_span: Span | None) -> list[tuple[int, Span]]:
    """The headline (index -1) and the paragraphs that are not boilerplate, in order."""
    out = [(-1, title_span)] if title_span is not None and title_span.end > title_span.start \
        else []
    out += [(p.index, p.span) for p in paragraphs if not p.boilerplate]
    return out


def extract(text: str, paragraphs: Sequence[Paragraph],
            title_span: Span | None = None) -> list[QuoteSpan]:
    """Every outermost direct quotation of an article, in text order."""
    out: list[QuoteSpan] = []
    pending: list[Span] = []  # parts of a quote still open at the end of its paragraph
    pending_info: tuple[int, str] = (0, "")
    last_block = 0
    for index, span in blocks(paragraphs, title_span):
        raws = scan_block(text, span.start, span.end)
        if pending:
            first = raws[0] if raws else None
            if (index >= 0 and first is not None and first.open == span.start
                    and _opens_with_quote(text, paragraphs[_pos(paragraphs, index)])):
                part = _trimmed(text, first.open + 1,
                                first.close if first.close is not None else span.end)
                if part is not None:
                    pending.append(part)
                last_block = index
                raws = raws[1:]
                if first.close is None:
                    continue  # still open: it may go on in the next paragraph
                out.append(QuoteSpan(tuple(pending), pending_info[0], last_block,
                                     pending_info[1], first.closer, first.mismatched))
                pending = []
            else:
                out.append(QuoteSpan(tuple(pending), pending_info[0], last_block,
                                     pending_info[1], ""))
                pending = []
        for raw in raws:
            part = _trimmed(text, raw.open + 1, raw.close if raw.close is not None else span.end)
            if raw.close is None:
                if raw.inner and not _continues(text, paragraphs, index):
                    # The words before the first inner quote are quoted too:
                    # “That’s a dangerous thing to do. “It really evokes …”
                    head = _trimmed(text, raw.open + 1, raw.inner[0].open)
                    if head is not None:
                        out.append(QuoteSpan((head,), index, index, raw.opener, ""))
                    for sub in raw.inner:
                        piece = _trimmed(text, sub.open + 1, sub.close or sub.open)
                        if piece is not None:
                            out.append(QuoteSpan((piece,), index, index, sub.opener,
                                                 sub.closer, sub.mismatched))
                    continue
                if index < 0:  # a headline has no next paragraph: the quote ends with it
                    if part is not None:
                        out.append(QuoteSpan((part,), index, index, raw.opener, ""))
                    continue
                pending = [part] if part is not None else []
                pending_info = (index, raw.opener)
                last_block = index
                if part is None:  # a lone mark ending the paragraph: nothing quoted yet
                    pending = []
                continue
            if part is not None:
                out.append(QuoteSpan((part,), index, index, raw.opener, raw.closer,
                                     raw.mismatched))
    if pending:
        out.append(QuoteSpan(tuple(pending), pending_info[0], last_block, pending_info[1], ""))
    return out


def _continues(text: str, paragraphs: Sequence[Paragraph], index: int) -> bool:
    """Does the next non-boilerplate paragraph after ``index`` open with a quote mark?"""
    if index < 0:
        return False
    for par in paragraphs[_pos(paragraphs, index) + 1 :]:
        if not par.boilerplate:
            return _opens_with_quote(text, par)
    return False


def _pos(paragraphs: Sequence[Paragraph], index: int) -> int:
    # Paragraph indexes are positions in practice; fall back to a search if not.
    if 0 <= index < len(paragraphs) and paragraphs[index].index == index:
        return index
    return next(i for i, p in enumerate(paragraphs) if p.index == index)


def is_partial(words: int) -> bool:
    return words <= PARTIAL_WORDS


def quote_texts(text: str, spans: Iterable[QuoteSpan]) -> list[str]:
    return [q.text(text) for q in spans]
