"""``corpus diff --group --format html``: the collation table as one self-contained page
(``collation_table`` alone for ``corpus report``).

Witnesses are rows and aligned token runs are columns, as in the terminal view; the page
scrolls sideways instead of wrapping into bands.
"""

from __future__ import annotations

from corpus_cli.diff.collate import Collation, CollationColumn
from corpus_cli.report.diffhtml import escape, page

STYLE = """
table.collation{table-layout:auto;width:auto}
.collation td{white-space:normal;border-left:1px solid #eee;min-width:1.5em}
.collation th{font:12px/1.4 monospace;text-align:left;padding:.4em .6em;white-space:nowrap}
.collation col.variant,.collation td.variant{background:#fffbe6}
td.majority{color:#060;font-weight:bold}td.minority{color:#900}
td.gap,td.trim{color:#aaa;text-align:center}
"""


def _cell(column: CollationColumn, w: int) -> str:
    reading = column.readings[w]
    if reading is None:
        kind, title = ("trim", "trimmed") if column.trimmed[w] else ("gap", "missing")
        mark = "·" if kind == "trim" else "–"
        return f'<td class="{kind}" title="{title}">{mark}</td>'
    if not column.variant:
        return f"<td>{escape(reading.strip())}</td>"
    kind = "majority" if column.agrees[w] else "minority"
    return f'<td class="variant {kind}" title="{kind} reading">{escape(reading.strip())}</td>'


def collation_table(collation: Collation) -> str:
    """The collation as a table, one row per witness, every reading escaped."""
    rows = []
    for w, witness in enumerate(collation.witnesses):
        head = (f"<th>{w + 1} {escape(witness.path)} [{witness.start}:{witness.end}]</th>")
        cells = "".join(_cell(c, w) for c in collation.columns)
        rows.append(f"<tr>{head}{cells}</tr>")
    marks = "".join('<td class="variant">^</td>' if c.variant else "<td></td>"
                    for c in collation.columns)
    rows.append(f"<tr><th>variant</th>{marks}</tr>")
    return '<table class="collation">\n' + "\n".join(rows) + "\n</table>"


def collation_summary(collation: Collation) -> str:
    return (f"{len(collation.witnesses)} witnesses · {collation.variants} variant columns "
            f"of {len(collation.columns)} · majority readings in green, others in red, "
            "– missing, · trimmed (begins later or ends earlier)")


def render_collation_html(collation: Collation) -> str:
    body = (f"<h1>passage {escape(collation.group)}</h1>\n"
            f'<p class="meta">{escape(collation_summary(collation))}</p>\n'
            f"{collation_table(collation)}")
    return page(f"corpus diff --group {collation.group}", body, STYLE)
