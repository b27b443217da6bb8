"""Reading a corpus store: articles, versions, texts for comparison, boilerplate flags."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate

from corpus_cli.errors import NotFoundError
from corpus_cli.models import Paragraph, Span, StoredArticle
from corpus_cli.store.connection import StoreConnection
from corpus_cli.store.params import in_batches
from corpus_cli.store.records import (
    BodyParagraph,
    CurrentText,
    Flagged,
    KeptQuotes,
    Latest,
    StoredVersion,
)
from corpus_cli.text.frequency import FREQUENT_REASON

_new = tuple.__new__  # named tuples made in bulk (see BodyParagraph)
_UNBOUNDED = 1 << 62  # a sequence number above any stored
# The condition of the partial index paragraphs_flagged: boilerplate by pattern or frequency.
FLAGGED = "(pattern IS NOT NULL OR frequent = 1)"


class StoreQueries(StoreConnection):
    """What can be read from a store (``Store`` adds writing)."""

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
            "SELECT v.title, (SELECT count(*) FROM paragraphs p WHERE p.seq = v.seq)"
            " FROM versions v WHERE v.article_id = ?1 AND v.version = ?2",
            (article_id, latest.version),
        ).fetchone()
        return Latest(latest.version, latest.content_hash, title, paragraphs)

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def is_empty(self) -> bool:
        """No article stored? (Asked without counting every row.)"""
        return not self.db.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0]

    def articles(self) -> list[StoredArticle]:
        """Every article with its latest version's title, in ingest order."""
        rows = self.db.execute(
            "SELECT a.id, a.location, a.path, v.title, a.source, v.date,"
            " (SELECT count(*) FROM versions WHERE article_id = a.id),"
            " (SELECT count(*) FROM paragraphs p WHERE p.seq = v.seq),"
            " (SELECT count(*) FROM paragraphs p WHERE p.seq = v.seq"
            "    AND (p.pattern IS NOT NULL OR p.frequent = 1)),"
            " v.version, v.format, v.byline, v.url, v.charset"
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
        raise NotFoundError(self._ambiguous(ref, [str(r[0]) for r in exact]))

    def _ambiguous(self, ref: str, ids: list[str]) -> str:
        """Which articles ``ref`` matches, by id, path and title, for the user to choose:
        at most five of them (the lookup stops at six)."""
        shown = ids[:5]
        rows = {r[0]: r[1:] for r in self.db.execute(
            "SELECT a.id, a.path, v.title FROM articles a JOIN current_versions v"
            f" ON v.article_id = a.id WHERE a.id IN ({','.join('?' * len(shown))})", shown)}
        lines = [f"  {i[:8]}  {path}  {title}"
                 for i, (path, title) in sorted(rows.items(), key=lambda r: r[1][0])]
        more = "at least 6" if len(ids) > 5 else str(len(ids))
        return (f"{ref!r} matches several articles ({more}); give more of the id or path:\n"
                + "\n".join(lines))

    def ids(self) -> list[str]:
        """Every id a command takes back: article ids and the ids of kept dedupe groups."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles UNION SELECT id FROM dedupe_groups")]

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
                " WHERE seq = ? ORDER BY idx", (seq,),
            )
        )
        return StoredVersion(
            article_id=article_id, location=location, path=path, source=source,
            version=number, versions=versions, content_hash=content_hash, format=fmt,
            text=text, title=title,
            title_span=Span(t_start, t_end) if t_start is not None else None,
            date=date, byline=byline, url=url, seq=seq, paragraphs=paragraphs,
        )

    def kept_quotes(self, rules: str) -> dict[str, KeptQuotes]:
        """The newest version of every article, by id, with the quotes kept for it under
        ``rules`` (the version of the quote rules), read in one snapshot: two scans, not
        a query per article."""
        with self._snapshot():
            flagged: dict[int, list[str]] = {}
            for seq, idx in self.db.execute(
                    f"SELECT seq, idx FROM paragraphs WHERE {FLAGGED} ORDER BY seq, idx"):
                flagged.setdefault(seq, []).append(str(idx))
            rows = self.db.execute(
                "SELECT v.article_id, v.seq, a.path, a.source, v.text, k.aside,"
                " k.quotes FROM versions v JOIN articles a ON a.id = v.article_id"
                " LEFT JOIN kept_quotes k ON k.seq = v.seq AND k.rules = ?"
                " WHERE NOT EXISTS (SELECT 1 FROM versions w WHERE w.article_id = v.article_id"
                " AND w.version > v.version)", (rules,)).fetchall()
        return {aid: KeptQuotes(aid, seq, path, source, text,
                                ",".join(flagged.get(seq, ())), kept_aside, quotes)
                for aid, seq, path, source, text, kept_aside, quotes in rows}

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction, unless one is open already (a write's)."""
        if self.db.in_transaction:
            yield
        else:
            with self.reading():
                yield

    def newest_seq(self) -> int:
        """The sequence number of the newest version stored (0 for an empty store).

        Versions are numbered in the order their transactions commit (``put`` reads the
        next number under the write lock) and a number is never given twice, so the
        versions numbered up to N are what the store held when N was the newest, less the
        articles forgotten since (``corpus rm``): N names a snapshot that any later reader,
        in any process, can read again (``current_texts(upto=N)``).
        """
        return int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM versions").fetchone()[0])

    def current_texts(self, seqs: Iterable[int] | None = None,
                      id_range: tuple[str | None, str | None] = (None, None),
                      boilerplate: set[int] | None = None,
                      upto: int | None = None) -> Iterator[CurrentText]:
        """The newest version of every article (or of the versions ``seqs``), by article id;
        without ``seqs``, of the articles whose ids lie in ``id_range`` (lo <= id < hi,
        None for no bound), as the store held them when ``upto`` was the newest sequence
        number (``newest_seq``; None: now). Readers of several ranges, in several
        processes, give one consistent corpus when they share ``upto``.

        A paragraph is body unless its hash is in ``boilerplate`` (default: every hash
        flagged somewhere in the store, ``flagged_hashes()``).

        Two ordered scans merged in Python rather than a query per article: over a large
        store the per-query cost would dominate.
        """
        flagged = self.flagged_hashes() if boilerplate is None else boilerplate
        if seqs is not None:
            for batch, marks in in_batches(sorted(set(seqs))):
                yield from self._texts_by_seq(batch, marks, flagged)
            return
        lo, hi = id_range
        bounds = (lo or "", hi is None, hi or "")
        # The version no later version (up to ``upto``) supersedes: one probe of the
        # primary key per article, which finds nothing for an article of one version.
        versions = self.db.execute(
            "SELECT v.seq, v.article_id, v.version, a.path, v.title, v.date, v.text"
            " FROM versions v JOIN articles a ON a.id = v.article_id WHERE v.seq <= ?4"
            " AND NOT EXISTS (SELECT 1 FROM versions w WHERE w.article_id = v.article_id"
            " AND w.version > v.version AND w.seq <= ?4)"
            " AND v.article_id >= ?1 AND (?2 OR v.article_id < ?3)"
            " ORDER BY v.article_id", (*bounds, _UNBOUNDED if upto is None else upto))
        # Paragraphs are keyed by sequence number: each version's are one seek away.
        paragraphs = self.db.execute(
            "SELECT v.article_id, v.version, p.idx, p.start, p.end, p.hash"
            " FROM versions v JOIN paragraphs p ON p.seq = v.seq"
            " WHERE v.article_id >= ? AND (? OR v.article_id < ?)"
            " ORDER BY v.article_id, v.version, p.idx", bounds)
        pending = next(paragraphs, None)
        for seq, aid, number, path, title, date, text in versions:
            while pending is not None and (pending[0], pending[1]) < (aid, number):
                pending = next(paragraphs, None)
            body: list[BodyParagraph] = []
            aside: list[Flagged] = []
            while pending is not None and pending[0] == aid and pending[1] == number:
                _aid, _number, idx, start, end, h = pending
                if h in flagged:
                    aside.append(_new(Flagged, (start, end, h)))
                else:
                    body.append(_new(BodyParagraph, (idx, start, end, h)))
                pending = next(paragraphs, None)
            yield CurrentText(seq, aid, path, title, date, text, body, aside)

    def _texts_by_seq(self, seqs: Sequence[int], marks: str, flagged: set[int],
                      ) -> Iterator[CurrentText]:
        versions = self.db.execute(
            "SELECT v.seq, v.article_id, a.path, v.title, v.date, v.text"
            " FROM versions v JOIN articles a ON a.id = v.article_id"
            f" WHERE v.seq IN ({marks}) ORDER BY v.article_id", seqs)
        for seq, aid, path, title, date, text in versions.fetchall():
            rows = self.db.execute("SELECT idx, start, end, hash FROM paragraphs"
                                   " WHERE seq = ? ORDER BY idx", (seq,)).fetchall()
            yield CurrentText(seq, aid, path, title, date, text,
                              [BodyParagraph._make(r) for r in rows if r[3] not in flagged],
                              [Flagged._make(r[1:]) for r in rows if r[3] in flagged])

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
                f"SELECT hash FROM paragraphs WHERE seq IN ({marks})", batch))
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
            # scan would visit every flagged row (hundreds of thousands in a large store)
            # for a few hundred hashes.
            return {r[0] for r in self.db.execute(
                f"WITH RECURSIVE h(v) AS (SELECT MIN(hash) FROM paragraphs WHERE {FLAGGED}"
                " UNION ALL SELECT (SELECT MIN(hash) FROM paragraphs"
                f" WHERE {FLAGGED} AND hash > h.v) FROM h WHERE h.v IS NOT NULL)"
                " SELECT v FROM h WHERE v IS NOT NULL")}
        # One statement per batch, each hash's lookup stopping at its first flagged row: a
        # statement per hash was a tenth of a warm ``dedupe --check`` (bench/README.md).
        out: set[int] = set()
        for batch, _marks in in_batches(sorted(set(hashes))):
            rows = ",".join(["(?)"] * len(batch))
            out.update(r[0] for r in self.db.execute(
                f"SELECT column1 FROM (VALUES {rows}) WHERE EXISTS"
                f" (SELECT 1 FROM paragraphs WHERE hash = column1 AND {FLAGGED})", batch))
        return out

    def furniture_hashes(self, hashes: Iterable[int], rule: Callable[[int, int], bool],
                         sample: int) -> set[int]:
        """Of ``hashes``, those flagged by a boilerplate pattern or for which
        ``rule(carriers, flagged)`` holds: how many stored articles carry the paragraph, and
        in how many of them it is flagged, counted on its first ``sample`` carriers (the
        policy: ``BoilerplatePolicy``)."""
        out = set()
        for h in set(hashes):
            # The first rows in the index stand for all: ids are random, so the sample is
            # not one source's.
            carriers, flagged = self.db.execute(
                "SELECT count(DISTINCT article_id), count(DISTINCT CASE WHEN"
                f" {FLAGGED} THEN article_id END) FROM (SELECT article_id, pattern,"
                " frequent FROM paragraphs WHERE hash = ? LIMIT ?)",
                (h, sample)).fetchone()
            if rule(carriers, flagged) or self.pattern_hashes((h,)):
                out.add(h)
        return out

    def pattern_hashes(self, hashes: Iterable[int]) -> set[int]:
        """Of ``hashes``, those a boilerplate pattern flags in some stored article."""
        return {h for h in set(hashes) if self.db.execute(
            "SELECT 1 FROM paragraphs WHERE hash = ? AND pattern IS NOT NULL LIMIT 1",
            (h,)).fetchone()}

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
                "SELECT v.article_id, v.version, p.idx FROM paragraphs p JOIN versions v"
                " ON v.seq = p.seq"
                " WHERE p.start < 0 OR p.end > length(v.text) OR p.start > p.end"
            )
        ]
        return problems
