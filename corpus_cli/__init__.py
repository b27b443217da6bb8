"""corpus-cli: compare news articles across sources.

The package is a plain library; the ``corpus`` command is a thin layer over it. Every
command's workflow is here, taking settings and returning results with a ``Verdict``
(the exit code the command would give)::

    from corpus_cli import dedupe_paths, resolve_store_path
    result, verdict = dedupe_paths(resolve_store_path(), ["corpus/"])
    for group in result.passages:
        print(group.words, group.text[:60])

Names are imported on first use so that ``corpus --help`` starts fast.
"""

from __future__ import annotations

# Nothing is imported here (not even typing): the ``corpus`` entry point imports this
# package before it can handle a Ctrl-C (cli/start.py), so this must take no time.

__version__ = "0.1.0"

_EXPORTS = {
    # errors and verdicts
    "CorpusError": "corpus_cli.errors",
    "ExitCode": "corpus_cli.errors",
    "InputError": "corpus_cli.errors",
    "NotFoundError": "corpus_cli.errors",
    "StoreError": "corpus_cli.errors",
    "Verdict": "corpus_cli.errors",
    # records
    "Article": "corpus_cli.models",
    "DedupeResult": "corpus_cli.models",
    "Document": "corpus_cli.models",
    "IngestResult": "corpus_cli.models",
    "Paragraph": "corpus_cli.models",
    "QuoteGroup": "corpus_cli.models",
    "Span": "corpus_cli.models",
    "StoredArticle": "corpus_cli.models",
    # settings
    "CheckRule": "corpus_cli.settings",
    "DedupeSettings": "corpus_cli.settings",
    "DiffSettings": "corpus_cli.settings",
    "Fingerprinting": "corpus_cli.settings",
    "IngestSettings": "corpus_cli.settings",
    "QuoteFilter": "corpus_cli.settings",
    "BoilerplatePolicy": "corpus_cli.text.frequency",
    # the store
    "Store": "corpus_cli.store",
    "resolve_store_path": "corpus_cli.store",
    # corpus ingest
    "ingest_articles": "corpus_cli.ingest.run",
    "preview_articles": "corpus_cli.ingest.run",
    "ingest_paths": "corpus_cli.ingest.run",
    "read_articles": "corpus_cli.ingest.parse",
    # corpus dedupe
    "dedupe_paths": "corpus_cli.dedupe.run",
    "dedupe_store": "corpus_cli.dedupe.run",
    "find_passage": "corpus_cli.dedupe.run",
    "check_copies": "corpus_cli.dedupe.check",
    # corpus diff
    "Diff": "corpus_cli.diff.model",
    "Side": "corpus_cli.diff.model",
    "diff_refs": "corpus_cli.diff.run",
    "diff_sides": "corpus_cli.diff.run",
    "collate_passage": "corpus_cli.diff.run",
    "load_sides": "corpus_cli.diff.inputs",
    # corpus quotes
    "list_quotes": "corpus_cli.quotes.run",
    "check_quotes": "corpus_cli.quotes.run",
    "quotes_of_article": "corpus_cli.quotes",
    # corpus related, corpus report
    "related_articles": "corpus_cli.survey.run",
    "build_report": "corpus_cli.survey.run",
    "write_report": "corpus_cli.survey.run",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> object:
    import importlib

    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'corpus_cli' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
