"""Article bodies as token codes: what dedupe compares.

A body is an article version's non-boilerplate paragraphs, tokenised (``tokens``): one
array of token codes for the whole body, with each paragraph's bounds inside it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Any, NamedTuple, cast, overload

import numpy as np

from corpus_cli.index.mapped import PageBudget, is_mapped, received, release, spill, to_send
from corpus_cli.store.records import BodyParagraph

if TYPE_CHECKING:
    from numpy.typing import NDArray

RECENT = 256  # bodies a table keeps made (one is often read several times in a row)


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


class BodyColumns(NamedTuple):
    """A run of bodies as columns: a few arrays and lists instead of an object per body and
    per paragraph (a million articles' ``Body`` objects and paragraph tuples were most of a
    pass's memory, bench/README.md), and what a worker sends whole (they pickle many times
    faster than objects)."""

    keys: NDArray[np.int64]
    article_ids: list[str]
    paths: list[str]
    titles: list[str]
    dates: list[str | None]
    body_hashes: NDArray[np.int64]
    paragraphs: NDArray[np.int64]  # (idx, start, end, hash) of every body paragraph
    first_paragraph: NDArray[np.int64]  # body i's paragraphs: rows first[i]:first[i + 1]
    first_token: NDArray[np.int64]  # paragraph j's tokens: first_token[j]:first_token[j + 1]
    tokens: NDArray[np.uint32]

    @property
    def size(self) -> int:
        """How many bodies."""
        return len(self.article_ids)


class BodyTable(Sequence[Body]):
    """Bodies kept as columns (``BodyColumns``, one block per batch tokenised or per
    worker's share, never concatenated: a copy of every token at once would double the
    peak), read as ``Body`` objects made on access.

    A ``Body`` read from the table reads its columns; its text is the table's (setting it
    sets the table's). Code that reads every body or every paragraph reads the columns
    (``keys``, ``paragraph_column``, ``paragraph_tokens``, ...), not a ``Body`` each.
    """

    def __init__(self, blocks: Iterable[BodyColumns] = (),
                 texts: dict[int, str] | None = None) -> None:
        self.blocks: list[BodyColumns] = []
        self._starts: list[int] = [0]  # first body of each block, and the count after
        self._paragraph_starts: list[int] = [0]
        self.texts: dict[int, str] = texts if texts is not None else {}
        self._cache: dict[str, Any] = {}
        self._recent: dict[int, _TableBody] = {}  # bodies read lately, by position
        self._budget: PageBudget | None = None  # None: no block is mapped, nothing to count
        for block in blocks:
            self.append(block)

    @classmethod
    def of(cls, bodies: Iterable[Body]) -> BodyTable:
        """Bodies made elsewhere (the Spark engine's), as a table."""
        bodies = list(bodies)
        table = cls()
        if bodies:
            table.append(_columns_of(bodies))
            table.texts = {d: b.text for d, b in enumerate(bodies) if b.text is not None}
        return table

    def append(self, block: BodyColumns) -> None:
        if not block.size:
            return
        self.blocks.append(block)
        if is_mapped(block.tokens) and self._budget is None:
            self._budget = PageBudget()
        self._starts.append(self._starts[-1] + block.size)
        self._paragraph_starts.append(self._paragraph_starts[-1] + len(block.paragraphs))
        self._cache.clear()
        self._recent.clear()

    def spill_tokens(self, path: str) -> None:
        """Keep the tokens in the file ``path`` (appended to) instead of this process's
        memory: each block's tokens become a read-only map of their part of it, whose
        pages are taken only as they are read, and given back by ``release_tokens``.
        A table whose tokens are spilled pickles the file's name and offsets, not the
        tokens: a worker's table travels as a few numbers and is mapped again on arrival.
        At a million articles the tokens are a gigabyte and a half, read only where
        candidates are verified and passages grouped."""
        with open(path, "ab") as out:
            for n, block in enumerate(self.blocks):
                if not is_mapped(block.tokens) and len(block.tokens):
                    self.blocks[n] = block._replace(tokens=spill(block.tokens, out, path))
        self._budget = PageBudget()
        self._cache.clear()
        self._recent.clear()

    def release_tokens(self) -> None:
        """Give back the pages of spilled tokens read so far (the file keeps them: they
        are read again on need)."""
        if self._budget is not None:
            self._budget = PageBudget()
        release(block.tokens for block in self.blocks)

    def __getstate__(self) -> dict[str, Any]:
        blocks = [block._replace(tokens=to_send(block.tokens)) for block in self.blocks]
        return {**self.__dict__, "blocks": blocks, "_cache": {}, "_recent": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["blocks"] = [block._replace(tokens=received(block.tokens))
                           for block in state["blocks"]]
        self.__dict__.update(state)

    def extend_table(self, other: BodyTable) -> None:
        """Append ``other``'s bodies (and texts) after these."""
        first = len(self)
        for block in other.blocks:
            self.append(block)
        self.texts.update((first + d, t) for d, t in other.texts.items())

    def __len__(self) -> int:
        return self._starts[-1]

    def _locate(self, doc: int) -> tuple[BodyColumns, int]:
        if not 0 <= doc < len(self):
            raise IndexError(doc)
        n = bisect_right(self._starts, doc) - 1
        return self.blocks[n], doc - self._starts[n]

    @overload
    def __getitem__(self, doc: int) -> Body: ...
    @overload
    def __getitem__(self, doc: slice) -> list[Body]: ...

    def __getitem__(self, doc: int | slice) -> Body | list[Body]:
        if isinstance(doc, slice):
            return [self[d] for d in range(*doc.indices(len(self)))]
        body = self._recent.get(doc)
        if body is None:
            if doc < 0:
                if doc < -len(self):
                    raise IndexError(doc)
                return self[doc + len(self)]
            if len(self._recent) >= RECENT:
                self._recent.clear()
            block, row = self._locate(doc)
            body = self._recent[doc] = _TableBody(self, doc, block, row)
        return body

    def __iter__(self) -> Iterator[Body]:
        return (self[d] for d in range(len(self)))

    def set_text(self, doc: int, text: str | None) -> None:
        if text is None:
            self.texts.pop(doc, None)
        else:
            self.texts[doc] = text

    def _column(self, name: str) -> Any:
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = _joined(self.blocks, name)
        return found

    def keys(self) -> NDArray[np.int64]:
        """Each body's key (sequence number), in order."""
        return cast("NDArray[np.int64]", self._column("keys"))

    def body_hashes(self) -> NDArray[np.int64]:
        return cast("NDArray[np.int64]", self._column("body_hashes"))

    def paragraph_column(self, column: int) -> NDArray[np.int64]:
        """One column of every body paragraph's (idx, start, end, hash), in order."""
        return np.concatenate([np.empty(0, np.int64)]
                              + [b.paragraphs[:, column] for b in self.blocks])

    def paragraph_counts(self) -> NDArray[np.int64]:
        """Paragraphs in each body, in order."""
        return self._differences("first_paragraph")

    def paragraph_sizes(self) -> NDArray[np.int64]:
        """Tokens in each paragraph of every body, in order."""
        return self._differences("first_token")

    def _differences(self, name: str) -> NDArray[np.int64]:
        """Differences of a blocks' column of starts, all blocks in order (kept)."""
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = np.concatenate(
                [np.empty(0, np.int64)] + [np.diff(getattr(b, name)) for b in self.blocks])
        return cast("NDArray[np.int64]", found)

    def paragraph_tokens(self, paragraph: int) -> NDArray[np.uint32]:
        """The tokens of global paragraph ``paragraph`` (numbered across all bodies)."""
        n = bisect_right(self._paragraph_starts, paragraph) - 1
        block, j = self.blocks[n], paragraph - self._paragraph_starts[n]
        lo, hi = block.first_token[j], block.first_token[j + 1]
        if self._budget is not None and self._budget.spend(int(hi - lo)):
            self.release_tokens()
        return block.tokens[lo:hi]

    def paragraph_offsets(self) -> NDArray[np.int64]:
        """Where each paragraph's tokens start inside its body's tokens, in order."""
        found = self._cache.get("offsets")
        if found is None:
            parts = [np.empty(0, np.int64)]
            for b in self.blocks:
                body_first = b.first_token[b.first_paragraph[:-1]]
                parts.append(b.first_token[:-1] - np.repeat(body_first,
                                                            np.diff(b.first_paragraph)))
            found = self._cache["offsets"] = np.concatenate(parts)
        return cast("NDArray[np.int64]", found)

    def tokens_between(self, lo: int, hi: int) -> NDArray[np.uint32]:
        """The tokens of bodies ``lo`` to ``hi`` (exclusive), one after the other."""
        pieces = [np.empty(0, np.uint32)]
        while lo < hi:
            block, i = self._locate(lo)
            j = min(block.size, i + hi - lo)
            pieces.append(block.tokens[block.first_token[block.first_paragraph[i]] :
                                       block.first_token[block.first_paragraph[j]]])
            lo += j - i
        return pieces[1] if len(pieces) == 2 else np.concatenate(pieces)


class _TableBody(Body):
    """A body of a ``BodyTable``. What it says of the article is read at once; its
    paragraphs, tokens and bounds only when asked (most readers want an article's id,
    path and title: millions of reads in a pass); its text is the table's."""

    __slots__ = ("_block", "_doc", "_row", "_table")

    def __init__(self, table: BodyTable, doc: int, block: BodyColumns, row: int) -> None:
        self.key = int(block.keys[row])
        self.article_id = block.article_ids[row]
        self.path = block.paths[row]
        self.title = block.titles[row]
        self.date = block.dates[row]
        self.body_hash = int(block.body_hashes[row])
        self._table, self._doc, self._block, self._row = table, doc, block, row

    def _span(self) -> tuple[int, int]:
        first = self._block.first_paragraph
        return int(first[self._row]), int(first[self._row + 1])

    @property
    def paragraphs(self) -> list[BodyParagraph]:
        lo, hi = self._span()
        new = tuple.__new__  # named tuples made in bulk (see BodyParagraph)
        return [new(BodyParagraph, p) for p in self._block.paragraphs[lo:hi].tolist()]

    @paragraphs.setter
    def paragraphs(self, _value: list[BodyParagraph]) -> None:
        raise AttributeError(READ_ONLY)

    @property
    def tokens(self) -> NDArray[np.uint32]:
        lo, hi = self._span()
        first = self._block.first_token
        start, end = first[lo], first[hi]
        table = self._table
        if table._budget is not None and table._budget.spend(int(end - start)):
            table.release_tokens()
        return self._block.tokens[start:end]

    @tokens.setter
    def tokens(self, _value: NDArray[np.uint32]) -> None:
        raise AttributeError(READ_ONLY)

    @property
    def bounds(self) -> list[int]:
        lo, hi = self._span()
        first = self._block.first_token[lo : hi + 1]
        return cast("list[int]", (first - first[0]).tolist())

    @bounds.setter
    def bounds(self, _value: list[int]) -> None:
        raise AttributeError(READ_ONLY)

    @property
    def words(self) -> int:
        lo, hi = self._span()
        first = self._block.first_token
        return int(first[hi] - first[lo])

    @property
    def text(self) -> str | None:
        return self._table.texts.get(self._doc)

    @text.setter
    def text(self, text: str | None) -> None:
        self._table.set_text(self._doc, text)


READ_ONLY = "a table's bodies are read from its columns: make a new table instead"


def _joined(blocks: list[BodyColumns], name: str) -> Any:
    return np.concatenate([np.empty(0, np.int64)] + [getattr(b, name) for b in blocks])


def _columns_of(bodies: Sequence[Body]) -> BodyColumns:
    return block_of(bodies, [b.body_hash for b in bodies], [b.paragraphs for b in bodies],
                    np.fromiter(chain.from_iterable(np.diff(b.bounds) for b in bodies),
                                np.int64),
                    np.concatenate([np.empty(0, np.uint32)] + [b.tokens for b in bodies]))


def block_of(bodies: Sequence[Body] | Sequence[BodySource], body_hashes: list[int],
             paragraphs: list[list[BodyParagraph]], sizes: NDArray[np.int64],
             tokens: NDArray[np.uint32]) -> BodyColumns:
    """The columns of ``bodies`` (what they say of their articles), given each one's body
    hash and paragraphs, the tokens of every paragraph in order and how many each has
    (``make.make_bodies`` gives them for articles not yet tokenised)."""
    return BodyColumns(
        np.fromiter((b.key for b in bodies), np.int64, len(bodies)),
        [b.article_id for b in bodies], [b.path for b in bodies], [b.title for b in bodies],
        [b.date for b in bodies], np.array(body_hashes, np.int64),
        np.array([p for ps in paragraphs for p in ps], np.int64).reshape(-1, 4),
        np.array([0, *accumulate(map(len, paragraphs))], np.int64),
        np.concatenate(([0], np.cumsum(sizes))).astype(np.int64),
        tokens.astype(np.uint32, copy=False))


def body_column(bodies: Sequence[Body], name: str) -> NDArray[np.int64]:
    """``key``, ``body_hash`` or ``words`` of every body, in order: read from the columns
    of a table, without making a ``Body`` each."""
    if isinstance(bodies, BodyTable):
        if name == "key":
            return bodies.keys()
        if name == "body_hash":
            return bodies.body_hashes()
        counts = bodies.paragraph_counts()
        ends = np.cumsum(counts)
        tokens = np.concatenate(([0], np.cumsum(bodies.paragraph_sizes())))
        words: NDArray[np.int64] = tokens[ends] - tokens[ends - counts]
        return words
    return np.fromiter((getattr(b, name) for b in bodies), np.int64, len(bodies))


def sizes_at(bodies: Sequence[Body], doc: NDArray[np.int64], pos: NDArray[np.int64],
             ) -> NDArray[np.int64]:
    """Tokens of paragraph ``pos[i]`` of body ``doc[i]``."""
    if isinstance(bodies, BodyTable):
        first = np.concatenate(([0], np.cumsum(bodies.paragraph_counts())))
        return bodies.paragraph_sizes()[first[doc] + pos]
    return np.fromiter((bodies[d].bounds[q + 1] - bodies[d].bounds[q]
                        for d, q in zip(doc.tolist(), pos.tolist(), strict=True)),
                       np.int64, len(pos))
