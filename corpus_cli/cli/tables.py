"""Tables that fit the terminal: widths decided here, Rich only draws them.

Every column has a kind: ``id`` (shown as its shortest unique prefix), ``number``
(right-aligned), ``label`` (a short word or two), ``path`` (shortened in the middle, never
wrapped mid-name) or ``text`` (wrapped at words; it takes the width left over, so a wider
terminal shows more of a passage). A header is never split: a column is at least as wide as
its header. When even the narrowest layout is wider than the terminal, the columns a table
can best spare (``Column.drop``, highest first) are left out; every format but the table
keeps them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from corpus_cli.cli.console import safe

if TYPE_CHECKING:
    from rich.console import Console

    from corpus_cli.cli.output import Column

PATH_MIN = 16  # a path column is never narrower: "corpus/000…7.txt"
TEXT_MIN = 16
LABEL_WRAP = 14  # a label wider than this (a name, "attribution conflict") wraps at words
ELLIPSIS = "…"


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes (wide characters take two)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def shorten_middle(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, its middle left out: the start of a path and its
    file name's end both stay readable."""
    if cell_len(text) <= width or width < 2:
        return text
    keep = width - 1
    head = keep // 2 - (keep // 6)  # the end (the file name) gets the larger share
    tail = keep - head
    out_head, used = "", 0
    for ch in text:
        if used + cell_len(ch) > head:
            break
        out_head += ch
        used += cell_len(ch)
    out_tail, used = "", 0
    for ch in reversed(text):
        if used + cell_len(ch) > tail:
            break
        out_tail = ch + out_tail
        used += cell_len(ch)
    return out_head + ELLIPSIS + out_tail


def excerpt(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut + ELLIPSIS


def _overhead(columns: int) -> int:
    # Rich's default box: an edge, then a separator after each column, one space of
    # padding on each side of each cell.
    return 3 * columns + 1


def _lines_width(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


class _Plan:
    """One column's cells as plain text, and the widths it can take."""

    def __init__(self, col: Column, cells: list[str]) -> None:
        self.col = col
        self.cells = cells
        header = cell_len(col.header)
        self.natural = max([header, *(_lines_width(c) for c in cells)])
        if col.kind in ("id", "number"):
            self.least = self.natural
        elif col.kind == "label":
            longest_word = max([header, *(cell_len(w) for c in cells for w in c.split())])
            self.least = self.natural if self.natural <= LABEL_WRAP else longest_word
        elif col.kind == "path":
            self.least = min(self.natural, max(header, PATH_MIN))
        else:
            self.least = min(self.natural, max(header, TEXT_MIN))
        self.width = self.least


def plan_widths(plans: list[_Plan], width: int) -> list[_Plan]:
    """The columns kept and their widths, in ``width`` cells at most where it can be."""
    kept = list(plans)
    while sum(p.least for p in kept) + _overhead(len(kept)) > width:
        droppable = [p for p in kept if p.col.drop > 0]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda p: p.col.drop))
    spare = width - _overhead(len(kept)) - sum(p.least for p in kept)
    spare = _grow([p for p in kept if p.col.kind == "label"], spare)
    paths = [p for p in kept if p.col.kind == "path"]
    texts = [p for p in kept if p.col.kind == "text"]
    if texts:
        # Paths take at most half of what is left for paths and text, text the rest; what
        # text does not want goes back to the paths.
        room = spare + sum(p.width for p in (*paths, *texts))
        cap = room // 2 // max(len(paths), 1)
        spare = _grow(paths, spare, cap)
    spare = _grow(texts, spare)
    _grow(paths, spare)
    return kept


def _grow(plans: list[_Plan], spare: int, cap: int | None = None) -> int:
    """Widen ``plans`` towards their natural widths (at most ``cap``), in equal shares of
    ``spare``; returns what is left of it."""
    while spare > 0:
        wanting = [p for p in plans
                   if p.width < p.natural and (cap is None or p.width < cap)]
        if not wanting:
            break
        share = max(spare // len(wanting), 1)
        for p in wanting:
            limit = p.natural if cap is None else min(p.natural, cap)
            extra = min(share, limit - p.width, spare)
            p.width += extra
            spare -= extra
    return spare


def render_table(console: Console, columns: Sequence[Column], records: Sequence[dict[str, Any]],
                 title: str | None, width: int, ids: Mapping[str, str] | None,
                 styled: Callable[[Column, dict[str, Any], int | None], Any]) -> None:
    """Draw ``records`` as a table of ``columns`` in ``width`` cells."""
    from rich.table import Table
    from rich.text import Text

    def plain(col: Column, record: dict[str, Any], fit_width: int | None) -> str:
        value = record if col.whole else record.get(col.key)
        if col.fit is not None:
            return col.fit(value, fit_width)
        if col.kind == "id" and isinstance(value, str) and ids is not None:
            return ids.get(value, value)
        if col.render is not None:
            return col.render(value)
        return _text(value)

    def styled_plain(col: Column, record: dict[str, Any]) -> str:
        value = record if col.whole else record.get(col.key)
        assert col.styled is not None
        return "".join(piece for piece, _style in col.styled(value, None))

    plans = [_Plan(col, [styled_plain(col, r) if col.styled else plain(col, r, None)
                         for r in records]) for col in columns]
    kept = plan_widths(plans, width)
    table = Table(title=title, show_lines=False, header_style="bold")
    for p in kept:
        kind = p.col.kind
        table.add_column(p.col.header, style=p.col.style, width=p.width,
                         no_wrap=kind in ("id", "number", "path"), overflow="fold",
                         justify="right" if kind == "number" else "left")
    for n, record in enumerate(records):
        cells: list[Any] = []
        for p in kept:
            col = p.col
            if col.styled is not None:
                cells.append(styled(col, record, p.width))
                continue
            text = plain(col, record, p.width) if col.fit is not None else p.cells[n]
            if col.kind == "path":
                text = "\n".join(shorten_middle(line, p.width) for line in text.split("\n"))
            elif col.kind == "text":
                text = _long_words(text, p.width)
            cells.append(Text(safe(text)))
        table.add_row(*cells)
    console.print(table)


def _long_words(text: str, width: int) -> str:
    """A word wider than the column (a path in a sentence) shortened in the middle, rather
    than folded into pieces."""
    if all(cell_len(w) <= width for w in text.split()):
        return text
    return re.sub(r"\S+", lambda m: shorten_middle(m.group(), width), text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
