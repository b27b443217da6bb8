"""corpus-cli: compare news articles across sources.

The package is a plain library; the ``corpus`` command is a thin layer over it::

    from corpus_cli import Store, ingest_paths, resolve_store_path
    with Store(resolve_store_path()) as store:
        for result in ingest_paths(store, ["corpus/"]):
            print(result.status, result.name)

Names are imported on first use so that ``corpus --help`` starts fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "CorpusError": "corpus_cli.errors",
    "ExitCode": "corpus_cli.errors",
    "InputError": "corpus_cli.errors",
    "NotFoundError": "corpus_cli.errors",
    "StoreError": "corpus_cli.errors",
    "Article": "corpus_cli.models",
    "Document": "corpus_cli.models",
    "IngestResult": "corpus_cli.models",
    "Paragraph": "corpus_cli.models",
    "Span": "corpus_cli.models",
    "StoredArticle": "corpus_cli.models",
    "IngestSettings": "corpus_cli.settings",
    "Store": "corpus_cli.store",
    "resolve_store_path": "corpus_cli.store",
    "dry_run": "corpus_cli.ingest.run",
    "ingest_paths": "corpus_cli.ingest.run",
    "read_articles": "corpus_cli.ingest.run",
    "Diff": "corpus_cli.diff.model",
    "DiffSettings": "corpus_cli.diff.model",
    "Side": "corpus_cli.diff.model",
    "diff_sides": "corpus_cli.diff.run",
    "load_sides": "corpus_cli.diff.inputs",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'corpus_cli' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
