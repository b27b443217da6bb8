"""Records for ``corpus dedupe``: duplicate groups, passage groups, and check findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from corpus_cli.errors import ExitCode
from corpus_cli.models import DedupeResult, DuplicateGroup, PassageGroup


def duplicate_record(group: DuplicateGroup) -> dict[str, Any]:
    return {
        "type": "duplicate", "group": group.group, "kind": group.kind,
        "similarity": group.similarity,
        "members": [{"id": m.id, "path": m.path, "title": m.title, "date": m.date,
                     "shared": m.shared, "first": m.first} for m in group.members],
        "passages": list(group.passages),
    }


def passage_record(group: PassageGroup) -> dict[str, Any]:
    return {
        "type": "passage", "group": group.group, "similarity": group.similarity,
        "boilerplate": group.boilerplate, "words": group.words, "text": group.text,
        "occurrences": [{"id": o.id, "path": o.path, "start": o.start, "end": o.end,
                         "text": o.text, "words": o.words, "first": o.first}
                        for o in group.occurrences],
    }


def records(result: DedupeResult) -> Iterator[dict[str, Any]]:
    yield from (duplicate_record(g) for g in result.duplicates)
    yield from (passage_record(g) for g in result.passages)


def flat_records(result: DedupeResult) -> Iterator[dict[str, Any]]:
    """One row per member or occurrence, for CSV and TSV."""
    for g in result.duplicates:
        for m in g.members:
            yield {"type": "duplicate", "group": g.group, "kind": g.kind,
                   "similarity": g.similarity, "id": m.id, "path": m.path, "start": None,
                   "end": None, "words": None, "shared": m.shared, "first": m.first,
                   "text": m.title}
    for p in result.passages:
        for o in p.occurrences:
            yield {"type": "passage", "group": p.group,
                   "kind": "boilerplate" if p.boilerplate else "passage",
                   "similarity": p.similarity, "id": o.id, "path": o.path, "start": o.start,
                   "end": o.end, "words": o.words, "shared": None, "first": o.first,
                   "text": o.text}


@dataclass(slots=True)
class CheckVerdict:
    """Which checked articles fail ``--fail-on``, and why (the exit code's reasons)."""

    fail_on: str
    max_shared: float | None
    reasons: list[str] = field(default_factory=list)

    def judge(self, result: DedupeResult, words: dict[str, int], names: dict[str, str]) -> None:
        for g in result.duplicates:
            for m in g.members:
                if m.seq < 0 and any(o.seq >= 0 for o in g.members):
                    self.reasons.append(f"{names.get(m.id, m.path)}: {g.kind} duplicate of "
                                        f"{next(o.path for o in g.members if o.seq >= 0)}")
        if self.fail_on != "passage":
            return
        covered: dict[str, list[tuple[int, int]]] = {}
        for p in result.passages:
            if p.boilerplate or not any(o.seq >= 0 for o in p.occurrences):
                continue
            for o in p.occurrences:
                if o.seq < 0:
                    covered.setdefault(o.id, []).append((o.words, p.words))
        for article_id, hits in covered.items():
            name = names.get(article_id, article_id)
            if self.max_shared is None:
                self.reasons.append(f"{name}: shares {len(hits)} passage(s) with the "
                                    "stored corpus")
                continue
            share = min(1.0, sum(w for w, _ in hits) / max(words.get(article_id, 1), 1))
            if share > self.max_shared:
                self.reasons.append(f"{name}: {share:.0%} of its words are in passages shared "
                                    f"with the stored corpus (limit {self.max_shared:.0%})")

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if self.reasons else ExitCode.OK
