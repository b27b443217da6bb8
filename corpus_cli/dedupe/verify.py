"""Verify candidate paragraph pairs word by word, and chain what matches into runs.

A candidate pair is two paragraphs sharing fingerprints. Verification aligns their
token sequences (rapidfuzz's bit-parallel LCS, in C) and keeps the dense regions:
stretches where the two sides match word for word apart from gaps of a few words (a
substituted adjective, a dropped article). A region may be the whole of both
paragraphs, or part of one (a paragraph split in one article and merged in the other),
or part of each (a sentence quoted inside otherwise different paragraphs).

``verify_block`` verifies a block of candidate pairs of a corpus and returns the regions
found as rows of a run table (``runs.run_table``), in body coordinates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from corpus_cli import lcs
from corpus_cli.arrays import distinct
from corpus_cli.dedupe.runs import run_table
from corpus_cli.index.tokens import as_text
from corpus_cli.settings import DedupeSettings

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from corpus_cli.index.bodies import BodyTable


class Region(NamedTuple):
    """Matching token ranges inside two paragraphs, with how many tokens match (a named
    tuple: a full pass makes hundreds of thousands, and a frozen dataclass costs more to
    make)."""

    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    matched: int

    @property
    def similarity(self) -> float:
        return 2 * self.matched / ((self.a_hi - self.a_lo) + (self.b_hi - self.b_lo))


def verify(a: Sequence[int] | str, b: Sequence[int] | str, settings: DedupeSettings,
           ) -> list[Region]:
    """The dense matching regions of token sequences ``a`` and ``b`` (see ``verify_many``)."""
    return verify_many([a], [b], settings).regions[0]


class Verified(NamedTuple):
    """What verification found in a block of paragraph pairs."""

    regions: list[list[Region]]  # the dense matching regions of each pair: passages
    # How many words of each pair count towards a near duplicate of their articles: the
    # pair's longest common subsequence when the two paragraphs are at least
    # ``settings.pair_similarity`` alike (a paragraph edited too much for a passage is
    # still the same paragraph), else the words of its regions.
    matched: NDArray[np.int64]


def verify_many(a: Sequence[Sequence[int] | str], b: Sequence[Sequence[int] | str],
                settings: DedupeSettings) -> Verified:
    """The dense matching regions of each pair ``a[i]``, ``b[i]`` of token sequences.

    A region needs ``min_words`` matching tokens and a similarity (matches over mean
    length, on the region) of at least ``passage_threshold``. The longest common
    subsequence of every pair is computed first, in one call (rapidfuzz, in C, on all
    cores); only pairs that match partly, and could still hold a region, are aligned
    token by token.
    """
    if not a:
        return Verified([], np.empty(0, np.int64))
    min_words, threshold = settings.min_words, settings.passage_threshold
    la = np.fromiter(map(len, a), np.int64, len(a))
    lb = np.fromiter(map(len, b), np.int64, len(b))
    common = common_lengths(a, b, la, lb)
    shorter = np.minimum(la, lb)
    found = (common >= min_words) & (shorter >= min_words)
    full = found & (2 * common >= threshold * (la + lb))
    # A region with m matches covering all of one side (length n) has 2m >= t(n + m), so
    # m >= t n / (2 - t); elsewhere it needs fragment_factor * min_words matches; and m
    # can never exceed the LCS. Pairs failing all of this cannot hold a region.
    whole = threshold / (2 - threshold)
    partial = found & ~full & ((common >= whole * shorter)
                               | (common >= settings.fragment_factor * min_words))
    out: list[list[Region]] = [[] for _ in range(len(a))]
    lengths_a, lengths_b, in_common = la.tolist(), lb.tolist(), common.tolist()
    for i in np.flatnonzero(full).tolist():
        out[i] = [Region(0, lengths_a[i], 0, lengths_b[i], in_common[i])]
    matched = np.where(2 * common >= settings.pair_similarity * (la + lb), common, 0)
    for i in np.flatnonzero(partial).tolist():
        out[i] = _regions(a[i], b[i], settings)
        matched[i] = max(int(matched[i]), sum(r.matched for r in out[i]))
    # A sentence moved inside a paragraph is left out by one monotone alignment: what it
    # left unmatched on both sides is aligned again, once, for pairs that are the same
    # paragraph otherwise.
    moved = (2 * common >= shorter) & (shorter - common >= min_words)
    for i in np.flatnonzero(moved).tolist():
        matched[i] += _moved(a[i], b[i], min_words)
    return Verified(out, matched)


def common_lengths(a: Sequence[Sequence[int] | str], b: Sequence[Sequence[int] | str],
                   la: NDArray[np.int64], lb: NDArray[np.int64]) -> NDArray[np.int64]:
    """The longest common subsequence of each pair ``a[i]``, ``b[i]``: in one rapidfuzz
    call (in C, on all cores), but for pairs too long for an exact comparison
    (``corpus_cli.lcs``), which are left out of it and compared at a bounded cost."""
    long = np.flatnonzero(la * lb > lcs.EXACT_CELLS).tolist()
    short_a, short_b = a, b
    if long:
        short_a, short_b = list(a), list(b)
        for i in long:
            short_a[i] = short_b[i] = ""
    common: NDArray[np.int64] = process.cpdist(short_a, short_b, scorer=LCSseq.similarity,
                                               dtype=np.int64, workers=-1)
    for i in long:
        common[i] = lcs.common_length(a[i], b[i])
    return common


def _moved(a: Sequence[int] | str, b: Sequence[int] | str, min_words: int) -> int:
    """Words matched again between what the alignment of ``a`` and ``b`` left out, when
    that is a block of ``min_words`` or more (a moved sentence), else 0."""
    rest_a: list[Sequence[int] | str] = []
    rest_b: list[Sequence[int] | str] = []
    x = y = 0
    for bx, by, size in [*lcs.matching_blocks(a, b), (len(a), len(b), 0)]:
        rest_a.append(a[x:bx])
        rest_b.append(b[y:by])
        x, y = bx + size, by + size
    left_a = "".join(map(str, rest_a)) if isinstance(a, str) else [t for r in rest_a for t in r]
    left_b = "".join(map(str, rest_b)) if isinstance(b, str) else [t for r in rest_b for t in r]
    again = lcs.common_length(left_a, left_b)
    return again if again >= min_words else 0


def _regions(a: Sequence[int] | str, b: Sequence[int] | str, settings: DedupeSettings,
             ) -> list[Region]:
    """Matching blocks of the alignment, joined across gaps of up to ``gap`` words."""
    la, lb = len(a), len(b)
    gap, min_words, threshold = settings.gap, settings.min_words, settings.passage_threshold
    blocks: list[list[int]] = []  # a_lo, a_hi, b_lo, b_hi, matched
    for x, y, size in lcs.matching_blocks(a, b):
        last = blocks[-1] if blocks else None
        if last is not None and x - last[1] <= gap and y - last[3] <= gap:
            last[1], last[3] = x + size, y + size
            last[4] += size
        else:
            blocks.append([x, x + size, y, y + size, size])
    # A stretch inside both paragraphs needs more words: stock phrases ("failing to take
    # drugs tests before the Athens Olympics") recur across unrelated stories; a whole
    # paragraph on one side (a split one, a caption) needs only ``min_words``.
    fragment = settings.fragment_factor * min_words
    return [Region(*r) for r in blocks
            if r[4] >= min_words and 2 * r[4] >= threshold * (r[1] - r[0] + r[3] - r[2])
            and (r[4] >= fragment or (r[0] == 0 and r[1] == la) or (r[2] == 0 and r[3] == lb))]


# Paragraph pairs that count towards a near duplicate: the body of each, the paragraph's
# position in its body, and the words they have in common (``Verified.matched``).
EVIDENCE = np.dtype([("a", "<i8"), ("pa", "<i8"), ("b", "<i8"), ("pb", "<i8"),
                     ("matched", "<i8")])


def verify_block(bodies: BodyTable, paragraph_doc: NDArray[np.int64],
                 first_paragraph: NDArray[np.int64], a: NDArray[np.int64],
                 b: NDArray[np.int64], settings: DedupeSettings,
                 ) -> tuple[NDArray[np.void], NDArray[np.void]]:
    """Verified regions of one block of candidate paragraph pairs (global paragraph
    numbers ``a[i]``, ``b[i]``; ``paragraph_doc`` gives each paragraph's body and
    ``first_paragraph`` each body's first): run table rows, in body coordinates; and the
    pairs' evidence rows (``EVIDENCE``)."""
    # Token strings for this block's paragraphs only, decoded in one piece and sliced
    # (one character per token): a decode per paragraph would be a large share of a pass.
    wanted = distinct(np.concatenate((a, b))).tolist()
    pieces = [bodies.paragraph_tokens(gp) for gp in wanted]
    joined = as_text(np.concatenate(pieces)) if pieces else ""
    ends = np.cumsum([len(piece) for piece in pieces]).tolist()
    texts = {gp: joined[lo:hi] for gp, lo, hi in zip(wanted, [0, *ends], ends, strict=False)}
    pa, pb = a.tolist(), b.tolist()
    verified = verify_many([texts[p] for p in pa], [texts[p] for p in pb], settings)
    da, db = paragraph_doc[a], paragraph_doc[b]
    offset = bodies.paragraph_offsets()
    oa, ob = offset[a].tolist(), offset[b].tolist()

    def offsets(i: int) -> tuple[int, int]:
        return oa[i], ob[i]

    runs, evidence, _pair = pair_rows(verified, da, a - first_paragraph[da], db,
                                      b - first_paragraph[db], offsets)
    return runs, evidence


def pair_rows(verified: Verified, da: NDArray[np.int64], pa: NDArray[np.int64],
              db: NDArray[np.int64], pb: NDArray[np.int64],
              offsets: Callable[[int], tuple[int, int]],
              ) -> tuple[NDArray[np.void], NDArray[np.void], NDArray[np.int64]]:
    """What verification found in pairs of paragraphs (pair i: paragraph ``pa[i]`` of
    body ``da[i]`` and ``pb[i]`` of ``db[i]``, whose first tokens lie at ``offsets(i)`` in
    their bodies): run table rows in body coordinates, the pairs' evidence rows
    (``EVIDENCE``), and the pair each run row comes from."""
    kept = np.flatnonzero(verified.matched > 0)
    evidence = np.empty(len(kept), EVIDENCE)
    evidence["a"], evidence["pa"] = da[kept], pa[kept]
    evidence["b"], evidence["pb"] = db[kept], pb[kept]
    evidence["matched"] = verified.matched[kept]
    out: list[tuple[int, int, int, int, int, int, int]] = []
    which: list[int] = []
    for i, regions in enumerate(verified.regions):
        if not regions:
            continue
        oa, ob = offsets(i)
        doc_a, doc_b = int(da[i]), int(db[i])
        out += [(doc_a, oa + r.a_lo, oa + r.a_hi, doc_b, ob + r.b_lo, ob + r.b_hi, r.matched)
                for r in regions]
        which += [i] * len(regions)
    return run_table(out), evidence, np.asarray(which, np.int64)
