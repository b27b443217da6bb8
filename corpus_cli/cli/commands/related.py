"""``corpus related ID``: who had it first, and who shares what with one article."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from corpus_cli.cli.console import Environment
from corpus_cli.cli.options import (
    ColorOpt,
    FormatOpt,
    QuietOpt,
    StoreOpt,
    check_color,
    check_format,
)
from corpus_cli.cli.output import Column, RecordWriter, exit_with, resolve_format

if TYPE_CHECKING:
    from corpus_cli.survey.related import Related


def _paragraphs(indexes: list[int]) -> str:
    """``¶3-5, ¶9``: runs of paragraph indexes, as ``corpus show`` numbers them."""
    runs: list[list[int]] = []
    for k in indexes:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return ", ".join(f"¶{r[0]}" if len(r) == 1 else f"¶{r[0]}-{r[-1]}" for r in runs)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def shares_lines(record: dict[str, Any]) -> str:
    """What an article shares with the one asked about, one line per kind of thing."""
    if record["given"]:
        return "(the article asked about)"
    lines = [f"{d['kind']} duplicate ({d['shared']:.0%} of it in the other), group {d['group']}"
             for d in record["duplicates"]]
    passages = record["passages"]
    if passages:
        words = sum(p["words"] for p in passages)
        there = _paragraphs(sorted({k for p in passages for k in p["paragraphs"]}))
        here = _paragraphs(sorted({k for p in passages for k in p["given_paragraphs"]}))
        lines.append(f"{len(passages)} passage(s), {words} words: its {there}; {here} of "
                     "the article asked about")
    quotes = record["quotes"]
    if quotes:
        shown = ", ".join(_quote(q["text"]) for q in quotes[:3])
        more = f" and {len(quotes) - 3} more" if len(quotes) > 3 else ""
        lines.append(f"{len(quotes)} quote(s): {shown}{more}")
    return "\n".join(lines)


COLUMNS = (
    Column("position", "#", "bold", kind="number"),
    Column("date", "Date", "cyan", kind="label", drop=2, render=lambda d: d or "no date"),
    Column("source", "Source", kind="label", drop=3),
    Column("article", "Article"),
    Column("shares", "Shares with it"),
    Column("share", "Share", "cyan", kind="number", drop=1, render=lambda s: f"{s:.0%}"),
)
EXAMPLES = {"related": """
corpus related 000                             # who shares what with corpus/000_..., earliest first
corpus related 9a20fd5 -f jsonl                # one record per article
corpus related 001 -f jsonl | jq -r 'select(.first) | .path'   # who had it first
"""}

ArticleArg = Annotated[str, typer.Argument(
    metavar="ID", help="The article: its id (or a unique prefix of it) or its path.",
    show_default=False)]


def related(article: ArticleArg, store: StoreOpt = None, format: FormatOpt = "auto",
            color: ColorOpt = "auto", quiet: QuietOpt = False) -> None:
    """List every article sharing something with one article (duplicates, passages,
    quotes), earliest first: who had it first."""
    from corpus_cli.store import resolve_store_path
    from corpus_cli.survey.records import related_records
    from corpus_cli.survey.run import related_articles

    check_format(format)
    check_color(color)
    env = Environment()
    found, verdict = related_articles(resolve_store_path(store), article)
    records = list(related_records(found))
    if resolve_format(format, env) == "table":
        writer = RecordWriter(env, format, COLUMNS, color=color, title=_title(found))
        writer.write_all({**r, "article": f"{r['path']}\n{r['title']}",
                          "shares": shares_lines(r)} for r in records)
    else:
        writer = RecordWriter(env, format, (), color=color)
        writer.write_all(records)
    writer.close()
    if not quiet:
        env.stderr.write(_summary(found))
    exit_with(verdict)


def _title(found: Related) -> str:
    from corpus_cli.survey.chronology import order_label

    return (f"Related to {found.given.path}: {found.others} article(s), "
            f"{order_label(found.ordered_by, found.undated)}")


def _summary(found: Related) -> str:
    if not found.others:
        said = "no other stored article shares a duplicate, a passage or a quote with it"
    else:
        first = found.articles[0]
        who = "it" if first.given else first.path
        said = (f"{found.others} article(s) share something with it; {who} came first "
                f"({'by date' if found.ordered_by == 'date' else 'by ingest order'})")
    return f"related: {found.given.path}: {said}. {found.groups.describe()}\n"
