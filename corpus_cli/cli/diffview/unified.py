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
from corpus_cli.cli.diffview.segments import inline_segments
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
    out = [f"--- a/{_name(diff.a)}", f"+++ b/{_name(diff.b)}"]
    last_a = last_b = 0
    for hunk in _hunks(rows):
        a_idx = [i for r in hunk for i in r.a]
        b_idx = [j for r in hunk for j in r.b]
        notes = [f"{r.kind} A{paragraph_label(r.a)} → B{paragraph_label(r.b)}"
                 for r in hunk if r.kind in _NOTED]
        trailer = (" " + "; ".join(notes)) if notes else ""
        out.append(f"@@ -{_range(a_idx, last_a)} +{_range(b_idx, last_b)} @@{trailer}")
        last_a = max(a_idx, default=last_a - 1) + 1
        last_b = max(b_idx, default=last_b - 1) + 1
        for row in hunk:
            assert row.op is not None
            text = "".join(t for t, _s in inline_segments(row.op.words, markup=True))
            out.append(text.replace(PARAGRAPH_BREAK, "\n"))
    return "\n".join(out) + "\n"
