"""``corpus rm``: forget stored articles."""

from __future__ import annotations

from typing import Annotated

import typer

from corpus_cli.cli.console import Environment, safe
from corpus_cli.cli.options import QuietOpt, StoreOpt
from corpus_cli.cli.output import error_printer, exit_with

EXAMPLES = {"rm": """
corpus rm 004                                  # by file name prefix, path, id or id prefix
corpus rm 9a20fd5 e130681                      # several at once: all of them, or none
corpus articles -f csv --fields id | tail -n +2 | xargs corpus rm -q
"""}

RefsArg = Annotated[list[str], typer.Argument(
    metavar="ID...", show_default=False,
    help="Stored articles: ids, unique id prefixes, paths or unique file name prefixes.")]


def rm(refs: RefsArg, store: StoreOpt = None, quiet: QuietOpt = False) -> None:
    """Forget stored articles: every version, paragraph, index entry and kept group of
    theirs, in one transaction (all of them, or none when an ID names no article)."""
    from corpus_cli.errors import Verdict
    from corpus_cli.ingest.forget import forget_articles
    from corpus_cli.store import resolve_store_path

    env = Environment()
    run, verdict = forget_articles(resolve_store_path(store), refs,
                                   Verdict(on_error=error_printer(env)))
    if verdict.errors:
        env.stderr.write("rm: nothing removed\n")
    elif not quiet:
        versions = sum(a.versions for a in run.articles)
        for a in run.articles:
            env.stderr.write(f"rm {safe(a.path)}  {safe(a.title)}\n")
        env.stderr.write(f"rm: {len(run.articles)} article{'s' * (len(run.articles) != 1)} "
                         f"({versions} version{'s' * (versions != 1)}) forgotten\n")
    exit_with(verdict)
