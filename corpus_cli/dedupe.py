"""Duplicate articles and shared passages: the whole store, or new articles against it.

The flow: bodies (non-boilerplate paragraphs as tokens) -> fingerprints -> candidate
paragraph pairs from postings (index, search) -> word-level verification -> runs per
article pair -> duplicate and passage groups (align). Nothing here compares all pairs.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.align.groups import boilerplate_groups, duplicate_groups, passage_groups
from corpus_cli.align.passages import AdjacentTest, Run, drop_dominated, verify_many
from corpus_cli.errors import NotFoundError, StoreError
from corpus_cli.index.fingerprints import Body, BodySource, body_fingerprints, make_bodies
from corpus_cli.index.postings import PostingsIndex
from corpus_cli.index.tokens import as_text
from corpus_cli.models import Article, DedupeResult, PassageGroup
from corpus_cli.search.candidates import paragraph_pairs
from corpus_cli.settings import DedupeSettings
from corpus_cli.store.db import Store
from corpus_cli.store.records import CurrentText

if TYPE_CHECKING:
    from numpy.typing import NDArray

BATCH = 4096  # articles tokenised and fingerprinted per vectorised batch
SHORT = 24  # paragraphs shorter than this (in words) may share a single fingerprint only


@dataclass(slots=True)
class Corpus:
    """Bodies under comparison, with what is needed to report boilerplate too."""

    bodies: list[Body] = field(default_factory=list)
    boilerplate: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)

    def extend(self, rows: Iterable[CurrentText], keys: Iterable[int] | None = None,
               progress: Callable[[int], None] | None = None) -> None:
        """Add stored texts (or new ones, with ``keys``), tokenised a batch at a time."""
        key_of = iter(keys) if keys is not None else None
        batch: list[BodySource] = []
        for row in rows:
            flagged = [(s, e, h) for _idx, s, e, h, is_body in row.paragraphs if not is_body]
            if flagged:
                self.boilerplate[len(self.bodies) + len(batch)] = flagged
            batch.append(BodySource(
                row.seq if key_of is None else next(key_of), row.article_id, row.path,
                row.title, row.date, row.text,
                [(idx, s, e, h) for idx, s, e, h, is_body in row.paragraphs if is_body]))
            if len(batch) == BATCH:
                self.bodies += make_bodies(batch, keep_text=True)
                batch = []
                if progress is not None:
                    progress(len(self.bodies))
        self.bodies += make_bodies(batch, keep_text=True)


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """Every body's sampled shingle hashes, with the global paragraph of each."""

    hashes: NDArray[np.uint64]
    paragraphs: NDArray[np.int64]
    first_paragraph: list[int]  # global number of each body's first paragraph
    paragraph_doc: NDArray[np.int64]  # body of each global paragraph
    sizes: NDArray[np.int64]  # tokens in each global paragraph

    def per_body(self, key: list[int]) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
        """(hash, key of its body) pairs, each pair once: what the persisted index holds."""
        keys = np.asarray(key, dtype=np.int64)[self.paragraph_doc[self.paragraphs]]
        # lexsort + neighbour test: np.unique(axis=0) does the same five times slower.
        order = np.lexsort((keys, self.hashes))
        hashes, keys = self.hashes[order], keys[order]
        first = np.r_[True, (hashes[1:] != hashes[:-1]) | (keys[1:] != keys[:-1])] \
            if len(hashes) else np.empty(0, bool)
        return hashes[first], keys[first]


def fingerprint(corpus: Corpus) -> Fingerprints:
    bodies = corpus.bodies
    first_paragraph = [0]
    for body in bodies:
        first_paragraph.append(first_paragraph[-1] + len(body.paragraphs))
    paragraph_doc = np.repeat(np.arange(len(bodies), dtype=np.int64),
                              [len(b.paragraphs) for b in bodies])
    fps, fp_par = [np.empty(0, np.uint64)], [np.empty(0, np.int64)]
    for lo in range(0, len(bodies), BATCH):
        fp, par = body_fingerprints(bodies[lo : lo + BATCH], first_paragraph[lo])
        fps.append(fp)
        fp_par.append(par)
    sizes = np.concatenate([np.empty(0, np.int64)] + [
        np.diff(np.asarray(b.bounds, dtype=np.int64)) for b in bodies])
    return Fingerprints(np.concatenate(fps), np.concatenate(fp_par), first_paragraph,
                        paragraph_doc, sizes)


