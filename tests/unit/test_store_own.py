"""Frequency flags of a first ingest, counted from what it wrote (``store/own.py``), are
the flags a recount over the whole store gives, whatever else wrote to the store."""

import random
import sqlite3
from pathlib import Path

import pytest

from corpus_cli.errors import InputError
from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.parse import read_articles
from corpus_cli.ingest.run import ingest_paths
from corpus_cli.models import Article
from corpus_cli.settings import IngestSettings
from corpus_cli.store import Store
from tests.conftest import write_article

FURNITURE = ["Subscribe to The Outlet app", "Follow us for more", "Read more stories",
             "Sign up for alerts"]
_FLAGS = "SELECT seq, idx FROM paragraphs WHERE frequent = 1"


def outlets(root: Path, seed: int, articles: int = 40, first: int = 0) -> Path:
    """Articles of three outlets, each with furniture lines of its own and of others,
    some reprinted word for word, some mostly furniture (never flagged: a majority)."""
    rng = random.Random(seed)
    for n in range(first, first + articles):
        outlet = f"outlet{n % 3}"
        lines = [f"Reporting {n} on the talks, line {k}." for k in range(rng.randint(1, 4))]
        lines += rng.sample(FURNITURE, rng.randint(0, 3))
        rng.shuffle(lines)
        write_article(root / outlet, f"{n}.txt", f"Story {n}", lines)
        if rng.random() < 0.2:  # a reprint: the same text at another path
            write_article(root / outlet, f"{n}-copy.txt", f"Story {n}", lines)
    return root


def flags(path: Path) -> set[tuple[int, int]]:
    db = sqlite3.connect(path)
    try:
        return set(db.execute(_FLAGS))
    finally:
        db.close()


def recounted(path: Path) -> set[tuple[int, int]]:
    """The flags after a recount by another store object, which wrote nothing."""
    with Store(path) as store, store.write():
        store.refresh_frequency_flags()
    return flags(path)


def no_recount(store: Store) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the store was read back, not counted from what was written")
    store._articles_with_hashes = refuse  # type: ignore[method-assign]


@pytest.mark.parametrize("seed", range(4))
def test_a_first_ingest_counts_what_it_wrote(tmp_path: Path, seed: int) -> None:
    folder = outlets(tmp_path / "in", seed)
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        no_recount(store)
        list(ingest_paths(store, [str(folder)]))
    written = flags(path)
    assert written  # furniture was found
    assert written == recounted(path)


def test_new_versions_in_the_same_run_count_once(tmp_path: Path) -> None:
    folder = outlets(tmp_path / "in", 7)
    path = tmp_path / "s.sqlite3"
    first = _read(folder, tmp_path)
    for name in ("0.txt", "3.txt", "6.txt"):  # outlet0's furniture edited away
        write_article(folder / "outlet0", name, "Story", ["Only reporting now."])
    second = _read(folder / "outlet0", tmp_path)
    with Store(path) as store:
        no_recount(store)
        with store.write():
            for article in [*first, *second]:
                store.put(article)
            store.refresh_frequency_flags()
        assert store._own is None  # let go once counted
    assert flags(path) == recounted(path)
    with Store(path) as store:
        assert max(r.versions for r in store.articles()) == 2


def test_a_second_ingest_by_the_same_object_reads_the_store(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        list(ingest_paths(store, [str(outlets(tmp_path / "a", 8))]))
        list(ingest_paths(store, [str(outlets(tmp_path / "b", 9, first=100))]))
    assert flags(path) == recounted(path)


def _read(folder: Path, root: Path) -> list[Article]:
    return [a for a in read_articles(discover([str(folder)]), IngestSettings(), root)
            if not isinstance(a, InputError)]


def test_another_writer_in_between_means_a_recount(tmp_path: Path) -> None:
    first = outlets(tmp_path / "a", 1)
    second = outlets(tmp_path / "b", 2, first=100)
    path = tmp_path / "s.sqlite3"
    with Store(path) as mine:
        list(ingest_paths(mine, [str(first / "outlet0")]))
        with Store(path) as theirs:
            list(ingest_paths(theirs, [str(second)]))
        list(ingest_paths(mine, [str(first / "outlet1"), str(first / "outlet2")]))
        assert mine._own is None  # what it wrote is not all the store holds
    assert flags(path) == recounted(path)
    assert flags(path)


def test_an_existing_store_is_recounted(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        list(ingest_paths(store, [str(outlets(tmp_path / "a", 3))]))
    with Store(path) as store:
        list(ingest_paths(store, [str(outlets(tmp_path / "b", 4, first=100))]))
        assert store._own is None
    assert flags(path) == recounted(path)


def test_a_rolled_back_transaction_is_not_counted(tmp_path: Path) -> None:
    folder = outlets(tmp_path / "in", 5)
    path = tmp_path / "s.sqlite3"
    dropped = _read(folder / "outlet1", tmp_path)
    with Store(path) as store:
        no_recount(store)
        with store.write():
            for article in _read(folder / "outlet0", tmp_path):
                store.put(article)

        def stopped() -> None:
            with store.write():
                for article in dropped:
                    store.put(article)
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            stopped()
        with store.write():
            for article in _read(folder / "outlet2", tmp_path):
                store.put(article)
            assert store._own is not None
            assert store._own.count == store.count()  # the rolled-back ones are not there
            store.refresh_frequency_flags()
    assert flags(path) == recounted(path)


def test_what_this_object_wrote_is_looked_up_in_memory_with_the_same_answers(
        tmp_path: Path) -> None:
    folder = outlets(tmp_path / "in", 11, articles=12)
    first = _read(folder, tmp_path)
    write_article(folder / "outlet0", "0.txt", "Story", ["Rewritten reporting."])
    edited = _read(folder / "outlet0" / "0.txt", tmp_path)
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        with store.write():
            assert [store.put(a) for a in first[:8]] == [("added", 1)] * 8
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        with store.write():
            again = [store.put(a) for a in first[:10]]
            changed = store.put(edited[0])
        store.db.set_trace_callback(None)
        assert again == [("unchanged", 1)] * 8 + [("added", 1)] * 2
        assert changed == ("new_version", 2)
        assert not [s for s in statements if "FROM versions WHERE article_id" in s]
        with store.write():  # the new version is this object's too
            assert store.put(edited[0]) == ("unchanged", 2)
        # Another writer in between: the database is asked again, with the same answers.
        with Store(path) as theirs, theirs.write():
            assert theirs.put(first[10]) == ("added", 1)
        statements.clear()
        store.db.set_trace_callback(statements.append)
        with store.write():
            assert [store.put(a) for a in first[9:12]] == [("unchanged", 1)] * 2 + [
                ("added", 1)]
            assert store.put(edited[0]) == ("unchanged", 2)
        store.db.set_trace_callback(None)
        assert [s for s in statements if "FROM versions WHERE article_id" in s]
