"""From article versions to bodies: tokenised, hashed and set out as a table's columns.

What every engine does first with the article versions it compares (``BodySource``): the
local one a batch at a time (``dedupe.corpus``), the Spark engine a partition at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus_cli.digest import blake2b
from corpus_cli.index.bodies import BodySource, BodyTable, block_of
from corpus_cli.index.tokens import lower, token_codes
from corpus_cli.text.boilerplate import norm_hash
from corpus_cli.text.normalize import normalize


def make_bodies(sources: Sequence[BodySource], keep_stored_text: bool = True) -> BodyTable:
    """Tokenise many articles' body paragraphs in one vectorised pass.

    Bodies keep their text, except stored ones (non-negative keys) without
    ``keep_stored_text``: those can fetch it again.
    """
    pieces = []
    for src in sources:
        lowered = lower(src.text)
        pieces += [lowered[p.start : p.end] for p in src.paragraphs]
    codes, counts = token_codes(pieces)
    # The headline is part of what makes a copy exact: a retitled copy is a near one.
    body_hashes = [hash_sequence([norm_hash(normalize(src.title))]
                                 + [p.hash for p in src.paragraphs]) for src in sources]
    block = block_of(sources, body_hashes, [src.paragraphs for src in sources], counts, codes)
    return BodyTable([block], {d: src.text for d, src in enumerate(sources)
                               if keep_stored_text or src.key < 0})


def hash_sequence(hashes: list[int]) -> int:
    """A signed 64-bit hash of a sequence of paragraph hashes (an exact-copy key)."""
    data = b"".join(h.to_bytes(8, "little", signed=True) for h in hashes)
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little", signed=True)
