"""Turn command-line paths into inputs: files, folders walked recursively, globs, stdin."""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from corpus_cli.ingest.formats import is_supported
from corpus_cli.workers import no_cycle_collection

_GLOB_CHARS = frozenset("*?[")
# Files a folder of articles often holds that are not articles: a data set's README, a
# repository's licence and change log. Matched on the name before its first dot, any case.
NOT_ARTICLES = frozenset({"readme", "license", "licence", "copying", "changelog",
                          "contributing", "authors", "notice"})


def is_not_article(filename: str) -> bool:
    """A hidden file, or one named as repository furniture (README.txt, LICENSE.md, ...)."""
    return filename.startswith(".") or filename.split(".", 1)[0].lower() in NOT_ARTICLES


class Input(NamedTuple):
    """One thing to read. ``path`` is None for stdin; ``error`` is set when it cannot be.

    ``discover`` gives the path as a string: a ``Path`` made for each of a folder's files
    cost half of walking it, and re-ingest of an unchanged folder is little more than the
    walk and a stat a file (bench/README.md, issue 21)."""

    name: str  # as the user wrote it, or joined under the folder they wrote
    path: str | os.PathLike[str] | None
    error: str | None = None


def discover(args: Sequence[str], globs: Sequence[str] = (),
             skipped: list[str] | None = None) -> Iterator[Input]:
    """Inputs named by ``args``, in a stable order.

    Folders are walked recursively, hidden folders skipped, symlinked folders followed once
    (so loops end); inside folders only supported extensions are taken, or the files
    matching ``globs`` when given, and never files that are not articles (hidden files,
    README, LICENSE, CHANGELOG and the like: ``is_not_article``), whose paths are added to
    ``skipped``. Files named explicitly are always taken.
    """
    for arg in args:
        try:
            yield from _named(arg, globs, skipped)
        except OSError as err:  # the rest of this argument cannot be walked; the others can
            yield Input(arg, arg, f"cannot read: {(err.strerror or str(err)).lower()}")


def find_inputs(args: Sequence[str], globs: Sequence[str] = (),
                skipped: list[str] | None = None) -> list[Input]:
    """All of ``discover``'s inputs. A folder of a million files gives millions of objects
    that live to the end of the run and hold no reference cycles: the cycle collector,
    whose full collections go over every one of them, is paused while they are made."""
    with no_cycle_collection():
        return list(discover(args, globs, skipped))


def _named(arg: str, globs: Sequence[str], skipped: list[str] | None) -> Iterator[Input]:
    """The inputs one command-line argument names."""
    if arg == "-":
        yield Input("-", None)
    elif os.path.isdir(arg):
        yield from _walk(arg, globs, skipped)
    elif os.path.exists(arg):
        yield Input(arg, arg)
    elif os.path.lexists(arg):
        yield Input(arg, arg, _dangling(arg))
    elif _GLOB_CHARS & set(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            yield Input(arg, None, "no files match this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match, globs, skipped)
            else:
                yield Input(match, match)
    else:
        yield Input(arg, arg, "no such file or directory")


def _wanted(filename: str, globs: Sequence[str]) -> bool:
    if globs:
        return any(fnmatch.fnmatch(filename.lower(), g.lower()) for g in globs)
    return is_supported(filename)


def _walk(top: str, globs: Sequence[str], skipped: list[str] | None) -> Iterator[Input]:
    """Files under ``top``: each folder's files (sorted), then its subfolders, depth first.

    ``os.scandir`` entries know whether they are regular files without a ``stat`` call.
    """
    seen: set[tuple[int, int]] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            key = _folder_key(folder)
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as err:
            yield Input(folder, folder, f"cannot read folder: {err.strerror}")
            continue
        if key in seen:  # a symlink loop, or a folder reached twice: walk it once
            continue
        seen.add(key)
        subfolders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:  # a symbolic link loop: not a folder, and no file either
                is_dir = False
            if is_dir:
                if not entry.name.startswith("."):
                    subfolders.append(entry.path)
            elif _wanted(entry.name, globs):
                if not is_not_article(entry.name):
                    yield _file_input(entry)
                elif skipped is not None:
                    skipped.append(entry.path)
        stack.extend(reversed(subfolders))


def _dangling(path: str) -> str:
    """Why a symbolic link leads to no file."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _folder_key(folder: str) -> tuple[int, int]:
    st = os.stat(folder)
    return st.st_dev, st.st_ino


def _file_input(entry: os.DirEntry[str]) -> Input:
    path = entry.path
    try:
        if entry.is_file():
            return Input(path, path)
    except OSError:
        pass  # told below
    if entry.is_symlink() and not os.path.exists(path):
        return Input(path, path, _dangling(path))
    # Opening a named pipe would wait for a writer forever; one given explicitly
    # (``<(curl ...)``) is read, as the user asked for it.
    return Input(path, path,
                 "not a regular file (a named pipe or device); name it explicitly to read it")
