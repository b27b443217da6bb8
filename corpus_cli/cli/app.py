"""The ``corpus`` command: Typer app, error handling and exit codes.

Every command runs inside ``_guarded``, which is the one place where core errors become
``error: ...`` lines on stderr and exit codes; tests driving the app through Typer's
``CliRunner`` therefore see exactly what users see.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from corpus_cli import __version__
from corpus_cli.cli.console import safe
from corpus_cli.cli.output import PipeClosed
from corpus_cli.errors import CorpusError, ExitCode

F = TypeVar("F", bound=Callable[..., Any])

# Each command: the module under corpus_cli.cli.commands and the function in it.
COMMANDS = {
    "ingest": ("ingest", "ingest"),
    "articles": ("articles", "articles"),
    "show": ("articles", "show"),
    "dedupe": ("dedupe", "dedupe"),
    "diff": ("diff", "diff"),
    "quotes": ("quotes", "quotes"),
    "related": ("related", "related"),
    "report": ("report", "report"),
}
_state = {"traceback": False}


def _version(value: bool) -> None:
    if value:
        print(f"corpus-cli {__version__}")
        raise typer.Exit()


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


def _quiet_pipe_exit() -> None:
    # Python docs recipe: point stdout at devnull so the final flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (tests): nothing left to flush into the pipe
    raise typer.Exit(ExitCode.BROKEN_PIPE)


def _guarded(command: F) -> F:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (PipeClosed, BrokenPipeError):
            _quiet_pipe_exit()
        except CorpusError as err:
            if _state["traceback"]:
                import traceback

                traceback.print_exc()
            print(f"error: {safe(str(err))}", file=sys.stderr)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        return None

    return run  # type: ignore[return-value]


def build_app(only: str | None = None) -> typer.Typer:
    """The ``corpus`` app with every command, or with command ``only`` alone.

    A command run by name needs no other: Typer inspects every registered function's
    signature on each start, and importing and inspecting the other commands would add to
    every ``corpus dedupe --check`` in CI (bench/README.md). Its usage lines, help and
    errors are the same as the whole app's (tests/cli/test_app.py).
    """
    app = typer.Typer(
        name="corpus",
        help="Compare news articles across sources: ingest them into a local corpus, then "
        "find copies, shared passages, differences and quotes.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        # Plain Click help: Rich-rendered help imports markdown-it and friends, a large
        # share of the start-up budget (bench/bench_startup.py).
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only in (None, name):
            command = getattr(importlib.import_module(f"corpus_cli.cli.commands.{module}"),
                              function)
            app.command(name)(_guarded(command))
    return app


def __getattr__(name: str) -> Any:
    # ``app``, the whole app, is built on first use: main() builds only what it runs.
    if name == "app":
        globals()["app"] = whole = build_app()
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _utf8_streams() -> None:
    # Curly quotes are data: print them whatever the locale says.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``corpus`` console script."""
    _utf8_streams()
    args = sys.argv[1:] if argv is None else argv
    try:
        build_app(args[0] if args and args[0] in COMMANDS else None)(args=args, prog_name="corpus")
    except BrokenPipeError:  # raised while Typer itself was printing (help, usage errors)
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitCode.BROKEN_PIPE)
