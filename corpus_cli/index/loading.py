"""Stored articles loaded for comparison: token bodies and their fingerprints.

The first stage of ``corpus dedupe``: read every current text (or some) from the store,
tell story paragraphs from boilerplate, tokenise the bodies and fingerprint their
paragraphs, in forked workers for large stores. ``corpus_cli.dedupe`` compares what this
loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from corpus_cli.arrays import run_starts
from corpus_cli.errors import StoreError
from corpus_cli.index.fingerprints import (
    Body,
    BodySource,
    body_fingerprints,
    make_bodies,
    paragraph_sizes,
)
from corpus_cli.index.postings import KEY_MASK, index_key
from corpus_cli.store.db import Store
from corpus_cli.store.records import CurrentText
from corpus_cli.workers import can_fork, cpu_count, fork_map

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from corpus_cli.align.groups import Furniture

BATCH = 4096  # articles tokenised and fingerprinted per vectorised batch
FORK_ARTICLES = 20_000  # fewer articles load faster than a second process starts
MAX_WORKERS = 4  # forked workers at most, whatever the CPU count
HERE_SHARE = 1.1  # articles loaded here for every 1 a worker loads (see load_store)
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


def store_furniture(store: Store) -> Furniture:
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
    corpus = Corpus(fetch_texts=store.texts_of, furniture=store_furniture(store))
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
