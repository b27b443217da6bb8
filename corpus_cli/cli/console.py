"""One place that decides colour, width and terminal-ness, from an injectable environment.

Tests build an ``Environment`` that pretends to be a terminal (as httpie's
``MockEnvironment`` does) instead of patching globals.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, TextIO

from corpus_cli.text.controls import json_controls_escaped, visible_controls

if TYPE_CHECKING:
    from rich.console import Console

COLOR_CHOICES = ("auto", "always", "never")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Environment:
    """Where a command writes and what it knows of its terminal (tests pass their own).

    A plain class, not a dataclass: building dataclasses is a measurable part of the
    start-up of ``corpus dedupe --check`` (bench/README.md).
    """

    __slots__ = ("environ", "stderr", "stderr_isatty", "stdout", "stdout_isatty")

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None,
                 environ: Mapping[str, str] | None = None, stdout_isatty: bool | None = None,
                 stderr_isatty: bool | None = None) -> None:
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.environ = environ if environ is not None else dict(os.environ)
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty


def color_enabled(choice: str, env: Environment, isatty: bool) -> bool:
    """``--color``, then ``NO_COLOR``, then ``FORCE_COLOR``, then ``TERM=dumb``, then isatty."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if env.environ.get("NO_COLOR"):
        return False
    if env.environ.get("FORCE_COLOR"):
        return True
    if env.environ.get("TERM") == "dumb":
        return False
    return isatty


def safe(text: str) -> str:
    """Article text made harmless for a terminal: control characters shown as ``\\xNN``."""
    return visible_controls(text)


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class PipeAwareConsole(Console):
        """A Console that reports a closed stdout as ``BrokenPipeError``: Rich's own
        handling exits with status 1, which reads as "findings" (exit 141 is given)."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")

    return PipeAwareConsole


def safe_json(text: str) -> str:
    """JSON text with DEL and C1 controls escaped (``text.controls``)."""
    return json_controls_escaped(text)


def make_console(env: Environment, *, stderr: bool = False, color: str = "auto",
                 width: int | None = None) -> Console:
    Console = _console_class()  # a class, made on first use

    stream = env.stderr if stderr else env.stdout
    isatty = bool(env.stderr_isatty if stderr else env.stdout_isatty)
    colored = color_enabled(color, env, isatty)
    if width is None and not isatty:
        columns = env.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() else 100
    return Console(
        file=stream,
        force_terminal=colored or isatty,
        no_color=not colored,
        color_system="standard" if colored else None,
        width=width,
        # Rich ignores a fixed width on a dumb terminal unless the height is set too.
        height=25 if width is not None else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
