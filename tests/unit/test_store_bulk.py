"""A first ingest into an empty store builds the paragraph hash indexes once, at its end
(``schema.PARAGRAPH_INDEXES``): the store it leaves, finished or stopped, answers as one
written with the indexes all along."""

import sqlite3
from pathlib import Path

import pytest

from corpus_cli.errors import InputError, StoreError
from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.parse import read_articles
from corpus_cli.ingest.run import ingest_paths
from corpus_cli.models import Article
from corpus_cli.settings import IngestSettings
from corpus_cli.store import Store
from corpus_cli.store.schema import PARAGRAPH_INDEXES, UNINDEXED
from tests.conftest import CORPUS, write_article


def indexes(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                         " AND tbl_name = 'paragraphs'")}
    finally:
        db.close()


def marked(path: Path) -> bool:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT 1 FROM meta WHERE name = ?", (UNINDEXED,)).fetchone() \
            is not None
    finally:
        db.close()


def articles(folder: Path, root: Path) -> list[Article]:
    return [a for a in read_articles(discover([str(folder)]), IngestSettings(), root)
            if not isinstance(a, InputError)]


def answers(path: Path) -> tuple[object, ...]:
    """What readers of the store see: articles, paragraphs with their flags, and what the
    hash lookups give."""
    with Store(path) as store:
        listed = store.articles()
        versions = [store.version(a.id) for a in listed]
        hashes = {p.hash for v in versions for p in v.paragraphs}
        return (listed, versions, store.flagged_hashes(), store.flagged_hashes(hashes),
                store.pattern_hashes(hashes),
                store.furniture_hashes(hashes, lambda carriers, flagged: carriers > 1, 64))


def outlet(folder: Path) -> Path:
    for i in range(4):
        write_article(folder / "outlet", f"{i}.txt", f"Story {i}", [
            f"Reporting {i} on the talks.", f"More facts {i}.", "Subscribe to The Outlet app",
            "Follow us on Twitter"])
    return folder


def test_a_first_ingest_leaves_every_index_and_the_same_answers(tmp_path: Path) -> None:
    folder = outlet(tmp_path / "in")
    first = tmp_path / "first.sqlite3"
    with Store(first) as store:
        list(ingest_paths(store, [str(folder), str(CORPUS)]))
    assert indexes(first) >= set(PARAGRAPH_INDEXES)
    assert not marked(first)
    # The same articles written into a store that held one already: indexed row by row.
    later = tmp_path / "later.sqlite3"
    with Store(later) as store:
        list(ingest_paths(store, [str(folder / "outlet" / "0.txt")]))
        with store.write():
            assert not store.paragraphs_unindexed()
        list(ingest_paths(store, [str(folder), str(CORPUS)]))
    assert answers(first) == answers(later)
    assert answers(first)[2]  # something is flagged


def test_a_first_ingest_stopped_before_its_end_is_indexed_by_the_next_refresh(
        tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store, store.write():  # committed, never refreshed: as if killed
        for article in articles(outlet(tmp_path / "in"), tmp_path):
            store.put(article)
    assert marked(path)
    assert not indexes(path) & set(PARAGRAPH_INDEXES)
    with Store(path) as store:  # opens: the missing indexes are known to be missing
        assert store.flags_stale()
        assert store.flagged_hashes()  # answered by scanning the table
        assert store.refresh_if_stale()
    assert indexes(path) >= set(PARAGRAPH_INDEXES)
    assert not marked(path)


def test_a_rolled_back_first_transaction_keeps_the_indexes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    written = articles(outlet(tmp_path / "in"), tmp_path)

    def put_then_fail(store: Store) -> None:
        with store.write():
            for article in written:
                store.put(article)
            raise RuntimeError("stop")

    with Store(path) as store:
        with pytest.raises(RuntimeError):
            put_then_fail(store)
        assert indexes(path) >= set(PARAGRAPH_INDEXES)
        with store.write():
            store.refresh_frequency_flags()
    assert indexes(path) >= set(PARAGRAPH_INDEXES)
    assert not marked(path)


def test_a_store_missing_them_without_the_marker_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        list(ingest_paths(store, [str(CORPUS)]))
    db = sqlite3.connect(path)
    db.execute("DROP INDEX paragraphs_by_hash")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="paragraphs_by_hash missing"):
        Store(path)


def test_the_indexes_built_at_the_end_are_those_of_the_schema(tmp_path: Path) -> None:
    def definitions(path: Path) -> dict[str, str]:
        db = sqlite3.connect(path)
        try:
            return {name: " ".join(sql.replace("IF NOT EXISTS ", "").split())
                    for name, sql in db.execute("SELECT name, sql FROM sqlite_master")
                    if name in PARAGRAPH_INDEXES}
        finally:
            db.close()

    migrated = tmp_path / "migrated.sqlite3"
    Store(migrated).close()
    built = tmp_path / "built.sqlite3"
    with Store(built) as store:
        list(ingest_paths(store, [str(CORPUS)]))
    assert definitions(built) == definitions(migrated)
    assert len(definitions(built)) == len(PARAGRAPH_INDEXES)
