"""Sampled word k-gram fingerprints of article bodies.

Fingerprints are hashes of ``k`` consecutive tokens inside one paragraph; one in
``2**sample_bits`` is kept, chosen by the hash's own value, so two copies of a passage
keep the same ones wherever it sits (content-defined sampling). Paragraphs shorter than
``short`` words keep every shingle: a 14-word paragraph has 11, one edited word spoils up
to four of them, and sampling would leave the rest with one or none to share (the scheme:
``settings.Fingerprinting``). Token codes are the same in every process, so fingerprints
can be persisted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.settings import Fingerprinting

if TYPE_CHECKING:
    from numpy.typing import NDArray

_MULTIPLIERS = tuple(np.uint64(m) for m in (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
    0x94D049BB133111EB, 0xBF58476D1CE4E5B9, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F,
    0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3, 0x1D8E4E27C47D124F,
    0xF1357AEA2E62A9C5, 0x2545F4914F6CDD1D, 0x9FB21C651E98DF25, 0xC13FA9A902A6328F,
))
_MIX = np.uint64(0xFF51AFD7ED558CCD)


def below_sample_bits(scheme: Fingerprinting) -> np.uint64:
    """The mask that clears a fingerprint's top ``sample_bits``: every fingerprint has them
    clear, as the sampled ones do by construction (the index buckets fingerprints by the
    bits just below them, index/postings.py)."""
    return np.uint64((1 << (64 - scheme.sample_bits)) - 1)


def word_hashes(codes: NDArray[np.uint32]) -> NDArray[np.uint64]:
    """64-bit hashes of token codes: spread over all bits, as shingle sampling needs."""
    h = codes.astype(np.uint64) * _MULTIPLIERS[0]
    h ^= h >> np.uint64(29)
    h *= _MIX
    h ^= h >> np.uint64(32)
    return h


def shingle_hashes(word_hashes: NDArray[np.uint64], group: NDArray[np.int64],
                   scheme: Fingerprinting, keep_all: NDArray[np.bool_] | None = None,
                   ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Sampled fingerprints of the k-word shingles that stay inside one ``group``.

    ``word_hashes[i]`` is token i's hash and ``group[i]`` its paragraph; ``keep_all[i]``
    keeps the shingle starting at token i whatever its hash. Returns each kept shingle's
    hash and paragraph. Vectorised over a whole batch of articles.
    """
    n, k = len(word_hashes), scheme.k
    if n < k:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    acc = word_hashes[: n - k + 1] * _MULTIPLIERS[0]
    for j in range(1, k):
        acc = acc + word_hashes[j : n - k + 1 + j] * _MULTIPLIERS[j]
    # A multiply-add is weak in its low bits; fold the high half in and remultiply.
    acc ^= acc >> np.uint64(31)
    acc *= _MIX
    acc ^= acc >> np.uint64(29)
    if scheme.sample_bits:
        keep = (acc >> np.uint64(64 - scheme.sample_bits)) == 0
    else:
        keep = np.ones(len(acc), bool)
    if keep_all is not None:
        keep |= keep_all[: n - k + 1]
    keep &= group[: n - k + 1] == group[k - 1 :]
    kept = acc[keep]
    kept &= below_sample_bits(scheme)
    return kept, group[: n - k + 1][keep]


def paragraph_fingerprints(tokens: NDArray[np.uint32], scheme: Fingerprinting,
                           sizes: NDArray[np.int64], first_paragraph: int = 0,
                           ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Fingerprints of paragraphs whose tokens are ``tokens`` one after the other
    (``sizes[i]`` of them for paragraph i), numbered from ``first_paragraph``."""
    group = np.repeat(np.arange(first_paragraph, first_paragraph + len(sizes), dtype=np.int64),
                      sizes)
    return shingle_hashes(word_hashes(tokens), group, scheme,
                          np.repeat(sizes < scheme.short, sizes))
