"""The DataFrames of the Spark engine's stages, as ``job`` chains them: versions of the
articles read, "frequent in source" boilerplate, bodies numbered in the local engine's order,
candidate pairs from a shuffle on fingerprints, and their verification. Each frame is built
from the library's own functions in tasks (``tasks``); ``kept`` computes one and cuts its
plan, so the stages after do not carry the plans of all the stages before.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from corpus_cli.settings import DedupeSettings
from corpus_cli.spark import tasks

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


def jvm_package(spark: SparkSession, name: str) -> Any:
    """A JVM package of the driver, through py4j."""
    package = spark.sparkContext._jvm
    for part in name.split("."):
        package = getattr(package, part)
    return package


def kept(frame: DataFrame) -> DataFrame:
    """``frame`` computed now and kept for the stages after.

    Its plan is cut here: the frame becomes a scan of the RDD that computes it, so later
    stages do not carry (and Spark does not re-plan and print) the plans of all the
    stages before, which grow with every join of two of them. The RDD's lineage stays
    whole, so a lost executor's share is still computed again (a local checkpoint would
    be lost with the executor). The RDD is made as ``QueryExecution.toRdd`` makes it,
    without the description of its plan that Spark 4 attaches for its UI: each one holds
    those of the frames it reads, all the way back, and at 20,000 articles the driver
    built (and an event log wrote) single events of hundreds of megabytes."""
    from pyspark.sql import DataFrame

    spark = frame.sparkSession
    jdf = frame._jdf
    execution = jvm_package(spark, "org.apache.spark.sql.execution")
    query = jdf.queryExecution()
    rows = execution.SQLExecutionRDD(query.executedPlan().execute(),
                                     spark._jsparkSession.sessionState().conf(),
                                     execution.SparkPlanInfo.EMPTY())
    cut = spark._jsparkSession.internalCreateDataFrame(rows, jdf.schema(), False)
    frame = DataFrame(cut, spark).persist()
    frame.count()
    return frame


def versions(records: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(every stored version, the current version of each article) with ``seq``: what
    ingest stores when it reads the records in order."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    ok = records.where(F.col("error").isNull()).drop("error")
    in_order = Window.partitionBy("id").orderBy("order")
    changed = ok.withColumn("prev", F.lag("content_hash").over(in_order))
    stored = changed.where(F.col("prev").isNull()
                           | (F.col("prev") != F.col("content_hash"))).drop("prev")
    stored = stored.withColumn("version", F.row_number().over(in_order)) \
        .withColumn("versions", F.count(F.lit(1)).over(Window.partitionBy("id")))
    stored = kept(stored)
    current = stored.where(F.col("version") == F.col("versions"))
    seq = numbered(current.select(F.col("order").alias("key"), F.lit(0).alias("weight")))
    current = kept(current.join(seq.select(F.col("key").alias("order"),
                                           F.col("rank").alias("seq")), "order"))
    return stored, current


def numbered(slim: DataFrame) -> DataFrame:
    """``key, rank, before``: each key's rank in key order, and the sum of the weights
    of the keys before it; the driver holds one pair of numbers per partition."""
    from pyspark.sql import functions as F

    ordered = kept(slim.orderBy("key").withColumn("pid", F.spark_partition_id()))
    sizes = sorted((int(r["pid"]), int(r["rows"]), int(r["weight"])) for r in
                   ordered.mapInArrow(tasks.partition_sizes, tasks.SIZES_SCHEMA)
                   .groupBy("pid").agg(F.sum("rows").alias("rows"),
                                       F.sum("weight").alias("weight")).collect())
    offsets, rank, weight = {}, 0, 0
    for pid, rows, w in sizes:
        offsets[pid] = (rank, weight)
        rank += rows
        weight += w
    return ordered.mapInArrow(partial(tasks.numbered, offsets=offsets),
                              tasks.NUMBERED_SCHEMA)


def boilerplate(paragraphs: DataFrame, policy: Any) -> DataFrame:
    """``hash, compared, sure`` for every paragraph hash flagged somewhere: frequency
    flags first (an aggregation over current versions, as ``refresh_frequency_flags``),
    then the policy's judgement on each flagged hash's first carriers."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    current = paragraphs.where(F.col("version") == F.col("versions"))
    short = current.where(F.col("words") <= policy.max_words)
    frequent = short.groupBy("source", "hash").agg(
        F.countDistinct("content_hash").alias("texts")) \
        .where(F.col("texts") >= policy.min_articles).select(
            F.col("source").alias("fsource"), F.col("hash").alias("fhash"))
    hits = short.join(frequent, short["source"].eqNullSafe(frequent["fsource"])
                      & (short["hash"] == frequent["fhash"]), "left_semi")
    per_article = hits.groupBy("id").agg(F.count(F.lit(1)).alias("hits"),
                                         F.first("npar").alias("npar"))
    minority = per_article.mapInArrow(partial(tasks.frequent_minority, policy=policy),
                                      "id string")
    flags = hits.join(minority, "id", "left_semi").select(
        "id", "version", "idx", F.lit(1).alias("frequent"))
    marked = paragraphs.join(flags, ["id", "version", "idx"], "left") \
        .withColumn("flag", (F.col("pattern") == 1) | (F.col("frequent") == 1))
    flagged = marked.where(F.col("flag")).select("hash").distinct()
    carriers = marked.join(flagged, "hash", "left_semi")
    first = Window.partitionBy("hash").orderBy("id", "version", "idx")
    sample = carriers.withColumn("n", F.row_number().over(first)) \
        .where(F.col("n") <= policy.sample)
    counted = sample.groupBy("hash").agg(
        F.countDistinct("id").alias("carriers"),
        F.countDistinct(F.when(F.col("flag"), F.col("id"))).alias("flagged"))
    pattern = carriers.groupBy("hash").agg(F.max("pattern").alias("pattern"))
    return counted.join(pattern, "hash").mapInArrow(
        partial(tasks.furniture, policy=policy), tasks.FURNITURE_SCHEMA)


