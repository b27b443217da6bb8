"""The one worker pool: CPU-bound work split over forked processes.

Three shapes, used by ingest, dedupe and quotes alike:

- ``fork_map``: independent parts, all but the last in forked children, the last here;
- ``beside`` / ``in_background``: one job in a child while this process does another;
- ``ordered_map``: a long sequence of items dealt in chunks to children, results streamed
  back in input order as they come (memory stays bounded: a child that gets ahead waits
  on its full pipe).

A forked child sees this process's memory as it was, so what it works on costs nothing to
send; only its result comes back, pickled, through a pipe.

**The rule for a failed child**: whatever a child should have computed and did not
(it raised, was killed, ran out of memory) is computed again in this process, where an
exception it raises surfaces as it would without workers. A result therefore never
depends on whether, or how, it was computed in parallel. Children ignore Ctrl-C (this
process handles it and stops them), and write nothing to stdout or stderr: whoever reads
this process's output sees its end when this process ends.

Without fork (not Linux), or with one CPU, everything runs here.
"""

from __future__ import annotations

import contextlib
import gc
import io
import mmap
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import BinaryIO, TypeVar, cast

P = TypeVar("P")
R = TypeVar("R")
H = TypeVar("H")
T = TypeVar("T")

MAX_WORKERS = 4  # children at most, whatever the CPU count: more contend for memory
CHUNK = 32  # items an ordered_map child works on per message


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform == "linux" and cpu_count() > 1


def pool_size(items: int, min_items: int, jobs: int = 0) -> int:
    """How many processes to split ``items`` over: 1 means all here.

    ``jobs`` is what the user asked for (0: one per core, up to ``MAX_WORKERS``). Below
    ``min_items`` the children would cost more to start than they save.
    """
    if jobs == 1 or items < min_items or sys.platform != "linux":
        return 1
    return jobs or min(cpu_count(), MAX_WORKERS)


def fork_map(function: Callable[[P], R], parts: Sequence[P],
             last: Callable[[P], R] | None = None) -> list[R]:
    """``[function(part) for part in parts]``, all parts but the last in forked children.

    ``last``, if given, computes the last part instead, in this process (its result need
    not travel, so it may take another, cheaper shape).
    """
    if len(parts) < 2 or not can_fork():
        return [function(part) for part in parts[:-1]] + [(last or function)(parts[-1])]
    children: list[_Child] = []
    try:
        for part in parts[:-1]:
            children.append(_Child.start(partial(_send_result, function, part), children))
        mine = (last or function)(parts[-1])
        done = [_collect(child, partial(function, part))
                for child, part in zip(children, parts[:-1], strict=True)]
    finally:
        _stop(children)
    return [*done, mine]


def beside(there: Callable[[], R], here: Callable[[], H]) -> tuple[R, H]:
    """``(there(), here())``, ``there`` computed in a forked child while ``here`` runs in
    this process."""
    if not can_fork():
        return there(), here()
    child = _Child.start(lambda out: _send(out, there()), [])
    try:
        mine = here()
        return _collect(child, there), mine
    finally:
        _stop([child])


def in_background(function: Callable[[], object],
                  redo: Callable[[], object] | None = None) -> Callable[[], None]:
    """Start ``function()`` in a forked child, for its side effects; returns a ``join``
    that waits for it (and runs ``redo()``, by default ``function()``, here if the child
    failed). A ``redo`` of its own lets this process drop what ``function`` holds: only
    the child keeps a reference to it."""
    if not can_fork():
        function()
        return lambda: None
    child = _Child.start(lambda out: _send(out, (function(), None)[1]), [])
    again = redo or function

    def join() -> None:
        try:
            _collect(child, again)
        finally:
            _stop([child])

    return join


def ordered_map(function: Callable[[T], R], items: Sequence[T], workers: int,
                chunk: int = CHUNK, collect_cycles: bool = False) -> Iterator[R]:
    """``function(item)`` for every item, in order, computed by ``workers`` children.

    Child ``k`` takes chunks ``k, k + workers, ...`` of the items it inherited and sends
    each on its own pipe; reading the pipes in turn restores the order. A chunk whose
    child failed is computed here, and so is the rest of that child's share. Children
    inherit this process's cycle collector as it is (paused by ``no_cycle_collection``,
    or not); ``collect_cycles`` runs it in them in any case, for a ``function`` that may
    leave cycles behind (HTML parsing does) while this process keeps it paused.
    """
    if workers < 2 or len(items) <= chunk or not can_fork_at_all():
        yield from map(function, items)
        return
    chunks = [items[lo : lo + chunk] for lo in range(0, len(items), chunk)]

    def share(k: int) -> Callable[[BinaryIO], None]:
        def work(out: BinaryIO) -> None:
            if collect_cycles:
                gc.enable()
            for part in chunks[k::workers]:
                _send(out, [function(item) for item in part])

        return work

    children: list[_Child] = []
    try:
        for k in range(min(workers, len(chunks))):
            children.append(_Child.start(share(k), children))
        failed: set[int] = set()
        for n, part in enumerate(chunks):
            k = n % len(children)
            results: list[R] | None = None
            if k not in failed:
                try:
                    results = cast("list[R]", _receive(children[k].pipe()))
                except _BROKEN:
                    failed.add(k)
            if results is None:
                results = [function(item) for item in part]
            yield from results
    finally:
        _stop(children)


