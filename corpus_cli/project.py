"""The project the current folder belongs to: the nearest folder holding ``.corpus/``, as
git finds ``.git``. A module of its own, importing nothing of the package: every command's
start asks it (for ``.corpus/config.toml``), and the store package is heavy to import."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PROJECT_DIR = ".corpus"
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
