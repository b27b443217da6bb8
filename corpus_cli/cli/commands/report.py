"""``corpus report``: the whole corpus at a glance, as one self-contained HTML page."""

from __future__ import annotations

from typing import Annotated

import typer

from corpus_cli.cli.console import Environment, safe
from corpus_cli.cli.options import QuietOpt, StoreOpt
from corpus_cli.cli.output import exit_with

EXAMPLES = {"report": """
corpus report                                  # report.html: the whole store on one page
corpus report -o corpus-report.html            # anywhere
corpus report --output site/                   # site/index.html and a page per diff
"""}

OutputOpt = Annotated[str, typer.Option(
    "--output", "-o", metavar="FILE|DIR/",
    help="Where to write: one self-contained HTML file, or a folder (a trailing slash, or "
    "one that exists) holding index.html and a page per diff in diffs/.")]


def report(output: OutputOpt = "report.html", store: StoreOpt = None,
           quiet: QuietOpt = False) -> None:
    """Write an HTML report of the store: stories that travelled (duplicates and shared
    passages on a timeline, with diffs), shared quotes, who is quoted."""
    from corpus_cli.store import resolve_store_path
    from corpus_cli.survey.run import write_report

    if not output.strip():
        raise typer.BadParameter("needs a file or folder to write to", param_hint="--output")
    env = Environment()
    content, written, verdict = write_report(resolve_store_path(store), output)
    if not quiet:
        o = content.overview
        size = sum(path.stat().st_size for path in written)
        env.stderr.write(
            f"report: wrote {safe(str(written[0]))}"
            + (f" and {len(written) - 1} diff pages" if len(written) > 1 else "")
            + f" ({_size(size)}): {o.articles} articles, {o.exact + o.near} duplicate "
            f"groups, {o.passages} passage groups, {o.shared_quotes} quotes carried by two or "
            f"more articles. {o.groups_note}\n")
    exit_with(verdict)


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"
