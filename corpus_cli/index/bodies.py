"""Article bodies as token codes: what dedupe compares.

A body is an article version's non-boilerplate paragraphs, tokenised (``tokens``): one
array of token codes for the whole body, with each paragraph's bounds inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from corpus_cli.digest import blake2b
from corpus_cli.index.tokens import lower, token_codes
from corpus_cli.store.records import BodyParagraph
from corpus_cli.text.boilerplate import norm_hash
from corpus_cli.text.normalize import normalize

if TYPE_CHECKING:
    from numpy.typing import NDArray


@dataclass(slots=True)
class Body:
    """One article version's comparable text: body paragraphs as token ids.

    ``bounds[i]:bounds[i + 1]`` are paragraph i's tokens inside ``tokens``.
    """

    key: int  # the version's ingest sequence number; negative for articles not stored
    article_id: str
    path: str
    title: str
    date: str | None
    paragraphs: list[BodyParagraph]
    tokens: NDArray[np.uint32]  # token codes
    bounds: list[int]
    body_hash: int
    text: str | None = field(default=None, repr=False)

    @property
    def words(self) -> int:
        return self.bounds[-1]


class BodySource(NamedTuple):
    """What a body is made from: one article version and its body paragraphs (a named
    tuple: one per article loaded, cheaper to make than a dataclass)."""

    key: int  # the version's ingest sequence number; negative for articles not stored
    article_id: str
    path: str
    title: str
    date: str | None
    text: str
    paragraphs: list[BodyParagraph]


def make_bodies(sources: Sequence[BodySource], keep_stored_text: bool = True) -> list[Body]:
    """Tokenise many articles' body paragraphs in one vectorised pass.

    Bodies keep their text, except stored ones (non-negative keys) without
    ``keep_stored_text``: those can fetch it again.
    """
    pieces = []
    for src in sources:
        lowered = lower(src.text)
        pieces += [lowered[p.start : p.end] for p in src.paragraphs]
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
                                  + [p.hash for p in src.paragraphs])
        bodies.append(Body(src.key, src.article_id, src.path, src.title, src.date,
                           src.paragraphs, codes[lo : bounds_all[last]], bounds, body_hash,
                           src.text if keep_stored_text or src.key < 0 else None))
        first = last
    return bodies


def hash_sequence(hashes: list[int]) -> int:
    """A signed 64-bit hash of a sequence of paragraph hashes (an exact-copy key)."""
    data = b"".join(h.to_bytes(8, "little", signed=True) for h in hashes)
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little", signed=True)


def paragraph_sizes(bodies: list[Body]) -> NDArray[np.int64]:
    """Tokens in each paragraph of ``bodies``, in order (one array for all: a numpy call
    per body would cost more than the arithmetic)."""
    bounds = np.fromiter(chain.from_iterable(b.bounds for b in bodies), np.int64)
    per_body = np.fromiter(map(len, (b.bounds for b in bodies)), np.int64, len(bodies))
    across = np.ones(max(0, len(bounds) - 1), bool)  # differences inside one body
    across[(np.cumsum(per_body) - 1)[:-1]] = False
    sizes: NDArray[np.int64] = np.diff(bounds)[across]
    return sizes
