"""Re-ingest recognises unchanged files from their stat, as git's index does, without
reading them; a changed file, a racy entry, other settings or a forgotten article make
it read the file again (corpus_cli/ingest/known.py)."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus_cli.ingest import parse
from corpus_cli.ingest.discover import Input
from corpus_cli.ingest.forget import forget_articles
from corpus_cli.ingest.known import RACY_MARGIN_NS, look_up
from corpus_cli.ingest.readers import read_input
from corpus_cli.ingest.run import ingest_paths
from corpus_cli.models import Document, IngestResult
from corpus_cli.settings import IngestSettings
from corpus_cli.store import Store
from corpus_cli.store.schema import MIGRATIONS
from corpus_cli.text.article import build_article
from tests.conftest import write_article

SERIAL = IngestSettings(jobs=1)
HOUR_NS = 3600 * 10**9


def age(path: Path, hours: float = 1.0) -> None:
    """Give ``path`` an mtime well before now, as a folder of articles written earlier
    has: an entry recorded now is not racy."""
    then = time.time_ns() - int(hours * HOUR_NS)
    os.utime(path, ns=(then, then))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the inputs ingest reads (in this process: ``jobs=1``)."""
    seen: list[str] = []

    def reading(inp: Input, settings: IngestSettings) -> Iterator[Any]:
        seen.append(inp.name)
        return read_input(inp, settings)

    monkeypatch.setattr(parse, "read_input", reading)
    return seen


def ingest(store: Store, *paths: Path, settings: IngestSettings = SERIAL,
           ) -> list[IngestResult]:
    return list(ingest_paths(store, [str(p) for p in paths], settings))


def entries(store: Store) -> list[tuple[Any, ...]]:
    return store.db.execute("SELECT file, mtime_ns, ctime_ns, recorded_ns, article_id, version"
                            " FROM ingested_files ORDER BY file").fetchall()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    for i in range(3):
        age(write_article(src, f"{i}.txt", f"Story {i}", [f"One of {i}.", f"Two of {i}."]))
    age(write_article(src, "page.md", "A page", ["Body of the page."]))
    return src


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / ".corpus" / "s.sqlite3") as opened:
        yield opened


def test_an_unchanged_folder_is_unchanged_and_no_file_is_read(
        store: Store, folder: Path, reads: list[str]) -> None:
    first = ingest(store, folder)
    assert [r.status for r in first] == ["added"] * 4
    assert len(reads) == 4
    reads.clear()
    again = ingest(store, folder)
    assert reads == []
    # The same records as reading them gives: title, paragraphs, version, name, id.
    assert again == [IngestResult(r.name, "unchanged", r.id, r.title, r.paragraphs, r.version)
                     for r in first]


def test_every_entry_names_a_stored_version(store: Store, folder: Path) -> None:
    ingest(store, folder)
    assert len(entries(store)) == 4
    orphans = store.db.execute("SELECT count(*) FROM ingested_files f WHERE NOT EXISTS"
                               " (SELECT 1 FROM versions v WHERE v.article_id = f.article_id"
                               " AND v.version = f.version)").fetchone()[0]
    assert orphans == 0


def test_workers_recognise_files_too(store: Store, folder: Path) -> None:
    for i in range(3, parse.MIN_INPUTS + 10):
        age(write_article(folder, f"{i}.txt", f"Story {i}", [f"Only {i}."]))
    parallel = IngestSettings(jobs=2)
    first = ingest(store, folder, settings=parallel)
    again = ingest(store, folder, settings=parallel)
    assert [r.status for r in again] == ["unchanged"] * len(first)
    assert [(r.name, r.id, r.title, r.paragraphs) for r in again] == \
        [(r.name, r.id, r.title, r.paragraphs) for r in first]


