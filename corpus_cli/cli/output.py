"""Render flat records in every output format: table, json, jsonl, csv, tsv.

Every format renders from the same records (dicts), as sqlite-utils does, so what a pipe
sees and what a terminal shows cannot disagree.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, NoReturn

from corpus_cli.cli.console import Environment, make_console, safe, safe_json
from corpus_cli.errors import InputError, UsageError, Verdict
from corpus_cli.report.jsonl import jsonl_line

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
    # Given the column's width (None: as wide as it wants).
    styled: Callable[[Any, int | None], list[tuple[str, str | None]]] | None = None
    # ``render`` (``styled``, ``fit``) is given the whole record, not the value of ``key``
    # (a cell that needs a group-level field beside its own).
    whole: bool = False
    # How a table lays it out (cli/tables.py): id, number, label, path or text.
    kind: str = "text"
    # Left out of a table too narrow for every column, the highest number first; 0: never.
    drop: int = 0
    # The cell for a column ``width`` cells wide (None: as wide as it wants).
    fit: Callable[[Any, int | None], str] | None = None


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


def _delimited_cell(value: Any) -> str:
    """A CSV or TSV value: booleans as ``true``/``false`` (what JSON and most tools read),
    and one line per record whatever the text holds, so ``sort``, ``grep`` and ``wc -l``
    see records: backslash, newline and carriage return are written ``\\``, ``\n``,
    ``\r``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return (_cell(value).replace("\\", "\\\\").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _tsv_cell(value: Any) -> str:
    return _delimited_cell(value).replace("\t", "\\t")


def _styled(col: Column, record: dict[str, Any], width: int | None = None) -> Any:
    from rich.text import Text

    assert col.styled is not None
    text = Text()
    for piece, style in col.styled(record if col.whole else record.get(col.key), width):
        text.append(safe(piece), style=style)  # Text.append never parses markup
    return text


class Limit:
    """``--limit N``: at most N records, across the writers of one command; ``more``
    counts the ones left out."""

    __slots__ = ("left", "limit", "more")

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.left = limit
        self.more = 0

    def take(self) -> bool:
        if self.left is None:
            return True
        if self.left > 0:
            self.left -= 1
            return True
        self.more += 1
        return False

    def report(self, env: Environment, quiet: bool, what: str = "records") -> None:
        """The line saying how many more there are, on stderr."""
        if self.more and not quiet:
            env.stderr.write(f"… {self.more:,} more {what} not shown (--limit {self.limit})\n")


class _Sink(NamedTuple):
    """What ``csv.writer`` writes to: a ``write(str)`` that reports a closed pipe."""

    write: Callable[[str], None]


class RecordWriter:
    """Streams records to stdout in one format; ``close()`` finishes buffered formats."""

    def __init__(self, env: Environment, fmt: str, columns: Sequence[Column], *,
                 color: str = "auto", title: str | None = None,
                 fields: Sequence[str] | None = None,
                 ids: Mapping[str, str] | None = None, limit: Limit | None = None) -> None:
        self.env = env
        self.ids = ids  # full id -> the prefix a table shows (report/ids.py)
        self.limit = limit
        self.fmt = resolve_format(fmt, env)
        if fields and self.fmt not in ("csv", "tsv"):
            raise UsageError(f"--fields chooses the columns of --format csv or tsv, not of "
                             f"{self.fmt}")
        self.fields = list(fields) if fields else None
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
        if self.limit is not None and not self.limit.take():
            return
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
        keys = self.fields or list(record)
        if self.count == 1 and self.fields:
            unknown = [k for k in self.fields if k not in record]
            if unknown:
                raise UsageError(f"--fields: no field {unknown[0]!r} in {record.get('type')} "
                                 f"records (fields: {', '.join(record)})")
        # Exact data in a file or a pipe; on a terminal, control characters escaped.
        shown = safe if self.env.stdout_isatty else str
        if self.fmt == "tsv":
            if self.count == 1:
                self._out("\t".join(keys) + "\n")
            self._out("\t".join(shown(_tsv_cell(record.get(k))) for k in keys) + "\n")
            return
        if self._csv is None:
            self._csv = csv.writer(_Sink(self._out), lineterminator="\n")
            self._csv.writerow(keys)
        self._csv.writerow([shown(_delimited_cell(record.get(k))) for k in keys])

    def close(self) -> None:
        if self.fmt == "json":
            self._out(safe_json(json.dumps(self.buffer, ensure_ascii=False, indent=2)) + "\n")
        elif self.fmt == "table":
            self._table()
        self._flush()

    def _table(self) -> None:
        from corpus_cli.cli.tables import render_table

        console = make_console(self.env, color=self.color)
        columns = [
            col for col in self.columns
            if not col.optional or any(r.get(col.key) not in (None, "", False)
                                       for r in self.buffer)
        ]
        try:
            render_table(console, columns, self.buffer, self.title, console.width, self.ids,
                         _styled)
        except BrokenPipeError as err:
            raise PipeClosed from err


def table_ids(env: Environment, fmt: str, store: Any, shown: Iterable[str] = (),
              ) -> dict[str, str] | None:
    """For a table: every id shown (article and group ids) as its shortest unique prefix of
    7 characters or more among all the ids ``store`` takes back (and those ``shown``), so
    it can be typed back; None for the other formats, which print ids whole. ``store``: an
    open store, a path to one, or None (no store: unique among ``shown``)."""
    if resolve_format(fmt, env) != "table":
        return None
    from corpus_cli.report.ids import unique_prefixes

    known = list(shown)
    if isinstance(store, str | os.PathLike):
        from pathlib import Path

        from corpus_cli.store import Store

        if str(store) == ":memory:" or not os.path.exists(store):
            return unique_prefixes(known)
        with Store(Path(store), create=False) as db:
            return unique_prefixes([*db.ids(), *known])
    if store is not None:
        known += store.ids()
    return unique_prefixes(known)


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
