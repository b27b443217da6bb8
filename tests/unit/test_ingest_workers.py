"""Ingest read in worker processes gives exactly what reading in this process gives."""

from collections.abc import Iterator
from pathlib import Path

from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.parse import MIN_INPUTS, pack, read_articles, unpack, worker_count
from corpus_cli.ingest.run import (
    MAX_BATCH_SECONDS,
    _commit_in_batches,
    batch_window,
    dry_run,
    ingest_paths,
)
from corpus_cli.models import Article
from corpus_cli.settings import IngestSettings
from corpus_cli.store import Store
from tests.conftest import CORPUS, write_article


def make_corpus(folder: Path, n: int) -> None:
    for i in range(n):
        write_article(folder / f"s{i % 3}", f"{i:04}.txt", f"Story {i}", [
            f"Paragraph one of story {i}, about “topic” {i % 7}.",
            f"Paragraph two of story {i} – with a dash.",
            "We use your sign-up to provide content in ways you’ve consented to.",
        ])
    (folder / "s0" / "broken.txt").write_bytes(b"\x00\x01binary")


def test_pack_round_trip_keeps_every_field() -> None:
    for article in dry_run([str(CORPUS)], IngestSettings(jobs=1), CORPUS.parent):
        assert unpack(pack(article)) == article


def test_workers_are_used_only_for_large_jobs(tmp_path: Path) -> None:
    make_corpus(tmp_path, MIN_INPUTS)
    inputs = list(discover([str(tmp_path)]))
    assert worker_count(IngestSettings(jobs=2), inputs) == 2
    assert worker_count(IngestSettings(jobs=1), inputs) == 1
    assert worker_count(IngestSettings(jobs=2), inputs[: MIN_INPUTS - 1]) == 1


def test_workers_and_this_process_agree(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", MIN_INPUTS + 50)
    paths = [str(tmp_path / "in")]
    serial = list(dry_run(paths, IngestSettings(jobs=1), tmp_path))
    parallel = list(dry_run(paths, IngestSettings(jobs=2), tmp_path))
    assert [str(x) for x in serial] == [str(x) for x in parallel]
    results = {}
    for jobs in (1, 2):
        with Store(tmp_path / f"j{jobs}" / "s.sqlite3") as store:
            first = list(ingest_paths(store, paths, IngestSettings(jobs=jobs)))
            again = list(ingest_paths(store, paths, IngestSettings(jobs=jobs)))
            results[jobs] = ([(r.name, r.status, r.id, r.paragraphs) for r in first],
                             [r.status for r in again],
                             [(a.id, a.paragraphs, a.boilerplate) for a in store.articles()])
    assert results[1] == results[2]
    statuses, again, _articles = results[2]
    assert sum(s == "added" for _n, s, _i, _p in statuses) == MIN_INPUTS + 50
    assert sum(s == "error" for _n, s, _i, _p in statuses) == 1
    assert again.count("unchanged") == MIN_INPUTS + 50


def _read_while(store: Store, articles: list[Article], seen: list[bool]) -> Iterator[Article]:
    """``articles``, noting before each whether the store's write transaction is open."""
    for article in articles:
        seen.append(store.db.in_transaction)
        yield article


def test_read_here_the_write_lock_is_never_held_while_waiting_for_input(
        tmp_path: Path) -> None:
    # stdin may wait for its next line indefinitely: another writer must not wait with it.
    articles = [a for a in read_articles(discover([str(CORPUS)]), IngestSettings(), tmp_path)
                if isinstance(a, Article)]
    seen: list[bool] = []
    with Store(tmp_path / "s.sqlite3") as store:
        results = list(_commit_in_batches(store, _read_while(store, articles, seen),
                                          IngestSettings(batch_size=2), None))
        assert [r.status for r in results] == ["added"] * len(articles)
        assert store.count() == len(articles)
    assert seen == [False] * len(articles)


def test_read_by_workers_a_batch_is_written_as_it_comes(tmp_path: Path) -> None:
    articles = [a for a in read_articles(discover([str(CORPUS)]), IngestSettings(), tmp_path)
                if isinstance(a, Article)]
    seen: list[bool] = []
    with Store(tmp_path / "s.sqlite3") as store:
        results = list(_commit_in_batches(store, _read_while(store, articles, seen),
                                          IngestSettings(), None, overlap=True))
        assert [r.status for r in results] == ["added"] * len(articles)
    assert seen == [False] + [True] * (len(articles) - 1)  # one batch, open from the first


def test_batches_grow_with_the_run_up_to_ten_seconds() -> None:
    settings = IngestSettings()
    assert batch_window(settings, 0.0) == settings.batch_seconds  # a short run: every second
    assert batch_window(settings, 50.0) == 5.0  # a tenth of the run so far
    assert batch_window(settings, 3600.0) == MAX_BATCH_SECONDS == 10.0


def test_read_by_workers_this_process_pauses_the_cycle_collector_and_restores_it(
        tmp_path: Path) -> None:
    import gc

    make_corpus(tmp_path / "in", MIN_INPUTS)
    collecting: dict[int, list[bool]] = {1: [], 2: []}
    for jobs in (1, 2):
        with Store(tmp_path / f"j{jobs}.sqlite3") as store:
            list(ingest_paths(store, [str(tmp_path / "in")], IngestSettings(jobs=jobs),
                              on_commit=lambda _r, j=jobs: collecting[j].append(gc.isenabled())))
        assert gc.isenabled()  # as it was before the run
    assert collecting[1]
    assert all(collecting[1])  # read here (HTML parsing leaves cycles)
    if worker_count(IngestSettings(jobs=2), list(discover([str(tmp_path / "in")]))) > 1:
        assert collecting[2]
        assert not any(collecting[2])
