"""The articles under comparison, as token bodies, and their fingerprints.

The first stage of a dedupe: article versions (``CurrentText`` rows, from the store or
from files being checked) become ``Body`` objects, tokenised a batch at a time, and
their paragraphs are fingerprinted. Nothing here reads the store: where the rows come
from is the engine's business (``load`` for the local one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np

from corpus_cli.arrays import run_starts
from corpus_cli.errors import StoreError
from corpus_cli.index.bodies import Body, BodySource, make_bodies, paragraph_sizes
from corpus_cli.index.fingerprints import body_fingerprints
from corpus_cli.index.postings import KEY_MASK, index_key
from corpus_cli.settings import Fingerprinting
from corpus_cli.store.records import BodyParagraph, CurrentText, Flagged

if TYPE_CHECKING:
    from numpy.typing import NDArray

BATCH = 4096  # articles tokenised and fingerprinted per vectorised batch

class Furniture(Protocol):
    """Of these flagged paragraph hashes, the ones that are site furniture for sure (see
    ``duplicates.exact_classes``): the one question a stage asks its engine. ``inside``:
    they sit between story paragraphs, where only a boilerplate pattern vouches for them
    (a results table's "Nine mths" recurs in thousands of tables, yet is story there)."""

    def __call__(self, hashes: set[int], *, inside: bool = False) -> set[int]: ...


@dataclass(slots=True)
class Corpus:
    """Bodies under comparison, with what is needed to report boilerplate too."""

    bodies: list[Body] = field(default_factory=list)
    boilerplate: dict[int, list[Flagged]] = field(default_factory=dict)  # by body position
    # Fetches stored texts by sequence number. With it, stored bodies do not keep their
    # text: only those in a reported passage need it again (much of a pass's memory).
    fetch_texts: Callable[[list[int]], dict[int, str]] | None = None
    # Which flagged paragraphs are site furniture for sure; without it, every one is.
    furniture: Furniture | None = None

    def extend(self, rows: Iterable[CurrentText], keys: Iterable[int] | None = None) -> None:
        """Add stored texts (or new ones, with ``keys``), tokenised a batch at a time."""
        key_of = iter(keys) if keys is not None else None
        batch: list[BodySource] = []
        for row in rows:
            if row.flagged:
                self.boilerplate[len(self.bodies) + len(batch)] = row.flagged
            batch.append(BodySource(
                row.seq if key_of is None else next(key_of), row.article_id, row.path,
                row.title, row.date, row.text, row.body))
            if len(batch) == BATCH:
                self.bodies += make_bodies(batch, keep_stored_text=self.fetch_texts is None)
                batch = []
        self.bodies += make_bodies(batch, keep_stored_text=self.fetch_texts is None)

    def need_texts(self, docs: Iterable[int]) -> None:
        """Give the bodies ``docs`` their texts back, fetched from the store."""
        missing = {self.bodies[d].key: d for d in docs if self.bodies[d].text is None}
        if missing and self.fetch_texts is not None:
            for key, text in self.fetch_texts(sorted(missing)).items():
                self.bodies[missing[key]].text = text


def chronology(body: Body) -> tuple[bool, str, int]:
    """Dated articles first, by date; then ingest order. Articles being checked (negative
    keys) are newest of all."""
    return (body.date is None, body.date or "", body.key if body.key >= 0 else 1 << 62)


def _ingested(body: Body) -> tuple[bool, str, int]:
    return (False, "", body.key if body.key >= 0 else 1 << 62)


def group_order(members: Iterable[Body]) -> Callable[[Body], tuple[bool, str, int]]:
    """How a group's members are ordered, earliest first: by publication date when every
    member has one, else by ingest order (a date on some members says nothing of when the
    others were published). The group record's ``first_by`` says which."""
    return chronology if all(b.date for b in members) else _ingested


class Fingerprints(NamedTuple):
    """Every body's sampled shingle hashes, with the global paragraph of each."""

    hashes: NDArray[np.uint64]
    paragraphs: NDArray[np.int32]  # half the memory of int64: millions of them
    first_paragraph: list[int]  # global number of each body's first paragraph
    paragraph_doc: NDArray[np.int64]  # body of each global paragraph
    sizes: NDArray[np.int64]  # tokens in each global paragraph

    def per_body(self, key: list[int] | NDArray[np.int64], part: int | None = None,
                 parts: NDArray[np.uint8] | None = None,
                 ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
        """(fingerprint, key of its body) pairs, each pair once, sorted: what the persisted
        index holds (see ``PostingsIndex``); with ``part``, only those in that slice of
        its buckets (``parts``: ``part_of(self.hashes)``; slices bound the memory of a
        rebuild)."""
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


def fingerprint(corpus: Corpus, scheme: Fingerprinting,
                parts: list[tuple[int, LocalPrints]] | None = None) -> Fingerprints:
    """The fingerprints of every body; ``parts``: those computed already (by the workers
    that loaded them), each with the number of its run's first body, all runs in order."""
    bodies = corpus.bodies
    paragraphs = np.fromiter(map(len, (b.paragraphs for b in bodies)), np.int64, len(bodies))
    first_paragraph = [0, *np.cumsum(paragraphs).tolist()]
    paragraph_doc = np.repeat(np.arange(len(bodies), dtype=np.int64), paragraphs)
    sizes = paragraph_sizes(bodies)
    if parts is None:
        parts = [(0, local_prints(bodies, scheme, sizes))]
    fps = [np.empty(0, np.uint64)] + [fp for _first, (fp, _par) in parts]
    fp_par = [np.empty(0, np.int32)] + [par + np.int32(first_paragraph[first])
                                        for first, (_fp, par) in parts]
    return Fingerprints(np.concatenate(fps), np.concatenate(fp_par), first_paragraph,
                        paragraph_doc, sizes)


def local_prints(bodies: list[Body], scheme: Fingerprinting,
                 sizes: NDArray[np.int64] | None = None) -> LocalPrints:
    """The fingerprints of a run of bodies, a batch at a time."""
    sizes = paragraph_sizes(bodies) if sizes is None else sizes
    counts = np.fromiter(map(len, (b.paragraphs for b in bodies)), np.int64, len(bodies))
    first = [0, *np.cumsum(counts).tolist()]
    fps, fp_par = [np.empty(0, np.uint64)], [np.empty(0, np.int32)]
    for lo in range(0, len(bodies), BATCH):
        hi = min(lo + BATCH, len(bodies))
        fp, par = body_fingerprints(bodies[lo:hi], scheme, first[lo],
                                    sizes[first[lo] : first[hi]])
        fps.append(fp)
        fp_par.append(par.astype(np.int32))
    return np.concatenate(fps), np.concatenate(fp_par)


class PackedBodies(NamedTuple):
    """Bodies as columns, to send from a worker: a few arrays and lists pickle many times
    faster than a tuple per body with lists of paragraph tuples inside."""

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
    boilerplate: dict[int, list[Flagged]]

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
        new = tuple.__new__  # named tuples made in bulk (see BodyParagraph)
        paragraphs = [new(BodyParagraph, p) for p in self.paragraphs.tolist()]
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


def load(rows: Iterable[CurrentText], corpus: Corpus | None = None) -> Corpus:
    """``rows`` tokenised into ``corpus`` (a new one by default)."""
    corpus = corpus or Corpus()
    corpus.extend(rows)
    return corpus
