"""Shared fixtures: the sample corpus, a CLI runner with a private store, golden updates."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite each golden case's tests/cases/*/stdout from the current "
                     "output.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


Run = Callable[..., Result]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder holding a copy of ``corpus/``, as a user's checkout would."""
    folder = tmp_path / "project"
    shutil.copytree(CORPUS, folder / "corpus")
    return folder


@pytest.fixture
def store_path(project: Path) -> Path:
    return project / ".corpus" / "corpus.sqlite3"


@pytest.fixture
def cli(project: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``corpus ARGS`` in-process inside ``project``, with its default store."""
    from corpus_cli.cli.app import app

    monkeypatch.chdir(project)

    def run(*args: str, env: dict[str, str] | None = None, input: str | bytes | None = None,
            columns: int = 100) -> Result:
        full_env: dict[str, str | None] = {
            "CORPUS_STORE": None, "COLUMNS": str(columns), "NO_COLOR": None,
            "FORCE_COLOR": None, "TERM": "xterm",
            # A .corpus folder above the test's folder is none of its business.
            "CORPUS_CEILING_DIRECTORIES": str(project.parent)}
        full_env.update(env or {})
        return CliRunner().invoke(app, list(args), env=full_env, input=input,
                                  catch_exceptions=False)

    return run


def write_article(folder: Path, name: str, title: str, paragraphs: Sequence[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def paragraphs_keyed_by_version(db: sqlite3.Connection) -> None:
    """Give a store's paragraphs table its shape before schema 12, keyed by article id and
    version (a test making an older store out of a current one)."""
    db.executescript("""
        CREATE TABLE old_paragraphs (
            article_id TEXT NOT NULL, version INTEGER NOT NULL, idx INTEGER NOT NULL,
            start INTEGER NOT NULL, end INTEGER NOT NULL, hash INTEGER NOT NULL,
            words INTEGER NOT NULL, pattern TEXT, frequent INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (article_id, version, idx)) WITHOUT ROWID;
        INSERT INTO old_paragraphs SELECT v.article_id, v.version, p.idx, p.start, p.end,
            p.hash, p.words, p.pattern, p.frequent FROM paragraphs p
            JOIN versions v ON v.seq = p.seq;
        DROP TABLE paragraphs;
        ALTER TABLE old_paragraphs RENAME TO paragraphs;
        CREATE INDEX paragraphs_by_hash ON paragraphs(hash, article_id, version, idx, pattern,
                                                      frequent);
        CREATE INDEX paragraphs_flagged ON paragraphs(hash)
            WHERE pattern IS NOT NULL OR frequent = 1;
    """)
