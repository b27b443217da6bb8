"""Small numpy helpers shared by the index and the candidate search."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

T = TypeVar("T", bound=np.generic)


def distinct(values: NDArray[T]) -> NDArray[T]:
    """Sorted distinct values.

    ``np.unique`` hashes in numpy 2.3 (slower than this sort on large arrays) and imports
    ``numpy.ma`` on first use, which a ``--check`` would pay for (bench/README.md).
    """
    values = np.sort(values)
    return values[run_starts(values)]


def run_starts(values: NDArray[T]) -> NDArray[np.bool_]:
    """True where a run of equal values starts: the first value, then every change.

    ``np.r_[True, values[1:] != values[:-1]]`` without ``np.r_``, whose call costs several
    times the allocation, and a warm ``--check`` makes dozens of them.
    """
    starts = np.empty(len(values), bool)
    if len(values):
        starts[0] = True
        np.not_equal(values[1:], values[:-1], out=starts[1:])
    return starts


def member_of(values: NDArray[T], of: NDArray[T]) -> NDArray[np.bool_]:
    """Which of ``values`` occur in ``of``: ``np.isin`` without its ``np.unique`` (see
    ``distinct``)."""
    wanted = distinct(of)
    if not len(wanted):
        return np.zeros(len(values), bool)
    at = np.minimum(np.searchsorted(wanted, values), len(wanted) - 1)
    found: NDArray[np.bool_] = wanted[at] == values
    return found


def run_lengths(ordered: NDArray[T]) -> tuple[NDArray[T], NDArray[np.int64]]:
    """Distinct values of sorted ``ordered`` with how often each occurs."""
    if not len(ordered):
        return ordered, np.empty(0, np.int64)
    starts = np.flatnonzero(run_starts(ordered))
    return ordered[starts], np.diff(starts, append=len(ordered))
