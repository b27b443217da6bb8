"""A broken environment never reads as a result: store faults through the real ``corpus``.

A write lock held by another process for longer than ``--wait``, a full disk, a read-only
store file, a damaged store and a file that is not a store: each is one ``error:`` line
naming the store and the cause with what to do, exit 3 (never 1, which means findings),
no traceback, and the store as it was before the command.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import CorpusRun, corpus_env, lock_held, make_articles, run_corpus
from tests.conftest import CORPUS

TABLES = ("articles", "versions", "paragraphs", "indexed", "postings", "meta",
          "dedupe_groups", "dedupe_members", "kept_quotes")


@dataclass(frozen=True)
class Template:
    """A project folder: the sample corpus stored and compared (its index current), then
    ``late/`` stored after that pass (so the index lacks it), and ``new/``, not stored."""

    folder: Path
    current: Path  # store whose index is current
    stale: Path  # the same, with late/ stored after the pass


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("faults")
    shutil.copytree(CORPUS, folder / "corpus")
    make_articles(folder / "new", 300, label="new")
    make_articles(folder / "late", 300, label="late")
    current, stale = folder / "current.sqlite3", folder / "stale.sqlite3"
    for args in (("ingest", "corpus", "-q"), ("dedupe", "-q")):
        run = run_corpus(*args, "--store", current, "--format", "jsonl", cwd=folder)
        assert run.returncode == 0, run.explain()
    shutil.copyfile(current, stale)
    run = run_corpus("ingest", "late", "-q", "--store", stale, "--format", "jsonl", cwd=folder)
    assert run.returncode == 0, run.explain()
    return Template(folder, current, stale)


def store_from(template: Template, tmp_path: Path, which: str = "current") -> Path:
    store = tmp_path / "store.sqlite3"
    shutil.copyfile(template.current if which == "current" else template.stale, store)
    return store


def state(store: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the store holds, to tell whether a failed command changed it."""
    db = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True)
    try:
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        return {t: sorted(db.execute(f"SELECT * FROM {t}"), key=repr)
                for t in TABLES if t in present}
    finally:
        db.close()


def assert_store_error(run: CorpusRun, store_name: str, *phrases: str) -> str:
    """Exit 3, no traceback, exactly one ``error:`` line, naming the store and saying
    ``phrases``; returns that line."""
    assert run.returncode == 3, run.explain()
    assert "Traceback" not in run.stderr, run.explain()
    errors = run.error_lines()
    assert len(errors) == 1, run.explain()
    line = errors[0]
    assert store_name in line, line
    for phrase in phrases:
        assert phrase in line, line
    return line


# What each command is asked to do; with a stale index, dedupe and --check must write.
WRITERS = {
    "ingest": ("ingest", "new"),
    "dedupe": ("dedupe",),
    "dedupe-paths": ("dedupe", "new"),
    "check": ("dedupe", "--check", "new/art00007.txt"),
    "quotes-paths": ("quotes", "new"),
}
EVERY_COMMAND = {
    **WRITERS,
    "articles": ("articles",),
    "show": ("show", "000"),
    "diff": ("diff", "000", "001"),
    "quotes": ("quotes",),
    "group": ("diff", "--group", "p0123456789ab"),
}


# -- a write lock held by another process ------------------------------------------------


@pytest.mark.parametrize("command", list(WRITERS))
def test_a_lock_held_longer_than_wait_is_an_error_naming_the_holder(
        template: Template, tmp_path: Path, command: str) -> None:
    store = store_from(template, tmp_path, "stale")
    before = state(store)
    with lock_held(store) as holder:
        run = run_corpus(*WRITERS[command], "--store", store, "--wait", "0.5",
                         cwd=template.folder)
    line = assert_store_error(run, "store.sqlite3", "is locked", f"process {holder.pid} (",
                              "0.5 s", "--wait SECONDS")
    assert "python" in line  # what kind of process holds it
    assert run.stdout == ""
    assert state(store) == before


