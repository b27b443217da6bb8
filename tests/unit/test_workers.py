"""Forked workers give the same results as working in one process, even when one fails."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corpus_cli.dedupe import compare, corpus, load, run
from corpus_cli.ingest.run import ingest_paths
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store
from corpus_cli.workers import (
    beside,
    can_fork,
    fork_map,
    in_background,
    no_cycle_collection,
    ordered_map,
)
from tests.conftest import CORPUS

SETTINGS = DedupeSettings()


def test_fork_map_keeps_order_and_computes_the_last_part_here() -> None:
    here = os.getpid()
    assert fork_map(lambda n: (n * n, os.getpid() == here), [1, 2, 3]) == \
        [(1, not can_fork()), (4, not can_fork()), (9, True)]
    assert fork_map(str, [1, 2], last=lambda n: f"here {n}") == ["1", "here 2"]


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_a_failed_child_has_its_part_redone_here() -> None:
    parent = os.getpid()

    def dies_in_child(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # a worker killed mid-way
        return n + 1

    assert fork_map(dies_in_child, [1, 2, 3]) == [2, 3, 4]
    assert beside(lambda: dies_in_child(1), lambda: "here") == (2, "here")


def test_beside_computes_one_part_in_a_child_and_the_other_here() -> None:
    here = os.getpid()
    there, mine = beside(lambda: ("there", os.getpid() != here), lambda: os.getpid() == here)
    assert there == ("there", can_fork())
    assert mine is True


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_arrays_come_back_from_a_child_whole_and_writable() -> None:
    def arrays(n: int) -> dict[str, object]:
        big = np.arange(n * 300_000, dtype=np.int64).reshape(-1, 3)  # megabytes, by pages
        return {"big": big, "column": big[:, 1], "small": np.array([n, -n], np.int32),
                "empty": np.empty(0, np.uint64), "text": "é" * n}

    got = fork_map(arrays, [1, 2, 3])
    for n, result in zip([1, 2, 3], got, strict=True):
        expected = arrays(n)
        assert result.keys() == expected.keys()
        for key, value in expected.items():
            if isinstance(value, np.ndarray):
                assert np.array_equal(result[key], value)
                assert result[key].dtype == value.dtype
            else:
                assert result[key] == value
        for value in result.values():
            if isinstance(value, np.ndarray) and len(value):
                value[0] = 7  # the caller may work in place on what it gets back


def test_forked_load_gives_the_bodies_and_fingerprints_of_a_serial_load(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        list(ingest_paths(store, [str(CORPUS)]))
        monkeypatch.setattr(load, "FORK_ARTICLES", 2)
        forked, forked_prints = load.load_store(store, SETTINGS)
        # the tokens were spilled to files beside the store, mapped, and the files removed
        assert not list(tmp_path.glob(".corpus-tokens-*"))
        assert all(isinstance(b.tokens, np.memmap) for b in forked.bodies.blocks)
        serial = corpus.load(store.current_texts(), corpus.Corpus(fetch_texts=store.texts_of))
    serial_prints = corpus.fingerprint(serial, SETTINGS.fingerprints)
    assert np.array_equal(forked_prints.hashes, serial_prints.hashes)
    assert np.array_equal(forked_prints.paragraphs, serial_prints.paragraphs)
    assert len(forked_prints.hashes) > 1000
    assert [b.key for b in forked.bodies] == [b.key for b in serial.bodies]
    assert forked.boilerplate == serial.boilerplate
    for f, s in zip(forked.bodies, serial.bodies, strict=True):
        assert (f.paragraphs, f.bounds, f.body_hash, f.title) == \
            (s.paragraphs, s.bounds, s.body_hash, s.title)
        assert np.array_equal(f.tokens, s.tokens)


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_background_work_is_done_there_or_redone_here(tmp_path: Path) -> None:
    done = tmp_path / "done"
    parent = os.getpid()
    join = in_background(lambda: done.write_text(f"written by {os.getpid()}"))
    join()
    assert done.read_text() != f"written by {parent}"  # the child's work is visible here

    def dies_in_child() -> None:
        if os.getpid() != parent:
            os._exit(3)
        done.write_text("redone here")

    in_background(dies_in_child)()
    assert done.read_text() == "redone here"


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_a_background_job_with_a_redo_of_its_own_lets_go_of_what_it_was_given(
        tmp_path: Path) -> None:
    import weakref

    class Big:  # stands for the fingerprints a rebuild takes with it
        pass

    parent, done = os.getpid(), tmp_path / "done"
    big = Big()
    gone = weakref.ref(big)

    def dies_in_child(what: Big) -> None:
        if os.getpid() != parent:
            os._exit(3)
        done.write_text("not this")

    join = in_background(partial(dies_in_child, big), redo=lambda: done.write_text("redo"))
    del big
    assert gone() is None  # this process no longer holds it while the child works
    join()
    assert done.read_text() == "redo"


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_an_index_rebuild_whose_worker_dies_is_redone_from_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_cli.dedupe import indexing

    parent = os.getpid()

    def dies(*_args: object) -> None:
        if os.getpid() != parent:
            os._exit(3)  # the rebuild's worker, killed
        raise AssertionError("the fingerprints were let go here: not rebuilt from them")

    monkeypatch.setattr(indexing, "rebuild_in", dies)
    with Store(tmp_path / "store.sqlite3") as store:
        list(ingest_paths(store, [str(CORPUS)]))
        run.dedupe_store(store, SETTINGS)
        assert indexing.postings(store, SETTINGS).through() == store.newest_seq()


def _square_or_die(parent: int, dying: set[int], n: int) -> int:
    if n in dying and os.getpid() != parent:
        os._exit(3)  # a worker killed mid-way
    return n * n


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_ordered_map_keeps_input_order(workers: int) -> None:
    items = list(range(500))
    assert list(ordered_map(lambda n: n * n, items, workers, chunk=7)) == [n * n for n in items]


def _collecting(_item: int) -> bool:
    import gc

    return gc.isenabled()


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_children_collect_cycles_when_asked_while_this_process_pauses_it() -> None:
    items = list(range(100))
    with no_cycle_collection():
        assert set(ordered_map(_collecting, items, 2, chunk=10)) == {False}  # inherited
        assert set(ordered_map(_collecting, items, 2, chunk=10, collect_cycles=True)) == {True}


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_ordered_map_redoes_a_failed_childs_share_here() -> None:
    from functools import partial

    parent = os.getpid()
    items = list(range(300))
    # The child holding item 40 dies there: its later chunks are computed here too.
    square = partial(_square_or_die, parent, {40})
    assert list(ordered_map(square, items, 3, chunk=10)) == [n * n for n in items]


def test_an_exception_in_a_worker_surfaces_as_it_would_without_workers() -> None:
    def fails_on_77(n: int) -> int:
        if n == 77:
            raise ValueError("bad item 77")
        return n

    with pytest.raises(ValueError, match="bad item 77"):
        list(ordered_map(fails_on_77, list(range(200)), 2, chunk=10))
    with pytest.raises(ValueError, match="bad item 77"):
        fork_map(fails_on_77, [1, 77, 3])


@pytest.mark.skipif(not can_fork(), reason="needs fork and two CPUs")
def test_stopping_early_leaves_no_child_behind() -> None:
    results = ordered_map(lambda n: n, list(range(10_000)), 2, chunk=10)
    assert next(results) == 0
    results.close()  # a reader that stops (Ctrl-C, | head): the children are stopped
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_forked_pass_finds_what_a_serial_pass_finds(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Loading, fingerprints, candidate pairs (each worker keeping its part),
    # verification blocks and, once the index is current, duplicate grouping all go to
    # workers once the corpus is big enough.
    copies = tmp_path / "copies"
    copies.mkdir()
    for n, path in enumerate(sorted(CORPUS.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        (copies / f"copy{n}.txt").write_text(text.replace(" the ", " a ", 3), encoding="utf-8")
    with Store(tmp_path / "store.sqlite3") as store:
        list(ingest_paths(store, [str(CORPUS), str(copies)]))
        settings = DedupeSettings()
        serial = run.dedupe_store(store, settings)
        monkeypatch.setattr(load, "FORK_ARTICLES", 2)  # loading
        monkeypatch.setattr(compare, "FORK_ARTICLES", 2)  # counting
        monkeypatch.setattr(run, "FORK_ARTICLES", 2)  # grouping
        monkeypatch.setattr(compare, "VERIFY_BLOCK", 16)
        grouped_apart: list[object] = []
        group = run.group

        def spy(*args: Any, **kwargs: Any) -> Any:
            grouped_apart.append(kwargs.get("store_path"))
            return group(*args, **kwargs)

        monkeypatch.setattr(run, "group", spy)
        forked = run.dedupe_store(store, settings)
    assert grouped_apart == [store.path if can_fork() else None]
    assert len(serial.duplicates) >= 5
    assert len(serial.passages) >= 5
    assert forked == serial
