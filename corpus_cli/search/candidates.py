"""Candidate paragraph pairs from fingerprint postings, without comparing all pairs.

Postings are (fingerprint, paragraph) pairs. Sorting them by fingerprint puts every
paragraph sharing a fingerprint side by side; each run of equal fingerprints yields the
pairs of its paragraphs. Runs longer than ``max_df`` are phrases too common to say
anything (site furniture that escaped flagging, stock phrases): they are skipped, which
is what keeps the cost linear when thousands of articles share a footer. Paragraphs
repeated word for word that often are still found, by their exact hashes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

PAIR_SHIFT = np.uint64(32)


def _run_pairs(keys: NDArray[np.uint64], values: NDArray[np.int64], max_df: int,
               star_above: int | None = None) -> NDArray[np.int64]:
    """Pairs (as an (n, 2) array) of ``values`` whose ``keys`` are equal.

    Runs of 2..``max_df`` equal keys give all their pairs. Longer runs give nothing,
    unless ``star_above`` is set: then they give a star (first value with every other),
    which keeps a large group connected at linear cost.
    """
    if len(keys) < 2:
        return np.empty((0, 2), np.int64)
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    lengths = np.diff(np.r_[starts, len(keys)])
    out = []
    for length in np.unique(lengths[lengths >= 2]).tolist():
        run_starts = starts[lengths == length]
        if length > max_df:
            if star_above is None:
                continue
            hub = np.repeat(values[run_starts], length - 1)
            spokes = values[(run_starts[:, None] + np.arange(1, length)).ravel()]
            out.append(np.column_stack([hub, spokes]))
            continue
        first, second = np.triu_indices(length, k=1)
        block = values[run_starts[:, None] + np.arange(length)]  # (runs, length)
        out.append(np.column_stack([block[:, first].ravel(), block[:, second].ravel()]))
    return np.concatenate(out) if out else np.empty((0, 2), np.int64)


def paragraph_pairs(fingerprints: NDArray[np.uint64], fp_paragraph: NDArray[np.int64],
                    exact_hashes: NDArray[np.int64], exact_paragraph: NDArray[np.int64],
                    paragraph_doc: NDArray[np.int64], max_df: int, new_docs: int | None = None,
                    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Candidate pairs of paragraphs in different articles.

    Returns (a, b, shared): paragraph numbers with ``a < b`` and how many fingerprints
    they share; exact-hash pairs count as ``EXACT``. With ``new_docs``, only pairs that
    involve one of the first ``new_docs`` articles are kept (checking new articles).
    """
    fp_pairs = _run_pairs(fingerprints, fp_paragraph, max_df)
    exact_pairs = _run_pairs(exact_hashes.view(np.uint64), exact_paragraph, max_df,
                             star_above=max_df)
    pairs = np.concatenate([fp_pairs, exact_pairs])
    weights = np.r_[np.ones(len(fp_pairs), np.int64), np.full(len(exact_pairs), EXACT)]
    a, b = pairs[:, 0], pairs[:, 1]
    doc_a, doc_b = paragraph_doc[a], paragraph_doc[b]
    keep = doc_a != doc_b
    if new_docs is not None:
        keep &= np.minimum(doc_a, doc_b) < new_docs
    lo = np.minimum(a, b)[keep].astype(np.uint64)
    hi = np.maximum(a, b)[keep].astype(np.uint64)
    packed = (lo << PAIR_SHIFT) | hi
    weights = weights[keep]
    order = np.argsort(packed, kind="stable")
    packed, weights = packed[order], weights[order]
    starts = np.flatnonzero(np.r_[True, packed[1:] != packed[:-1]]) if len(packed) else \
        np.empty(0, np.int64)
    shared = np.add.reduceat(weights, starts) if len(starts) else np.empty(0, np.int64)
    unique = packed[starts]
    return ((unique >> PAIR_SHIFT).astype(np.int64),
            (unique & np.uint64(0xFFFFFFFF)).astype(np.int64), shared)


EXACT = 1_000  # the weight of an exact paragraph match: above any fingerprint count
