"""The groups a dedupe pass found, kept in the store and read back.

A pass keeps its groups under the key of the settings that found them (``DedupeSettings.key``):
one set per key, replaced by the next pass with the same settings. A member is an article
version (its ``seq``), so a group read back shows the text it was found in even after the
article has a newer version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from corpus_cli.models import DuplicateGroup, Member, Occurrence, PassageGroup
from corpus_cli.store.files import StoreFiles


class KeptGroup(NamedTuple):
    """A stored group in brief: what telling it again in a later pass needs."""

    id: str
    kind: str  # exact, near or passage
    members: frozenset[tuple[str, int, int]]  # (article id, start, end); spans 0 for duplicates


class KeptPass(NamedTuple):
    """The latest dedupe pass whose groups the store keeps."""

    settings: str  # the key of the settings that found them
    number: int  # passes are numbered from 1 in the order they were kept
    # Article versions stored after it, and so in none of its groups (None: not recorded,
    # by a version of corpus-cli before this record)
    stored_since: int | None


class StoreGroups(StoreFiles):
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
        # What the pass had seen: a report on its groups counts the versions stored since.
        db.execute("INSERT OR REPLACE INTO meta (name, value) SELECT ?,"
                   " COALESCE(MAX(seq), 0) FROM versions", (f"dedupe.last_seq.{settings}",))

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

    def latest_pass(self) -> KeptPass | None:
        """The pass that kept groups last (None when no pass kept any)."""
        row = self.db.execute("SELECT settings, pass FROM dedupe_groups"
                              " ORDER BY pass DESC LIMIT 1").fetchone()
        if row is None:
            return None
        settings, number = row
        seen = self.db.execute("SELECT value FROM meta WHERE name = ?",
                               (f"dedupe.last_seq.{settings}",)).fetchone()
        since = None if seen is None else int(self.db.execute(
            "SELECT count(*) FROM versions WHERE seq > ?", (int(seen[0]),)).fetchone()[0])
        return KeptPass(settings, int(number), since)

    def kept_pass(self, settings: str) -> tuple[list[DuplicateGroup], list[PassageGroup]]:
        """Every group kept for ``settings``, each as ``kept_group`` reads it, by id."""
        rows = self.db.execute(f"{_MEMBERS} WHERE g.settings = ? ORDER BY g.id, m.position",
                               (settings,))
        duplicates: list[DuplicateGroup] = []
        passages: list[PassageGroup] = []
        members: list[tuple[Any, ...]] = []
        for row in [*rows, None]:
            if members and (row is None or row[0] != members[0][0]):
                found = _group(members)
                if isinstance(found, PassageGroup):
                    passages.append(found)
                else:
                    duplicates.append(found)
                members = []
            if row is not None:
                members.append(row)
        return duplicates, passages


# A kept group's members with what telling the group needs; a passage occurrence's text is
# cut from its version's text here (SQLite's substr counts code points from 1).
_MEMBERS = (
    "SELECT g.id, g.kind, g.similarity, g.boilerplate, g.passages, v.article_id, a.path,"
    " v.title, v.date, m.seq, m.start, m.end, m.words, m.shared, m.first,"
    " CASE WHEN g.kind = 'passage' THEN substr(v.text, m.start + 1, m.end - m.start) END"
    " FROM dedupe_groups g JOIN dedupe_members m ON m.settings = g.settings"
    " AND m.group_id = g.id JOIN versions v ON v.seq = m.seq"
    " JOIN articles a ON a.id = v.article_id")


def _group(rows: Sequence[tuple[Any, ...]]) -> DuplicateGroup | PassageGroup:
    """One group from its ``_MEMBERS`` rows (one per member, in position order), as
    ``kept_group`` builds it from its own query."""
    group_id, kind, similarity, boilerplate, passages = rows[0][:5]
    if kind != "passage":
        return DuplicateGroup(group_id, kind, similarity, tuple(
            Member(r[5], r[6], r[7], r[8], r[9], r[13], bool(r[14])) for r in rows),
            tuple(passages.split()))
    occurrences = tuple(Occurrence(r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[15], r[12],
                                   bool(r[14])) for r in rows)
    canonical = max(occurrences, key=lambda o: o.words)  # max keeps the first of equals
    return PassageGroup(group_id, similarity, bool(boilerplate), canonical.words,
                        canonical.text, occurrences)
