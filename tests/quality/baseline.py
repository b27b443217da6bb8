"""The quality gates' baseline: floors and ceilings on named metrics, and the data they hold on.

``tests/quality/baseline.json`` holds, per gate (``dedupe``, ``dedupe-polnear``, ``quotes``,
``quotes-polnear``, ``html``), the
sha256 of the data the bounds were measured on and the bounds: ``{"min": x}`` (a floor),
``{"max": x}`` (a ceiling), or both (an exact count). A metric is a dotted path into the
evaluation's scores, e.g. ``article.kinds.edit 5%.recall``.

The gates (``test_*_quality.py``) and the update below run the same evaluations
(``GATES``). Update the baseline after an intended change of quality::

    python -m tests.quality.baseline update [--force] [--only GATE] [--dry-run]

It measures, proposes bounds (floors of shares rounded down to 3 decimals, minus 0.005;
counts exact; ceilings as measured), writes those that tighten the baseline and refuses,
without ``--force``, any that loosen it (a lower floor, a higher ceiling) and any change of
the data's checksum, printing what would change. A bound that still holds is never lowered.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
BASELINE = Path(__file__).with_name("baseline.json")
UPDATE = "python -m tests.quality.baseline update"
# Articles generated for the dedupe gate: enough for every kind of copy to be scored, small
# enough for the default test run.
DEDUPE_SIZE = 4000
SHARE_MARGIN = 0.005

Scores = Mapping[str, Any]
Bound = dict[str, float]


# -- the data ---------------------------------------------------------------------------------


def checksum(folder: Path, files: Iterable[Path] | None = None) -> str:
    """sha256 over the sorted paths (relative to ``folder``) and bytes of ``files``.

    Without ``files``, every file under ``folder``. Paths outside ``folder`` are named
    relative to it (``../x``).
    """
    chosen = (p for p in folder.rglob("*") if p.is_file()) if files is None else files
    named = sorted((Path(os.path.relpath(p, folder)).as_posix(), p) for p in chosen)
    digest = hashlib.sha256()
    for name, path in named:
        data = path.read_bytes()
        # lengths first, so that no two different sets of files hash alike
        for part in (name.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def bbc_folder() -> Path:
    return Path(os.environ.get("CORPUS_BBC_DATA") or SHARED_DATA / "bbc-news" / "bbc")


def bbc_files(folder: Path) -> list[Path]:
    """What bench/dedupe_corpus.py reads: the articles and, beside the folder, the list of
    byte-identical pairs (it decides which pairs are labelled ``bbc-exact``)."""
    files = sorted(folder.glob("*/*.txt"))
    pairs = folder.parent / "exact_duplicate_groups.tsv"
    return [*files, pairs] if pairs.is_file() else files


def quotes_files(folder: Path) -> list[Path]:
    """The annotations and the articles they name."""
    notes = sorted((folder / "annotations").glob("*.json"))
    articles = {folder / json.loads(n.read_text(encoding="utf-8"))["article_file"]
                for n in notes}
    return [*notes, *sorted(articles)]


# -- the evaluations --------------------------------------------------------------------------


def _run(argv: Sequence[str], stdout_path: Path | None = None) -> None:
    with open(stdout_path or os.devnull, "wb") as out:
        result = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE, cwd=REPO,
                                check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}:\n"
                           + result.stderr.decode("utf-8", "replace")[-2000:])


def evaluate_dedupe(data: Path, base: str = "bbc") -> dict[str, Any]:
    """Generate the labelled corpus from ``data`` (the ``base`` set of real articles),
    ingest it, run ``corpus dedupe`` as a user would, and score its JSON Lines output
    (``corpus_cli.evaluate.dedupe``)."""
    from corpus_cli.evaluate.dedupe import score

    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="corpus-gate-dedupe-") as scratch:
        work = Path(scratch)
        corpus = work / "corpus"
        _run([python, str(REPO / "bench" / "dedupe_corpus.py"), "--out", str(corpus),
              "--size", str(DEDUPE_SIZE), "--base", base, "--data", str(data)])
        store = work / "store.sqlite3"
        cli = [python, "-m", "corpus_cli"]
        _run([*cli, "ingest", str(corpus / "articles"), "--store", str(store), "-q",
              "-f", "jsonl"])
        pred = work / "pred.jsonl"
        _run([*cli, "dedupe", "--store", str(store), "-q", "-f", "jsonl"], stdout_path=pred)
        return score(corpus / "truth.jsonl", pred)


def evaluate_quotes(data: Path) -> dict[str, Any]:
    from corpus_cli.evaluate.quotes import evaluate

    return dict(evaluate(data).as_dict())


def evaluate_html(data: Path) -> dict[str, Any]:
    """Every page read as ``corpus ingest`` reads it, scored against its annotated body
    (``corpus_cli.evaluate.html``: ``corpus.f1``, ``corpus.no_text_long``, ...)."""
    from corpus_cli.evaluate.html import score

    return score(data)


# The PolNeAR gate pins the held-out split: train is what the rules are developed on.
POLNEAR_SPLIT = "dev"


def polnear_folder() -> Path:
    return Path(os.environ.get("CORPUS_POLNEAR") or SHARED_DATA / "polnear-dev")


def polnear_files(folder: Path) -> list[Path]:
    """The split's annotation files and texts."""
    split = folder / POLNEAR_SPLIT
    return [*sorted((split / "attributions").glob("*.ann")),
            *sorted((split / "text").glob("*.txt"))]


