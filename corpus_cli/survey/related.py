"""``corpus related ID``: every article sharing something with one article, earliest first.

What counts as shared: being in a duplicate group with it, carrying a passage group's
occurrence beside one of its own, or quoting words it quotes (a quote group with members in
both). Each related article says how much of it is shared: the share of its story words
inside the duplicate or the passages it shares with the article asked about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from corpus_cli.models import (
    DuplicateGroup,
    Paragraph,
    PassageGroup,
    QuoteGroup,
    StoredArticle,
)
from corpus_cli.store import Store
from corpus_cli.survey.chronology import chronological, moment
from corpus_cli.survey.groups import SurveyGroups
from corpus_cli.survey.versions import Versions


@dataclass(frozen=True, slots=True)
class SharedDuplicate:
    group: str
    kind: str  # exact or near
    similarity: float
    shared: float  # share of this article's words found in the other members


@dataclass(frozen=True, slots=True)
class SharedPassage:
    group: str
    words: int  # of this article's occurrence
    boilerplate: bool
    start: int  # this article's occurrence, in its stored text
    end: int
    paragraphs: tuple[int, ...]  # this article's paragraphs it overlaps
    given_start: int  # the occurrence in the article asked about
    given_end: int
    given_paragraphs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SharedQuote:
    group: str
    text: str  # this article's wording
    speaker: str | None  # as this article gives it
    partial: bool
    given_text: str  # the wording of the article asked about
    given_speaker: str | None


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    id: str
    path: str
    title: str
    source: str | None
    date: str | None
    rank: int  # ingest order, from 1
    given: bool  # the article asked about
    share: float  # of its story words, in what it shares with the article asked about
    duplicates: tuple[SharedDuplicate, ...] = ()
    passages: tuple[SharedPassage, ...] = ()
    quotes: tuple[SharedQuote, ...] = ()


@dataclass(frozen=True, slots=True)
class Related:
    given: RelatedArticle
    articles: tuple[RelatedArticle, ...]  # the given article among them, earliest first
    ordered_by: str  # chronology.BY_DATE or BY_INGEST
    groups: SurveyGroups = field(repr=False)

    @property
    def undated(self) -> int:
        return sum(moment(a.date) is None for a in self.articles)

    @property
    def others(self) -> int:
        return len(self.articles) - 1


def related(store: Store, article_id: str, groups: SurveyGroups,
            quote_groups: Sequence[QuoteGroup]) -> Related:
    """What every other stored article shares with ``article_id``, from the dedupe
    ``groups`` and the ``quote_groups`` of the store."""
    listed = {a.id: (rank, a) for rank, a in enumerate(store.articles(), 1)}
    versions = Versions(store)
    duplicates = _duplicates(groups.result.duplicates, article_id)
    passages, spans = _passages(groups.result.passages, article_id, versions)
    quotes = _quotes(quote_groups, article_id)
    found = []
    for other in sorted({*duplicates, *passages, *quotes} & listed.keys()):
        rank, article = listed[other]
        share = max([versions.covered(other, *spans.get(other, (None, [])))]
                    + [d.shared for d in duplicates.get(other, ())])
        found.append(_article(article, rank, False, share, duplicates.get(other, ()),
                              passages.get(other, ()), quotes.get(other, ())))
    rank, article = listed[article_id]
    given = _article(article, rank, True,
                     versions.covered(article_id, *spans.get(article_id, (None, []))))
    ordered, by = chronological([given, *found], lambda a: a.date, lambda a: a.rank)
    return Related(given, tuple(ordered), by, groups)


def _duplicates(groups: Iterable[DuplicateGroup], article_id: str,
                ) -> dict[str, list[SharedDuplicate]]:
    """The other members of the duplicate groups holding ``article_id``."""
    found: dict[str, list[SharedDuplicate]] = {}
    for g in groups:
        if any(m.id == article_id for m in g.members):
            for m in g.members:
                if m.id != article_id:
                    found.setdefault(m.id, []).append(
                        SharedDuplicate(g.group, g.kind, g.similarity, m.shared))
    return found


Spans = dict[str, tuple[int, list[tuple[int, int]]]]  # article -> (version seq, spans)


def _passages(groups: Iterable[PassageGroup], article_id: str, versions: Versions,
              ) -> tuple[dict[str, list[SharedPassage]], Spans]:
    """The occurrences in other articles of the passages ``article_id`` carries, with the
    spans each article (``article_id`` too) shares, in the version they were found in."""
    found: dict[str, list[SharedPassage]] = {}
    spans: Spans = {}
    for p in groups:
        mine = [o for o in p.occurrences if o.id == article_id]
        if not mine:
            continue
        own = mine[0]
        spans.setdefault(article_id, (own.seq, []))[1].extend((o.start, o.end) for o in mine)
        own_paragraphs = _overlapping(versions.at(own.id, own.seq).paragraphs, own.start,
                                      own.end)
        for o in p.occurrences:
            if o.id == article_id or any(s.group == p.group for s in found.get(o.id, ())):
                continue
            spans.setdefault(o.id, (o.seq, []))[1].append((o.start, o.end))
            paragraphs = _overlapping(versions.at(o.id, o.seq).paragraphs, o.start, o.end)
            found.setdefault(o.id, []).append(SharedPassage(
                p.group, o.words, p.boilerplate, o.start, o.end, paragraphs, own.start,
                own.end, own_paragraphs))
    return found, spans


def _quotes(groups: Iterable[QuoteGroup], article_id: str) -> dict[str, list[SharedQuote]]:
    """Each other article's wording of the quotes ``article_id`` carries."""
    found: dict[str, list[SharedQuote]] = {}
    for g in groups:
        mine = next((m for m in g.members if m.article_id == article_id), None)
        if mine is None:
            continue
        seen: set[str] = set()
        for m in g.members:
            if m.article_id == article_id or m.article_id in seen:
                continue
            seen.add(m.article_id)
            found.setdefault(m.article_id, []).append(SharedQuote(
                g.group, m.quote.text, m.quote.speaker, m.quote.partial, mine.quote.text,
                mine.quote.speaker))
    return found


def _article(article: StoredArticle, rank: int, given: bool, share: float,
             duplicates: Iterable[SharedDuplicate] = (),
             passages: Iterable[SharedPassage] = (),
             quotes: Iterable[SharedQuote] = ()) -> RelatedArticle:
    return RelatedArticle(article.id, article.path, article.title, article.source,
                          article.date, rank, given, round(min(share, 1.0), 4),
                          tuple(sorted(duplicates, key=lambda d: d.kind)),
                          tuple(sorted(passages, key=lambda p: p.start)),
                          tuple(quotes))


def _overlapping(paragraphs: Sequence[Paragraph], start: int, end: int) -> tuple[int, ...]:
    return tuple(p.index for p in paragraphs if p.start < end and start < p.end)
