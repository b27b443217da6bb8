"""What ``corpus report`` shows, gathered from the store: an overview, the stories that
travelled (duplicate and passage groups, with a timeline and each copy's diff against the
earliest), the quotes carried by several articles, who is quoted, and every article.

Everything here is plain data; ``page`` renders it. Diff and collation tables come from
the renderers of ``corpus diff --format html``, already escaped.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus_cli.diff.collate import collate, witnesses_of
from corpus_cli.diff.model import Side
from corpus_cli.diff.run import diff_sides
from corpus_cli.models import (
    DuplicateGroup,
    Paragraph,
    PassageGroup,
    QuoteGroup,
    QuoteOccurrence,
    StoredArticle,
)
from corpus_cli.quotes.group import Piece, same_words, surface_words, word_diff
from corpus_cli.report.collationhtml import collation_summary, collation_table
from corpus_cli.report.diffhtml import diff_table
from corpus_cli.report.diffmodel import rows, summary_line
from corpus_cli.store import Store
from corpus_cli.survey.chronology import chronological, day
from corpus_cli.survey.groups import SurveyGroups
from corpus_cli.survey.timeline import Point, Timeline, draw
from corpus_cli.survey.versions import Versions

NO_SOURCE = "(no source)"
HEADLINE_WORDS = 14
COLLATED = 3  # passages carried this many times or more get the N-way collation too
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    path: str
    title: str
    source: str
    date: str | None  # YYYY-MM-DD
    rank: int  # ingest order
    location: str
    paragraphs: int
    boilerplate: int
    stories: int  # duplicate and passage groups it is in
    quotes: int

    @property
    def anchor(self) -> str:
        return f"a-{self.id}"

    @property
    def link(self) -> str | None:
        """Its web address when it came from one (no other scheme is ever linked)."""
        return self.location if self.location.startswith(("https://", "http://")) else None


@dataclass(frozen=True, slots=True)
class SourceRow:
    source: str
    articles: int
    paragraphs: int
    boilerplate: int

    @property
    def share(self) -> float:
        return self.boilerplate / self.paragraphs if self.paragraphs else 0.0


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


@dataclass(frozen=True, slots=True)
class Wording:
    """One article's wording of a quote, compared with the group's fullest wording."""

    article: str  # anchor
    path: str
    source: str
    speaker: str | None
    text: str
    pieces: tuple[Piece, ...]
    same: bool  # the same words as the canonical wording
    variant: bool  # its words match no other article's wording
    partial: bool


@dataclass(frozen=True, slots=True)
class QuoteView:
    group: str
    speaker: str | None
    text: str
    articles: int
    sources: tuple[str, ...]
    conflict: bool  # members give the words to different speakers
    variant: bool  # an article's wording matches no other article's: a possible misquote
    speakers: tuple[str, ...]
    wordings: tuple[Wording, ...]

    @property
    def anchor(self) -> str:
        return f"q-{self.group}"


@dataclass(frozen=True, slots=True)
class SpokenQuote:
    """One quote group holding a speaker's words, in brief: a group carried by several
    articles is shown in full among the shared quotes, and linked from here."""

    group: str
    text: str
    speaker: str | None  # as the group gives it
    articles: int
    where: tuple[tuple[str, str], ...]  # (anchor, path) of the articles carrying it
    shared: bool
    wordings: tuple[Wording, ...]  # an unshared group's wordings, when they differ

    @property
    def anchor(self) -> str:
        return f"q-{self.group}"


@dataclass(frozen=True, slots=True)
class SpeakerView:
    key: str
    name: str
    spellings: tuple[str, ...]  # other ways the articles write the name
    articles: int
    quotes: int
    groups: tuple[SpokenQuote, ...]

    @property
    def anchor(self) -> str:
        return "s-" + re.sub(r"[^a-z0-9]+", "-", self.key).strip("-")


@dataclass(frozen=True, slots=True)
class Overview:
    articles: int
    sources: int
    dated: int
    first_day: str | None
    last_day: str | None
    exact: int
    near: int
    passages: int
    boilerplate_passages: int
    quotes: int
    quote_groups: int
    shared_quotes: int  # groups carried by two or more articles
    conflicts: int
    misquotes: int
    speakers: int  # named speakers quoted in two or more articles
    groups_note: str


@dataclass(frozen=True, slots=True)
class ReportContent:
    store: str
    overview: Overview
    sources: tuple[SourceRow, ...]
    stories: tuple[Story, ...]
    quotes: tuple[QuoteView, ...]
    speakers: tuple[SpeakerView, ...]
    articles: tuple[ArticleRow, ...]
    diffs: tuple[DiffView, ...] = field(default=())


def gather(store: Store, groups: SurveyGroups, quote_groups: Sequence[QuoteGroup],
           ) -> ReportContent:
    listed = store.articles()
    rank = {a.id: k for k, a in enumerate(listed, 1)}
    source = {a.id: a.source or NO_SOURCE for a in listed}
    versions = Versions(store)
    result = groups.result
    holders: dict[str, list[str]] = defaultdict(list)  # passage group -> duplicate groups
    for d in result.duplicates:
        for p in d.passages:
            holders[p].append(d.group)
    stories = [_duplicate(d, versions, rank, source) for d in result.duplicates]
    stories += [_passage(p, versions, rank, source, tuple(holders.get(p.group, ())))
                for p in result.passages]
    stories.sort(key=lambda s: (-s.articles, -s.words, s.group))
    quotes = [_quote_view(g, source) for g in quote_groups if g.articles >= 2]
    in_stories = Counter(article for s in stories for article in {m.id for m in s.members})
    quoted: Counter[str] = Counter(m.article_id for g in quote_groups for m in g.members)
    articles = tuple(_article_row(a, rank[a.id], in_stories[a.id], quoted[a.id])
                     for a in listed)
    speakers = _speakers(quote_groups, source)
    diffs = tuple(m.diff for s in stories for m in s.members if m.diff is not None)
    return ReportContent(
        store=str(store.path),
        overview=_overview(listed, result.duplicates, result.passages, quote_groups, quotes,
                           speakers, groups),
        sources=_sources(listed), stories=tuple(stories), quotes=tuple(quotes),
        speakers=speakers, articles=articles, diffs=diffs)


def _overview(listed: Sequence[StoredArticle], duplicates: Sequence[DuplicateGroup],
              passages: Sequence[PassageGroup], quote_groups: Sequence[QuoteGroup],
              shared: Sequence[QuoteView], speakers: Sequence[SpeakerView],
              groups: SurveyGroups) -> Overview:
    days = sorted(d for d in (day(a.date) for a in listed) if d is not None)
    return Overview(
        articles=len(listed), sources=len({a.source or NO_SOURCE for a in listed}),
        dated=len(days), first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        exact=sum(d.kind == "exact" for d in duplicates),
        near=sum(d.kind == "near" for d in duplicates),
        passages=len(passages), boilerplate_passages=sum(p.boilerplate for p in passages),
        quotes=sum(len(g.members) for g in quote_groups), quote_groups=len(quote_groups),
        shared_quotes=len(shared), conflicts=sum(q.conflict for q in shared),
        misquotes=sum(q.variant for q in shared), speakers=len(speakers),
        groups_note=groups.describe())


def _sources(listed: Sequence[StoredArticle]) -> tuple[SourceRow, ...]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for a in listed:
        row = counts[a.source or NO_SOURCE]
        row[0] += 1
        row[1] += a.paragraphs
        row[2] += a.boilerplate
    return tuple(SourceRow(s, *counts[s]) for s in sorted(counts, key=lambda s: (
        -counts[s][0], s)))


def _article_row(a: StoredArticle, rank: int, stories: int, quotes: int) -> ArticleRow:
    return ArticleRow(a.id, a.path, a.title, a.source or NO_SOURCE, day(a.date), rank,
                      a.location, a.paragraphs, a.boilerplate, stories, quotes)


def _headline(text: str) -> str:
    words = text.split()
    return " ".join(words) if len(words) <= HEADLINE_WORDS else \
        " ".join(words[:HEADLINE_WORDS]) + " …"


def _points(story: str, members: Sequence[StoryMember]) -> list[Point]:
    return [Point(m.source, m.date, str(m.position),
                  f"{m.position}. {m.source}: {m.path.rsplit('/', 1)[-1]}"
                  + (f", {m.date}" if m.date else "") + (" (first)" if m.position == 1 else ""),
                  f"#{story}-{m.position}", m.position == 1) for m in members]


def _duplicate(group: DuplicateGroup, versions: Versions, rank: dict[str, int],
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


def _passage(group: PassageGroup, versions: Versions, rank: dict[str, int],
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


def _quote_view(g: QuoteGroup, source: dict[str, str]) -> QuoteView:
    wordings = []
    for m in g.members:
        others = [o for o in g.members if o.article_id != m.article_id]
        variant = bool(others) and not any(same_words(m.quote.text, o.quote.text)
                                           for o in others)
        wordings.append(_wording(m, g.text, source, variant))
    return QuoteView(g.group, g.speaker, g.text, g.articles,
                     tuple(sorted({source.get(m.article_id, NO_SOURCE) for m in g.members})),
                     g.conflict, any(w.variant for w in wordings),
                     tuple(sorted({m.quote.speaker for m in g.members if m.quote.speaker})),
                     tuple(wordings))


def _wording(m: QuoteOccurrence, canonical: str, source: dict[str, str],
             variant: bool) -> Wording:
    same = surface_words(m.quote.text) == surface_words(canonical)
    return Wording(f"a-{m.article_id}", m.path, source.get(m.article_id, NO_SOURCE),
                   m.quote.speaker, m.quote.text,
                   () if same else tuple(word_diff(m.quote.text, canonical)), same, variant,
                   m.quote.partial)


def _spoken(g: QuoteGroup, source: dict[str, str]) -> SpokenQuote:
    where = tuple({f"a-{m.article_id}": m.path for m in g.members}.items())
    shared = g.articles >= 2
    worded = {tuple(surface_words(m.quote.text)) for m in g.members}
    wordings = () if shared or len(worded) < 2 else tuple(
        _wording(m, g.text, source, False) for m in g.members)
    return SpokenQuote(g.group, g.text, g.speaker, g.articles, where, shared, wordings)


def _speakers(quote_groups: Sequence[QuoteGroup], source: dict[str, str],
              ) -> tuple[SpeakerView, ...]:
    """People (named speakers) quoted in two or more articles, with every spelling the
    articles give their name and every quote group holding their words."""
    by_key: dict[str, list[QuoteOccurrence]] = defaultdict(list)
    groups_of: dict[str, list[QuoteGroup]] = defaultdict(list)
    for g in quote_groups:
        keys = set()
        for m in g.members:
            if m.speaker_key is not None and m.quote.speaker_kind == "name":
                by_key[m.speaker_key].append(m)
                keys.add(m.speaker_key)
        for key in keys:
            groups_of[key].append(g)
    out = []
    for key, said in by_key.items():
        articles = len({m.article_id for m in said})
        if articles < 2:
            continue
        spellings = Counter(m.quote.speaker for m in said if m.quote.speaker)
        name = max(spellings, key=lambda s: (len(s.split()), spellings[s], s))
        views = sorted((_spoken(g, source) for g in groups_of[key]),
                       key=lambda q: (-q.articles, q.text))
        out.append(SpeakerView(key, name, tuple(sorted(set(spellings) - {name})), articles,
                               len(said), tuple(views)))
    out.sort(key=lambda s: (-s.articles, -s.quotes, s.key))
    return tuple(out)
