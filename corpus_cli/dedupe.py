"""Duplicate articles and shared passages: the whole store, or new articles against it.

The flow: bodies (non-boilerplate paragraphs as tokens) -> fingerprints -> candidate
paragraph pairs from postings (index, search) -> word-level verification -> runs per
article pair -> duplicate and passage groups (align). Nothing here compares all pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from corpus_cli.align.groups import (
    Furniture,
    boilerplate_groups,
    duplicate_groups,
    link_passages,
    passage_groups,
)
from corpus_cli.align.passages import A, AdjacentTest, B, drop_dominated, verify_many
from corpus_cli.arrays import distinct, run_starts
from corpus_cli.errors import NotFoundError, StoreError
from corpus_cli.index.fingerprints import (
    SHORT,
    Body,
    BodySource,
    body_fingerprints,
    make_bodies,
    paragraph_sizes,
)
from corpus_cli.index.postings import KEY_MASK, PARTS, PostingsIndex, index_key, part_of
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

BATCH = 4096  # articles tokenised and fingerprinted per vectorised batch
FORK_ARTICLES = 20_000  # fewer articles load faster than a second process starts
MAX_WORKERS = 4  # forked workers at most, whatever the CPU count
HERE_SHARE = 1.1  # articles loaded here for every 1 a worker loads (see load_store)
VERIFY_BLOCK = 1 << 16  # candidate pairs verified together (bounds a worker's memory)
# A flagged paragraph in this many stored articles, flagged in this share of them, is site
# furniture whatever its pattern; otherwise it may be a story paragraph a source's
# follow-ups repeat (see exact_classes). At 200,000 generated articles, site furniture is
# flagged in 98 % or more of its carriers, and the most flagged story paragraph in 56 %.
FURNITURE_ARTICLES = 10
FURNITURE_FLAGGED_SHARE = 0.8
# A paragraph the frequency rule flagged in fewer than this share of the stored paragraphs
# carrying it is compared as story text, everywhere: one source's follow-ups repeat it,
# the other outlets print it once, as part of their story (at 200,000 generated articles,
# 20 to 70 % for story paragraphs, 98 % or more for site furniture).
BOILERPLATE_FLAGGED_SHARE = 0.5


@dataclass(slots=True)
class Corpus:
    """Bodies under comparison, with what is needed to report boilerplate too."""

    bodies: list[Body] = field(default_factory=list)
    boilerplate: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    # Fetches stored texts by sequence number. With it, stored bodies do not keep their
    # text: only those in a reported passage need it again (a third of the memory).
    fetch_texts: Callable[[list[int]], dict[int, str]] | None = None
    # Which flagged paragraph hashes are site furniture for sure (see exact_classes);
    # without it, every flagged paragraph is.
    furniture: Furniture | None = None

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
                self.bodies += make_bodies(batch, keep_stored_text=self.fetch_texts is None)
                batch = []
                if progress is not None:
                    progress(len(self.bodies))
        self.bodies += make_bodies(batch, keep_stored_text=self.fetch_texts is None)

    def need_texts(self, docs: Iterable[int]) -> None:
        """Give the bodies ``docs`` their texts back, fetched from the store."""
        missing = {self.bodies[d].key: d for d in docs if self.bodies[d].text is None}
        if missing and self.fetch_texts is not None:
            for key, text in self.fetch_texts(sorted(missing)).items():
                self.bodies[missing[key]].text = text


class Fingerprints(NamedTuple):
    """Every body's sampled shingle hashes, with the global paragraph of each."""

    hashes: NDArray[np.uint64]
    paragraphs: NDArray[np.int32]  # half the memory of int64: 18 million at 200,000 articles
    first_paragraph: list[int]  # global number of each body's first paragraph
    paragraph_doc: NDArray[np.int64]  # body of each global paragraph
    sizes: NDArray[np.int64]  # tokens in each global paragraph

    def per_body(self, key: list[int] | NDArray[np.int64], part: int | None = None,
                 parts: NDArray[np.uint8] | None = None,
                 ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
        """(fingerprint, key of its body) pairs, each pair once, sorted: what the persisted
        index holds (see ``PostingsIndex``); with ``part``, only those in that slice of
        its buckets (``parts``: ``part_of(self.hashes)``; ``PARTS`` slices bound the
        memory of a rebuild)."""
        if len(key) > KEY_MASK + 1:
            raise StoreError(f"too many articles for one index: {len(key):,} "
                             f"(at most {KEY_MASK + 1:,})")
        hashes, paragraphs = self.hashes, self.paragraphs
        if part is not None and parts is not None:
            wanted = np.flatnonzero(parts == part)
            hashes, paragraphs = hashes[wanted], paragraphs[wanted]
        packed = index_key(hashes)
        packed |= self.paragraph_doc[paragraphs].astype(np.uint64)  # fills the dropped bits
        packed.sort()
        if len(packed):
            packed = packed[run_starts(packed)]
        keys = np.asarray(key, dtype=np.int64)[(packed & KEY_MASK).astype(np.int64)]
        packed &= ~KEY_MASK
        return packed, keys


# Fingerprints of a run of bodies, their paragraphs numbered from the run's first.
LocalPrints = tuple["NDArray[np.uint64]", "NDArray[np.int32]"]


def fingerprint(corpus: Corpus, parts: list[tuple[int, LocalPrints]] | None = None,
                ) -> Fingerprints:
    """The fingerprints of every body; ``parts``: those computed already (by the workers
    that loaded them), each with the number of its run's first body, all runs in order."""
    bodies = corpus.bodies
    paragraphs = np.fromiter(map(len, (b.paragraphs for b in bodies)), np.int64, len(bodies))
    first_paragraph = [0, *np.cumsum(paragraphs).tolist()]
    paragraph_doc = np.repeat(np.arange(len(bodies), dtype=np.int64), paragraphs)
    sizes = paragraph_sizes(bodies)
    if parts is None:
        parts = [(0, _local_prints(bodies, sizes))]
    fps = [np.empty(0, np.uint64)] + [fp for _first, (fp, _par) in parts]
    fp_par = [np.empty(0, np.int32)] + [par + np.int32(first_paragraph[first])
                                        for first, (_fp, par) in parts]
    return Fingerprints(np.concatenate(fps), np.concatenate(fp_par), first_paragraph,
                        paragraph_doc, sizes)


def _local_prints(bodies: list[Body], sizes: NDArray[np.int64] | None = None) -> LocalPrints:
    sizes = paragraph_sizes(bodies) if sizes is None else sizes
    counts = np.fromiter(map(len, (b.paragraphs for b in bodies)), np.int64, len(bodies))
    first = [0, *np.cumsum(counts).tolist()]
    fps, fp_par = [np.empty(0, np.uint64)], [np.empty(0, np.int32)]
    for lo in range(0, len(bodies), BATCH):
        hi = min(lo + BATCH, len(bodies))
        fp, par = body_fingerprints(bodies[lo:hi], first[lo], sizes[first[lo] : first[hi]])
        fps.append(fp)
        fp_par.append(par.astype(np.int32))
    return np.concatenate(fps), np.concatenate(fp_par)


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
                                _furniture(store))


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


