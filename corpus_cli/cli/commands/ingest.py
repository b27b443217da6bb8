"""``corpus ingest``: read article files into the store, or show what would be stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from corpus_cli.cli.console import Environment, make_console, safe
from corpus_cli.cli.options import (
    ColorOpt,
    FormatOpt,
    QuietOpt,
    StoreOpt,
    check_color,
    check_format,
)
from corpus_cli.cli.output import Column, RecordWriter
from corpus_cli.errors import ExitCode
from corpus_cli.settings import DEFAULT_BATCH

INGEST_COLUMNS = (
    Column("status", "Status", "bold"),
    Column("path", "Path"),
    Column("title", "Title"),
    Column("paragraphs", "Paras", "cyan"),
    Column("id", "Id", "dim", no_wrap=True),
    Column("error", "Error", "red", optional=True),
)
ARTICLE_COLUMNS = (
    Column("path", "Path"),
    Column("title", "Title"),
    Column("source", "Source"),
    Column("date", "Date", optional=True),
    Column("paragraphs", "Paragraphs", "cyan",
           render=lambda ps: f"{len(ps)} ({sum(p['boilerplate'] for p in ps)} boilerplate)"),
    Column("id", "Id", "dim", no_wrap=True),
)


@contextmanager
def progress_bar(env: Environment, total: int, quiet: bool, color: str,
                 label: str) -> Iterator[Callable[[int], None] | None]:
    """A transient Rich progress bar on stderr, only for a terminal and without ``-q``."""
    if quiet or not env.stderr_isatty or total < 2:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = make_console(env, stderr=True, color=color)
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)


def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...",
        help="Article files, folders (read recursively), globs, or - for stdin.",
        show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Store nothing; print each article as the tool sees it.")] = False,
    glob: Annotated[list[str] | None, typer.Option(
        "--glob", metavar="PATTERN", help="In folders, take the files matching this pattern "
        "instead of the known extensions (repeatable), e.g. --glob '*.article'.")] = None,
    max_size: Annotated[str, typer.Option(
        "--max-size", metavar="SIZE",
        help="Per-article size cap; larger inputs are refused.")] = "16MiB",
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", metavar="N", help="Worker processes reading and segmenting large jobs "
        "(0: one per core; 1: none).")] = 0,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, metavar="N",
        help="Articles per write transaction: results are printed as each commits; smaller "
        "batches report sooner and redo less after an interruption, larger ones ingest "
        "faster.")] = DEFAULT_BATCH,
    stdin_name: Annotated[str | None, typer.Option(
        "--stdin-name", metavar="NAME", help="Location to record for an article read from stdin "
        "[default: stdin:<content hash>].")] = None,
    store: StoreOpt = None,
    format: FormatOpt = "auto",
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
) -> None:
    """Read article files (text, Markdown, HTML, JSON, JSON Lines, WARC) into the store."""
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.run import dry_run as run_dry
    from corpus_cli.ingest.run import ingest_paths
    from corpus_cli.report.records import IngestSummary, article_record, ingest_record
    from corpus_cli.settings import IngestSettings, parse_size
    from corpus_cli.store import Store, resolve_store_path

    check_format(format)
    check_color(color)
    env = Environment()
    settings = IngestSettings(max_size=parse_size(max_size), globs=tuple(glob or ()),
                              stdin_name=stdin_name, jobs=jobs, batch_size=batch_size)
    inputs = list(discover(paths, settings.globs))
    summary = IngestSummary()
    err = env.stderr

    def report_error(name: str, reason: str | None) -> None:
        err.write(f"error: {safe(name)}: {safe(reason or '')}\n")
        err.flush()

    if dry_run:
        from corpus_cli.errors import InputError

        writer = RecordWriter(env, format, ARTICLE_COLUMNS, color=color)
        with progress_bar(env, len(inputs), quiet, color, "reading") as progress:
            for item in run_dry(paths, settings, inputs=inputs, progress=progress):
                if isinstance(item, InputError):
                    summary.counts["error"] += 1
                    report_error(item.name, item.reason)
                else:
                    summary.counts["article"] += 1
                    writer.write(article_record(item))
        writer.close()
        if not quiet:
            err.write(f"dry run: {summary.counts['article']} articles, "
                      f"{summary.counts['error']} errors; nothing stored\n")
        raise typer.Exit(summary.exit_code)

    path = resolve_store_path(store)
    writer = RecordWriter(env, format, INGEST_COLUMNS, color=color)
    with Store(path) as db:
        try:
            with progress_bar(env, len(inputs), quiet, color, "ingesting") as progress:
                # Counted as soon as a batch is durable, so an interrupted run reports
                # everything it stored, printed or not.
                stored = ingest_paths(db, paths, settings, progress=progress, inputs=inputs,
                                      on_commit=summary.add_all)
                for result in stored:
                    if result.status == "error":
                        report_error(result.name, result.error)
                    writer.write(ingest_record(result))
        except KeyboardInterrupt:
            err.write(f"interrupted: {summary.line()} stored before the interruption; "
                      "no article is half-written; rerun to finish\n")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
    writer.close()
    if not quiet:
        err.write(f"ingest: {summary.line()} → {path}\n")
    raise typer.Exit(summary.exit_code)
