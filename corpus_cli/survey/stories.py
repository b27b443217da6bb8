"""The stories that travelled, for ``corpus report``: each duplicate group and each passage
group with its members in order (who had it first), a timeline, its text, and each later
copy's diff against the earliest, drawn by ``corpus diff``'s own HTML renderer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_cli.diff.collate import collate, witnesses_of
from corpus_cli.diff.model import Side
from corpus_cli.diff.run import diff_sides
from corpus_cli.models import DuplicateGroup, Paragraph, PassageGroup
from corpus_cli.report.collationhtml import collation_summary, collation_table
from corpus_cli.report.diffhtml import diff_table
from corpus_cli.report.diffmodel import rows, summary_line
from corpus_cli.survey.chronology import chronological, day
from corpus_cli.survey.timeline import Point, Timeline, draw
from corpus_cli.survey.versions import Versions

NO_SOURCE = "(no source)"
HEADLINE_WORDS = 14
COLLATED = 3  # passages carried this many times or more get the N-way collation too
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True, slots=True)
class DiffView:
    """One copy against the earliest of its story: the table ``corpus diff`` draws."""

    anchor: str
    story: str  # the story's anchor
    heading: str  # the story's kind and headline
    position: int  # of this copy in the story's table
    title: str
    first: str  # the earliest copy's path
    other: str  # this copy's path
    summary: str
    identical: bool
    table: str  # escaped HTML
    page: str  # file name when diffs are written beside the report


@dataclass(frozen=True, slots=True)
class StoryMember:
    position: int  # 1 is the earliest
    id: str
    path: str
    title: str
    source: str
    date: str | None
    rank: int
    shared: float | None  # duplicates: share of it found in the other members
    words: int | None  # passages: words of its occurrence
    span: str  # passages: "[start:end]" in its stored text
    diff: DiffView | None  # against the earliest; None for the earliest itself

    @property
    def anchor(self) -> str:
        return f"a-{self.id}"


@dataclass(frozen=True, slots=True)
class Story:
    group: str
    kind: str  # exact, near or passage
    headline: str
    text: str  # duplicates: the earliest copy's story paragraphs; passages: the longest
    words: int
    similarity: float
    boilerplate: bool
    members: tuple[StoryMember, ...]
    ordered_by: str
    timeline: Timeline
    outlets: int
    linked: tuple[str, ...]  # passages making a duplicate; duplicates holding a passage
    collation: str | None = None  # escaped HTML, for passages carried often
    collation_summary: str | None = None

    @property
    def anchor(self) -> str:
        return f"g-{self.group}"

    @property
    def articles(self) -> int:
        return len({m.id for m in self.members})

    @property
    def label(self) -> str:
        return {"exact": "exact duplicate", "near": "near duplicate"}.get(
            self.kind, "boilerplate passage" if self.boilerplate else "shared passage")


def _headline(text: str) -> str:
    words = text.split()
    return " ".join(words) if len(words) <= HEADLINE_WORDS else \
        " ".join(words[:HEADLINE_WORDS]) + " …"


def _points(story: str, members: Sequence[StoryMember]) -> list[Point]:
    return [Point(m.source, m.date, str(m.position),
                  f"{m.position}. {m.source}: {m.path.rsplit('/', 1)[-1]}"
                  + (f", {m.date}" if m.date else "") + (" (first)" if m.position == 1 else ""),
                  f"#{story}-{m.position}", m.position == 1) for m in members]


def duplicate_story(group: DuplicateGroup, versions: Versions, rank: dict[str, int],
               source: dict[str, str]) -> Story:
    ordered, by = chronological(group.members, lambda m: m.date, lambda m: rank.get(m.id, 0))
    anchor = f"g-{group.group}"
    first = ordered[0]
    first_side = _side(versions, first.id, first.seq)
    members = []
    for n, m in enumerate(ordered, 1):
        diff = None if n == 1 else _diff_view(
            anchor, f"{group.kind} duplicate: {first.title}", n, first_side,
            _side(versions, m.id, m.seq), first.path, m.path)
        members.append(StoryMember(n, m.id, m.path, m.title, source.get(m.id, NO_SOURCE),
                                   day(m.date), rank.get(m.id, 0), m.shared, None, "", diff))
    body = [p for p in first_side.paragraphs if not p.boilerplate]
    text = "\n\n".join(p.text for p in body)
    return Story(group.group, group.kind, first.title, text, len(text.split()),
                 group.similarity, False, tuple(members), by,
                 draw(_points(anchor, members), by), len({m.source for m in members}),
                 group.passages)


def passage_story(group: PassageGroup, versions: Versions, rank: dict[str, int],
             source: dict[str, str], holders: tuple[str, ...]) -> Story:
    ordered, by = chronological(group.occurrences, lambda o: o.date,
                                lambda o: rank.get(o.id, 0))
    anchor = f"g-{group.group}"
    first = ordered[0]
    first_side = _passage_side(first.id, first.path, first.title, first.text)
    members = []
    for n, o in enumerate(ordered, 1):
        diff = None if n == 1 else _diff_view(
            anchor, f"shared passage: {_headline(group.text)}", n, first_side,
            _passage_side(o.id, o.path, o.title, o.text), first.path, o.path)
        members.append(StoryMember(n, o.id, o.path, o.title, source.get(o.id, NO_SOURCE),
                                   day(o.date), rank.get(o.id, 0), None, o.words,
                                   f"[{o.start}:{o.end}]", diff))
    collation = summary = None
    if len(group.occurrences) >= COLLATED:
        collated = collate(group.group, witnesses_of(ordered))
        collation, summary = collation_table(collated), collation_summary(collated)
    return Story(group.group, "passage", _headline(group.text), group.text, group.words,
                 group.similarity, group.boilerplate, tuple(members), by,
                 draw(_points(anchor, members), by), len({m.source for m in members}),
                 holders, collation, summary)


def _side(versions: Versions, article_id: str, seq: int) -> Side:
    v = versions.at(article_id, seq)
    return Side(name=v.path, id=v.article_id, path=v.path, title=v.title,
                paragraphs=v.paragraphs, version=v.version)


def _passage_side(article_id: str, path: str, title: str, text: str) -> Side:
    """An occurrence of a passage as an article of its own, one paragraph per block."""
    paragraphs = []
    at = 0
    for k, block in enumerate(_BLANK_LINE.split(text.strip())):
        start = text.find(block, at)
        paragraphs.append(Paragraph(k, start, start + len(block), block))
        at = start + len(block)
    return Side(name=path, id=article_id, path=path, title=title, paragraphs=tuple(paragraphs))


def _diff_view(story: str, heading: str, position: int, first: Side, other: Side,
               first_path: str, other_path: str) -> DiffView:
    diff = diff_sides(first, other)
    anchor = f"{story}-{position}-diff"
    return DiffView(anchor, story, heading, position, f"{other_path} against {first_path}",
                    first_path,
                    other_path, summary_line(diff), diff.identical,
                    "" if diff.identical else diff_table(rows(diff, 1)),
                    f"{story[2:]}-{position}.html")
