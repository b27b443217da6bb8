"""``corpus dedupe --engine spark``: the local engine's dedupe, as one Spark job.

The stages, in order (``summary.json`` times each):

1. read: Spark lists the inputs and reads their bytes on the executors, where the
   library's readers and segmentation make articles (``reading``, ``inputs``);
2. versions: the same location read twice is one article with versions, as ingest
   stores it; ``seq`` (ingest order) is each current version's rank in input order;
3. boilerplate: "frequent in source" flags as a Spark aggregation over the paragraphs
   of current versions (``BoilerplatePolicy``'s rules), then which flagged paragraphs
   are compared as boilerplate and which are site furniture for sure, counted over the
   first ``sample`` carriers of each hash as the store counts them;
4. bodies: tokenised (``make_bodies``), numbered in article-id order (``doc``: the
   local engine's body order) with global paragraph numbers (``gp``);
5. candidates: fingerprints (``local_prints``) shuffled by fingerprint; a fingerprint's
   postings are counted first and only fingerprints within ``max_df`` are brought
   together (the cap applied before pairs are formed: a fingerprint carried by
   thousands of paragraphs is one count per partition, never a skewed partition), and
   each partition's complete runs go through ``count_shared``; exact paragraph copies
   likewise (``combine``), a paragraph repeated more than ``max_df`` times pairing with
   its first carrier in a join; counts added up per pair; ``worth_verifying``;
6. verify: both paragraphs' tokens joined to each pair, ``verify_many`` in tasks;
7. components: articles joined by an exact copy or evidence that may make near copies,
   and occurrence ranges joined by a run, connected by large-star/small-star;
8. group: the local engine's grouping functions, one duplicate component, one range
   component, one set of articles, one article or one group a task (``grouping``);
   boilerplate passages (``--include-boilerplate``) per flagged hash;
9. write: the records, sorted as the local engine prints them, as part files; then
   ``summary.json``; then ``_SUCCESS``.

The driver holds the command line, the settings, counters and one number per partition
(to number rows in a global order): nothing that grows with the corpus.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_cli.errors import CorpusError, InputError, StoreError, UsageError, Verdict
from corpus_cli.settings import DedupeSettings
from corpus_cli.spark import tasks
from corpus_cli.spark.reading import FileSystem, read, resolve

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

LISTED_ERRORS = 1000  # errors listed by name in summary.json (all are counted)
LISTED_REASONS = 100

class OutputExistsError(CorpusError):
    """The output folder exists and ``--overwrite`` was not given."""


@dataclass
class SparkJob:
    """What a job did: ``summary.json``'s content, and where the output is."""

    output: str
    summary: dict[str, Any] = field(default_factory=dict)


def parse_conf(pairs: Sequence[str]) -> list[tuple[str, str]]:
    """``KEY=VALUE`` options as pairs."""
    out = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--conf {pair!r}: expected KEY=VALUE")
        out.append((key.strip(), value))
    return out


def dedupe_on_spark(inputs: Sequence[str], output: str,
                    settings: DedupeSettings | None = None, master: str | None = None,
                    conf: Sequence[tuple[str, str]] = (), overwrite: bool = False,
                    level: str = "all", verdict: Verdict | None = None,
                    log: Path | None = None) -> tuple[SparkJob, Verdict]:
    """Deduplicate ``inputs`` on Spark, writing the records, ``summary.json`` and
    ``_SUCCESS`` under ``output``. Unreadable inputs are counted and listed in the
    summary (and in the verdict) while the job goes on."""
    from corpus_cli.spark import session as spark_session

    verdict = verdict or Verdict()
    settings = settings or DedupeSettings()
    log = log or spark_session.log_path()
    if not inputs:
        raise UsageError("--engine spark needs the articles to compare (INPUT...)")
    if not overwrite and "://" not in output and not output.startswith("file:") \
            and os.path.lexists(output):
        # A local folder: refused before Spark starts (others are asked through Hadoop).
        raise OutputExistsError(_exists(output))
    since = spark_session.log_size(log)
    spark = spark_session.start(master, conf, log)
    try:
        return _run(spark, inputs, output, settings, overwrite, level, verdict,
                    {key for key, _value in conf})
    except CorpusError:
        raise
    except Exception as err:
        raise StoreError(spark_session.describe_failure(err, log, since)) from err
    finally:
        _stop(spark, log)


