"""What the Spark engine's grouping tasks run: the local engine's grouping functions on
closed pieces of the corpus, a bucket of them a call.

Duplicate groups: the pairs whose summed evidence may make near copies (``may_be_near``)
and exact copies join articles into components, each a handful of articles, grouped by
``duplicate_groups``. Passage groups: the occurrence ranges the runs join (and ranges of
one article nearly the same span) form components of ranges, each one passage's
occurrences, grouped by ``shared_spans``; ``join_runs`` joins the groups that follow each
other in the same articles (per set of articles), ``SpanFinder`` gives their character
spans (per article, with its text), and ``make_passage`` makes each group (those tasks are
in ``passage_tasks``; this module has the duplicate tasks and what both share). A component is
closed (every run, every piece of evidence, every exact copy and every nearly equal span
of its members lies inside it), so the functions give on a bucket of components what they
give on the whole corpus, and a long chain of articles sharing different passages never
lands in one task.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from corpus_cli.dedupe.duplicates import duplicate_groups, may_be_near, summed_matches
from corpus_cli.dedupe.runs import RUN, by_pair, drop_dominated
from corpus_cli.dedupe.verify import EVIDENCE
from corpus_cli.report.dedupe import duplicate_record
from corpus_cli.report.jsonl import jsonl_line
from corpus_cli.settings import DedupeSettings
from corpus_cli.spark.tasks import (
    EVIDENCE_KIND,
    FURNITURE_KIND,
    RUN_KIND,
    _batch,
    _ints,
    body_of,
    flagged_of,
)

if TYPE_CHECKING:
    import pyarrow as pa
    from numpy.typing import NDArray

OUTPUT_SCHEMA = "kind string, boilerplate int, s1 long, s2 long, s3 string, line string"
OUTPUT_NAMES = ("kind", "boilerplate", "s1", "s2", "s3", "line")


def bound(task: Callable[..., pa.Table], **settings: Any) -> Callable[[pa.Table], pa.Table]:
    """``task`` with its settings, for a grouped ``applyInArrow``: pyspark 4 cannot read
    the type hints of a ``functools.partial`` there (and fails), but can of a plain
    function."""
    def run(table: pa.Table) -> pa.Table:
        return task(table, **settings)

    return run


def _gathered(batches: Iterable[pa.RecordBatch]) -> pa.Table | None:
    import pyarrow as pa

    got = [b for b in batches if b.num_rows]
    return pa.Table.from_batches(got) if got else None


def _column(table: pa.Table, name: str) -> NDArray[np.int64]:
    values: NDArray[np.int64] = table.column(name).to_numpy().astype(np.int64)
    return values


# --- duplicate groups ----------------------------------------------------------------------

NEAR_SCHEMA = "a long, b long"


def near_candidates(batches: Iterable[pa.RecordBatch], settings: DedupeSettings,
                    ) -> Iterator[pa.RecordBatch]:
    """The article pairs of this partition (every evidence row of each: ``a, x1 = pa,
    x2 = its size, b, y1 = pb, y2 = its size, matched, words_a, words_b``) whose summed
    evidence may make them near copies."""
    table = _gathered(batches)
    if table is None:
        return
    evidence = np.empty(table.num_rows, EVIDENCE)
    for field, name in (("a", "a"), ("pa", "x1"), ("b", "b"), ("pb", "y1"),
                        ("matched", "matched")):
        evidence[field] = _column(table, name)
    a, b, matched = summed_matches(evidence, _column(table, "x2"), _column(table, "y2"))
    words = dict(zip(_column(table, "a").tolist(), _column(table, "words_a").tolist(),
                     strict=True))
    words.update(zip(_column(table, "b").tolist(), _column(table, "words_b").tolist(),
                     strict=True))
    words_a = np.array([words[d] for d in a.tolist()], np.int64)
    words_b = np.array([words[d] for d in b.tolist()], np.int64)
    keep = may_be_near(matched, words_a, words_b, settings)
    if keep.any():
        yield _batch({"a": a[keep], "b": b[keep]}, NEAR_SCHEMA)


def group_duplicates(left: pa.Table, right: pa.Table, settings: DedupeSettings,
                     ) -> pa.Table:
    """Duplicate groups among the articles of a bucket of components (``left``: their
    bodies; ``right``: the runs and evidence between them, and which of their flagged
    paragraphs are site furniture for sure, ``x2`` 1 where a pattern flags them), found by
    ``duplicate_groups`` on them alone: every near pair and exact copy of their articles
    lies inside a component, so the bucket's groups are its components' (one call for
    all of them: most components are two or three articles). Output: JSON Lines records
    with the local engine's sort keys, and the members of each group (to link
    passages)."""
    rows = sorted(left.to_pylist(), key=lambda r: r["doc"])
    detail = right.to_pylist()
    local = {row["doc"]: n for n, row in enumerate(rows)}
    made = [body_of(row) for row in rows]
    flagged = {n: f for n, f in ((n, flagged_of(row)) for n, row in enumerate(rows)) if f}
    sure = {r["x1"] for r in detail if r["kind"] == FURNITURE_KIND}
    patterned = {r["x1"] for r in detail if r["kind"] == FURNITURE_KIND and r["x2"]}

    def furniture(hashes: set[int], *, inside: bool = False) -> set[int]:
        return hashes & (patterned if inside else sure)

    run_rows = sorted((r for r in detail if r["kind"] == RUN_KIND),
                      key=lambda r: (local[r["a"]], local[r["b"]], r["gpa"], r["gpb"],
                                     r["ridx"]))
    runs = np.array([(local[r["a"]], r["x1"], r["x2"], local[r["b"]], r["y1"], r["y2"],
                      r["matched"]) for r in run_rows], RUN) if run_rows else np.empty(0, RUN)
    runs = drop_dominated(by_pair(runs))
    ev = [(local[r["a"]], r["x1"], local[r["b"]], r["y1"], r["matched"])
          for r in detail if r["kind"] == EVIDENCE_KIND]
    evidence = np.array(ev, EVIDENCE) if ev else np.empty(0, EVIDENCE)
    out = _output()
    for g in duplicate_groups(made, runs, evidence, settings, flagged, furniture):
        _emit(out, "duplicate", 0, g.members[0].seq, 0 if g.kind == "exact" else 1, g.group,
              jsonl_line(duplicate_record(g))[:-1])
        for m in g.members:
            _emit(out, "member", 0, m.seq, 0, g.group, "")
    return _table(out)


def link(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Duplicate records (``line``) with the passages found in two or more of their
    members (``linked``: ``boilerplate:seq:start:group`` of each) as their ``passages``,
    in output order, as ``link_passages`` lists them."""
    import orjson

    for batch in batches:
        if not batch.num_rows:
            continue
        columns = {n: batch.column(n) for n in OUTPUT_NAMES[:-1]}
        lines = []
        for line, linked in zip(batch.column("line").to_pylist(),
                                batch.column("linked").to_pylist(), strict=True):
            if linked:
                record = orjson.loads(line)
                record["passages"] += [g for *_keys, g in sorted(
                    (int(b), int(s), int(t), g) for b, s, t, g in
                    (x.split(":", 3) for x in linked))]
                line = jsonl_line(record)[:-1]
            lines.append(line)
        yield _batch({**columns, "line": lines}, OUTPUT_SCHEMA)


