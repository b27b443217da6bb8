"""``corpus dedupe --check``: new articles, not stored, against the stored corpus.

The store's index finds the stored articles worth verifying against each new one (most
shared fingerprints first); only those are loaded, so a check costs the same whatever
the size of the store.
"""

from __future__ import annotations

from corpus_cli.dedupe import indexing
from corpus_cli.dedupe.candidates import stored_candidates
from corpus_cli.dedupe.compare import find
from corpus_cli.dedupe.corpus import Corpus, fingerprint, load
from corpus_cli.dedupe.load import boilerplate_hashes, store_furniture
from corpus_cli.models import Article, DedupeResult
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import CurrentText, Store, StoredParagraph
from corpus_cli.workers import no_cycle_collection


def check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                   level: str = "all") -> DedupeResult:
    """Compare new articles (not stored) with the stored corpus through its index."""
    with no_cycle_collection():
        return _check_articles(store, articles, settings, level)


def _check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                    level: str) -> DedupeResult:
    indexing.update(store, settings)
    index = indexing.postings(store, settings)
    policy = settings.boilerplate
    corpus = Corpus(fetch_texts=store.texts_of, furniture=store_furniture(store, policy))
    corpus.extend([_as_row(store, a, settings) for a in articles],
                  keys=range(-1, -len(articles) - 1, -1))
    hashes, keys = fingerprint(corpus, settings.fingerprints).per_body(
        [b.key for b in corpus.bodies])
    candidates: set[int] = set()
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
    return CurrentText(
        -1, article.id, doc.name, article.title, doc.date, doc.text,
        [StoredParagraph(p.index, p.start, p.end, p.hash,
                         not p.boilerplate and p.hash not in flagged)
         for p in article.paragraphs])
