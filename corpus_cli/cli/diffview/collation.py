"""The terminal view of a collation: one row per witness, columns aligned, in bands.

Columns are laid out left to right and wrapped into bands as wide as the terminal; in each
band every witness has one line, so a word and its variants sit one above the other. A
line of ``^`` under the band marks variant columns. Without colour, a reading that is not
the majority's is bracketed, ``[astonishing]``; a gap is a run of ``–``, and a trim (a
witness that has not begun yet or has already ended) a run of ``·``. The layout is the
same with and without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corpus_cli.cli.console import safe
from corpus_cli.cli.diffview.segments import Line, Segment, cell_len, wrap
from corpus_cli.diff.collate import Collation, CollationColumn
from corpus_cli.diff.words import tokens

GAP, TRIM = "–", "·"


@dataclass(frozen=True, slots=True)
class _Unit:
    cells: tuple[Segment, ...]  # one per witness; an empty text is filled with its style
    variant: bool

    @property
    def width(self) -> int:
        return max([1, *(cell_len(t) for t, _s in self.cells)])


def _pieces(text: str) -> list[str]:
    starts, _keys = tokens(text)
    bounds = [*starts, len(text)]
    return [text[bounds[k]:bounds[k + 1]].strip() for k in range(len(starts))]


def _units(column: CollationColumn, markup: bool, room: int) -> list[_Unit]:
    if not column.variant:
        # Every witness has the same tokens here: one unit per word wraps anywhere.
        split = [(r or "").split() for r in column.readings]
        if len({len(p) for p in split}) > 1:  # spaced differently: split at tokens
            split = [_pieces(r or "") for r in column.readings]
        return [_Unit(tuple((safe(p[k]), None) for p in split), False)
                for k in range(min(map(len, split)))]
    cells: list[Segment] = []
    for reading, agrees, trimmed in zip(column.readings, column.agrees, column.trimmed,
                                        strict=True):
        if reading is None:
            cells.append(("", "trim" if trimmed else "gap"))
            continue
        text = safe(" ".join(reading.split()))
        if markup and not agrees:
            text = f"[{text}]"
        cells.append((text, "majority" if agrees else "minority"))
    unit = _Unit(tuple(cells), True)
    if unit.width <= room:
        return [unit]
    # Too wide for a band: each reading wrapped, its k-th line in the k-th unit.
    wrapped = [wrap([(t, s)], room) if t else [] for t, s in cells]
    depth = max(map(len, wrapped))
    return [_Unit(tuple(_nth(lines, k, cell) for lines, cell in zip(wrapped, cells,
                                                                     strict=True)), True)
            for k in range(depth)]


def _nth(lines: list[Line], k: int, cell: Segment) -> Segment:
    if not lines:
        return ("", cell[1])
    if k < len(lines):
        return ("".join(t for t, _s in lines[k]), cell[1])
    return ("", None)


def _fill(cell: Segment, width: int) -> Segment:
    text, style = cell
    if not text and style in ("gap", "trim"):
        return ((GAP if style == "gap" else TRIM) * width, "dim")
    return (text + " " * (width - cell_len(text)), style)


def _header(collation: Collation, width: int, label: int) -> list[Line]:
    words = sum(len(tokens(w.text)[1]) for w in collation.witnesses)
    lines = wrap([(f"passage {collation.group}", "head"),
                  (f" · {len(collation.witnesses)} witnesses · {words} words in all · "
                   f"{collation.variants} variant column"
                   f"{'s' if collation.variants != 1 else ''} of {len(collation.columns)}",
                   "label")], width)
    for k, w in enumerate(collation.witnesses, 1):
        lines += wrap([(f"{k:>{label}} ", "head"), (safe(w.path), None),
                       (f" [{w.start}:{w.end}]", "dim")], width)
    lines += wrap([(f"^ variant · [..] not the majority reading · {GAP} missing · "
                    f"{TRIM} trimmed (begins later or ends earlier)", "dim")], width)
    return lines


def render_collation(collation: Collation, width: int, markup: bool) -> list[Line]:
    """Every line of the view, ``width`` cells at most."""
    width = max(width, 20)
    label = len(str(len(collation.witnesses)))
    prefix = label + 3  # "N │ "
    room = width - prefix
    units = [u for c in collation.columns for u in _units(c, markup, room)]
    lines = _header(collation, width, label)
    band: list[_Unit] = []
    used = 0
    for unit in [*units, None]:
        if unit is not None and (not band or used + 1 + unit.width <= room):
            used += unit.width + (1 if band else 0)
            band.append(unit)
            continue
        lines.append([])
        lines += _band(band, len(collation.witnesses), label)
        if unit is not None:
            band, used = [unit], unit.width
    return lines


def _band(band: Sequence[_Unit], witnesses: int, label: int) -> list[Line]:
    out: list[Line] = []
    for w in range(witnesses):
        line: Line = [(f"{w + 1:>{label}}", "head"), (" │ ", "dim")]
        for k, unit in enumerate(band):
            if k:
                line.append((" ", None))
            line.append(_fill(unit.cells[w], unit.width))
        out.append(line)
    if any(u.variant for u in band):
        marks = " ".join(("^" if u.variant else " ") * u.width for u in band)
        out.append([(" " * (label + 3), None), (marks, "label")])
    return out
