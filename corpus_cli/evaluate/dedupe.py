"""Score ``corpus dedupe --format jsonl`` output against a generated corpus's ground truth.

Inputs: ``--truth DIR/truth.jsonl`` written by ``bench/dedupe_corpus.py`` (its ``meta.json``
and ``articles/`` beside it are read too) and ``--pred PRED.jsonl`` in the contract of
issue 3 §3 (``duplicate`` and ``passage`` records; other record types and extra fields are
ignored, a prediction without passage records is scored at article level only). Paths in
the prediction are normalised by dropping everything up to and including the last
``articles/``, so paths as given on the command line (``bench/out/.../articles/x/y.txt``)
match the truth's ``x/y.txt``.

Article level
  Truth pairs: (copy, original) for every ``exact``, ``boilerplate``, ``edit``,
  ``reorder`` and ``drop`` article, and (second, first) for the data set's byte-identical
  pairs (``bbc-exact``). Truth clusters: their connected components. A truth pair is
  recalled when one predicted duplicate group holds both articles; "as exact" when that
  group's kind is ``exact``. Precision: the share of predicted within-group pairs whose two
  articles lie in one truth cluster. Pairs of articles derived from two BBC articles that
  are near-duplicates in the data set itself (``natural_pairs`` of meta.json, found
  exhaustively by the generator) are neither right nor wrong: counted apart, left out.
  A predicted ``exact`` group is a false exact group when its members' bodies differ: the
  lower-cased ``\\w+`` words of their non-boilerplate paragraphs (headline left out),
  read from the files. Stitched articles in any duplicate group are listed: they share
  paragraphs with several articles but duplicate none.

Passage level
  Truth pairs: two non-boilerplate paragraphs in different articles with the same origin,
  both of at least ``--min-words`` words; bucketed by the larger of their two edit rates
  (0 %, <= 2 %, <= 5 %, <= 10 %, > 10 %) and by the kind of article they are in (the first
  of stitch, drop, edit, reorder, boilerplate, exact, original that either article is). A
  truth pair is recalled when one predicted passage group (boilerplate false) has
  occurrences in both articles covering >= 80 % of each paragraph's characters (the union
  of that group's occurrence spans in the article).
  Precision: every pair of occurrences in different articles of each predicted passage
  group with boilerplate false. An occurrence's origins are those of the truth paragraphs
  it overlaps by a majority of the paragraph's or of the occurrence's characters. A pair
  is right when the two share a non-boilerplate origin; a boilerplate leak when they share
  only boilerplate origins (counted apart); unlabelled shared text when they share no
  origin but their words match anyway (rapidfuzz ratio >= 85 of the lower-cased words,
  both >= ``--min-words`` words: the BBC set repeats sentences across its own articles,
  and the Markov background can reproduce a stock phrase), or the unedited paragraphs
  their origins name match so (a data set printing one paragraph twice with small
  changes, PolNeAR's editor's notes for one), counted apart; else wrong.
  Precision = right / (right + wrong); "strict" counts leaks and unlabelled text as wrong.
  Groups of more than 200 occurrences are scored on a fixed sample of 20,000 pairs,
  weighted up. Up to 20 wrong pairs are printed with their text.

Targets (issue 19 §2), PASS/FAIL printed: article precision >= 0.995; article recall >= 0.99
for exact, boilerplate, reorder and edits up to 5 %, >= 0.97 at 10 %, >= 0.8 at 20 %,
>= 0.95 for partial copies (drop) up to 5 % edits; all BBC pairs found as exact; no false
exact groups; passage recall >= 0.97 for pairs with edits up to 10 %, overall and for every
kind; passage precision >= 0.99. Exit status 0 (2 for bad input). Copies labelled
``drop + edit N%`` had paragraphs dropped and N % of their words edited.

Run:  python -m corpus_cli.evaluate.dedupe --truth DIR/truth.jsonl --pred PRED.jsonl
      [--min-words 8] [--examples 20] [--json]
``score`` returns the figures ``--json`` prints, for callers in Python.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

WORD = re.compile(r"\w+")
# Issue 19's targets: copies found up to 5 % of words edited, 10 % nearly always, 20 % (the
# moonshot) mostly; partial copies (20-50 % of paragraphs dropped) up to 5 % edits.
ARTICLE_TARGETS = {"exact": 0.99, "boilerplate": 0.99, "reorder": 0.99, "edit 1%": 0.99,
                   "edit 2%": 0.99, "edit 5%": 0.99, "edit 10%": 0.97, "edit 20%": 0.8,
                   "drop": 0.95, "drop + edit 2%": 0.95, "drop + edit 5%": 0.95,
                   "bbc-exact": 1.0}
ARTICLE_PRECISION_TARGET = 0.995
PRECISION_TARGET = 0.99
PASSAGE_TARGET = 0.97
COVER = 0.8
BUCKETS = ("0%", "<=2%", "<=5%", "<=10%", ">10%")
KIND_ORDER = ("stitch", "drop", "edit", "reorder", "boilerplate", "exact", "original",
              "background")
BIG_GROUP = 200
SAMPLE_PAIRS = 20_000


def normalise(path: str) -> str:
    path = path.replace("\\", "/")
    cut = path.rfind("articles/")
    return path[cut + len("articles/"):] if cut >= 0 else path.removeprefix("./")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    origin: str
    edit_rate: float
    boilerplate: bool
    words: int


@dataclass
class Truth:
    records: dict[str, dict[str, Any]]
    articles: Path
    natural: set[tuple[str, str]]
    root: dict[str, str] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)  # truth-pair label of a copy
    paragraphs: dict[str, list[Paragraph]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    unedited: dict[str, str] | None = None  # origin -> its paragraph's text as first printed

    def text(self, path: str) -> str:
        if path not in self.texts:
            self.texts[path] = (self.articles / path).read_text(encoding="utf-8")
        return self.texts[path]

    def origin_text(self, origin: str) -> str | None:
        """The text of a paragraph origin where it is printed without edits."""
        if self.unedited is None:
            self.unedited = {}
            for path, paragraphs in self.paragraphs.items():
                for p in paragraphs:
                    if not p.boilerplate and not p.edit_rate and p.origin not in self.unedited:
                        self.unedited[p.origin] = f"{path}\0{p.start}\0{p.end}"
        where = self.unedited.get(origin)
        if where is None:
            return None
        path, start, end = where.split("\0")
        return self.text(path)[int(start):int(end)]

    def body_words(self, path: str) -> list[str]:
        text = self.text(path)
        return [w for p in self.paragraphs[path] if not p.boilerplate
                for w in WORD.findall(text[p.start:p.end].lower())]


def pair_label(record: dict[str, Any]) -> str | None:
    kind = record["kind"]
    if record.get("of") is None or kind == "stitch":
        return None
    if kind == "original":
        return "bbc-exact"
    if kind == "edit":
        return f"edit {record['edit_rate']:.0%}"
    if kind == "drop" and record.get("edit_rate"):
        return f"drop + edit {record['edit_rate']:.0%}"
    return str(kind)


def load_truth(path: Path) -> Truth:
    records: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                records[record["path"]] = record
    natural: set[tuple[str, str]] = set()
    meta = path.parent / "meta.json"
    if meta.is_file():
        for a, b, *_rest in json.loads(meta.read_text(encoding="utf-8")).get(
                "natural_pairs", {}).get("pairs", []):
            natural.add((a, b) if a < b else (b, a))
    truth = Truth(records, path.parent / "articles", natural)
    parent = {p: p for p in records}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for p, record in records.items():
        truth.paragraphs[p] = [Paragraph(q["start"], q["end"], q["origin"],
                                         float(q["edit_rate"]), bool(q["boilerplate"]),
                                         int(q["words"])) for q in record["paragraphs"]]
        label = pair_label(record)
        if label is not None:
            truth.label[p] = label
            a, b = find(p), find(record["of"])
            if a != b:
                parent[max(a, b)] = min(a, b)
    truth.root = {p: find(p) for p in records}
    # natural pairs are between data-set articles; what counts is their clusters
    truth.natural = {tuple(sorted((truth.root[a], truth.root[b])))  # type: ignore[misc]
                     for a, b in natural if a in records and b in records}
    return truth


@dataclass
class Prediction:
    duplicates: list[tuple[str, list[str]]] = field(default_factory=list)  # kind, paths
    passages: list[list[tuple[str, int, int]]] = field(default_factory=list)
    boilerplate_passages: int = 0
    unknown: Counter[str] = field(default_factory=Counter)


def load_prediction(path: Path, truth: Truth) -> Prediction:
    pred = Prediction()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                pred.unknown["line that is not JSON"] += 1
                continue
            if not isinstance(record, dict):
                continue
            if record.get("type") == "duplicate":
                paths = [normalise(str(m.get("path", ""))) for m in record.get("members", [])]
                missing = [p for p in paths if p not in truth.records]
                for p in missing:
                    pred.unknown[f"member path not in the truth (line {number}): {p}"] += 1
                paths = [p for p in paths if p in truth.records]
                pred.duplicates.append((str(record.get("kind")), sorted(set(paths))))
            elif record.get("type") == "passage":
                if record.get("boilerplate"):
                    pred.boilerplate_passages += 1
                    continue
                occurrences = []
                for occ in record.get("occurrences", []):
                    p = normalise(str(occ.get("path", "")))
                    if p not in truth.records:
                        pred.unknown[f"occurrence path not in the truth: {p}"] += 1
                        continue
                    occurrences.append((p, int(occ["start"]), int(occ["end"])))
                pred.passages.append(occurrences)
    return pred


# -- article level ------------------------------------------------------------------------


def article_level(truth: Truth, pred: Prediction, examples: int) -> dict[str, Any]:
    groups_of: dict[str, list[int]] = defaultdict(list)
    for g, (_kind, paths) in enumerate(pred.duplicates):
        for p in paths:
            groups_of[p].append(g)
    kinds: dict[str, dict[str, Any]] = {}
    for copy, label in sorted(truth.label.items()):
        original = truth.records[copy]["of"]
        entry = kinds.setdefault(label, {"pairs": 0, "recalled": 0, "as_exact": 0})
        entry["pairs"] += 1
        shared = set(groups_of.get(copy, ())) & set(groups_of.get(original, ()))
        if shared:
            entry["recalled"] += 1
            if any(pred.duplicates[g][0] == "exact" for g in shared):
                entry["as_exact"] += 1
    for label, entry in kinds.items():
        entry["recall"] = entry["recalled"] / entry["pairs"]
        target = ARTICLE_TARGETS.get(label)
        entry["target"] = target
        entry["pass"] = None if target is None else entry["recall"] >= target

    right = wrong = neutral = 0
    false_pairs: list[tuple[str, str]] = []
    neutral_pairs: list[tuple[str, str]] = []
    false_exact: list[list[str]] = []
    for kind, paths in pred.duplicates:
        roots = Counter(truth.root[p] for p in paths)
        total = len(paths) * (len(paths) - 1) // 2
        ok = sum(c * (c - 1) // 2 for c in roots.values())
        natural = sum(roots[a] * roots[b] for a, b in combinations(sorted(roots), 2)
                      if (a, b) in truth.natural)
        right += ok
        neutral += natural
        wrong += total - ok - natural
        if total - ok > 0 and (len(false_pairs) < examples or len(neutral_pairs) < examples):
            for a, b in combinations(paths, 2):
                ra, rb = sorted((truth.root[a], truth.root[b]))
                if ra == rb:
                    continue
                bin_ = neutral_pairs if (ra, rb) in truth.natural else false_pairs
                if len(bin_) < examples:
                    bin_.append((a, b))
        if kind == "exact" and len({tuple(truth.body_words(p)) for p in paths}) > 1:
            false_exact.append(paths)
    in_groups = {p for _k, paths in pred.duplicates if len(paths) > 1 for p in paths}
    stitches = sorted(p for p in in_groups if truth.records[p]["kind"] == "stitch")
    backgrounds = sorted(p for p in in_groups if truth.records[p]["kind"] == "background")
    precision = right / (right + wrong) if right + wrong else 1.0
    return {"kinds": kinds, "groups": len(pred.duplicates), "pairs_right": right,
            "pairs_wrong": wrong, "pairs_natural": neutral, "precision": precision,
            "precision_pass": precision >= ARTICLE_PRECISION_TARGET,
            "false_exact_groups": len(false_exact), "false_exact_examples": false_exact[:10],
            "false_pair_examples": false_pairs, "natural_pair_examples": neutral_pairs,
            "stitch_in_groups": len(stitches), "stitch_examples": stitches[:10],
            "stitch_total": sum(r["kind"] == "stitch" for r in truth.records.values()),
            "base_pairs": sum(r["kind"] == "original" and r["of"] is not None
                              for r in truth.records.values()),
            "background_in_groups": len(backgrounds)}


# -- passage level ----------------------------------------------------------------------------


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def covered(spans: list[tuple[int, int]], start: int, end: int) -> float:
    inside = sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
    return inside / max(1, end - start)


def bucket(rate: float) -> str:
    if rate <= 0:
        return "0%"
    for limit, name in ((0.02, "<=2%"), (0.05, "<=5%"), (0.10, "<=10%")):
        if rate <= limit + 1e-9:
            return name
    return ">10%"


def pair_kind(truth: Truth, a: str, b: str) -> str:
    kinds = {truth.records[a]["kind"], truth.records[b]["kind"]}
    return next(k for k in KIND_ORDER if k in kinds)


def origins_of(truth: Truth, path: str, start: int, end: int) -> tuple[set[str], set[str]]:
    """Non-boilerplate and boilerplate origins of the paragraphs an occurrence overlaps."""
    body: set[str] = set()
    furniture: set[str] = set()
    for p in truth.paragraphs[path]:
        overlap = min(p.end, end) - max(p.start, start)
        if overlap > 0 and 2 * overlap >= min(p.end - p.start, end - start):
            (furniture if p.boilerplate else body).add(p.origin)
    return body, furniture


def similar_text(truth: Truth, a: tuple[str, int, int], b: tuple[str, int, int],
                 min_words: int, origins_a: set[str] = frozenset(),  # type: ignore[assignment]
                 origins_b: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Do two occurrences share text the generator did not label: their words match, or
    the unedited paragraphs they come from match (a data set repeating a paragraph with
    small changes, each copy then edited apart)?"""
    from rapidfuzz import fuzz

    wa = WORD.findall(truth.text(a[0])[a[1]:a[2]].lower())
    wb = WORD.findall(truth.text(b[0])[b[1]:b[2]].lower())
    if len(wa) < min_words or len(wb) < min_words:
        return False
    if fuzz.ratio(" ".join(wa), " ".join(wb)) >= 85:
        return True
    for x in origins_a:
        ta = truth.origin_text(x)
        for y in origins_b:
            tb = truth.origin_text(y)
            if ta is not None and tb is not None and fuzz.ratio(
                    " ".join(WORD.findall(ta.lower())), " ".join(WORD.findall(tb.lower()))) >= 85:
                return True
    return False


