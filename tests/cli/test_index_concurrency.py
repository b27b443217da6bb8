"""The dedupe index stays exact while other processes write the store.

A full pass over a store of 20,000 articles or more loads it in forked workers, each
through a connection of its own. Here an ingest commits one article at a time while a
full pass and a ``--check`` run beside it, and the test holds the pass's loading worker
stopped (SIGSTOP) while the ingest commits a few hundred more articles: the interleaving
that once left articles out of the index for good (the workers read different snapshots,
and the next check added only articles numbered above the index's newest). Afterwards a
check of an exact copy of every article ingested must find every one of them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.cli.helpers import TIMEOUT, article_text, run_corpus, start_corpus

STORED = 20_000  # articles in the store: enough for a full pass to load in workers
NEW = 3_000  # articles ingested while the pass and the check run
STOPPED_WHILE = 300  # articles the ingest commits while the loading worker is stopped


def _records(path: Path, count: int, label: str, host: str) -> Path:
    """``count`` distinct articles as JSON Lines at ``path``; another ``host`` gives exact
    copies of the same articles at other locations."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            text, _ = article_text(n, label)
            title, body = text.split("\n\n", 1)
            out.write(json.dumps({"url": f"https://{host}/{label}/{n}", "title": title,
                                  "text": body}) + "\n")
    return path


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big-store")
    base = _records(folder / "base.jsonl", STORED, "base", "base.example")
    store = folder / "store.sqlite3"
    for args in (("ingest", base, "-q"), ("dedupe", "--level", "article", "-q")):
        run = run_corpus(*args, "--store", store, "--format", "jsonl", cwd=folder)
        assert run.returncode == 0, run.explain()
    return store


class _Counter(threading.Thread):
    """Counts the result lines a running ``corpus ingest`` prints: each is committed."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        super().__init__(daemon=True)
        self.proc = proc
        self.lines = 0

    def run(self) -> None:
        assert self.proc.stdout is not None
        for _line in self.proc.stdout:
            self.lines += 1

    def wait_for(self, lines: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.lines < lines and self.is_alive() and time.monotonic() < deadline:
            time.sleep(0.002)


def _first_child(pid: int, timeout: float) -> int | None:
    """The first process ``pid`` forks (a full pass's loading worker), caught as it starts."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = children.read_text().split()
        except OSError:  # not Linux, or the process is gone
            return None
        if found:
            return int(found[0])
        time.sleep(0.0005)
    return None


@pytest.mark.slow
def test_no_article_is_left_out_of_the_index_by_concurrent_writers(
        big_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    shutil.copyfile(big_store, store)
    new = _records(tmp_path / "new.jsonl", NEW, "new", "new.example")
    copies = _records(tmp_path / "copies.jsonl", NEW, "new", "copies.example")
    other = tmp_path / "other.txt"
    other.write_text(article_text(1, "other")[0], encoding="utf-8")

    ingest = start_corpus("ingest", new.name, "--store", store, "--batch-size", "1", "-j", "1",
                          "--format", "jsonl", "-q", cwd=tmp_path, stderr=subprocess.DEVNULL)
    committed = _Counter(ingest)
    committed.start()
    committed.wait_for(1, TIMEOUT)
    dedupe = start_corpus("dedupe", "--store", store, "--level", "article", "--format",
                          "jsonl", "-q", cwd=tmp_path)
    check = start_corpus("dedupe", "--check", other.name, "--store", store, "--level", "article",
                         "--format", "jsonl", "-q", cwd=tmp_path)
    worker = _first_child(dedupe.pid, timeout=30)
    if worker is not None:
        # The pass has just forked its loading worker: keep it from reading while the
        # ingest commits more articles, so the worker's range is read later than the rest.
        os.kill(worker, signal.SIGSTOP)
        try:
            committed.wait_for(committed.lines + STOPPED_WHILE, timeout=10)
        finally:
            os.kill(worker, signal.SIGCONT)
    for proc in (dedupe, check):
        _out, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err.decode("utf-8", "replace")
    assert ingest.wait(timeout=TIMEOUT) == 0
    committed.join(timeout=TIMEOUT)
    assert ingest.stdout is not None
    ingest.stdout.close()
    assert committed.lines == NEW

    final = run_corpus("dedupe", "--check", copies.name, "--store", store, "--level", "article",
                       "--format", "jsonl", cwd=tmp_path)
    assert final.returncode == 1, final.explain()
    found = {r["path"] for r in final.records() if r["type"] == "finding"}
    missed = sorted({f"copies.jsonl#{n}" for n in range(1, NEW + 1)} - found,
                    key=lambda name: int(name.split("#")[1]))
    assert missed == [], (f"{len(missed)} exact copies of stored articles were not found "
                          f"(first: {missed[:5]}): their articles are missing from the index")
