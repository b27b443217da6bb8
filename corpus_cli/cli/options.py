"""Options shared by every command, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

from corpus_cli.cli.output import FORMATS

COLORS = ("auto", "always", "never")
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT", autocompletion=lambda: list(FORMATS),
        help="Output: auto (a table on a terminal, JSON Lines in a pipe), table, json, "
        "jsonl, csv or tsv.",
    ),
]
# --check can also print its findings for CI: GitHub workflow commands, a SARIF log.
CI_FORMATS = ("github", "sarif")
CheckFormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        autocompletion=lambda: [*FORMATS, *CI_FORMATS],
        help="Output: auto (a table on a terminal, JSON Lines in a pipe), table, json, "
        "jsonl, csv or tsv; with --check also github (workflow commands that annotate a "
        "pull request) or sarif (a SARIF 2.1.0 log for code scanning).",
    ),
]
ColorOpt = Annotated[
    str,
    typer.Option("--color", metavar="WHEN", autocompletion=lambda: list(COLORS),
                 help="Colour: auto (NO_COLOR, FORCE_COLOR, TERM=dumb, terminal), always or "
                 "never."),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option("--fields", metavar="NAME,...",
                 help="With --format csv or tsv: these columns only, in this order (as "
                 "csvkit's -c), e.g. --fields id,path,title."),
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=0, metavar="N",
                 help="At most N records (rows); a line on stderr says how many more there "
                 "are."),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")
]
StoreOpt = Annotated[
    str | None,
    typer.Option("--store", envvar="CORPUS_STORE", show_envvar=True, metavar="PATH",
                 help="Store file [default: .corpus/corpus.sqlite3 in the current folder]."),
]


def split_fields(value: str | None) -> list[str] | None:
    """``--fields a,b`` as ``["a", "b"]``."""
    if value is None:
        return None
    fields = [f.strip() for f in value.split(",") if f.strip()]
    if not fields:
        raise typer.BadParameter("name at least one field", param_hint="--fields")
    return fields


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}",
                                 param_hint=name)
    return value


def check_format(value: str, check: bool | None = None) -> str:
    """``--format``; ``check`` (given for commands that have --check) allows the CI formats
    when it is true."""
    if check is not None and value in CI_FORMATS:
        if not check:
            raise typer.BadParameter(f"{value} prints the findings of --check",
                                     param_hint="--format")
        return value
    return check_choice("--format", value, FORMATS)


def check_color(value: str) -> str:
    return check_choice("--color", value, COLORS)