def test_a_changed_file_is_read_as_a_new_version(
        store: Store, folder: Path, reads: list[str]) -> None:
    ingest(store, folder)
    reads.clear()
    target = folder / "1.txt"
    text = target.read_text()
    target.write_text(text.replace("Two of 1.", "Two of 9."))  # the same size
    age(target, 2.0)  # an mtime older than the entry's too
    results = {Path(r.name).name: r for r in ingest(store, folder)}
    assert reads == [str(target)]
    assert results["1.txt"].status == "new_version"
    assert results["1.txt"].version == 2
    assert {r.status for n, r in results.items() if n != "1.txt"} == {"unchanged"}


def test_a_touched_file_is_read_found_unchanged_and_its_entry_refreshed(
        store: Store, folder: Path, reads: list[str]) -> None:
    ingest(store, folder)
    target = folder / "0.txt"
    before = {row[0]: row for row in entries(store)}
    age(target, 3.0)  # touched: another mtime and ctime, the same bytes
    reads.clear()
    results = {Path(r.name).name: r.status for r in ingest(store, folder)}
    assert reads == [str(target)]
    assert results["0.txt"] == "unchanged"
    after = {row[0]: row for row in entries(store)}
    key = next(k for k in after if k.endswith("0.txt"))
    assert after[key][1] == target.stat().st_mtime_ns != before[key][1]
    assert after[key][3] > before[key][3]  # recorded anew
    reads.clear()
    ingest(store, folder)
    assert reads == []  # the refreshed entry is trusted