def _stop(spark: SparkSession, log: Path) -> None:
    from corpus_cli.spark.session import _output_to

    with _output_to(log):
        spark.stop()


class _Stages:
    """Wall-clock seconds of each stage, for the summary."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.monotonic()

    def done(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = round(now - self._last, 3)
        self._last = now
        if os.environ.get("CORPUS_SPARK_STAGES"):  # for benchmarks: stages as they end
            print(f"stage {name}: {self.seconds[name]:.1f} s", file=sys.stderr, flush=True)


def jvm_package(spark: SparkSession, name: str) -> Any:
    """A JVM package of the driver, through py4j."""
    package = spark.sparkContext._jvm
    for part in name.split("."):
        package = getattr(package, part)
    return package


def _kept(frame: DataFrame) -> DataFrame:
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
    kept = DataFrame(cut, spark).persist()
    kept.count()
    return kept


def _run(spark: SparkSession, inputs: Sequence[str], output: str, settings: DedupeSettings,
         overwrite: bool, level: str, verdict: Verdict, given: set[str],
         ) -> tuple[SparkJob, Verdict]:
    from pyspark.sql import functions as F

    stages = _Stages()
    jvm_fs = FileSystem(spark)
    out_uri = jvm_fs.qualified(output)
    if jvm_fs.exists(output):
        if not overwrite:
            raise OutputExistsError(_exists(output))
        jvm_fs.delete(output)
    args, missing = resolve(jvm_fs, inputs)
    for arg, reason in missing:
        verdict.error(InputError(arg, reason))
    if not args:
        raise InputError(", ".join(inputs) if len(inputs) < 4 else f"{inputs[0]}, ...",
                         "no input matches: nothing to read")
    parallel = max(2, spark.sparkContext.defaultParallelism)
    parts = 2 * parallel
    if "spark.sql.shuffle.partitions" not in given:
        # A few partitions per core; adaptive execution merges small ones.
        spark.conf.set("spark.sql.shuffle.partitions", str(2 * parts))

    records = _kept(read(spark, args, parts))
    counts = records.agg(F.count(F.lit(1)).alias("n"),
                         F.count("error").alias("errors")).collect()[0]
    stages.done("read")
    summary: dict[str, Any] = {"engine": "spark", "master": spark.sparkContext.master,
                               "inputs": list(inputs), "output": out_uri,
                               "records_read": int(counts["n"] - counts["errors"])}
    _errors(records, summary, verdict, int(counts["errors"]), missing)

    stored, current = _versions(records)
    compared = current.count()
    summary["versions_stored"] = stored.count()
    summary["articles"] = compared
    if compared < 2:
        raise StoreError(f"nothing to compare: the inputs hold {compared} article(s); "
                         "dedupe needs at least two")
    stages.done("versions")

    policy = settings.boilerplate
    paragraphs_all = _kept(stored.select("id", "version", "versions", "source",
                                         "content_hash", "pars")
                           .mapInArrow(tasks.paragraph_rows, tasks.PARAGRAPH_ROW_SCHEMA))
    furniture = _kept(_boilerplate(paragraphs_all, policy))
    stages.done("boilerplate")

    bodies = _kept(_bodies(spark, current, paragraphs_all, furniture))
    paragraphs_all.unpersist()
    records.unpersist()
    stages.done("bodies")

    paragraphs = _kept(bodies.select("doc", "first_par", "bpars", "tokens", "bounds", "npar")
                       .mapInArrow(tasks.paragraphs, tasks.PARAGRAPH_SCHEMA))
    candidates = _kept(_candidates(bodies, paragraphs, settings, parts))
    summary["candidate_pairs"] = candidates.count()
    stages.done("candidates")

    verified = _kept(_verify(candidates, paragraphs, settings, parts))
    candidates.unpersist()
    paragraphs.unpersist()
    stages.done("verify")

    from corpus_cli.spark import grouping

    found_components = grouping.components(bodies, verified, settings, level, parts, _kept,
                                           summary)
    stages.done("components")

    found = _kept(grouping.groups(bodies, verified, found_components, furniture, settings,
                                  level, _kept))
    stages.done("group")

    wanted = {"article": ["duplicate"], "passage": ["passage"]}.get(
        level, ["duplicate", "passage"])
    lines = found.where(F.col("kind").isin(wanted))
    stats = {r["kind"]: r["n"] for r in lines.groupBy("kind").agg(
        F.count(F.lit(1)).alias("n")).collect()}
    lines.orderBy(F.when(F.col("kind") == "duplicate", 0).otherwise(1), "boilerplate", "s1",
                  "s2", "s3").select("line").write.text(output)
    summary.update(duplicate_groups=int(stats.get("duplicate", 0)),
                   passage_groups=int(stats.get("passage", 0)))
    stages.done("write")
    summary["seconds"] = stages.seconds
    summary["seconds"]["total"] = round(sum(stages.seconds.values()), 3)
    jvm_fs.write(f"{output}/summary.json",
                 json.dumps(summary, ensure_ascii=False, indent=2).encode() + b"\n")
    jvm_fs.write(f"{output}/_SUCCESS", b"")
    return SparkJob(out_uri, summary), verdict


def _exists(output: str) -> str:
    return f"{output}: the output folder exists (give --overwrite to replace it)"


def _errors(records: DataFrame, summary: dict[str, Any], verdict: Verdict, count: int,
            missing: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Unreadable inputs: counted by reason, the first ``LISTED_ERRORS`` listed."""
    from pyspark.sql import functions as F

    bad = records.where(F.col("error").isNotNull())
    listed: list[tuple[str, str]] = []
    reasons: dict[str, int] = {}
    if count:  # (two small jobs, only when there is something to list)
        listed = [(r["name"], r["error"]) for r in bad.orderBy("order")
                  .select("name", "error").limit(LISTED_ERRORS).collect()]
        reasons = {r["error"]: int(r["n"]) for r in bad.groupBy("error").agg(
            F.count(F.lit(1)).alias("n")).orderBy(F.desc("n"), "error")
            .limit(LISTED_REASONS).collect()}
    for _name, reason in missing:
        reasons[reason] = reasons.get(reason, 0) + 1
    summary["errors"] = {"count": count + len(missing), "by_reason": reasons,
                         "listed": [{"name": n, "reason": r}
                                    for n, r in [*missing, *listed]][:LISTED_ERRORS]}
    for name, reason in listed:
        verdict.error(InputError(name, reason))
    return listed


