"""What ``corpus report`` shows, gathered from the store: an overview, the stories that
travelled (duplicate and passage groups, with a timeline and each copy's diff against the
earliest), the quotes carried by several articles, who is quoted, and every article.

Everything here is plain data; ``page`` renders it. Diff and collation tables come from
the renderers of ``corpus diff --format html``, already escaped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus_cli.models import DuplicateGroup, PassageGroup, QuoteGroup, StoredArticle
from corpus_cli.store import Store
from corpus_cli.survey.chronology import day
from corpus_cli.survey.groups import SurveyGroups
from corpus_cli.survey.quoted import QuoteView, SpeakerView, quote_view
from corpus_cli.survey.quoted import speakers as quoted_speakers
from corpus_cli.survey.stories import (
    NO_SOURCE,
    DiffView,
    Story,
    duplicate_story,
    passage_story,
)
from corpus_cli.survey.versions import Versions


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
    stories = [duplicate_story(d, versions, rank, source) for d in result.duplicates]
    stories += [passage_story(p, versions, rank, source, tuple(holders.get(p.group, ())))
                for p in result.passages]
    stories.sort(key=lambda s: (-s.articles, -s.words, s.group))
    quotes = [quote_view(g, source) for g in quote_groups if g.articles >= 2]
    in_stories = Counter(article for s in stories for article in {m.id for m in s.members})
    quoted: Counter[str] = Counter(m.article_id for g in quote_groups for m in g.members)
    articles = tuple(_article_row(a, rank[a.id], in_stories[a.id], quoted[a.id])
                     for a in listed)
    speakers = quoted_speakers(quote_groups, source)
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


