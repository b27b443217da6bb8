"""Where the store lives, and the folder its file paths are relative to."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_STORE = Path(".corpus") / "corpus.sqlite3"
STORE_ENV = "CORPUS_STORE"


def resolve_store_path(explicit: str | os.PathLike[str] | None = None,
                       environ: dict[str, str] | None = None) -> Path:
    """``--store``, else ``$CORPUS_STORE``, else ``.corpus/corpus.sqlite3`` here."""
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit)
    if env.get(STORE_ENV):
        return Path(env[STORE_ENV])
    return DEFAULT_STORE


def store_root(path: Path) -> Path:
    """The folder stored file paths are relative to: the one holding ``.corpus/``.

    Paths relative to it keep article ids stable when the project moves or is cloned.
    """
    folder = path.resolve().parent
    return folder.parent if folder.name == ".corpus" else folder
