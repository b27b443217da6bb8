"""The Spark engine's last two stages: components, then groups, at the grain of one
group (``group_tasks`` says what each task runs).

- components: articles joined by an exact copy or by evidence that may make them near
  copies (duplicate groups); occurrence ranges joined by a run or by being nearly the
  same span of one article (passage groups); both in one large-star/small-star pass;
- group: duplicate components' groups; range components' passage groups, joined across
  components per set of articles, located per article and made per group; boilerplate
  passages per flagged hash; duplicate groups linked to the passages found in two or
  more of their members.

A grouped task call takes a bucket of about ``PER_CALL`` components (or articles, or
groups), and a component is a group's articles (or one passage's occurrences), not a
chain of articles sharing different passages: on the labelled corpus of 200,000 the
largest component of articles joined by any passage holds 43,227 articles; the largest
duplicate component 103, the largest passage component 45.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, reduce
from typing import TYPE_CHECKING, Any

from corpus_cli.settings import DedupeSettings
from corpus_cli.spark import group_tasks as gt
from corpus_cli.spark import passage_tasks as pt
from corpus_cli.spark.tasks import EVIDENCE_KIND, FURNITURE_KIND, RUN_KIND

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

Keep = Callable[["DataFrame"], "DataFrame"]
PER_CALL = 256  # components, articles or groups a grouped task call takes at once


class Components:
    """What the components stage found, for the group stage."""

    def __init__(self, articles: int) -> None:
        self.articles = articles
        self.duplicates: DataFrame | None = None  # (node: doc, comp)
        self.runs: DataFrame | None = None  # kept runs with their range component
        self.counts: dict[str, int] = {}  # components of each kind


def components(bodies: DataFrame, verified: DataFrame, settings: DedupeSettings,
               level: str, parts: int, kept: Keep, summary: dict[str, Any]) -> Components:
    """Duplicate components of articles and passage components of ranges (as ``level``
    needs them), their numbers and largest sizes in ``summary``."""
    from pyspark.sql import functions as F

    from corpus_cli.spark.components import components as connected

    found = Components(int(summary["articles"]))
    edges = []  # articles are nodes 0, 1, ...; ranges -1, -2, ...: one pass for both
    if level in ("article", "all"):
        edges.append(_duplicate_edges(bodies, verified, settings, parts))
    if level in ("passage", "all"):
        runs = kept(verified.where(F.col("kind") == RUN_KIND)
                    .select("a", "x1", "x2", "b", "y1", "y2", "matched", "gpa", "gpb", "ridx")
                    .repartition(parts, "a", "b")
                    .mapInArrow(partial(pt.kept_runs, settings=settings), pt.PAIR_RUN_SCHEMA))
        ends = runs.select(F.col("a").alias("doc"), F.col("x1").alias("lo"),
                           F.col("x2").alias("hi")).union(
            runs.select(F.col("b").alias("doc"), F.col("y1").alias("lo"),
                        F.col("y2").alias("hi")))
        ranges = kept(ends.select(_bucket("doc", found.articles), "*").groupBy("bucket")
                      .applyInArrow(gt.bound(pt.article_ranges, same_span=settings.same_span),
                                    pt.RANGE_SCHEMA))
        nodes = ranges.where(F.col("kind") == pt.RANGE)
        numbered = kept(
            runs.join(nodes.select(F.col("doc").alias("a"), F.col("lo").alias("x1"),
                                   F.col("hi").alias("x2"), F.col("node").alias("na")),
                      ["a", "x1", "x2"])
            .join(nodes.select(F.col("doc").alias("b"), F.col("lo").alias("y1"),
                               F.col("hi").alias("y2"), F.col("node").alias("nb")),
                  ["b", "y1", "y2"]))
        edges.append(numbered.select(F.col("na").alias("a"), F.col("nb").alias("b")).union(
            ranges.where(F.col("kind") == pt.SAME_SPAN).select(
                F.col("node").alias("a"), F.col("other").alias("b"))))
    labels = kept(connected(reduce(lambda x, y: x.union(y), edges), kept))
    if level in ("article", "all"):
        found.duplicates = labels.where(F.col("node") >= 0)
        _sizes(found.duplicates, "duplicate", summary, found)
    if level in ("passage", "all"):
        found.runs = kept(numbered.join(labels.select(F.col("node").alias("na"), "comp"),
                                        "na").select("comp", "a", "x1", "x2", "b", "y1",
                                                     "y2", "matched"))
        sizes = found.runs.select("comp", F.col("a").alias("doc")).union(
            found.runs.select("comp", F.col("b").alias("doc"))).distinct()
        _sizes(sizes.select(F.col("doc").alias("node"), "comp"), "passage", summary, found)
        for frame in (runs, ranges, numbered):
            frame.unpersist()
    return found


def _sizes(labels: DataFrame, name: str, summary: dict[str, Any], found: Components,
           ) -> None:
    from pyspark.sql import functions as F

    sizes = labels.groupBy("comp").agg(F.count(F.lit(1)).alias("n")).agg(
        F.count(F.lit(1)).alias("components"), F.max("n").alias("largest")).collect()[0]
    summary[f"{name}_components"] = int(sizes["components"])
    summary[f"largest_{name}_component"] = int(sizes["largest"] or 0)
    found.counts[name] = int(sizes["components"])


def _bucket(column: str, items: int) -> Any:
    """A bucket number for ``column``: grouped task calls take about ``PER_CALL`` items
    each (one call per item costs more than the work on most of them; one call for all
    would hold them all)."""
    from pyspark.sql import functions as F

    buckets = max(1, -(-items // PER_CALL))
    return F.pmod(F.xxhash64(column), F.lit(buckets)).alias("bucket")


def _duplicate_edges(bodies: DataFrame, verified: DataFrame, settings: DedupeSettings,
                     parts: int) -> DataFrame:
    """Pairs whose evidence may make them near copies (``may_be_near``, on each pair's
    evidence summed in one task), and exact copies (same headline and body hash), each
    joined to the first of them."""
    from pyspark.sql import functions as F

    words = bodies.select("doc", "words")
    evidence = verified.where(F.col("kind") == EVIDENCE_KIND) \
        .join(words.select(F.col("doc").alias("a"), F.col("words").alias("words_a")), "a") \
        .join(words.select(F.col("doc").alias("b"), F.col("words").alias("words_b")), "b")
    near = evidence.repartition(parts, "a", "b").mapInArrow(
        partial(gt.near_candidates, settings=settings), gt.NEAR_SCHEMA)
    first = bodies.where(F.col("words") > 0).groupBy("body_hash").agg(
        F.min("doc").alias("a"))
    copies = bodies.where(F.col("words") > 0).join(first, "body_hash") \
        .select("a", F.col("doc").alias("b")).where(F.col("a") != F.col("b"))
    return near.unionByName(copies)


def groups(bodies: DataFrame, verified: DataFrame, found: Components, furniture: DataFrame,
           settings: DedupeSettings, level: str, kept: Keep) -> DataFrame:
    """Output rows (``group_tasks.OUTPUT_SCHEMA``): the records, with the members of
    duplicate groups and the articles of passages."""
    from pyspark.sql import functions as F

    out = []
    if found.duplicates is not None:
        out.append(_duplicates(bodies, verified, found.duplicates, furniture, settings,
                               found.counts["duplicate"]))
    if found.runs is not None:
        out.append(_passages(bodies, found.runs, settings, kept, found))
        if settings.include_boilerplate:
            out.append(_boilerplate(bodies, kept))
    rows = kept(reduce(lambda x, y: x.unionByName(y), out))
    if level != "all":
        return rows
    members = rows.where(F.col("kind") == "member").select(
        F.col("s3").alias("dgroup"), F.col("s1").alias("seq"))
    occurs = rows.where(F.col("kind") == "occurs").select(
        F.col("s3").alias("pgroup"), F.col("s1").alias("seq"), F.col("s2").alias("pseq"),
        F.col("line").alias("pstart"), F.col("boilerplate").alias("pb"))
    links = members.join(occurs, "seq").groupBy("dgroup", "pgroup", "pseq", "pstart", "pb") \
        .agg(F.count(F.lit(1)).alias("n")).where(F.col("n") >= 2) \
        .groupBy("dgroup").agg(F.collect_list(F.concat_ws(
            ":", F.col("pb").cast("string"), F.col("pseq").cast("string"), "pstart",
            "pgroup")).alias("linked"))
    duplicates = rows.where(F.col("kind") == "duplicate")
    linked = duplicates.join(links, duplicates["s3"] == links["dgroup"], "left") \
        .select("kind", "boilerplate", "s1", "s2", "s3", "line", "linked") \
        .mapInArrow(gt.link, gt.OUTPUT_SCHEMA)
    return rows.where(F.col("kind") != "duplicate").unionByName(linked)


def _duplicates(bodies: DataFrame, verified: DataFrame, labels: DataFrame,
                furniture: DataFrame, settings: DedupeSettings, count: int) -> DataFrame:
    """Each duplicate component's groups (``group_duplicates``)."""
    from pyspark.sql import functions as F

    doc_comp = labels.select(F.col("node").alias("doc"), "comp")
    left = bodies.join(doc_comp, "doc").select(
        "comp", "doc", "seq", "article_id", "path", "title", "date", "body_hash", "bpars",
        "flagged", "tokens", "bounds")
    rows = verified.join(labels.select(F.col("node").alias("a"), "comp"), "a") \
        .join(labels.select(F.col("node").alias("b"), F.col("comp").alias("comp_b")), "b") \
        .where(F.col("comp") == F.col("comp_b")).drop("comp_b")
    sure = furniture.where(F.col("sure")).select("hash", "pattern")
    flagged = left.select("doc", "seq", "article_id", "path", "title", "date", "flagged") \
        .mapInArrow(partial(gt.flagged_rows, with_text=False), gt.FLAGGED_SCHEMA) \
        .join(sure, "hash") \
        .join(doc_comp, "doc") \
        .select(F.lit(FURNITURE_KIND).alias("kind"), F.col("doc").alias("a"),
                F.col("hash").alias("x1"), F.col("pattern").cast("long").alias("x2"),
                *[F.lit(0).cast("long").alias(c) for c in
                  ("b", "y1", "y2", "matched", "gpa", "gpb", "ridx")], "comp").distinct()
    right = rows.select("kind", "a", "x1", "x2", "b", "y1", "y2", "matched", "gpa", "gpb",
                        "ridx", "comp").unionByName(flagged)
    # Fresh column ids on each side: both sides come from ``labels``, and a cogroup of
    # two frames sharing a column id cannot tell their keys apart.
    left = left.select(_bucket("comp", count), *[F.col(c).alias(c) for c in left.columns])
    right = right.select(_bucket("comp", count), *[F.col(c).alias(c) for c in right.columns])
    return left.groupBy("bucket").cogroup(right.groupBy("bucket")).applyInArrow(
        partial(gt.group_duplicates, settings=settings), gt.OUTPUT_SCHEMA)