def _same_stat_other_bytes(store: Store, target: Path) -> None:
    """Rewrite ``target`` with other bytes of the same size and mtime, and make its entry
    match the new stat exactly (a file system whose rewrite kept every stat field: ctime
    cannot be set back from user space)."""
    st = target.stat()
    text = target.read_text()
    target.write_text(text.replace("Two of 2.", "Two of 8."))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    new = target.stat()
    assert (new.st_size, new.st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    store.db.execute("UPDATE ingested_files SET ctime_ns = ? WHERE file LIKE '%/2.txt'",
                     (new.st_ctime_ns,))
    store.db.commit()


def test_a_racy_entry_is_not_trusted_the_file_is_read(
        store: Store, tmp_path: Path, reads: list[str]) -> None:
    # Written just now and ingested at once: the entry's mtime is not safely older than
    # the moment it was recorded.
    target = write_article(tmp_path / "src", "2.txt", "Story 2", ["One of 2.", "Two of 2."])
    assert [r.status for r in ingest(store, target)] == ["added"]
    (mtime, recorded), = store.db.execute("SELECT mtime_ns, recorded_ns FROM ingested_files")
    assert mtime >= recorded - RACY_MARGIN_NS
    _same_stat_other_bytes(store, target)
    reads.clear()
    assert [r.status for r in ingest(store, target)] == ["new_version"]
    assert reads == [str(target)]


def test_an_entry_recorded_safely_after_the_mtime_is_trusted(
        store: Store, tmp_path: Path, reads: list[str]) -> None:
    # The counterpart of the racy test: the same stat, an entry recorded long after the
    # file's mtime. The file is not read (as git, a change keeping every stat field of a
    # file written long before is not seen: size, mtime, ctime and inode all agree).
    target = write_article(tmp_path / "src", "2.txt", "Story 2", ["One of 2.", "Two of 2."])
    age(target)
    assert [r.status for r in ingest(store, target)] == ["added"]
    _same_stat_other_bytes(store, target)
    reads.clear()
    assert [r.status for r in ingest(store, target)] == ["unchanged"]
    assert reads == []


def test_other_reading_settings_never_reuse_an_entry(
        store: Store, folder: Path, reads: list[str]) -> None:
    ingest(store, folder)
    reads.clear()
    other = IngestSettings(jobs=1, max_size=4096)
    assert {r.status for r in ingest(store, folder, settings=other)} == {"unchanged"}
    assert len(reads) == 4
    reads.clear()
    ingest(store, folder, settings=IngestSettings(jobs=1, batch_size=1))  # not reading
    assert reads == []


def test_entries_of_an_older_reading_code_are_dropped(
        store: Store, folder: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_cli.ingest import known

    ingest(store, folder)
    ingest(store, folder, settings=IngestSettings(jobs=1, max_size=4096))
    old = {k for (k,) in store.db.execute("SELECT DISTINCT settings FROM ingested_files")}
    assert len(old) == 2  # one code, two size caps: both kept
    monkeypatch.setattr(known, "_code_digest", lambda: "0123456789abcdef")  # an upgrade
    reads.clear()
    assert {r.status for r in ingest(store, folder)} == {"unchanged"}
    assert len(reads) == 4  # read again, once
    keys = {k for (k,) in store.db.execute("SELECT DISTINCT settings FROM ingested_files")}
    assert keys == {known.reading_key(SERIAL)}  # no dead entry left behind
    assert len(entries(store)) == 4


def test_a_forgotten_article_is_read_and_added_again(
        store: Store, folder: Path, reads: list[str]) -> None:
    first = {Path(r.name).name: r for r in ingest(store, folder)}
    article_id = first["2.txt"].id
    assert article_id is not None
    forget_articles(store.path, [article_id])
    reads.clear()
    again = {Path(r.name).name: r.status for r in ingest(store, folder)}
    assert again["2.txt"] == "added"
    assert reads == [str(folder / "2.txt")]


def test_an_article_changed_through_another_path_is_read_again(
        store: Store, folder: Path, tmp_path: Path, reads: list[str]) -> None:
    ingest(store, folder)
    # The same location (relative to the store's root) given a new version by other bytes
    # read from elsewhere, by a program using the library: the store's latest version is
    # no longer the entry's.
    other = write_article(tmp_path / "elsewhere", "1.txt", "Story 1", ["Rewritten there."])
    doc = next(iter(read_input(Input(str(other), str(other)), SERIAL)))
    assert isinstance(doc, Document)
    doc = dataclasses.replace(doc, file=str(folder / "1.txt"))
    with store.write():
        assert store.put(build_article(doc, store.root))[0] == "new_version"
    reads.clear()
    results = {Path(r.name).name: r.status for r in ingest(store, folder)}
    assert reads == [str(folder / "1.txt")]
    assert results["1.txt"] == "new_version"


def test_stdin_and_multi_article_files_are_never_recognised(store: Store, tmp_path: Path,
                                                          ) -> None:
    records = tmp_path / "many.jsonl"
    records.write_text('{"title": "A", "text": "Alpha."}\n{"title": "B", "text": "Beta."}\n')
    age(records)
    lookup = look_up(store, [Input("-", None), Input(str(records), records)], SERIAL)
    assert lookup.stamps == [None, None]
    ingest(store, records)
    assert entries(store) == []


def test_a_store_from_before_the_table_migrates_and_recognises(
        tmp_path: Path, folder: Path, reads: list[str]) -> None:
    before = next(i for i, script in enumerate(MIGRATIONS) if "ingested_files" in script)
    path = tmp_path / ".corpus" / "old.sqlite3"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.executescript("".join(MIGRATIONS[:before]) + f"; PRAGMA user_version = {before};")
    db.close()
    with Store(path) as store:
        assert [r.status for r in ingest(store, folder)] == ["added"] * 4
        reads.clear()
        assert [r.status for r in ingest(store, folder)] == ["unchanged"] * 4
        assert reads == []


_PATH_PARTS = ["a", "b.txt", ".", "..", "", "x y", "é.md"]


@pytest.mark.parametrize("absolute", [False, True])
def test_a_file_is_named_as_os_path_abspath_names_it(absolute: bool,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """The stamp's file name is the reader's (``os.path.abspath``), however the path was
    written: dots, doubled slashes, a bare name, a folder made absolute once."""
    from itertools import product

    from corpus_cli.ingest.known import _absolute

    monkeypatch.chdir(tmp_path)
    folders: dict[str, str] = {}
    for parts in product(_PATH_PARTS, repeat=3):
        path = ("/" if absolute else "") + "/".join(parts)
        if not path.strip("/"):
            continue
        assert _absolute(path, folders) == os.path.abspath(path), path
