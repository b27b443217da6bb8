"""The terminal views: two columns side by side, or one inline column when narrow.

Both are built as lines of styled segments first, then printed; the layout never
depends on colour, so a coloured and a plain render line up the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TextIO

from corpus_cli.cli.console import safe
from corpus_cli.cli.diffview.segments import (
    Line,
    Segment,
    inline_segments,
    line_len,
    side_segments,
    wrap,
)
from corpus_cli.diff.model import Diff, ParagraphOp, Side
from corpus_cli.report.diffmodel import (
    Row,
    display_name,
    paragraph_label,
    punctuation_only,
    summary_line,
)

SIDE_BY_SIDE_MIN = 100  # narrower terminals get the inline view
SEPARATOR = " │ "
# Changes are marked by more than a hue, so they read without colour vision (as delta and
# difftastic mark them): a deletion struck through on a red background, an insertion bold
# and underlined on a green one, punctuation-only changes likewise on magenta.
STYLES = {
    "del": "strike black on red",
    "ins": "bold underline black on green",
    "pdel": "strike black on magenta",
    "pins": "underline black on magenta",
    "dim": "dim",
    "label": "cyan",
    "head": "bold",
    "majority": "green",  # collation: the reading most witnesses share
    "minority": "bold underline red",
    "hunk": "cyan",  # unified: @@ lines, as git colours them
}


def _header(diff: Diff, width: int) -> list[Line]:
    def describe(mark: str, side: Side) -> list[Segment]:
        return [(f"{mark}: ", "head"), (safe(display_name(side)), "head"),
                (safe(f"  {side.title}"), None)]

    lines = wrap(describe("A", diff.a), width) + wrap(describe("B", diff.b), width)
    lines += wrap([(summary_line(diff), "label")], width)
    settings = diff.settings
    hidden_a = [] if settings.include_boilerplate else diff.a.boilerplate
    hidden_b = [] if settings.include_boilerplate else diff.b.boilerplate
    if hidden_a or hidden_b:
        lines += wrap([(f"boilerplate not compared: A {len(hidden_a)}, B {len(hidden_b)} "
                        "paragraphs (--include-boilerplate shows them)", "dim")], width)
    if settings.ignore_punctuation:
        lines += wrap([("punctuation and quote-mark changes ignored", "dim")], width)
    return lines


def _rule(text: str, width: int, style: str = "label") -> Line:
    text = f"─ {text} "
    fill = max(width - line_len([(text, None)]), 0)
    return [(text, style), ("─" * fill, "dim")]


def _label(row: Row, position: dict[int, int], where: int) -> str:
    op = row.op
    if row.kind == "collapsed":
        return (f"⋯ {row.hidden} equal paragraph{'s' if row.hidden != 1 else ''} "
                f"(A{paragraph_label(row.a)}, B{paragraph_label(row.b)})")
    assert op is not None
    if row.kind == "moved":
        arrow = "↓" if position.get(id(op), where) > where else "↑"
        return f"A{paragraph_label(op.a)} moved {arrow} to B{paragraph_label(op.b)}"
    parts = [op.op]
    if op.op not in ("insert", "delete"):
        parts.append(f"{op.similarity:.0%}")
    if op.a and op.b:
        parts.append(f"A{paragraph_label(op.a)} → B{paragraph_label(op.b)}")
    elif op.a:
        parts.append(f"A{paragraph_label(op.a)}")
    else:
        parts.append(f"B{paragraph_label(op.b)}")
    if op.op != "equal" and punctuation_only(op):
        parts.append("(punctuation only)")
    return " · ".join(parts)


def _pad(line: Line, width: int) -> Line:
    return [*line, (" " * max(width - line_len(line), 0), None)]


def _columns(left: list[Line], right: list[Line], widths: tuple[int, int]) -> list[Line]:
    out = []
    for k in range(max(len(left), len(right))):
        lhs = left[k] if k < len(left) else []
        rhs = right[k] if k < len(right) else []
        line = [*_pad(lhs, widths[0]), (SEPARATOR, "dim"), *rhs]
        out.append(line)
    return out


def _op_lines(op: ParagraphOp, widths: tuple[int, int], markup: bool) -> list[Line]:
    left = wrap(side_segments(op.words, "a", markup), widths[0]) if op.a else []
    right = wrap(side_segments(op.words, "b", markup), widths[1]) if op.b else []
    return _columns(left, right, widths)


def render_lines(diff: Diff, rows: Sequence[Row], width: int, markup: bool,
                 side_by_side: bool) -> list[Line]:
    """Every line of the terminal view, ``width`` cells at most."""
    width = max(width, 20)
    left_width = (width - len(SEPARATOR)) // 2
    widths = (left_width, width - len(SEPARATOR) - left_width)
    lines = _header(diff, width)
    position = {id(r.op): k for k, r in enumerate(rows) if r.kind not in ("moved", "collapsed")}
    for k, row in enumerate(rows):
        if row.kind == "collapsed":
            lines.append([(_label(row, position, k), "dim")])
            continue
        grouped = row.kind in _GROUPED and k > 0 and rows[k - 1].kind == row.kind
        if grouped:
            lines.append([])  # one rule over a run of deletions (insertions), blank between
        else:
            run = _run_of(rows, k)
            lines.append(_rule(_label(run, position, k), width,
                               "dim" if row.kind == "equal" else "label"))
        if row.kind == "moved":
            continue
        assert row.op is not None
        if side_by_side:
            lines += _op_lines(row.op, widths, markup)
        else:
            lines += wrap(inline_segments(row.op.words, markup), width)
    return lines


_GROUPED = ("delete", "insert")


def _run_of(rows: Sequence[Row], k: int) -> Row:
    """Row ``k``, standing for the whole run of deletions (insertions) it starts."""
    row = rows[k]
    if row.kind not in _GROUPED or row.op is None:
        return row
    end = k
    while end + 1 < len(rows) and rows[end + 1].kind == row.kind:
        end += 1
    if end == k:
        return row
    a = tuple(i for r in rows[k : end + 1] for i in r.a)
    b = tuple(j for r in rows[k : end + 1] for j in r.b)
    return replace(row, op=replace(row.op, a=a, b=b), a=a, b=b)


def print_lines(lines: Sequence[Line], stream: TextIO, colored: bool, width: int) -> None:
    """Write ``lines``: through Rich with colour, as plain text without."""
    if not colored:
        write = stream.write
        for line in lines:
            write("".join(t for t, _s in line).rstrip() + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    # Lines are laid out already: Rich only colours them (never wraps, crops or parses).
    console = Console(file=stream, force_terminal=True, color_system="standard",
                      width=width + 1, height=25, markup=False, emoji=False,
                      highlight=False, soft_wrap=False)
    for line in lines:
        text = Text(no_wrap=True, overflow="ignore", end="\n")
        for fragment, style in line:
            text.append(fragment, STYLES.get(style or "", ""))
        text.rstrip()
        console.print(text, crop=False)
