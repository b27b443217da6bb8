"""``corpus diff --format html``: one self-contained page with the side-by-side view.

Every piece of article text goes through ``html.escape``, its control characters shown
as ``\\xNN`` first; the page has an inline style sheet and no scripts, links or other
external assets. ``diff_table`` is the view without
the page around it, which ``corpus report`` places in its own page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as escape_html

from corpus_cli.diff.model import PARAGRAPH_BREAK, Diff, ParagraphOp, Side, WordRun
from corpus_cli.report.diffmodel import (
    Row,
    display_name,
    paragraph_label,
    punctuation_only,
    summary_line,
)
from corpus_cli.text.controls import visible_controls


def escape(text: str) -> str:
    """Text for the page: control characters shown escaped (``\\xNN``: the page may be
    printed to a terminal, which must not obey them), then HTML-escaped."""
    return escape_html(visible_controls(text))


STYLE = """
body{font:15px/1.5 Georgia,serif;margin:1.5em;color:#222;background:#fff}
h1{font-size:1.1em;margin:.2em 0}p.meta{color:#555;margin:.2em 0 1em}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td{vertical-align:top;padding:.4em .6em;border-top:1px solid #ddd;white-space:pre-wrap;
word-wrap:break-word}
tr.label td{font:12px/1.4 monospace;color:#0a6;background:#f6f6f6;border-top:2px solid #ccc}
tr.equal.label td,tr.collapsed td{color:#888}
del{background:#fdd;color:#900;text-decoration:line-through}
ins{background:#dfd;color:#060;text-decoration:none}
del.p,ins.p{background:#f3dcf5;color:#707}
"""


def _side_html(words: Sequence[WordRun], side: str) -> str:
    out = []
    for run in words:
        text = run.a if side == "a" else run.b
        if not text:
            continue
        body = escape(text).replace(PARAGRAPH_BREAK, "\n\n")
        if run.kind == "equal":
            out.append(body)
        else:
            tag = "del" if side == "a" else "ins"
            cls = ' class="p"' if run.punctuation else ""
            out.append(f"<{tag}{cls}>{body}</{tag}>")
    return "".join(out)


def _label(row: Row) -> str:
    if row.kind == "collapsed":
        return (f"⋯ {row.hidden} equal paragraph{'s' if row.hidden != 1 else ''} "
                f"(A{paragraph_label(row.a)}, B{paragraph_label(row.b)})")
    op = row.op
    assert op is not None
    if row.kind == "moved":
        return f"A{paragraph_label(op.a)} moved to B{paragraph_label(op.b)}"
    parts = [op.op]
    if op.op not in ("insert", "delete"):
        parts.append(f"{op.similarity:.0%}")
    parts.append(" → ".join(x for x in (f"A{paragraph_label(op.a)}" if op.a else "",
                                        f"B{paragraph_label(op.b)}" if op.b else "") if x))
    if op.op != "equal" and punctuation_only(op):
        parts.append("(punctuation only)")
    return " · ".join(parts)


def _row(row: Row) -> str:
    label = escape(_label(row))
    if row.kind == "collapsed":
        return f'<tr class="collapsed"><td colspan="2">{label}</td></tr>'
    head = f'<tr class="{row.kind} label"><td colspan="2">{label}</td></tr>'
    if row.kind == "moved":
        return head
    op: ParagraphOp | None = row.op
    assert op is not None
    left = _side_html(op.words, "a") if op.a else ""
    right = _side_html(op.words, "b") if op.b else ""
    return f'{head}\n<tr class="{row.kind}"><td>{left}</td><td>{right}</td></tr>'


def _heading(mark: str, side: Side) -> str:
    return (f"<h1>{mark}: {escape(side.title)}</h1>"
            f'<p class="meta">{escape(display_name(side))}</p>')


def page(title: str, body: str, style: str = "") -> str:
    """A self-contained page: ``title`` is escaped here, ``body`` must be escaped already."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        # No script may run and nothing may be fetched, whatever the text holds.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}{style}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def diff_table(rows: Sequence[Row]) -> str:
    """The side-by-side table of ``rows``, every piece of text escaped."""
    body = "\n".join(_row(r) for r in rows)
    return f'<table>\n<colgroup><col><col></colgroup>\n{body}\n</table>'


def render_html(diff: Diff, rows: Sequence[Row]) -> str:
    return page(f"corpus diff: {diff.a.title} / {diff.b.title}",
                f"{_heading('A', diff.a)}\n{_heading('B', diff.b)}\n"
                f'<p class="meta">{escape(summary_line(diff))}</p>\n{diff_table(rows)}')
