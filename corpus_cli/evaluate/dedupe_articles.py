"""Article level of the dedupe scorer: are copies found in one duplicate group, and
are the groups' pairs right?

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
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from corpus_cli.evaluate.dedupe_inputs import Prediction, Truth

# Issue 19's targets: copies found up to 5 % of words edited, 10 % nearly always, 20 % (the
# moonshot) mostly; partial copies (20-50 % of paragraphs dropped) up to 5 % edits.
ARTICLE_TARGETS = {"exact": 0.99, "boilerplate": 0.99, "reorder": 0.99, "edit 1%": 0.99,
                   "edit 2%": 0.99, "edit 5%": 0.99, "edit 10%": 0.97, "edit 20%": 0.8,
                   "drop": 0.95, "drop + edit 2%": 0.95, "drop + edit 5%": 0.95,
                   "bbc-exact": 1.0}
ARTICLE_PRECISION_TARGET = 0.995


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


def base_pairs_exact(art: dict[str, Any]) -> bool:
    """Are all the base data set's byte-identical pairs (as many as the truth lists: 98
    for the BBC set, none for PolNeAR) found as exact?"""
    bbc = art["kinds"].get("bbc-exact", {"pairs": 0, "as_exact": 0})
    return bool(bbc["pairs"] == art["base_pairs"] and bbc["as_exact"] == bbc["pairs"])
