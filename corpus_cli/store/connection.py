"""Opening a corpus store: the SQLite connection, its settings, schema checks, migrations
and write transactions.

Durability comes from SQLite itself: WAL journaling, and writes grouped in
``BEGIN IMMEDIATE`` transactions that each hold whole articles, so an interrupted or
killed ingest leaves every committed article intact and no article half-written.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from corpus_cli.errors import StoreError
from corpus_cli.store.paths import store_root
from corpus_cli.store.records import Pending
from corpus_cli.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 60_000
CACHE_KIB = 32 * 1024
CHECKPOINT_PAGES = 10_000
MEMORY = ":memory:"  # a store that lives in this process and is gone when it ends


class StoreConnection:
    """An open store file. ``Store`` adds reading (``StoreQueries``) and writing."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        self.in_memory = str(path) == MEMORY
        self.root = Path.cwd().resolve() if self.in_memory else store_root(path)
        self._next_seq: int | None = None  # ingest order of the next version written
        self._pending: Pending | None = None  # rows put() queued in the open transaction
        self._empty: bool | None = None  # the store held no article at this transaction's start
        if self.in_memory:
            pass
        elif not path.exists():
            if not create:
                raise StoreError(f"no corpus store at {path} (run `corpus ingest` first)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(
                    f"cannot create the store folder {path.parent}: {err.strerror}"
                ) from err
        elif path.is_dir():
            raise StoreError(f"{path} is a folder, not a corpus store file")
        self.db = sqlite3.connect(MEMORY if self.in_memory else path, isolation_level=None,
                                  timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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
        except sqlite3.DatabaseError as err:
            self.db.close()
            raise StoreError(f"{path} is not a usable corpus store: {err}") from err
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: all of it lands, or none of it.

        Rolls back on any exception, KeyboardInterrupt and generator close included.
        """
        self.db.execute("BEGIN IMMEDIATE")
        self._next_seq = None  # read once per transaction, under its lock
        self._pending = Pending()
        self._empty = None
        try:
            yield self.db
            self._write_pending()
        except BaseException:
            self._pending = None
            self.db.execute("ROLLBACK")
            raise
        self._pending = None
        self.db.execute("COMMIT")

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
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
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

    def _write_pending(self) -> None:
        """Write what the open transaction queued (``Store`` queues article rows)."""
