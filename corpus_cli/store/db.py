"""The corpus store: one SQLite file holding every article version losslessly.

An article is identified by its location (URL when known, else its path) and each of
its versions by a content hash. The stored text of a version is kept exactly; paragraph
spans, normalised hashes and boilerplate flags are derived from it and can be rebuilt.

Durability comes from SQLite itself: WAL journaling, and writes grouped in
``BEGIN IMMEDIATE`` transactions that each hold whole articles, so an interrupted or
killed ingest leaves every committed article intact and no article half-written.
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path

from corpus_cli.errors import NotFoundError, StoreError
from corpus_cli.models import Article, Paragraph, Span, StoredArticle
from corpus_cli.store.params import in_batches
from corpus_cli.store.paths import store_root
from corpus_cli.store.records import (
    ArticleRows,
    CurrentText,
    Latest,
    Pending,
    StoredVersion,
    article_rows,
)
from corpus_cli.store.schema import MIGRATIONS, SCHEMA_VERSION
from corpus_cli.text.boilerplate import FrequencyPolicy, frequent_paragraphs

BUSY_TIMEOUT_MS = 60_000
CACHE_KIB = 32 * 1024
CHECKPOINT_PAGES = 10_000
WRITE_EVERY = 250  # queued versions written within the open transaction

FREQUENT_REASON = "frequent in source"
# The condition of the partial index paragraphs_flagged: boilerplate by pattern or frequency.
_FLAGGED = "(pattern IS NOT NULL OR frequent = 1)"
# Rows read to judge whether a flagged paragraph is furniture (Store.furniture_hashes).
FURNITURE_SAMPLE = 64


class Store:
    """A corpus store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        self.root = store_root(path)
        self._next_seq: int | None = None  # ingest order of the next version written
        self._pending: Pending | None = None  # rows put() queued in the open transaction
        self._empty: bool | None = None  # the store held no article at this transaction's start
        if not path.exists():
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
        self.db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
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

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
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
        if self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
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

    # -- writing -------------------------------------------------------------------------

    def put(self, article: Article) -> tuple[str, int]:
        """Store ``article`` inside an open ``write()`` transaction: ``put_rows`` of its rows."""
        return self.put_rows(article_rows(article))

    def put_rows(self, rows: ArticleRows) -> tuple[str, int]:
        """Store one article's rows inside an open ``write()`` transaction.

        Returns ``(status, version)``: ``added`` for a new location, ``unchanged`` when
        its latest version has the same content hash, else ``new_version``. Rows are
        queued and written together when the transaction commits.
        """
        pending = self._pending
        if pending is None:
            raise RuntimeError("Store.put() needs an open write() transaction")
        row = self.latest(rows.id)
        if row is not None and row.content_hash == rows.content_hash:
            return "unchanged", row.version
        version = 1 if row is None else row.version + 1
        if row is None:
            pending.articles.append((rows.id, rows.location, rows.path, rows.source))
        else:
            pending.updates.append((rows.path, rows.source, rows.id))
        if self._next_seq is None:
            self._next_seq = int(
                self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM versions").fetchone()[0])
        seq = self._next_seq
        pending.versions.append((rows.id, version, rows.content_hash, *rows.version, seq))
        self._next_seq += 1
        pending.paragraphs.extend((rows.id, version, *p) for p in rows.paragraphs)
        pending.latest[rows.id] = Latest(version, rows.content_hash, rows.title,
                                         len(rows.paragraphs))
        if len(pending.versions) >= WRITE_EVERY:
            # Write as we go, commit rarely: the writing overlaps reading in the workers,
            # and only the commit waits for the end of the batch.
            self._write_pending()
        return ("added" if row is None else "new_version"), version

    def _write_pending(self) -> None:
        """Write the rows ``put()`` queued; parents before children for the foreign keys."""
        pending = self._pending
        if pending is None or not pending.versions:
            return
        db = self.db
        db.executemany("INSERT INTO articles (id, location, path, source) VALUES (?, ?, ?, ?)",
                       pending.articles)
        db.executemany("UPDATE articles SET path = ?, source = ? WHERE id = ?", pending.updates)
        db.executemany(
            "INSERT INTO versions (article_id, version, content_hash, format, text, raw, title,"
            " title_start, title_end, date, byline, url, seq)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            pending.versions,
        )
        db.executemany(
            "INSERT INTO paragraphs (article_id, version, idx, start, end, hash, words, pattern)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            pending.paragraphs,
        )
        # Queued versions stay known to latest() until the commit; their rows are written.
        pending.articles.clear()
        pending.updates.clear()
        pending.versions.clear()
        pending.paragraphs.clear()

    def refresh_frequency_flags(self, policy: FrequencyPolicy | None = None) -> int:
        """Recompute "frequent in source" flags over current versions, inside ``write()``.

        Returns how many paragraphs are flagged by frequency.
        """
        db = self.db
        self._write_pending()
        policy = policy or FrequencyPolicy()
        # Only a hash found in enough paragraphs at all can be frequent within a source:
        # an index-only scan leaves out the (overwhelmingly) unique paragraphs before the
        # costly per-source distinct count.
        self._set_wanted(h for (h,) in db.execute(
            "SELECT hash FROM paragraphs GROUP BY hash HAVING count(*) >= ?",
            (policy.min_articles,)))
        candidates = db.execute(
            "SELECT a.source, p.hash FROM wanted w JOIN paragraphs p ON p.hash = w.hash"
            " JOIN current_versions v ON v.article_id = p.article_id AND v.version = p.version"
            " JOIN articles a ON a.id = p.article_id WHERE p.words <= ?"
            " GROUP BY a.source, p.hash HAVING COUNT(DISTINCT v.content_hash) >= ?",
            (policy.max_words, policy.min_articles),
        ).fetchall()
        db.execute("UPDATE paragraphs SET frequent = 0 WHERE frequent = 1")
        if not candidates:
            return 0
        self._set_wanted(h for _source, h in candidates)
        carriers = self._articles_with_hashes(policy.max_words)
        flagged = frequent_paragraphs(carriers, policy)
        rows = [(*key, idx) for key, indexes in flagged.items() for idx in indexes]
        db.executemany(
            "UPDATE paragraphs SET frequent = 1 WHERE article_id = ? AND version = ? AND idx = ?",
            rows,
        )
        return len(rows)

    def _set_wanted(self, hashes: Iterable[int]) -> None:
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (hash INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM wanted")
        db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", [(h,) for h in hashes])

    def _articles_with_hashes(self, max_words: int,
                              ) -> list[tuple[tuple[str, int], str | None, str, list[int | None]]]:
        """Current versions carrying a ``wanted`` hash, with all their paragraph hashes
        (None for paragraphs of more than ``max_words`` words: never furniture)."""
        rows = self.db.execute(
            "SELECT p.article_id, p.version, a.source, v.content_hash, p.idx,"
            " CASE WHEN p.words <= ? THEN p.hash END"
            " FROM paragraphs p"
            " JOIN current_versions v ON v.article_id = p.article_id AND v.version = p.version"
            " JOIN articles a ON a.id = p.article_id"
            " WHERE p.article_id IN (SELECT DISTINCT q.article_id FROM paragraphs q"
            "   JOIN wanted w ON w.hash = q.hash)"
            " ORDER BY p.article_id, p.idx", (max_words,)
        ).fetchall()
        grouped: dict[tuple[str, int], tuple[str | None, str, list[int | None]]] = {}
        for article_id, version, source, content_hash, _idx, h in rows:
            entry = grouped.setdefault((article_id, version), (source, content_hash, []))
            entry[2].append(h)
        return [(key, source, ch, hs) for key, (source, ch, hs) in grouped.items()]

    # -- reading -------------------------------------------------------------------------

    def latest(self, article_id: str) -> Latest | None:
        """The newest version's number and content hash (title and paragraph count are
        filled in by ``describe``, only needed when the content is unchanged)."""
        if self._pending is not None:
            if article_id in self._pending.latest:
                return self._pending.latest[article_id]
            # With the write lock held no other process can add articles: a store empty at
            # the first lookup stays empty but for ours, and lookups can skip the database.
            if self._empty is None:
                self._empty = self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
            if self._empty:
                return None
        row = self.db.execute(
            "SELECT version, content_hash FROM versions WHERE article_id = ?"
            " ORDER BY version DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        return Latest(row[0], row[1], "", 0) if row is not None else None

    def describe(self, article_id: str, latest: Latest) -> Latest:
        if self._pending is not None and article_id in self._pending.latest:
            return self._pending.latest[article_id]  # queued in this transaction: complete
        title, paragraphs = self.db.execute(
            "SELECT v.title, (SELECT count(*) FROM paragraphs p WHERE p.article_id = ?1"
            " AND p.version = ?2) FROM versions v WHERE v.article_id = ?1 AND v.version = ?2",
            (article_id, latest.version),
        ).fetchone()
        return Latest(latest.version, latest.content_hash, title, paragraphs)

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def is_empty(self) -> bool:
        """No article stored? (Counting 200,000 rows to learn this takes 20 ms.)"""
        return not self.db.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0]

    def articles(self) -> list[StoredArticle]:
        """Every article with its latest version's title, in ingest order."""
        rows = self.db.execute(
            "SELECT a.id, a.location, a.path, v.title, a.source, v.date,"
            " (SELECT count(*) FROM versions WHERE article_id = a.id),"
            " (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id"
            "    AND p.version = v.version),"
            " (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id"
            "    AND p.version = v.version AND (p.pattern IS NOT NULL OR p.frequent = 1))"
            " FROM articles a JOIN current_versions v ON v.article_id = a.id"
            " ORDER BY (SELECT MIN(seq) FROM versions WHERE article_id = a.id)"
        ).fetchall()
        return [StoredArticle(*row) for row in rows]

    def resolve(self, ref: str) -> str:
        """The article id for ``ref``: an id, a unique id prefix, a path or a location."""
        db = self.db
        exact = db.execute(
            "SELECT id FROM articles WHERE id = ? OR location = ? OR path = ?", (ref, ref, ref)
        ).fetchall()
        if len(exact) == 1:
            return str(exact[0][0])
        if not exact:
            # A unique prefix of an id, of a path, or of a file name inside a folder.
            escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            exact = db.execute(
                "SELECT id FROM articles WHERE id LIKE ?1 ESCAPE '\\' OR path LIKE ?1 ESCAPE '\\'"
                " OR path LIKE ?2 ESCAPE '\\' ORDER BY id LIMIT 6",
                (escaped + "%", "%/" + escaped + "%"),
            ).fetchall()
            if len(exact) == 1:
                return str(exact[0][0])
        if not exact:
            raise NotFoundError(f"no article matches {ref!r}")
        ids = ", ".join(str(r[0]) for r in exact[:5])
        raise NotFoundError(f"{ref!r} matches several articles ({ids}...): give more of the id")

    def version(self, article_id: str, version: int | None = None) -> StoredVersion:
        """One version of an article (the latest by default), with its paragraphs."""
        db = self.db
        versions = db.execute(
            "SELECT count(*) FROM versions WHERE article_id = ?", (article_id,)
        ).fetchone()[0]
        if not versions:
            raise NotFoundError(f"no article with id {article_id}")
        number = versions if version is None else version
        row = db.execute(
            "SELECT a.location, a.path, a.source, v.version, v.content_hash, v.format, v.text,"
            " v.title, v.title_start, v.title_end, v.date, v.byline, v.url, v.seq"
            " FROM versions v JOIN articles a ON a.id = v.article_id"
            " WHERE v.article_id = ? AND v.version = ?",
            (article_id, number),
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"article {article_id} has no version {number} (it has 1 to {versions})"
            )
        (location, path, source, number, content_hash, fmt, text, title, t_start, t_end,
         date, byline, url, seq) = row
        paragraphs = tuple(
            Paragraph(
                index=idx, start=start, end=end, text=text[start:end],
                boilerplate=bool(pattern or frequent),
                reason=pattern or (FREQUENT_REASON if frequent else None),
                hash=h, words=words,
            )
            for idx, start, end, pattern, frequent, h, words in db.execute(
                "SELECT idx, start, end, pattern, frequent, hash, words FROM paragraphs"
                " WHERE article_id = ? AND version = ? ORDER BY idx",
                (article_id, number),
            )
        )
        return StoredVersion(
            article_id=article_id, location=location, path=path, source=source,
            version=number, versions=versions, content_hash=content_hash, format=fmt,
            text=text, title=title,
            title_span=Span(t_start, t_end) if t_start is not None else None,
            date=date, byline=byline, url=url, seq=seq, paragraphs=paragraphs,
        )

    def current_texts(self, seqs: Iterable[int] | None = None,
                      id_range: tuple[str | None, str | None] = (None, None),
                      boilerplate: set[int] | None = None) -> Iterator[CurrentText]:
        """The newest version of every article (or of the versions ``seqs``), by article id;
        without ``seqs``, of the articles whose ids lie in ``id_range`` (lo <= id < hi,
        None for no bound).

        A paragraph is body unless its hash is in ``boilerplate`` (default: every hash
        flagged somewhere in the store, ``flagged_hashes()``).

        Two ordered scans merged in Python rather than a query per article: at 200,000
        articles the per-query cost would dominate.
        """
        flagged = self.flagged_hashes() if boilerplate is None else boilerplate
        if seqs is not None:
            for batch, marks in in_batches(sorted(set(seqs))):
                yield from self._texts_by_seq(batch, marks, flagged)
            return
        lo, hi = id_range
        bounds = (lo or "", hi is None, hi or "")
        versions = self.db.execute(
            "SELECT v.seq, v.article_id, v.version, a.path, v.title, v.date, v.text"
            " FROM versions v JOIN articles a ON a.id = v.article_id WHERE v.version ="
            " (SELECT MAX(version) FROM versions WHERE article_id = v.article_id)"
            " AND v.article_id >= ? AND (? OR v.article_id < ?)"
            " ORDER BY v.article_id", bounds)
        paragraphs = self.db.execute(
            "SELECT article_id, version, idx, start, end, hash FROM paragraphs"
            " WHERE article_id >= ? AND (? OR article_id < ?)"
            " ORDER BY article_id, version, idx", bounds)
        pending = next(paragraphs, None)
        for seq, aid, number, path, title, date, text in versions:
            while pending is not None and (pending[0], pending[1]) < (aid, number):
                pending = next(paragraphs, None)
            rows = []
            while pending is not None and pending[0] == aid and pending[1] == number:
                idx, start, end, h = pending[2:]
                rows.append((idx, start, end, h, int(h not in flagged)))
                pending = next(paragraphs, None)
            yield CurrentText(seq, aid, path, title, date, text, rows)

    def _texts_by_seq(self, seqs: Sequence[int], marks: str, flagged: set[int],
                      ) -> Iterator[CurrentText]:
        versions = self.db.execute(
            "SELECT v.seq, v.article_id, v.version, a.path, v.title, v.date, v.text"
            " FROM versions v JOIN articles a ON a.id = v.article_id"
            f" WHERE v.seq IN ({marks}) ORDER BY v.article_id", seqs)
        for seq, aid, number, path, title, date, text in versions.fetchall():
            rows = [(idx, start, end, h, int(h not in flagged)) for idx, start, end, h
                    in self.db.execute("SELECT idx, start, end, hash FROM paragraphs"
                                       " WHERE article_id = ? AND version = ? ORDER BY idx",
                                       (aid, number))]
            yield CurrentText(seq, aid, path, title, date, text, rows)

    def article_id_splits(self, shares: Sequence[float]) -> list[str]:
        """Article ids splitting the articles into ranges of the sizes ``shares`` (relative
        to their sum), in id order: one id fewer than shares."""
        count = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        ends = list(accumulate(shares))[:-1]
        return [r[0] for end in ends for r in self.db.execute(
            "SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?",
            (int(count * end / sum(shares)),))]

    def texts_of(self, seqs: list[int]) -> dict[int, str]:
        """The stored text of each version ``seqs``, by sequence number."""
        out: dict[int, str] = {}
        for batch, marks in in_batches(seqs):
            out.update(self.db.execute(
                f"SELECT seq, text FROM versions WHERE seq IN ({marks})", batch).fetchall())
        return out

    def paragraph_hashes(self, seqs: list[int]) -> set[int]:
        """The paragraph hashes of the versions ``seqs``."""
        out: set[int] = set()
        for batch, marks in in_batches(seqs):
            out.update(r[0] for r in self.db.execute(
                "SELECT p.hash FROM versions v JOIN paragraphs p ON p.article_id = v.article_id"
                f" AND p.version = v.version WHERE v.seq IN ({marks})", batch))
        return out

    def current_seqs(self, ids: Iterable[str]) -> list[int]:
        """The sequence numbers of the newest versions of the articles ``ids``."""
        out: list[int] = []
        for batch, marks in in_batches(sorted(set(ids))):
            out += [r[0] for r in self.db.execute(
                f"SELECT MAX(seq) FROM versions WHERE article_id IN ({marks})"
                " GROUP BY article_id", batch)]
        return out

    def flagged_hashes(self, hashes: Iterable[int] | None = None) -> set[int]:
        """Paragraph hashes flagged as boilerplate somewhere in the store (of ``hashes``).

        Furniture of one outlet stays furniture when another outlet reprints the article
        around it: comparison treats such a paragraph as boilerplate everywhere.
        """
        if hashes is None:
            # Seek from one distinct hash to the next in the partial index: a DISTINCT
            # scan would visit every flagged row (333,000 at 200,000 articles, 0.5 s)
            # for a few hundred hashes.
            return {r[0] for r in self.db.execute(
                f"WITH RECURSIVE h(v) AS (SELECT MIN(hash) FROM paragraphs WHERE {_FLAGGED}"
                " UNION ALL SELECT (SELECT MIN(hash) FROM paragraphs"
                f" WHERE {_FLAGGED} AND hash > h.v) FROM h WHERE h.v IS NOT NULL)"
                " SELECT v FROM h WHERE v IS NOT NULL")}
        # One statement per batch, each hash's lookup stopping at its first flagged row: a
        # statement per hash was 0.4 ms of a 5 ms warm ``dedupe --check`` (40 hashes).
        out: set[int] = set()
        for batch, _marks in in_batches(sorted(set(hashes))):
            rows = ",".join(["(?)"] * len(batch))
            out.update(r[0] for r in self.db.execute(
                f"SELECT column1 FROM (VALUES {rows}) WHERE EXISTS"
                f" (SELECT 1 FROM paragraphs WHERE hash = column1 AND {_FLAGGED})", batch))
        return out

    def furniture_hashes(self, hashes: Iterable[int], min_articles: int,
                         min_flagged_share: float = 0.0) -> set[int]:
        """Of ``hashes``, the paragraphs that are site furniture for sure: flagged by a
        boilerplate pattern, or carried by at least ``min_articles`` stored articles and
        flagged in at least ``min_flagged_share`` of them.

        The frequency rule flags a paragraph found in three articles of one source; a short
        story paragraph that a source's follow-ups repeat qualifies too, and must not be
        ignored when telling an exact copy from one that left it out. Copies spread such a
        paragraph to many articles, but the frequency rule flags it only where it recurs
        within one source; furniture is flagged wherever it appears.
        """
        out = set()
        for h in set(hashes):
            # The first rows in the index stand for all: furniture of a big site is in
            # thousands of articles, and ids are random, so the sample is not one source's.
            carriers, flagged = self.db.execute(
                "SELECT count(DISTINCT article_id), count(DISTINCT CASE WHEN"
                f" {_FLAGGED} THEN article_id END) FROM (SELECT article_id, pattern,"
                " frequent FROM paragraphs WHERE hash = ? LIMIT ?)",
                (h, FURNITURE_SAMPLE)).fetchone()
            if (carriers >= min_articles and flagged >= min_flagged_share * carriers) \
                    or self.db.execute("SELECT 1 FROM paragraphs WHERE hash = ? AND pattern"
                                       " IS NOT NULL LIMIT 1", (h,)).fetchone():
                out.add(h)
        return out

    def raw(self, article_id: str, version: int) -> bytes | None:
        """The markup a version's text was extracted from, if it had any."""
        row = self.db.execute(
            "SELECT raw FROM versions WHERE article_id = ? AND version = ?", (article_id, version)
        ).fetchone()
        return zlib.decompress(row[0]) if row and row[0] is not None else None

    def integrity_problems(self) -> list[str]:
        """SQLite's integrity check plus the store's own invariants; empty when sound."""
        db = self.db
        problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [
            f"article {r[0]} has no version"
            for r in db.execute(
                "SELECT id FROM articles a WHERE NOT EXISTS"
                " (SELECT 1 FROM versions v WHERE v.article_id = a.id)"
            )
        ]
        problems += [
            f"paragraph {r[0]}@{r[1]}#{r[2]} lies outside its text"
            for r in db.execute(
                "SELECT p.article_id, p.version, p.idx FROM paragraphs p JOIN versions v"
                " ON v.article_id = p.article_id AND v.version = p.version"
                " WHERE p.start < 0 OR p.end > length(v.text) OR p.start > p.end"
            )
        ]
        return problems