class PackedBodies(NamedTuple):
    """Bodies loaded by a worker, as columns: a few arrays and lists pickle many times
    faster than a tuple per body with lists of paragraph tuples inside (at 200,000
    articles, 2.4 s to send a worker's half that way)."""

    keys: list[int]
    article_ids: list[str]
    paths: list[str]
    titles: list[str]
    dates: list[str | None]
    body_hashes: list[int]
    paragraphs: NDArray[np.int64]  # (idx, start, end, hash) of every body paragraph
    counts: NDArray[np.int64]  # paragraphs of each body
    sizes: NDArray[np.int64]  # tokens of each paragraph
    tokens: NDArray[np.uint32]
    boilerplate: dict[int, list[tuple[int, int, int]]]

    @classmethod
    def of(cls, corpus: Corpus) -> PackedBodies:
        bodies = corpus.bodies
        return cls(
            [b.key for b in bodies], [b.article_id for b in bodies], [b.path for b in bodies],
            [b.title for b in bodies], [b.date for b in bodies],
            [b.body_hash for b in bodies],
            np.array([p for b in bodies for p in b.paragraphs], np.int64).reshape(-1, 4),
            np.fromiter(map(len, (b.paragraphs for b in bodies)), np.int64, len(bodies)),
            paragraph_sizes(bodies),
            np.concatenate([np.empty(0, np.uint32)] + [b.tokens for b in bodies]),
            corpus.boilerplate)

    def unpack_into(self, corpus: Corpus) -> None:
        first = len(corpus.bodies)
        paragraphs = list(map(tuple, self.paragraphs.tolist()))
        sizes = self.sizes.tolist()
        at = token = 0
        for key, article_id, path, title, date, body_hash, count in zip(
                self.keys, self.article_ids, self.paths, self.titles, self.dates,
                self.body_hashes, self.counts.tolist(), strict=True):
            bounds = [0, *accumulate(sizes[at : at + count])]
            corpus.bodies.append(Body(key, article_id, path, title, date,
                                      paragraphs[at : at + count],
                                      self.tokens[token : token + bounds[-1]], bounds,
                                      body_hash))
            at += count
            token += bounds[-1]
        for doc, flagged in self.boilerplate.items():
            corpus.boilerplate[first + doc] = flagged


