"""The store survives what users do to it: two ingests at once, ``kill -9``, Ctrl-C, and
files that are not corpus stores. Every test runs ``corpus`` as a real subprocess."""

from __future__ import annotations

import re
import signal
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_cli.store import Store
from tests.cli.helpers import (
    TIMEOUT,
    dry_run_paragraphs,
    kill_after_first_record,
    make_articles,
    parse_jsonl,
    run_corpus,
    start_corpus,
)

BIG = 2000  # files: an ingest runs for a second or more, twenty write batches


@dataclass(frozen=True)
class Corpus:
    """Generated articles shared by the tests of this module; each has its own store.

    They are given by absolute path, so records name them the same from every test's
    folder (and creating thousands of files once per module keeps the tests fast).
    """

    arts: str  # absolute path of the folder, as given to `corpus ingest`
    paragraphs: dict[str, int]  # input name -> paragraph count, from --dry-run
    texts: dict[str, str]  # input name -> the file's text


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("big")
    made = make_articles(folder / "arts", BIG)
    arts = str(folder / "arts")
    counts = dry_run_paragraphs(folder, [arts])
    assert counts == {str(g.path): g.paragraphs for g in made}  # tool and generator agree
    return Corpus(arts, counts, {str(g.path): g.text for g in made})


def assert_sound(store: Path, paragraphs: dict[str, int], texts: dict[str, str]) -> set[str]:
    """The store opens, passes its integrity check, and holds only whole articles.

    Returns the input names of the stored articles.
    """
    with Store(store) as db:
        assert db.integrity_problems() == []
        listed = db.articles()
        paths = [a.path for a in listed]
        assert len(paths) == len(set(paths)), "an article is stored twice"
        assert len({a.location for a in listed}) == len(listed)
        for a in listed:
            assert a.path in paragraphs, f"stored something never given: {a.path}"
            assert a.versions == 1, a
            assert a.paragraphs == paragraphs[a.path], f"{a.path} is stored incompletely"
            version = db.version(a.id)
            assert version.text == texts[a.path]
            assert [p.index for p in version.paragraphs] == list(range(paragraphs[a.path]))
            assert all(p.text.strip() for p in version.paragraphs)
    return set(paths)


def rerun_finishes(tmp_path: Path, store: Path, corpus: Corpus, stored: set[str]) -> None:
    """A second ingest exits 0, skips what is stored, and leaves every file stored once."""
    rerun = run_corpus("ingest", corpus.arts, "--store", store, "--format", "jsonl",
                       cwd=tmp_path)
    assert rerun.returncode == 0, rerun.explain()
    assert rerun.error_lines() == []
    records = rerun.records()
    assert sorted(r["path"] for r in records) == sorted(corpus.paragraphs)
    got = {r["path"]: r["status"] for r in records}
    want = {p: "unchanged" if p in stored else "added" for p in corpus.paragraphs}
    assert got == want
    assert assert_sound(store, corpus.paragraphs, corpus.texts) == set(corpus.paragraphs)
    with Store(store) as db:  # a first ingest stopped before its end left them to build
        assert not db.paragraphs_unindexed()


# -- two ingests at once -----------------------------------------------------------------


@pytest.mark.slow
def test_two_ingests_into_one_store_at_once(tmp_path: Path) -> None:
    groups = ["a", "b", "c", "d"]
    made = []
    for i, group in enumerate(groups):
        made += make_articles(tmp_path / "arts" / group, 100, start=100 * i)
    texts = {g.path.relative_to(tmp_path).as_posix(): g.text for g in made}
    counts = dry_run_paragraphs(tmp_path, ["arts"])
    assert counts == {g.path.relative_to(tmp_path).as_posix(): g.paragraphs for g in made}
    store = tmp_path / "store.sqlite3"
    # The store exists already (a project's usual state); a new store is tested below.
    Store(store).close()

    # Same files, walked from opposite ends, so the two runs meet in the middle.
    first = start_corpus("ingest", "arts", "--store", store, "--format", "jsonl",
                         cwd=tmp_path)
    second = start_corpus("ingest", *[f"arts/{g}" for g in reversed(groups)],
                          "--store", store, "--format", "jsonl", cwd=tmp_path)
    outputs = [p.communicate(timeout=TIMEOUT) for p in (first, second)]
    for proc, (_out, err) in zip((first, second), outputs, strict=True):
        stderr = err.decode("utf-8")
        assert proc.returncode == 0, stderr
        assert not [line for line in stderr.splitlines() if line.startswith("error")]
        assert "0 errors" in stderr
        assert "locked" not in stderr.lower()
        assert "Traceback" not in stderr

    statuses: dict[str, list[str]] = defaultdict(list)
    for out, _err in outputs:
        records = parse_jsonl(out.decode("utf-8"))
        assert len(records) == len(made)
        for r in records:
            statuses[r["path"]].append(r["status"])
    assert set(statuses) == set(counts)
    wrong = {p: s for p, s in statuses.items() if sorted(s) != ["added", "unchanged"]}
    assert wrong == {}, "each file must be added by exactly one of the two runs"

    assert assert_sound(store, counts, texts) == set(counts)
    with Store(store) as db:
        assert db.count() == len(made)


