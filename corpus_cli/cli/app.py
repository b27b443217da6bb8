"""The ``corpus`` command: Typer app, global error handling and exit codes."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from corpus_cli import __version__
from corpus_cli.cli.commands import articles as articles_cmd
from corpus_cli.cli.commands import ingest as ingest_cmd
from corpus_cli.cli.output import PipeClosed
from corpus_cli.errors import CorpusError, ExitCode

app = typer.Typer(
    name="corpus",
    help="Compare news articles across sources: ingest them into a local corpus, then find "
    "copies, shared passages, differences and quotes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_state = {"traceback": False}


def _version(value: bool) -> None:
    if value:
        print(f"corpus-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    traceback: Annotated[
        bool, typer.Option("--traceback", help="On an error, show the Python traceback too.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    _state["traceback"] = traceback


app.command("ingest")(ingest_cmd.ingest)
app.command("articles")(articles_cmd.articles)
app.command("show")(articles_cmd.show)


def _utf8_streams() -> None:
    # Curly quotes are data: print them whatever the locale says.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            reconfigure(encoding="utf-8", errors="replace")


def _quiet_exit(code: int) -> None:
    # Python docs recipe: point stdout at devnull so the final flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``corpus`` console script."""
    _utf8_streams()
    try:
        app(args=argv, prog_name="corpus")
    except PipeClosed:
        _quiet_exit(ExitCode.BROKEN_PIPE)
    except BrokenPipeError:
        _quiet_exit(ExitCode.BROKEN_PIPE)
    except CorpusError as err:
        if _state["traceback"]:
            import traceback

            traceback.print_exc()
        print(f"error: {err}", file=sys.stderr)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(ExitCode.INTERRUPTED)
