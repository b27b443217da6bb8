"""Word tokens and sampled word k-gram fingerprints of article bodies.

A body is an article's non-boilerplate paragraphs. Tokens are runs of letters and
digits, compared lower-cased, so quote marks, dashes and punctuation never make two
passages differ. Fingerprints are hashes of ``K`` consecutive tokens inside one
paragraph; one in ``2**SAMPLE_BITS`` is kept, chosen by the hash's own value, so two
copies of a passage keep the same ones wherever it sits (content-defined sampling).
Word hashes are stable across processes, so fingerprints can be persisted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.text.boilerplate import norm_hash
from corpus_cli.text.normalize import normalize

if TYPE_CHECKING:
    from numpy.typing import NDArray

TOKEN = re.compile(r"[^\W_]+")
K = 4  # words per shingle: long enough to be rare, short enough to survive 10 % edits
SAMPLE_BITS = 2  # keep one shingle in four
_MULTIPLIERS = tuple(np.uint64(m) for m in (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
))
_MIX = np.uint64(0xFF51AFD7ED558CCD)


def word_hash(word: str) -> int:
    """A stable unsigned 64-bit hash of a lower-cased word."""
    return int.from_bytes(blake2b(word.encode("utf-8", "surrogatepass"),
                                  digest_size=8).digest(), "little")


class Vocabulary:
    """Maps tokens as written to small ids of their lower-cased form, with stable hashes.

    News reuses few distinct words, so each is hashed once; ``ids()`` is then a C-level
    ``map`` of a plain dict's ``get``, the cheapest way to turn text into numbers in
    CPython (a dict subclass with ``__missing__`` costs several times more per token).
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._lower: dict[str, int] = {}
        self.hashes: list[int] = []

    def _add(self, token: str) -> int:
        lowered = token.lower()
        wid = self._lower.get(lowered)
        if wid is None:
            wid = self._lower[lowered] = len(self.hashes)
            self.hashes.append(word_hash(lowered))
        self._ids[token] = wid
        return wid

    def ids(self, text: str, start: int, end: int) -> list[int]:
        tokens = TOKEN.findall(text, start, end)
        found = list(map(self._ids.get, tokens))
        if None in found:
            return [self._add(t) if i is None else i
                    for t, i in zip(tokens, found, strict=True)]
        return found  # type: ignore[return-value]

    def hash_array(self) -> NDArray[np.uint64]:
        return np.array(self.hashes, dtype=np.uint64)


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
    tokens: NDArray[np.int32]
    bounds: list[int]
    body_hash: int
    text: str | None = field(default=None, repr=False)

    @property
    def words(self) -> int:
        return self.bounds[-1]


def make_body(vocab: Vocabulary, key: int, article_id: str, path: str, title: str,
              date: str | None, text: str,
              paragraphs: list[tuple[int, int, int, int]], keep_text: bool = False) -> Body:
    """Tokenise the body ``paragraphs`` (idx, start, end, hash) of ``text``."""
    ids: list[int] = []
    bounds = [0]
    for _idx, start, end, _h in paragraphs:
        ids += vocab.ids(text, start, end)
        bounds.append(len(ids))
    # The headline is part of what makes a copy exact: a retitled copy is a near one.
    body_hash = hash_sequence([norm_hash(normalize(title))] + [p[3] for p in paragraphs])
    return Body(key, article_id, path, title, date, paragraphs,
                np.array(ids, dtype=np.int32), bounds, body_hash, text if keep_text else None)


def hash_sequence(hashes: list[int]) -> int:
    """A signed 64-bit hash of a sequence of paragraph hashes (an exact-copy key)."""
    data = b"".join(h.to_bytes(8, "little", signed=True) for h in hashes)
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little", signed=True)


def shingle_hashes(word_hashes: NDArray[np.uint64], group: NDArray[np.int64],
                   ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Sampled fingerprints of the K-word shingles that stay inside one ``group``.

    ``word_hashes[i]`` is token i's hash and ``group[i]`` its paragraph; returns each kept
    shingle's hash and paragraph. Vectorised over a whole batch of articles.
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
    keep &= group[: n - K + 1] == group[K - 1 :]
    return acc[keep], group[: n - K + 1][keep]


def body_fingerprints(bodies: list[Body], hashes: NDArray[np.uint64], first_paragraph: int = 0,
                      ) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Fingerprints of ``bodies`` with global paragraph numbers starting at ``first_paragraph``."""
    if not bodies:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    tokens = np.concatenate([b.tokens for b in bodies])
    sizes = np.concatenate([np.diff(np.asarray(b.bounds, dtype=np.int64)) for b in bodies])
    group = np.repeat(np.arange(first_paragraph, first_paragraph + len(sizes), dtype=np.int64),
                      sizes)
    return shingle_hashes(hashes[tokens], group)