def passage_level(truth: Truth, pred: Prediction, min_words: int,
                  examples: int) -> dict[str, Any]:
    cover: dict[str, dict[int, list[tuple[int, int]]]] = defaultdict(dict)
    for g, occurrences in enumerate(pred.passages):
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for p, s, e in occurrences:
            spans[p].append((s, e))
        for p, ss in spans.items():
            cover[p][g] = merge(ss)

    by_origin: dict[str, list[tuple[str, Paragraph]]] = defaultdict(list)
    for p, paras in truth.paragraphs.items():
        for para in paras:
            if not para.boilerplate and para.words >= min_words:
                by_origin[para.origin].append((p, para))
    buckets: dict[str, list[int]] = {b: [0, 0] for b in BUCKETS}
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # pairs with edits <= 10 %
    for entries in by_origin.values():
        for (pa, qa), (pb, qb) in combinations(entries, 2):
            if pa == pb:
                continue
            name = bucket(max(qa.edit_rate, qb.edit_rate))
            ca, cb = cover.get(pa, {}), cover.get(pb, {})
            hit = any(covered(ca[g], qa.start, qa.end) >= COVER
                      and covered(cb[g], qb.start, qb.end) >= COVER
                      for g in ca.keys() & cb.keys())
            buckets[name][0] += 1
            buckets[name][1] += hit
            if name != ">10%":
                kind = kinds[pair_kind(truth, pa, pb)]
                kind[0] += 1
                kind[1] += hit

    rng = random.Random(0)
    right = wrong = leaks = unlabelled = 0.0
    false_examples: list[dict[str, Any]] = []
    for occurrences in pred.passages:
        tagged = [(occ, *origins_of(truth, *occ)) for occ in occurrences]
        pairs = [(x, y) for x, y in combinations(range(len(tagged)), 2)
                 if tagged[x][0][0] != tagged[y][0][0]] if len(tagged) <= BIG_GROUP else []
        weight = 1.0
        if len(tagged) > BIG_GROUP:
            n = len(tagged)
            seen = 0
            while len(pairs) < SAMPLE_PAIRS and seen < 10 * SAMPLE_PAIRS:
                seen += 1
                x, y = rng.randrange(n), rng.randrange(n)
                if tagged[x][0][0] != tagged[y][0][0]:
                    pairs.append((x, y))
            different = n * (n - 1) / 2 - sum(c * (c - 1) / 2 for c in Counter(
                o[0] for o in occurrences).values())
            weight = different / max(1, len(pairs))
        for x, y in pairs:
            (oa, body_a, bp_a), (ob, body_b, bp_b) = tagged[x], tagged[y]
            if body_a & body_b:
                right += weight
            elif bp_a & bp_b:
                leaks += weight
            elif similar_text(truth, oa, ob, min_words, body_a, body_b):
                unlabelled += weight
            else:
                wrong += weight
                if len(false_examples) < examples:
                    false_examples.append({
                        "a": {"path": oa[0], "start": oa[1], "end": oa[2],
                              "text": truth.text(oa[0])[oa[1]:oa[2]]},
                        "b": {"path": ob[0], "start": ob[1], "end": ob[2],
                              "text": truth.text(ob[0])[ob[1]:ob[2]]}})
    scored = right + wrong
    precision = right / scored if scored else 1.0
    strict_total = scored + leaks + unlabelled
    upto10 = [sum(buckets[b][i] for b in BUCKETS[:4]) for i in (0, 1)]
    result: dict[str, Any] = {
        "groups": len(pred.passages), "boilerplate_groups": pred.boilerplate_passages,
        "buckets": {b: {"pairs": n, "recalled": h, "recall": h / n if n else None}
                    for b, (n, h) in buckets.items()},
        "kinds_upto_10pct": {k: {"pairs": n, "recalled": h, "recall": h / n if n else None,
                                 "pass": (h / n >= PASSAGE_TARGET) if n else None}
                             for k, (n, h) in sorted(kinds.items())},
        "recall_upto_10pct": upto10[1] / upto10[0] if upto10[0] else None,
        "pairs_right": round(right), "pairs_wrong": round(wrong),
        "pairs_boilerplate_leak": round(leaks), "pairs_unlabelled_shared": round(unlabelled),
        "precision": precision, "strict_precision": right / strict_total if strict_total
        else 1.0, "false_examples": false_examples}
    result["recall_pass"] = (result["recall_upto_10pct"] or 0) >= PASSAGE_TARGET and all(
        v["pass"] is not False for v in result["kinds_upto_10pct"].values()) and all(
        (buckets[b][1] / buckets[b][0] if buckets[b][0] else 1) >= PASSAGE_TARGET
        for b in BUCKETS[:4])
    result["precision_pass"] = precision >= PRECISION_TARGET
    return result


