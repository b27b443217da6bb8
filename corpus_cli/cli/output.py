"""Render flat records in every output format: table, json, jsonl, csv, tsv.

Every format renders from the same records (dicts), as sqlite-utils does, so what a pipe
sees and what a terminal shows cannot disagree.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, NoReturn

import orjson

from corpus_cli.cli.console import Environment, make_console, safe, safe_json
from corpus_cli.errors import InputError, Verdict

FORMATS = ("auto", "table", "json", "jsonl", "csv", "tsv")


class PipeClosed(Exception):
    """The reader of stdout went away (``| head``): stop quietly."""


class Column(NamedTuple):
    key: str
    header: str
    style: str | None = None
    render: Callable[[Any], str] | None = None
    no_wrap: bool = False
    optional: bool = False  # hidden from tables when no record has a value for it
    # For tables: the cell as (text, style) pieces, for highlighting inside a cell.
    styled: Callable[[Any], list[tuple[str, str | None]]] | None = None


def resolve_format(fmt: str, env: Environment) -> str:
    if fmt == "auto":
        return "table" if env.stdout_isatty else "jsonl"
    return fmt


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _tsv_cell(value: Any) -> str:
    text = _cell(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def jsonl_line(record: Any) -> str:
    """``record`` as one compact JSON Lines line.

    orjson writes the largest outputs (a whole-store dedupe) several times faster than
    json (bench/README.md); json takes what orjson refuses (lone surrogates, integers
    beyond 64 bits), in the same compact form. DEL and C1 controls are escaped
    (``safe_json``), as both escape C0.
    """
    try:
        line = orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE).decode()
    except orjson.JSONEncodeError:  # a TypeError, as json's own refusals are
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    return safe_json(line)


def _styled(col: Column, value: Any) -> Any:
    from rich.text import Text

    assert col.styled is not None
    text = Text()
    for piece, style in col.styled(value):
        text.append(safe(piece), style=style)  # Text.append never parses markup
    return text


class _Sink(NamedTuple):
    """What ``csv.writer`` writes to: a ``write(str)`` that reports a closed pipe."""

    write: Callable[[str], None]


class RecordWriter:
    """Streams records to stdout in one format; ``close()`` finishes buffered formats."""

    def __init__(self, env: Environment, fmt: str, columns: Sequence[Column], *,
                 color: str = "auto", title: str | None = None) -> None:
        self.env = env
        self.fmt = resolve_format(fmt, env)
        self.columns = columns
        self.color = color
        self.title = title
        self.buffer: list[dict[str, Any]] = []
        self.count = 0
        self._csv: Any = None

    def _out(self, text: str) -> None:
        try:
            self.env.stdout.write(text)
        except BrokenPipeError as err:
            raise PipeClosed from err

    def write(self, record: dict[str, Any]) -> None:
        self.count += 1
        if self.fmt == "jsonl":
            # No flush per record: a terminal's stdout is line-buffered already, and in
            # a pipe a syscall per record costs more than the record itself.
            self._out(jsonl_line(record))
        elif self.fmt in ("csv", "tsv"):
            self._write_delimited(record)
        else:
            self.buffer.append(record)

    def write_all(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.write(record)

    def _flush(self) -> None:
        try:
            self.env.stdout.flush()
        except BrokenPipeError as err:
            raise PipeClosed from err

    def _write_delimited(self, record: dict[str, Any]) -> None:
        keys = list(record)
        # Exact data in a file or a pipe; on a terminal, control characters escaped.
        shown = safe if self.env.stdout_isatty else str
        if self.fmt == "tsv":
            if self.count == 1:
                self._out("\t".join(keys) + "\n")
            self._out("\t".join(shown(_tsv_cell(record[k])) for k in keys) + "\n")
            return
        if self._csv is None:
            self._csv = csv.writer(_Sink(self._out), lineterminator="\n")
            self._csv.writerow(keys)
        self._csv.writerow([shown(_cell(record[k])) for k in keys])

    def close(self) -> None:
        if self.fmt == "json":
            self._out(safe_json(json.dumps(self.buffer, ensure_ascii=False, indent=2)) + "\n")
        elif self.fmt == "table":
            self._table()
        self._flush()

    def _table(self) -> None:
        from rich.table import Table
        from rich.text import Text

        console = make_console(self.env, color=self.color)
        table = Table(title=self.title, show_lines=False, header_style="bold")
        columns = [
            col for col in self.columns
            if not col.optional or any(r.get(col.key) not in (None, "") for r in self.buffer)
        ]
        for col in columns:
            table.add_column(col.header, style=col.style, overflow="fold", no_wrap=col.no_wrap)
        for record in self.buffer:
            value = record.get
            table.add_row(*(_styled(col, value(col.key)) if col.styled else
                Text(safe(col.render(value(col.key)) if col.render else _cell(value(col.key))))
                for col in columns
            ))
        try:
            console.print(table)
        except BrokenPipeError as err:
            raise PipeClosed from err


def error_printer(env: Environment) -> Callable[[InputError], None]:
    """Print each unreadable input on stderr as the run meets it: ``error: NAME: REASON``."""

    def report(err: InputError) -> None:
        env.stderr.write(f"error: {safe(err.name)}: {safe(err.reason)}\n")
        env.stderr.flush()

    return report


def exit_with(verdict: Verdict) -> NoReturn:
    """End the command with the exit code its verdict gives."""
    import typer

    raise typer.Exit(verdict.exit_code)
