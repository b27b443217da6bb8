"""Bodies of articles as token codes, and their sampled word k-gram fingerprints.

A body is an article's non-boilerplate paragraphs, as token codes (see ``tokens``).
Fingerprints are hashes of ``K`` consecutive tokens inside one paragraph; one in
``2**SAMPLE_BITS`` is kept, chosen by the hash's own value, so two copies of a passage
keep the same ones wherever it sits (content-defined sampling). Paragraphs shorter than
``SHORT`` words keep every shingle: a 14-word paragraph has 11, one edited word spoils up
to four of them, and sampling would leave the rest with one or none to share. Codes are
the same in every process, so fingerprints can be persisted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from corpus_cli.digest import blake2b
from corpus_cli.index.tokens import lower, token_codes
from corpus_cli.text.boilerplate import norm_hash
from corpus_cli.text.normalize import normalize

if TYPE_CHECKING:
    from numpy.typing import NDArray

K = 4  # words per shingle: long enough to be rare, short enough to survive 10 % edits
SAMPLE_BITS = 2  # keep one shingle in four
SHORT = 24  # paragraphs of fewer words keep all their shingles
# Every fingerprint has its top SAMPLE_BITS clear, as the sampled ones do by construction:
# the index buckets fingerprints by the bits just below them (index/postings.py).
_BELOW_SAMPLE_BITS = np.uint64((1 << (64 - SAMPLE_BITS)) - 1)
_MULTIPLIERS = tuple(np.uint64(m) for m in (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
))
_MIX = np.uint64(0xFF51AFD7ED558CCD)


@dataclass(slots=True)
class Body:
    """One article version's comparable text: body paragraphs as token ids.

    ``paragraphs`` holds (idx, start, end, hash) of each body paragraph in order;
    ``bounds[i]:bounds[i + 1]`` are paragraph i's tokens inside ``tokens``.
    """

    key: int  # the version's ingest sequence number; negative for articles not stored
    article_id: str
    path: str
    title: str
    date: str | None
    paragraphs: list[tuple[int, int, int, int]]
    tokens: NDArray[np.uint32]  # token codes
    bounds: list[int]
    body_hash: int
    text: str | None = field(default=None, repr=False)

    @property
    def words(self) -> int:
        return self.bounds[-1]


class BodySource(NamedTuple):
    """What a body is made from: one article version and its body paragraphs (a named
    tuple: one per article loaded, made in 0.5 us against a frozen dataclass's 1.3)."""

    key: int  # the version's ingest sequence number; negative for articles not stored
    article_id: str
    path: str
    title: str
    date: str | None
    text: str
    paragraphs: list[tuple[int, int, int, int]]  # (idx, start, end, hash), in order


def make_bodies(sources: Sequence[BodySource], keep_stored_text: bool = True) -> list[Body]:
    """Tokenise many articles' body paragraphs in one vectorised pass.

    Bodies keep their text, except stored ones (non-negative keys) without
    ``keep_stored_text``: those can fetch it again.
    """
    pieces = []
    for src in sources:
        lowered = lower(src.text)
        pieces += [lowered[start:end] for _idx, start, end, _h in src.paragraphs]
    codes, counts = token_codes(pieces)
    bounds_all = [0, *np.cumsum(counts).tolist()]
    bodies = []
    first = 0
    for src in sources:
        last = first + len(src.paragraphs)
        lo = bounds_all[first]
        bounds = [x - lo for x in bounds_all[first : last + 1]]
        # The headline is part of what makes a copy exact: a retitled copy is a near one.
        body_hash = hash_sequence([norm_hash(normalize(src.title))]
                                  + [p[3] for p in src.paragraphs])
        bodies.append(Body(src.key, src.article_id, src.path, src.title, src.date,
                           src.paragraphs, codes[lo : bounds_all[last]], bounds, body_hash,
                           src.text if keep_stored_text or src.key < 0 else None))
        first = last
    return bodies


def hash_sequence(hashes: list[int]) -> int:
    """A signed 64-bit hash of a sequence of paragraph hashes (an exact-copy key)."""
    data = b"".join(h.to_bytes(8, "little", signed=True) for h in hashes)
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little", signed=True)


def word_hashes(codes: NDArray[np.uint32]) -> NDArray[np.uint64]:
    """64-bit hashes of token codes: spread over all bits, as shingle sampling needs."""
    h = codes.astype(np.uint64) * _MULTIPLIERS[0]
    h ^= h >> np.uint64(29)
    h *= _MIX
    h ^= h >> np.uint64(32)
    return h


def shingle_hashes(word_hashes: NDArray[np.uint64], group: NDArray[np.int64],
                   keep_all: NDArray[np.bool_] | None = None,
                   ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Sampled fingerprints of the K-word shingles that stay inside one ``group``.

    ``word_hashes[i]`` is token i's hash and ``group[i]`` its paragraph; ``keep_all[i]``
    keeps the shingle starting at token i whatever its hash. Returns each kept shingle's
    hash and paragraph. Vectorised over a whole batch of articles.
    """
    n = len(word_hashes)
    if n < K:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    acc = word_hashes[: n - K + 1] * _MULTIPLIERS[0]
    for j in range(1, K):
        acc = acc + word_hashes[j : n - K + 1 + j] * _MULTIPLIERS[j]
    # A multiply-add is weak in its low bits; fold the high half in and remultiply.
    acc ^= acc >> np.uint64(31)
    acc *= _MIX
    acc ^= acc >> np.uint64(29)
    keep = (acc >> np.uint64(64 - SAMPLE_BITS)) == 0
    if keep_all is not None:
        keep |= keep_all[: n - K + 1]
    keep &= group[: n - K + 1] == group[K - 1 :]
    kept = acc[keep]
    kept &= _BELOW_SAMPLE_BITS
    return kept, group[: n - K + 1][keep]


def paragraph_sizes(bodies: list[Body]) -> NDArray[np.int64]:
    """Tokens in each paragraph of ``bodies``, in order (one array for all: a numpy call
    per body would cost more than the arithmetic)."""
    bounds = np.fromiter(chain.from_iterable(b.bounds for b in bodies), np.int64)
    per_body = np.fromiter(map(len, (b.bounds for b in bodies)), np.int64, len(bodies))
    across = np.ones(max(0, len(bounds) - 1), bool)  # differences inside one body
    across[(np.cumsum(per_body) - 1)[:-1]] = False
    sizes: NDArray[np.int64] = np.diff(bounds)[across]
    return sizes


def body_fingerprints(bodies: list[Body], first_paragraph: int = 0,
                      sizes: NDArray[np.int64] | None = None,
                      ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Fingerprints of ``bodies`` with global paragraph numbers starting at ``first_paragraph``
    (``sizes``: their ``paragraph_sizes``, if known)."""
    if not bodies:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    tokens = np.concatenate([b.tokens for b in bodies])
    if sizes is None:
        sizes = paragraph_sizes(bodies)
    group = np.repeat(np.arange(first_paragraph, first_paragraph + len(sizes), dtype=np.int64),
                      sizes)
    return shingle_hashes(word_hashes(tokens), group, np.repeat(sizes < SHORT, sizes))
