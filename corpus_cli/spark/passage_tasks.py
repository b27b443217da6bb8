"""What the Spark engine's passage grouping tasks run: ``shared_spans`` per bucket of
components of occurrence ranges, ``join_runs`` per set of articles, ``SpanFinder`` per
article (with its text), ``make_passage`` per group, and ``boilerplate_groups`` per
flagged paragraph hash (``group_tasks`` says why a bucket of components gives what the
whole corpus gives).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from corpus_cli.clusters import same_spans
from corpus_cli.dedupe.passages import (
    SpanFinder,
    boilerplate_groups,
    join_runs,
    make_passage,
    shared_spans,
)
from corpus_cli.dedupe.runs import RUN, AdjacentTest, drop_dominated
from corpus_cli.digest import blake2b
from corpus_cli.index.bodies import Body
from corpus_cli.models import PassageGroup
from corpus_cli.report.dedupe import passage_record
from corpus_cli.report.jsonl import jsonl_line
from corpus_cli.settings import DedupeSettings
from corpus_cli.spark.group_tasks import (
    _by,
    _column,
    _emit,
    _gathered,
    _output,
    _schema,
    _table,
)
from corpus_cli.spark.tasks import _batch, _ints, _new, body_of
from corpus_cli.store.records import Flagged

if TYPE_CHECKING:
    import pyarrow as pa

RANGE_BITS = 24  # a range's node: -1 - (its article's number above, its rank in it below)


PAIR_RUN_SCHEMA = "a long, x1 long, x2 long, b long, y1 long, y2 long, matched long"
PAIR_RUN_COLUMNS = ("a", "x1", "x2", "b", "y1", "y2", "matched")
RUN_FIELDS = ("a", "a_lo", "a_hi", "b", "b_lo", "b_hi", "matched")


def kept_runs(batches: Iterable[pa.RecordBatch], settings: DedupeSettings,
              ) -> Iterator[pa.RecordBatch]:
    """This partition's runs (all those of each of its article pairs), ordered as the
    local engine orders a pair's runs, without those inside bigger ones of their pair
    (``drop_dominated``), and long enough to be passages."""
    table = _gathered(batches)
    if table is None:
        return
    cols = {n: _column(table, n) for n in ("a", "x1", "x2", "b", "y1", "y2", "matched",
                                           "gpa", "gpb", "ridx")}
    order = np.lexsort((cols["ridx"], cols["gpb"], cols["gpa"], cols["b"], cols["a"]))
    runs = np.empty(len(order), RUN)
    for field, name in zip(RUN_FIELDS, PAIR_RUN_COLUMNS, strict=True):
        runs[field] = cols[name][order]
    runs = drop_dominated(runs)
    long_enough = np.minimum(runs["a_hi"] - runs["a_lo"],
                             runs["b_hi"] - runs["b_lo"]) >= settings.min_words
    runs = runs[long_enough]
    if len(runs):
        yield _batch({name: runs[field] for field, name in
                      zip(RUN_FIELDS, PAIR_RUN_COLUMNS, strict=True)}, PAIR_RUN_SCHEMA)


RANGE_SCHEMA = "kind int, doc long, lo long, hi long, node long, other long"
RANGE, SAME_SPAN = 0, 1


def article_ranges(table: pa.Table, same_span: float) -> pa.Table:
    """The occurrence ranges of a bucket of articles (``doc, lo, hi``, repeated), each
    once with its node number (kind 0, negative), and the pairs of ranges of one article
    that are nearly the same span (kind 1: ``node, other``), as ``shared_spans`` joins
    them."""
    import pyarrow as pa

    rows = np.unique(np.stack([_column(table, c) for c in ("doc", "lo", "hi")], axis=1),
                     axis=0)  # sorted by article, then lo, then hi
    doc, lo, hi = rows[:, 0], rows[:, 1], rows[:, 2]
    first = np.flatnonzero(np.concatenate(([True], doc[1:] != doc[:-1])))
    rank = np.arange(len(doc)) - np.repeat(first, np.diff(np.append(first, len(doc))))
    if len(doc) and (rank.max() >= 1 << RANGE_BITS or doc.max() >= 1 << (62 - RANGE_BITS)):
        raise ValueError(f"{int(rank.max()) + 1} passage ranges in one article, or "
                         f"{int(doc.max()) + 1} articles: more than the engine numbers")
    # Negative: range nodes share the components pass with articles (nodes 0, 1, ...).
    node = -1 - ((doc << RANGE_BITS) | rank)
    i, j = same_spans(doc, lo, hi, same_span)
    n, m = len(lo), len(i)
    return pa.Table.from_pydict({
        "kind": np.concatenate((np.full(n, RANGE, np.int32), np.full(m, SAME_SPAN, np.int32))),
        "doc": np.concatenate((doc, doc[i])),
        "lo": np.concatenate((lo, np.zeros(m, np.int64))),
        "hi": np.concatenate((hi, np.zeros(m, np.int64))),
        "node": np.concatenate((node, node[i])),
        "other": np.concatenate((np.zeros(n, np.int64), node[j])),
    }, schema=_schema(RANGE_SCHEMA))


SPANS_SCHEMA = ("gid string, docs string, spans binary, lowest double, adjacency binary")


def component_passages(left: pa.Table, right: pa.Table, settings: DedupeSettings,
                       ) -> pa.Table:
    """The passage groups of a bucket of components of ranges (``left``: the bodies of
    their articles, without text; ``right``: their runs), by
    ``shared_spans`` on them alone: a component is closed (every run and every nearly
    equal span of its ranges is in it), so the bucket's groups are its components' (one
    call for all of them: most components are one run). Each group: an id, its articles
    when it holds one span in each (``join_runs`` may join it to the next), its spans
    ``(doc, lo, hi)``, its lowest similarity, and what ``AdjacentTest`` needs of each of
    its articles."""
    import pyarrow as pa

    out: dict[str, list[Any]] = {k: [] for k in ("gid", "docs", "spans", "lowest",
                                                  "adjacency")}
    rows = sorted(left.to_pylist(), key=lambda r: r["doc"])
    docs = [r["doc"] for r in rows]
    local = {d: n for n, d in enumerate(docs)}
    made = [body_of(row) for row in rows]
    runs = np.array([(local[r["a"]], r["x1"], r["x2"], local[r["b"]], r["y1"], r["y2"],
                      r["matched"]) for r in right.to_pylist()], RUN)
    for spans, lowest in shared_spans(made, runs, settings):
        single = all(len(s) == 1 for s in spans.values())
        blob = _spans_blob({docs[d]: s for d, s in spans.items()})
        out["gid"].append(_gid(blob))
        out["docs"].append(",".join(str(docs[d]) for d in sorted(spans)) if single else None)
        out["spans"].append(blob)
        out["lowest"].append(float(lowest))
        out["adjacency"].append(_adjacency_blob(made, docs, spans) if single else None)
    return pa.Table.from_pydict(out, schema=_schema(SPANS_SCHEMA))


def _gid(blob: bytes) -> str:
    """A group's key while it is being made: its spans' digest (no two groups have the
    same spans)."""
    return blake2b(blob, digest_size=16).hexdigest()


def _spans_blob(spans: dict[int, list[tuple[int, int]]]) -> bytes:
    return np.array([(d, lo, hi) for d in sorted(spans) for lo, hi in spans[d]],
                    np.int64).tobytes()


def _spans_of(blob: bytes) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for d, lo, hi in _ints(blob, width=3).tolist():
        spans.setdefault(d, []).append((lo, hi))
    return spans


def _adjacency_blob(made: list[Body], docs: list[int],
                    spans: dict[int, list[tuple[int, int]]]) -> bytes:
    """Per article: its number, its paragraphs' token bounds and stored indexes."""
    values: list[int] = []
    for d in sorted(spans):
        body = made[d]
        values += [docs[d], len(body.paragraphs), *body.bounds,
                   *(p.idx for p in body.paragraphs)]
    return np.array(values, np.int64).tobytes()


