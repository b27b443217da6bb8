"""Options shared by every command, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

from corpus_cli.cli.output import FORMATS

FormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="Output: auto (a table on a terminal, JSON Lines in a pipe), table, json, "
        "jsonl, csv or tsv.",
    ),
]
ColorOpt = Annotated[
    str,
    typer.Option("--color", metavar="WHEN",
                 help="Colour: auto (NO_COLOR, FORCE_COLOR, TERM=dumb, terminal), always or "
                 "never."),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")
]
StoreOpt = Annotated[
    str | None,
    typer.Option("--store", envvar="CORPUS_STORE", show_envvar=True, metavar="PATH",
                 help="Store file [default: .corpus/corpus.sqlite3 in the current folder]."),
]

WaitOpt = Annotated[
    float | None,
    typer.Option("--wait", envvar="CORPUS_WAIT", show_envvar=True, metavar="SECONDS", min=0,
                 help="How long to wait for another process's write lock on the store "
                 "before giving up (exit 3) [default: 60]."),
]


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}",
                                 param_hint=name)
    return value


def check_format(value: str) -> str:
    return check_choice("--format", value, FORMATS)


COLORS = ("auto", "always", "never")


def check_color(value: str) -> str:
    return check_choice("--color", value, COLORS)
