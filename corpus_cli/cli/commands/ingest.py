"""``corpus ingest``: read article files into the store, or show what would be stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from corpus_cli.cli.console import Environment, make_console, safe
from corpus_cli.cli.options import (
    ColorOpt,
    FieldsOpt,
    FormatOpt,
    QuietOpt,
    StoreOpt,
    WaitOpt,
    check_color,
    check_format,
    split_fields,
)
from corpus_cli.cli.output import Column, RecordWriter, error_printer, exit_with, table_ids
from corpus_cli.errors import ExitCode
from corpus_cli.settings import DEFAULT_BATCH

if TYPE_CHECKING:
    from corpus_cli.ingest.discover import Input
    from corpus_cli.settings import IngestSettings

EXAMPLES = {"ingest": """
corpus ingest corpus/                          # a folder, read recursively
corpus ingest 'corpus/*.txt' page.html         # globs and single files
cat story.txt | corpus ingest - --stdin-name https://example.org/story
corpus ingest corpus/ --dry-run -f jsonl | head -1   # what would be stored
corpus ingest corpus/ -v                       # one row per file on a terminal too
"""}

INGEST_COLUMNS = (
    Column("status", "Status", "bold", kind="label"),
    Column("path", "Path", kind="path"),
    Column("title", "Title"),
    Column("paragraphs", "Paras", "cyan", kind="number"),
    Column("id", "Id", "dim", kind="id", drop=1),
    Column("error", "Error", "red", optional=True),
)
ARTICLE_COLUMNS = (
    Column("path", "Path", kind="path"),
    Column("title", "Title"),
    Column("source", "Source", kind="label", drop=3),
    Column("date", "Date", kind="label", optional=True, drop=4),
    Column("paragraphs", "Paras", "cyan", kind="number"),
    Column("boilerplate_paragraphs", "Boilerplate", "yellow", kind="number", drop=2),
    Column("id", "Id", "dim", kind="id", drop=1),
)

PathsArg = Annotated[list[str], typer.Argument(
    metavar="PATH...", help="Article files, folders (read recursively), globs, or - for stdin.",
    show_default=False)]
DryRunOpt = Annotated[bool, typer.Option(
    "--dry-run", help="Store nothing; print each article as the tool sees it.")]
GlobOpt = Annotated[list[str] | None, typer.Option(
    "--glob", metavar="PATTERN", help="In folders, take the files matching this pattern "
    "instead of the known extensions (repeatable), e.g. --glob '*.article'.")]
MaxSizeOpt = Annotated[str, typer.Option(
    "--max-size", metavar="SIZE", help="Per-article size cap; larger inputs are refused.")]
JobsOpt = Annotated[int, typer.Option(
    "--jobs", "-j", metavar="N", help="Worker processes reading and segmenting large jobs "
    "(0: one per core; 1: none).")]
BatchOpt = Annotated[int, typer.Option(
    "--batch-size", min=1, metavar="N",
    help="Articles per write transaction: results are printed as each commits; smaller "
    "batches report sooner and redo less after an interruption, larger ones ingest faster.")]
VerboseOpt = Annotated[bool, typer.Option(
    "--verbose", "-v", help="On a terminal too, one row per file (JSON, JSON Lines, CSV and "
    "TSV always have them); a terminal otherwise gets a progress bar and a summary.")]
StdinNameOpt = Annotated[str | None, typer.Option(
    "--stdin-name", metavar="NAME", help="Location to record for an article read from stdin "
    "[default: stdin:<content hash>].")]


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


def ingest(paths: PathsArg, dry_run: DryRunOpt = False, glob: GlobOpt = None,
           max_size: MaxSizeOpt = "16MiB", jobs: JobsOpt = 0,
           batch_size: BatchOpt = DEFAULT_BATCH, stdin_name: StdinNameOpt = None,
           store: StoreOpt = None, wait: WaitOpt = None, format: FormatOpt = "auto",
           color: ColorOpt = "auto", fields: FieldsOpt = None, verbose: VerboseOpt = False,
           quiet: QuietOpt = False) -> None:
    """Read article files (text, Markdown, HTML, JSON, JSON Lines, WARC) into the store."""
    from corpus_cli.ingest.discover import find_inputs
    from corpus_cli.settings import IngestSettings, parse_size

    check_format(format)
    check_color(color)
    env = Environment()
    settings = IngestSettings(max_size=parse_size(max_size), globs=tuple(glob or ()),
                              stdin_name=stdin_name, jobs=jobs, batch_size=batch_size)
    writer = RecordWriter(env, format, ARTICLE_COLUMNS if dry_run else INGEST_COLUMNS,
                          color=color, fields=split_fields(fields))
    skipped: list[str] = []
    inputs = find_inputs(paths, settings.globs, skipped)
    if dry_run:
        _preview(env, inputs, settings, writer, quiet, skipped)
    else:
        _store(env, inputs, settings, store, writer, quiet, skipped,
               rows=verbose or writer.fmt != "table")


def _skipped(skipped: list[str]) -> str:
    """The summary's word on the files of folders that were not read."""
    if not skipped:
        return ""
    shown = ", ".join(safe(p) for p in skipped[:3]) + (", …" if len(skipped) > 3 else "")
    return f"; {len(skipped)} skipped, not articles ({shown})"


def _preview(env: Environment, inputs: list[Input], settings: IngestSettings,
             writer: RecordWriter, quiet: bool, skipped: list[str]) -> None:
    from corpus_cli.errors import Verdict
    from corpus_cli.ingest.run import preview_articles
    from corpus_cli.report.records import article_record, dry_run_records

    # Paragraph records follow each article in JSON; a table or CSV has one row per article.
    records = dry_run_records if writer.fmt in ("json", "jsonl") else (
        lambda article: [article_record(article)])
    with progress_bar(env, len(inputs), quiet, writer.color, "reading") as progress:
        run = preview_articles((), settings, progress=progress, inputs=inputs,
                               verdict=Verdict(on_error=error_printer(env)))
        for article in run:
            writer.write_all(records(article))
    writer.close()
    if not quiet:
        env.stderr.write(f"dry run: {run.articles} articles, {len(run.verdict.errors)} "
                         f"errors{_skipped(skipped)}; nothing stored\n")
    exit_with(run.verdict)


def _store(env: Environment, inputs: list[Input], settings: IngestSettings,
           store: str | None, writer: RecordWriter, quiet: bool, skipped: list[str],
           rows: bool) -> None:
    """Store the inputs; a record per article as each batch commits when ``rows`` (a
    terminal's table has them only with -v: the progress bar and summary tell the rest)."""
    from corpus_cli.errors import Verdict
    from corpus_cli.ingest.run import ingest_articles
    from corpus_cli.report.records import ingest_record
    from corpus_cli.store import Store, resolve_store_path

    path = resolve_store_path(store)
    with Store(path) as db, \
            progress_bar(env, len(inputs), quiet, writer.color, "ingesting") as progress:
        run = ingest_articles(db, (), settings, progress=progress, inputs=inputs,
                              verdict=Verdict(on_error=error_printer(env)))
        try:
            for result in run:
                if rows:
                    writer.write(ingest_record(result))
        except KeyboardInterrupt:
            env.stderr.write(f"interrupted: {run.summary()} stored before the interruption; "
                             "no article is half-written; rerun to finish\n")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        writer.ids = table_ids(env, writer.fmt, db)  # the ids stored now, new ones too
    if rows:
        writer.close()
    if not quiet:
        env.stderr.write(f"ingest: {run.summary()}{_skipped(skipped)} → {path}\n")
    exit_with(run.verdict)
