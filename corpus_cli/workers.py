"""Run independent parts of a CPU-bound step in forked processes.

A forked child sees the parent's memory as it was, so a part costs nothing to send;
only its result comes back, pickled, through a pipe. The last part runs in this process
meanwhile. Without fork (or with one CPU) everything runs here, and a part whose child
fails is redone here: the result never depends on how it was computed.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

P = TypeVar("P")
R = TypeVar("R")


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform == "linux" and cpu_count() > 1


def fork_map(function: Callable[[P], R], parts: Sequence[P],
             last: Callable[[P], R] | None = None) -> list[R]:
    """``[function(part) for part in parts]``, all parts but the last in forked children.

    ``last``, if given, computes the last part instead, in this process (its result need
    not travel, so it may take another, cheaper shape).
    """
    if len(parts) < 2 or not can_fork():
        return [function(part) for part in parts[:-1]] + [(last or function)(parts[-1])]
    children = [_start(function, part) for part in parts[:-1]]
    mine = (last or function)(parts[-1])
    done = [_collect(child, function, part)
            for child, part in zip(children, parts[:-1], strict=True)]
    return [*done, mine]


def in_background(function: Callable[[], object]) -> Callable[[], bool]:
    """Start ``function()`` in a forked child; returns a ``join`` that waits for it and
    says whether it succeeded. Without fork it runs now, and ``join`` says so."""
    if not can_fork():
        function()
        return lambda: True
    pid, read_end = _start(_call, function)

    def join() -> bool:
        with os.fdopen(read_end, "rb") as pipe:
            pipe.read()
        return os.waitpid(pid, 0)[1] == 0

    return join


def _call(function: Callable[[], object]) -> None:
    function()  # its result stays in the child


def _start(function: Callable[[P], R], part: P) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without the parent's exit handlers
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(function(part), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(child: tuple[int, int], function: Callable[[P], R], part: P) -> R:
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and data:
        result: R = pickle.loads(data)
        return result
    return function(part)  # the child failed (killed, out of memory): redo it here
