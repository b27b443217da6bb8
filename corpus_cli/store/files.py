"""The files ingest read, recognised later by their stat (as git's index recognises a
work tree's files): entries written with the articles they gave, looked up before reading.

The store keeps entries and answers which of them still name an article's latest version;
whether a file's stat matches, and whether an entry can be trusted at all (the racy
rule), is decided by the ingest layer (corpus_cli/ingest/known.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from corpus_cli.store.params import in_batches
from corpus_cli.store.queries import StoreQueries

RANGE_SCAN_FILES = 2000  # from this many files on, entries are scanned by common prefix


class FileStat(NamedTuple):
    """What a file's stat says of its content: any change of it means read it again."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int  # signed 64-bit, as SQLite keeps integers (``signed64``)
    device: int


class FileEntry(NamedTuple):
    """A file as ingest last read it, and the article version it gave."""

    file: str  # as the store keys a file's location: relative to the store's root
    stat: FileStat
    recorded_ns: int  # when the stat was taken, before the file was read
    article_id: str
    version: int
    content_hash: str
    title: str
    paragraphs: int


class KnownFile(NamedTuple):
    """An entry as ``known_files`` reads it back: a ``FileEntry`` with its stat's fields
    in line (one tuple a row, made straight from it, for a folder of a million files)."""

    file: str
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int
    recorded_ns: int
    article_id: str
    version: int
    content_hash: str
    title: str
    paragraphs: int

    def same_stat(self, stat: FileStat) -> bool:
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode, self.device) == stat


def signed64(n: int) -> int:
    """``n`` (an inode or device number, up to 2**64 - 1) as a signed 64-bit integer."""
    return n - (1 << 64) if n >= 1 << 63 else n


class StoreFiles(StoreQueries):
    def known_files(self, settings: str, files: Sequence[str]) -> dict[str, KnownFile]:
        """The entries for ``files`` read with ``settings`` whose article's latest version
        is still the one they gave (an article forgotten, or changed since by another
        file or process, has none).

        The version is checked by its number alone, in the versions' key index, never by
        reading its row (a random page of the store a file, 40 % of a re-ingest's query):
        a version row is written once and never rewritten, and forgetting an article
        drops its entries in the same transaction as its versions, so an entry's
        (article, version) never names other content than the one it recorded."""
        query = (
            "SELECT f.file, f.size, f.mtime_ns, f.ctime_ns, f.inode, f.device,"
            " f.recorded_ns, f.article_id, f.version, f.content_hash, f.title,"
            " f.paragraphs FROM ingested_files f"
            " WHERE f.settings = ? AND {files}"
            " AND (SELECT max(v.version) FROM versions v WHERE v.article_id = f.article_id)"
            "   = f.version")
        if len(files) >= RANGE_SCAN_FILES:
            # Many files are most often a folder's: one range scan of the entries under
            # their common prefix costs half what looking each up by name does.
            prefix = _common_prefix(files)
            wanted = set(files)
            batches: list[tuple[str, tuple[object, ...]]] = [
                (query.format(files="f.file >= ? AND f.file < ?"),
                        (settings, prefix, prefix + "\U0010ffff"))]
        else:
            batches = [(query.format(files=f"f.file IN ({marks})"), (settings, *batch))
                       for batch, marks in in_batches(files)]
        found: dict[str, KnownFile] = {}
        make = KnownFile._make
        for sql, params in batches:
            rows = self.db.execute(sql, params)
            if len(files) < RANGE_SCAN_FILES:
                found.update((row[0], make(row)) for row in rows)
            else:
                found.update((row[0], make(row)) for row in rows if row[0] in wanted)
        return found

    def forget_other_readings(self, prefix: str) -> int:
        """Inside the open ``write()`` transaction, drop every entry whose reading key does
        not start with ``prefix`` (entries of an older reading code never match again: an
        upgrade would leave one dead entry a file behind it). Returns how many."""
        if self._pending is None:
            raise RuntimeError("Store.forget_other_readings() needs an open write() "
                               "transaction")
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first key past the prefix
        return self.db.execute("DELETE FROM ingested_files WHERE settings < ? OR settings >= ?",
                               (prefix, after)).rowcount

    def record_files(self, settings: str, entries: Iterable[FileEntry]) -> None:
        """Write (or refresh) entries inside the open ``write()`` transaction that stores
        their articles: an entry is never durable without its article."""
        if self._pending is None:
            raise RuntimeError("Store.record_files() needs an open write() transaction")
        self.db.executemany(
            "INSERT OR REPLACE INTO ingested_files (settings, file, size, mtime_ns, ctime_ns,"
            " inode, device, recorded_ns, article_id, version, content_hash, title,"
            " paragraphs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(settings, e.file, *e.stat, e.recorded_ns, e.article_id, e.version,
              e.content_hash, e.title, e.paragraphs) for e in entries])


def _common_prefix(strings: Sequence[str]) -> str:
    """The longest string every one of ``strings`` starts with, character by character
    (not by path component: the entries are scanned as a range of strings)."""
    low, high = min(strings), max(strings)
    for i, (a, b) in enumerate(zip(low, high, strict=False)):
        if a != b:
            return low[:i]
    return low