# -- output -------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "FAIL")


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def title(truth: Truth, path: str) -> str:
    record = truth.records[path]
    return truth.text(path)[record["title"]["start"]:record["title"]["end"]][:60]


def print_report(truth: Truth, pred: Prediction, art: dict[str, Any],
                 passage: dict[str, Any] | None) -> None:
    for problem, n in sorted(pred.unknown.items())[:10]:
        print(f"WARNING: {problem}" + (f" (x{n})" if n > 1 else ""))
    if len(pred.unknown) > 10:
        print(f"WARNING: ... {len(pred.unknown) - 10} more unknown paths")
    print(f"\nArticle level: {art['groups']:,} predicted duplicate groups")
    print(f"  {'kind':<16} {'pairs':>7} {'recalled':>9} {'recall':>8} {'as exact':>9} "
          f"{'target':>7}  verdict")
    order = ["bbc-exact", "exact", "boilerplate", "reorder", "drop",
             *[f"drop + edit {r}%" for r in (2, 5, 10)],
             *[f"edit {r}%" for r in (1, 2, 5, 10, 20)]]
    for label in order + sorted(set(art["kinds"]) - set(order)):
        e = art["kinds"].get(label)
        if e is None:
            continue
        target = "" if e["target"] is None else f">={e['target']:.2f}"
        exact = str(e["as_exact"]) if label in ("bbc-exact", "exact", "boilerplate") else ""
        print(f"  {label:<16} {e['pairs']:>7,} {e['recalled']:>9,} {e['recall']:>8.4f} "
              f"{exact:>9} {target:>7}  {verdict(e['pass'])}")
    print(f"  precision {art['precision']:.4f} ({art['pairs_right']:,} right, "
          f"{art['pairs_wrong']:,} wrong pairs; {art['pairs_natural']:,} pairs of natural "
          f"near-duplicates of the base left out), target >= {ARTICLE_PRECISION_TARGET}: "
          f"{verdict(art['precision_pass'])}")
    bbc = art["kinds"].get("bbc-exact", {"pairs": 0, "as_exact": 0})
    if art["base_pairs"]:
        print(f"  BBC byte-identical pairs found as exact: {bbc['as_exact']}/{bbc['pairs']}: "
              f"{verdict(_base_pairs_exact(art))}")
    else:
        print("  byte-identical pairs of the base data set: none listed")
    print(f"  false exact groups: {art['false_exact_groups']} (target 0): "
          f"{verdict(art['false_exact_groups'] == 0)}")
    for paths in art["false_exact_examples"]:
        print(f"    false exact: {', '.join(paths[:4])}")
    print(f"  stitched articles in duplicate groups: {art['stitch_in_groups']} of "
          f"{art['stitch_total']}; background articles in groups: "
          f"{art['background_in_groups']}")
    for p in art["stitch_examples"]:
        print(f"    stitch in a group: {p}")
    for a, b in art["false_pair_examples"]:
        print(f"    wrong pair: {a} ({truth.records[a]['kind']}) \"{title(truth, a)}\"  ~  "
              f"{b} ({truth.records[b]['kind']}) \"{title(truth, b)}\"")
    if passage is None:
        print("\nPassage level: no passage records in the prediction; not scored")
        return
    print(f"\nPassage level: {passage['groups']:,} predicted passage groups "
          f"(+{passage['boilerplate_groups']:,} boilerplate)")
    print(f"  {'max edit':<12} {'pairs':>8} {'recalled':>9} {'recall':>8} {'target':>7}  verdict")
    for b in BUCKETS:
        e = passage["buckets"][b]
        target = f">={PASSAGE_TARGET:.2f}" if b != ">10%" else ""
        ok = None if b == ">10%" or not e["pairs"] else e["recall"] >= PASSAGE_TARGET
        print(f"  {b:<12} {e['pairs']:>8,} {e['recalled']:>9,} {fmt(e['recall']):>8} "
              f"{target:>7}  {verdict(ok)}")
    print(f"  {'kind (<=10%)':<12} {'pairs':>8} {'recalled':>9} {'recall':>8}")
    for k, e in passage["kinds_upto_10pct"].items():
        print(f"  {k:<12} {e['pairs']:>8,} {e['recalled']:>9,} {fmt(e['recall']):>8} "
              f"{'>=' + format(PASSAGE_TARGET, '.2f'):>7}  {verdict(e['pass'])}")
    print(f"  recall, all pairs with edits <= 10%: {fmt(passage['recall_upto_10pct'])}: "
          f"{verdict(passage['recall_pass'])}")
    print(f"  precision {passage['precision']:.4f} ({passage['pairs_right']:,} right, "
          f"{passage['pairs_wrong']:,} wrong occurrence pairs), target >= "
          f"{PRECISION_TARGET}: {verdict(passage['precision_pass'])}")
    print(f"  apart: {passage['pairs_boilerplate_leak']:,} pairs of boilerplate reported "
          f"as non-boilerplate, {passage['pairs_unlabelled_shared']:,} pairs of unlabelled "
          f"shared text; strict precision {passage['strict_precision']:.4f}")
    for ex in passage["false_examples"]:
        a, b = ex["a"], ex["b"]
        print(f"    wrong: {a['path']}[{a['start']}:{a['end']}] {a['text'][:100]!r}")
        print(f"       vs {b['path']}[{b['start']}:{b['end']}] {b['text'][:100]!r}")


