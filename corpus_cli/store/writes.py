"""Writing a corpus store: article versions with their paragraphs, and frequency flags.

An article is identified by its location (URL when known, else its path) and each of
its versions by a content hash. The stored text of a version is kept exactly; paragraph
spans, normalised hashes and boilerplate flags are derived from it and can be rebuilt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from corpus_cli.models import Article
from corpus_cli.store.groups import StoreGroups
from corpus_cli.store.own import OwnVersion, OwnVersions
from corpus_cli.store.params import in_batches
from corpus_cli.store.queries import FLAGGED
from corpus_cli.store.records import ArticleRows, Latest, Pending, article_rows
from corpus_cli.store.schema import PARAGRAPH_INDEXES, UNINDEXED
from corpus_cli.text.frequency import BoilerplatePolicy, frequent_paragraphs

WRITE_EVERY = 250  # queued versions written within the open transaction


class Store(StoreGroups):
    """A corpus store: one SQLite file holding every article version losslessly. Use as a
    context manager, or call ``close()``."""

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
            self._next_seq = self._highest_seq() + 1
        seq = self._next_seq
        text, raw = rows.version[1], rows.version[2]
        # Roughly what the rows take: the text, the compressed markup, paragraph rows and
        # their index entries (for a full disk's message).
        self.expect(len(text) if isinstance(text, str) else 0)
        self.expect((len(raw) if isinstance(raw, bytes) else 0) + 96 * len(rows.paragraphs))
        pending.versions.append((rows.id, version, rows.content_hash, *rows.version, seq))
        self._next_seq += 1
        article_id = rows.id
        pending.paragraphs.extend((seq, p[0], article_id, *p[1:]) for p in rows.paragraphs)
        if not self._own_decided:
            self._own_decided = True
            if self.db.execute("SELECT NOT EXISTS (SELECT 1 FROM versions)").fetchone()[0]:
                self._own = OwnVersions()
                self._defer_paragraph_indexes()
        if self._own is not None:
            pending.own.append((rows.id, seq, OwnVersion(seq, version, rows.source,
                                                          rows.content_hash, rows.paragraphs)))
        pending.latest[rows.id] = Latest(version, rows.content_hash, rows.title,
                                         len(rows.paragraphs))
        if len(pending.versions) >= WRITE_EVERY:
            # Write as we go, commit rarely: the writing overlaps reading in the workers,
            # and only the commit waits for the end of the batch.
            self._write_pending()
        return ("added" if row is None else "new_version"), version

    def _defer_paragraph_indexes(self) -> None:
        """The first versions of an empty store are being written: its paragraph hash
        indexes go until ``refresh_frequency_flags`` (which every ingest ends with) builds
        them, in the same transaction (a rollback keeps them)."""
        for name in PARAGRAPH_INDEXES:
            self.db.execute(f"DROP INDEX IF EXISTS {name}")
        self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, '1')",
                        (UNINDEXED,))

    def _index_paragraphs(self) -> None:
        """Build the paragraph hash indexes a first ingest left to its end."""
        count = self.db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        self.expect(64 * count)  # their entries, for a full disk's message
        for create in PARAGRAPH_INDEXES.values():
            self.db.execute(create)
        self.db.execute("DELETE FROM meta WHERE name = ?", (UNINDEXED,))

    def latest(self, article_id: str) -> Latest | None:
        own = self._own
        if own is not None and self._own_whole and self._pending is not None \
                and article_id not in self._pending.latest:
            # Every version the store held when this transaction began is one this object
            # wrote: a lookup in memory instead of the database.
            mine = own.current.get(article_id)
            return None if mine is None else Latest(mine.version, mine.content_hash, "", 0)
        return super().latest(article_id)

    def _began(self) -> None:
        own = self._own
        self._own_whole = own is not None and own.holds_all(*self.db.execute(
            "SELECT count(*), min(seq), max(seq) FROM versions").fetchone())

    def _committed(self, pending: Pending) -> None:
        if self._own is not None and pending.own and not self._own.add(pending.own):
            self._own = None  # another process wrote in between

    def _own_versions(self) -> OwnVersions | None:
        """The versions this object wrote (committed or in the open transaction), when
        they are every version the store holds."""
        own = self._own
        if own is None:
            return None
        if self._pending is not None and self._pending.own:
            own = own.copy()
            if not own.add(self._pending.own):
                return None
        count, low, high = self.db.execute(
            "SELECT count(*), min(seq), max(seq) FROM versions").fetchone()
        return own if own.holds_all(count, low, high) else None

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
            " title_start, title_end, date, byline, url, charset, seq)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            pending.versions,
        )
        db.executemany(
            "INSERT INTO paragraphs (seq, idx, article_id, start, end, hash, words, pattern)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            pending.paragraphs,
        )
        # The frequency flags no longer hold for what the store holds: a marker, committed
        # with the articles, until refresh_frequency_flags() has run. An ingest killed
        # before its refresh leaves it, and the next run refreshes (refresh_if_stale).
        db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('flags.stale', '1')")
        # Queued versions stay known to latest() until the commit; their rows are written.
        pending.articles.clear()
        pending.updates.clear()
        pending.versions.clear()
        pending.paragraphs.clear()

    def flags_stale(self) -> bool:
        """Were articles stored since the frequency flags were last refreshed?"""
        return self.db.execute("SELECT 1 FROM meta WHERE name = 'flags.stale'").fetchone() \
            is not None

    def flags_generation(self) -> int:
        """A number that changes whenever the frequency flags change: what was derived
        from them (the dedupe index) knows whether it is out of date."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'flags.generation'"
                              ).fetchone()
        return int(row[0]) if row is not None else 0

    def refresh_if_stale(self, policy: BoilerplatePolicy | None = None) -> bool:
        """Refresh the frequency flags if articles were stored since they last were (an
        ingest interrupted before its refresh, or one still running); True if it did."""
        if not self.flags_stale():
            return False
        with self.write():
            if not self.flags_stale():  # another process refreshed them meanwhile
                return False
            self.refresh_frequency_flags(policy)
        return True

    def refresh_frequency_flags(self, policy: BoilerplatePolicy | None = None) -> int:
        """Recompute "frequent in source" flags over current versions, inside ``write()``.

        Returns how many paragraphs are flagged by frequency. Clears the stale marker, and
        moves the flags' generation on when any flag changed.
        """
        db = self.db
        self._write_pending()
        policy = policy or BoilerplatePolicy()
        own = self._own_versions()
        # Kept until the first refresh only: a dedupe pass after ingest, in the same
        # process, would hold them for nothing (half a gigabyte for a million articles).
        self._own = None
        unindexed = self.paragraphs_unindexed()
        if unindexed and own is None:  # counting over the store reads them
            self._index_paragraphs()
            unindexed = False
        before = set(db.execute(f"SELECT seq, idx FROM paragraphs WHERE {FLAGGED}"
                                " AND frequent = 1"))
        rows = self._frequent_rows(policy, own)
        now = set(rows)
        # Only the flags that change are written, in key order (neighbouring rows share
        # pages): a first ingest finds none set, a later one few changed.
        db.executemany(
            "UPDATE paragraphs SET frequent = 0 WHERE seq = ? AND idx = ?",
            sorted(before - now),
        )
        db.executemany(
            "UPDATE paragraphs SET frequent = 1 WHERE seq = ? AND idx = ?",
            sorted(now - before),
        )
        if unindexed:  # built after the flags are set: not updated entry by entry
            self._index_paragraphs()
        if now != before:
            db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('flags.generation', ?)",
                       (str(self.flags_generation() + 1),))
        db.execute("DELETE FROM meta WHERE name = 'flags.stale'")
        return len(rows)

    def _frequent_rows(self, policy: BoilerplatePolicy,
                       own: OwnVersions | None) -> list[tuple[int, int]]:
        """The (sequence number, index) of every paragraph frequent in its source, counted
        over ``own`` when it holds every version of the store."""
        if own is not None:  # a first ingest: what it wrote is what to count
            flagged = frequent_paragraphs(own.carriers(policy.max_words, policy.min_articles),
                                          policy)
            return [(seq, idx) for seq, indexes in flagged.items() for idx in indexes]
        db = self.db
        # Only a hash found in enough paragraphs at all can be frequent within a source:
        # an index-only scan leaves out the (overwhelmingly) unique paragraphs before the
        # costly per-source distinct count.
        self._set_wanted(h for (h,) in db.execute(
            "SELECT hash FROM paragraphs GROUP BY hash HAVING count(*) >= ?",
            (policy.min_articles,)))
        candidates = db.execute(
            "SELECT a.source, p.hash FROM wanted w JOIN paragraphs p ON p.hash = w.hash"
            " JOIN current_versions v ON v.seq = p.seq"
            " JOIN articles a ON a.id = p.article_id WHERE p.words <= ?"
            " GROUP BY a.source, p.hash HAVING COUNT(DISTINCT v.content_hash) >= ?",
            (policy.max_words, policy.min_articles),
        ).fetchall()
        if not candidates:
            return []
        self._set_wanted(h for _source, h in candidates)
        carriers = self._articles_with_hashes(policy.max_words)
        flagged = frequent_paragraphs(carriers, policy)
        return [(seq, idx) for seq, indexes in flagged.items() for idx in indexes]

    def _set_wanted(self, hashes: Iterable[int]) -> None:
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (hash INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM wanted")
        db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", [(h,) for h in hashes])

    def _articles_with_hashes(self, max_words: int,
                              ) -> list[tuple[int, str | None, str, list[int | None]]]:
        """Current versions carrying a ``wanted`` hash, with all their paragraph hashes
        (None for paragraphs of more than ``max_words`` words: never furniture)."""
        rows = self.db.execute(
            "SELECT p.seq, a.source, v.content_hash, p.idx,"
            " CASE WHEN p.words <= ? THEN p.hash END"
            " FROM paragraphs p"
            " JOIN current_versions v ON v.seq = p.seq"
            " JOIN articles a ON a.id = p.article_id"
            " WHERE p.seq IN (SELECT DISTINCT q.seq FROM paragraphs q"
            "   JOIN wanted w ON w.hash = q.hash)"
            " ORDER BY p.seq, p.idx", (max_words,)
        ).fetchall()
        grouped: dict[int, tuple[str | None, str, list[int | None]]] = {}
        for seq, source, content_hash, _idx, h in rows:
            entry = grouped.setdefault(seq, (source, content_hash, []))
            entry[2].append(h)
        return [(key, source, ch, hs) for key, (source, ch, hs) in grouped.items()]

    def _highest_seq(self) -> int:
        """The highest sequence number ever given, forgotten versions included: a number is
        never given twice, so 'the newest was N' keeps naming one snapshot of the store
        (``newest_seq``; the dedupe index records the one it covers)."""
        return int(self.db.execute(
            "SELECT MAX(COALESCE((SELECT MAX(seq) FROM versions), 0), COALESCE((SELECT"
            " CAST(value AS INTEGER) FROM meta WHERE name = 'seq.high'), 0))").fetchone()[0])

    def keep_quotes(self, rules: str, found: Iterable[tuple[int, str, str]]) -> bool:
        """Keep the quotes ``found`` for article versions, ``(seq, aside, quotes)`` each,
        under ``rules``, in a transaction of their own; True if they were kept.

        Derived data, kept only to spare the next run the work: this never waits for
        another writer's lock, and a store that cannot be written now (locked, read-only,
        full) is left as it was and False returned. A version forgotten meanwhile keeps
        nothing; the older versions of an article, and other rules' quotes of a version,
        are dropped (nothing reads them again).
        """
        rows = list(found)
        if not rows:
            return True
        try:
            with self.write(wait=0) as db:
                db.executemany(
                    "DELETE FROM kept_quotes WHERE seq IN (SELECT w.seq FROM versions v JOIN"
                    " versions w ON w.article_id = v.article_id AND w.seq < v.seq"
                    " WHERE v.seq = ?)", [(seq,) for seq, _, _ in rows])
                db.executemany("DELETE FROM kept_quotes WHERE seq = ? AND rules != ?",
                               [(seq, rules) for seq, _, _ in rows])
                db.executemany(
                    "INSERT OR REPLACE INTO kept_quotes (seq, rules, aside, quotes)"
                    " SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM versions WHERE seq = ?1)",
                    [(seq, rules, aside, quotes) for seq, aside, quotes in rows])
        except (sqlite3.Error, OSError):
            return False
        return True

    def forget(self, article_ids: Iterable[str]) -> list[int]:
        """Remove the articles ``article_ids``, every version, paragraph and index row of
        them, and the kept dedupe groups they were members of, inside the caller's
        ``write()`` transaction. Returns the sequence numbers of the removed versions (the
        caller removes their postings: the index layer owns their format)."""
        db = self.db
        self._own = None  # versions go: what this object wrote is no longer the store
        self._own_decided = True
        ids = sorted(set(article_ids))
        db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('seq.high', ?)",
                   (str(self._highest_seq()),))
        seqs: list[int] = []
        for batch, marks in in_batches(ids):
            seqs += [r[0] for r in db.execute(
                f"SELECT seq FROM versions WHERE article_id IN ({marks})", batch)]
            db.execute("DELETE FROM paragraphs WHERE seq IN (SELECT seq FROM versions"
                       f" WHERE article_id IN ({marks}))", batch)
            db.execute(f"DELETE FROM versions WHERE article_id IN ({marks})", batch)
            db.execute(f"DELETE FROM articles WHERE id IN ({marks})", batch)
            db.execute(f"DELETE FROM ingested_files WHERE article_id IN ({marks})", batch)
        for seq_batch, seq_marks in in_batches(sorted(seqs)):
            db.execute(f"DELETE FROM indexed WHERE seq IN ({seq_marks})", seq_batch)
            db.execute(f"DELETE FROM kept_quotes WHERE seq IN ({seq_marks})", seq_batch)
            # A group as a pass found it cannot be shown without its members.
            db.execute("DELETE FROM dedupe_groups WHERE (settings, id) IN (SELECT settings,"
                       f" group_id FROM dedupe_members WHERE seq IN ({seq_marks}))", seq_batch)
        db.execute("DELETE FROM dedupe_members WHERE NOT EXISTS (SELECT 1 FROM dedupe_groups"
                   " g WHERE g.settings = dedupe_members.settings"
                   " AND g.id = dedupe_members.group_id)")
        self._next_seq = None
        return seqs