def evaluate_polnear(data: Path) -> dict[str, Any]:
    from corpus_cli.evaluate.polnear import evaluate

    return dict(evaluate(data, POLNEAR_SPLIT).as_dict())


@dataclass(frozen=True)
class Gate:
    """One quality gate: where its data is, which files of it count, how it is scored."""

    name: str
    folder: Path
    required: Path  # missing: the data set is not there
    files: Callable[[Path], list[Path]]
    evaluate: Callable[[Path], Scores]

    def has_data(self) -> bool:
        return self.required.is_dir()

    def checksum(self) -> str:
        return checksum(self.folder, self.files(self.folder))


def polnear_texts(folder: Path) -> list[Path]:
    """What the generator reads of PolNeAR: its article texts."""
    return sorted(folder.glob("*/text/*.txt"))


def evaluate_dedupe_polnear(data: Path) -> dict[str, Any]:
    return evaluate_dedupe(data, "polnear")


def quotes_folder() -> Path:
    # beside this checkout, wherever corpus_cli is installed
    return Path(os.environ.get("CORPUS_QUOTES_GGT") or SHARED_DATA / "quotes-ggt")


def html_folder() -> Path:
    return Path(os.environ.get("CORPUS_HTML_DATA") or SHARED_DATA / "article-extraction-html")


def html_files(folder: Path) -> list[Path]:
    """The annotations and the pages."""
    return [folder / "ground-truth.json", *sorted((folder / "html").glob("*.html"))]


def gates() -> dict[str, Gate]:
    """The gates, with their data folders as the environment names them now."""
    bbc, quotes, polnear, html = bbc_folder(), quotes_folder(), polnear_folder(), html_folder()
    return {"dedupe": Gate("dedupe", bbc, bbc, bbc_files, evaluate_dedupe),
            "dedupe-polnear": Gate("dedupe-polnear", polnear, polnear / "train" / "text",
                                   polnear_texts, evaluate_dedupe_polnear),
            "quotes": Gate("quotes", quotes, quotes / "annotations", quotes_files,
                           evaluate_quotes),
            "quotes-polnear": Gate("quotes-polnear", polnear,
                                   polnear / POLNEAR_SPLIT / "attributions", polnear_files,
                                   evaluate_polnear),
            "html": Gate("html", html, html / "html", html_files, evaluate_html)}


# -- bounds -----------------------------------------------------------------------------------


@dataclass
class Entry:
    """A gate's part of the baseline."""

    sha256: str
    bounds: dict[str, Bound]
    data: str = ""


def load(path: Path = BASELINE) -> dict[str, Entry]:
    document = json.loads(path.read_text(encoding="utf-8"))
    entries = {}
    for name, raw in document["gates"].items():
        bounds = raw["bounds"]
        for metric, bound in bounds.items():
            if not bound or set(bound) - {"min", "max"} or not all(
                    isinstance(v, int | float) and not isinstance(v, bool)
                    for v in bound.values()):
                raise ValueError(f"{path}: {name}: {metric}: a bound is "
                                 f'{{"min": number}}, {{"max": number}} or both, not {bound}')
        entries[name] = Entry(raw["sha256"], bounds, raw.get("data", ""))
    return entries


