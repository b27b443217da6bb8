"""``corpus diff``: two articles compared (paragraph alignment, then word runs inside each
operation), and the N-way collation of one shared passage."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from corpus_cli.diff.collate import Collation, collate, witnesses_of
from corpus_cli.diff.inputs import load_sides
from corpus_cli.diff.model import (
    PARAGRAPH_BREAK,
    Diff,
    ParagraphOp,
    Side,
    WordRun,
)
from corpus_cli.diff.paragraphs import align
from corpus_cli.diff.words import diff_words
from corpus_cli.errors import Verdict
from corpus_cli.models import PassageGroup
from corpus_cli.settings import DiffSettings


def diff_refs(refs: Sequence[str], store_path: Path, settings: DiffSettings | None = None,
              *, fail_if_different: bool = False, fail_below: float | None = None,
              ) -> tuple[Diff, Verdict]:
    """``corpus diff A B``: the articles ``refs`` name (files, ``-``, stored ids, ``ID@N``)
    aligned. A finding when asked for one: they differ at all (``fail_if_different``), or
    their similarity is below ``fail_below``."""
    a, b = load_sides(refs, store_path)
    diff = diff_sides(a, b, settings)
    verdict = Verdict()
    if fail_below is not None:
        if diff.similarity < fail_below:
            verdict.finding(f"similarity {diff.similarity} is below {fail_below}")
    elif fail_if_different and not diff.identical:
        verdict.finding("the articles differ")
    return diff, verdict


def collate_passage(passage: PassageGroup, fail_on_variants: bool = False,
                    ) -> tuple[Collation, Verdict]:
    """``corpus diff --group``: every occurrence of a shared passage (a group ``corpus
    dedupe`` found) aligned word by word; a finding per variant column when asked."""
    collation = collate(passage.group, witnesses_of(passage.occurrences))
    verdict = Verdict()
    if fail_on_variants and collation.variants:
        verdict.finding(f"{collation.variants} variant column(s)")
    return collation, verdict


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
