"""Run independent parts of a CPU-bound step in forked processes.

A forked child sees the parent's memory as it was, so a part costs nothing to send;
only its result comes back, pickled, through a pipe. The last part runs in this process
meanwhile. Without fork (or with one CPU) everything runs here, and a part whose child
fails is redone here: the result never depends on how it was computed.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

P = TypeVar("P")
R = TypeVar("R")
H = TypeVar("H")


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


def beside(there: Callable[[], R], here: Callable[[], H]) -> tuple[R, H]:
    """``(there(), here())``, ``there`` computed in a forked child while ``here`` runs in
    this process (here, afterwards, without fork or if the child fails)."""
    if not can_fork():
        return there(), here()
    child = _start(_result_of, there)
    mine = here()
    return _collect(child, _result_of, there), mine


def _result_of(function: Callable[[], R]) -> R:
    return function()


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
            _send(write_end, function(part))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


# A result travels as its pickle with every large contiguous buffer (numpy arrays) left
# out of it, then those buffers, each preceded by its size: they go from the child's
# arrays to the pipe and from the pipe into the parent's, one copy each way. Pickled
# whole, the 400 MB a load worker sends at 200,000 articles were copied five times
# (1.8 s); sent this way, 0.9 s, most of it the pickled lists of ids, paths and titles.
_SIZE = struct.Struct("<q")
_PIPE_BYTES = 1 << 20  # a bigger pipe: fewer switches between writer and reader


def _send(fd: int, result: object) -> None:
    import fcntl  # only where there is fork

    buffers: list[pickle.PickleBuffer] = []
    header = pickle.dumps(result, protocol=5, buffer_callback=buffers.append)
    with contextlib.suppress(OSError, AttributeError):  # an older kernel, a capped size
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    with os.fdopen(fd, "wb", buffering=0) as out:
        _write_all(out, _SIZE.pack(len(header)) + header + _SIZE.pack(len(buffers)))
        for buffer in buffers:
            with buffer.raw() as view:
                _write_all(out, _SIZE.pack(view.nbytes))
                _write_all(out, view)


def _write_all(out: io.RawIOBase, data: bytes | memoryview) -> None:
    view, done = memoryview(data), 0
    while done < len(view):
        done += out.write(view[done:]) or 0


def _receive(fd: int) -> object:
    """The result a child sent; ``EOFError`` if it stopped before sending all of it."""
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        header = _read_exactly(pipe, _SIZE.unpack(_read_exactly(pipe, 8))[0])
        buffers = [_read_exactly(pipe, _SIZE.unpack(_read_exactly(pipe, 8))[0])
                   for _ in range(_SIZE.unpack(_read_exactly(pipe, 8))[0])]
    return pickle.loads(header, buffers=buffers)


def _read_exactly(pipe: io.RawIOBase, size: int) -> mmap.mmap | bytearray:
    # Private anonymous memory: its pages are touched once, by the read (a bytearray
    # would be zero-filled first), and a later fork copies them on write as any others.
    if size < mmap.PAGESIZE:
        into: mmap.mmap | bytearray = bytearray(size)
    else:
        into = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE)
    view, done = memoryview(into), 0
    while done < size:
        got = pipe.readinto(view[done:])
        if not got:
            raise EOFError(f"the worker sent {done:,} of {size:,} bytes")
        done += got
    view.release()
    return into


def _collect(child: tuple[int, int], function: Callable[[P], R], part: P) -> R:
    pid, read_end = child
    try:
        result = _receive(read_end)
    except (EOFError, pickle.UnpicklingError, struct.error):
        result = _FAILED
    _, status = os.waitpid(pid, 0)
    if status == 0 and result is not _FAILED:
        return cast(R, result)
    return function(part)  # the child failed (killed, out of memory): redo it here


_FAILED = object()
