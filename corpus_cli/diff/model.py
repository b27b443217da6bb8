"""What an alignment of two articles is: paragraph operations carrying word runs.

Paragraph indexes always refer to the article's full paragraph list (boilerplate
included), so they match ``corpus show`` and the stored spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_cli.models import Paragraph
from corpus_cli.settings import DiffSettings

OP_KINDS = ("equal", "edit", "insert", "delete", "move", "split", "merge")
WORD_KINDS = ("equal", "insert", "delete", "replace")
# Paragraph texts never contain a blank line (it is what separates paragraphs), so this
# joins the several paragraphs of a split or merge losslessly.
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class WordRun:
    """A run of tokens: ``a`` and ``b`` are raw text, whitespace included.

    Concatenating the ``a`` texts of an operation's runs gives its A paragraphs joined
    by ``PARAGRAPH_BREAK``, and likewise for ``b``.
    """

    kind: str  # equal | insert | delete | replace
    a: str
    b: str
    punctuation: bool = False  # a change in punctuation or quote marks only


@dataclass(frozen=True, slots=True)
class ParagraphOp:
    op: str  # one of OP_KINDS
    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float
    words: tuple[WordRun, ...] = ()


@dataclass(frozen=True, slots=True)
class Side:
    """One article as compared: where it came from and all its paragraphs."""

    name: str  # what the user gave (path, id, prefix, '-', ID@N)
    id: str | None
    path: str | None
    title: str
    paragraphs: tuple[Paragraph, ...]
    version: int | None = None

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]

    @property
    def boilerplate(self) -> list[int]:
        return [p.index for p in self.paragraphs if p.boilerplate]


@dataclass(frozen=True, slots=True)
class Diff:
    a: Side
    b: Side
    ops: tuple[ParagraphOp, ...]
    similarity: float
    settings: DiffSettings = field(default_factory=DiffSettings)

    @property
    def identical(self) -> bool:
        return all(op.op == "equal" for op in self.ops)

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(OP_KINDS, 0)
        for op in self.ops:
            found[op.op] += 1
        return found
