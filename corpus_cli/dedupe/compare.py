"""Comparing loaded bodies: candidates, verification, then duplicate and passage groups.

What a full pass and a check share. Each stage is a plain function over arrays
(``candidates``, ``verify``, ``duplicates``, ``passages``); this module runs them in the
worker pool: slices of the fingerprint space counted apart, blocks of candidate pairs
verified apart, and duplicate grouping beside passage grouping. Nothing compares all
pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from corpus_cli.dedupe.candidates import (
    Counted,
    count_shared,
    split_pairs,
    verifiable_pairs,
)
from corpus_cli.dedupe.corpus import Corpus, Fingerprints, fingerprint
from corpus_cli.dedupe.duplicates import duplicate_groups, link_passages
from corpus_cli.dedupe.load import FORK_ARTICLES, store_furniture
from corpus_cli.dedupe.passages import boilerplate_groups, passage_groups
from corpus_cli.dedupe.runs import by_pair, concatenate, drop_dominated
from corpus_cli.dedupe.verify import EVIDENCE, verify_block
from corpus_cli.models import DedupeResult, DuplicateGroup, Member, Occurrence, PassageGroup
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store
from corpus_cli.workers import beside, fork_map, pool_size

if TYPE_CHECKING:
    from numpy.typing import NDArray

VERIFY_BLOCK = 1 << 16  # candidate pairs verified together (bounds a worker's memory)
LEVELS = ("article", "passage", "all")


class Comparison(NamedTuple):
    """What the stages found between articles, for grouping."""

    runs: NDArray[np.void]  # verified regions, a run table sorted by article pair
    evidence: NDArray[np.void]  # paragraph pairs counting towards near duplicates


class Candidates(NamedTuple):
    """Pairs of paragraphs worth verifying (global paragraph numbers ``a[i]``, ``b[i]``),
    with the body of each paragraph and the first paragraph of each body."""

    a: NDArray[np.int64]
    b: NDArray[np.int64]
    paragraph_doc: NDArray[np.int64]
    first_paragraph: NDArray[np.int64]


def compare(corpus: Corpus, settings: DedupeSettings, new_docs: int | None = None,
            prints: Fingerprints | None = None) -> Comparison:
    """Verified runs for every pair of articles sharing passages (regions inside bigger
    ones of the same pair dropped), and the paragraph pairs that make near duplicates.

    With ``new_docs``, only pairs involving one of the first ``new_docs`` bodies.
    """
    return verify_candidates(corpus, candidates(corpus, settings, new_docs, prints), settings)


def candidates(corpus: Corpus, settings: DedupeSettings, new_docs: int | None = None,
               prints: Fingerprints | None = None) -> Candidates:
    """The paragraph pairs ``compare`` verifies: after this, the fingerprints are no
    longer needed (at a million articles they are a gigabyte)."""
    bodies = corpus.bodies
    prints = prints or fingerprint(corpus, settings.fingerprints)
    paragraph_doc, sizes = prints.paragraph_doc, prints.sizes
    exact_hash = bodies.paragraph_column(3)
    long_enough = np.flatnonzero(sizes >= settings.min_words)

    # Workers count the pairs of slices of the fingerprints, one slice after another:
    # a slice's sorting and pairing temporaries are several times its size.
    workers = pool_size(len(bodies), FORK_ARTICLES)
    slices = workers * max(1, -(-len(prints.hashes) // (workers * SLICE_FINGERPRINTS)))
    count = partial(_count_slices, prints.hashes, prints.paragraphs, paragraph_doc, settings,
                    new_docs, slices)
    counted = [c for part in fork_map(count, [list(range(w, slices, workers))
                                              for w in range(workers)]) for c in part]
    a, b = split_pairs(verifiable_pairs(counted, exact_hash[long_enough], long_enough,
                                        paragraph_doc, sizes, settings, new_docs))
    del exact_hash, long_enough
    return Candidates(a, b, paragraph_doc, prints.first_paragraph)


SLICE_FINGERPRINTS = 25_000_000  # at most this many fingerprints counted at once, about


def _count_slices(hashes: NDArray[np.uint64], paragraphs: NDArray[np.int32],
                  paragraph_doc: NDArray[np.int64], settings: DedupeSettings,
                  new_docs: int | None, slices: int, mine: list[int],
                  ) -> list[Counted]:
    return [count_shared(hashes, paragraphs, paragraph_doc, settings, new_docs, part=part,
                         parts=slices) for part in mine]


def verify_candidates(corpus: Corpus, found: Candidates, settings: DedupeSettings) -> Comparison:
    """The candidate pairs verified word by word, in blocks, by the worker pool."""
    bodies = corpus.bodies
    a, b = found.a, found.b
    blocks = [(lo, min(lo + VERIFY_BLOCK, len(a))) for lo in range(0, len(a), VERIFY_BLOCK)]
    workers = min(pool_size(len(blocks), 2), len(blocks))
    parts = [blocks[i::workers] for i in range(workers)] if workers > 1 else [blocks]

    def verify_part(part: list[tuple[int, int]],
                    ) -> list[tuple[NDArray[np.void], NDArray[np.void]]]:
        return [verify_block(bodies, found.paragraph_doc, found.first_paragraph, a[lo:hi],
                             b[lo:hi], settings)
                for lo, hi in part]

    # Blocks are dealt round-robin to workers; their runs are taken in block order, so
    # the result does not depend on the workers.
    by_block: dict[tuple[int, int], tuple[NDArray[np.void], NDArray[np.void]]] = {}
    for part, rows in zip(parts, fork_map(verify_part, parts), strict=True):
        by_block.update(zip(part, rows, strict=True))
    table = concatenate([by_block[block][0] for block in blocks])
    evidence = np.concatenate([np.empty(0, EVIDENCE)]
                              + [by_block[block][1] for block in blocks])
    del by_block
    return Comparison(drop_dominated(by_pair(table)), evidence)


def find(corpus: Corpus, settings: DedupeSettings, level: str = "all",
         new_docs: int | None = None, prints: Fingerprints | None = None) -> DedupeResult:
    """Duplicate and passage groups among ``corpus`` (or between its new and old bodies)."""
    return group(corpus, compare(corpus, settings, new_docs, prints), settings, level, new_docs)


def group(corpus: Corpus, found: Comparison, settings: DedupeSettings,
          level: str = "all", new_docs: int | None = None,
          store_path: Path | None = None) -> DedupeResult:
    """Duplicate and passage groups from what ``compare`` found between bodies.

    With ``store_path`` and both levels, a forked worker finds the duplicate groups (its
    own connection to the store answers the furniture questions) while this process
    groups passages: only worth it with a core to spare.
    """
    duplicates: list[DuplicateGroup] = []
    passages: list[PassageGroup] = []
    if level == "all" and store_path is not None:
        duplicates, passages = beside(
            partial(_duplicates_apart, store_path, corpus, found, settings),
            partial(_passages, corpus, found.runs, settings))
    else:
        if level in ("article", "all"):
            duplicates = duplicate_groups(corpus.bodies, found.runs, found.evidence, settings,
                                          corpus.boilerplate, corpus.furniture)
        if level in ("passage", "all"):
            passages = _passages(corpus, found.runs, settings)
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


def _duplicates_apart(path: Path, corpus: Corpus, found: Comparison,
                      settings: DedupeSettings) -> list[DuplicateGroup]:
    with Store(path, create=False) as store:  # a connection of this process's own
        return duplicate_groups(corpus.bodies, found.runs, found.evidence, settings,
                                corpus.boilerplate,
                                store_furniture(store, settings.boilerplate))


def _passages(corpus: Corpus, table: NDArray[np.void], settings: DedupeSettings,
              ) -> list[PassageGroup]:
    # The texts are fetched a chunk at a time and cut into occurrences as they go: a
    # stored body's is fetched again on need (the boilerplate groups' below).
    passages = passage_groups(corpus.bodies, table, settings,
                              keep_texts=corpus.fetch_texts is None, fetch=corpus.need_texts)
    if settings.include_boilerplate:
        corpus.need_texts(corpus.boilerplate)
        passages += boilerplate_groups(corpus.bodies, corpus.boilerplate)
    return passages