def test_a_new_store_waits_while_another_process_sets_it_up(tmp_path: Path) -> None:
    """Two first-time ingests into one new store: the second must wait, not fail.

    A ``corpus`` process creating a store switches the empty file to WAL, holding SQLite's
    write lock on it for a moment. Holding that lock here makes the moment last 1 s, so
    the race two concurrent first ingests run into becomes deterministic.
    """
    make_articles(tmp_path / "arts", 3)
    store = tmp_path / "store.sqlite3"
    holder = sqlite3.connect(store, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with tempfile.TemporaryFile() as err:
            proc = start_corpus("ingest", "arts", "--store", store, "--format", "jsonl",
                                cwd=tmp_path, stderr=err)
            time.sleep(1.0)
            holder.execute("ROLLBACK")
            holder.close()
            out, _ = proc.communicate(timeout=TIMEOUT)
            err.seek(0)
            stderr = err.read().decode("utf-8")
    finally:
        holder.close()
    assert "locked" not in stderr
    assert proc.returncode == 0, stderr
    assert [r["status"] for r in parse_jsonl(out.decode("utf-8"))] == ["added"] * 3


def test_an_ingest_waits_for_another_writer_to_finish(tmp_path: Path) -> None:
    make_articles(tmp_path / "arts", 3)
    store = tmp_path / "store.sqlite3"
    Store(store).close()
    holder = sqlite3.connect(store, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer, in the middle of its batch
        proc = start_corpus("ingest", "arts", "--store", store, "--format", "jsonl",
                            cwd=tmp_path)
        time.sleep(1.0)
        assert proc.poll() is None, "the ingest gave up instead of waiting for the lock"
        holder.execute("COMMIT")
    finally:
        holder.close()
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err.decode("utf-8")
    assert [r["status"] for r in parse_jsonl(out.decode("utf-8"))] == ["added"] * 3


# -- killed and interrupted ingests ------------------------------------------------------


# Small transactions, so an ingest of the test corpus commits many times and a signal
# can land between commits.
BATCH = 100


def interrupted_ingest(tmp_path: Path, corpus: Corpus,
                       sig: signal.Signals) -> tuple[Path, list[dict[str, object]], int, str]:
    store = tmp_path / "store.sqlite3"
    with tempfile.TemporaryFile() as err:
        # A one-page pipe: the ingest blocks on printing its first batch's results, so
        # the signal lands mid-run, between a commit and the end of its report.
        proc = start_corpus("ingest", corpus.arts, "--store", store, "--format", "jsonl",
                            "--batch-size", str(BATCH), cwd=tmp_path, stderr=err,
                            pipe_size=4096)
        try:
            out, code = kill_after_first_record(proc, sig)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode("utf-8")
    return store, parse_jsonl(out), code, stderr


def check_after_interruption(tmp_path: Path, corpus: Corpus, store: Path,
                             printed: list[dict[str, object]]) -> None:
    assert printed, "nothing was printed before the interruption"
    assert {r["status"] for r in printed} == {"added"}
    stored = assert_sound(store, corpus.paragraphs, corpus.texts)
    # A printed result means a committed transaction.
    assert {str(r["path"]) for r in printed} <= stored
    assert len(stored) < len(corpus.paragraphs), "the ingest was not cut short"
    rerun_finishes(tmp_path, store, corpus, stored)


@pytest.mark.slow
def test_kill_9_mid_ingest_keeps_committed_articles_and_rerun_finishes(
        tmp_path: Path, big_corpus: Corpus) -> None:
    store, printed, code, _stderr = interrupted_ingest(tmp_path, big_corpus, signal.SIGKILL)
    assert code == -signal.SIGKILL
    check_after_interruption(tmp_path, big_corpus, store, printed)


@pytest.mark.slow
def test_ctrl_c_mid_ingest_exits_130_and_rerun_finishes(
        tmp_path: Path, big_corpus: Corpus) -> None:
    store, printed, code, stderr = interrupted_ingest(tmp_path, big_corpus, signal.SIGINT)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert len([line for line in stderr.splitlines() if "interrupted" in line]) == 1, stderr
    assert not [line for line in stderr.splitlines() if line.startswith("error:")]
    check_after_interruption(tmp_path, big_corpus, store, printed)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_repeated_interruptions_at_varying_points(tmp_path: Path, big_corpus: Corpus,
                                                  sig: signal.Signals) -> None:
    """Stop the same job again and again, the signal landing wherever the ingest is
    (reading files, inside a write transaction, printing), then finish it."""
    store = tmp_path / "store.sqlite3"
    stored: set[str] = set()
    for delay in (0.0, 0.03, 0.07, 0.12):
        with tempfile.TemporaryFile() as err:
            proc = start_corpus("ingest", big_corpus.arts, "--store", store, "--format", "jsonl",
                                "--batch-size", str(BATCH), cwd=tmp_path, stderr=err)
            assert proc.stdout is not None
            with proc.stdout:
                first = proc.stdout.readline()
                time.sleep(delay)
                assert proc.poll() is None, "the ingest finished before it was stopped"
                proc.send_signal(sig)
                out = (first + proc.stdout.read()).decode("utf-8")
            code = proc.wait(timeout=TIMEOUT)
            err.seek(0)
            stderr = err.read().decode("utf-8")
        assert code == (-signal.SIGKILL if sig == signal.SIGKILL else 130), stderr
        assert "Traceback" not in stderr
        printed = parse_jsonl(out)
        for r in printed:
            assert r["status"] == ("unchanged" if r["path"] in stored else "added"), r
        now = assert_sound(store, big_corpus.paragraphs, big_corpus.texts)
        assert stored <= now
        assert {r["path"] for r in printed} <= now
        stored = now
    assert len(stored) < len(big_corpus.paragraphs)
    rerun_finishes(tmp_path, store, big_corpus, stored)


@pytest.mark.slow
def test_ctrl_c_message_counts_what_is_stored(tmp_path: Path, big_corpus: Corpus) -> None:
    """``interrupted: N added ... so far; those are stored, nothing else was written``.

    Interrupted while reporting a committed batch, the message must still tell the truth
    about what the store now holds.
    """
    store, printed, code, stderr = interrupted_ingest(tmp_path, big_corpus, signal.SIGINT)
    assert code == 130, stderr
    match = re.search(r"^interrupted: (\d+) added", stderr, re.MULTILINE)
    assert match is not None, stderr
    with Store(store) as db:
        stored = db.count()
    assert int(match.group(1)) == stored, (
        f"{stderr.strip()!r} but the store holds {stored} articles "
        f"({len(printed)} results were printed)")


# -- files that are not corpus stores ----------------------------------------------------


def _text_file(path: Path) -> None:
    path.write_text("not a database\njust some notes\n", encoding="utf-8")


def _other_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.executemany("INSERT INTO notes (body) VALUES (?)", [("one",), ("two",)])
    db.commit()
    db.close()


@pytest.mark.parametrize(("make", "reason"), [
    (_text_file, "not a usable corpus store"),
    (_other_sqlite, "not a corpus store"),
], ids=["text-file", "other-sqlite-db"])
def test_a_file_that_is_not_a_store_is_refused_untouched(
        tmp_path: Path, make: Callable[[Path], None], reason: str) -> None:
    make_articles(tmp_path / "arts", 1)
    store = tmp_path / "notes.db"
    make(store)
    before = store.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    run = run_corpus("ingest", "arts", "--store", store, "--format", "jsonl", cwd=tmp_path)
    assert run.returncode == 3, run.explain()
    assert "Traceback" not in run.stderr
    assert len(run.error_lines()) == 1, run.stderr
    assert "notes.db" in run.error_lines()[0]
    assert reason in run.error_lines()[0]
    assert run.stdout == ""
    assert store.read_bytes() == before, "refusing the store must not write to it"
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


@pytest.mark.parametrize("command", ["ingest", "articles"])
def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path: Path,
                                                           command: str) -> None:
    make_articles(tmp_path / "arts", 1)
    store = tmp_path / "store.sqlite3"
    first = run_corpus("ingest", "arts", "--store", store, "-q", cwd=tmp_path)
    assert first.returncode == 0, first.explain()
    db = sqlite3.connect(store)
    db.execute("PRAGMA user_version = 999")
    db.close()
    before = store.read_bytes()
    make_articles(tmp_path / "arts", 1, start=1)  # something new to write, if it dared
    args = ["arts"] if command == "ingest" else []
    run = run_corpus(command, *args, "--store", store, "--format", "jsonl", cwd=tmp_path)
    assert run.returncode == 3, run.explain()
    assert "Traceback" not in run.stderr
    assert len(run.error_lines()) == 1, run.stderr
    assert "newer" in run.error_lines()[0]
    assert run.stdout == ""
    assert store.read_bytes() == before