def _base_pairs_exact(art: dict[str, Any]) -> bool:
    """Are all the base data set's byte-identical pairs (as many as the truth lists: 98
    for the BBC set, none for PolNeAR) found as exact?"""
    bbc = art["kinds"].get("bbc-exact", {"pairs": 0, "as_exact": 0})
    return bool(bbc["pairs"] == art["base_pairs"] and bbc["as_exact"] == bbc["pairs"])


def figures_of(truth: Truth, pred: Prediction, min_words: int = 8,
               examples: int = 20) -> dict[str, Any]:
    """Article and passage figures of a prediction, with the overall verdict."""
    art = article_level(truth, pred, examples)
    passage = (passage_level(truth, pred, min_words, examples)
               if pred.passages or pred.boilerplate_passages else None)
    checks = [art["precision_pass"], art["false_exact_groups"] == 0, _base_pairs_exact(art),
              *(e["pass"] for e in art["kinds"].values() if e["pass"] is not None)]
    if passage is not None:
        checks += [passage["recall_pass"], passage["precision_pass"]]
    return {"article": art, "passage": passage, "pass": all(checks),
            "unknown_paths": sum(pred.unknown.values())}


def score(truth_path: Path, pred_path: Path, min_words: int = 8,
          examples: int = 20) -> dict[str, Any]:
    """The figures ``--json`` prints for a truth file and a prediction file."""
    truth = load_truth(truth_path)
    return figures_of(truth, load_prediction(pred_path, truth), min_words, examples)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus_cli.evaluate.dedupe",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--truth", type=Path, required=True, help="DIR/truth.jsonl")
    parser.add_argument("--pred", type=Path, required=True,
                        help="corpus dedupe --format jsonl output")
    parser.add_argument("--min-words", type=int, default=8,
                        help="shortest paragraph counted at passage level (8)")
    parser.add_argument("--examples", type=int, default=20, help="wrong pairs to print (20)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    for f in (args.truth, args.pred):
        if not f.is_file():
            print(f"error: {f} is not a file", file=sys.stderr)
            return 2
    truth = load_truth(args.truth)
    pred = load_prediction(args.pred, truth)
    figures = figures_of(truth, pred, args.min_words, args.examples)
    if args.json:
        print(json.dumps(figures, indent=1, ensure_ascii=False))
    else:
        print_report(truth, pred, figures["article"], figures["passage"])
        print(f"\nOVERALL: {verdict(figures['pass'])}"
              + ("" if figures["passage"] is not None else " (article level only)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
