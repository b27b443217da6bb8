"""Styled text segments from word runs, and word-boundary wrapping into columns.

A segment is ``(text, style)``; styles are names (``del``, ``ins``, ``pdel``, ``pins``
for punctuation-only changes, ``dim``, ``label``) that the terminal view maps to colours.
Without colour, changes carry git's plain word-diff markup, ``[-old-]`` and ``{+new+}``,
so they stay visible in a pipe or under ``NO_COLOR``.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Sequence

from corpus_cli.cli.console import safe
from corpus_cli.diff.model import WordRun

Segment = tuple[str, str | None]
Line = list[Segment]
_PIECE = re.compile(r"\n|[^\S\n]+|\S+")


def _mark(text: str, style: str, markup: bool) -> Segment:
    text = safe(text)
    if markup:
        text = f"[-{text}-]" if style in ("del", "pdel") else f"{{+{text}+}}"
    return text, style


def side_segments(words: Sequence[WordRun], side: str, markup: bool) -> list[Segment]:
    """One side (``a`` or ``b``) of an operation: its text, its changes marked."""
    out: list[Segment] = []
    removed = side == "a"
    for run in words:
        text = run.a if removed else run.b
        if not text:
            continue
        if run.kind == "equal":
            out.append((safe(text), None))
        else:
            style = ("pdel" if run.punctuation else "del") if removed else (
                "pins" if run.punctuation else "ins")
            out.append(_mark(text, style, markup))
    return out


def inline_segments(words: Sequence[WordRun], markup: bool) -> list[Segment]:
    """A then B in one text: deletions, then insertions, at each change."""
    out: list[Segment] = []
    for k, run in enumerate(words):
        if run.kind == "equal":
            before = words[k - 1] if k > 0 else None
            after = words[k + 1] if k + 1 < len(words) else None
            out.append((safe(_spaced(run, before, after)), None))
            continue
        if run.a:
            out.append(_mark(run.a, "pdel" if run.punctuation else "del", markup))
        if run.a and run.b and not markup and not (run.a[-1:].isspace() or
                                                   run.b[:1].isspace()):
            # Coloured, a replacement's two sides would run together ("this monthLast
            # Sunday"): a plain space keeps them apart, as the brackets do without colour.
            out.append((" ", None))
        if run.b:
            out.append(_mark(run.b, "pins" if run.punctuation else "ins", markup))
    return out


def _spaced(run: WordRun, before: WordRun | None, after: WordRun | None) -> str:
    """B's text of an unchanged run, with A's whitespace at an end next to a deletion.

    Whitespace next to a deleted word is A's alone: without it the inline view would
    glue ``[-Vladimir-]Putin``.
    """
    text = run.b
    if before is not None and before.a and not text[:1].isspace():
        text = run.a[: len(run.a) - len(run.a.lstrip())] + text
    if after is not None and after.a and not text[-1:].isspace():
        text += run.a[len(run.a.rstrip()):]
    return text


def cell_len(text: str) -> int:
    from rich.cells import cell_len as rich_cell_len

    return text.__len__() if text.isascii() else rich_cell_len(text)


def _items(segments: Iterable[Segment]) -> list[tuple[str, list[Segment]]]:
    """Words (unbreakable, possibly spanning styles), spaces and newlines."""
    items: list[tuple[str, list[Segment]]] = []
    for text, style in segments:
        for m in _PIECE.finditer(text):
            piece = m.group()
            kind = "nl" if piece == "\n" else ("space" if piece.isspace() else "word")
            if kind == "word" and items and items[-1][0] == "word":
                items[-1][1].append((piece, style))
            else:
                items.append((kind, [(piece, style)]))
    return items


def _split_long(fragments: list[Segment], width: int) -> list[list[Segment]]:
    """A word wider than the column, cut into column-wide pieces."""
    chunks: list[list[Segment]] = [[]]
    used = 0
    for text, style in fragments:
        for ch in text:
            w = cell_len(ch)
            if used + w > width and used:
                chunks.append([])
                used = 0
            chunks[-1].append((ch, style))
            used += w
    return chunks


def wrap(segments: Iterable[Segment], width: int) -> list[Line]:
    """Lines at most ``width`` cells wide, broken at spaces; newlines kept."""
    # A paragraph of megabytes makes millions of small tuples and lists, none in a cycle:
    # the cyclic collector, run again and again over all of them, took 4 times the work.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _wrap(segments, width)
    finally:
        if collecting:
            gc.enable()


def _wrap(segments: Iterable[Segment], width: int) -> list[Line]:
    width = max(width, 1)
    lines: list[Line] = [[]]
    used = 0
    pending: list[Segment] = []  # spaces, written only if a word follows on this line
    for kind, fragments in _items(segments):
        if kind == "nl":
            lines.append([])
            used, pending = 0, []
            continue
        if kind == "space":
            if used:
                pending = [(" ", fragments[0][1])]
            continue
        size = sum(cell_len(t) for t, _s in fragments)
        gap = 1 if pending else 0
        if used and used + gap + size > width:
            lines.append([])
            used, pending = 0, []
            gap = 0
        if size > width:
            for chunk in _split_long(fragments, width):
                if used:
                    lines.append([])
                lines[-1].extend(chunk)
                used = sum(cell_len(t) for t, _s in chunk)
            pending = []
            continue
        lines[-1].extend(pending)
        lines[-1].extend(fragments)
        used += gap + size
        pending = []
    return [_merge(line) for line in lines]


def _merge(line: Line) -> Line:
    out: Line = []
    for text, style in line:
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + text, style)
        else:
            out.append((text, style))
    return out


def line_len(line: Line) -> int:
    return sum(cell_len(t) for t, _s in line)
