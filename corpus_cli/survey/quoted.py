"""Quotes for ``corpus report``: the groups carried by two or more articles with each
article's wording and speaker (conflicts and variant wordings marked), and the people
quoted in two or more articles under every spelling of their name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_cli.models import QuoteGroup, QuoteOccurrence
from corpus_cli.quotes.group import Piece, same_words, surface_words, word_diff
from corpus_cli.survey.stories import NO_SOURCE


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


def quote_view(g: QuoteGroup, source: dict[str, str]) -> QuoteView:
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


def speakers(quote_groups: Sequence[QuoteGroup], source: dict[str, str],
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
