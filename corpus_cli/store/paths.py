"""Where the store lives, and the folder its file paths are relative to."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PROJECT_DIR = ".corpus"
DEFAULT_STORE = Path(PROJECT_DIR) / "corpus.sqlite3"
STORE_ENV = "CORPUS_STORE"
# Folders the search for a project does not climb into (as GIT_CEILING_DIRECTORIES).
CEILING_ENV = "CORPUS_CEILING_DIRECTORIES"


def find_project(start: str | os.PathLike[str] | None = None,
                 environ: Mapping[str, str] | None = None) -> Path | None:
    """The nearest folder holding a ``.corpus`` folder: ``start`` (the current folder) or
    one of its parents, as git finds ``.git``; None when there is none. The search never
    climbs into a folder named in ``$CORPUS_CEILING_DIRECTORIES`` (``os.pathsep``-separated)."""
    env = os.environ if environ is None else environ
    here = Path(os.path.abspath(start if start is not None else os.curdir))
    ceilings = {Path(os.path.abspath(c)) for c in env.get(CEILING_ENV, "").split(os.pathsep)
                if c}
    for folder in (here, *here.parents):
        if folder != here and folder in ceilings:
            return None
        if os.path.isdir(folder / PROJECT_DIR):
            return folder
    return None


def resolve_store_path(explicit: str | os.PathLike[str] | None = None,
                       environ: Mapping[str, str] | None = None) -> Path:
    """``--store``, else ``$CORPUS_STORE``, else ``.corpus/corpus.sqlite3`` in the nearest
    folder holding ``.corpus`` (this one or a parent), else in this folder."""
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit)
    if env.get(STORE_ENV):
        return Path(env[STORE_ENV])
    project = find_project(environ=env)
    if project is None:
        return DEFAULT_STORE
    # Relative to here, so messages name it as the user would: ../.corpus/corpus.sqlite3.
    return Path(os.path.relpath(project / DEFAULT_STORE))


def store_root(path: Path) -> Path:
    """The folder stored file paths are relative to: the one holding ``.corpus/``.

    Paths relative to it keep article ids stable when the project moves or is cloned.
    """
    folder = path.resolve().parent
    return folder.parent if folder.name == PROJECT_DIR else folder
