"""What the Spark engine's tasks run: the library's own dedupe stages over Arrow batches.

Each function here takes and gives Arrow record batches (``mapInArrow``) or tables
(``applyInArrow``) and calls the functions the local engine calls: ``make_bodies`` and
``local_prints`` (tokens and fingerprints), ``count_shared``, ``combine`` and
``worth_verifying`` (the candidate rules, on the postings of the fingerprints a shuffle
brought together), ``verify_many`` and ``pair_rows`` (verification); grouping's tasks
are in ``group_tasks``. Nothing here keeps state between tasks: a task sees its inputs
and its settings, which travel with it.

Numbers that must be global are computed by Spark before a task needs them: an
article's position in article-id order (``doc``, the local engine's body order), its
first paragraph's global number (``gp``), and its ingest order (``seq``). A task that
holds a subset of them renumbers them densely in the same order, so every ordering the
stages rely on (hubs of a fingerprint, the earliest member, ties) is the local one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from corpus_cli.dedupe.candidates import (
    EXACT,
    combine,
    count_shared,
    split_pairs,
    worth_verifying,
)
from corpus_cli.dedupe.corpus import local_prints
from corpus_cli.dedupe.verify import pair_rows, verify_many
from corpus_cli.index.bodies import Body, BodySource, BodyTable
from corpus_cli.index.make import make_bodies
from corpus_cli.index.tokens import as_text
from corpus_cli.settings import DedupeSettings
from corpus_cli.store.records import BodyParagraph, Flagged
from corpus_cli.text.frequency import BoilerplatePolicy

if TYPE_CHECKING:
    import pyarrow as pa
    from numpy.typing import NDArray

_new = tuple.__new__

# Rows of verification: runs (kind 0: a, a_lo, a_hi, b, b_lo, b_hi, matched, and the
# paragraph pair and region they come from, which order a pair's runs as the local
# engine orders them) and evidence (kind 1: a, pa, size of pa, b, pb, size of pb,
# matched).
VERIFIED_SCHEMA = ("kind int, a long, x1 long, x2 long, b long, y1 long, y2 long, "
                   "matched long, gpa long, gpb long, ridx long")
RUN_KIND, EVIDENCE_KIND, FURNITURE_KIND = 0, 1, 2
OUTPUT_SCHEMA = "kind string, boilerplate int, s1 long, s2 long, s3 string, line string"


_TYPES = {"long": "int64", "int": "int32", "string": "string", "binary": "binary",
          "boolean": "bool_", "double": "float64"}


def arrow_schema(ddl: str) -> pa.Schema:
    """The Arrow schema of a Spark DDL string of ``name type`` pairs (the types above)."""
    import pyarrow as pa

    fields = [part.split() for part in ddl.split(",")]
    return pa.schema([(name, getattr(pa, _TYPES[kind])()) for name, kind in fields])


def _batch(columns: dict[str, Any], ddl: str) -> pa.RecordBatch:
    import pyarrow as pa

    schema = arrow_schema(ddl)

    def column(values: Any, kind: pa.DataType) -> pa.Array:
        if isinstance(values, pa.Array):
            return values.cast(kind)
        return pa.array(values, type=kind)

    return pa.RecordBatch.from_arrays([column(columns[f.name], f.type) for f in schema],
                                      schema=schema)


def _ints(data: bytes | None, dtype: type = np.int64, width: int = 1) -> NDArray[Any]:
    array: NDArray[Any] = np.frombuffer(data or b"", dtype)
    return array.reshape(-1, width) if width > 1 else array


# --- articles to bodies ---------------------------------------------------------------

BODY_SCHEMA = ("article_id string, seq long, path string, title string, date string, "
               "text string, body_hash long, words long, npar long, bpars binary, "
               "flagged binary, tokens binary, bounds binary")


def bodies(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Current versions (``id, seq, path, title, date, text, pars, bp_idx``: the
    paragraphs whose hashes are compared as boilerplate) tokenised into bodies, as
    ``Corpus.extend`` makes them from the store's rows."""
    for batch in batches:
        rows = batch.to_pylist()
        sources, flagged = [], []
        for row in rows:
            aside = set(row["bp_idx"] or ())
            body: list[BodyParagraph] = []
            side: list[tuple[int, int, int]] = []
            for idx, start, end, h, _words, _pattern in _ints(row["pars"], width=6).tolist():
                if idx in aside:
                    side.append((start, end, h))
                else:
                    body.append(_new(BodyParagraph, (idx, start, end, h)))
            sources.append(BodySource(row["seq"], row["id"], row["path"], row["title"],
                                      row["date"], row["text"], body))
            flagged.append(side)
        made = make_bodies(sources, keep_stored_text=True)
        yield _batch({
            "article_id": [b.article_id for b in made], "seq": [b.key for b in made],
            "path": [b.path for b in made], "title": [b.title for b in made],
            "date": [b.date for b in made], "text": [b.text for b in made],
            "body_hash": [b.body_hash for b in made], "words": [b.words for b in made],
            "npar": [len(b.paragraphs) for b in made],
            "bpars": [np.array(b.paragraphs, np.int64).tobytes() for b in made],
            "flagged": [np.array(f, np.int64).tobytes() for f in flagged],
            "tokens": [b.tokens.astype(np.uint32).tobytes() for b in made],
            "bounds": [np.array(b.bounds, np.int64).tobytes() for b in made],
        }, BODY_SCHEMA)