def compare(corpus: Corpus, settings: DedupeSettings, new_docs: int | None = None,
            prints: Fingerprints | None = None) -> dict[tuple[int, int], list[Run]]:
    """Verified runs for every pair of articles sharing passages.

    With ``new_docs``, only pairs involving one of the first ``new_docs`` bodies.
    """
    bodies = corpus.bodies
    prints = prints or fingerprint(corpus)
    first_paragraph, paragraph_doc, sizes = prints.first_paragraph, prints.paragraph_doc, \
        prints.sizes
    exact_hash = np.array([p[3] for b in bodies for p in b.paragraphs], dtype=np.int64)
    long_enough = np.flatnonzero(sizes >= settings.min_words)
    a, b, shared = paragraph_pairs(
        prints.hashes, prints.paragraphs,
        exact_hash[long_enough], long_enough, paragraph_doc, settings.max_df, new_docs)
    # One shared fingerprint is chance for long paragraphs, but all a short one may have.
    shortest = np.minimum(sizes[a], sizes[b]) if len(a) else np.empty(0, np.int64)
    keep = (shared >= 2) | (shortest < SHORT)
    keep &= shortest >= settings.min_words
    a, b, shared = a[keep], b[keep], shared[keep]

    par_doc = paragraph_doc.tolist()
    texts: dict[int, str] = {}
    for gp in np.unique(np.r_[a, b]).tolist():
        body = bodies[par_doc[gp]]
        pos = gp - first_paragraph[par_doc[gp]]
        texts[gp] = as_text(body.tokens[body.bounds[pos] : body.bounds[pos + 1]])
    pa, pb = a.tolist(), b.tolist()
    verified = verify_many([texts[p] for p in pa], [texts[p] for p in pb],
                           settings.min_words, settings.passage_threshold)
    found: dict[tuple[int, int], list[Run]] = defaultdict(list)
    for gpa, gpb, regions in zip(pa, pb, verified, strict=True):
        if not regions:
            continue
        da, db = par_doc[gpa], par_doc[gpb]
        oa = bodies[da].bounds[gpa - first_paragraph[da]]
        ob = bodies[db].bounds[gpb - first_paragraph[db]]
        found[(da, db)] += [Run(oa + r.a_lo, oa + r.a_hi, ob + r.b_lo, ob + r.b_hi, r.matched,
                                a=da, b=db) for r in regions]
    return {pair: drop_dominated(runs) for pair, runs in found.items()}


def adjacency(bodies: list[Body]) -> Callable[[int], AdjacentTest]:
    """Per-body adjacency tests, built on first use."""
    tests: dict[int, AdjacentTest] = {}

    def adjacent(doc: int) -> AdjacentTest:
        test = tests.get(doc)
        if test is None:
            body = bodies[doc]
            test = tests[doc] = AdjacentTest(body.bounds, [p[0] for p in body.paragraphs])
        return test

    return adjacent


def find(corpus: Corpus, settings: DedupeSettings, level: str = "all",
         new_docs: int | None = None, prints: Fingerprints | None = None) -> DedupeResult:
    """Duplicate and passage groups among ``corpus`` (or between its new and old bodies)."""
    runs = compare(corpus, settings, new_docs, prints)
    duplicates = duplicate_groups(corpus.bodies, runs, settings.threshold, corpus.boilerplate) \
        if level in ("article", "all") else []
    if new_docs is not None:
        duplicates = [g for g in duplicates if any(m.seq < 0 for m in g.members)]
    passages = []
    if level in ("passage", "all"):
        passages = passage_groups(corpus.bodies, runs, settings.min_words,
                                  adjacency(corpus.bodies))
        if settings.include_boilerplate:
            passages += boilerplate_groups(corpus.bodies, corpus.boilerplate)
        if new_docs is not None:
            passages = [g for g in passages if any(o.seq < 0 for o in g.occurrences)]
    return DedupeResult(len(corpus.bodies), tuple(duplicates), tuple(passages))


