"""``--format unified``: a git-style diff over paragraphs, in ``--word-diff=plain`` form.

One line per paragraph (a split's new paragraphs on lines of their own). As in
``git diff --word-diff=plain``, lines carry no +/- prefix: deleted words read
``[-old-]``, inserted ones ``{+new+}``, a deleted paragraph is ``[-...-]`` whole. Hunk
headers count paragraphs (1-based, as git counts lines) and name the non-trivial
operations inside: ``@@ -9,2 +5,3 @@ split A#9 → B#5-6``.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus_cli.cli.console import safe
from corpus_cli.cli.diffview.segments import Line, Segment, inline_segments
from corpus_cli.diff.model import PARAGRAPH_BREAK, Diff, Side
from corpus_cli.report.diffmodel import Row, display_name, paragraph_label

_NOTED = ("move", "split", "merge")


def _name(side: Side) -> str:
    return safe(display_name(side))


def _hunks(rows: Sequence[Row]) -> list[list[Row]]:
    hunks: list[list[Row]] = [[]]
    for row in rows:
        if row.kind == "collapsed":
            hunks.append([])
        elif row.kind != "moved":
            hunks[-1].append(row)
    return [h for h in hunks if h]


def _range(indexes: list[int], before: int) -> str:
    if not indexes:
        return f"{before},0"
    return f"{min(indexes) + 1},{len(indexes)}"


def render_unified(diff: Diff, rows: Sequence[Row]) -> str:
    """The unified view as plain text, changes marked ``[-...-]`` and ``{+...+}``."""
    return "".join("".join(t for t, _s in line) + "\n"
                   for line in unified_lines(diff, rows, markup=True))


def unified_lines(diff: Diff, rows: Sequence[Row], markup: bool) -> list[Line]:
    """The unified view as styled lines: with ``markup`` the words carry git's plain
    word-diff brackets; without it (``--color always``) they carry only their styles, as
    ``git diff --word-diff=color`` prints them."""
    out: list[Line] = [[(f"--- a/{_name(diff.a)}", "head")], [(f"+++ b/{_name(diff.b)}", "head")]]
    last_a = last_b = 0
    for hunk in _hunks(rows):
        a_idx = [i for r in hunk for i in r.a]
        b_idx = [j for r in hunk for j in r.b]
        notes = [f"{r.kind} A{paragraph_label(r.a)} → B{paragraph_label(r.b)}"
                 for r in hunk if r.kind in _NOTED]
        trailer = (" " + "; ".join(notes)) if notes else ""
        out.append([(f"@@ -{_range(a_idx, last_a)} +{_range(b_idx, last_b)} @@{trailer}",
                     "hunk")])
        last_a = max(a_idx, default=last_a - 1) + 1
        last_b = max(b_idx, default=last_b - 1) + 1
        for row in hunk:
            assert row.op is not None
            out += _split_lines(inline_segments(row.op.words, markup=markup))
    return out


def _split_lines(segments: list[Segment]) -> list[Line]:
    """Segments as lines: a split's or merge's paragraphs each on a line of their own."""
    lines: list[Line] = [[]]
    for text, style in segments:
        for k, piece in enumerate(text.split(PARAGRAPH_BREAK)):
            if k:
                lines.append([])
            if piece:
                lines[-1].append((piece, style))
    return lines
