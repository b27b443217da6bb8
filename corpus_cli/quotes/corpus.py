"""Quotes of a whole corpus: read from the store, filtered, and checked against new articles.

An article version's quotes are found once and kept in the store (``kept``): a run reads
the kept quotes of every version whose rules and boilerplate flags still match, finds
the others' (dealt among forked workers, article by article, on a large store) and keeps
them for the next run. Grouping is done on every run: it depends on the whole corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple, TypeVar

from corpus_cli.models import Article, QuoteGroup, QuoteOccurrence, Region
from corpus_cli.quotes import quotes_of_article
from corpus_cli.quotes.group import (
    STOPWORDS,
    Located,
    Piece,
    group_quotes,
    normal_words,
    same_words,
    word_diff,
)
from corpus_cli.quotes.kept import aside, decode, encode, rules_key
from corpus_cli.quotes.names import fold
from corpus_cli.quotes.speakers import matches
from corpus_cli.settings import QuoteFilter
from corpus_cli.store import Store
from corpus_cli.workers import fork_map, no_cycle_collection, pool_size

FORK_ARTICLES = 200  # fewer articles than this are done here: a worker costs more


def stored_quotes(store: Store, exclude: Iterable[str] = ()) -> list[Located]:
    """The quotes of the latest version of every stored article (but ``exclude``), in
    article order: kept ones read back, the others found (workers read their articles
    through connections of their own) and kept when the store can be written now."""
    skip = set(exclude)
    ids = [listed.id for listed in store.articles() if listed.id not in skip]
    rules = rules_key()
    kept = store.kept_quotes(rules)
    found: dict[str, list[Located]] = {}
    missing: list[str] = []
    for article_id in ids:
        row = kept.get(article_id)
        if row is not None and row.quotes is not None and row.kept_aside == row.aside:
            found[article_id] = [Located(article_id, row.path, row.source, q)
                                 for q in decode(row.quotes, row.text)]
        else:
            missing.append(article_id)
    if missing:
        if store.in_memory:  # workers open the store by its path: this one lives here alone
            fresh = _stored(store, missing)
        else:
            fresh = _in_workers(partial(_stored_in, store.path), missing,
                                last=partial(_stored, store))
        for article_id, version in zip(missing, fresh, strict=True):
            found[article_id] = version.located
        store.keep_quotes(rules, ((v.seq, v.aside, encode([q.quote for q in v.located]))
                                  for v in fresh))
    return [located for article_id in ids for located in found[article_id]]


def article_quotes(articles: Sequence[Article]) -> list[Located]:
    """The quotes of articles read from files but not stored, in the order given."""
    return [located for found in _in_workers(_of_articles, articles) for located in found]


T = TypeVar("T")
R = TypeVar("R")


@no_cycle_collection()
def _in_workers(of_items: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                last: Callable[[Sequence[T]], list[R]] | None = None) -> list[R]:
    """What ``of_items`` gives for each item, in order.

    With enough items, forked workers take every ``workers``-th item each (dealt, not
    cut into runs: quotes cluster by section, and a run of politics would keep one
    worker busy long after the others). Articles are independent, so the result is
    the same as computing it all here.
    """
    workers = pool_size(len(items), FORK_ARTICLES)
    if workers < 2:
        return (last or of_items)(items)
    hands = fork_map(of_items, [items[n::workers] for n in range(workers)], last=last)
    return [hands[n % workers][n // workers] for n in range(len(items))]


class _Found(NamedTuple):
    """The quotes found in one stored version, with what keeping them needs."""

    seq: int
    aside: str  # its boilerplate paragraphs when they were found (kept.aside)
    located: list[Located]


def _stored_in(path: Path, ids: Sequence[str]) -> list[_Found]:
    with Store(path, create=False) as store:  # a forked worker's own connection
        return _stored(store, ids)


def _stored(store: Store, ids: Sequence[str]) -> list[_Found]:
    out = []
    for article_id in ids:
        version = store.version(article_id)
        out.append(_Found(version.seq, aside(version.paragraphs), [
            Located(article_id, version.path, version.source, q) for q in
            quotes_of_article(version.text, version.paragraphs, version.title_span)]))
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
    (misattribution), with how sure the check is and why, in words."""

    kind: str  # misquote or misattribution
    new: QuoteOccurrence
    stored: QuoteOccurrence
    diff: tuple[Piece, ...]
    confidence: float = 0.5
    reason: str = ""
    region: Region | None = None  # the new quote's lines and columns (check_quotes fills it)


