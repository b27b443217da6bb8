"""What went wrong with the store, told to a user: SQLite and file-system errors become one
``StoreError`` naming the store, the cause and what to do about it.

A broken environment must never read as a result: a full disk, a lock held too long, a
read-only or damaged file each get their own ``StoreError`` subclass (exit 3), and the
transaction that met it is rolled back, so the store is as it was before it began.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from corpus_cli.errors import StoreDamaged, StoreError, StoreFull, StoreLocked, StoreReadOnly

# SQLite's primary result codes (the low byte of an extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_MISSING = ("no such table", "no such column", "no such index", "no such view")
_SHOWN_PROBLEMS = 3  # integrity_check lines quoted in a message
_COMMANDS = ("ingest", "articles", "show", "dedupe", "diff", "quotes", "rm")  # for a holder's kind
_FS_IMMUTABLE_FL = 0x10  # linux/fs.h: the "i" attribute of chattr
_FS_IOC_GETFLAGS = 0x80086601


def store_fault(err: BaseException, path: Path, *, wait: float = 0.0,
                expected: int = 0) -> StoreError:
    """``err``, met while using the store at ``path``, as a ``StoreError`` for the user.

    ``wait`` is how long a lock was waited for; ``expected`` how many bytes the failed
    transaction was writing (a full disk's message says how much room to make).
    """
    if isinstance(err, StoreError):
        return err
    message = str(err)
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    os_errno = err.errno if isinstance(err, OSError) else None
    if primary in (_BUSY, _LOCKED) or "database is locked" in message:
        return StoreLocked(f"{path} is locked: {_holders(path)} has held its write lock for more "
                           f"than {wait:g} s; rerun when it is done, or give --wait SECONDS "
                           "to wait longer")
    if primary == _FULL or os_errno in (errno.ENOSPC, errno.EDQUOT) or (
            primary == _IOERR and _free_bytes(path) == 0):
        return _full(path, expected)
    if primary == _READONLY or os_errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreReadOnly(f"{path} is read-only ({_why_read_only(path)}): this command "
                             "must write to it; make it writable, or copy it and give "
                             "--store COPY")
    if primary == _NOTADB:
        return StoreError(f"{path} is not a usable corpus store: it is not an SQLite "
                          "database file; give another --store")
    if primary == _CORRUPT or "malformed" in message:
        return damaged(path, "its file is corrupt")
    if message.startswith(_MISSING):
        return damaged(path, f"part of its schema is missing ({message})")
    if primary == _CANTOPEN:
        return StoreError(f"cannot open {path}: {_why_unopenable(path)}")
    if primary == _IOERR:
        return StoreError(f"cannot read or write {path}: disk I/O error ({message}); check "
                          "the disk and rerun")
    if isinstance(err, OSError):
        return StoreError(f"cannot use {path}: {err.strerror or err}")
    return StoreError(f"{path} cannot be used: {message}")


def damaged(path: Path, what: str) -> StoreDamaged:
    """A damaged store, with what SQLite's own integrity check says of it."""
    return StoreDamaged(f"{path} is damaged: {what}; PRAGMA integrity_check: "
                        f"{integrity(path)}. Restore it from a backup, or ingest the articles "
                        "again into a new store")


def integrity(path: Path) -> str:
    """The first lines of ``PRAGMA integrity_check`` on the store, through a read-only
    connection of its own (the one that met the damage may be unusable)."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError, ValueError) as err:
        return f"could not run ({err})"
    try:
        rows = [str(r[0]) for r in db.execute(f"PRAGMA integrity_check({_SHOWN_PROBLEMS})")]
    except sqlite3.Error as err:
        return f"could not run ({err})"
    finally:
        db.close()
    return "; ".join(rows) if rows else "no answer"


def _full(path: Path, expected: int) -> StoreFull:
    folder = path.resolve().parent
    free = _free_bytes(path)
    # Written once to the write-ahead log, then copied into the store file: room for
    # twice what the transaction writes (at least a few pages).
    need = max(2 * expected, 1 << 20)
    have = f"{_size(free)} free" if free is not None else "free space unknown"
    return StoreFull(f"{path}: the disk holding {folder} is full ({have}); this write needs "
                     f"about {_size(need)} more: free some space there and rerun")


def _free_bytes(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path.resolve().parent).free
    except OSError:
        return None


def _size(n: int) -> str:
    if n < 1024:
        return f"{n:,} bytes"
    value, unit = n / 1024, "KiB"
    for bigger in ("MiB", "GiB", "TiB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:,.1f} {unit}"


def _why_read_only(path: Path) -> str:
    folder = path.resolve().parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "on a read-only file system"
    except OSError:
        pass
    if _immutable(path):
        return "its immutable attribute is set: chattr -i"
    if path.exists() and not os.access(path, os.W_OK):
        return "no write permission on the file"
    if not os.access(folder, os.W_OK):
        return f"no write permission on its folder {folder}"
    return "it was opened read-only"


def _immutable(path: Path) -> bool:
    try:
        import array
        import fcntl

        flags = array.array("l", [0])
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.ioctl(fd, _FS_IOC_GETFLAGS, flags, True)
        finally:
            os.close(fd)
    except (OSError, ImportError):
        return False
    return bool(flags[0] & _FS_IMMUTABLE_FL)


def _why_unopenable(path: Path) -> str:
    folder = path.resolve().parent
    if not folder.is_dir():
        return f"its folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"no permission to create files in its folder {folder}"
    return "the file cannot be opened (permissions?)"


def _holders(path: Path) -> str:
    """Who holds a write lock on the store (Linux: from /proc/locks), as a phrase."""
    pids = lock_holders(path)
    if not pids:
        return "another process"
    described = [f"process {pid} ({_process_kind(pid)})" for pid in pids[:3]]
    return " and ".join(described)


def lock_holders(path: Path) -> list[int]:
    """Processes other than this one holding a write lock on the store file or its WAL
    index (``-shm``): the writer, or a process checkpointing it."""
    files = set()
    for name in (path, Path(f"{path}-shm")):
        try:
            st = os.stat(name)
        except OSError:
            continue
        files.add((os.major(st.st_dev), os.minor(st.st_dev), st.st_ino))
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            lines = locks.readlines()
    except OSError:
        return []
    pids: list[int] = []
    for line in lines:
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 31139 fe:00:2319265 120 120"; waiters have a "->".
        if len(fields) < 6 or fields[1] == "->" or fields[3] != "WRITE":
            continue
        try:
            pid = int(fields[4])
            major, minor, inode = fields[5].split(":")
            key = (int(major, 16), int(minor, 16), int(inode))
        except ValueError:
            continue
        if key in files and pid > 0 and pid != os.getpid() and pid not in pids:
            pids.append(pid)
    return pids


def _process_kind(pid: int) -> str:
    """What a process is, from its command line: ``corpus ingest``, ``sqlite3``, ..."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return "gone since"
    if not argv:
        return "unknown"
    for n, arg in enumerate(argv):
        if os.path.basename(arg) == "corpus" or arg == "corpus_cli":
            command = next((a for a in argv[n + 1 :] if a in _COMMANDS), "")
            return f"corpus {command}".strip()
    return os.path.basename(argv[0])
