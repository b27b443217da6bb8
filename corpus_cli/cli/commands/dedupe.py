"""``corpus dedupe``: duplicate articles and shared passages, and the CI check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from corpus_cli.cli.console import Environment, make_console, safe
from corpus_cli.cli.options import (
    ColorOpt,
    FormatOpt,
    QuietOpt,
    StoreOpt,
    check_choice,
    check_color,
    check_format,
)
from corpus_cli.cli.output import Column, PipeClosed, RecordWriter, resolve_format
from corpus_cli.errors import InputError

if TYPE_CHECKING:
    from corpus_cli.models import Article, DedupeResult
    from corpus_cli.store import Store


def _members(members: list[dict[str, Any]]) -> str:
    return "\n".join(f"{m['path']} ({m['shared']:.0%} shared{', first' if m['first'] else ''})"
                     for m in members)


def _occurrences(occurrences: list[dict[str, Any]]) -> str:
    return "\n".join(f"{o['path']} [{o['start']}:{o['end']}]{' first' if o['first'] else ''}"
                     for o in occurrences)


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


DUPLICATE_COLUMNS = (
    Column("group", "Group", "dim", no_wrap=True),
    Column("kind", "Kind", "bold"),
    Column("similarity", "Similarity", "cyan", render=lambda s: f"{s:.2f}"),
    Column("members", "Members (share of each found in the others)", render=_members),
)
PASSAGE_COLUMNS = (
    Column("group", "Group", "dim", no_wrap=True),
    Column("words", "Words", "cyan"),
    Column("similarity", "Similarity", "cyan", render=lambda s: f"{s:.2f}"),
    Column("boilerplate", "Boilerplate", "yellow", optional=True,
           render=lambda b: "boilerplate" if b else ""),
    Column("occurrences", "Where [start:end]", render=_occurrences),
    Column("text", "Passage", render=_excerpt),
)


def dedupe(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="[PATH...]", show_default=False,
        help="Articles to read (as corpus ingest does) and compare; none: the whole store. "
        "With --check: the new articles to check.")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Compare the new articles PATH... with the stored corpus, without "
        "storing them; exit 1 on a finding (see --fail-on).")] = False,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", metavar="WHAT", help="With --check: duplicate (an exact or near copy of a "
        "stored article) or passage (any shared passage, or more than --max-shared of its "
        "words).")] = "duplicate",
    max_shared: Annotated[float | None, typer.Option(
        "--max-shared", metavar="FRACTION", min=0.0, max=1.0,
        help="With --fail-on passage: fail only when shared passages cover more than this "
        "fraction of a new article's words.")] = None,
    ingest: Annotated[bool, typer.Option(
        "--ingest", help="With --check: store the new articles after checking them.")] = False,
    level: Annotated[str, typer.Option(
        "--level", metavar="LEVEL", help="article (duplicate groups), passage (shared "
        "passages) or all.")] = "all",
    threshold: Annotated[float, typer.Option(
        "--threshold", metavar="FRACTION", help="Near duplicates: share of the shorter "
        "article's words found in the other.")] = 0.8,
    min_words: Annotated[int, typer.Option(
        "--min-words", metavar="N", help="Shortest passage reported, in words.")] = 8,
    passage_threshold: Annotated[float, typer.Option(
        "--passage-threshold", metavar="FRACTION", help="Word-level similarity two "
        "occurrences of a passage need.")] = 0.8,
    include_boilerplate: Annotated[bool, typer.Option(
        "--include-boilerplate", help="Also report flagged boilerplate repeated across "
        "articles.")] = False,
    show: Annotated[bool, typer.Option(
        "--show", help="On a terminal: print each shared passage's occurrences side by "
        "side.")] = False,
    store: StoreOpt = None,
    format: FormatOpt = "auto",
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
) -> None:
    """Find duplicate articles and passages shared across sources; --check for CI."""
    from corpus_cli.settings import DedupeSettings
    from corpus_cli.store import Store, resolve_store_path

    check_format(format)
    check_color(color)
    check_choice("--level", level, ("article", "passage", "all"))
    check_choice("--fail-on", fail_on, ("duplicate", "passage"))
    if check and not paths:
        raise typer.BadParameter("--check needs the new articles to check", param_hint="PATH")
    if not check:
        for flag, given in (("--ingest", ingest), ("--max-shared", max_shared is not None),
                            ("--fail-on", fail_on != "duplicate")):
            if given:
                raise typer.BadParameter("only makes sense with --check", param_hint=flag)
    if max_shared is not None and fail_on != "passage":
        raise typer.BadParameter("needs --fail-on passage", param_hint="--max-shared")
    settings = DedupeSettings(threshold=threshold, min_words=min_words,
                              passage_threshold=passage_threshold,
                              include_boilerplate=include_boilerplate)
    env = Environment()
    path = resolve_store_path(store)
    with Store(path, create=bool(paths) and not check) as db:
        if check:
            articles = _read_new(db, paths or [], env)
            from corpus_cli.dedupe.check import check_articles

            if db.is_empty():
                from corpus_cli.errors import StoreError

                raise StoreError(f"{path} holds no article to check against")
            result = check_articles(db, articles, settings, level)
            from corpus_cli.report.dedupe import CheckVerdict

            verdict = CheckVerdict(fail_on, max_shared)
            verdict.judge(result, {a.id: _words(a) for a in articles},
                          {a.id: a.document.name for a in articles})
            _print(env, result, format, color, show)
            if ingest:
                _store_new(db, paths or [])
            for reason in verdict.reasons:
                env.stderr.write(f"finding: {safe(reason)}\n")
            if not quiet:
                env.stderr.write(f"check: {len(articles)} article(s), "
                                 f"{len(verdict.reasons)} finding(s)\n")
            raise typer.Exit(verdict.exit_code)
        ids = _ingest_given(db, paths, env) if paths else None
        from corpus_cli.dedupe.run import dedupe_store

        result = dedupe_store(db, settings, level, ids)
    _print(env, result, format, color, show)
    if not quiet:
        env.stderr.write(f"dedupe: {result.articles} articles, {len(result.duplicates)} "
                         f"duplicate groups, {len(result.passages)} shared passages\n")


def _words(article: Article) -> int:
    from corpus_cli.index.tokens import TOKEN

    text = article.document.text
    return sum(len(TOKEN.findall(text, p.start, p.end)) for p in article.paragraphs
               if not p.boilerplate)


def _read_new(db: Store, paths: list[str], env: Environment) -> list[Article]:
    """Read the articles to check without storing them; any unreadable input stops it."""
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.parse import read_articles
    from corpus_cli.settings import IngestSettings

    settings = IngestSettings(jobs=1)
    items = list(read_articles(list(discover(paths, ())), settings, db.root))
    errors = [i for i in items if isinstance(i, InputError)]
    if errors:
        for err in errors[:-1]:
            env.stderr.write(f"error: {safe(err.name)}: {safe(err.reason or '')}\n")
        raise errors[-1]
    return [i for i in items if not isinstance(i, InputError)]


def _ingest_given(db: Store, paths: list[str], env: Environment) -> list[str]:
    """Store the given articles (idempotently) and return their ids.

    Everything is read first, so an unreadable input leaves the store untouched.
    """
    from corpus_cli.ingest.run import ingest_paths

    _read_new(db, paths, env)
    ids = []
    for result in ingest_paths(db, paths):
        if result.id is not None:
            ids.append(result.id)
    return ids


def _store_new(db: Store, paths: list[str]) -> None:
    from corpus_cli.dedupe import indexing
    from corpus_cli.ingest.run import ingest_paths
    from corpus_cli.settings import DedupeSettings

    for _result in ingest_paths(db, paths):
        pass
    indexing.update(db, DedupeSettings())


def _print(env: Environment, result: DedupeResult, fmt: str, color: str, show: bool) -> None:
    from corpus_cli.report.dedupe import (
        duplicate_record,
        flat_records,
        passage_record,
        records,
    )

    resolved = resolve_format(fmt, env)
    if resolved in ("csv", "tsv"):
        writer = RecordWriter(env, fmt, (), color=color)
        writer.write_all(flat_records(result))
        writer.close()
        return
    if resolved != "table":
        writer = RecordWriter(env, fmt, (), color=color)
        writer.write_all(records(result))
        writer.close()
        return
    if result.duplicates or not result.passages:
        writer = RecordWriter(env, fmt, DUPLICATE_COLUMNS, color=color,
                              title=f"Duplicate articles ({len(result.duplicates)} groups)")
        writer.write_all(duplicate_record(g) for g in result.duplicates)
        writer.close()
    writer = RecordWriter(env, fmt, PASSAGE_COLUMNS, color=color,
                          title=f"Shared passages ({len(result.passages)} groups)")
    writer.write_all(passage_record(g) for g in result.passages)
    writer.close()
    if show:
        _side_by_side(env, result, color)


def _side_by_side(env: Environment, result: DedupeResult, color: str) -> None:
    from rich.table import Table
    from rich.text import Text

    console = make_console(env, color=color)
    for group in result.passages:
        table = Table(title=f"{group.group}: {group.words} words, similarity "
                      f"{group.similarity:.2f}", show_lines=False, expand=True)
        for o in group.occurrences:
            table.add_column(Text(safe(f"{o.path} [{o.start}:{o.end}]")), overflow="fold",
                             ratio=1)
        table.add_row(*(Text(safe(o.text)) for o in group.occurrences))
        try:
            console.print(table)
        except BrokenPipeError as err:
            raise PipeClosed from err