def body_of(row: dict[str, Any], key: int | None = None) -> Body:
    """A body back from its row (with its text)."""
    paragraphs = [_new(BodyParagraph, p) for p in _ints(row["bpars"], width=4).tolist()]
    return Body(row["seq"] if key is None else key, row["article_id"], row["path"],
                row["title"], row["date"], paragraphs, _ints(row["tokens"], np.uint32),
                _ints(row["bounds"]).tolist(), row["body_hash"], row.get("text"))


def flagged_of(row: dict[str, Any]) -> list[Flagged]:
    return [_new(Flagged, f) for f in _ints(row["flagged"], width=3).tolist()]


# --- dense numbers in a global order -------------------------------------------------

NUMBERED_SCHEMA = "key string, rank long, before long"
SIZES_SCHEMA = "pid int, rows long, weight long"

def numbered(batches: Iterable[pa.RecordBatch], offsets: dict[int, tuple[int, int]],
             ) -> Iterator[pa.RecordBatch]:
    """Rows of a sorted table (``key, weight, pid``: the partition each lies in) with
    their rank and the sum of the weights before them, over the whole table: ``offsets``
    gives each partition's first rank and weight (a number per partition)."""
    started = False
    rank = weight = 0
    for batch in batches:
        if not batch.num_rows:
            continue
        pids = batch.column("pid").to_numpy()
        if not started:
            rank, weight = offsets[int(pids[0])]
            started = True
        w = batch.column("weight").to_numpy().astype(np.int64)
        before = weight + np.concatenate(([0], np.cumsum(w)[:-1]))
        ranks = rank + np.arange(batch.num_rows, dtype=np.int64)
        rank += batch.num_rows
        weight += int(w.sum())
        yield _batch({"key": batch.column("key"), "rank": ranks, "before": before},
                     NUMBERED_SCHEMA)


