"""Where the store lives, and the folder its file paths are relative to."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from corpus_cli.project import PROJECT_DIR, find_project

DEFAULT_STORE = Path(PROJECT_DIR) / "corpus.sqlite3"
STORE_ENV = "CORPUS_STORE"


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
