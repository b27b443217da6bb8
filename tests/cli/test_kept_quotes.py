"""Quotes found once per article version and kept in the store (issue 21, item 4).

A run reads the kept quotes of every version whose rules and boilerplate flags still
match and finds the others; what it prints never depends on which it did. Keeping is
optional: a store that cannot be written now (read-only, locked) answers as before.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from corpus_cli.quotes import corpus as quotes_corpus
from corpus_cli.quotes import kept, quotes_of_article
from corpus_cli.store import SCHEMA_VERSION
from corpus_cli.store.schema import MIGRATIONS
from tests.cli.helpers import corpus_env, lock_held, run_corpus
from tests.cli.test_store_faults import read_only
from tests.conftest import CORPUS, Run

FORMATS = ("jsonl", "json", "csv", "tsv", "table")


@pytest.fixture
def found(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the articles whose quotes are found (not read back from the store)."""
    calls: list[int] = []
    of_article = quotes_of_article

    def counted(*args: Any) -> Any:
        calls.append(1)
        return of_article(*args)

    monkeypatch.setattr(quotes_corpus, "quotes_of_article", counted)
    return calls


def kept_rows(store: Path) -> int:
    db = sqlite3.connect(store)
    try:
        return int(db.execute("SELECT count(*) FROM kept_quotes").fetchone()[0])
    finally:
        db.close()


def forget_kept(store: Path) -> None:
    db = sqlite3.connect(store)
    db.execute("DELETE FROM kept_quotes")
    db.commit()
    db.close()


def test_a_second_run_reads_the_kept_quotes_and_prints_the_same(
        cli: Run, store_path: Path, found: list[int]) -> None:
    cli("ingest", "corpus/", "-q")
    first = cli("quotes", "-f", "jsonl")
    assert first.exit_code == 0, first.stderr
    assert len(found) == 5  # every article's quotes found, once
    assert kept_rows(store_path) == 5
    found.clear()
    second = cli("quotes", "-f", "jsonl")
    assert found == []  # none found again: all read back
    assert second.stdout == first.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_the_same_from_kept_or_found_quotes(cli: Run, store_path: Path,
                                                            fmt: str) -> None:
    cli("ingest", "corpus/", "-q")
    forget_kept(store_path)
    computed = cli("quotes", "-f", fmt, "--min-sources", "1")
    assert kept_rows(store_path) == 5
    from_store = cli("quotes", "-f", fmt, "--min-sources", "1")
    assert from_store.exit_code == computed.exit_code == 0
    assert from_store.stdout == computed.stdout


def test_other_rules_find_the_quotes_again(cli: Run, store_path: Path, found: list[int],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cli("ingest", "corpus/", "-q")
    before = cli("quotes", "-f", "jsonl").stdout
    found.clear()
    monkeypatch.setattr(kept, "RULES_VERSION", kept.RULES_VERSION + 1)
    kept.rules_key.cache_clear()
    try:
        again = cli("quotes", "-f", "jsonl").stdout
    finally:
        monkeypatch.undo()
        kept.rules_key.cache_clear()
    assert len(found) == 5  # nothing kept under the old rules was used
    assert again == before
    db = sqlite3.connect(store_path)
    rules = {r[0] for r in db.execute("SELECT rules FROM kept_quotes")}
    db.close()
    assert len(rules) == 1  # the old rules' rows were replaced, not kept beside
    assert rules != {kept.rules_key()}


def test_a_new_version_of_an_article_has_its_quotes_found_again(
        cli: Run, project: Path, store_path: Path, found: list[int]) -> None:
    cli("ingest", "corpus/", "-q")
    cli("quotes", "-f", "jsonl")
    article = sorted((project / "corpus").glob("*.txt"))[1]
    article.write_text(article.read_text(encoding="utf-8") + "\n\n“We will be back,” "
                       "Anna Smith said.\n", encoding="utf-8")
    cli("ingest", "corpus/", "-q")
    found.clear()
    after = cli("quotes", "-f", "jsonl")
    assert len(found) == 1  # the changed article alone
    assert "We will be back" in after.stdout
    assert "Anna Smith" in after.stdout
    forget_kept(store_path)
    assert cli("quotes", "-f", "jsonl").stdout == after.stdout
    assert kept_rows(store_path) == 5  # one row per article: its older version's dropped


def test_changed_boilerplate_flags_find_the_quotes_again(
        cli: Run, store_path: Path, found: list[int]) -> None:
    """Quotes skip boilerplate paragraphs, and frequency flags change as the store grows:
    quotes kept under other flags are not used."""
    cli("ingest", "corpus/", "-q")
    cli("quotes", "-f", "jsonl")
    db = sqlite3.connect(store_path)
    # A paragraph holding a quote becomes boilerplate (as a frequency flag would make it).
    row = db.execute("SELECT p.seq, p.idx FROM paragraphs p JOIN versions v ON v.seq = p.seq"
                     " WHERE p.frequent = 0 AND p.pattern IS NULL"
                     " AND instr(substr(v.text, p.start + 1, p.end - p.start), '“') > 0"
                     " ORDER BY p.article_id, p.idx LIMIT 1").fetchone()
    db.execute("UPDATE paragraphs SET frequent = 1 WHERE seq = ? AND idx = ?", row)
    db.commit()
    db.close()
    found.clear()
    flagged = cli("quotes", "-f", "jsonl").stdout
    assert len(found) == 1
    forget_kept(store_path)
    assert cli("quotes", "-f", "jsonl").stdout == flagged


def test_quotes_check_uses_the_kept_quotes(cli: Run, project: Path,
                                           found: list[int]) -> None:
    cli("ingest", "corpus/", "-q")
    cli("quotes", "-f", "jsonl")
    new = project / "new"
    new.mkdir()
    name = sorted((project / "corpus").glob("*.txt"))[0].name
    (new / name).write_text((project / "corpus" / name).read_text(encoding="utf-8")
                            + "\n\n“Something else,” Anna Smith said.\n", encoding="utf-8")
    found.clear()
    check = cli("quotes", "--check", "new/", "-f", "jsonl")
    assert check.exit_code in (0, 1), check.stderr
    assert len(found) == 1  # the new article's; the stored ones' are read back


# -- through the real command: stores that cannot be written, several processes --------


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Path]:
    """A project with the sample corpus stored (flags current, no quotes kept)."""
    folder = tmp_path / "p"
    shutil.copytree(CORPUS, folder / "corpus")
    store = folder / "store.sqlite3"
    run = run_corpus("ingest", "corpus", "-q", "--store", store, cwd=folder)
    assert run.returncode == 0, run.explain()
    return folder, store


