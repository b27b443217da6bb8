"""Quotes of a whole corpus: read from the store, filtered, and checked against new articles.

Quotes are computed from the stored text and paragraphs each time they are asked for
(no quote table in the store): extraction and attribution run at several megabytes a
second (bench/bench_quotes.py), and nothing can go stale when the rules improve. A
large corpus is dealt among forked workers, article by article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from corpus_cli.models import Article, QuoteGroup, QuoteOccurrence
from corpus_cli.quotes import quotes_of_article
from corpus_cli.quotes.group import Located, Piece, group_quotes, same_words, word_diff
from corpus_cli.quotes.names import fold
from corpus_cli.quotes.speakers import matches
from corpus_cli.settings import QuoteFilter
from corpus_cli.store import Store
from corpus_cli.workers import fork_map, no_cycle_collection, pool_size

FORK_ARTICLES = 200  # fewer articles than this are done here: a worker costs more


def stored_quotes(store: Store, exclude: Iterable[str] = ()) -> list[Located]:
    """The quotes of the latest version of every stored article (but ``exclude``), in
    article order. Workers read their articles through connections of their own."""
    skip = set(exclude)
    ids = [listed.id for listed in store.articles() if listed.id not in skip]
    if store.in_memory:  # workers open the store by its path: this one lives here alone
        return [located for found in _stored(store, ids) for located in found]
    return _in_workers(partial(_stored_in, store.path), ids, last=partial(_stored, store))


def article_quotes(articles: Sequence[Article]) -> list[Located]:
    """The quotes of articles read from files but not stored, in the order given."""
    return _in_workers(_of_articles, articles)


T = TypeVar("T")
PerArticle = Callable[[Sequence[T]], list[list[Located]]]


@no_cycle_collection()
def _in_workers(quotes_of: PerArticle[T], items: Sequence[T],
                last: PerArticle[T] | None = None) -> list[Located]:
    """The quotes of every item, in order: ``quotes_of`` gives them per item.

    With enough items, forked workers take every ``workers``-th item each (dealt, not
    cut into runs: quotes cluster by section, and a run of politics would keep one
    worker busy long after the others). Articles are independent, so the result is
    the same as computing it all here.
    """
    workers = pool_size(len(items), FORK_ARTICLES)
    if workers < 2:
        per_item = (last or quotes_of)(items)
    else:
        hands = fork_map(quotes_of, [items[n::workers] for n in range(workers)], last=last)
        per_item = [[] for _ in items]
        for n, hand in enumerate(hands):
            per_item[n::workers] = hand
    return [located for found in per_item for located in found]


def _stored_in(path: Path, ids: Sequence[str]) -> list[list[Located]]:
    with Store(path, create=False) as store:  # a forked worker's own connection
        return _stored(store, ids)


def _stored(store: Store, ids: Sequence[str]) -> list[list[Located]]:
    out = []
    for article_id in ids:
        version = store.version(article_id)
        out.append([Located(article_id, version.path, version.source, q) for q in
                    quotes_of_article(version.text, version.paragraphs, version.title_span)])
    return out


def _of_articles(articles: Sequence[Article]) -> list[list[Located]]:
    return [[Located(a.id, a.document.name, a.source, q)
             for q in quotes_of_article(a.text, a.paragraphs, a.title_span)]
            for a in articles]


def _source_matches(query: str, m: QuoteOccurrence) -> bool:
    q = fold(query)
    return q in fold(m.source or "") or q in fold(m.path)


def select(groups: Sequence[QuoteGroup], filt: QuoteFilter,
           articles: set[str] | None = None) -> list[QuoteGroup]:
    """Groups that pass the filters, each keeping only the occurrences that do.

    ``--min-sources`` counts the articles of the whole group; ``--speaker`` and
    ``--source`` keep the occurrences they name (a group stays when one does);
    ``articles`` keeps occurrences from those articles only (the paths given).
    """
    out: list[QuoteGroup] = []
    for group in groups:
        if group.articles < filt.min_sources:
            continue
        members = [m for m in group.members
                   if (filt.partial or not m.quote.partial)
                   and (articles is None or m.article_id in articles)
                   and (filt.speaker is None
                        or matches(filt.speaker, m.quote.speaker, m.speaker_key))
                   and (filt.source is None or _source_matches(filt.source, m))]
        if members:
            out.append(QuoteGroup(group.group, group.text, group.speaker, group.speaker_key,
                                  tuple(members)))
    return out


@dataclass(frozen=True, slots=True)
class Finding:
    """A new quote that the corpus quotes differently (misquote) or from someone else
    (misattribution)."""

    kind: str  # misquote or misattribution
    new: QuoteOccurrence
    stored: QuoteOccurrence
    diff: tuple[Piece, ...]


def check(stored: Sequence[Located], new: Sequence[Located]) -> list[Finding]:
    """Findings for the quotes of ``new`` against the corpus ``stored``.

    A new quote grouped with stored quotes is a possible *misquote* when no stored quote
    of its group carries the same words (case, punctuation and quote marks aside; a run
    of the other's words counts as the same). It is a possible *misattribution* when a
    stored quote carries the same words but both name a person and the people differ.
    A new quote in a group of its own is someone saying something new: no finding.
    """
    new_ids = {n.article_id for n in new}
    findings: list[Finding] = []
    for group in group_quotes([*stored, *new]):
        old = [m for m in group.members if m.article_id not in new_ids]
        if not old:
            continue
        for m in group.members:
            if m.article_id not in new_ids:
                continue
            same = [s for s in old if same_words(m.quote.text, s.quote.text)]
            if not same:
                closest = max(old, key=lambda s: _closeness(m.quote.text, s.quote.text))
                findings.append(Finding("misquote", m, closest, tuple(
                    word_diff(m.quote.text, closest.quote.text))))
                continue
            if m.quote.partial or m.quote.speaker_kind != "name":
                continue
            other = next((s for s in same if s.quote.speaker_kind == "name"
                          and s.speaker_key != m.speaker_key), None)
            if other is not None:
                findings.append(Finding("misattribution", m, other, tuple(
                    word_diff(m.quote.text, other.quote.text))))
    findings.sort(key=lambda f: (f.new.path, f.new.quote.start, f.kind))
    return findings


def _closeness(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a.casefold(), b.casefold()))
