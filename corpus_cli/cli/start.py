"""The ``corpus`` entry point: as little as possible before Ctrl-C is handled.

Importing the command-line app (Typer, Rich, the commands) takes tens of milliseconds;
a Ctrl-C during that time, or anywhere outside a command's own handling, must end the
same way as one during a command: one ``interrupted`` line on stderr and exit 130, never
a traceback. So this module imports nothing of ours but the app, inside the guard.

Nor may a Ctrl-C land inside an import: a compiled extension interrupted while it
initialises can be left half made, and orjson's then crashes the process (SIGSEGV, seen
once in a few hundred start-ups). While a module is being imported, the interruption
waits for it to finish (a 10 ms timer asks again).
"""

from __future__ import annotations

import os
import signal  # (its enum is loaded already: the console script imports re)
import sys
from types import FrameType  # (loaded already too: no typing import, 2 ms)

INTERRUPTED = 130  # errors.ExitCode.INTERRUPTED, without importing anything for it
_RETRY_SECONDS = 0.01


_pending: list[bool] = [False]  # a Ctrl-C waits for an import to finish


def main() -> None:
    """Run ``corpus`` (the console script and ``python -m corpus_cli``)."""
    signal.signal(signal.SIGINT, _on_interrupt)
    signal.signal(signal.SIGALRM, _on_interrupt)
    try:
        try:
            from corpus_cli.cli.app import main as run

            run()
        finally:
            # Inside the guard: a Ctrl-C landing while the run settles (its exit on its
            # way out) ends as any other, not as a traceback.
            _settle()
    except KeyboardInterrupt:
        _leave(say=True)
    except SystemExit as done:
        if done.code == INTERRUPTED:
            _leave(say=False)  # a command was interrupted and said so
        raise


def _on_interrupt(_signum: int, frame: FrameType | None) -> None:
    """Ctrl-C: ``KeyboardInterrupt`` where the program is, unless it is importing."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            _pending[0] = True
            signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)  # SIGALRM: ask again
            return
        frame = frame.f_back
    _pending[0] = False
    raise KeyboardInterrupt


def _settle() -> None:
    """The run is over: a Ctrl-C still waiting for an import to end is told now, and no
    timer is left to fire while the interpreter shuts down."""
    signal.setitimer(signal.ITIMER_REAL, 0)
    if _pending[0]:
        _leave(say=True)


def _leave(say: bool) -> None:
    """End an interrupted run at once, saying so once.

    A Ctrl-C can land inside the import of a compiled extension (numpy, sqlite3) and
    leave it half made; the interpreter's own shutdown may then crash on it. Nothing is
    left to finish once the streams are flushed (transactions were rolled back on the
    way out, worker processes stopped), so the process ends without that shutdown.
    """
    import contextlib  # (here: time before the guard is in place counts)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing now
    if say:
        with contextlib.suppress(OSError, ValueError):  # stderr gone: the code says it
            sys.stderr.write("interrupted\n")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the reader went away
            stream.flush()
    os._exit(INTERRUPTED)
