"""A pager for output taller than the terminal, as git pages its output.

Only when stdout is a terminal and not ``--no-pager``: ``$CORPUS_PAGER``, else ``$PAGER``,
else ``less -FRX`` (with ``LESS=FRX`` set when the user has no ``LESS``, so the pager
keeps colours and leaves the screen as it was). Output is held until it is taller than the
terminal: a short answer prints as it is, and no pager ever starts for it. An empty
pager command, or ``cat``, means no pager.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from typing import IO, Any, TextIO

DEFAULT = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to run, or None for none."""
    for name in ("CORPUS_PAGER", "PAGER"):
        if name in environ:
            command = environ[name].strip()
            return None if command in ("", "cat") else command
    return DEFAULT if shutil.which("less") else None


def terminal_lines(stream: TextIO, environ: Mapping[str, str]) -> int:
    lines = environ.get("LINES", "")
    if lines.isdigit():
        return int(lines)
    try:
        return os.get_terminal_size(stream.fileno()).lines
    except (OSError, ValueError, AttributeError):
        return 24


class PagedStdout(io.TextIOBase):
    """Stands for stdout: holds what is written until it is taller than the terminal, then
    starts the pager and writes through it. A terminal to whoever asks (``isatty``)."""

    def __init__(self, stdout: TextIO, command: str, lines: int,
                 environ: Mapping[str, str]) -> None:
        super().__init__()
        self._stdout = stdout
        self._command = command
        self._lines = lines
        self._environ = environ
        self._held: list[str] = []
        self._newlines = 0
        self._pager: subprocess.Popen[str] | None = None
        self._quit = False  # the user quit the pager: the rest of the output goes nowhere

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stdout.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._quit:
            return len(text)
        if self._pager is None:
            self._held.append(text)
            self._newlines += text.count("\n")
            if self._newlines >= self._lines:
                self._start()
            return len(text)
        self._send(text)
        return len(text)

    def _start(self) -> None:
        env = dict(self._environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        self._stdout.flush()
        try:
            self._pager = subprocess.Popen(self._command, shell=True, stdin=subprocess.PIPE,
                                           stdout=self._stdout, env=env, text=True,
                                           encoding="utf-8", errors="replace")
        except OSError:
            self._pager = None
            self._quit = False
            self._lines = sys.maxsize  # no pager after all: write straight through
            held, self._held = "".join(self._held), []
            self._stdout.write(held)
            return
        held, self._held = "".join(self._held), []
        self._send(held)

    def _send(self, text: str) -> None:
        if self._pager is None:
            self._stdout.write(text)
            return
        stdin: IO[str] | None = self._pager.stdin
        try:
            assert stdin is not None
            stdin.write(text)
        except (BrokenPipeError, OSError):
            self._quit = True

    def flush(self) -> None:
        if self._pager is None:
            if not self._stdout.closed:
                self._stdout.flush()
            return
        stdin = self._pager.stdin
        if not self._quit and stdin is not None and not stdin.closed:
            try:
                stdin.flush()
            except (BrokenPipeError, OSError):
                self._quit = True

    def close(self) -> None:
        """Write what is held (a short answer), or let the pager finish."""
        if self._pager is None:
            self._stdout.write("".join(self._held))
            self._held = []
            self._stdout.flush()
        else:
            try:
                if self._pager.stdin is not None:
                    self._pager.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            self._pager.wait()
        super().close()


def start(no_pager: bool, environ: Mapping[str, str] | None = None) -> PagedStdout | None:
    """Put a ``PagedStdout`` in place of ``sys.stdout`` when paging is wanted; None else."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    stdout = sys.stdout
    try:
        if no_pager or not stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    command = pager_command(env)
    if command is None:
        return None
    paged = PagedStdout(stdout, command, terminal_lines(stdout, env), env)
    sys.stdout = paged
    return paged


def stop(paged: Any) -> None:
    if paged is not None:
        sys.stdout = paged._stdout
        paged.close()