REWORDED_SHARE = 0.5  # content words of the shorter quote found in the other
REWORDED_WORDS = 5  # and at least this many of them
FRAGMENT_WORDS = 4  # a run of stored words this long given to someone else is a finding


def check(stored: Sequence[Located], new: Sequence[Located]) -> list[Finding]:
    """Findings for the quotes of ``new`` against the corpus ``stored``.

    - *misquote*: a new quote grouped with stored quotes whose words match none of them
      (case, punctuation and quote marks aside; a run of the other's words counts as
      the same); or a quote by the same person as a stored one, on the same subject (at
      least half its content words, five or more, are the stored quote's), in other
      words: a reworded quote.
    - *misattribution*: the same words as a stored quote, or a run of four or more of
      its words, given to a different speaker: another person, or a person where the
      corpus has a group of people ("the soldiers", "senior officers") or the reverse.
      A description of one person ("the Belarus leader") is not another speaker.

    A speaker saying something new, and an accurate partial quote, are no finding.
    """
    new_ids = {n.article_id for n in new}
    findings: list[Finding] = []
    groups = group_quotes([*stored, *new])
    old_all = [m for g in groups for m in g.members if m.article_id not in new_ids]
    index = _ContentIndex(old_all)
    for group in groups:
        old = [m for m in group.members if m.article_id not in new_ids]
        for m in group.members:
            if m.article_id not in new_ids:
                continue
            found = _in_group(m, old) if old else None
            if found is None:
                found = _elsewhere(m, index)
            if found is not None:
                findings.append(found)
    findings.sort(key=lambda f: (f.new.path, f.new.quote.start, f.kind))
    return findings


def _in_group(m: QuoteOccurrence, old: list[QuoteOccurrence]) -> Finding | None:
    same = [s for s in old if same_words(m.quote.text, s.quote.text)]
    if not same:
        closest = max(old, key=lambda s: _closeness(m.quote.text, s.quote.text))
        diff = tuple(word_diff(m.quote.text, closest.quote.text))
        changed = sum(len(p.text.split()) + len(p.was.split()) for p in diff if p.op != "equal")
        confidence = _sure(m, closest, 0.9 if _same_speaker(m, closest) else 0.6)
        return Finding("misquote", m, closest, diff, confidence,
                       f"the corpus quotes {_who(closest)} differently: {changed} words "
                       "differ")
    if m.quote.partial:
        return None
    # The fullest stored quote with these words is what a reader checks against.
    others = [s for s in same if _different(m, s)]
    if not others:
        return None
    other = max(others, key=lambda s: (len(s.quote.text), s.path, -s.quote.start))
    return Finding("misattribution", m, other, tuple(word_diff(m.quote.text, other.quote.text)),
                   _sure(m, other, 0.9),
                   f"the same words are given to {_who(m)} here and to {_who(other)} in "
                   f"{other.path}")


