"""Candidate paragraph pairs from fingerprint postings, without comparing all pairs.

Postings are (fingerprint, paragraph) pairs. Sorting them by fingerprint puts every
paragraph sharing a fingerprint side by side; each run of equal fingerprints yields pairs
of its paragraphs:

- a rare fingerprint (in at most ``rare`` paragraphs) pairs them all;
- a common one (up to ``max_df``) pairs each paragraph with the first ``hubs`` only (in
  corpus order): copies of a passage quoted by many outlets still meet through a few of
  its occurrences, and a stock phrase costs a few pairs per paragraph, not a square;
- longer runs are phrases too common to say anything (site furniture that escaped
  flagging, stock phrases) and give nothing, which keeps the cost linear when thousands
  of articles share a footer. Paragraphs repeated word for word that often are still
  paired, through their exact hashes, as a star.

Everything is sorted as packed 64-bit integers: numpy sorts those many times faster than
an argsort, and a pair of paragraphs packs into one integer.

The fingerprints can be looked at in slices of the hash space, each counted apart (in its
own process), and the counts added up. Checking new articles against the store asks the
persisted index instead (``stored_candidates``), with the same rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from corpus_cli.arrays import distinct, run_lengths, run_starts
from corpus_cli.index.postings import PostingsIndex
from corpus_cli.settings import DedupeSettings

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from corpus_cli.index.bodies import Body

CHUNK = 1 << 20  # pairs (or fingerprints) filtered at a time
EXACT = 1_000  # the weight of an exact paragraph match: above any fingerprint count
# Slices of the fingerprint space are told apart by bits below the index's bucket bits.
PART_SHIFT = np.uint64(24)
PAIR_SHIFT = np.uint64(32)
PAIR_LOW = np.uint64(0xFFFFFFFF)
_EMPTY = np.empty(0, np.uint64)


def _sorted_postings(keys: NDArray[np.uint64], values: NDArray[np.int64] | NDArray[np.int32],
                     mine: NDArray[np.bool_] | None = None,
                     ) -> tuple[NDArray[np.uint64], np.uint64]:
    """(key, value) pairs packed into one integer each, sorted by key, then value; with
    ``mine``, only the pairs it selects.

    The value (a paragraph number) replaces the key's lowest ``bits``, so one plain sort
    does it; the key keeps at least 32 bits, and a rare clash of two keys only adds a
    candidate pair, which verification then rejects. The packed array is the only copy
    that outlives this call: at a million articles each is a gigabyte.
    """
    chosen = values if mine is None else values[mine]
    bits = np.uint64(min(32, max(1, int(chosen.max()).bit_length())))
    packed = keys >> bits if mine is None else keys[mine]  # in place from here on
    if mine is not None:
        packed >>= bits
    packed <<= bits
    packed |= chosen.astype(np.uint64)
    del chosen
    packed.sort()
    return packed, bits


def _pairs(keys: NDArray[np.uint64], values: NDArray[np.int64] | NDArray[np.int32],
           all_upto: int, star_upto: int | None, hubs: int,
           mine: NDArray[np.bool_] | None = None,
           ) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Packed pairs ``lo << 32 | hi`` of values sharing a key: (all pairs, hub pairs);
    with ``mine``, of the postings it selects.

    Runs of 2..``all_upto`` equal keys give all their pairs; longer runs up to
    ``star_upto`` (no limit: None) give each value paired with the run's first ``hubs``.
    """
    if (len(keys) if mine is None else int(np.count_nonzero(mine))) < 2:
        return _EMPTY, _EMPTY
    packed, bits = _sorted_postings(keys, values, mine)
    mask = (np.uint64(1) << bits) - np.uint64(1)
    # Only runs of two or more matter, and most fingerprints are alone: find the runs
    # from neighbour tests, without an array of keys, values or run lengths for all.
    same = np.zeros(len(packed) + 1, bool)
    differ = packed[1:] ^ packed[:-1]
    differ >>= bits
    same[:-2] = differ == 0
    del differ
    after_same = np.concatenate(([False], same[:-1]))
    starts = np.flatnonzero(same & ~after_same)
    lengths = np.flatnonzero(~same & after_same) + 1 - starts
    full, star = [_EMPTY], [_EMPTY]
    for length in np.flatnonzero(np.bincount(lengths)).tolist():
        run_first = starts[lengths == length]
        if length <= all_upto:
            first, second = np.triu_indices(length, k=1)
            block = packed[run_first[:, None] + np.arange(length)] & mask  # (runs, length)
            full.append((block[:, first] << PAIR_SHIFT | block[:, second]).ravel())
        elif star_upto is None or length <= star_upto:
            for hub in range(min(hubs, length - 1)):
                centre = np.repeat(packed[run_first + hub] & mask, length - hub - 1)
                spokes = packed[(run_first[:, None] + np.arange(hub + 1, length)).ravel()] & mask
                star.append(centre << PAIR_SHIFT | spokes)
    return np.concatenate(full), np.concatenate(star)


