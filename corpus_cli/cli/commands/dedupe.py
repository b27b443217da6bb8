"""``corpus dedupe``: duplicate articles and shared passages, and the CI check."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corpus_cli.cli.console import Environment, make_console, safe
from corpus_cli.cli.options import (
    CheckFormatOpt,
    ColorOpt,
    FieldsOpt,
    LimitOpt,
    QuietOpt,
    StoreOpt,
    WaitOpt,
    check_choice,
    check_color,
    check_format,
    split_fields,
)
from corpus_cli.cli.output import (
    Column,
    Limit,
    PipeClosed,
    RecordWriter,
    error_printer,
    exit_with,
    resolve_format,
    table_ids,
)

if TYPE_CHECKING:
    from corpus_cli.models import DedupeResult


def _first(record: dict[str, Any]) -> str:
    """What a group's ``first`` means, in words: never a bare "first", which a reader takes
    for "published first" when the articles have no date."""
    return "published first" if record["first_by"] == "date" else "ingested first"


def _lines(pairs: list[tuple[str, str]], width: int | None) -> str:
    """One line per member: its path (shortened in the middle to fit ``width``) and what is
    said of it; what is said goes on a line of its own when the path would be too short."""
    from corpus_cli.cli.tables import PATH_MIN, cell_len, shorten_middle

    out = []
    for path, note in pairs:
        if width is None or cell_len(path) + len(note) + 1 <= width:
            out.append(f"{path} {note}")
        elif width - len(note) - 1 >= PATH_MIN:
            out.append(f"{shorten_middle(path, width - len(note) - 1)} {note}")
        else:
            out.append(shorten_middle(path, width))
            out += [f"  {line}" for line in textwrap.wrap(note, max(width - 2, 8))]
    return "\n".join(out)


def _members(record: dict[str, Any], width: int | None) -> str:
    first = _first(record)
    return _lines([(m["path"], f"({m['shared']:.0%} shared{', ' + first if m['first'] else ''})")
                   for m in record["members"]], width)


def _occurrences(record: dict[str, Any], width: int | None) -> str:
    first = _first(record)
    return _lines([(o["path"], f"[{o['start']}:{o['end']}]{' ' + first if o['first'] else ''}")
                   for o in record["occurrences"]], width)


def _passage(text: str, width: int | None) -> str:
    # Four lines of the width the column has: a wider terminal shows more of the passage.
    from corpus_cli.cli.tables import excerpt

    return excerpt(text, width * 4 if width else 100_000)


EXAMPLES = {"dedupe": """
corpus dedupe corpus/                          # store corpus/; the groups involving it
corpus dedupe                                  # everything in the store
corpus dedupe --level article -f jsonl         # duplicate groups only
corpus dedupe --store :memory: a.txt b.txt     # compare, keep nothing
corpus dedupe --check new/*.txt                # CI: exit 1 if a new article copies one
corpus dedupe --check new/ --fail-on passage --max-shared 0.3 -f github
"""}

DUPLICATE_COLUMNS = (
    Column("group", "Group", "dim", kind="id"),
    Column("kind", "Kind", "bold", kind="label"),
    Column("similarity", "Similarity", "cyan", kind="number", render=lambda s: f"{s:.2f}"),
    # Each member with the share of its words found in the others.
    Column("members", "Members", fit=_members, whole=True, kind="path"),
)
PASSAGE_COLUMNS = (
    Column("group", "Group", "dim", kind="id"),
    Column("words", "Words", "cyan", kind="number"),
    Column("similarity", "Similarity", "cyan", kind="number", drop=1,
           render=lambda s: f"{s:.2f}"),
    Column("boilerplate", "Boilerplate", "yellow", kind="label", optional=True, drop=2,
           render=lambda b: "boilerplate" if b else ""),
    Column("occurrences", "Where [start:end]", fit=_occurrences, whole=True, kind="path"),
    Column("text", "Passage", fit=_passage),
)

PathsArg = Annotated[list[str] | None, typer.Argument(
    metavar="[PATH...]", show_default=False,
    help="Articles to read (as corpus ingest does) and compare; none: the whole store. "
    "With --check: the new articles to check.")]
CheckOpt = Annotated[bool, typer.Option(
    "--check", help="Compare the new articles PATH... with the stored corpus, without "
    "storing them; exit 1 on a finding (see --fail-on), printed as finding records.")]
FailOnOpt = Annotated[str, typer.Option(
    "--fail-on", metavar="WHAT", help="With --check: duplicate (an exact or near copy of a "
    "stored article) or passage (any shared passage, or more than --max-shared of its words).")]
MaxSharedOpt = Annotated[float | None, typer.Option(
    "--max-shared", metavar="FRACTION", min=0.0, max=1.0,
    help="With --fail-on passage: fail only when shared passages cover more than this "
    "fraction of a new article's words.")]
IngestOpt = Annotated[bool, typer.Option(
    "--ingest", help="With --check: store the new articles after checking them.")]
LevelOpt = Annotated[str, typer.Option(
    "--level", metavar="LEVEL", help="article (duplicate groups), passage (shared passages) "
    "or all.")]
ThresholdOpt = Annotated[float, typer.Option(
    "--threshold", metavar="FRACTION", help="Near duplicates: share of the shorter article's "
    "words found in the other.")]
MinWordsOpt = Annotated[int, typer.Option(
    "--min-words", metavar="N", help="Shortest passage reported, in words.")]
PassageThresholdOpt = Annotated[float, typer.Option(
    "--passage-threshold", metavar="FRACTION", help="Word-level similarity two occurrences "
    "of a passage need.")]
BoilerplateOpt = Annotated[bool, typer.Option(
    "--include-boilerplate", help="Also report flagged boilerplate repeated across articles.")]
ShowOpt = Annotated[bool, typer.Option(
    "--show", help="On a terminal: print each shared passage's occurrences side by side.")]
EngineOpt = Annotated[str, typer.Option(
    "--engine", metavar="ENGINE", help="local (the store, one machine) or spark (an Apache "
    "Spark cluster: needs corpus-cli[spark], Java 17, --output).")]
MasterOpt = Annotated[str | None, typer.Option(
    "--master", metavar="URL", show_default=False,
    help="With --engine spark: the Spark master (default local[*]; spark://HOST:PORT, "
    "yarn, k8s://...).")]
ConfOpt = Annotated[list[str] | None, typer.Option(
    "--conf", metavar="KEY=VALUE", show_default=False,
    help="With --engine spark: a Spark setting (repeatable).")]
OutputOpt = Annotated[str | None, typer.Option(
    "--output", metavar="DIR", show_default=False,
    help="With --engine spark: the folder (any filesystem Spark reaches) for the records "
    "as part files, summary.json and _SUCCESS.")]
OverwriteOpt = Annotated[bool, typer.Option(
    "--overwrite", help="With --engine spark: replace an existing --output folder.")]


def dedupe(paths: PathsArg = None, check: CheckOpt = False, fail_on: FailOnOpt = "duplicate",
           max_shared: MaxSharedOpt = None, ingest: IngestOpt = False,
           level: LevelOpt = "all", threshold: ThresholdOpt = 0.8,
           min_words: MinWordsOpt = 8, passage_threshold: PassageThresholdOpt = 0.8,
           include_boilerplate: BoilerplateOpt = False, show: ShowOpt = False,
           store: StoreOpt = None, wait: WaitOpt = None,
           format: CheckFormatOpt = "auto", color: ColorOpt = "auto",
           fields: FieldsOpt = None, limit: LimitOpt = None, quiet: QuietOpt = False,
           engine: EngineOpt = "local", master: MasterOpt = None, conf: ConfOpt = None,
           output: OutputOpt = None, overwrite: OverwriteOpt = False) -> None:
    """Find duplicate articles and passages shared across sources; --check for CI."""
    from corpus_cli.errors import Verdict
    from corpus_cli.settings import CheckRule, DedupeSettings
    from corpus_cli.store import resolve_store_path

    _check_options(paths, check, fail_on, max_shared, ingest, level, format, color, show)
    _check_engine(engine, paths, check, store, show, master, conf, output, overwrite,
                  local_only=(("--wait", wait is not None), ("--fields", bool(fields)),
                              ("--limit", limit is not None),
                              ("--format", format not in ("auto", "jsonl"))))
    settings = DedupeSettings(threshold=threshold, min_words=min_words,
                              passage_threshold=passage_threshold,
                              include_boilerplate=include_boilerplate)
    env = Environment()
    if engine == "spark":
        assert output is not None  # _check_engine
        assert paths
        _on_spark(env, paths, output, settings, master, conf or [], overwrite, level, quiet)
        return
    verdict, path = Verdict(on_error=error_printer(env)), resolve_store_path(store)
    if check:
        from corpus_cli.cli.findings import write_findings
        from corpus_cli.dedupe.check import check_copies
        from corpus_cli.report.findings import copy_finding_record

        checked, verdict = check_copies(path, paths or (), settings,
                                        CheckRule(fail_on, max_shared), level, ingest, verdict)
        write_findings(env, [copy_finding_record(f) for f in checked.findings], format, color,
                       quiet, checked.articles, ingest, ("duplicate", "passage"),
                       fields=split_fields(fields), limit=limit)
    else:
        from corpus_cli.dedupe.run import dedupe_paths

        result, verdict = dedupe_paths(path, paths or (), settings, level, verdict)
        print_result(env, result, format, color, show, fields=split_fields(fields),
                     store=str(path), limit=Limit(limit), quiet=quiet)
        if not quiet:
            env.stderr.write(_summary(result))
    exit_with(verdict)


def _check_engine(engine: str, paths: list[str] | None, check: bool, store: str | None,
                  show: bool, master: str | None, conf: list[str] | None,
                  output: str | None, overwrite: bool,
                  local_only: tuple[tuple[str, bool], ...] = ()) -> None:
    check_choice("--engine", engine, ("local", "spark"))
    if engine == "local":
        for flag, given in (("--master", master is not None), ("--conf", bool(conf)),
                            ("--output", output is not None), ("--overwrite", overwrite)):
            if given:
                raise typer.BadParameter("only makes sense with --engine spark",
                                         param_hint=flag)
        return
    for flag, given in (("--check", check), ("--store", store is not None), ("--show", show),
                        *local_only):
        if given:
            raise typer.BadParameter("does not apply to --engine spark (it reads INPUT... "
                                     "and writes --output)", param_hint=flag)
    if not paths:
        raise typer.BadParameter("--engine spark needs the articles to compare",
                                 param_hint="PATH")
    if output is None:
        raise typer.BadParameter("--engine spark writes its records to a folder: give "
                                 "--output DIR", param_hint="--output")


def _on_spark(env: Environment, paths: list[str], output: str, settings: Any,
              master: str | None, conf: list[str], overwrite: bool, level: str,
              quiet: bool) -> None:
    """``--engine spark``: the job's records go to ``output``; a summary to stderr."""
    from corpus_cli.errors import Verdict
    from corpus_cli.spark.job import dedupe_on_spark, parse_conf

    verdict = Verdict(on_error=error_printer(env))
    job, verdict = dedupe_on_spark(paths, output, settings, master, parse_conf(conf),
                                   overwrite, level, verdict)
    if not quiet:
        s = job.summary
        errors = s["errors"]["count"]
        tail = f"; {errors} input(s) could not be read (listed in summary.json)" \
            if errors else ""
        env.stderr.write(f"dedupe: {s['articles']} articles, {s['duplicate_groups']} "
                         f"duplicate groups, {s['passage_groups']} shared passages, on "
                         f"Spark ({s['master']}) in {s['seconds']['total']:.1f} s: "
                         f"{safe(job.output)}{tail}\n")
    exit_with(verdict)


def _summary(result: DedupeResult) -> str:
    found = f"{len(result.duplicates)} duplicate groups, {len(result.passages)} shared passages"
    if result.given is None:
        return f"dedupe: {result.articles} articles, {found}\n"
    return (f"dedupe: {result.given} article(s) given, compared with the {result.articles} "
            f"stored: {found} involving them\n")


def _check_options(paths: list[str] | None, check: bool, fail_on: str,
                   max_shared: float | None, ingest: bool, level: str, fmt: str,
                   color: str, show: bool) -> None:
    check_format(fmt, check)
    check_color(color)
    check_choice("--level", level, ("article", "passage", "all"))
    check_choice("--fail-on", fail_on, ("duplicate", "passage"))
    if check and not paths:
        raise typer.BadParameter("--check needs the new articles to check", param_hint="PATH")
    if check and show:
        raise typer.BadParameter("not with --check, which prints findings", param_hint="--show")
    if not check:
        for flag, given in (("--ingest", ingest), ("--max-shared", max_shared is not None),
                            ("--fail-on", fail_on != "duplicate")):
            if given:
                raise typer.BadParameter("only makes sense with --check", param_hint=flag)
    if max_shared is not None and fail_on != "passage":
        raise typer.BadParameter("needs --fail-on passage", param_hint="--max-shared")


def print_result(env: Environment, result: DedupeResult, fmt: str, color: str, show: bool,
                 fields: list[str] | None = None, store: Any = None,
                 limit: Limit | None = None, quiet: bool = True) -> None:
    """``result`` in ``fmt``; a table shows ids as prefixes unique in ``store`` (an open
    store or its path; see ``table_ids``)."""
    from corpus_cli.report.dedupe import (
        duplicate_record,
        flat_records,
        passage_record,
        records,
    )

    resolved = resolve_format(fmt, env)
    if resolved != "table":
        writer = RecordWriter(env, fmt, (), color=color, fields=fields, limit=limit)
        writer.write_all(flat_records(result) if resolved in ("csv", "tsv") else records(result))
        writer.close()
        if limit is not None:
            limit.report(env, quiet, "rows" if resolved in ("csv", "tsv") else "groups")
        return
    ids = table_ids(env, fmt, store, [*(g.group for g in result.duplicates),
                                      *(g.group for g in result.passages)])
    if result.duplicates or not result.passages:
        writer = RecordWriter(env, fmt, DUPLICATE_COLUMNS, color=color, ids=ids, limit=limit,
                              title=f"Duplicate articles ({len(result.duplicates)} groups)")
        writer.write_all(duplicate_record(g) for g in result.duplicates)
        writer.close()
    if limit is not None and limit.left == 0 and result.duplicates:
        limit.more += len(result.passages)  # no empty second table under --limit
    else:
        writer = RecordWriter(env, fmt, PASSAGE_COLUMNS, color=color, ids=ids, limit=limit,
                              title=f"Shared passages ({len(result.passages)} groups)")
        writer.write_all(passage_record(g) for g in result.passages)
        writer.close()
    if limit is not None:
        limit.report(env, quiet, "groups")
    if show:
        _side_by_side(env, result, color)


def _side_by_side(env: Environment, result: DedupeResult, color: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from corpus_cli.cli.tables import shorten_middle

    console = make_console(env, color=color)
    for group in result.passages:
        table = Table(title=f"{group.group}: {group.words} words, similarity "
                      f"{group.similarity:.2f}", show_lines=False, expand=True)
        # Equal columns; a header is the path, shortened to fit its column, never split.
        width = max((console.width - 3 * len(group.occurrences) - 1)
                    // max(len(group.occurrences), 1), 8)
        for o in group.occurrences:
            table.add_column(Text(safe(shorten_middle(o.path, width))), overflow="fold",
                             ratio=1, no_wrap=False)
        table.add_row(*(Text(safe(f"[{o.start}:{o.end}]\n"), style="dim") + Text(safe(o.text))
                        for o in group.occurrences))
        try:
            console.print(table)
        except BrokenPipeError as err:
            raise PipeClosed from err
