"""Printing ``finding`` records: ``dedupe --check`` and ``quotes --check`` share this."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpus_cli.cli.console import Environment
from corpus_cli.cli.output import Column, Limit, PipeClosed, RecordWriter

CHANGED = "bold red"
LEFT_OUT = "dim strike"
ELIDE = 12  # equal stretches longer than this many words are shortened in tables


def elide(text: str, words: int = ELIDE) -> str:
    parts = text.split()
    if len(parts) <= words:
        return text
    keep = words // 3
    return " ".join(parts[:keep]) + " … " + " ".join(parts[-keep:])


def diff_pieces(diff: list[dict[str, str]]) -> list[tuple[str, str | None]]:
    """A word diff as styled pieces: changed words highlighted, left-out words struck
    through; long stretches of equal words shortened."""
    out: list[tuple[str, str | None]] = []
    for k, piece in enumerate(diff):
        if k:
            out.append((" ", None))
        if piece["op"] == "equal":
            out.append((elide(piece["text"]), None))
        elif piece["op"] == "delete":
            out.append((piece["was"], LEFT_OUT))
        else:
            out.append((piece["text"], CHANGED))
            if piece["op"] == "replace":
                out.append((" ", None))
                out.append((piece["was"], LEFT_OUT))
    return out


def _wording(record: dict[str, Any], _width: int | None) -> list[tuple[str, str | None]]:
    if record["diff"] is not None:
        return diff_pieces(record["diff"])
    return [(elide(record["text"], 36), None)]


def _where(record: dict[str, Any]) -> str:
    return f"{record['path']}:{record['line']}" if record["line"] is not None else record["path"]


FINDING_COLUMNS = (
    # Narrow terminals keep the finding, where it is and why (which names the stored
    # article or speaker); the rest go first, the confidence first of all.
    Column("kind", "Finding", "bold red", kind="label"),
    Column("path", "New article", render=_where, whole=True, kind="path"),
    Column("speaker", "Speaker", kind="label", optional=True, drop=3),
    # The new wording, changed words highlighted and left-out ones struck through.
    Column("text", "New text", styled=_wording, whole=True, drop=1),
    Column("stored_path", "Stored article", kind="path", drop=2),
    Column("stored_speaker", "Stored speaker", kind="label", optional=True, drop=4),
    Column("confidence", "Confidence", kind="number", render=lambda c: f"{c:.2f}", drop=5),
    Column("reason", "Why"),
)


def write_findings(env: Environment, records: Sequence[dict[str, Any]], fmt: str,
                   color: str, quiet: bool, articles: int, ingested: bool,
                   kinds: Sequence[str], fields: list[str] | None = None,
                   limit: int | None = None) -> None:
    """The finding records in ``fmt`` (``github`` and ``sarif`` too), then the summary on
    stderr (unless ``quiet``). ``kinds``: the finding kinds the check can report."""
    if fmt in ("github", "sarif"):
        _write_ci(env, records, fmt, kinds)
    else:
        shown = Limit(limit)
        writer = RecordWriter(env, fmt, FINDING_COLUMNS, color=color, fields=fields,
                              limit=shown)
        writer.write_all(records)
        writer.close()
        shown.report(env, quiet, "findings")
    if not quiet:
        env.stderr.write(f"check: {plural(len(records), 'finding')} in "
                         f"{plural(articles, 'new article')}"
                         f"{' (ingested)' if ingested else ''}\n")


def _write_ci(env: Environment, records: Sequence[dict[str, Any]], fmt: str,
              kinds: Sequence[str]) -> None:
    import json

    from corpus_cli import __version__
    from corpus_cli.report.ci import github_annotation, sarif_log

    try:
        if fmt == "github":
            for record in records:
                env.stdout.write(github_annotation(record))
        else:
            env.stdout.write(json.dumps(sarif_log(records, __version__, kinds),
                                        ensure_ascii=False, indent=2) + "\n")
        env.stdout.flush()
    except BrokenPipeError as err:
        raise PipeClosed from err


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
