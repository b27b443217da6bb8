"""The articles under comparison, as token bodies, and their fingerprints.

The first stage of a dedupe: article versions (``CurrentText`` rows, from the store or
from files being checked) become a ``BodyTable`` (bodies as columns, read as ``Body``
objects), tokenised a batch at a time, and their paragraphs are fingerprinted. Nothing
here reads the store: where the rows come from is the engine's business (``load`` for the
local one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np

from corpus_cli.arrays import run_starts
from corpus_cli.dedupe.flagged import FlaggedTable
from corpus_cli.errors import StoreError
from corpus_cli.index.bodies import Body, BodySource, BodyTable
from corpus_cli.index.fingerprints import paragraph_fingerprints
from corpus_cli.index.make import make_bodies
from corpus_cli.index.postings import KEY_MASK, index_key
from corpus_cli.models import Member, Occurrence
from corpus_cli.settings import Fingerprinting
from corpus_cli.store.records import CurrentText

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

    bodies: BodyTable = field(default_factory=BodyTable)
    boilerplate: FlaggedTable = field(default_factory=FlaggedTable)  # by body position
    # Fetches stored texts by sequence number. With it, stored bodies do not keep their
    # text: only those in a reported passage need it again (much of a pass's memory).
    fetch_texts: Callable[[list[int]], dict[int, str]] | None = None
    # Which flagged paragraphs are site furniture for sure; without it, every one is.
    furniture: Furniture | None = None
    # The stored bodies were read as the store was at this snapshot (``Store.newest_seq``),
    # with boilerplate flags of this generation (``Store.flags_generation``).
    through: int = 0
    flags: int = 0

    def extend(self, rows: Iterable[CurrentText], keys: Iterable[int] | None = None) -> None:
        """Add stored texts (or new ones, with ``keys``), tokenised a batch at a time."""
        key_of = iter(keys) if keys is not None else None
        batch: list[BodySource] = []
        for row in rows:
            if row.flagged:
                self.boilerplate.add(len(self.bodies) + len(batch), row.flagged)
            batch.append(BodySource(
                row.seq if key_of is None else next(key_of), row.article_id, row.path,
                row.title, row.date, row.text, row.body))
            if len(batch) == BATCH:
                self.bodies.extend_table(make_bodies(
                    batch, keep_stored_text=self.fetch_texts is None))
                batch = []
        self.bodies.extend_table(make_bodies(batch, keep_stored_text=self.fetch_texts is None))

    def need_texts(self, docs: Iterable[int]) -> None:
        """Give the bodies ``docs`` their texts back, fetched from the store."""
        keys = self.bodies.keys()
        missing = {int(keys[d]): d for d in docs if d not in self.bodies.texts}
        if missing and self.fetch_texts is not None:
            for key, text in self.fetch_texts(sorted(missing)).items():
                self.bodies.set_text(missing[key], text)


def chronology(body: Body) -> tuple[bool, str, int]:
    """Dated articles first, by date; then ingest order. Articles being checked (negative
    keys) are newest of all. Only for ``first`` (the earliest member of a group, which
    without dates is the one stored first): everything else follows ``reading_order``."""
    return (body.date is None, body.date or "", body.key if body.key >= 0 else 1 << 62)


def _ingested(body: Body) -> tuple[bool, str, int]:
    return (False, "", body.key if body.key >= 0 else 1 << 62)


def group_order(members: Iterable[Body]) -> Callable[[Body], tuple[bool, str, int]]:
    """How a group's members are ordered, earliest first: by publication date when every
    member has one, else by ingest order (a date on some members says nothing of when the
    others were published). The group record's ``first_by`` says which."""
    return chronology if all(b.date for b in members) else _ingested


def reading_order(body: Body) -> tuple[bool, str, bool, str, str]:
    """The order groups list their articles in, and every tie-break between articles:
    dated ones first, by date; articles being checked after stored ones; then by path
    and id. Content and ids only, so a store built in any order gives the same output."""
    return (body.date is None, body.date or "", body.key < 0, body.path, body.article_id)


def listed_order(item: Member | Occurrence) -> tuple[bool, str, bool, str, str]:
    """``reading_order`` of a group's member or occurrence."""
    return (item.date is None, item.date or "", item.seq < 0, item.path, item.id)


class Fingerprints(NamedTuple):
    """Every body's sampled shingle hashes, with the global paragraph of each."""

    hashes: NDArray[np.uint64]
    paragraphs: NDArray[np.int32]  # half the memory of int64: millions of them
    first_paragraph: NDArray[np.int64]  # global number of each body's first paragraph
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
    that loaded them), each with the number of its run's first body, all runs in order.
    ``parts`` is emptied as it is read: each is let go once copied, so the whole is never
    held twice (at a million articles, fingerprints are a gigabyte)."""
    bodies = corpus.bodies
    paragraphs = bodies.paragraph_counts()
    first_paragraph = np.concatenate(([0], np.cumsum(paragraphs))).astype(np.int64)
    paragraph_doc = np.repeat(np.arange(len(bodies), dtype=np.int64), paragraphs)
    sizes = bodies.paragraph_sizes()
    if parts is None:
        parts = [(0, local_prints(bodies, scheme, sizes))]
    total = sum(len(fp) for _first, (fp, _par) in parts)
    # Pages of an empty array are only taken as they are written: filling it while the
    # parts are let go keeps the peak at about one copy.
    hashes, fp_par = np.empty(total, np.uint64), np.empty(total, np.int32)
    at = 0
    parts.reverse()
    while parts:
        first, (fp, par) = parts.pop()
        hashes[at : at + len(fp)] = fp
        np.add(par, np.int32(first_paragraph[first]), out=fp_par[at : at + len(par)])
        at += len(fp)
        del fp, par
    return Fingerprints(hashes, fp_par, first_paragraph, paragraph_doc, sizes)


def local_prints(bodies: BodyTable, scheme: Fingerprinting,
                 sizes: NDArray[np.int64] | None = None) -> LocalPrints:
    """The fingerprints of a run of bodies, a batch at a time."""
    sizes = bodies.paragraph_sizes() if sizes is None else sizes
    first = [0, *np.cumsum(bodies.paragraph_counts()).tolist()]
    fps, fp_par = [np.empty(0, np.uint64)], [np.empty(0, np.int32)]
    for lo in range(0, len(bodies), BATCH):
        hi = min(lo + BATCH, len(bodies))
        fp, par = paragraph_fingerprints(bodies.tokens_between(lo, hi), scheme,
                                         sizes[first[lo] : first[hi]], first[lo])
        fps.append(fp)
        fp_par.append(par.astype(np.int32))
    return np.concatenate(fps), np.concatenate(fp_par)


def load(rows: Iterable[CurrentText], corpus: Corpus | None = None) -> Corpus:
    """``rows`` tokenised into ``corpus`` (a new one by default)."""
    corpus = corpus or Corpus()
    corpus.extend(rows)
    return corpus