def save(path: Path, entries: Mapping[str, Entry]) -> None:
    """Write the baseline with one bound per line, so an update's diff reads as a list."""
    about = ("Bounds the quality gates in tests/quality assert, and the sha256 of the data "
             f"they were measured on (tests/quality/baseline.py). Update: {UPDATE}")
    gates_text = []
    for name, e in entries.items():
        bounds = ",\n".join(f"        {json.dumps(metric, ensure_ascii=False)}: "
                            f"{json.dumps(bound)}" for metric, bound in e.bounds.items())
        gates_text.append(f"    {json.dumps(name)}: {{\n"
                          f"      \"data\": {json.dumps(e.data, ensure_ascii=False)},\n"
                          f"      \"sha256\": {json.dumps(e.sha256)},\n"
                          f"      \"bounds\": {{\n{bounds}\n      }}\n    }}")
    text = (f"{{\n  \"about\": {json.dumps(about)},\n  \"gates\": {{\n"
            + ",\n".join(gates_text) + "\n  }\n}\n")
    path.write_text(text, encoding="utf-8")


def measured(scores: Scores, metric: str) -> float | None:
    """The value of a dotted metric in the scores; None when there is no such number."""
    value: Any = scores
    for key in metric.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def show(value: float | None) -> str:
    if value is None:
        return "not measured"
    return str(value) if isinstance(value, int) else f"{value:.4f}"


def check(scores: Scores, bounds: Mapping[str, Bound]) -> list[str]:
    """One readable line per bound the scores break; empty when every bound holds."""
    failures = []
    for metric, bound in bounds.items():
        value = measured(scores, metric)
        if value is None:
            failures.append(f"{metric}: not measured (the scores have no such number), "
                            f"bound {describe(bound)}")
            continue
        if "min" in bound and value < bound["min"]:
            failures.append(f"{metric} = {show(value)}, under its floor min {bound['min']}")
        if "max" in bound and value > bound["max"]:
            failures.append(f"{metric} = {show(value)}, over its ceiling max {bound['max']}")
    return failures


def describe(bound: Mapping[str, float]) -> str:
    if "min" in bound and "max" in bound and bound["min"] == bound["max"]:
        return f"= {bound['min']}"
    return ", ".join(f"{side} {bound[side]}" for side in ("min", "max") if side in bound)


def propose(value: float, bound: Bound) -> Bound:
    """Bounds of the same shape measured from ``value``: shares get a floor a little under
    it, counts stay exact, ceilings are what was measured."""
    new: Bound = {}
    if "min" in bound:
        if isinstance(value, float) and not ("max" in bound and bound["max"] == bound["min"]):
            # the small epsilon keeps 0.99 (989.999... in binary) from rounding to 0.989
            new["min"] = round(max(0.0, math.floor(value * 1000 + 1e-9) / 1000 - SHARE_MARGIN),
                               3)
        else:
            new["min"] = value
    if "max" in bound:
        new["max"] = value
    return new


def ratchet(old: Bound, proposed: Bound, value: float, rebase: bool) -> Bound:
    """The new bound: a side that still holds only moves tighter; a side that fails, or any
    side when the data changed (``rebase``), takes the proposal."""
    new: Bound = {}
    for side, tighter in (("min", max), ("max", min)):
        if side not in old:
            continue
        holds = value >= old[side] if side == "min" else value <= old[side]
        new[side] = proposed[side] if rebase or not holds else tighter(old[side], proposed[side])
    return new


def looser(side: str, old: float, new: float) -> bool:
    return new < old if side == "min" else new > old


# -- update -----------------------------------------------------------------------------------


