"""Files ingest read before, recognised from their stat without reading them, as git's
index recognises a work tree's unchanged files.

Before anything is read, each file's stat is compared with the entry the store kept when
the file was last read (``Store.known_files``). The file is not read again, and is
``unchanged`` with the recorded article version, only when

- its size, mtime, ctime, inode and device are exactly the recorded ones;
- the entry is not *racy*: the recorded mtime is older than the moment the stat was taken
  by more than ``RACY_MARGIN_NS``. A file changed within the same timestamp tick as the
  read that recorded it could keep its stat; such an entry is never trusted, and the file
  is read (and its entry refreshed, so a later run can trust it);
- the entry was made with the same reading scheme (``reading_key``: the settings that
  change what the same bytes give, and the reading code itself);
- the store still holds that version as the article's latest (an article forgotten with
  ``corpus rm``, or given a new version through another path, is read again).

Only files holding one article (text, Markdown, HTML, by their name) are recognised this
way; a JSON, JSON Lines or WARC file, or a file whose format is sniffed, is always read.
Stdin is never. The stat is taken before the file is read, so a change made while it is
being read leaves a stat that no longer matches, or an entry that is racy.
"""

from __future__ import annotations

import os
import stat as stat_mode
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from corpus_cli.digest import blake2b
from corpus_cli.ingest import formats
from corpus_cli.ingest.discover import Input
from corpus_cli.models import IngestResult
from corpus_cli.settings import IngestSettings
from corpus_cli.store import FileEntry, FileStat, Store, signed64
from corpus_cli.text.article import file_location
from corpus_cli.workers import no_cycle_collection

# Coarser than any file system's timestamps (FAT's are 2 s) and than the lag of the
# kernel's coarse clock behind time.time_ns(): an mtime this close to the moment of
# the stat may share a tick with a later write.
RACY_MARGIN_NS = 2_000_000_000
# Formats whose files give one article each (or an error): their entry names it.
_ONE_ARTICLE = frozenset({formats.TEXT, formats.MARKDOWN, formats.HTML})
# The code that decides what a file's bytes give (text, title, location): any change to
# it, an upgrade included, makes every entry a stranger.
_READING_CODE = ("ingest", "text")


class Stamp(NamedTuple):
    """A file's stat, taken before it is read, and the moment it was taken."""

    file: str  # the file's location, as the store keys it
    stat: FileStat
    recorded_ns: int

    def entry(self, result: IngestResult, content_hash: str) -> FileEntry:
        """The entry for this file, once reading it gave ``result``."""
        assert result.id is not None
        assert result.version is not None
        return FileEntry(self.file, self.stat, self.recorded_ns, result.id, result.version,
                         content_hash, result.title or "", result.paragraphs)


class Lookup(NamedTuple):
    """Per input: its stamp (None when it is never recognised), and the ``unchanged``
    results of the inputs recognised, by position."""

    stamps: list[Stamp | None]
    known: dict[int, IngestResult]
    key: str  # the reading scheme's key (``reading_key``)


def reading_key(settings: IngestSettings) -> str:
    """What changes what ingest makes of the same bytes: the per-article size cap (an
    article over it is an error) and the reading code."""
    return f"{_code_digest()}-max{settings.max_size}"


def code_prefix(key: str) -> str:
    """The part of a reading key (``reading_key``) naming the reading code: entries
    with another are dead."""
    return key.partition("-")[0] + "-"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    from corpus_cli import __version__

    digest = blake2b(__version__.encode(), digest_size=8)
    package = Path(__file__).resolve().parent.parent
    for folder in _READING_CODE:
        for path in sorted((package / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def is_racy(mtime_ns: int, recorded_ns: int) -> bool:
    """Could the file have changed after it was read without its stat showing it? Its
    mtime (``mtime_ns``) was not safely older than the moment the stat was taken."""
    return mtime_ns >= recorded_ns - RACY_MARGIN_NS


def look_up(store: Store, inputs: Sequence[Input], settings: IngestSettings) -> Lookup:
    """Stamp the inputs that can be recognised, and recognise those the store knows.

    A stamp, an entry and a result a file, all kept to the end of the run and none in a
    reference cycle: the cycle collector, which would go over each of them again and
    again as they are made, is paused meanwhile (a fifth of a re-ingest's time)."""
    with no_cycle_collection():
        return _look_up(store, inputs, settings)


def _look_up(store: Store, inputs: Sequence[Input], settings: IngestSettings) -> Lookup:
    key = reading_key(settings)
    now = time.time_ns()  # before any stat: never later than the read that follows
    folders: dict[str, str] = {}
    stamps = [_stamp(inp, store.root, now, folders) for inp in inputs]
    entries = store.known_files(key, [s.file for s in stamps if s is not None])
    known: dict[int, IngestResult] = {}
    for i, (inp, found) in enumerate(zip(inputs, stamps, strict=True)):
        entry = entries.get(found.file) if found is not None else None
        if found is None or entry is None:
            continue
        if entry.same_stat(found.stat) and not is_racy(entry.mtime_ns, entry.recorded_ns):
            known[i] = IngestResult(name=inp.name, status="unchanged", id=entry.article_id,
                                    title=entry.title, paragraphs=entry.paragraphs,
                                    version=entry.version)
    return Lookup(stamps, known, key)


def _stamp(inp: Input, root: Path, now: int, folders: dict[str, str]) -> Stamp | None:
    if inp.path is None or inp.error is not None or formats.format_of(inp.name) not in \
            _ONE_ARTICLE:
        return None
    file = _absolute(os.fspath(inp.path), folders)
    try:
        st = os.stat(file)
    except OSError:
        return None  # the reader tells what is wrong
    if not stat_mode.S_ISREG(st.st_mode):
        return None  # a named pipe given explicitly: read, never recognised
    return Stamp(file_location(file, root),
                 FileStat(st.st_size, st.st_mtime_ns, st.st_ctime_ns, signed64(st.st_ino),
                          signed64(st.st_dev)),
                 now)


def _absolute(path: str, folders: dict[str, str]) -> str:
    """``os.path.abspath(path)``, as the reader names the file (``Document.file``), with
    each folder's made absolute once: a file's own name is never ``.`` or ``..``."""
    if os.sep != "/" or path.startswith("//"):
        return os.path.abspath(path)  # (POSIX keeps a leading "//")
    if path.startswith("/") and "/." not in path and "//" not in path \
            and not path.endswith("/"):
        return path  # absolute and normal already (a folder given as an absolute path)
    # String work, not os.path.split and join: per file, they cost as much as the stat.
    cut = path.rfind("/")
    folder, name = (path[:cut] or "/", path[cut + 1 :]) if cut >= 0 else ("", path)
    if not name or name in (".", ".."):
        return os.path.abspath(path)
    absolute = folders.get(folder)
    if absolute is None:
        absolute = folders[folder] = os.path.abspath(folder or os.curdir).rstrip("/") + "/"
    return absolute + name
