"""Compare two articles: paragraph alignment, then word runs inside each operation."""

from __future__ import annotations

from corpus_cli.diff.model import (
    PARAGRAPH_BREAK,
    Diff,
    ParagraphOp,
    Side,
    WordRun,
)
from corpus_cli.diff.paragraphs import align
from corpus_cli.diff.words import diff_words
from corpus_cli.settings import DiffSettings


def compared(side: Side, settings: DiffSettings) -> list[int]:
    """Indexes of the paragraphs that take part: boilerplate only when asked for."""
    return [p.index for p in side.paragraphs
            if settings.include_boilerplate or not p.boilerplate]


def diff_sides(a: Side, b: Side, settings: DiffSettings | None = None) -> Diff:
    """The alignment of ``a`` with ``b``: every compared paragraph in exactly one op."""
    settings = settings or DiffSettings()
    index_a, index_b = compared(a, settings), compared(b, settings)
    texts_a = [a.paragraphs[k].text for k in index_a]
    texts_b = [b.paragraphs[k].text for k in index_b]
    aligned = align(texts_a, texts_b, settings)
    ops = []
    matched = 0.0
    for found in aligned.ops:
        joined_a = PARAGRAPH_BREAK.join(texts_a[k] for k in found.a)
        joined_b = PARAGRAPH_BREAK.join(texts_b[k] for k in found.b)
        if found.op == "equal":  # equal once normalised: no word can differ
            words: tuple[WordRun, ...] = (WordRun("equal", joined_a, joined_b),)
        else:
            words = diff_words(joined_a, joined_b,
                               ignore_punctuation=settings.ignore_punctuation)
        ops.append(ParagraphOp(found.op, tuple(index_a[k] for k in found.a),
                               tuple(index_b[k] for k in found.b), found.similarity, words))
        matched += found.similarity * (sum(aligned.sizes_a[k] for k in found.a)
                                       + sum(aligned.sizes_b[k] for k in found.b))
    total = sum(aligned.sizes_a) + sum(aligned.sizes_b)
    similarity = matched / total if total else 1.0
    return Diff(a, b, tuple(ops), round(similarity, 4), settings)
