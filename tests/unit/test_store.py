import sqlite3
from pathlib import Path

import pytest

from corpus_cli.errors import NotFoundError, StoreError
from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.parse import read_articles
from corpus_cli.ingest.run import ingest_paths
from corpus_cli.settings import IngestSettings
from corpus_cli.store import MIGRATIONS, SCHEMA_VERSION, Store, resolve_store_path, store_root
from tests.conftest import CORPUS, CORPUS_FILES, write_article


def statuses(store: Store, paths: list[str]) -> list[str]:
    return [r.status for r in ingest_paths(store, paths)]


def test_store_path_resolution_order(tmp_path: Path) -> None:
    assert resolve_store_path("x.db", {"CORPUS_STORE": "y.db"}) == Path("x.db")
    assert resolve_store_path(None, {"CORPUS_STORE": "y.db"}) == Path("y.db")
    assert resolve_store_path(None, {}) == Path(".corpus/corpus.sqlite3")
    assert store_root(tmp_path / ".corpus" / "c.sqlite3") == tmp_path.resolve()
    assert store_root(tmp_path / "c.sqlite3") == tmp_path.resolve()


def test_new_store_is_wal_at_current_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.count() == 0
        assert store.is_empty()


def test_added_unchanged_new_version_and_other_location(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    a = write_article(folder, "a.txt", "Title A", ["One.", "Two."])
    with Store(tmp_path / ".corpus" / "s.sqlite3") as store:
        assert statuses(store, [str(a)]) == ["added"]
        assert not store.is_empty()
        assert statuses(store, [str(a)]) == ["unchanged"]
        original = a.read_text()
        a.write_text(original.replace("Two.", "Two, revised."))
        assert statuses(store, [str(a)]) == ["new_version"]
        copy = folder / "copy.txt"
        copy.write_text(original)
        assert statuses(store, [str(copy)]) == ["added"]
        article_id = store.resolve("src/a.txt")
        first, second = store.version(article_id, 1), store.version(article_id)
        assert first.text == original
        assert second.version == 2
        assert second.versions == 2
        assert "Two, revised." in second.text
        assert store.resolve("src/copy.txt") != article_id
        assert store.integrity_problems() == []


def test_stored_text_is_the_exact_original(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        results = list(ingest_paths(store, [str(p) for p in CORPUS_FILES]))
        for path, result in zip(CORPUS_FILES, results, strict=True):
            assert result.id is not None
            version = store.version(result.id)
            assert version.text == path.read_text(encoding="utf-8")
            for p in version.paragraphs:
                assert version.text[p.start : p.end] == p.text


def test_ids_are_relative_to_the_store_root_so_clones_agree(tmp_path: Path) -> None:
    ids = []
    for clone in ("one", "two"):
        root = tmp_path / clone
        write_article(root / "news", "a.txt", "T", ["Body."])
        with Store(root / ".corpus" / "corpus.sqlite3") as store:
            ids.append([r.id for r in ingest_paths(store, [str(root / "news")])])
    assert ids[0] == ids[1]


def test_resolve_by_prefix_path_and_errors(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        list(ingest_paths(store, [str(CORPUS)]))
        article_id = store.resolve("004")
        assert store.resolve(article_id[:6]) == article_id
        with pytest.raises(NotFoundError, match="no article matches"):
            store.resolve("zzz-nothing")
        with pytest.raises(NotFoundError, match="several articles"):
            store.resolve("00")
        with pytest.raises(NotFoundError, match="no version 9"):
            store.version(article_id, 9)


def test_frequency_flags_live_in_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "outlet"
    for i in range(3):
        write_article(folder, f"{i}.txt", f"Story {i}", [
            f"Unique reporting {i} here.", f"More facts {i}.", "Subscribe to The Outlet app"])
    with Store(tmp_path / "s.sqlite3") as store:
        list(ingest_paths(store, [str(folder)]))
        for row in store.articles():
            flags = [p.reason for p in store.version(row.id).paragraphs]
            assert flags == [None, None, "frequent in source"]
            assert row.boilerplate == 1
        furniture = {p.hash for row in store.articles()
                     for p in store.version(row.id).paragraphs if p.boilerplate}
        assert len(furniture) == 1
        assert store.flagged_hashes() == furniture
        story = store.version(store.articles()[0].id).paragraphs[0].hash
        assert store.flagged_hashes([story, *furniture]) == furniture


def test_a_long_paragraph_recurring_in_a_source_is_story_not_furniture(tmp_path: Path) -> None:
    folder = tmp_path / "outlet"
    background = " ".join(f"word{i}" for i in range(70)) + "."  # a reused background paragraph
    for i in range(4):
        write_article(folder, f"{i}.txt", f"Story {i}", [
            f"Unique reporting {i} here.", f"More facts {i}.", f"Yet more {i}.", background,
            "Subscribe to The Outlet app"])
    with Store(tmp_path / "s.sqlite3") as store:
        list(ingest_paths(store, [str(folder)]))
        for row in store.articles():
            flags = [p.reason for p in store.version(row.id).paragraphs]
            assert flags == [None, None, None, None, "frequent in source"]


def test_a_store_keyed_by_article_and_version_migrates_with_every_paragraph(
        tmp_path: Path) -> None:
    """Schema 12 keys paragraphs by sequence number: a store of schema 11 opens with the
    same paragraphs, flags and answers, old versions included."""
    folder = tmp_path / "outlet"
    for i in range(3):
        write_article(folder, f"{i}.txt", f"Story {i}", [
            f"Unique reporting {i} here.", f"More facts {i}.", "Subscribe to The Outlet app",
            "Follow us on Twitter"])
    new = tmp_path / "new.sqlite3"
    with Store(new) as store:
        list(ingest_paths(store, [str(folder)]))
        write_article(folder, "0.txt", "Story 0", ["Unique reporting 0, revised.",
                                                   "Subscribe to The Outlet app"])
        list(ingest_paths(store, [str(folder)]))
        expected = _paragraphs_by_version(store.db, "JOIN versions v ON v.seq = p.seq")
        answers = [(a, store.version(a.id, 1), store.version(a.id)) for a in store.articles()]
    assert {row[1] for row in expected} == {1, 2}
    assert any(row[-1] for row in expected)  # flagged by frequency
    assert any(row[-2] for row in expected)  # flagged by a pattern
    old = tmp_path / "old.sqlite3"
    db = sqlite3.connect(old, isolation_level=None)
    for script in MIGRATIONS[:11]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 11")
    db.execute("ATTACH DATABASE ? AS cur", (str(new),))
    for table in ("articles", "versions", "meta"):
        db.execute(f"INSERT OR REPLACE INTO {table} SELECT * FROM cur.{table}")
    db.execute("INSERT INTO paragraphs (article_id, version, idx, start, end, hash, words,"
               " pattern, frequent) SELECT v.article_id, v.version, p.idx, p.start, p.end,"
               " p.hash, p.words, p.pattern, p.frequent FROM cur.paragraphs p"
               " JOIN cur.versions v ON v.seq = p.seq")
    db.execute("DETACH DATABASE cur")
    db.close()
    with Store(old) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert _paragraphs_by_version(store.db, "JOIN versions v ON v.seq = p.seq") \
            == expected
        assert [(a, store.version(a.id, 1), store.version(a.id))
                for a in store.articles()] == answers
        assert store.integrity_problems() == []


def _paragraphs_by_version(db: sqlite3.Connection, join: str) -> list[tuple[object, ...]]:
    return sorted(db.execute(
        "SELECT v.article_id, v.version, p.idx, p.start, p.end, p.hash, p.words, p.pattern,"
        f" p.frequent FROM paragraphs p {join}"))


def test_newer_schema_is_refused_without_change(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer corpus-cli"):
        Store(path)
    assert path.read_bytes() == before


def test_a_text_file_is_not_a_store_and_stays_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"just some text, not sqlite\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a usable corpus store"):
        Store(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE people (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a corpus store"):
        Store(path)


def test_missing_store_for_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `corpus ingest` first"):
        Store(tmp_path / "none.sqlite3", create=False)


def test_failed_batch_leaves_no_trace(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        list(ingest_paths(store, [str(CORPUS_FILES[0])]))
        before = store.articles()

        class Boom(Exception):
            pass

        def store_then_fail() -> None:
            with store.write():
                for article in read_articles(discover([str(CORPUS_FILES[1])]),
                                             IngestSettings(), store.root):
                    store.put(article)  # type: ignore[arg-type]
                raise Boom

        with pytest.raises(Boom):
            store_then_fail()
        assert store.articles() == before
        assert store.integrity_problems() == []


def test_same_input_twice_in_one_batch(tmp_path: Path) -> None:
    path = tmp_path / "untitled.json"
    path.write_text('{"text": "Body only.\\n\\nSecond paragraph."}')
    with Store(tmp_path / "s.sqlite3") as store:
        results = list(ingest_paths(store, [str(path), str(path)]))
        assert [r.status for r in results] == ["added", "unchanged"]
        # No title field, and a first line that is a sentence: it stays body text, and the
        # title is derived from it.
        assert results[1].title == "Body only."
        assert results[1].paragraphs == 2
        assert store.integrity_problems() == []


def test_put_outside_a_transaction_is_a_programming_error(tmp_path: Path) -> None:
    (article,) = read_articles(discover([str(CORPUS_FILES[0])]), IngestSettings(), tmp_path)
    with Store(tmp_path / "s.sqlite3") as store, pytest.raises(RuntimeError, match=r"write\(\)"):
        store.put(article)  # type: ignore[arg-type]


def test_article_id_splits_follow_the_shares(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for n in range(20):
        write_article(folder, f"a{n:02d}.txt", f"Title {n}", [f"Paragraph number {n} here."])
    with Store(tmp_path / "s.sqlite3") as store:
        assert set(statuses(store, [str(folder)])) == {"added"}
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY id")]
        assert store.article_id_splits([1.0, 1.0]) == [ids[10]]
        assert store.article_id_splits([1.0, 3.0]) == [ids[5]]
        assert store.article_id_splits([1.0, 1.0, 2.0]) == [ids[5], ids[10]]
        assert store.article_id_splits([1.0]) == []