def _furniture(store: Store) -> Furniture:
    """``store.furniture_hashes``, each hash asked once: the same site furniture comes up
    in thousands of exact classes, and counting its articles reads thousands of rows."""
    known: dict[int, bool] = {}

    def furniture(hashes: set[int]) -> set[int]:
        new = hashes - known.keys()
        if new:
            sure = store.furniture_hashes(new, min_articles=FURNITURE_ARTICLES,
                                          min_flagged_share=FURNITURE_FLAGGED_SHARE)
            known.update((h, h in sure) for h in new)
        return {h for h in hashes if known[h]}

    return furniture


def boilerplate_hashes(store: Store, hashes: Iterable[int] | None = None) -> set[int]:
    """Paragraph hashes compared as boilerplate (of ``hashes``): flagged by a pattern, or by
    frequency in at least ``BOILERPLATE_FLAGGED_SHARE`` of the paragraphs carrying them."""
    return store.furniture_hashes(store.flagged_hashes(hashes), min_articles=1,
                                  min_flagged_share=BOILERPLATE_FLAGGED_SHARE)


def load_store(store: Store) -> tuple[Corpus, Fingerprints]:
    """Every current article of ``store``, tokenised, texts left in the store, and their
    fingerprints.

    Large stores are read, tokenised and fingerprinted in forked workers, one range of
    article ids each: the same bodies, in the same order, as reading them here.
    """
    corpus = Corpus(fetch_texts=store.texts_of, furniture=_furniture(store))
    boilerplate = boilerplate_hashes(store)
    workers = min(cpu_count(), MAX_WORKERS) if can_fork() else 1
    articles = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    if workers < 2 or articles < FORK_ARTICLES:
        load(store.current_texts(boilerplate=boilerplate), corpus)
        return corpus, fingerprint(corpus)
    # This process takes the last range, a bigger one: the workers also pack their bodies
    # and send them. At 200,000 articles, loading ended 0.8 s sooner (median of four)
    # with 1.1 or 1.18 than with equal ranges.
    splits = store.article_id_splits([1.0] * (workers - 1) + [HERE_SHARE])
    ranges = list(zip([None, *splits], [*splits, None], strict=True))

    def here(id_range: tuple[str | None, str | None],
             ) -> tuple[Corpus | PackedBodies, LocalPrints]:
        part = load(store.current_texts(id_range=id_range, boilerplate=boilerplate),
                    Corpus(fetch_texts=store.texts_of))
        return part, _local_prints(part.bodies)

    there: Callable[[tuple[str | None, str | None]],
                    tuple[Corpus | PackedBodies, LocalPrints]] = \
        partial(_load_range, store.path, boilerplate)
    prints = []
    for part, part_prints in fork_map(there, ranges, last=here):
        first = len(corpus.bodies)
        prints.append((first, part_prints))
        if isinstance(part, Corpus):  # loaded here: nothing to unpack
            corpus.bodies += part.bodies
            corpus.boilerplate.update((first + d, f) for d, f in part.boilerplate.items())
        else:
            part.unpack_into(corpus)
    return corpus, fingerprint(corpus, prints)


def _load_range(path: Path, boilerplate: set[int], id_range: tuple[str | None, str | None],
                ) -> tuple[PackedBodies, LocalPrints]:
    with Store(path, create=False) as store:  # a connection of this process's own
        corpus = load(store.current_texts(id_range=id_range, boilerplate=boilerplate),
                      Corpus(fetch_texts=store.texts_of))
    packed = PackedBodies.of(corpus)
    return packed, _local_prints(corpus.bodies, packed.sizes)


def load(rows: Iterable[CurrentText], corpus: Corpus | None = None,
         progress: Callable[[int], None] | None = None) -> Corpus:
    corpus = corpus or Corpus()
    corpus.extend(rows, progress=progress)
    return corpus


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
                      Corpus(fetch_texts=store.texts_of, furniture=_furniture(store)))
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
    corpus = Corpus(fetch_texts=store.texts_of, furniture=_furniture(store))
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