def _passages(bodies: DataFrame, runs: DataFrame, settings: DedupeSettings,
              kept: Keep, found: Components) -> DataFrame:
    """Passage groups: per range component (``component_passages``), joined per set of
    articles (``joined_runs``), located per article (``locate``), made per group
    (``passage``); each grouped call takes a bucket of about ``PER_CALL`` of them."""
    from pyspark.sql import functions as F

    count = found.counts["passage"]
    right = runs.select(_bucket("comp", count), *[F.col(c).alias(c) for c in runs.columns])
    docs = right.select("bucket", F.col("a").alias("doc")).union(
        right.select("bucket", F.col("b").alias("doc"))).distinct()
    left = docs.join(bodies.select("doc", "seq", "article_id", "path", "title", "date",
                                   "body_hash", "bpars", "tokens", "bounds"), "doc")
    left = left.select(*[F.col(c).alias(c) for c in left.columns])
    spans = kept(left.groupBy("bucket").cogroup(right.groupBy("bucket")).applyInArrow(
        partial(pt.component_passages, settings=settings), pt.SPANS_SCHEMA))
    joined = spans.where(F.col("docs").isNotNull()).select(_bucket("docs", count), "*") \
        .groupBy("bucket").applyInArrow(gt.bound(pt.joined_runs, gap=settings.gap),
                                        pt.JOINED_SCHEMA)
    made = spans.where(F.col("docs").isNull()).select("gid", "spans", "lowest") \
        .unionByName(joined)
    occurrences = made.mapInArrow(pt.occurrences, pt.OCCURRENCE_SPAN_SCHEMA)
    texts = bodies.select(_bucket("doc", found.articles), "doc", "seq", "article_id", "path",
                          "title", "date", "text", "body_hash", "bpars", "tokens", "bounds")
    wanted = occurrences.select(_bucket("doc", found.articles), "*")
    located = texts.groupBy("bucket").cogroup(wanted.groupBy("bucket")).applyInArrow(
        pt.locate, pt.OCCURRENCE_SCHEMA)
    return located.select(_bucket("gid", count), "*").groupBy("bucket").applyInArrow(
        pt.passage, gt.OUTPUT_SCHEMA)


def _boilerplate(bodies: DataFrame, kept: Keep) -> DataFrame:
    """Boilerplate passages (flagged paragraphs repeated word for word across articles),
    one flagged hash per task."""
    from pyspark.sql import functions as F

    rows = bodies.select("doc", "seq", "article_id", "path", "title", "date", "flagged",
                         "text") \
        .mapInArrow(partial(gt.flagged_rows, with_text=True), gt.FLAGGED_SCHEMA)
    shared = rows.groupBy("hash").agg(F.countDistinct("doc").alias("docs")) \
        .where(F.col("docs") >= 2).select("hash")
    return kept(rows.join(shared, "hash", "left_semi").groupBy("hash")
                .applyInArrow(pt.boilerplate_group, gt.OUTPUT_SCHEMA))


__all__ = ["Components", "components", "groups"]
