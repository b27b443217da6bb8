"""Opening a corpus store: the SQLite connection, its settings, schema checks, migrations
and write transactions.

Durability comes from SQLite itself: WAL journaling, and writes grouped in
``BEGIN IMMEDIATE`` transactions that each hold whole articles, so an interrupted or
killed ingest leaves every committed article intact and no article half-written.

Whatever goes wrong while the store is in use (a lock held too long, a full disk, a
read-only or damaged file) leaves the store through ``__exit__`` as a ``StoreError``
saying so (``faults``), after the open transaction was rolled back.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Self

from corpus_cli.errors import StoreError
from corpus_cli.store.faults import damaged, store_fault
from corpus_cli.store.own import OwnVersions
from corpus_cli.store.paths import store_root
from corpus_cli.store.records import Pending
from corpus_cli.store.schema import (
    MIGRATIONS,
    PARAGRAPH_INDEXES,
    SCHEMA_OBJECTS,
    SCHEMA_VERSION,
    UNINDEXED,
)

WAIT_SECONDS = 60.0  # how long to wait for another process's write lock, by default
CACHE_KIB = 32 * 1024
CHECKPOINT_PAGES = 10_000
MEMORY = ":memory:"  # a store that lives in this process and is gone when it ends
_WAIT_SLICE_MS = 100  # a wait for the write lock, a slice at a time (see _begin_immediate)
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6

# How long stores opened in this context wait for a lock (``corpus ... --wait``). A context
# variable rather than a parameter threaded through every workflow: forked workers
# inherit it, and each workflow opens the store by path.
_wait: ContextVar[float] = ContextVar("corpus_store_wait", default=WAIT_SECONDS)


@contextmanager
def waiting(seconds: float | None) -> Iterator[None]:
    """Stores opened inside wait up to ``seconds`` for another process's lock (None: the
    default, ``WAIT_SECONDS``)."""
    if seconds is None:
        yield
        return
    token = _wait.set(seconds)
    try:
        yield
    finally:
        _wait.reset(token)


class StoreConnection:
    """An open store file. ``Store`` adds reading (``StoreQueries``) and writing.

    ``wait``: seconds to wait for a lock another process holds (default: ``waiting``'s).
    """

    def __init__(self, path: Path, *, create: bool = True, wait: float | None = None) -> None:
        self.path = path
        self.in_memory = str(path) == MEMORY
        self.wait = _wait.get() if wait is None else wait
        self.expected = 0  # bytes the open transaction writes, roughly (for a full disk)
        self._next_seq: int | None = None  # ingest order of the next version written
        self._pending: Pending | None = None  # rows put() queued in the open transaction
        self._empty: bool | None = None  # the store held no article at this transaction's start
        # The versions this object wrote into a store that held none (``store.own``), or
        # None: decided at the first article it writes, dropped when others write too.
        self._own: OwnVersions | None = None
        self._own_decided = False
        self._own_whole = False  # ``_own`` was all the store held at this transaction's start
        created = False
        try:
            self.root = Path.cwd().resolve() if self.in_memory else store_root(path)
            if self.in_memory:
                pass
            elif not path.exists():
                if not create:
                    raise StoreError(f"no corpus store at {path} (run `corpus ingest` first)")
                created = True
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    raise store_fault(err, path) from err
            elif path.is_dir():
                raise StoreError(f"{path} is a folder, not a corpus store file")
            self.db = sqlite3.connect(MEMORY if self.in_memory else path,
                                      isolation_level=None, timeout=self.wait)
        except OSError as err:
            raise store_fault(err, path) from err
        except sqlite3.Error as err:
            self._forget(created)
            raise store_fault(err, path, wait=self.wait) from err
        try:
            self._open()
        except BaseException as err:
            self.db.close()
            self._forget(created)
            if isinstance(err, sqlite3.Error | OSError):
                raise store_fault(err, path, wait=self.wait,
                                  expected=self.expected) from err
            raise

    def _open(self) -> None:
        """Settings, schema checks and migrations, on the new connection."""
        self.db.execute(f"PRAGMA busy_timeout = {int(self.wait * 1000)}")
        # 32 MiB of page cache (default 2 MiB): inserts land all over indexes keyed by
        # hashes, and a small cache turns them into reads as the store grows.
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        # Checkpoint every ~40 MiB of WAL rather than 4 MiB: each checkpoint syncs the
        # database file, and a bulk ingest would otherwise do so every few batches.
        self.db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        # Refuse foreign and newer files with reads only, before anything is written.
        self._check_schema()
        self._enable_wal()
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self._migrate()
        self._check_objects()

    def _forget(self, created: bool) -> None:
        """Remove the store file this process was creating when setting it up failed (a
        full disk, a read-only folder): no empty store is left behind. A file that holds
        a schema already is another process's store, and stays."""
        if not created:
            return
        try:
            with open(self.path, "rb") as f:
                header = f.read(64)
        except OSError:
            return
        if len(header) == 64 and header[60:64] != bytes(4):  # PRAGMA user_version
            return
        for name in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            with contextlib.suppress(OSError):
                os.unlink(name)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 _tb: object) -> None:
        self.close()
        if isinstance(err, sqlite3.Error | OSError) and not isinstance(err, BrokenPipeError):
            raise self.fault(err) from err

    def fault(self, err: BaseException) -> StoreError:
        """``err``, met while using this store, as the ``StoreError`` a user reads."""
        return store_fault(err, self.path, wait=self.wait, expected=self.expected)

    def expect(self, size: int) -> None:
        """The open transaction will write about ``size`` more bytes."""
        self.expected += size

    @contextmanager
    def write(self, wait: float | None = None) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: all of it lands, or none of it. ``wait``:
        seconds to wait for another writer's lock (None: the store's ``wait``).

        Rolls back on any exception, KeyboardInterrupt and generator close included.
        """
        self._begin_immediate(self.wait if wait is None else wait)
        self._next_seq = None  # read once per transaction, under its lock
        self._pending = Pending()
        self._empty = None
        self.expected = 0
        self._began()
        try:
            yield self.db
            self._write_pending()
        except BaseException:
            self._pending = None
            self._rollback()
            raise
        pending, self._pending = self._pending, None
        try:
            self.db.execute("COMMIT")
        except BaseException:
            self._rollback()  # a COMMIT that failed (a full disk) leaves it open
            raise
        self._committed(pending)

    def _began(self) -> None:
        """A write transaction has begun (``Store`` checks its own versions)."""

    def _committed(self, pending: Pending) -> None:
        """What the transaction that just committed queued is durable (``Store`` keeps
        track of its own versions)."""

    def _begin_immediate(self, wait: float) -> None:
        """``BEGIN IMMEDIATE``, waiting up to ``wait`` seconds for another writer.

        SQLite waits for a lock in C, where Python cannot see a Ctrl-C: it is asked to
        wait a tenth of a second at a time, so an interrupted wait ends at once."""
        deadline = time.monotonic() + wait
        self.db.execute(f"PRAGMA busy_timeout = {min(_WAIT_SLICE_MS, int(wait * 1000))}")
        try:
            while True:
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as err:
                    code = getattr(err, "sqlite_errorcode", 0) & 0xFF
                    if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) \
                            or time.monotonic() >= deadline:
                        raise
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(self.wait * 1000)}")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every statement inside sees the same snapshot of the
        store, whatever other processes commit meanwhile."""
        self.db.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            self._rollback()  # nothing was written: ending it is all a rollback does

    def _rollback(self) -> None:
        # SQLite may have rolled back already (some I/O errors do it themselves).
        if self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def _check_schema(self) -> int:
        version: int = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer corpus-cli (schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}): upgrade corpus-cli"
            )
        if version == 0 and self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]:
            raise StoreError(f"{self.path} is an SQLite file but not a corpus store")
        return version

    def _enable_wal(self) -> None:
        if self.in_memory or self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() \
                == "wal":
            return
        # Switching a new file to WAL needs the write lock, and SQLite reports SQLITE_BUSY
        # at once (no busy handler) while another process holds a read lock on it: two
        # first ingests into one new store race here. Retry until the busy timeout.
        deadline = time.monotonic() + self.wait
        while True:
            try:
                mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        if mode.lower() != "wal":
            raise StoreError(f"{self.path}: cannot switch the store to WAL mode (got {mode})")

    def _migrate(self) -> None:
        if self._check_schema() == SCHEMA_VERSION:
            return
        with self.write() as db:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = self._check_schema()
            for script in MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_objects(self) -> None:
        """Refuse a store that lacks part of its schema (a table dropped by hand) before
        anything is read or written."""
        found = set(self.db.execute("SELECT type, name FROM sqlite_master"))
        if ("table", "meta") in found and self.paragraphs_unindexed():
            # A first ingest builds them at its end (or the next refresh, if it was stopped).
            found |= {("index", name) for name in PARAGRAPH_INDEXES}
        missing = sorted(f"{kind} {name}" for kind, name in SCHEMA_OBJECTS - found)
        if missing:
            raise damaged(self.path, f"{', '.join(missing)} missing")

    def paragraphs_unindexed(self) -> bool:
        """Are the paragraph hash indexes left to build (``schema.PARAGRAPH_INDEXES``)?"""
        return self.db.execute("SELECT 1 FROM meta WHERE name = ?", (UNINDEXED,)
                               ).fetchone() is not None

    def _write_pending(self) -> None:
        """Write what the open transaction queued (``Store`` queues article rows)."""
