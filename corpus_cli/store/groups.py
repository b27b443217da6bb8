"""The groups a dedupe pass found, kept in the store and read back.

A pass keeps its groups under the key of the settings that found them (``DedupeSettings.key``):
one set per key, replaced by the next pass with the same settings. A member is an article
version (its ``seq``), so a group read back shows the text it was found in even after the
article has a newer version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from corpus_cli.models import DuplicateGroup, Member, Occurrence, PassageGroup
from corpus_cli.store.queries import StoreQueries


class KeptGroup(NamedTuple):
    """A stored group in brief: what telling it again in a later pass needs."""

    id: str
    kind: str  # exact, near or passage
    members: frozenset[tuple[str, int, int]]  # (article id, start, end); spans 0 for duplicates


class StoreGroups(StoreQueries):
    """Keeping and reading dedupe groups (``Store`` adds the rest of writing)."""

    def replace_groups(self, settings: str, kinds: Sequence[str],
                       duplicates: Iterable[DuplicateGroup],
                       passages: Iterable[PassageGroup]) -> None:
        """The groups of ``kinds`` ("duplicate", "passage") found with ``settings`` are now
        these, inside the caller's write transaction."""
        db = self.db
        pass_no = int(db.execute("SELECT COALESCE(MAX(pass), 0) + 1 FROM dedupe_groups")
                      .fetchone()[0])
        for kind in kinds:
            stored = ("exact", "near") if kind == "duplicate" else ("passage",)
            marks = ",".join("?" * len(stored))
            db.execute("DELETE FROM dedupe_members WHERE settings = ? AND group_id IN"
                       f" (SELECT id FROM dedupe_groups WHERE settings = ? AND kind IN ({marks}))",
                       (settings, settings, *stored))
            db.execute(f"DELETE FROM dedupe_groups WHERE settings = ? AND kind IN ({marks})",
                       (settings, *stored))
        groups: list[tuple[object, ...]] = []
        members: list[tuple[object, ...]] = []
        for d in duplicates:
            groups.append((settings, d.group, d.kind, d.similarity, 0, " ".join(d.passages),
                           pass_no))
            members += [(settings, d.group, n, m.seq, None, None, None, m.shared, int(m.first))
                        for n, m in enumerate(d.members)]
        for p in passages:
            groups.append((settings, p.group, "passage", p.similarity, int(p.boilerplate), "",
                           pass_no))
            members += [(settings, p.group, n, o.seq, o.start, o.end, o.words, None,
                         int(o.first)) for n, o in enumerate(p.occurrences)]
        db.executemany("INSERT INTO dedupe_groups (settings, id, kind, similarity, boilerplate,"
                       " passages, pass) VALUES (?, ?, ?, ?, ?, ?, ?)", groups)
        db.executemany("INSERT INTO dedupe_members (settings, group_id, position, seq, start,"
                       " end, words, shared, first) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", members)

    def kept_groups(self, settings: str) -> list[KeptGroup]:
        """Every group kept for ``settings``, with its members' keys."""
        found: dict[str, tuple[str, set[tuple[str, int, int]]]] = {}
        rows = self.db.execute(
            "SELECT g.id, g.kind, v.article_id, m.start, m.end FROM dedupe_groups g"
            " JOIN dedupe_members m ON m.settings = g.settings AND m.group_id = g.id"
            " JOIN versions v ON v.seq = m.seq WHERE g.settings = ?", (settings,))
        for group_id, kind, article_id, start, end in rows:
            found.setdefault(group_id, (kind, set()))[1].add((article_id, start or 0, end or 0))
        return [KeptGroup(g, kind, frozenset(keys)) for g, (kind, keys) in sorted(found.items())]

    def kept_group_ids(self, prefix: str) -> list[str]:
        """The kept group ids that are ``prefix`` or start with it (at most six)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT id FROM dedupe_groups WHERE id LIKE ? ESCAPE '\\' ORDER BY id"
            " LIMIT 6", (escaped + "%",))]

    def kept_group(self, group_id: str) -> DuplicateGroup | PassageGroup | None:
        """The group with id ``group_id`` (or the one id it is a unique prefix of, as tables
        print them) as the latest pass that found it kept it."""
        if len(group_id) >= 7:
            found = self.kept_group_ids(group_id)
            if group_id not in found and len(found) == 1:
                group_id = found[0]
        row = self.db.execute(
            "SELECT settings, kind, similarity, boilerplate, passages FROM dedupe_groups"
            " WHERE id = ? ORDER BY pass DESC LIMIT 1", (group_id,)).fetchone()
        if row is None:
            return None
        settings, kind, similarity, boilerplate, passages = row
        rows = self.db.execute(
            "SELECT v.article_id, a.path, v.title, v.date, m.seq, m.start, m.end, m.words,"
            " m.shared, m.first, v.text FROM dedupe_members m JOIN versions v ON v.seq = m.seq"
            " JOIN articles a ON a.id = v.article_id WHERE m.settings = ? AND m.group_id = ?"
            " ORDER BY m.position", (settings, group_id)).fetchall()
        if kind != "passage":
            return DuplicateGroup(group_id, kind, similarity, tuple(
                Member(r[0], r[1], r[2], r[3], r[4], r[8], bool(r[9])) for r in rows),
                tuple(passages.split()))
        occurrences = tuple(Occurrence(r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                                       r[10][r[5] : r[6]], r[7], bool(r[9])) for r in rows)
        canonical = max(occurrences, key=lambda o: o.words)  # max keeps the first of equals
        return PassageGroup(group_id, similarity, bool(boilerplate), canonical.words,
                            canonical.text, occurrences)