def _elsewhere(m: QuoteOccurrence, index: _ContentIndex) -> Finding | None:
    """A finding the groups do not show: a run of a longer stored quote given to someone
    else, or the same person's words reworded beyond what groups a quote."""
    words = normal_words(m.quote.text)
    for s, shared in index.candidates(words):
        stored_words = normal_words(s.quote.text)
        if len(words) >= FRAGMENT_WORDS and _different(m, s) and (
                _run(stored_words, words) or _run(words, stored_words)):
            return Finding("misattribution", m, s, tuple(word_diff(m.quote.text,
                                                                   s.quote.text)),
                           _sure(m, s, 0.8),
                           f"these words are part of a quote the corpus gives to "
                           f"{_who(s)} ({s.path}); here they are {_who(m)}'s")
        if not _same_speaker(m, s) or same_words(m.quote.text, s.quote.text):
            continue
        content = min(len(set(words) - STOPWORDS), len(set(stored_words) - STOPWORDS))
        if shared >= REWORDED_WORDS and content and shared / content >= REWORDED_SHARE:
            diff = tuple(word_diff(m.quote.text, s.quote.text))
            changed = [p for p in diff if p.op == "replace"]
            example = "; ".join(f"“{p.text}” for “{p.was}”" for p in changed[:3])
            return Finding("misquote", m, s, diff, _sure(m, s, round(shared / content, 2)),
                           f"{_who(m)} on the same subject ({shared} of {content} content "
                           f"words shared) in other words than the corpus quotes"
                           + (f": {example}" if example else ""))
    return None


class _ContentIndex:
    """Stored quotes by their content words, for the candidates of one new quote."""

    def __init__(self, occurrences: list[QuoteOccurrence]) -> None:
        self.occurrences = occurrences
        self.postings: dict[str, list[int]] = {}
        for n, occ in enumerate(occurrences):
            for word in set(normal_words(occ.quote.text)) - STOPWORDS:
                self.postings.setdefault(word, []).append(n)

    def candidates(self, words: Sequence[str]) -> list[tuple[QuoteOccurrence, int]]:
        """Stored quotes sharing content words with ``words``, most shared first."""
        shared: Counter[int] = Counter()
        for word in set(words) - STOPWORDS:
            for n in self.postings.get(word, ()):
                shared[n] += 1
        best = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:_CANDIDATES]
        return [(self.occurrences[n], count) for n, count in best if count >= 2]


_CANDIDATES = 20


def _run(long: Sequence[str], short: Sequence[str]) -> bool:
    return 0 < len(short) <= len(long) and f" {' '.join(short)} " in f" {' '.join(long)} "


def _person(m: QuoteOccurrence) -> bool:
    return m.quote.speaker_kind == "name" and m.speaker_key is not None


def _group_of_people(m: QuoteOccurrence) -> bool:
    """Does a description name several people ("the soldiers", "senior officers"),
    not one ("the Belarus leader")?"""
    if m.quote.speaker_kind != "description" or not m.quote.speaker:
        return False
    head = m.quote.speaker.split()[-1].lower()
    return head.endswith("s") and not head.endswith("ss") and len(head) > 3


def _different(a: QuoteOccurrence, b: QuoteOccurrence) -> bool:
    """Are these two speakers different: two people, or a person and a group?"""
    if _person(a) and _person(b):
        return a.speaker_key != b.speaker_key
    return (_person(a) and _group_of_people(b)) or (_group_of_people(a) and _person(b))


def _same_speaker(a: QuoteOccurrence, b: QuoteOccurrence) -> bool:
    return _person(a) and _person(b) and a.speaker_key == b.speaker_key


def _who(m: QuoteOccurrence) -> str:
    if m.quote.speaker is None:
        return "no known speaker"
    return m.quote.speaker if _person(m) else f"“{m.quote.speaker}”"


def _sure(a: QuoteOccurrence, b: QuoteOccurrence, match: float) -> float:
    """How sure a finding is: how well the words match, times how sure each attribution
    is (a finding is no surer than the speakers it compares)."""
    speakers = min(a.quote.confidence or 0.5, b.quote.confidence or 0.5)
    return round(max(0.05, min(1.0, match * (0.5 + 0.5 * speakers))), 2)


def _closeness(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a.casefold(), b.casefold()))
