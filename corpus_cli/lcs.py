"""Longest common subsequences at a bounded cost, for every comparison of the engines.

rapidfuzz's LCS is exact and bit-parallel: time n·m/64 and, for an alignment (the
matching blocks), n·m/8 bytes. On paragraphs of a few thousand words that is nothing; on
two 1 MB paragraphs, which the 16 MiB size cap lets through, it was 30 s and 4 GB. So a
comparison of at most ``EXACT_CELLS`` (n·m) is left to rapidfuzz, exactly as before, and
a larger one is cut into pieces that each are:

1. the common prefix and suffix are matched as they stand;
2. anchors are k-grams (``k`` tokens in a row) found exactly once in each sequence, as
   patience diff anchors on unique lines; only those whose hash falls in a fixed sample
   are kept (both sides keep the same ones), and the longest chain of anchors in order
   on both sides is found (longest increasing subsequence, n log n);
3. about one anchor of the chain per ``WINDOW`` tokens becomes a cut: matched as it
   stands, while the stretches between cuts are aligned exactly when small enough
   (``GAP_CELLS``), else by the same method inside them (anchors need only be unique
   within the stretch), with shorter k-grams when none is found;
4. a stretch where no token at all is found once on each side (a long run of repeated
   text) is cut along its diagonal into pieces of at most ``GAP_CELLS``.

Time O((n + m) log(n + m)) plus the exact pieces, each at most ``GAP_CELLS``; memory
linear. On copies with edits spread through them the common subsequence found is the
exact one or within a few tokens of it (``tests/properties/test_lcs_properties.py``);
figures in ``bench/README.md`` (``bench/bench_bounds.py``). The bounded path lives in
``corpus_cli.anchors``, with numpy: ordinary comparisons never import it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from corpus_cli.anchors import Bounded

Tokens: TypeAlias = "str | Sequence[Hashable]"
Block = tuple[int, int, int]  # start in a, start in b, size
# (tag, a_start, a_end, b_start, b_end), as difflib's get_opcodes
Opcode = tuple[str, int, int, int, int]

# 2**28 cells: two paragraphs of 16,000 tokens each, 45 ms and 32 MB for rapidfuzz's
# alignment. Comparisons up to this size are exact, as they always were.
EXACT_CELLS = 1 << 28
# The largest stretch aligned exactly inside a bounded comparison (4,000 x 4,000 tokens:
# a few milliseconds, 2 MB for the alignment).
GAP_CELLS = 1 << 24
WINDOW = 1024  # tokens of A between two cuts, about
KGRAMS = (8, 3, 1)  # anchor lengths tried in turn, in tokens
SAMPLE = 8  # one k-gram in SAMPLE is a candidate anchor (by hash, so both sides agree)
MAX_DEPTH = 24  # nested stretches before the diagonal cut is used whatever the anchors



def _exact_below(exact_cells: int | None) -> int:
    return EXACT_CELLS if exact_cells is None else exact_cells


def matching_blocks(a: Tokens, b: Tokens, *, exact_cells: int | None = None) -> list[Block]:
    """Blocks of ``a`` and ``b`` that match, in order on both sides, without overlap and
    without empty blocks (``difflib.SequenceMatcher.get_matching_blocks`` without its
    sentinel). Exact (rapidfuzz) when ``len(a) * len(b) <= exact_cells`` (default
    ``EXACT_CELLS``)."""
    if len(a) * len(b) <= _exact_below(exact_cells):
        return exact_blocks(a, b)
    return _bounded(a, b, blocks=True).blocks()


def common_length(a: Tokens, b: Tokens, *, exact_cells: int | None = None) -> int:
    """The length of the longest common subsequence of ``a`` and ``b`` (a lower bound
    close to it above ``exact_cells``)."""
    if len(a) * len(b) <= _exact_below(exact_cells):
        from rapidfuzz.distance import LCSseq

        return int(LCSseq.similarity(a, b))
    return _bounded(a, b, blocks=False).common_length()


def similarity(a: Tokens, b: Tokens, *, exact_cells: int | None = None) -> float:
    """Indel similarity, ``2 * LCS / (len(a) + len(b))`` (rapidfuzz's
    ``Indel.normalized_similarity``): 1.0 for two empty sequences."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    if len(a) * len(b) <= _exact_below(exact_cells):
        from rapidfuzz.distance import Indel

        return float(Indel.normalized_similarity(a, b))
    return 2 * common_length(a, b, exact_cells=exact_cells) / total


def opcodes(blocks: Sequence[Block], len_a: int, len_b: int) -> list[Opcode]:
    """difflib-style opcodes from matching blocks: equal, replace, delete, insert."""
    out: list[Opcode] = []
    x = y = 0
    for bx, by, size in [*blocks, (len_a, len_b, 0)]:
        if x < bx and y < by:
            out.append(("replace", x, bx, y, by))
        elif x < bx:
            out.append(("delete", x, bx, y, y))
        elif y < by:
            out.append(("insert", x, x, y, by))
        if size:
            out.append(("equal", bx, bx + size, by, by + size))
        x, y = bx + size, by + size
    return out


def _bounded(a: Tokens, b: Tokens, *, blocks: bool) -> Bounded:
    from corpus_cli.anchors import Bounded, Sizes  # numpy: only for long inputs

    sizes = Sizes(GAP_CELLS, WINDOW, KGRAMS, SAMPLE, MAX_DEPTH)  # read now: tests set them
    return Bounded(a, b, sizes, exact_blocks, blocks=blocks)


def exact_blocks(a: Tokens, b: Tokens) -> list[Block]:
    """rapidfuzz's matching blocks of ``a`` and ``b``, empty ones left out."""
    from rapidfuzz.distance import LCSseq

    if not len(a) or not len(b):
        return []
    return [(x, y, size) for x, y, size in LCSseq.opcodes(a, b).as_matching_blocks() if size]
