"""Score ``corpus dedupe --format jsonl`` output against a generated corpus's ground truth.

Inputs: ``--truth DIR/truth.jsonl`` written by ``bench/dedupe_corpus.py`` (its ``meta.json``
and ``articles/`` beside it are read too) and ``--pred PRED.jsonl`` in the contract of
issue 3 §3 (``duplicate`` and ``passage`` records; other record types and extra fields are
ignored, a prediction without passage records is scored at article level only). Paths in
the prediction are normalised by dropping everything up to and including the last
``articles/``, so paths as given on the command line (``bench/out/.../articles/x/y.txt``)
match the truth's ``x/y.txt``.

How pairs are counted: ``dedupe_articles`` (article level) and ``dedupe_passages``
(passage level).

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
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus_cli.evaluate.dedupe_articles import (
    ARTICLE_PRECISION_TARGET,
    article_level,
    base_pairs_exact,
)
from corpus_cli.evaluate.dedupe_inputs import Prediction, Truth, load_prediction, load_truth
from corpus_cli.evaluate.dedupe_passages import (
    BUCKETS,
    PASSAGE_TARGET,
    PRECISION_TARGET,
    passage_level,
)


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
              f"{verdict(base_pairs_exact(art))}")
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


def figures_of(truth: Truth, pred: Prediction, min_words: int = 8,
               examples: int = 20) -> dict[str, Any]:
    """Article and passage figures of a prediction, with the overall verdict."""
    art = article_level(truth, pred, examples)
    passage = (passage_level(truth, pred, min_words, examples)
               if pred.passages or pred.boilerplate_passages else None)
    checks = [art["precision_pass"], art["false_exact_groups"] == 0, base_pairs_exact(art),
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