def _versions(records: DataFrame) -> tuple[DataFrame, DataFrame]:
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
    stored = _kept(stored)
    current = stored.where(F.col("version") == F.col("versions"))
    seq = _numbered(current.select(F.col("order").alias("key"), F.lit(0).alias("weight")))
    current = _kept(current.join(seq.select(F.col("key").alias("order"),
                                            F.col("rank").alias("seq")), "order"))
    return stored, current


def _numbered(slim: DataFrame) -> DataFrame:
    """``key, rank, before``: each key's rank in key order, and the sum of the weights
    of the keys before it; the driver holds one pair of numbers per partition."""
    from pyspark.sql import functions as F

    ordered = _kept(slim.orderBy("key").withColumn("pid", F.spark_partition_id()))
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


def _boilerplate(paragraphs: DataFrame, policy: Any) -> DataFrame:
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


def _bodies(spark: SparkSession, current: DataFrame, paragraphs: DataFrame,
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
    made = _kept(made)
    numbers = _numbered(made.select(F.col("article_id").alias("key"),
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


def _candidates(bodies: DataFrame, paragraphs: DataFrame, settings: DedupeSettings,
                parts: int) -> DataFrame:
    """Candidate paragraph pairs worth verifying, with their articles and sizes."""
    from pyspark.sql import functions as F

    prints = _kept(bodies.select("doc", "first_par", "seq", "article_id", "path", "title",
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


def _verify(candidates: DataFrame, paragraphs: DataFrame, settings: DedupeSettings,
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


__all__ = ["OutputExistsError", "SparkJob", "dedupe_on_spark", "parse_conf"]
