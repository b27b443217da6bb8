"""Connected components of a graph held as a DataFrame of edges, by the alternating
large-star / small-star iteration (Kiveris et al., "Connected Components in MapReduce
and Beyond", 2014).

Each round is a few shuffles; the driver keeps nothing but a count of the edges that
changed. When no edge changes, every node points at the smallest node of its component.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

MAX_ROUNDS = 64  # each round at least halves the distance to the root: never reached


def _star(edges: DataFrame, large: bool) -> DataFrame:
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    if large:  # both directions: each node sees all its neighbours
        both = edges.select(F.col("a").alias("u"), F.col("b").alias("v")).union(
            edges.select(F.col("b").alias("u"), F.col("a").alias("v")))
    else:  # from the larger end to the smaller
        both = edges.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v"))
    lowest = F.least(F.col("u"), F.min("v").over(Window.partitionBy("u")))
    seen = both.withColumn("m", lowest)
    if large:
        # Large star: every larger neighbour of u hooks onto u's smallest neighbour.
        out = seen.where(F.col("v") > F.col("u")).select(F.col("v").alias("a"),
                                                         F.col("m").alias("b"))
    else:
        # Small star: u and its smaller neighbours hook onto the smallest of them.
        out = seen.select(F.col("v").alias("a"), F.col("m").alias("b")).union(
            seen.select(F.col("u").alias("a"), F.col("m").alias("b")))
    return out.where(F.col("a") != F.col("b")).distinct()


def _changed(new: DataFrame, old: DataFrame) -> int:
    """How many edges are in one of two distinct edge sets and not the other (one job)."""
    from pyspark.sql import functions as F

    both = new.withColumn("in_new", F.lit(1)).join(old.withColumn("in_old", F.lit(1)),
                                                   ["a", "b"], "full_outer")
    return int(both.where(F.col("in_new").isNull() | F.col("in_old").isNull()).count())


def components(edges: DataFrame, kept: Callable[[DataFrame], DataFrame]) -> DataFrame:
    """``(node, comp)`` for every node of ``edges`` (columns ``a``, ``b``): ``comp`` is
    the smallest node of its connected component. ``kept`` computes a frame and keeps
    it for the next round."""
    from pyspark.sql import functions as F

    current = kept(edges.select("a", "b").where(F.col("a") != F.col("b")).distinct())
    for _round in range(MAX_ROUNDS):
        small = kept(_star(_star(current, large=True), large=False))
        changed = _changed(small, current)
        current.unpersist()
        current = small
        if not changed:
            break
    # Converged: each edge joins a node to its component's smallest node.
    pointers = current.select(F.col("a").alias("node"), F.col("b").alias("comp"))
    roots = current.select(F.col("b").alias("node"), F.col("b").alias("comp"))
    return pointers.union(roots).distinct()
