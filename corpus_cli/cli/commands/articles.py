"""``corpus articles`` and ``corpus show``: what the store holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from corpus_cli.cli.console import Environment, safe
from corpus_cli.cli.options import (
    ColorOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    QuietOpt,
    StoreOpt,
    check_color,
    check_format,
    split_fields,
)
from corpus_cli.cli.output import Column, Limit, PipeClosed, RecordWriter, table_ids
from corpus_cli.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from corpus_cli.models import DuplicateGroup, PassageGroup

EXAMPLES = {"articles": """
corpus articles                                # a table on a terminal
corpus articles --limit 20                     # the first 20
corpus articles -f csv --fields id,path,title > articles.csv
corpus articles -f jsonl | jq -r 'select(.source == "BalkanWeb") | .path'
""", "show": """
corpus show 004                                # by file name prefix, path, id or id prefix
corpus show 9a20fd5@1 -f jsonl                 # version 1, as records
corpus show 9a20fd5 --text                     # the stored original text, exactly
corpus show page --raw > page.html             # an HTML article's original markup
corpus show p7dfd07                            # a group corpus dedupe printed
"""}

LIST_COLUMNS = (
    Column("id", "Id", "dim", kind="id"),
    Column("path", "Path", kind="path"),
    Column("title", "Title"),
    Column("source", "Source", kind="label", drop=3),
    Column("versions", "Versions", "cyan", kind="number", drop=1),
    Column("paragraphs", "Paras", "cyan", kind="number"),
    Column("boilerplate_paragraphs", "Boilerplate", "yellow", kind="number", drop=2),
)
PARAGRAPH_COLUMNS = (
    Column("index", "#", "dim", kind="number"),
    Column("boilerplate", "Boilerplate", "yellow", kind="label",
           render=lambda flagged: "boilerplate" if flagged else ""),
    Column("reason", "Why", "yellow", kind="label", drop=3),
    Column("start", "Start", "dim", kind="number", drop=2),
    Column("end", "End", "dim", kind="number", drop=1),
    Column("text", "Text"),
)


def articles(
    store: StoreOpt = None,
    format: FormatOpt = "auto",
    color: ColorOpt = "auto",
    fields: FieldsOpt = None,
    limit: LimitOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """List the stored articles: id, path, title, source, versions, paragraph counts."""
    from corpus_cli.report.records import listing_record
    from corpus_cli.store import Store, resolve_store_path

    check_format(format)
    check_color(color)
    env = Environment()
    with Store(resolve_store_path(store), create=False) as db:
        rows = db.articles()
        ids = table_ids(env, format, db)
    shown = Limit(limit)
    writer = RecordWriter(env, format, LIST_COLUMNS, color=color, fields=split_fields(fields),
                          ids=ids, limit=shown)
    writer.write_all(listing_record(a) for a in rows)
    writer.close()
    shown.report(env, quiet, "articles")


def _write_raw(env: Environment, markup: bytes) -> None:
    try:
        if env.stdout_isatty:  # never raw bytes to a terminal
            env.stdout.write(safe(markup.decode("utf-8", errors="replace")))
        else:
            env.stdout.flush()
            env.stdout.buffer.write(markup)
        env.stdout.flush()
    except BrokenPipeError as err:
        raise PipeClosed from err


ArticleArg = Annotated[str, typer.Argument(
    metavar="ID[@N]", help="Article id (or a unique prefix of it, or its path), optionally "
    "@VERSION; or a group id corpus dedupe printed.", show_default=False)]
TextOpt = Annotated[bool, typer.Option(
    "--text", help="Print the stored original text exactly, instead of paragraphs.")]
RawOpt = Annotated[bool, typer.Option(
    "--raw", help="Print the original markup the text was extracted from (HTML, WARC pages), "
    "byte for byte.")]


def show(article: ArticleArg, text: TextOpt = False, raw: RawOpt = False,
         store: StoreOpt = None, format: FormatOpt = "auto", color: ColorOpt = "auto",
         fields: FieldsOpt = None, limit: LimitOpt = None, quiet: QuietOpt = False) -> None:
    """Show one stored article's paragraphs with their spans and boilerplate flags, or a
    group corpus dedupe found."""
    from corpus_cli.diff.inputs import split_ref
    from corpus_cli.report.records import paragraph_records
    from corpus_cli.store import Store, resolve_store_path

    check_format(format)
    check_color(color)
    env = Environment()
    ref, number = split_ref(article)
    with Store(resolve_store_path(store), create=False) as db:
        group = db.kept_group(ref) if number is None and not (text or raw) else None
        if group is None:
            version = db.version(db.resolve(ref), number)
            markup = db.raw(version.article_id, version.version) if raw else None
    if group is not None:
        _show_group(env, group, format, color, split_fields(fields), resolve_store_path(store),
                    limit, quiet)
    elif raw:
        if markup is None:
            raise UsageError(f"{version.path} was stored from {version.format}, which keeps no "
                             "separate markup: its original is what --text prints")
        _write_raw(env, markup)
    elif text:
        _write_text(env, version.text)
    else:
        title = (f"{version.title} ({version.path}, version {version.version} of "
                 f"{version.versions})")
        shown = Limit(limit)
        writer = RecordWriter(env, format, PARAGRAPH_COLUMNS, color=color, title=safe(title),
                              fields=split_fields(fields), limit=shown)
        writer.write_all(paragraph_records(version))
        writer.close()
        shown.report(env, quiet, "paragraphs")


def _show_group(env: Environment, group: DuplicateGroup | PassageGroup, fmt: str,
                color: str, fields: list[str] | None, store: Path, limit: int | None,
                quiet: bool) -> None:
    from corpus_cli.cli.commands.dedupe import print_result
    from corpus_cli.models import DedupeResult, PassageGroup

    if isinstance(group, PassageGroup):
        result = DedupeResult(len(group.occurrences), (), (group,))
    else:
        result = DedupeResult(len(group.members), (group,), ())
    print_result(env, result, fmt, color, show=False, fields=fields, store=str(store),
                 limit=Limit(limit), quiet=quiet)


def _write_text(env: Environment, text: str) -> None:
    try:
        env.stdout.write(safe(text) if env.stdout_isatty else text)
        env.stdout.flush()
    except BrokenPipeError as err:
        raise PipeClosed from err
