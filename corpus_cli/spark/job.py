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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_cli.errors import CorpusError, InputError, StoreError, UsageError, Verdict
from corpus_cli.settings import DedupeSettings
from corpus_cli.spark import stages, tasks
from corpus_cli.spark.reading import FileSystem, read, resolve
from corpus_cli.spark.stages import kept

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




def _run(spark: SparkSession, inputs: Sequence[str], output: str, settings: DedupeSettings,
         overwrite: bool, level: str, verdict: Verdict, given: set[str],
         ) -> tuple[SparkJob, Verdict]:
    from pyspark.sql import functions as F

    clock = _Stages()
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

    records = kept(read(spark, args, parts))
    counts = records.agg(F.count(F.lit(1)).alias("n"),
                         F.count("error").alias("errors")).collect()[0]
    clock.done("read")
    summary: dict[str, Any] = {"engine": "spark", "master": spark.sparkContext.master,
                               "inputs": list(inputs), "output": out_uri,
                               "records_read": int(counts["n"] - counts["errors"])}
    _errors(records, summary, verdict, int(counts["errors"]), missing)

    stored, current = stages.versions(records)
    compared = current.count()
    summary["versions_stored"] = stored.count()
    summary["articles"] = compared
    if compared < 2:
        raise StoreError(f"nothing to compare: the inputs hold {compared} article(s); "
                         "dedupe needs at least two")
    clock.done("versions")

    policy = settings.boilerplate
    paragraphs_all = kept(stored.select("id", "version", "versions", "source",
                                        "content_hash", "pars")
                          .mapInArrow(tasks.paragraph_rows, tasks.PARAGRAPH_ROW_SCHEMA))
    furniture = kept(stages.boilerplate(paragraphs_all, policy))
    clock.done("boilerplate")

    bodies = kept(stages.bodies(spark, current, paragraphs_all, furniture))
    paragraphs_all.unpersist()
    records.unpersist()
    clock.done("bodies")

    paragraphs = kept(bodies.select("doc", "first_par", "bpars", "tokens", "bounds", "npar")
                      .mapInArrow(tasks.paragraphs, tasks.PARAGRAPH_SCHEMA))
    candidates = kept(stages.candidates(bodies, paragraphs, settings, parts))
    summary["candidate_pairs"] = candidates.count()
    clock.done("candidates")

    verified = kept(stages.verify(candidates, paragraphs, settings, parts))
    candidates.unpersist()
    paragraphs.unpersist()
    clock.done("verify")

    from corpus_cli.spark import grouping

    found_components = grouping.components(bodies, verified, settings, level, parts, kept,
                                           summary)
    clock.done("components")

    found = kept(grouping.groups(bodies, verified, found_components, furniture, settings,
                                 level, kept))
    clock.done("group")

    wanted = {"article": ["duplicate"], "passage": ["passage"]}.get(
        level, ["duplicate", "passage"])
    lines = found.where(F.col("kind").isin(wanted))
    stats = {r["kind"]: r["n"] for r in lines.groupBy("kind").agg(
        F.count(F.lit(1)).alias("n")).collect()}
    lines.orderBy(F.when(F.col("kind") == "duplicate", 0).otherwise(1), "boilerplate", "s1",
                  "s2", "s3").select("line").write.text(output)
    summary.update(duplicate_groups=int(stats.get("duplicate", 0)),
                   passage_groups=int(stats.get("passage", 0)))
    clock.done("write")
    summary["seconds"] = clock.seconds
    summary["seconds"]["total"] = round(sum(clock.seconds.values()), 3)
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


__all__ = ["OutputExistsError", "SparkJob", "dedupe_on_spark", "parse_conf"]