def update(baseline: Path, available: Mapping[str, Gate], *, force: bool = False,
           only: str | None = None, dry_run: bool = False,
           out: Callable[[str], None] = print) -> int:
    """Measure each gate and write the bounds that tighten; see the module docstring.

    Returns 0 when everything proposed was written (or would be, with ``dry_run``), 1 when
    something was refused or could not be measured, 2 when a gate's data is missing.
    """
    entries = load(baseline)
    names = [only] if only else list(entries)
    status = 0
    changed = False
    for name in names:
        if name not in entries or name not in available:
            out(f"{name}: no such gate in {baseline}")
            status = max(status, 2)
            continue
        gate, entry = available[name], entries[name]
        if not gate.has_data():
            out(f"{name}: no data at {gate.required}: not measured")
            status = max(status, 2)
            continue
        digest = gate.checksum()
        rebase = digest != entry.sha256
        scores = gate.evaluate(gate.folder)
        out(f"{name}: data {gate.folder} (sha256 {digest[:16]}…, "
            + ("CHANGED from the baseline's " + entry.sha256[:16] + "…)" if rebase
               else "as in the baseline)"))
        new_bounds: dict[str, Bound] = {}
        loosened: list[str] = []
        tightened: list[str] = []
        unmeasured = False
        width = max(map(len, entry.bounds), default=0)
        for metric, old in entry.bounds.items():
            value = measured(scores, metric)
            if value is None:
                out(f"  {metric:<{width}}  not measured: bound {describe(old)} left as it is")
                new_bounds[metric] = old
                unmeasured = True
                continue
            new = ratchet(old, propose(value, old), value, rebase)
            note = ""
            if new != old:
                change = f"{describe(old)} -> {describe(new)}"
                if any(looser(side, old[side], new[side]) for side in new):
                    loosened.append(metric)
                    note = f"  LOOSER: {change}"
                else:
                    tightened.append(metric)
                    note = f"  tighter: {change}"
            out(f"  {metric:<{width}}  {show(value):>8}  {describe(old):<14}{note}".rstrip())
            new_bounds[metric] = new
        if rebase and not force:
            out(f"{name}: refused: the data changed, so every bound would be measured anew; "
                f"nothing written for {name}. If the new data is meant, run {UPDATE} "
                f"--only {name} --force")
            status = max(status, 1)
            continue
        if loosened and not force:
            for metric in loosened:
                new_bounds[metric] = entry.bounds[metric]
            out(f"{name}: refused {len(loosened)} looser bound(s) ({', '.join(loosened)}); "
                f"if the drop is meant, run {UPDATE} --only {name} --force")
            status = max(status, 1)
            loosened = []
        if unmeasured:
            status = max(status, 1)
        written = tightened + loosened
        out(f"{name}: {len(tightened)} tighter, {len(loosened)} looser"
            + (", data checksum replaced" if rebase else "")
            + ("" if written or rebase else ": no change"))
        if written or rebase:
            entries[name] = Entry(digest, new_bounds,
                                  Path(os.path.relpath(gate.folder, REPO)).as_posix())
            changed = True
    if changed and dry_run:
        out(f"dry run: {baseline} left as it is")
    elif changed:
        save(baseline, entries)
        out(f"written: {baseline}")
    return status


# -- the gates under pytest -------------------------------------------------------------------


def ci_is_set() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def enforce(gate: Gate, baseline: Path = BASELINE) -> None:
    """Fail the calling test unless ``gate`` measures within its bounds on its data.

    Missing data fails under CI (``CI`` set, not ``0``/``false``) and skips elsewhere.
    """
    if not gate.has_data():
        missing = f"the {gate.name} quality gate's data is missing: {gate.required}"
        if ci_is_set():
            pytest.fail(f"{missing} (CI is set, so the gate fails rather than skips)",
                        pytrace=False)
        pytest.skip(f"{missing}; skipped outside CI (with CI set this fails)")
    entry = load(baseline)[gate.name]
    digest = gate.checksum()
    if digest != entry.sha256:
        pytest.fail(f"the {gate.name} bounds in {baseline} were measured on other data: "
                    f"sha256 {entry.sha256} there, {digest} for {gate.folder} here. "
                    f"Re-measure them on this data with {UPDATE} --only {gate.name} --force "
                    "and review the diff", pytrace=False)
    failures = check(gate.evaluate(gate.folder), entry.bounds)
    if failures:
        pytest.fail(f"{gate.name} quality is outside its baseline ({baseline}):\n  "
                    + "\n  ".join(failures), pytrace=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.baseline",
                                     description=(__doc__ or "").splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("update", help="measure and write tighter bounds")
    up.add_argument("--force", action="store_true",
                    help="also write looser bounds and a changed data checksum")
    up.add_argument("--only", choices=tuple(gates()), help="one gate")
    up.add_argument("--dry-run", action="store_true", help="measure and print; write nothing")
    args = parser.parse_args(argv)
    return update(BASELINE, gates(), force=args.force, only=args.only, dry_run=args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