def can_fork_at_all() -> bool:
    """Fork is available, even with one CPU (the user asked for workers)."""
    return sys.platform == "linux"


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector while a pass builds many objects that form no cycles
    (reference counting frees them): its full collections, triggered by allocation
    counts alone, would cost a large share of a dedupe or quotes pass."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Child:
    """A forked child running ``work(pipe)``, and the reading end of its pipe."""

    __slots__ = ("_file", "pid", "read_end")

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid = pid
        self.read_end = read_end
        self._file: BinaryIO | None = None

    @classmethod
    def start(cls, work: Callable[[BinaryIO], None], siblings: Sequence[_Child]) -> _Child:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, then leave without this process's exit handlers
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                os.close(read_end)
                # Only this process may hold reading ends: a child holding a sibling's
                # would keep that pipe open after this process dies.
                for sibling in siblings:
                    if sibling.read_end >= 0:
                        os.close(sibling.read_end)
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                _widen(write_end)
                with os.fdopen(write_end, "wb", buffering=0) as out:
                    work(out)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end)

    def pipe(self) -> BinaryIO:
        if self._file is None:
            assert self.read_end >= 0, "the pipe was closed"
            self._file = os.fdopen(self.read_end, "rb", buffering=0)
        return self._file

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        elif self.read_end >= 0:
            os.close(self.read_end)
        self.read_end = -1


def _send_result(function: Callable[[P], R], part: P, out: BinaryIO) -> None:
    _send(out, function(part))


def _collect(child: _Child, redo: Callable[[], R]) -> R:
    """The one result ``child`` sends, or ``redo()`` here if it failed to."""
    try:
        result = _receive(child.pipe())
    except _BROKEN:
        result = _FAILED
    child.close()
    _, status = os.waitpid(child.pid, 0)
    child.pid = 0
    if status == 0 and result is not _FAILED:
        return cast(R, result)
    return redo()


def _stop(children: Sequence[_Child]) -> None:
    """Stop and reap the children still running (an error or Ctrl-C here)."""
    for child in children:
        child.close()
        if child.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGKILL)
    for child in children:
        if child.pid:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child.pid, 0)
            child.pid = 0


# A result travels as its pickle with every large contiguous buffer (numpy arrays) left
# out of it, then those buffers, each preceded by its size: they go from the child's
# arrays to the pipe and from the pipe into this process's, one copy each way
# (bench/README.md has what that saved).
_SIZE = struct.Struct("<q")
_PIPE_BYTES = 1 << 20  # a bigger pipe: fewer switches between writer and reader
_FAILED = object()
_BROKEN = (EOFError, pickle.UnpicklingError, struct.error, OSError)


def _widen(fd: int) -> None:
    import fcntl  # only where there is fork

    with contextlib.suppress(OSError, AttributeError):  # an older kernel, a capped size
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


def _send(out: BinaryIO, result: object) -> None:
    buffers: list[pickle.PickleBuffer] = []
    header = pickle.dumps(result, protocol=5, buffer_callback=buffers.append)
    _write_all(out, _SIZE.pack(len(header)) + header + _SIZE.pack(len(buffers)))
    for buffer in buffers:
        with buffer.raw() as view:
            _write_all(out, _SIZE.pack(view.nbytes))
            _write_all(out, view)


def _write_all(out: BinaryIO, data: bytes | memoryview) -> None:
    view, done = memoryview(data), 0
    while done < len(view):
        done += out.write(view[done:]) or 0


def _receive(pipe: BinaryIO) -> object:
    """One result a child sent; ``EOFError`` if it stopped before sending all of it."""
    header = _read_exactly(pipe, _SIZE.unpack(_read_exactly(pipe, 8))[0])
    buffers = [_read_exactly(pipe, _SIZE.unpack(_read_exactly(pipe, 8))[0])
               for _ in range(_SIZE.unpack(_read_exactly(pipe, 8))[0])]
    return pickle.loads(header, buffers=buffers)


def _read_exactly(pipe: BinaryIO, size: int) -> mmap.mmap | bytearray:
    # Private anonymous memory: its pages are touched once, by the read (a bytearray
    # would be zero-filled first), and a later fork copies them on write as any others.
    if size < mmap.PAGESIZE:
        into: mmap.mmap | bytearray = bytearray(size)
    else:
        into = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE)
    view, done = memoryview(into), 0
    while done < size:
        got = cast(io.RawIOBase, pipe).readinto(view[done:])
        if not got:
            raise EOFError(f"the worker sent {done:,} of {size:,} bytes")
        done += got
    view.release()
    return into