def bodies(spark: SparkSession, current: DataFrame, paragraphs: DataFrame,
            furniture: DataFrame) -> DataFrame:
    """Current versions as bodies, numbered: ``doc`` (article-id order) and
    ``first_par`` (the global number of the first body paragraph)."""
    from pyspark.sql import functions as F

    compared = furniture.where(F.col("compared")).select("hash")
    aside = paragraphs.where(F.col("version") == F.col("versions")) \
        .join(compared, "hash", "left_semi").groupBy("id").agg(
            F.collect_list("idx").alias("bp_idx"))
    made = current.join(aside, "id", "left").select(
        "id", "seq", "path", "title", "date", "text", "pars", "bp_idx") \
        .mapInArrow(tasks.bodies, tasks.BODY_SCHEMA)
    made = kept(made)
    numbers = numbered(made.select(F.col("article_id").alias("key"),
                                   F.col("npar").alias("weight")))
    return made.join(numbers.select(F.col("key").alias("article_id"),
                                    F.col("rank").alias("doc"),
                                    F.col("before").alias("first_par")), "article_id")


def _bits(frame: DataFrame, where: Any = None) -> int:
    """The bits the local engine's sort keeps below a key for the paragraph number
    (``candidates._sorted_postings``), from the largest paragraph number."""
    from pyspark.sql import functions as F

    if where is not None:
        frame = frame.where(where)
    top = frame.agg(F.max("gp")).collect()[0][0]
    return min(32, max(1, int(top or 0).bit_length()))


