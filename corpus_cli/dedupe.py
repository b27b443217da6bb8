"""Duplicate articles and shared passages: the whole store, or new articles against it.

The flow: bodies (non-boilerplate paragraphs as tokens) and their fingerprints, loaded by
``index.loading`` -> candidate paragraph pairs from postings (index, search) -> word-level
verification -> runs per article pair -> duplicate and passage groups (align). Nothing
here compares all pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.align.groups import (
    boilerplate_groups,
    duplicate_groups,
    link_passages,
    passage_groups,
)
from corpus_cli.align.passages import A, AdjacentTest, B, drop_dominated, verify_many
from corpus_cli.arrays import distinct
from corpus_cli.errors import NotFoundError, StoreError
from corpus_cli.index.fingerprints import SHORT, Body
from corpus_cli.index.loading import (
    FORK_ARTICLES,
    MAX_WORKERS,
    Corpus,
    Fingerprints,
    boilerplate_hashes,
    fingerprint,
    load,
    load_store,
    store_furniture,
)
from corpus_cli.index.postings import PARTS, PostingsIndex, part_of
from corpus_cli.index.tokens import as_text
from corpus_cli.memory import no_cycle_collection
from corpus_cli.models import (
    Article,
    DedupeResult,
    DuplicateGroup,
    Member,
    Occurrence,
    PassageGroup,
)
from corpus_cli.search.candidates import CHUNK, HUBS, RARE, combine, count_shared, split_pairs
from corpus_cli.settings import DedupeSettings
from corpus_cli.store.db import Store
from corpus_cli.store.records import CurrentText
from corpus_cli.workers import beside, can_fork, cpu_count, fork_map, in_background

if TYPE_CHECKING:
    from numpy.typing import NDArray

VERIFY_BLOCK = 1 << 16  # candidate pairs verified together (bounds a worker's memory)

def compare(corpus: Corpus, settings: DedupeSettings, new_docs: int | None = None,
            prints: Fingerprints | None = None) -> NDArray[np.int64]:
    """Verified runs for every pair of articles sharing passages: a run table (see
    ``align.passages``), sorted by article pair.

    With ``new_docs``, only pairs involving one of the first ``new_docs`` bodies.
    """
    bodies = corpus.bodies
    prints = prints or fingerprint(corpus)
    first_paragraph, paragraph_doc, sizes = prints.first_paragraph, prints.paragraph_doc, \
        prints.sizes
    exact_hash = np.array([p[3] for b in bodies for p in b.paragraphs], dtype=np.int64)
    long_enough = np.flatnonzero(sizes >= settings.min_words)

    # Forked workers count the pairs of a slice of the fingerprints each.
    slices = min(cpu_count(), MAX_WORKERS) if len(bodies) >= FORK_ARTICLES else 1
    pairs, shared, rare = combine(
        fork_map(partial(count_shared, prints.hashes, prints.paragraphs, paragraph_doc,
                         settings.max_df, new_docs, parts=slices), list(range(slices))),
        exact_hash[long_enough], long_enough, paragraph_doc, settings.max_df, new_docs)
    del exact_hash, long_enough
    a, b = split_pairs(_worth_verifying(pairs, shared, rare, sizes, settings.min_words))
    del pairs, shared, rare

    par_doc = paragraph_doc.tolist()
    blocks = [(lo, min(lo + VERIFY_BLOCK, len(a))) for lo in range(0, len(a), VERIFY_BLOCK)]
    workers = min(cpu_count(), MAX_WORKERS, len(blocks))
    parts = [blocks[i::workers] for i in range(workers)] if workers > 1 else [blocks]

    def verify_part(part: list[tuple[int, int]]) -> list[NDArray[np.int64]]:
        return [_verify_block(bodies, first_paragraph, par_doc, a[lo:hi], b[lo:hi], settings)
                for lo, hi in part]

    # Blocks are dealt round-robin to forked workers; their runs come back as arrays and
    # are taken in block order, so the result does not depend on the workers.
    by_block: dict[tuple[int, int], NDArray[np.int64]] = {}
    for part, rows in zip(parts, fork_map(verify_part, parts), strict=True):
        by_block.update(zip(part, rows, strict=True))
    table = np.concatenate([np.empty((0, 7), np.int64)] + [by_block[block] for block in blocks])
    del by_block
    order = np.argsort((table[:, A] << 32) | table[:, B], kind="stable")
    return drop_dominated(table[order])


def _worth_verifying(pairs: NDArray[np.uint64], shared: NDArray[np.int64],
                     rare: NDArray[np.bool_], sizes: NDArray[np.int64], min_words: int,
                     ) -> NDArray[np.uint64]:
    """The candidate pairs that may hold a passage (a tenth of them), a chunk at a time:
    at 200,000 articles each temporary over all 13 million would be 100 MB."""
    kept = [np.empty(0, np.uint64)]
    for lo in range(0, len(pairs), CHUNK):
        a, b = split_pairs(pairs[lo : lo + CHUNK])
        size_a, size_b = sizes[a], sizes[b]
        shortest, longest = np.minimum(size_a, size_b), np.maximum(size_a, size_b)
        # One shared fingerprint is chance, but may be all a short paragraph shares with a
        # long one it is part of (the long one's shingles are sampled), if it is a rare
        # one. Two short paragraphs keep all their shingles: one shared is chance (1 in
        # 400 verified).
        keep = (shared[lo : lo + CHUNK] >= 2) | ((shortest < SHORT) & (longest >= SHORT)
                                                 & rare[lo : lo + CHUNK])
        keep &= shortest >= min_words
        kept.append(pairs[lo : lo + CHUNK][keep])
    return np.concatenate(kept)


def _verify_block(bodies: list[Body], first_paragraph: list[int], par_doc: list[int],
                  a: NDArray[np.int64], b: NDArray[np.int64], settings: DedupeSettings,
                  ) -> NDArray[np.int64]:
    """Verified regions of one block of candidate paragraph pairs: run table rows, in body
    coordinates."""
    # Token strings for this block's paragraphs only, decoded in one piece and sliced
    # (one character per token): a decode per paragraph cost a tenth of a pass.
    wanted = distinct(np.concatenate((a, b))).tolist()
    pieces = []
    for gp in wanted:
        body = bodies[par_doc[gp]]
        pos = gp - first_paragraph[par_doc[gp]]
        pieces.append(body.tokens[body.bounds[pos] : body.bounds[pos + 1]])
    joined = as_text(np.concatenate(pieces)) if pieces else ""
    ends = np.cumsum([len(piece) for piece in pieces]).tolist()
    texts = {gp: joined[lo:hi] for gp, lo, hi in zip(wanted, [0, *ends], ends, strict=False)}
    pa, pb = a.tolist(), b.tolist()
    verified = verify_many([texts[p] for p in pa], [texts[p] for p in pb],
                           settings.min_words, settings.passage_threshold)
    out: list[tuple[int, int, int, int, int, int, int]] = []
    for gpa, gpb, regions in zip(pa, pb, verified, strict=True):
        if not regions:
            continue
        da, db = par_doc[gpa], par_doc[gpb]
        oa = bodies[da].bounds[gpa - first_paragraph[da]]
        ob = bodies[db].bounds[gpb - first_paragraph[db]]
        out += [(da, oa + r.a_lo, oa + r.a_hi, db, ob + r.b_lo, ob + r.b_hi, r.matched)
                for r in regions]
    return np.array(out, dtype=np.int64).reshape(-1, 7)


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
    return group(corpus, compare(corpus, settings, new_docs, prints), settings, level, new_docs)


def group(corpus: Corpus, table: NDArray[np.int64], settings: DedupeSettings,
          level: str = "all", new_docs: int | None = None,
          store_path: Path | None = None) -> DedupeResult:
    """Duplicate and passage groups from the verified runs between bodies (a run table).

    With ``store_path`` and both levels, a forked worker finds the duplicate groups (its
    own connection to the store answers the furniture questions) while this process
    groups passages: only worth it with a core to spare, not while the index is rebuilt.
    """
    duplicates: list[DuplicateGroup] = []
    passages: list[PassageGroup] = []
    if level == "all" and store_path is not None:
        duplicates, passages = beside(
            partial(_duplicates_apart, store_path, corpus, table, settings.threshold),
            partial(_passages, corpus, table, settings))
    else:
        if level in ("article", "all"):
            duplicates = duplicate_groups(corpus.bodies, table, settings.threshold,
                                          corpus.boilerplate, corpus.furniture)
        if level in ("passage", "all"):
            passages = _passages(corpus, table, settings)
    if new_docs is not None:
        duplicates = [g for g in duplicates if _checked(g.members)]
        passages = [g for g in passages if _checked(g.occurrences)]
    if level == "all":  # after the filter: only passages that are reported
        duplicates = link_passages(duplicates, passages)
    return DedupeResult(len(corpus.bodies), tuple(duplicates), tuple(passages))


def _checked(items: Iterable[Member | Occurrence]) -> bool:
    """Does a group found by a check hold a new article and another article?

    A checked file at a stored location is that article (edited, or checked again after
    ``--ingest``), not a copy of it: a group of its versions alone is no finding.
    """
    ids = {i.id for i in items}
    return any(i.seq < 0 for i in items) and len(ids) > 1


def _duplicates_apart(path: Path, corpus: Corpus, table: NDArray[np.int64], threshold: float,
                      ) -> list[DuplicateGroup]:
    with Store(path, create=False) as store:  # a connection of this process's own
        return duplicate_groups(corpus.bodies, table, threshold, corpus.boilerplate,
                                store_furniture(store))


def _passages(corpus: Corpus, table: NDArray[np.int64], settings: DedupeSettings,
              ) -> list[PassageGroup]:
    corpus.need_texts(distinct(np.concatenate((table[:, A], table[:, B]))).tolist())
    if settings.include_boilerplate:
        corpus.need_texts(corpus.boilerplate)
    passages = passage_groups(corpus.bodies, table, settings.min_words,
                              adjacency(corpus.bodies), settings.passage_threshold)
    if settings.include_boilerplate:
        passages += boilerplate_groups(corpus.bodies, corpus.boilerplate)
    return passages


def dedupe_store(store: Store, settings: DedupeSettings, level: str = "all",
                 ids: list[str] | None = None) -> DedupeResult:
    """Compare the articles of the store (or those with ``ids``), and refresh its index."""
    with no_cycle_collection():
        return _dedupe_store(store, settings, level, ids)


def _dedupe_store(store: Store, settings: DedupeSettings, level: str,
                  ids: list[str] | None) -> DedupeResult:
    if ids is None:
        corpus, prints = load_store(store)
    else:
        corpus = load(store.current_texts(store.current_seqs(ids),
                                          boilerplate=boilerplate_hashes(store)),
                      Corpus(fetch_texts=store.texts_of, furniture=store_furniture(store)))
        prints = fingerprint(corpus)
    if len(corpus.bodies) < 2:
        what = "the store" if ids is None else "the articles given"
        raise StoreError(f"nothing to compare: {what} hold(s) {len(corpus.bodies)} "
                         "article(s); dedupe needs at least two")
    table = compare(corpus, settings, prints=prints)
    join = None
    if ids is None and not PostingsIndex(store.db).is_current(len(corpus.bodies)):
        # The index is rebuilt by a worker while this process groups (a fifth of a full
        # pass at 200,000 articles); it writes through its own connection.
        join = in_background(partial(_rebuild_index, store.path, corpus, prints))
    del prints
    # With no rebuild running, a core is free while this process groups passages.
    apart = store.path if join is None and len(corpus.bodies) >= FORK_ARTICLES \
        and can_fork() else None
    result = group(corpus, table, settings, level, store_path=apart)
    if join is not None and not join():
        _rebuild_index(store.path, corpus, fingerprint(corpus))  # the worker failed
    return result


def _rebuild_index(path: Path, corpus: Corpus, prints: Fingerprints) -> None:
    with Store(path, create=False) as store:
        _refresh_index(store, corpus, prints)


def _refresh_index(store: Store, corpus: Corpus, prints: Fingerprints) -> None:
    index = PostingsIndex(store.db)
    keys = np.array([b.key for b in corpus.bodies], dtype=np.int64)
    parts = part_of(prints.hashes)
    with store.write():
        index.clear()
        index.add_bodies({b.key: b.body_hash for b in corpus.bodies})
        for part in range(PARTS):
            index.insert(*prints.per_body(keys, part, parts), rebuild=True)


def update_index(store: Store) -> None:
    """Index the current versions the index lacks (articles ingested since it was built)."""
    index = PostingsIndex(store.db)
    todo = index.unindexed()
    if not todo:
        return
    corpus = load(store.current_texts(todo, boilerplate=boilerplate_hashes(store)))
    hashes, keys = fingerprint(corpus).per_body([b.key for b in corpus.bodies])
    with store.write():
        index.add_bodies({b.key: b.body_hash for b in corpus.bodies})
        index.insert(hashes, keys)


MAX_CANDIDATES = 64  # stored articles verified per checked article, most shared first


def check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                   level: str = "all") -> DedupeResult:
    """Compare new articles (not stored) with the stored corpus through its index."""
    with no_cycle_collection():
        return _check_articles(store, articles, settings, level)


def _check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                    level: str) -> DedupeResult:
    update_index(store)
    index = PostingsIndex(store.db)
    corpus = Corpus(fetch_texts=store.texts_of, furniture=store_furniture(store))
    corpus.extend([_as_row(store, a) for a in articles], keys=range(-1, -len(articles) - 1, -1))
    prints = fingerprint(corpus)
    per_body = prints.per_body([b.key for b in corpus.bodies])
    candidates: set[int] = set()
    for body in corpus.bodies:
        mine = per_body[0][per_body[1] == body.key]
        shared = index.query(mine, settings.max_df, RARE, HUBS)
        need = 1 if body.words < SHORT else 2
        ranked = [seq for seq, count in shared.most_common(MAX_CANDIDATES) if count >= need]
        candidates.update(ranked)
        candidates.update(index.same_body(body.body_hash))
    new_docs = len(corpus.bodies)
    seqs = sorted(candidates)
    # Only these articles' paragraphs are asked about: the whole store's flagged paragraphs
    # would cost a warm check its budget at 200,000 articles.
    boilerplate = boilerplate_hashes(store, store.paragraph_hashes(seqs))
    load(store.current_texts(seqs, boilerplate=boilerplate), corpus)
    return find(corpus, settings, level, new_docs=new_docs)


def _as_row(store: Store, article: Article) -> CurrentText:
    """A new article as the store would hold it, with the store's frequency flags."""
    flagged = boilerplate_hashes(store, [p.hash for p in article.paragraphs])
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
