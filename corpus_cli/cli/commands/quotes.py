"""``corpus quotes``: every quotation with its speaker, grouped across sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from corpus_cli.cli.console import Environment
from corpus_cli.cli.findings import diff_pieces, elide
from corpus_cli.cli.options import (
    CheckFormatOpt,
    ColorOpt,
    FieldsOpt,
    LimitOpt,
    QuietOpt,
    StoreOpt,
    check_choice,
    check_color,
    check_format,
    split_fields,
)
from corpus_cli.cli.output import (
    Column,
    Limit,
    RecordWriter,
    error_printer,
    exit_with,
    resolve_format,
)
from corpus_cli.errors import UsageError

if TYPE_CHECKING:
    from corpus_cli.models import QuoteGroup
    from corpus_cli.quotes.run import QuoteCheck


EXAMPLES = {"quotes": """
corpus quotes corpus/                          # ingest corpus/, then its quotes
corpus quotes --speaker Tikhanovskaya          # any spelling of the name
corpus quotes --min-sources 2 -f table         # quotes carried by two articles or more
corpus quotes --by quote -f csv --fields path,speaker,text
corpus quotes --check drafts/*.txt             # exit 1 on a misquote or misattribution
corpus quotes --check drafts/ -f github        # findings as GitHub annotations
"""}

def _wording_pieces(occurrences: list[dict[str, Any]], width: int | None,
                    ) -> list[tuple[str, str | None]]:
    """Each source's wording on its own line, words differing from the canonical
    wording highlighted and words it leaves out struck through; long stretches of
    equal words are shortened."""
    from corpus_cli.cli.tables import shorten_middle

    out: list[tuple[str, str | None]] = []
    for n, occ in enumerate(occurrences):
        if n:
            out.append(("\n", None))
        if occ["path"]:
            # Each source's own speaker: a conflict shows who gives the words to whom.
            who = f" ({occ['speaker']})" if occ.get("speaker") else ""
            # The path on a line of its own, shortened to the column, never folded mid-name.
            path = occ["path"] if width is None else shorten_middle(occ["path"], width)
            out.append((f"{path}{who}:\n", "dim"))
        if occ.get("same_words"):
            out.append(("(same words)", "green"))
            continue
        out += diff_pieces(occ["diff"])
    return out


def _sources(value: list[str], width: int | None) -> str:
    """One source a line, shortened in the middle to the column's width."""
    from corpus_cli.cli.tables import shorten_middle

    return "\n".join(s if width is None else shorten_middle(s, width) for s in value)


GROUP_COLUMNS = (
    Column("speaker", "Speaker", "bold", kind="label"),
    Column("conflict", "Conflict", "bold red", kind="label", optional=True, drop=1,
           render=lambda c: "attribution conflict" if c else ""),
    Column("text", "Quote", render=lambda t: elide(t, 48)),
    Column("sources", "Sources", "cyan", fit=_sources, kind="path", drop=2),
    # Each source's wording, with its path and speaker.
    Column("occurrences", "Wordings", styled=_wording_pieces),
)
QUOTE_COLUMNS = (
    Column("path", "Path", kind="path"),
    Column("speaker", "Speaker", "bold", kind="label"),
    Column("cue", "Cue", "dim", kind="label", drop=2),
    Column("text", "Quote"),
    Column("partial", "Partial", "yellow", kind="label", drop=1,
           render=lambda p: "partial" if p else ""),
    Column("group", "Group", "dim", kind="id", drop=3),
)


PathsArg = Annotated[list[str] | None, typer.Argument(
    metavar="[PATH...]", help="Articles to ingest first, as `corpus ingest` does; the quotes "
    "shown are theirs, grouped with the whole store. Without paths: every stored article. "
    "With --check: the new articles to check.", show_default=False)]
ByOpt = Annotated[str | None, typer.Option(
    "--by", metavar="quote|group", help="One record per quote occurrence, or per group of "
    "the same quote across sources [default: group in a table, quote otherwise].",
    show_default=False)]
SpeakerOpt = Annotated[str | None, typer.Option(
    "--speaker", metavar="NAME", help="Only quotes by this speaker: any part of the name, "
    "any spelling of it (Tikhanovskaya finds Tsikhanouskaya).")]
SourceOpt = Annotated[str | None, typer.Option(
    "--source", metavar="TEXT", help="Only quotes from articles whose outlet or path "
    "contains TEXT.")]
MinSourcesOpt = Annotated[int, typer.Option(
    "--min-sources", metavar="N", min=1,
    help="Only quotes whose group is carried by at least N articles.")]
PartialOpt = Annotated[bool, typer.Option(
    "--partial/--no-partial", help="Include fragments of one to three words (scare quotes, "
    "phrases).")]
CheckOpt = Annotated[bool, typer.Option(
    "--check", help="Compare the quotes of the new articles PATH... with the stored corpus, "
    "without storing them; exit 1 on a possible misquote or misattribution.")]
IngestOpt = Annotated[bool, typer.Option(
    "--ingest", help="With --check: store the new articles after checking them.")]


def quotes(paths: PathsArg = None, by: ByOpt = None, speaker: SpeakerOpt = None,
           source: SourceOpt = None, min_sources: MinSourcesOpt = 1, partial: PartialOpt = True,
           check: CheckOpt = False, ingest: IngestOpt = False, store: StoreOpt = None,
           format: CheckFormatOpt = "auto", color: ColorOpt = "auto", fields: FieldsOpt = None,
           limit: LimitOpt = None, quiet: QuietOpt = False) -> None:
    """List quotations with their speakers, grouped across sources; check new articles
    for misquotes."""
    from corpus_cli.errors import Verdict
    from corpus_cli.quotes.run import check_quotes, list_quotes
    from corpus_cli.settings import QuoteFilter
    from corpus_cli.store import resolve_store_path

    check_format(format, check)
    check_color(color)
    if by is not None:
        check_choice("--by", by, ("quote", "group"))
    if ingest and not check:
        raise UsageError("--ingest goes with --check (plain `corpus quotes PATH...` ingests "
                         "its paths already)")
    if check and not paths:
        raise typer.BadParameter("--check needs the new articles to check", param_hint="PATH")
    filt = QuoteFilter(speaker=speaker, source=source, min_sources=min_sources,
                       partial=partial)
    env = Environment()
    verdict, path = Verdict(on_error=error_printer(env)), resolve_store_path(store)
    if check:
        checked, verdict = check_quotes(path, paths or (), ingest, verdict)
        _write_findings(env, checked, ingest, format, color, quiet, split_fields(fields), limit)
    else:
        groups, verdict = list_quotes(path, paths or (), filt, verdict)
        _write_groups(env, groups, by, format, color, quiet, split_fields(fields), Limit(limit))
    exit_with(verdict)


def _write_groups(env: Environment, groups: list[QuoteGroup], by: str | None, fmt: str,
                  color: str, quiet: bool, fields: list[str] | None, limit: Limit) -> None:
    from corpus_cli.report.quotes import group_record, occurrence_records

    view = by or ("group" if resolve_format(fmt, env) == "table" else "quote")
    if view == "group":
        writer = RecordWriter(env, fmt, GROUP_COLUMNS, color=color, fields=fields, limit=limit)
        writer.write_all(group_record(g) for g in groups)
    else:
        writer = RecordWriter(env, fmt, QUOTE_COLUMNS, color=color, fields=fields, limit=limit)
        writer.write_all(occurrence_records(groups))
    writer.close()
    limit.report(env, quiet, "groups" if view == "group" else "quotes")
    if not quiet:
        quotes_n = sum(len(g.members) for g in groups)
        env.stderr.write(f"quotes: {quotes_n} quotes in {len(groups)} groups\n")


def _write_findings(env: Environment, checked: QuoteCheck, ingest: bool, fmt: str, color: str,
                    quiet: bool, fields: list[str] | None, limit: int | None) -> None:
    from corpus_cli.cli.findings import write_findings
    from corpus_cli.report.findings import quote_finding_record

    write_findings(env, [quote_finding_record(f) for f in checked.findings], fmt, color, quiet,
                   checked.articles, ingest, ("misquote", "misattribution"), fields=fields,
                   limit=limit)