def candidates(bodies: DataFrame, paragraphs: DataFrame, settings: DedupeSettings,
                parts: int) -> DataFrame:
    """Candidate paragraph pairs worth verifying, with their articles and sizes."""
    from pyspark.sql import functions as F

    prints = kept(bodies.select("doc", "first_par", "seq", "article_id", "path", "title",
                                "date", "bpars", "tokens", "bounds", "body_hash")
                  .mapInArrow(partial(tasks.postings, settings=settings),
                              tasks.POSTING_SCHEMA))
    bits = _bits(prints)
    keyed = prints.select(F.shiftrightunsigned("fp", bits).alias("key"), "gp", "doc",
                          "size")
    # The cap before any pair is formed: counts are partial aggregations, and only
    # fingerprints in 2..max_df paragraphs are shuffled together.
    within = keyed.groupBy("key").agg(F.count(F.lit(1)).alias("n")) \
        .where(F.col("n").between(2, settings.max_df)).select("key")
    shared = keyed.join(within, "key", "left_semi").repartition(parts, "key") \
        .mapInArrow(partial(tasks.fingerprint_pairs, bits=bits, settings=settings),
                    tasks.PAIR_SCHEMA)

    long_enough = paragraphs.where(F.col("size") >= settings.min_words)
    ebits = _bits(long_enough)
    exact = long_enough.select(F.shiftrightunsigned("exact", ebits).alias("key"), "gp",
                               "doc", "size")
    per_key = exact.groupBy("key").agg(F.count(F.lit(1)).alias("n"),
                                       F.min("gp").alias("centre"))
    few = exact.join(per_key.where(F.col("n").between(2, settings.max_df)).select("key"),
                     "key", "left_semi").repartition(parts, "key") \
        .mapInArrow(partial(tasks.exact_pairs, bits=ebits, settings=settings),
                    tasks.PAIR_SCHEMA)
    # A paragraph repeated word for word more than max_df times: each copy pairs with
    # the first (a star), as the local engine's exact pairs do.
    hubs = exact.select(F.col("gp").alias("centre"), F.col("doc").alias("da"),
                        F.col("size").alias("sa"))
    many = exact.join(per_key.where(F.col("n") > settings.max_df).select("key", "centre"),
                      "key").join(hubs, "centre") \
        .where((F.col("gp") != F.col("centre")) & (F.col("doc") != F.col("da"))) \
        .select(F.col("centre").alias("gpa"), "da", "sa", F.col("gp").alias("gpb"),
                F.col("doc").alias("db"), F.col("size").alias("sb"),
                F.lit(tasks.EXACT_SHARED).cast("long").alias("shared"),
                F.lit(False).alias("rare")).distinct()
    combined = shared.unionByName(few).unionByName(many).groupBy("gpa", "gpb").agg(
        F.first("da").alias("da"), F.first("sa").alias("sa"), F.first("db").alias("db"),
        F.first("sb").alias("sb"), F.sum("shared").alias("shared"),
        F.expr("bool_or(rare)").alias("rare"))
    out = combined.select("gpa", "da", "sa", "gpb", "db", "sb", "shared", "rare") \
        .mapInArrow(partial(tasks.worth, settings=settings), tasks.PAIR_SCHEMA)
    prints.unpersist()
    return out


def verify(candidates: DataFrame, paragraphs: DataFrame, settings: DedupeSettings,
            parts: int) -> DataFrame:
    from pyspark.sql import functions as F

    side_a = paragraphs.select(F.col("gp").alias("gpa"), F.col("pos").alias("pa"),
                               F.col("off").alias("oa"), F.col("tokens").alias("ta"))
    side_b = paragraphs.select(F.col("gp").alias("gpb"), F.col("pos").alias("pb"),
                               F.col("off").alias("ob"), F.col("tokens").alias("tb"))
    pairs = candidates.select("gpa", "gpb", "da", "db").join(side_a, "gpa") \
        .join(side_b, "gpb").repartition(parts)
    return pairs.mapInArrow(partial(tasks.verify, settings=settings),
                            tasks.VERIFIED_SCHEMA)
