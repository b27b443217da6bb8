"""The dedupe scorer's two inputs: a generated corpus's ground truth (``truth.jsonl``
written by ``bench/dedupe_corpus.py``, with its ``meta.json`` and ``articles/``) and a
prediction (``corpus dedupe --format jsonl`` output), as ``corpus_cli.evaluate.dedupe``
scores them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WORD = re.compile(r"\w+")


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
