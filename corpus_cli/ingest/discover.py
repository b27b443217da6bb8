"""Turn command-line paths into inputs: files, folders walked recursively, globs, stdin."""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_cli.ingest.formats import is_supported

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to read. ``path`` is None for stdin; ``error`` is set when it cannot be."""

    name: str  # as the user wrote it, or joined under the folder they wrote
    path: Path | None
    error: str | None = None


def discover(args: Sequence[str], globs: Sequence[str] = ()) -> Iterator[Input]:
    """Inputs named by ``args``, in a stable order.

    Folders are walked recursively, hidden entries skipped, symlinked folders followed once
    (so loops end); inside folders only supported extensions are taken, or the files
    matching ``globs`` when given. Files named explicitly are always taken.
    """
    for arg in args:
        if arg == "-":
            yield Input("-", None)
        elif os.path.isdir(arg):
            yield from _walk(arg, globs)
        elif os.path.exists(arg):
            yield Input(arg, Path(arg))
        elif os.path.lexists(arg):
            yield Input(arg, Path(arg), "broken symbolic link")
        elif _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield Input(arg, None, "no files match this pattern")
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match, globs)
                else:
                    yield Input(match, Path(match))
        else:
            yield Input(arg, Path(arg), "no such file or directory")


def _wanted(filename: str, globs: Sequence[str]) -> bool:
    if globs:
        return any(fnmatch.fnmatch(filename.lower(), g.lower()) for g in globs)
    return is_supported(filename)


def _walk(top: str, globs: Sequence[str]) -> Iterator[Input]:
    seen: set[tuple[int, int]] = set()
    errors: list[Input] = []

    def on_error(err: OSError) -> None:
        name = err.filename or top
        errors.append(Input(str(name), Path(name), f"cannot read folder: {err.strerror}"))

    for folder, dirnames, filenames in os.walk(top, onerror=on_error, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop, or a folder reached twice: walk it once
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.startswith(".") or not _wanted(filename, globs):
                continue
            full = os.path.join(folder, filename)
            try:
                mode = os.stat(full).st_mode
            except FileNotFoundError:
                yield Input(full, Path(full), "broken symbolic link")
                continue
            except OSError as err:
                yield Input(full, Path(full), f"cannot read: {err.strerror}")
                continue
            if stat.S_ISREG(mode):
                yield Input(full, Path(full))
            else:
                # Opening a named pipe would wait for a writer forever; one given
                # explicitly (``<(curl ...)``) is read, as the user asked for it.
                yield Input(full, Path(full), "not a regular file (a named pipe or device); "
                            "name it explicitly to read it")
    yield from errors