def test_a_read_only_store_answers_the_same_and_stays_unchanged(
        stored: tuple[Path, Path]) -> None:
    folder, store = stored
    before = store.read_bytes()
    with read_only(store):
        run = run_corpus("quotes", "--store", store, "-f", "jsonl", cwd=folder)
        assert run.returncode == 0, run.explain()
        assert store.read_bytes() == before
    assert run.stderr.count("error") == 0
    writable = run_corpus("quotes", "--store", store, "-f", "jsonl", cwd=folder)
    assert writable.stdout == run.stdout
    assert kept_rows(store) == 5


def test_a_locked_store_answers_at_once_without_keeping(stored: tuple[Path, Path]) -> None:
    folder, store = stored
    with lock_held(store):
        # Kept quotes never wait for a lock: a run waiting its 30 s would time out here.
        run = run_corpus("quotes", "--store", store, "-f", "jsonl", "--wait", "30",
                         cwd=folder, timeout=25)
    assert run.returncode == 0, run.explain()
    assert kept_rows(store) == 0
    assert run_corpus("quotes", "--store", store, "-f", "jsonl", cwd=folder).stdout \
        == run.stdout


def test_two_runs_at_once_both_answer_the_same(stored: tuple[Path, Path]) -> None:
    folder, store = stored
    cmd = [sys.executable, "-m", "corpus_cli", "quotes", "--store", str(store), "-f", "jsonl"]
    procs = [subprocess.Popen(cmd, cwd=folder, env=corpus_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e.decode() for _, e in outs]
    assert outs[0][0] == outs[1][0]
    assert kept_rows(store) == 5
    assert run_corpus("quotes", "--store", store, "-f", "jsonl", cwd=folder).stdout \
        == outs[0][0].decode()


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.8])
def test_kill_9_leaves_no_half_kept_quotes(stored: tuple[Path, Path], delay: float) -> None:
    folder, store = stored
    reference = run_corpus("quotes", "--store", store, "-f", "jsonl", cwd=folder).stdout
    forget_kept(store)
    proc = subprocess.Popen([sys.executable, "-m", "corpus_cli", "quotes", "--store",
                             str(store), "-f", "jsonl"], cwd=folder, env=corpus_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM kept_quotes").fetchone()[0] in (0, 5)
    db.close()
    assert run_corpus("quotes", "--store", store, "-f", "jsonl", cwd=folder).stdout \
        == reference


def test_a_store_of_the_schema_before_kept_quotes_opens_and_answers(
        stored: tuple[Path, Path], tmp_path: Path) -> None:
    folder, store = stored
    reference = run_corpus("quotes", "--store", store, "-f", "jsonl", cwd=folder).stdout
    # The schema as the migrations before kept quotes built it, holding the same articles.
    before = next(n for n, script in enumerate(MIGRATIONS) if "kept_quotes" in script)
    old = folder / "old.sqlite3"
    db = sqlite3.connect(old, isolation_level=None)
    for script in MIGRATIONS[:before]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {before}")
    db.execute("ATTACH DATABASE ? AS cur", (str(store),))
    for table in ("articles", "versions"):
        db.execute(f"INSERT INTO {table} SELECT * FROM cur.{table}")
    # Paragraphs were keyed by article id and version then (schema v12 keys them by seq).
    db.execute("INSERT INTO paragraphs (article_id, version, idx, start, end, hash, words,"
               " pattern, frequent) SELECT v.article_id, v.version, p.idx, p.start, p.end,"
               " p.hash, p.words, p.pattern, p.frequent FROM cur.paragraphs p"
               " JOIN cur.versions v ON v.seq = p.seq")
    db.execute("INSERT OR REPLACE INTO meta SELECT * FROM cur.meta WHERE name LIKE 'flags.%'")
    db.execute("DETACH DATABASE cur")
    db.close()
    run = run_corpus("quotes", "--store", old, "-f", "jsonl", cwd=folder)
    assert run.returncode == 0, run.explain()
    assert run.stdout == reference
    db = sqlite3.connect(old)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    assert kept_rows(old) == 5
