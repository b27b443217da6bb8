"""Forked workers give the same results as working in one process, even when one fails."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corpus_cli import dedupe
from corpus_cli.index import loading
from corpus_cli.pipeline import ingest_paths
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store
from corpus_cli.workers import beside, can_fork, fork_map, in_background
from tests.conftest import CORPUS


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
        monkeypatch.setattr(loading, "FORK_ARTICLES", 2)
        forked, forked_prints = loading.load_store(store)
        serial = loading.load(store.current_texts(), loading.Corpus(fetch_texts=store.texts_of))
    serial_prints = loading.fingerprint(serial)
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
def test_background_work_reports_success_and_failure(tmp_path: Path) -> None:
    done = tmp_path / "done"
    join = in_background(lambda: done.write_text("written by the worker"))
    assert join() is True
    assert done.read_text() == "written by the worker"  # the child's work is visible here

    def fails() -> None:
        raise RuntimeError("worker failed")

    assert in_background(fails)() is False


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
        serial = dedupe.dedupe_store(store, settings)
        monkeypatch.setattr(loading, "FORK_ARTICLES", 2)  # loading
        monkeypatch.setattr(dedupe, "FORK_ARTICLES", 2)  # counting, grouping
        monkeypatch.setattr(dedupe, "VERIFY_BLOCK", 16)
        grouped_apart: list[object] = []
        group = dedupe.group

        def spy(*args: Any, **kwargs: Any) -> Any:
            grouped_apart.append(kwargs.get("store_path"))
            return group(*args, **kwargs)

        monkeypatch.setattr(dedupe, "group", spy)
        forked = dedupe.dedupe_store(store, settings)
    assert grouped_apart == [store.path if can_fork() else None]
    assert len(serial.duplicates) >= 5
    assert len(serial.passages) >= 5
    assert forked == serial