# Counted pairs: packed pairs ``lo << 32 | hi`` (sorted, distinct), how many fingerprints
# each shares (up to ``COUNT_CAP``), and whether a rare one is among them.
Counted = tuple["NDArray[np.uint64]", "NDArray[np.unsignedinteger[Any]]", "NDArray[np.bool_]"]
# A slice's count of shared fingerprints is kept up to this: only "two or more" is ever
# asked of it (``worth_verifying``), and a byte a pair instead of four is a quarter of the
# counted slices' memory (tens of millions of pairs at a million articles).
COUNT_CAP = 255


def _other_articles(pairs: NDArray[np.uint64], paragraph_doc: NDArray[np.int64],
                    new_docs: int | None) -> NDArray[np.uint64]:
    """The pairs whose paragraphs lie in two articles (one of the first ``new_docs``)."""
    kept = [_EMPTY]
    for lo_at in range(0, len(pairs), CHUNK):  # bounded temporaries
        chunk = pairs[lo_at : lo_at + CHUNK]
        doc_lo = paragraph_doc[(chunk >> PAIR_SHIFT).astype(np.int64)]
        keep = doc_lo != paragraph_doc[(chunk & PAIR_LOW).astype(np.int64)]
        if new_docs is not None:
            keep &= doc_lo < new_docs
        kept.append(chunk[keep])
    return np.concatenate(kept)


def count_shared(fingerprints: NDArray[np.uint64],
                 fp_paragraph: NDArray[np.int64] | NDArray[np.int32],
                 paragraph_doc: NDArray[np.int64], settings: DedupeSettings,
                 new_docs: int | None = None, part: int = 0, parts: int = 1) -> Counted:
    """Pairs of paragraphs in different articles sharing fingerprints, counted.

    With ``parts``, only the fingerprints of slice ``part`` of the hash space are looked
    at: slices can be counted in separate processes, each sorting a share of the
    postings, and ``combine`` adds them up. With ``new_docs``, only pairs that involve one
    of the first ``new_docs`` articles are kept (checking new articles).
    """
    mine = None
    if parts > 1:  # a chunk at a time: a temporary over all fingerprints is gigabytes
        mine = np.empty(len(fingerprints), bool)
        for lo in range(0, len(fingerprints), CHUNK):
            mine[lo : lo + CHUNK] = (fingerprints[lo : lo + CHUNK] >> PART_SHIFT) \
                % np.uint64(parts) == part
    rare, common = _pairs(fingerprints, fp_paragraph, settings.rare, settings.max_df,
                          settings.hubs, mine)
    del mine
    rare = _other_articles(rare, paragraph_doc, new_docs)
    rare.sort()
    combined = np.concatenate([rare, _other_articles(common, paragraph_doc, new_docs)])
    del common
    combined.sort()
    keys, counts = run_lengths(combined)
    del combined
    has_rare = np.zeros(len(keys), bool)
    has_rare[np.searchsorted(keys, rare)] = True
    return keys, np.minimum(counts, COUNT_CAP).astype(np.uint8), has_rare


def combine(counted: list[Counted], exact_hashes: NDArray[np.int64],
            exact_paragraph: NDArray[np.int64], paragraph_doc: NDArray[np.int64],
            max_df: int, new_docs: int | None = None,
            ) -> tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.bool_]]:
    """Candidate pairs of paragraphs: the counts of every slice of fingerprints added up,
    and the pairs of paragraphs equal word for word.

    Returns (pairs, shared, rare): packed pairs (``split_pairs`` unpacks them), how many
    fingerprints they share (each slice's count capped at ``COUNT_CAP``; exact-hash pairs
    count as ``EXACT`` more) and whether a rare fingerprint is among them. ``counted`` is
    emptied as it is read: its arrays are among the largest of a pass.
    """
    return _merged(_taken(counted, _exact_pairs(exact_hashes, exact_paragraph, paragraph_doc,
                                                max_df, new_docs)))


def verifiable_pairs(counted: list[Counted], exact_hashes: NDArray[np.int64],
                     exact_paragraph: NDArray[np.int64], paragraph_doc: NDArray[np.int64],
                     sizes: NDArray[np.int64], settings: DedupeSettings,
                     new_docs: int | None = None) -> NDArray[np.uint64]:
    """``worth_verifying`` of what ``combine`` returns, merged a range of pair values at a
    time: each range of every slice is merged and filtered at once, so only the kept pairs
    (about a tenth) are held beside the slices, never a merged copy of all the pairs with
    its argsort (at a million articles, gigabytes). The same pairs, in the same order.
    ``counted`` is emptied once read."""
    slices = _taken(counted, _exact_pairs(exact_hashes, exact_paragraph, paragraph_doc,
                                          settings.max_df, new_docs))
    at = [0] * len(slices)
    kept = [_EMPTY]
    for bound in [*_merge_bounds([keys for keys, _c, _r in slices], MERGE_RANGE), None]:
        ranges = []
        for i, (keys, counts, rare) in enumerate(slices):
            end = len(keys) if bound is None else int(np.searchsorted(keys, bound))
            ranges.append((keys[at[i] : end], counts[at[i] : end], rare[at[i] : end]))
            at[i] = end
        pairs, shared, rare_ = _merged(ranges)
        kept.append(worth_verifying(pairs, shared, rare_, sizes, settings))
    return np.concatenate(kept)