def test_wait_lets_a_command_outlast_a_short_lock(template: Template, tmp_path: Path) -> None:
    store = store_from(template, tmp_path)
    with lock_held(store):
        proc = subprocess.Popen(
            [sys.executable, "-m", "corpus_cli", "ingest", "new", "--store", str(store),
             "--wait", "30", "--format", "jsonl", "-q"],
            cwd=template.folder, env=corpus_env(), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        time.sleep(1.0)  # the lock is held for a second of its 30 s wait
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert len(out.decode().splitlines()) == 300
    # It waited for the lock rather than exiting at once.
    assert "locked" not in err.decode()


# -- a read-only store -------------------------------------------------------------------


@contextmanager
def read_only(store: Path) -> Iterator[None]:
    """The store file made read-only: its mode, or for root (whom modes do not stop) its
    immutable attribute; skips the test where neither is possible."""
    if os.geteuid() != 0:
        store.chmod(0o444)
        try:
            yield
        finally:
            store.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root, which file modes do not stop, and chattr is missing")
    done = subprocess.run([chattr, "+i", str(store)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip("running as root, which file modes do not stop, and this file system "
                    f"refuses chattr +i: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(store)], check=True)


@pytest.mark.parametrize("command", list(WRITERS))
def test_a_read_only_store_is_an_error_when_it_must_be_written(
        template: Template, tmp_path: Path, command: str) -> None:
    store = store_from(template, tmp_path, "stale")
    before = store.read_bytes()
    with read_only(store):
        run = run_corpus(*WRITERS[command], "--store", store, cwd=template.folder)
        assert_store_error(run, "store.sqlite3", "is read-only", "make it writable")
        assert run.stdout == ""
        assert store.read_bytes() == before


def test_a_read_only_store_can_still_be_read_and_checked(template: Template,
                                                        tmp_path: Path) -> None:
    store = store_from(template, tmp_path)  # its index is current: a check writes nothing
    with read_only(store):
        listing = run_corpus("articles", "--store", store, "--format", "jsonl",
                             cwd=template.folder)
        check = run_corpus("dedupe", "--check", "new/art00007.txt", "--store", store,
                           "--format", "jsonl", cwd=template.folder)
    assert listing.returncode == 0, listing.explain()
    assert len(listing.records()) == 5
    assert check.returncode == 0, check.explain()


# -- a damaged store, and a file that is not a store -------------------------------------


@pytest.mark.parametrize("command", list(EVERY_COMMAND))
def test_a_store_missing_a_table_is_refused_as_damaged(template: Template, tmp_path: Path,
                                                       command: str) -> None:
    store = store_from(template, tmp_path)
    db = sqlite3.connect(store)
    db.execute("DROP TABLE postings")
    db.commit()
    db.close()
    before = state(store)
    run = run_corpus(*EVERY_COMMAND[command], "--store", store, cwd=template.folder)
    assert_store_error(run, "store.sqlite3", "is damaged", "table postings missing",
                       "PRAGMA integrity_check: ok", "backup")
    assert state(store) == before


@pytest.mark.parametrize("command", ["articles", "dedupe", "show", "quotes"])
def test_a_corrupt_store_is_refused_with_its_integrity_check(template: Template,
                                                             tmp_path: Path,
                                                             command: str) -> None:
    store = store_from(template, tmp_path)
    data = bytearray(store.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes(len(data) - page)  # every page but the first (the schema) zeroed
    store.write_bytes(bytes(data))
    run = run_corpus(*EVERY_COMMAND[command], "--store", store, cwd=template.folder)
    line = assert_store_error(run, "store.sqlite3", "is damaged", "PRAGMA integrity_check: ")
    assert "integrity_check: ok" not in line
    assert store.read_bytes() == bytes(data)


@pytest.mark.parametrize("command", list(EVERY_COMMAND))
def test_a_file_that_is_not_a_store_is_refused_by_every_command(template: Template,
                                                                tmp_path: Path,
                                                                command: str) -> None:
    store = tmp_path / "notes.db"
    store.write_text("not a database\njust some notes\n" * 100, encoding="utf-8")
    before = store.read_bytes()
    run = run_corpus(*EVERY_COMMAND[command], "--store", store, cwd=template.folder)
    assert_store_error(run, "notes.db", "not a usable corpus store")
    assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


# -- a full disk ---------------------------------------------------------------------------


# Runs inside a private mount namespace (unshare -m): the tmpfs vanishes with it.
_ON_A_FULL_DISK = textwrap.dedent("""
    import json, os, shutil, subprocess, sys
    disk, source, slack, out, cwd, *args = sys.argv[1:]
    size = 2 * os.path.getsize(source) + (4 << 20)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", disk], check=True)
    store = os.path.join(disk, "store.sqlite3")
    shutil.copyfile(source, store)
    st = os.statvfs(disk)
    with open(os.path.join(disk, "filler"), "wb") as filler:
        os.posix_fallocate(filler.fileno(), 0, st.f_bavail * st.f_frsize - int(slack))
    run = subprocess.run([sys.executable, "-m", "corpus_cli", *args, "--store", store],
                         cwd=cwd, capture_output=True)
    for name in os.listdir(disk):
        if name.startswith("store.sqlite3"):
            shutil.copyfile(os.path.join(disk, name), os.path.join(out, name))
    with open(os.path.join(out, "run.json"), "w") as f:
        json.dump({"rc": run.returncode, "stdout": run.stdout.decode(),
                   "stderr": run.stderr.decode()}, f)
""")
SLACK = 48 * 1024  # bytes left free: room for the WAL index (32 KiB), not for a transaction


def on_a_full_disk(tmp_path: Path, cwd: Path, source: Path, *args: str) -> CorpusRun:
    if os.geteuid() != 0:
        pytest.skip("a full disk is made with a small tmpfs mount, which needs root")
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("a full disk is made with a tmpfs in a private mount namespace: no unshare")
    probe = subprocess.run([unshare, "-m", "true"], capture_output=True, text=True,
                           check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a private mount namespace here: {probe.stderr.strip()}")
    disk, out = tmp_path / "disk", tmp_path / "after"
    disk.mkdir()
    out.mkdir()
    done = subprocess.run([unshare, "-m", sys.executable, "-c", _ON_A_FULL_DISK, str(disk),
                           str(source), str(SLACK), str(out), str(cwd), *args],
                          env=corpus_env(), capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "run.json").read_text())
    return CorpusRun(tuple(args), result["rc"], result["stdout"], result["stderr"], 0.0)


@pytest.mark.parametrize("command", ["ingest", "dedupe", "check"])
def test_a_full_disk_is_an_error_naming_the_folder_and_the_space_needed(
        template: Template, tmp_path: Path, command: str) -> None:
    source = store_from(template, tmp_path, "stale")
    before = state(source)
    run = on_a_full_disk(tmp_path, template.folder, source, *WRITERS[command])
    line = assert_store_error(run, "store.sqlite3", "is full", str(tmp_path / "disk"),
                              "needs about", "free some space")
    assert " free" in line
    assert run.stdout == ""
    assert state(tmp_path / "after" / "store.sqlite3") == before