def load(rows: Iterable[CurrentText], corpus: Corpus | None = None,
         progress: Callable[[int], None] | None = None) -> Corpus:
    corpus = corpus or Corpus()
    corpus.extend(rows, progress=progress)
    return corpus


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector: with a corpus of objects in memory, its full passes cost
    a quarter of a dedupe, and nothing made here forms cycles (refcounting frees it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def dedupe_store(store: Store, settings: DedupeSettings, level: str = "all",
                 ids: list[str] | None = None) -> DedupeResult:
    """Compare the articles of the store (or those with ``ids``), and refresh its index."""
    with _no_cycle_collection():
        return _dedupe_store(store, settings, level, ids)


def _dedupe_store(store: Store, settings: DedupeSettings, level: str,
                  ids: list[str] | None) -> DedupeResult:
    seqs = store.current_seqs(ids) if ids is not None else None
    corpus = load(store.current_texts(seqs))
    if len(corpus.bodies) < 2:
        what = "the store" if ids is None else "the articles given"
        raise StoreError(f"nothing to compare: {what} hold(s) {len(corpus.bodies)} "
                         "article(s); dedupe needs at least two")
    prints = fingerprint(corpus)
    result = find(corpus, settings, level, prints=prints)
    if ids is None:
        _refresh_index(store, corpus, prints)
    return result


def _refresh_index(store: Store, corpus: Corpus, prints: Fingerprints) -> None:
    index = PostingsIndex(store.db)
    if not index.unindexed() and index.size() == len(corpus.bodies):
        return
    hashes, keys = prints.per_body([b.key for b in corpus.bodies])
    with store.write():
        index.insert(hashes, keys, {b.key: b.body_hash for b in corpus.bodies}, rebuild=True)


def update_index(store: Store) -> None:
    """Index the current versions the index lacks (articles ingested since it was built)."""
    index = PostingsIndex(store.db)
    todo = index.unindexed()
    if not todo:
        return
    corpus = load(store.current_texts(todo))
    hashes, keys = fingerprint(corpus).per_body([b.key for b in corpus.bodies])
    with store.write():
        index.insert(hashes, keys, {b.key: b.body_hash for b in corpus.bodies})


MAX_CANDIDATES = 64  # stored articles verified per checked article, most shared first


def check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                   level: str = "all") -> DedupeResult:
    """Compare new articles (not stored) with the stored corpus through its index."""
    with _no_cycle_collection():
        return _check_articles(store, articles, settings, level)


def _check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                    level: str) -> DedupeResult:
    update_index(store)
    index = PostingsIndex(store.db)
    corpus = Corpus()
    corpus.extend([_as_row(store, a) for a in articles], keys=range(-1, -len(articles) - 1, -1))
    prints = fingerprint(corpus)
    per_body = prints.per_body([b.key for b in corpus.bodies])
    candidates: set[int] = set()
    for body in corpus.bodies:
        mine = per_body[0][per_body[1] == body.key]
        shared = index.query(mine)
        need = 1 if body.words < SHORT else 2
        ranked = [seq for seq, count in shared.most_common(MAX_CANDIDATES) if count >= need]
        candidates.update(ranked)
        candidates.update(index.same_body(body.body_hash))
    new_docs = len(corpus.bodies)
    load(store.current_texts(sorted(candidates)), corpus)
    return find(corpus, settings, level, new_docs=new_docs)


def _as_row(store: Store, article: Article) -> CurrentText:
    """A new article as the store would hold it, with the store's frequency flags."""
    flagged = store.flagged_hashes([p.hash for p in article.paragraphs])
    doc = article.document
    return CurrentText(
        -1, article.id, doc.name, article.title, doc.date, doc.text,
        [(p.index, p.start, p.end, p.hash, int(not p.boilerplate and p.hash not in flagged))
         for p in article.paragraphs])


def find_passage(store: Store, group: str, settings: DedupeSettings) -> PassageGroup:
    """The shared passage ``group`` (an id ``corpus dedupe`` prints), found again."""
    result = dedupe_store(store, settings, "passage")
    for passage in result.passages:
        if passage.group == group:
            return passage
    raise NotFoundError(f"no shared passage {group!r} in the store "
                        f"({len(result.passages)} found; corpus dedupe --level passage lists them)")