def _adjacency_of(blob: bytes, gap: int) -> dict[int, AdjacentTest]:
    values = _ints(blob).tolist()
    tests, at = {}, 0
    while at < len(values):
        doc, n = values[at], values[at + 1]
        bounds = values[at + 2 : at + 3 + n]
        idx = values[at + 3 + n : at + 3 + 2 * n]
        tests[doc] = AdjacentTest(bounds, idx, gap)
        at += 3 + 2 * n
    return tests


JOINED_SCHEMA = "gid string, spans binary, lowest double"


def joined_runs(table: pa.Table, gap: int) -> pa.Table:
    """Groups holding one span in each of the same articles (``docs``, several sets of
    articles a bucket), joined where they follow each other closely in all of them
    (``join_runs``)."""
    import pyarrow as pa

    out: dict[str, list[Any]] = {"gid": [], "spans": [], "lowest": []}
    for rows in _by(table.to_pylist(), "docs").values():
        tests = _adjacency_of(rows[0]["adjacency"], gap)
        groups = [(_spans_of(row["spans"]), row["lowest"]) for row in rows]
        for spans, lowest in join_runs(groups, tests.__getitem__):
            blob = _spans_blob(spans)
            out["gid"].append(_gid(blob))
            out["spans"].append(blob)
            out["lowest"].append(float(lowest))
    return pa.Table.from_pydict(out, schema=_schema(JOINED_SCHEMA))


OCCURRENCE_SPAN_SCHEMA = "gid string, lowest double, doc long, lo long, hi long"


