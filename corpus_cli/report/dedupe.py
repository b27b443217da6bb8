"""Records for ``corpus dedupe``: duplicate groups, passage groups, and check findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from corpus_cli.models import DedupeResult, DuplicateGroup, Member, Occurrence, PassageGroup


def first_by(members: Iterable[Member | Occurrence]) -> str:
    """What ``first`` means in a group: ``date`` (published first) when every member has
    a publication date, else ``ingest`` (ingested first: dedupe/corpus.group_order)."""
    return "date" if all(m.date for m in members) else "ingest"


def duplicate_record(group: DuplicateGroup) -> dict[str, Any]:
    return {
        "type": "duplicate", "group": group.group, "kind": group.kind,
        "similarity": group.similarity, "first_by": first_by(group.members),
        "members": [{"id": m.id, "path": m.path, "title": m.title, "date": m.date,
                     "shared": m.shared, "first": m.first} for m in group.members],
        "passages": list(group.passages),
    }


def passage_record(group: PassageGroup) -> dict[str, Any]:
    return {
        "type": "passage", "group": group.group, "similarity": group.similarity,
        "boilerplate": group.boilerplate, "words": group.words, "text": group.text,
        "first_by": first_by(group.occurrences),
        "occurrences": [{"id": o.id, "path": o.path, "start": o.start, "end": o.end,
                         "text": o.text, "words": o.words, "first": o.first}
                        for o in group.occurrences],
    }


def records(result: DedupeResult) -> Iterator[dict[str, Any]]:
    yield from (duplicate_record(g) for g in result.duplicates)
    yield from (passage_record(g) for g in result.passages)


def flat_records(result: DedupeResult) -> Iterator[dict[str, Any]]:
    """One row per member or occurrence, for CSV and TSV: types of their own, since their
    shape is not that of a group record."""
    for g in result.duplicates:
        by = first_by(g.members)
        for m in g.members:
            yield {"type": "duplicate_member", "group": g.group, "kind": g.kind,
                   "similarity": g.similarity, "first_by": by, "id": m.id, "path": m.path,
                   "start": None, "end": None, "words": None, "shared": m.shared,
                   "first": m.first, "text": m.title}
    for p in result.passages:
        by = first_by(p.occurrences)
        for o in p.occurrences:
            yield {"type": "passage_occurrence", "group": p.group,
                   "kind": "boilerplate" if p.boilerplate else "passage",
                   "similarity": p.similarity, "first_by": by, "id": o.id, "path": o.path,
                   "start": o.start, "end": o.end, "words": o.words, "shared": None,
                   "first": o.first, "text": o.text}
