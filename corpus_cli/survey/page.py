"""The report as HTML: one self-contained page rendered from ``templates/`` with Jinja2, or
a folder holding that page and one page per diff beside it.

Safety, in layers: Jinja2 escapes every value (autoescape; the diff and collation tables
come escaped from ``corpus diff``'s renderers), control characters are shown as ``\\xNN``
as the terminal views show them, no article's address is linked unless it is http(s), and
the Content-Security-Policy names the page's one script and one style sheet by their
hashes: nothing is fetched, and any other script, even one that slipped through, does not
run.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
from html import escape
from importlib import resources
from pathlib import Path

from corpus_cli import __version__
from corpus_cli.errors import OutputError
from corpus_cli.report.collationhtml import STYLE as COLLATION_STYLE
from corpus_cli.report.diffhtml import STYLE as DIFF_STYLE
from corpus_cli.report.diffhtml import page as diff_page
from corpus_cli.survey.chronology import order_label
from corpus_cli.survey.content import ReportContent
from corpus_cli.survey.stories import DiffView
from corpus_cli.text.controls import visible_controls

INDEX = "index.html"
DIFFS = "diffs"
# Control characters other than tab and line ends: only article text can bring them.
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# The sortable tables' columns (label, numeric): their headers, and the labels each cell
# carries when a narrow screen shows a row as a card.
COLUMNS = {
    "sources-table": (("Source", False), ("Articles", True), ("Paragraphs", True),
                      ("Boilerplate", True), ("Share", True)),
    "stories-table": (("Story", False), ("Kind", False), ("Articles", True),
                      ("Outlets", True), ("Words", True), ("First", False)),
    "quotes-table": (("Speaker", False), ("Quote", False), ("Articles", True),
                     ("Marks", False)),
    "speakers-table": (("Speaker", False), ("Also written", False), ("Articles", True),
                       ("Quotes", True)),
    "articles-table": (("#", True), ("Article", False), ("Source", False), ("Date", False),
                       ("Paragraphs", True), ("Boilerplate", True), ("Stories", True),
                       ("Quotes", True)),
}
# The members table of each story (headers in the template).
MEMBER_COLUMNS = {
    f".members.{kind}": (("#", True), ("Date", False), ("Outlet", False), ("Article", False),
                         (share, True), ("Against the earliest", False))
    for kind, share in (("duplicate", "Shared"), ("passage", "Words"))
}


def render(content: ReportContent, *, inline_diffs: bool = True) -> str:
    """The report page; diffs are sections of it (``inline_diffs``), or pages of their
    own in ``diffs/`` beside it."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    folder = resources.files("corpus_cli.survey") / "templates"
    css = folder.joinpath("report.css").read_text(encoding="utf-8") \
        + _scoped(DIFF_STYLE + COLLATION_STYLE, ".diff") + _card_labels()
    js = folder.joinpath("report.js").read_text(encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    env.filters.update(num=_num, pct=_pct, excerpt=_excerpt, px=_px)

    def diff_href(d: DiffView) -> str:
        return f"#{d.anchor}" if inline_diffs else f"{DIFFS}/{d.page}"

    page = env.get_template("report.html.j2").render(
        c=content, columns=COLUMNS, inline_diffs=inline_diffs, diff_href=diff_href,
        order_label=order_label, version=__version__, css=Markup(css), js=Markup(js),
        csp=policy(css, js))
    return visible_controls(page, line_ends=True)


def policy(css: str, js: str) -> str:
    """The Content-Security-Policy: nothing fetched, this script and style sheet only."""
    return (f"default-src 'none'; script-src '{_hash(js)}'; style-src '{_hash(css)}'; "
            "img-src 'none'; base-uri 'none'; form-action 'none'")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _scoped(style: str, scope: str) -> str:
    """``corpus diff``'s style sheet applied inside ``scope`` only (its ``body`` rule to
    the scope itself), so its table rules leave the report's own tables alone."""
    out = []
    for selectors, body in _RULE.findall(style):
        scoped = ",".join(scope if s.strip() == "body" else f"{scope} {s.strip()}"
                          for s in selectors.split(","))
        out.append(f"{scoped}{{{body}}}")
    return "\n".join(out) + "\n"


def _card_labels() -> str:
    """On a narrow screen each table row is a card, each cell labelled with its column."""
    rules = [f'{table} td:nth-child({k}):not(:empty)::before{{content:"{label}: "}}'
             for table, columns in [*((f"#{t}", c) for t, c in COLUMNS.items()),
                                    *MEMBER_COLUMNS.items()]
             for k, (label, _numeric) in enumerate(columns, 1)]
    return "@media (max-width:40rem){\n" + "\n".join(rules) + "\n}\n"


def _num(value: int) -> str:
    return f"{value:,}"


def _px(value: float) -> str:
    """An SVG coordinate, to a tenth of a unit: ``32``, ``252.3``."""
    return f"{round(value, 1):g}"


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _excerpt(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def diff_page_html(d: DiffView, back: str) -> str:
    """One diff as a page of its own, for a report written as a folder."""
    table = d.table or "<p>Identical to the earliest copy (story paragraphs; boilerplate " \
                       "aside).</p>"
    body = (f"<h1>Copy {d.position} of the {escape(d.heading)}</h1>\n<p class=\"meta\">"
            f"{escape(d.other)} against the earliest, {escape(d.first)} · {escape(d.summary)} · "
            f"<a href=\"{escape(back)}\">back to the report</a></p>\n{table}")
    return visible_controls(diff_page(f"corpus report: {d.title}", body), line_ends=True)


def is_folder(output: str) -> bool:
    """Is ``output`` a folder to write the report into (a trailing slash, or one that
    exists)?"""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def write_pages(content: ReportContent, output: str) -> list[Path]:
    """Write the report to ``output``: a file, or a folder (``index.html`` and
    ``diffs/``). Each file is written whole or not at all. Returns the files written."""
    if not is_folder(output):
        target = Path(output)
        _write(target, render(content, inline_diffs=True))
        return [target]
    folder = Path(output)
    written = []
    for d in content.diffs:
        path = folder / DIFFS / d.page
        _write(path, diff_page_html(d, f"../{INDEX}#{d.story}"))
        written.append(path)
    index = folder / INDEX
    _write(index, render(content, inline_diffs=False))
    return [index, *written]


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace") as out:
            out.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # as a file opened for writing would be
        os.replace(temporary, path)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err