def occurrences(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Groups (``gid, spans, lowest``) as one row per span, to be located."""
    for batch in batches:
        out: dict[str, list[Any]] = {k: [] for k in ("gid", "lowest", "doc", "lo", "hi")}
        for gid, blob, lowest in zip(batch.column("gid").to_pylist(),
                                     batch.column("spans").to_pylist(),
                                     batch.column("lowest").to_pylist(), strict=True):
            for doc, lo, hi in _ints(blob, width=3).tolist():
                for key, value in zip(out, (gid, lowest, doc, lo, hi), strict=True):
                    out[key].append(value)
        yield _batch(out, OCCURRENCE_SPAN_SCHEMA)


OCCURRENCE_SCHEMA = ("gid string, lowest double, doc long, seq long, article_id string, "
                     "path string, title string, date string, start long, end long, "
                     "words long, text string")
OCCURRENCE_NAMES = tuple(part.split()[0] for part in OCCURRENCE_SCHEMA.split(","))


def locate(left: pa.Table, right: pa.Table) -> pa.Table:
    """Each article's occurrences (``right``: ``doc, gid, lowest, lo, hi``), their
    character spans and text in its body (``left``: the bodies, with their texts, of a
    bucket of articles, those without occurrences too), as ``passage_groups`` locates
    them."""
    import pyarrow as pa

    out: dict[str, list[Any]] = {k: [] for k in OCCURRENCE_NAMES}
    wanted = _by(right.to_pylist(), "doc")
    docs = left.column("doc").to_pylist()
    for n in (n for n, doc in enumerate(docs) if doc in wanted):
        row = left.slice(n, 1).to_pylist()[0]  # one text in memory at a time
        finder = SpanFinder(body_of(row))
        for occ in wanted[row["doc"]]:
            start, end = finder.span(occ["lo"], occ["hi"])
            values = (occ["gid"], occ["lowest"], row["doc"], row["seq"], row["article_id"],
                      row["path"], row["title"], row["date"], start, end,
                      occ["hi"] - occ["lo"], finder.text[start:end])
            for key, value in zip(OCCURRENCE_NAMES, values, strict=True):
                out[key].append(value)
    return pa.Table.from_pydict(out, schema=_schema(OCCURRENCE_SCHEMA))


def passage(table: pa.Table) -> pa.Table:
    """The passage groups of a bucket from their located occurrences (``make_passage``):
    each one's record, with the local engine's sort keys, and the articles it occurs in
    (to link it to their duplicate groups)."""
    out = _output()
    for rows in _by(table.to_pylist(), "gid").values():
        _passage_rows(out, _passage(rows), 0)
    return _table(out)


def _passage(rows: list[dict[str, Any]]) -> PassageGroup:
    rows.sort(key=lambda r: (r["doc"], r["start"]))
    docs = sorted({r["doc"] for r in rows})
    local = {d: n for n, d in enumerate(docs)}
    made: list[Body | None] = [None] * len(docs)
    for r in rows:
        if made[local[r["doc"]]] is None:
            made[local[r["doc"]]] = _stub(r)
    found = [(local[r["doc"]], r["start"], r["end"], r["words"], r["text"]) for r in rows]
    return make_passage(found, [b for b in made if b is not None], rows[0]["lowest"])


def _stub(row: dict[str, Any]) -> Body:
    """A body with what a group's record and order need of it (no text, no tokens)."""
    return Body(row["seq"], row["article_id"], row["path"], row["title"], row["date"], [],
                np.empty(0, np.uint32), [0], 0)


def _passage_rows(out: dict[str, list[Any]], group: PassageGroup, boilerplate: int) -> None:
    first = group.occurrences[0]
    _emit(out, "passage", boilerplate, first.seq, first.start, group.group,
          jsonl_line(passage_record(group))[:-1])
    for seq in sorted({o.seq for o in group.occurrences}):
        _emit(out, "occurs", boilerplate, seq, first.seq, group.group, str(first.start))


def boilerplate_group(table: pa.Table) -> pa.Table:
    """The boilerplate passage of one flagged paragraph hash (``boilerplate_groups`` on
    the articles carrying it), with the articles it occurs in (to link it to their
    duplicate groups)."""
    rows = sorted(table.to_pylist(), key=lambda r: (r["doc"], r["start"]))
    docs = sorted({r["doc"] for r in rows})
    local = {d: n for n, d in enumerate(docs)}
    made, aside = [], {}
    for d in docs:
        mine = [r for r in rows if r["doc"] == d]
        first = mine[0]
        # The body's text, as far as these spans need it: blanks elsewhere.
        end = max(r["end"] for r in mine)
        chars = [" "] * end
        for r in mine:
            chars[r["start"] : r["end"]] = r["ptext"]
        made.append(Body(first["seq"], first["article_id"], first["path"], first["title"],
                         first["date"], [], np.empty(0, np.uint32), [0], 0, "".join(chars)))
        aside[local[d]] = [_new(Flagged, (r["start"], r["end"], r["hash"])) for r in mine]
    out = _output()
    for group in boilerplate_groups(made, aside):
        _passage_rows(out, group, 1)
    return _table(out)


