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

# Each command: the module under corpus_cli.cli.commands, the function in it, and the
# summary ``corpus --help`` lists in full (Click would cut a docstring to fit with "...").
COMMANDS = {
    "ingest": ("ingest", "ingest", "Read article files into the store (or show them: --dry-run)."),
    "articles": ("articles", "articles", "List the stored articles."),
    "show": ("articles", "show", "One stored article's paragraphs, text or markup; or a group."),
    "dedupe": ("dedupe", "dedupe", "Duplicate articles and shared passages; --check for CI."),
    "diff": ("diff", "diff", "Two articles aligned paragraph by paragraph, word by word."),
    "quotes": ("quotes", "quotes", "Quotations and their speakers across sources; --check."),
    "related": ("related", "related", "Every article sharing something with one article, "
                "earliest first."),
    "report": ("report", "report", "The whole corpus on one self-contained HTML page."),
    "rm": ("rm", "rm", "Forget stored articles: every version and index entry."),
    "completion": ("completion", "completion", "Print the shell completion script for bash, "
                   "zsh or fish."),
}
_state = {"traceback": False, "no_pager": False}
# Commands whose output may be long enough to page (as git pages log and diff).
PAGED = frozenset({"articles", "show", "dedupe", "diff", "quotes", "related"})
COMPLETE_VAR = "_CORPUS_COMPLETE"


def _version(value: bool) -> None:
    if value:
        print(f"corpus-cli {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    traceback: Annotated[
        bool, typer.Option("--traceback", help="On an error, show the Python traceback too.")
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page output (by default output taller "
                           "than the terminal goes through $CORPUS_PAGER, $PAGER or less).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    _state["traceback"] = traceback
    _state["no_pager"] = no_pager
    ctx.default_map = _project_defaults()


def _project_defaults() -> dict[str, dict[str, Any]] | None:
    """The settings of ``.corpus/config.toml`` in the project the current folder is in,
    as defaults for the commands' options (flags still win); None without the file."""
    from corpus_cli.project import find_project

    project = find_project()
    if project is None:
        return None
    from corpus_cli.cli.config import config_path, load_defaults

    path = config_path(project)
    if not os.path.isfile(path):
        return None
    try:
        return load_defaults(path)
    except CorpusError as err:
        print(f"error: {safe(str(err))}", file=sys.stderr)
        raise typer.Exit(err.exit_code) from None


def _quiet_pipe_exit() -> None:
    # Python docs recipe: point stdout at devnull so the final flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (tests): nothing left to flush into the pipe
    raise typer.Exit(ExitCode.BROKEN_PIPE)


def _guarded(command: F, paged: bool = False) -> F:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        pager = None
        if paged and not _state["no_pager"] and sys.stdout.isatty():
            from corpus_cli.cli.pager import start

            pager = start(no_pager=False)
        try:
            return _run(command, *args, **kwargs)
        finally:
            if pager is not None:
                from corpus_cli.cli.pager import stop

                stop(pager)

    return run  # type: ignore[return-value]


def _run(command: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The command, its core errors turned into ``error:`` lines and exit codes."""
    try:
        with _waiting(kwargs.get("wait")):
            return command(*args, **kwargs)
    except (PipeClosed, BrokenPipeError):
        _quiet_pipe_exit()
    except CorpusError as err:
        _report(err)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except Exception as err:
        # What the core met outside an open store (whose errors come out as StoreError
        # already): the environment, told as such, never a traceback.
        translated = _environment_error(err, kwargs.get("store"))
        if translated is None:
            raise
        _report(translated)
    return None


def _report(err: CorpusError) -> None:
    if _state["traceback"]:
        import traceback

        traceback.print_exc()
    print(f"error: {safe(str(err))}", file=sys.stderr)
    raise typer.Exit(err.exit_code) from None


def _waiting(seconds: float | None) -> contextlib.AbstractContextManager[None]:
    """``--wait``: how long stores opened by the command wait for another's lock."""
    if seconds is None:
        return contextlib.nullcontext()
    from corpus_cli.store import waiting

    return waiting(seconds)


def _environment_error(err: Exception, store: str | None) -> CorpusError | None:
    """An SQLite or operating-system error as the error a user reads, or None for a bug."""
    import sqlite3

    if isinstance(err, sqlite3.Error):
        from corpus_cli.store import resolve_store_path
        from corpus_cli.store.faults import store_fault

        return store_fault(err, resolve_store_path(store))
    if isinstance(err, OSError):
        where = f" {err.filename}" if err.filename else ""
        return CorpusError(f"cannot read or write{where}: {err.strerror or err}")
    return None


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
    app.callback(epilog=_EPILOG)(_root)
    for name, (module_name, function, summary) in COMMANDS.items():
        if only in (None, name):
            module = importlib.import_module(f"corpus_cli.cli.commands.{module_name}")
            app.command(name, short_help=summary,
                        epilog=_examples(module.EXAMPLES[function]))(
                _guarded(getattr(module, function), paged=name in PAGED))
    return app


_EPILOG = """\b
Run `corpus COMMAND --help` for a command's options and examples; README.md has the
details. Shell completion: `corpus completion bash|zsh|fish`.
"""


def _examples(lines: str) -> str:
    # Click rewraps an epilog's paragraphs unless they open with \b: examples keep their lines.
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines.strip().splitlines())


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
    """Run the ``corpus`` command (``cli/start.py`` is the entry point around it)."""
    _utf8_streams()
    args = sys.argv[1:] if argv is None else argv
    if COMPLETE_VAR in os.environ:
        # A shell asking for completions (`corpus completion SHELL`): Typer answers once its
        # shells are registered, which only costs a start that needs them.
        from typer._completion_classes import completion_init

        completion_init()
    try:
        # The first word that is not a global flag names the command.
        name = next((a for a in args if not a.startswith("-")), None)
        build_app(name if name in COMMANDS else None)(args=args, prog_name="corpus")
    except BrokenPipeError:  # raised while Typer itself was printing (help, usage errors)
        _quiet_stdout()
        sys.exit(ExitCode.BROKEN_PIPE)
    except SystemExit as done:
        sys.exit(_exit_code(done))


def _exit_code(done: SystemExit) -> str | int | None:
    """The exit code to leave with, where Click's own handling would mislead.

    Click turns a closed stdout met while printing help into exit 1 (the findings code)
    after swapping sys.stdout for a wrapper that keeps the final flush quiet; and Typer
    turns a Ctrl-C met outside a command into exit 130 without a word.
    """
    if done.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
        return ExitCode.BROKEN_PIPE
    if done.code == ExitCode.INTERRUPTED and isinstance(
            getattr(done.__context__, "__cause__", None), KeyboardInterrupt):
        with contextlib.suppress(OSError, ValueError):
            print("interrupted", file=sys.stderr)
    return done.code


def _quiet_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
