"""Derived state is recomputed whenever it may be stale, even after an interruption.

An ingest commits its articles, then refreshes the boilerplate frequency flags over the
whole store in a transaction of its own. Stopped in between (``kill -9``, Ctrl-C), it
leaves the store marked stale, and the next run (the same ingest, reporting everything
unchanged, or any other command) refreshes the flags: the store then answers as if the
ingest had never been interrupted. The interruption is made certain by holding the
store's write lock, from a second process, while the ingest reaches its refresh.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.cli.helpers import TIMEOUT, lock_held, parse_jsonl, run_corpus, start_corpus

ARTICLES = 60  # one write batch, and more output than the 4 KiB pipe holds
FOOTER = "The Northern Courier is an independent newspaper, owned by its readers since 1901."


def _site(folder: Path) -> Path:
    """One outlet's articles, each with its own story and the outlet's footer: the footer
    is boilerplate by frequency (in three or more articles of the source)."""
    site = folder / "courier"
    site.mkdir(parents=True)
    for n in range(ARTICLES):
        story = [f"Story {n} paragraph {k} tells of the harbour, the council and the "
                 f"ferry number {n * 7 + k}." for k in range(3)]
        (site / f"story{n:03d}.txt").write_text(
            f"Courier story {n}\n\n" + "\n\n".join([*story, FOOTER]) + "\n", encoding="utf-8")
    return site


def _flags(store: Path) -> list[tuple[str, int, int]]:
    """The paragraphs the store flags as frequent, read without any corpus code."""
    db = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(db.execute(
            "SELECT v.article_id, v.version, p.idx FROM paragraphs p JOIN versions v"
            " ON v.seq = p.seq WHERE p.frequent = 1"))
    finally:
        db.close()


def _interrupted_ingest(folder: Path, store: Path, sig: signal.Signals) -> tuple[int, str]:
    """``corpus ingest courier``, stopped by ``sig`` after all its articles are committed
    and before its flag refresh can end; returns (exit code, stderr)."""
    proc = start_corpus("ingest", "courier", "--store", store, "--format", "jsonl",
                        cwd=folder, pipe_size=4096)
    assert proc.stdout is not None
    assert proc.stderr is not None
    first = proc.stdout.readline()  # printed after the batch of all articles committed
    assert first.endswith(b"\n"), "nothing was printed"
    try:
        with lock_held(store):
            rest = threading.Thread(target=proc.stdout.read, daemon=True)
            rest.start()  # the ingest prints the rest of its results, then waits for the lock
            time.sleep(1.0)
            assert proc.poll() is None, "the ingest finished: its refresh was not held up"
            proc.send_signal(sig)
            code = proc.wait(timeout=TIMEOUT)
            rest.join(timeout=TIMEOUT)
            stderr = proc.stderr.read().decode("utf-8")
    finally:
        for stream in (proc.stdout, proc.stderr):
            stream.close()
    return code, stderr


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """The articles ingested without interruption: the flags and output to expect."""
    _site(tmp_path)
    run = run_corpus("ingest", "courier", "--store", "reference.sqlite3", "-q", cwd=tmp_path)
    assert run.returncode == 0, run.explain()
    assert len(_flags(tmp_path / "reference.sqlite3")) == ARTICLES  # every footer
    return tmp_path / "reference.sqlite3"


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_rerun_after_an_interrupted_flag_refresh_restores_the_flags(
        tmp_path: Path, reference: Path, sig: signal.Signals) -> None:
    store = tmp_path / "store.sqlite3"
    code, stderr = _interrupted_ingest(tmp_path, store, sig)
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code == 130, stderr
        assert "Traceback" not in stderr
        assert len([line for line in stderr.splitlines() if "interrupted" in line]) == 1
    assert _flags(store) == [], "the interruption did not land before the refresh"

    rerun = run_corpus("ingest", "courier", "--store", store, "--format", "jsonl",
                       cwd=tmp_path)
    assert rerun.returncode == 0, rerun.explain()
    assert {r["status"] for r in rerun.records()} == {"unchanged"}
    assert _flags(store) == _flags(reference)


@pytest.mark.slow
@pytest.mark.parametrize("command", [("dedupe", "--include-boilerplate"), ("articles",),
                                     ("quotes",)], ids=["dedupe", "articles", "quotes"])
def test_any_command_after_an_interrupted_refresh_answers_as_after_a_whole_ingest(
        tmp_path: Path, reference: Path, command: tuple[str, ...]) -> None:
    store = tmp_path / "store.sqlite3"
    code, _stderr = _interrupted_ingest(tmp_path, store, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert _flags(store) == []
    got = run_corpus(*command, "--store", store, "--format", "jsonl", cwd=tmp_path)
    want = run_corpus(*command, "--store", reference, "--format", "jsonl", cwd=tmp_path)
    assert got.returncode == want.returncode == 0, got.explain() + want.explain()
    assert parse_jsonl(got.stdout) == parse_jsonl(want.stdout)
    assert _flags(store) == _flags(reference)