def partition_sizes(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """How many rows, and how much weight, each partition holds (``pid, weight``)."""
    counts: dict[int, list[int]] = {}
    for batch in batches:
        pids = batch.column("pid").to_numpy()
        weights = batch.column("weight").to_numpy()
        for pid in np.unique(pids).tolist():
            mine = pids == pid
            entry = counts.setdefault(pid, [0, 0])
            entry[0] += int(mine.sum())
            entry[1] += int(weights[mine].sum())
    yield _batch({"pid": list(counts), "rows": [c[0] for c in counts.values()],
                  "weight": [c[1] for c in counts.values()]}, SIZES_SCHEMA)


# --- fingerprints, and the paragraphs verification reads -----------------------------

POSTING_SCHEMA = "fp long, gp long, doc long, size long"
PARAGRAPH_SCHEMA = ("gp long, doc long, pos long, off long, size long, exact long, "
                    "tokens binary")


def postings(batches: Iterable[pa.RecordBatch], settings: DedupeSettings,
             ) -> Iterator[pa.RecordBatch]:
    """Every body's sampled fingerprints (``local_prints``), with the global number,
    article and size of the paragraph each lies in."""
    for batch in batches:
        rows = batch.to_pylist()
        if not rows:
            continue
        made = [body_of(row) for row in rows]
        counts = np.array([len(b.paragraphs) for b in made], np.int64)
        sizes = np.concatenate([np.diff(np.array(b.bounds, np.int64)) for b in made]) \
            if made else np.empty(0, np.int64)
        local_first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        fp, par = local_prints(BodyTable.of(made), settings.fingerprints, sizes)
        par = par.astype(np.int64)
        body = np.repeat(np.arange(len(made)), counts)[par]
        gp = np.array([r["first_par"] for r in rows], np.int64)[body] + par - local_first[body]
        doc = np.array([r["doc"] for r in rows], np.int64)[body]
        yield _batch({"fp": fp.view(np.int64), "gp": gp, "doc": doc, "size": sizes[par]},
                     POSTING_SCHEMA)


def paragraphs(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Every body paragraph: its global number, article, position, first token in its
    body, size, normalised hash (exact copies) and tokens."""
    for batch in batches:
        out: dict[str, list[Any]] = {k: [] for k in
                                     ("gp", "doc", "pos", "off", "size", "exact", "tokens")}
        for row in batch.to_pylist():
            tokens = _ints(row["tokens"], np.uint32)
            bounds = _ints(row["bounds"]).tolist()
            hashes = _ints(row["bpars"], width=4)[:, 3].tolist() if row["npar"] else []
            for pos, h in enumerate(hashes):
                lo, hi = bounds[pos], bounds[pos + 1]
                out["gp"].append(row["first_par"] + pos)
                out["doc"].append(row["doc"])
                out["pos"].append(pos)
                out["off"].append(lo)
                out["size"].append(hi - lo)
                out["exact"].append(h)
                out["tokens"].append(tokens[lo:hi].tobytes())
        yield _batch(out, PARAGRAPH_SCHEMA)


# --- candidates ------------------------------------------------------------------------

PAIR_SCHEMA = "gpa long, da long, sa long, gpb long, db long, sb long, shared long, rare boolean"


def _gathered(batches: Iterable[pa.RecordBatch], names: tuple[str, ...],
              ) -> dict[str, NDArray[np.int64]]:
    import pyarrow as pa

    table = pa.Table.from_batches(list(batches))
    return {n: (table.column(n).to_numpy() if table.num_rows else np.empty(0, np.int64))
            for n in names}


def _local(gp: NDArray[np.int64], doc: NDArray[np.int64], size: NDArray[np.int64],
           ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64],
                      NDArray[np.int64]]:
    """Global paragraph numbers renumbered densely, in the same order: (the distinct
    numbers, each posting's local number, and each local number's article and size)."""
    distinct, first, local = np.unique(gp, return_index=True, return_inverse=True)
    return distinct, local.astype(np.int64), doc[first], size[first]


def _pair_rows(pairs: NDArray[np.uint64], distinct: NDArray[np.int64],
               docs: NDArray[np.int64], sizes: NDArray[np.int64],
               shared: NDArray[Any], rare: NDArray[np.bool_]) -> pa.RecordBatch:
    a, b = split_pairs(pairs)
    return _batch({"gpa": distinct[a], "da": docs[a], "sa": sizes[a],
                   "gpb": distinct[b], "db": docs[b], "sb": sizes[b],
                   "shared": shared.astype(np.int64), "rare": rare}, PAIR_SCHEMA)


def fingerprint_pairs(batches: Iterable[pa.RecordBatch], bits: int,
                      settings: DedupeSettings) -> Iterator[pa.RecordBatch]:
    """Counted paragraph pairs of the fingerprints this partition holds, whole (every
    posting of each): ``count_shared`` on them, by the rules of a full pass. Keys are
    fingerprints cut to their bits above ``bits``, as the local engine's sort cuts them
    (``candidates._sorted_postings``)."""
    got = _gathered(batches, ("key", "gp", "doc", "size"))
    if len(got["key"]) < 2:
        return
    distinct, local, docs, sizes = _local(got["gp"], got["doc"], got["size"])
    keys = got["key"].astype(np.uint64) << np.uint64(bits)
    pairs, counts, rare = count_shared(keys, local, docs, settings)
    if len(pairs):
        yield _pair_rows(pairs, distinct, docs, sizes, counts, rare)


def exact_pairs(batches: Iterable[pa.RecordBatch], bits: int,
                settings: DedupeSettings) -> Iterator[pa.RecordBatch]:
    """Pairs of paragraphs equal word for word (in ``max_df`` or fewer paragraphs),
    from ``combine``; paragraphs repeated more often pair with their first as a star,
    in Spark (``job``)."""
    got = _gathered(batches, ("key", "gp", "doc", "size"))
    if len(got["key"]) < 2:
        return
    distinct, local, docs, sizes = _local(got["gp"], got["doc"], got["size"])
    keys = (got["key"].astype(np.uint64) << np.uint64(bits)).view(np.int64)
    pairs, shared, rare = combine([], keys, local, docs, settings.max_df)
    if len(pairs):
        yield _pair_rows(pairs, distinct, docs, sizes, shared, rare)


def worth(batches: Iterable[pa.RecordBatch], settings: DedupeSettings,
          ) -> Iterator[pa.RecordBatch]:
    """The candidate pairs ``worth_verifying`` keeps."""
    for batch in batches:
        n = batch.num_rows
        if not n:
            continue
        sizes = np.empty(2 * n, np.int64)
        sizes[0::2] = batch.column("sa").to_numpy()
        sizes[1::2] = batch.column("sb").to_numpy()
        at = np.arange(n, dtype=np.uint64)
        packed = (2 * at) << np.uint64(32) | (2 * at + np.uint64(1))
        kept = worth_verifying(packed, batch.column("shared").to_numpy().astype(np.int64),
                               batch.column("rare").to_numpy(zero_copy_only=False),
                               sizes, settings)
        rows = (kept >> np.uint64(33)).astype(np.int64)
        if len(rows):
            yield batch.take(rows)


EXACT_SHARED = EXACT


# --- verification ----------------------------------------------------------------------

def verify(batches: Iterable[pa.RecordBatch], settings: DedupeSettings,
           ) -> Iterator[pa.RecordBatch]:
    """Candidate pairs verified word by word (``verify_many``), as run and evidence rows
    in body coordinates (``pair_rows``)."""
    for batch in batches:
        if not batch.num_rows:
            continue
        cols = {n: batch.column(n) for n in batch.schema.names}
        ta = [as_text(np.frombuffer(t, np.uint32)) for t in cols["ta"].to_pylist()]
        tb = [as_text(np.frombuffer(t, np.uint32)) for t in cols["tb"].to_pylist()]
        verified = verify_many(ta, tb, settings)
        get = {n: cols[n].to_numpy() for n in ("gpa", "gpb", "da", "db", "pa", "pb", "oa",
                                               "ob")}
        oa, ob = get["oa"].tolist(), get["ob"].tolist()
        runs, evidence, which = pair_rows(verified, get["da"], get["pa"], get["db"],
                                          get["pb"], partial(_offsets, oa, ob))
        ridx = np.zeros(len(which), np.int64)
        if len(which):  # a region's place among its pair's regions
            starts = np.flatnonzero(np.concatenate(([True], which[1:] != which[:-1])))
            ridx = np.arange(len(which)) - np.repeat(starts, np.diff(
                np.append(starts, len(which))))
        n_e = len(evidence)
        # Evidence rows carry their paragraphs' sizes: pairs are summed before bodies meet.
        size = dict(zip(zip(get["da"].tolist(), get["pa"].tolist(), strict=True),
                        (len(t) // 4 for t in cols["ta"].to_pylist()), strict=True))
        size.update(zip(zip(get["db"].tolist(), get["pb"].tolist(), strict=True),
                        (len(t) // 4 for t in cols["tb"].to_pylist()), strict=True))
        size_a = [size[k] for k in zip(evidence["a"].tolist(), evidence["pa"].tolist(),
                                       strict=True)]
        size_b = [size[k] for k in zip(evidence["b"].tolist(), evidence["pb"].tolist(),
                                       strict=True)]
        yield _batch({
            "kind": np.concatenate((np.full(len(runs), RUN_KIND, np.int32),
                                    np.full(n_e, EVIDENCE_KIND, np.int32))),
            "a": np.concatenate((runs["a"], evidence["a"])),
            "x1": np.concatenate((runs["a_lo"], evidence["pa"])),
            "x2": np.concatenate((runs["a_hi"], np.array(size_a, np.int64))),
            "b": np.concatenate((runs["b"], evidence["b"])),
            "y1": np.concatenate((runs["b_lo"], evidence["pb"])),
            "y2": np.concatenate((runs["b_hi"], np.array(size_b, np.int64))),
            "matched": np.concatenate((runs["matched"], evidence["matched"])),
            "gpa": np.concatenate((get["gpa"][which], np.zeros(n_e, np.int64))),
            "gpb": np.concatenate((get["gpb"][which], np.zeros(n_e, np.int64))),
            "ridx": np.concatenate((ridx, np.zeros(n_e, np.int64))),
        }, VERIFIED_SCHEMA)


def _offsets(oa: list[int], ob: list[int], i: int) -> tuple[int, int]:
    return oa[i], ob[i]


def record_batch(rows: list[dict[str, Any]], names: list[str], ddl: str) -> pa.RecordBatch:
    """Rows (dicts) as one batch of the schema ``ddl``."""
    return _batch({n: [r[n] for r in rows] for n in names}, ddl)


def _array(values: list[str]) -> pa.Array:
    import pyarrow as pa

    return pa.array(values, pa.string())


# --- paragraphs of stored versions, and boilerplate policy -------------------------------

PARAGRAPH_ROW_SCHEMA = ("id string, version long, versions long, idx long, hash long, "
                        "words long, pattern int, source string, content_hash string, "
                        "npar long")


def paragraph_rows(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """One row per paragraph of each stored version (``id, version, versions, source,
    content_hash, pars``): what the store's paragraphs table holds."""
    for batch in batches:
        out: dict[str, list[Any]] = {k: [] for k in ("id", "version", "versions", "idx",
                                                      "hash", "words", "pattern", "source",
                                                      "content_hash", "npar")}
        for row in batch.to_pylist():
            pars = _ints(row["pars"], width=6).tolist()
            for idx, _start, _end, h, words, pattern in pars:
                for key, value in (("id", row["id"]), ("version", row["version"]),
                                   ("versions", row["versions"]), ("idx", idx), ("hash", h),
                                   ("words", words), ("pattern", pattern),
                                   ("source", row["source"]),
                                   ("content_hash", row["content_hash"]),
                                   ("npar", len(pars))):
                    out[key].append(value)
        yield _batch(out, PARAGRAPH_ROW_SCHEMA)


# --- boilerplate policy ------------------------------------------------------------------

def frequent_minority(batches: Iterable[pa.RecordBatch], policy: BoilerplatePolicy,
                      ) -> Iterator[pa.RecordBatch]:
    """Articles (``id, hits, npar``) whose paragraphs frequent in their source may be
    flagged: ``BoilerplatePolicy.frequent_minority``."""
    for batch in batches:
        ids = batch.column("id").to_pylist()
        hits = batch.column("hits").to_pylist()
        npar = batch.column("npar").to_pylist()
        keep = [n for n, (h, p) in enumerate(zip(hits, npar, strict=True))
                if h and policy.frequent_minority(h, p)]
        yield _batch({"id": [ids[n] for n in keep]}, "id string")


FURNITURE_SCHEMA = "hash long, compared boolean, sure boolean, pattern boolean"


def furniture(batches: Iterable[pa.RecordBatch], policy: BoilerplatePolicy,
              ) -> Iterator[pa.RecordBatch]:
    """Flagged paragraph hashes (``hash, carriers, flagged, pattern``: counted on their
    first ``policy.sample`` carriers, and whether a pattern flags one anywhere) judged
    by the policy: compared as boilerplate, and site furniture for sure (what
    ``Store.furniture_hashes`` answers), and whether a pattern vouches for it (what
    ``Store.pattern_hashes`` answers: furniture between story paragraphs needs it)."""
    for batch in batches:
        hashes = batch.column("hash").to_pylist()
        carriers = batch.column("carriers").to_pylist()
        flagged = batch.column("flagged").to_pylist()
        pattern = batch.column("pattern").to_pylist()
        compared = [bool(p) or policy.compared_as_boilerplate(c, f)
                    for c, f, p in zip(carriers, flagged, pattern, strict=True)]
        sure = [bool(p) or policy.sure_furniture(c, f)
                for c, f, p in zip(carriers, flagged, pattern, strict=True)]
        yield _batch({"hash": hashes, "compared": compared, "sure": sure,
                      "pattern": [bool(p) for p in pattern]}, FURNITURE_SCHEMA)
