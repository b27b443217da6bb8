"""Clusters over pairwise matches, so groups never depend on input order: union-find for a
few thousand keys, connected components over numpy arrays for millions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    """Disjoint sets over hashable keys, with path halving and union by size."""

    def __init__(self) -> None:
        self.parent: dict[K, K] = {}
        self.size: dict[K, int] = {}

    def find(self, x: K) -> K:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.size[x] = 1
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: K, y: K) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return
        if self.size[rx] < self.size[ry]:
            rx, ry = ry, rx
        self.parent[ry] = rx
        self.size[rx] += self.size[ry]

    def groups(self) -> list[list[K]]:
        out: dict[K, list[K]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return list(out.values())


def connected_components(nodes: int, u: NDArray[np.int64], v: NDArray[np.int64],
                         ) -> NDArray[np.int64]:
    """The component of each of ``nodes`` nodes joined by the edges ``u[i]``-``v[i]``,
    named by its smallest node.

    Each round hooks every root onto the smallest root it has an edge to, then lets every
    node jump to its root; edges inside one component are dropped, and a few rounds join
    everything (labels only ever point to smaller nodes, so jumping ends).
    """
    label = np.arange(nodes, dtype=np.int64)
    while len(u):
        lu, lv = label[u], label[v]
        apart = lu != lv
        if not apart.any():
            break
        u, v, lu, lv = u[apart], v[apart], lu[apart], lv[apart]
        low = np.minimum(lu, lv)
        np.minimum.at(label, lu, low)
        np.minimum.at(label, lv, low)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
    return label


def same_spans(doc: NDArray[np.int64], lo: NDArray[np.int64], hi: NDArray[np.int64],
               min_share: float) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Pairs (i, j), i < j, of ranges of the same document overlapping by ``min_share`` of
    the longer; the ranges are sorted by (doc, lo, hi).

    The ranges starting inside range i are the ones right after it in this order, so the
    candidates of each are a contiguous run, found by one binary search.
    """
    n = len(doc)
    if n < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    shift = max(1, int(max(hi.max(), lo.max())).bit_length())
    starts = (doc << shift) | lo
    ends = np.searchsorted(starts, (doc << shift) | hi, "left")
    counts = np.maximum(ends - np.arange(n) - 1, 0)
    i = np.repeat(np.arange(n, dtype=np.int64), counts)
    first = np.cumsum(counts) - counts  # where each i's run of candidates begins
    j = i + 1 + (np.arange(len(i), dtype=np.int64) - np.repeat(first, counts))
    overlap = np.minimum(hi[i], hi[j]) - lo[j]
    keep = overlap >= min_share * np.maximum(hi[i] - lo[i], hi[j] - lo[j])
    return i[keep], j[keep]


def merge_sorted_ranges(new_group: NDArray[np.bool_], lo: NDArray[np.int64],
                        hi: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Overlapping or touching ranges merged, for many groups of ranges at once: ranges
    sorted by group, then lo; ``new_group[i]`` says range i starts a group. Returns where
    each merged range starts (an index into the ranges) and its end. Ends must be below
    2**32.
    """
    # The running end within a group: the group's number in the high bits keeps the
    # running maximum from carrying over to the next group.
    if not len(lo):
        return np.empty(0, np.int64), hi[:0]
    reach = np.maximum.accumulate((np.cumsum(new_group) << 32) | hi) & 0xFFFFFFFF
    starts = np.flatnonzero(new_group | np.concatenate(([True], lo[1:] > reach[:-1])))
    return starts, np.maximum.reduceat(hi, starts)
