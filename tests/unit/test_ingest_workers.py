"""Ingest read in worker processes gives exactly what reading in this process gives."""

from pathlib import Path

from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.parse import MIN_INPUTS, pack, unpack, worker_count
from corpus_cli.ingest.run import dry_run, ingest_paths
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
