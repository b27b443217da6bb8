"""Clusters: union-find over pairwise matches, so groups never depend on input order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


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


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges merged, in order."""
    out: list[list[int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def overlapping(spans: list[tuple[int, int, T]], min_share: float,
                ) -> Iterable[tuple[T, T]]:
    """Pairs of keys whose ranges (lo, hi, key) overlap by ``min_share`` of the longer.

    A sweep over ranges sorted by start, comparing each with those still open.
    """
    open_: list[tuple[int, int, T]] = []
    for lo, hi, key in sorted(spans, key=lambda s: (s[0], s[1])):
        open_ = [o for o in open_ if o[1] > lo]
        for olo, ohi, okey in open_:
            overlap = min(hi, ohi) - max(lo, olo)
            if overlap >= min_share * max(hi - lo, ohi - olo):
                yield okey, key
        open_.append((lo, hi, key))
