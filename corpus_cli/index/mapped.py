"""Token arrays kept in a file and read through a map, with a bound on their memory.

A pass over a million articles holds a gigabyte and a half of token codes, read only where
candidates are verified and passages grouped. Written to a file and mapped, they take pages
only as they are read; a ``PageBudget`` says when to give the pages read back
(``release``: the file keeps them, and a later read takes them again from the page cache).
A mapped array travels between processes as a ``Spilled`` record, its file's name and
place, not its contents.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, cast

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Bytes of mapped tokens read before the pages read are given back: a bound on what they
# hold of memory, for a few page faults more (bench/README.md).
MAPPED_BUDGET = 256 << 20


class Spilled(NamedTuple):
    """Where mapped tokens are: a file, a byte offset, how many."""

    path: str
    offset: int
    length: int

    @classmethod
    def of(cls, tokens: np.memmap) -> Spilled:
        return cls(str(tokens.filename), int(tokens.offset), len(tokens))

    def mapped(self) -> NDArray[np.uint32]:
        return np.memmap(self.path, np.uint32, "r", self.offset, (self.length,))


def spill(tokens: NDArray[np.uint32], out: BinaryIO, path: str) -> NDArray[np.uint32]:
    """``tokens`` appended to ``out`` (the file ``path``, open), and mapped from there."""
    offset = out.tell()
    tokens.tofile(out)
    return Spilled(path, offset, len(tokens)).mapped()


def is_mapped(tokens: object) -> bool:
    return isinstance(tokens, np.memmap)


def to_send(tokens: NDArray[np.uint32]) -> Any:
    """What travels for ``tokens``: where they are when mapped, else the tokens."""
    return Spilled.of(tokens) if isinstance(tokens, np.memmap) else tokens


def received(tokens: Any) -> NDArray[np.uint32]:
    """The tokens ``to_send`` sent: mapped again, or as they came."""
    return tokens.mapped() if isinstance(tokens, Spilled) else cast("NDArray[np.uint32]", tokens)


def release(arrays: Iterable[NDArray[np.uint32]]) -> None:
    """Give back the pages of the mapped ``arrays`` read so far."""
    for tokens in arrays:
        if isinstance(tokens, np.memmap):  # its map: numpy keeps it as ``_mmap``
            cast(Any, tokens)._mmap.madvise(mmap.MADV_DONTNEED)


class PageBudget:
    """Bytes of mapped tokens that may still be read before the pages read are given
    back. Reading the tokens of candidate pairs or of near copies goes all over them:
    without a budget, every page read stays."""

    def __init__(self) -> None:
        self.left = MAPPED_BUDGET

    def spend(self, tokens: int) -> bool:
        """Count ``tokens`` read: True when the pages read should now be given back."""
        self.left -= 4 * tokens
        return self.left < 0