MERGE_RANGE = 1 << 20  # counted pairs merged (and filtered) at a time


def _merge_bounds(slices: list[NDArray[np.uint64]], size: int) -> list[np.uint64]:
    """Increasing pair values cutting the sorted ``slices`` into ranges of about ``size``
    pairs in all: every slice sampled every ``step`` pairs, and every ``size // step``-th
    of the samples, in order, taken."""
    if sum(len(keys) for keys in slices) <= size:
        return []
    step = max(1, size // 16)
    samples = np.sort(np.concatenate([keys[step::step] for keys in slices]))
    return list(distinct(samples[size // step - 1 :: size // step]))


def _taken(counted: list[Counted], exact: Counted) -> list[Counted]:
    """The counted slices and the exact pairs, ``counted`` emptied: its caller no longer
    holds them."""
    slices = [*counted, exact]
    counted.clear()
    return slices


def _exact_pairs(exact_hashes: NDArray[np.int64], exact_paragraph: NDArray[np.int64],
                 paragraph_doc: NDArray[np.int64], max_df: int,
                 new_docs: int | None) -> Counted:
    """The pairs of paragraphs equal word for word, counted as ``EXACT``."""
    exact = distinct(_other_articles(np.concatenate(_pairs(
        exact_hashes.view(np.uint64), exact_paragraph, max_df, None, 1)), paragraph_doc,
        new_docs))
    return exact, np.full(len(exact), EXACT, np.uint32), np.zeros(len(exact), bool)


def _merged(slices: list[Counted],
            ) -> tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.bool_]]:
    """Sorted, distinct ``slices`` as one: a pair found in several adds up its counts."""
    keys = np.concatenate([_EMPTY] + [k for k, _c, _r in slices])
    counts = np.concatenate([np.empty(0, np.uint32)] + [c for _k, c, _r in slices])
    rare = np.concatenate([np.empty(0, bool)] + [r for _k, _c, r in slices])
    # Each part is sorted: a stable sort merges them (timsort finds the runs).
    order = np.argsort(keys, kind="stable")
    keys, counts, rare = keys[order], counts[order], rare[order]
    del order
    if not len(keys):
        return keys, np.empty(0, np.int64), np.empty(0, bool)
    first = np.flatnonzero(run_starts(keys))
    shared = np.add.reduceat(counts, first, dtype=np.int64)
    del counts
    return keys[first], shared, np.logical_or.reduceat(rare, first)


def split_pairs(pairs: NDArray[np.uint64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Packed pairs as two arrays of paragraph numbers, the smaller first."""
    return (pairs >> PAIR_SHIFT).astype(np.int64), (pairs & PAIR_LOW).astype(np.int64)



def worth_verifying(pairs: NDArray[np.uint64], shared: NDArray[np.int64],
                    rare: NDArray[np.bool_], sizes: NDArray[np.int64],
                    settings: DedupeSettings) -> NDArray[np.uint64]:
    """The candidate pairs that may hold a passage or make a near duplicate (about a tenth
    of them), a chunk at a time: each temporary over all of them would be as big as the
    pairs themselves."""
    short, k = settings.fingerprints.short, settings.fingerprints.k
    kept = [np.empty(0, np.uint64)]
    for lo in range(0, len(pairs), CHUNK):
        a, b = split_pairs(pairs[lo : lo + CHUNK])
        size_a, size_b = sizes[a], sizes[b]
        shortest, longest = np.minimum(size_a, size_b), np.maximum(size_a, size_b)
        # One shared fingerprint is chance, but may be all a short paragraph shares with a
        # long one it is part of (the long one's shingles are sampled), if it is a rare
        # one. Two short paragraphs keep all their shingles: one shared is chance.
        keep = (shared[lo : lo + CHUNK] >= 2) | ((shortest < short) & (longest >= short)
                                                 & rare[lo : lo + CHUNK])
        # Paragraphs of a few words (a results table's lines) are verified too: together
        # they make a copy, though none is a passage on its own.
        keep &= shortest >= k
        kept.append(pairs[lo : lo + CHUNK][keep])
    return np.concatenate(kept)


def stored_candidates(index: PostingsIndex, body: Body, hashes: NDArray[np.uint64],
                      settings: DedupeSettings) -> set[int]:
    """The stored versions (sequence numbers) worth verifying against a new ``body`` whose
    fingerprints are ``hashes``: those sharing the most fingerprints with it, counted by
    the rules of a full pass (two shared, or one for a short body), at most
    ``max_candidates``; and any stored copy of it word for word."""
    shared = index.query(hashes, settings.max_df, settings.rare, settings.hubs)
    need = 1 if body.words < settings.fingerprints.short else 2
    found = {seq for seq, count in shared.most_common(settings.max_candidates)
             if count >= need}
    found.update(index.same_body(body.body_hash))
    return found
