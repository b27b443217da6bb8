"""A project as git has one: the store found from any subfolder, settings in
.corpus/config.toml, and ``corpus rm`` forgetting articles atomically."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from corpus_cli.store import Store, find_project, resolve_store_path
from tests.conftest import Run

CORPUS_000 = "corpus/000_6e919e2625b67137.txt"
CORPUS_004 = "corpus/004_39edef5f2efda2e7.txt"


def jsonl(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.split("\n") if line]


# -- the store is found in a parent folder -------------------------------------------------

def test_the_store_is_found_from_a_subfolder(cli: Run, project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("ingest", "corpus/", "-q").exit_code == 0
    deep = project / "corpus" / "notes" / "deeper"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    listed = cli("articles", "-f", "jsonl")
    assert listed.exit_code == 0, listed.stderr
    assert len(jsonl(listed.stdout)) == 5
    # A file given from the subfolder is identified by its path from the project root.
    (deep / "note.txt").write_text("A note\n\nA paragraph of the note, long enough.\n",
                                   encoding="utf-8")
    added = jsonl(cli("ingest", "note.txt", "-f", "jsonl").stdout)
    assert added[0]["status"] == "added"
    locations = [r["location"] for r in jsonl(cli("articles", "-f", "jsonl").stdout)]
    assert "corpus/notes/deeper/note.txt" in locations
    assert not (deep / ".corpus").exists()


def test_store_flag_and_environment_win_over_the_search(cli: Run, project: Path,
                                                        tmp_path: Path) -> None:
    cli("ingest", "corpus/", "-q")
    other = tmp_path / "other.sqlite3"
    cli("ingest", CORPUS_000, "--store", str(other), "-q")
    assert len(jsonl(cli("articles", "--store", str(other), "-f", "jsonl").stdout)) == 1
    env = {"CORPUS_STORE": str(other)}
    assert len(jsonl(cli("articles", "-f", "jsonl", env=env).stdout)) == 1


def test_the_search_stops_at_a_ceiling(tmp_path: Path) -> None:
    top = tmp_path / "top"
    (top / ".corpus").mkdir(parents=True)
    inner = top / "a" / "b"
    inner.mkdir(parents=True)
    assert find_project(inner, environ={}) == top
    assert find_project(inner, environ={"CORPUS_CEILING_DIRECTORIES": str(top)}) is None
    assert find_project(top, environ={"CORPUS_CEILING_DIRECTORIES": str(top)}) == top
    found = resolve_store_path(environ={"CORPUS_CEILING_DIRECTORIES": str(tmp_path)})
    assert found == Path(".corpus/corpus.sqlite3")  # none here: this folder's, to create


# -- .corpus/config.toml ------------------------------------------------------------------

def _config(project: Path, text: str) -> None:
    (project / ".corpus").mkdir(exist_ok=True)
    (project / ".corpus" / "config.toml").write_text(text, encoding="utf-8")


def test_settings_file_sets_defaults_and_flags_win(cli: Run, project: Path) -> None:
    cli("ingest", "corpus/", "-q")
    default = jsonl(cli("dedupe", "-f", "jsonl", "-q").stdout)
    assert min(r["words"] for r in default) < 40
    _config(project, "[dedupe]\nmin-words = 40\n\n[quotes]\nmin_sources = 2\n")
    fewer = jsonl(cli("dedupe", "-f", "jsonl", "-q").stdout)
    assert fewer
    assert min(r["words"] for r in fewer) >= 40
    flagged = jsonl(cli("dedupe", "-f", "jsonl", "-q", "--min-words", "8").stdout)
    assert flagged == default
    groups = jsonl(cli("quotes", "--by", "group", "-f", "jsonl", "-q").stdout)
    assert groups
    assert all(g["articles"] >= 2 for g in groups)
    assert "[default: 40]" in " ".join(cli("dedupe", "--help", columns=200).stdout.split())


@pytest.mark.parametrize(("text", "message"), [
    ("[dedupe]\nmin-words = \n", "not valid TOML"),
    ("[dedup]\nthreshold = 0.9\n", "unknown section [dedup]"),
    ("[dedupe]\ntreshold = 0.9\n", "unknown setting dedupe.treshold"),
    ("[dedupe]\nmin-words = 0.5\n", "dedupe.min-words must be an integer, not 0.5"),
    ("[quotes]\npartial = 1\n", "quotes.partial must be true or false, not 1"),
    ("[ingest]\nglob = [1]\n", "ingest.glob must be a list of strings"),
])
def test_a_bad_settings_file_is_a_usage_error_naming_it(cli: Run, project: Path, text: str,
                                                        message: str) -> None:
    _config(project, text)
    result = cli("articles")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: .corpus/config.toml: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_setting_out_of_range_is_refused_as_the_flag_would_be(cli: Run,
                                                                project: Path) -> None:
    cli("ingest", "corpus/", "-q")
    _config(project, "[dedupe]\nthreshold = 1.5\n")
    result = cli("dedupe", "-q")
    assert result.exit_code == 2
    assert "--threshold" in result.stderr


# -- corpus rm ---------------------------------------------------------------------------

def _postings_seqs(store_path: Path) -> set[int]:
    db = sqlite3.connect(store_path)
    dtype = np.dtype([("key", "<u4"), ("seq", "<u4")])
    return {int(s) for (data,) in db.execute("SELECT data FROM postings")
            for s in np.frombuffer(data, dtype)["seq"]}


def test_rm_forgets_every_version_and_index_entry(cli: Run, project: Path,
                                                  store_path: Path) -> None:
    cli("ingest", "corpus/", "-q")
    edited = project / CORPUS_004
    edited.write_text(edited.read_text("utf-8") + "\nA correction was added.\n", "utf-8")
    cli("ingest", CORPUS_004, "-q")
    letter = next(r["group"] for r in jsonl(cli("dedupe", "-f", "jsonl", "-q").stdout)
                  if r["type"] == "passage")
    with Store(store_path) as db:
        gone = [r[0] for r in db.db.execute(
            "SELECT seq FROM versions v JOIN articles a ON a.id = v.article_id"
            " WHERE a.path IN (?, ?)", (CORPUS_000, CORPUS_004))]
    assert len(gone) == 3
    assert set(gone) & _postings_seqs(store_path)
    result = cli("rm", "004", "9a20fd5")
    assert result.exit_code == 0, result.stderr
    assert "2 articles (3 versions) forgotten" in result.stderr
    paths = [r["path"] for r in jsonl(cli("articles", "-f", "jsonl").stdout)]
    assert CORPUS_000 not in paths
    assert CORPUS_004 not in paths
    assert len(paths) == 3
    assert not set(gone) & _postings_seqs(store_path)
    with Store(store_path) as db:
        assert db.integrity_problems() == []
        for table in ("versions", "indexed", "dedupe_members"):
            column = "article_id" if table == "versions" else "seq"
            values = gone if column == "seq" else []
            if values:
                marks = ",".join("?" * len(values))
                assert db.db.execute(f"SELECT count(*) FROM {table} WHERE {column} IN"
                                     f" ({marks})", values).fetchone()[0] == 0
        assert db.db.execute("SELECT count(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1"
                             " FROM articles a WHERE a.id = p.article_id)").fetchone()[0] == 0
    # The letter group held 000: it is gone; the check finds no copy of what is forgotten.
    assert cli("show", letter).exit_code == 3
    copy = project / "copy.txt"
    copy.write_text((project / CORPUS_000).read_text("utf-8"), encoding="utf-8")
    assert cli("dedupe", "--check", str(copy), "-q").exit_code == 0


def test_rm_is_all_or_nothing(cli: Run, store_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    cli("ingest", "corpus/", "-q")
    before = store_path.read_bytes()
    bad = cli("rm", "004", "nothing-like-it")
    assert bad.exit_code == 3
    assert "error: nothing-like-it: " in bad.stderr
    assert "nothing removed" in bad.stderr
    assert len(jsonl(cli("articles", "-f", "jsonl").stdout)) == 5

    from corpus_cli.index.postings import PostingsIndex

    def fail(self: PostingsIndex, seqs: list[int]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(PostingsIndex, "remove", fail)
    interrupted = cli("rm", "004")
    assert interrupted.exit_code == 130
    assert len(jsonl(cli("articles", "-f", "jsonl").stdout)) == 5
    assert before  # the store was there before; its articles are all still there
