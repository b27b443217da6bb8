"""Passage level of the dedupe scorer: are paragraphs of one origin found in one passage
group, and do a group's occurrences share an origin?

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
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from corpus_cli.evaluate.dedupe_inputs import WORD, Paragraph, Prediction, Truth

PRECISION_TARGET = 0.99
PASSAGE_TARGET = 0.97
COVER = 0.8
BUCKETS = ("0%", "<=2%", "<=5%", "<=10%", ">10%")
KIND_ORDER = ("stitch", "drop", "edit", "reorder", "boilerplate", "exact", "original",
              "background")
BIG_GROUP = 200
SAMPLE_PAIRS = 20_000


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