FLAGGED_SCHEMA = ("hash long, doc long, seq long, article_id string, path string, "
                  "title string, date string, start long, end long, ptext string")


def flagged_rows(batches: Iterable[pa.RecordBatch], with_text: bool,
                 ) -> Iterator[pa.RecordBatch]:
    """One row per paragraph each body keeps aside as boilerplate (with its text when
    ``with_text``)."""
    names = ("hash", "doc", "seq", "article_id", "path", "title", "date", "start", "end",
             "ptext")
    for batch in batches:
        out: dict[str, list[Any]] = {k: [] for k in names}
        for row in batch.to_pylist():
            for start, end, h in _ints(row["flagged"], width=3).tolist():
                values = (h, row["doc"], row["seq"], row["article_id"], row["path"],
                          row["title"], row["date"], start, end,
                          row["text"][start:end] if with_text else None)
                for key, value in zip(names, values, strict=True):
                    out[key].append(value)
        yield _batch(out, FLAGGED_SCHEMA)


def _by(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows by their ``key`` (a bucket holds several components, articles or groups)."""
    out: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(row)
    return out


# --- output rows ---------------------------------------------------------------------------

def _output() -> dict[str, list[Any]]:
    return {k: [] for k in OUTPUT_NAMES}


def _emit(out: dict[str, list[Any]], kind: str, boilerplate: int, s1: int, s2: int,
          s3: str, line: str) -> None:
    for key, value in zip(OUTPUT_NAMES, (kind, boilerplate, s1, s2, s3, line), strict=True):
        out[key].append(value)


def _schema(ddl: str) -> pa.Schema:
    from corpus_cli.spark.tasks import arrow_schema

    return arrow_schema(ddl)


def _table(out: dict[str, list[Any]]) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pydict(out, schema=_schema(OUTPUT_SCHEMA))
