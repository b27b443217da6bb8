"""Quotes computed in forked workers are the quotes computed in one process, in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_cli import workers
from corpus_cli.ingest.run import dry_run, ingest_paths
from corpus_cli.models import Article
from corpus_cli.quotes import corpus
from corpus_cli.settings import IngestSettings
from corpus_cli.store import Store
from tests.conftest import CORPUS, CORPUS_FILES

needs_fork = pytest.mark.skipif(not workers.can_fork(), reason="needs fork and two CPUs")


def _sample_articles() -> list[Article]:
    return [a for a in dry_run([str(f) for f in CORPUS_FILES], root=CORPUS.parent)
            if isinstance(a, Article)]


@needs_fork
def test_forked_article_quotes_equal_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _sample_articles()
    monkeypatch.setattr(corpus, "FORK_ARTICLES", 1)
    forked = corpus.article_quotes(articles)
    monkeypatch.setattr(corpus, "FORK_ARTICLES", 10**9)  # all here
    serial = corpus.article_quotes(articles)
    assert len(serial) > 20
    assert forked == serial


@needs_fork
def test_forked_stored_quotes_equal_serial(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        list(ingest_paths(store, [str(f) for f in CORPUS_FILES], IngestSettings()))
        monkeypatch.setattr(corpus, "FORK_ARTICLES", 1)
        forked = corpus.stored_quotes(store)
        skip = forked[0].article_id
        forked_but_one = corpus.stored_quotes(store, exclude=[skip])
        monkeypatch.setattr(corpus, "FORK_ARTICLES", 10**9)  # all here
        assert forked == corpus.stored_quotes(store)
        assert forked_but_one == corpus.stored_quotes(store, exclude=[skip])
        assert skip not in {q.article_id for q in forked_but_one}
