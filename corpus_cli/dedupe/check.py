"""``corpus dedupe --check``: new articles, not stored, against the stored corpus.

The store's index finds the stored articles worth verifying against each new one (most
shared fingerprints first); only those are loaded, so a check costs the same whatever
the size of the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from corpus_cli.dedupe import indexing
from corpus_cli.dedupe.candidates import stored_candidates
from corpus_cli.dedupe.compare import find
from corpus_cli.dedupe.corpus import Corpus, fingerprint, load
from corpus_cli.dedupe.load import boilerplate_hashes, store_furniture
from corpus_cli.errors import StoreError, Verdict
from corpus_cli.index.tokens import TOKEN
from corpus_cli.ingest.parse import read_new
from corpus_cli.ingest.run import store_articles
from corpus_cli.models import Article, DedupeResult
from corpus_cli.settings import CheckRule, DedupeSettings, IngestSettings
from corpus_cli.store import BodyParagraph, CurrentText, Flagged, Store
from corpus_cli.workers import no_cycle_collection


class CopyCheck(NamedTuple):
    result: DedupeResult  # the groups holding a new article and a stored one
    articles: int  # new articles read


def check_copies(store_path: Path, paths: Sequence[str], settings: DedupeSettings | None = None,
                 rule: CheckRule | None = None, level: str = "all", ingest: bool = False,
                 verdict: Verdict | None = None) -> tuple[CopyCheck, Verdict]:
    """``corpus dedupe --check``: the articles ``paths`` hold, compared with the stored
    corpus without storing them (unless ``ingest``); a finding per article that ``rule``
    fails. An unreadable input is an error in the verdict; the others are checked."""
    verdict = verdict or Verdict()
    settings = settings or DedupeSettings()
    with Store(store_path, create=False) as store:
        articles = read_new(paths, IngestSettings(), store.root, verdict)
        store.refresh_if_stale(settings.boilerplate)
        if store.is_empty():
            raise StoreError(f"{store_path} holds no article to check against")
        result = check_articles(store, articles, settings, level)
        for reason in findings(result, articles, rule or CheckRule()):
            verdict.finding(reason)
        if ingest:
            store_articles(store, articles)
            indexing.update(store, settings)
    return CopyCheck(result, len(articles)), verdict


def findings(result: DedupeResult, articles: Sequence[Article], rule: CheckRule) -> list[str]:
    """Why the checked ``articles`` fail ``rule``, one reason per article and kind."""
    names = {a.id: a.document.name for a in articles}
    reasons = []
    for g in result.duplicates:
        for m in g.members:
            if m.seq < 0 and any(o.seq >= 0 for o in g.members):
                reasons.append(f"{names.get(m.id, m.path)}: {g.kind} duplicate of "
                               f"{next(o.path for o in g.members if o.seq >= 0)}")
    if rule.fail_on != "passage":
        return reasons
    covered: dict[str, list[int]] = {}
    for p in result.passages:
        if p.boilerplate or not any(o.seq >= 0 for o in p.occurrences):
            continue
        for o in p.occurrences:
            if o.seq < 0:
                covered.setdefault(o.id, []).append(o.words)
    words = {a.id: _words(a) for a in articles}
    for article_id, hits in covered.items():
        name = names.get(article_id, article_id)
        if rule.max_shared is None:
            reasons.append(f"{name}: shares {len(hits)} passage(s) with the stored corpus")
            continue
        share = min(1.0, sum(hits) / max(words.get(article_id, 1), 1))
        if share > rule.max_shared:
            reasons.append(f"{name}: {share:.0%} of its words are in passages shared with the "
                           f"stored corpus (limit {rule.max_shared:.0%})")
    return reasons


def _words(article: Article) -> int:
    """Words of an article's story text (boilerplate aside)."""
    text = article.document.text
    return sum(len(TOKEN.findall(text, p.start, p.end)) for p in article.paragraphs
               if not p.boilerplate)


def check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                   level: str = "all") -> DedupeResult:
    """Compare new articles (not stored) with the stored corpus through its index."""
    with no_cycle_collection():
        return _check_articles(store, articles, settings, level)


def _check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                    level: str) -> DedupeResult:
    policy = settings.boilerplate
    corpus = Corpus(fetch_texts=store.texts_of, furniture=store_furniture(store, policy))
    candidates: set[int] = set()
    # Every article stored before the check began is in the index read here, whatever
    # other processes ingest, rebuild or top up meanwhile.
    with indexing.current_index(store, settings) as index:
        corpus.extend([_as_row(store, a, settings) for a in articles],
                      keys=range(-1, -len(articles) - 1, -1))
        hashes, keys = fingerprint(corpus, settings.fingerprints).per_body(
            [b.key for b in corpus.bodies])
        for body in corpus.bodies:
            candidates |= stored_candidates(index, body, hashes[keys == body.key], settings)
    new_docs = len(corpus.bodies)
    seqs = sorted(candidates)
    # Only these articles' paragraphs are asked about: the whole store's flagged
    # paragraphs would cost a check more than the rest of it.
    boilerplate = boilerplate_hashes(store, policy, store.paragraph_hashes(seqs))
    load(store.current_texts(seqs, boilerplate=boilerplate), corpus)
    return find(corpus, settings, level, new_docs=new_docs)


def _as_row(store: Store, article: Article, settings: DedupeSettings) -> CurrentText:
    """A new article as the store would hold it, with the store's frequency flags."""
    flagged = boilerplate_hashes(store, settings.boilerplate,
                                 [p.hash for p in article.paragraphs])
    doc = article.document
    body, aside = [], []
    for p in article.paragraphs:
        if p.boilerplate or p.hash in flagged:
            aside.append(Flagged(p.start, p.end, p.hash))
        else:
            body.append(BodyParagraph(p.index, p.start, p.end, p.hash))
    return CurrentText(-1, article.id, doc.name, article.title, doc.date, doc.text, body, aside)
