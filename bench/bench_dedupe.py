"""Speed and quality of ``corpus dedupe`` on generated corpora, against a datasketch reference.

For each size in ``--sizes`` (default 20000,200000):

1. generate the labelled corpus with ``bench/dedupe_corpus.py`` from ``--base`` (cached
   under ``bench/out/dedupe/<size>-<seed>/``, ``polnear-<size>-<seed>/`` for the PolNeAR
   base: generated once, reused by later runs);
2. ``corpus ingest DIR/articles --store STORE -q --format jsonl > /dev/null`` into a fresh
   store (timed, reported apart: it is not part of the dedupe pass);
3. ``--repeat`` rounds, interleaved, of
   - the full pass, ``corpus dedupe --store STORE --format jsonl > pred.jsonl``
     (article and passage level, the default ``--level all``): wall time, peak RSS of the
     child (sampled from ``/proc``: ``bench_ingest.run``);
   - the reference, ``bench/dedupe_reference.py STORE`` (datasketch MinHash + MinHashLSH
     over the same stored texts): wall time, peak RSS;
4. both outputs scored by ``python -m corpus_cli.evaluate.dedupe`` (article recall per
   kind side by side, precision, and passage figures for ``corpus dedupe``);
5. ``corpus dedupe --store STORE --check NEW.txt --format jsonl`` for each of 10 new
   articles (5 light edits of stored articles, 5 unrelated synthetic ones; made by this
   script), whole-command time, median and p95 over ``--check-runs`` rounds; each run
   followed by the start-up floor, the same interpreter doing nothing but
   ``import numpy, typer, rapidfuzz, sqlite3`` (what any check must load), so the
   machine's speed of the hour is measured beside it.

Printed: median seconds and RSS per line, the ratio reference / ``corpus dedupe``, the
growth exponent log(t_large / t_small) / log(size ratio) between the smallest and largest
size, and PASS/FAIL against issue 3 §5: full pass <= 45 s and <= 2 GiB at 200,000
articles, >= 3x faster than the reference at equal or better article recall, exponent
<= 1.15, ``--check`` whole command median < 300 ms, warm in-process lookup p95 < 10 ms (see
``warm_lookup_p95``). Exit status 0 either way; 2 for a missing data set, a bad option, or
no ``corpus dedupe`` command (the reference half still runs with ``--reference-only``).

Run:  python bench/bench_dedupe.py [--sizes 20000,200000] [--repeat 1] [--seed 1]
      [--check-runs 5] [--keep] [--reference-only] [--cmd CMD | --install]
      [--base bbc|polnear] [--data PATH]
Stores and outputs go to a temporary folder, removed unless ``--keep``. The command timed
is the ``corpus`` script beside this interpreter, or ``--cmd``; with ``--install``, this
checkout installed as users install it (``pip install .``) into a fresh virtual
environment: an editable development install costs every command about 50 ms more.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO_ROOT = BENCH.parent
CACHE = BENCH / "out" / "dedupe"
sys.path.insert(0, str(BENCH))
import dedupe_corpus  # noqa: E402  (a sibling script, not a package)
from bench_ingest import (  # noqa: E402  (same folder)
    Run,
    corpus_command,
    installed_command,
    run,
    warn,
)

FULL_PASS_SECONDS = 45.0
FULL_PASS_SIZE = 200_000
PEAK_BYTES = 2 * 1024**3
SPEEDUP = 3.0
EXPONENT = 1.15
CHECK_MS = 300.0
WARM_LOOKUP_MS = 10.0
RECALL_KINDS = ("bbc-exact", "exact", "boilerplate", "reorder", "drop", "drop + edit 2%",
                "drop + edit 5%", "drop + edit 10%", "edit 1%", "edit 2%",
                "edit 5%", "edit 10%", "edit 20%")


def has_dedupe(cmd: list[str]) -> bool:
    result = subprocess.run([*cmd, "dedupe", "--help"], capture_output=True, check=False,
                            stdin=subprocess.DEVNULL)
    return result.returncode == 0


@dataclass
class Line:
    label: str
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    failed: int = 0

    def add(self, result: Run) -> None:
        self.seconds.append(result.seconds)
        self.rss_kib.append(result.rss_kib)
        self.failed += result.returncode != 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def peak_bytes(self) -> int:
        return max(self.rss_kib, default=0) * 1024


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(0, math.ceil(q * len(ordered)) - 1)
    return ordered[rank]


# -- the corpus and the new articles for --check ------------------------------------------------


def ensure_corpus(size: int, seed: int, data: Path | None, base: str = "bbc") -> Path:
    folder = CACHE / (f"{size}-{seed}" if base == "bbc" else f"{base}-{size}-{seed}")
    started = time.perf_counter()
    argv = ["--out", str(folder), "--size", str(size), "--seed", str(seed), "--base", base]
    status = dedupe_corpus.main(argv + (["--data", str(data)] if data else []))
    if status != 0:
        raise SystemExit(status)
    print(f"  corpus ready in {time.perf_counter() - started:.1f} s: {folder}")
    return folder


def new_articles(folder: Path, scratch: Path, seed: int, count: int = 10) -> list[Path]:
    """``count`` articles not in the store: light edits of stored ones, and unrelated text.

    Copies: a stored original with about 2 % of its words replaced (a near duplicate
    ``--check`` must find). Unrelated: words of several stored background articles
    shuffled within each paragraph, so no 5-word run survives.
    """
    rng = random.Random(f"check:{seed}")
    records = []
    with open(folder / "truth.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["kind"] in ("original", "background"):
                records.append(record)
    originals = sorted((r for r in records if r["kind"] == "original"), key=lambda r: r["path"])
    background = sorted((r for r in records if r["kind"] == "background"),
                        key=lambda r: r["path"])
    out_dir = scratch / "check" / "new-site"
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        source = rng.choice(originals if i % 2 == 0 else background)
        text = (folder / "articles" / source["path"]).read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        paras = [p for p in body.strip().split("\n\n") if p.strip()]
        if i % 2 == 0:
            new = []
            for p in paras:
                words = p.split()
                for _ in range(max(1, len(words) // 50)):
                    words[rng.randrange(len(words))] = rng.choice(("new", "said", "also"))
                new.append(" ".join(words))
            title = f"{title} (updated)"
        else:
            new = []
            for p in paras:
                words = p.split()
                rng.shuffle(words)
                new.append(" ".join(words))
            title = f"Unrelated report {i}"
        path = out_dir / f"new-{i:02d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(new) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# -- the warm in-process lookup ---------------------------------------------------------------


def warm_lookup_p95(store: Path, articles: Sequence[Path]) -> float | None:
    """p95 in ms of checking one new article inside a warm process (target < 10 ms).

    The store is opened once and each article read once (reading files is not the
    lookup); then each check (fingerprints, index query, loading and verifying the
    candidates, grouping) is timed, five rounds over all articles.
    """
    from corpus_cli.dedupe import indexing
    from corpus_cli.dedupe.check import check_articles
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.parse import read_articles
    from corpus_cli.models import Article
    from corpus_cli.settings import DedupeSettings, IngestSettings
    from corpus_cli.store import Store

    settings = DedupeSettings()
    samples: list[float] = []
    with Store(store, create=False) as db:
        indexing.update(db, settings)
        found = read_articles(list(discover([str(a) for a in articles], ())),
                              IngestSettings(jobs=1), db.root)
        new = [a for a in found if isinstance(a, Article)]
        check_articles(db, new[:1], settings)  # warm caches and imports
        for _round in range(5):
            for article in new:
                started = time.perf_counter()
                check_articles(db, [article], settings)
                samples.append((time.perf_counter() - started) * 1000)
    if not samples:
        return None
    samples.sort()
    return samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


# -- one size -----------------------------------------------------------------------------------


def evaluate(folder: Path, pred: Path) -> dict[str, Any] | None:
    argv = [sys.executable, "-m", "corpus_cli.evaluate.dedupe", "--truth",
            str(folder / "truth.jsonl"), "--pred", str(pred), "--json"]
    # from the checkout, so its package is scored even where it is not installed
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=REPO_ROOT)
    if result.returncode != 0:
        warn(f"evaluation of {pred} failed: {result.stderr.strip()[:500]}")
        return None
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


@dataclass
class SizeResult:
    size: int
    ingest: Line
    ours: Line
    reference: Line
    check: Line
    floor: Line
    ours_eval: dict[str, Any] | None
    reference_eval: dict[str, Any] | None
    warm_p95: float | None


FLOOR_IMPORTS = "import numpy, typer, rapidfuzz, sqlite3"


def interpreter_of(cmd: list[str]) -> str:
    """The Python that runs ``cmd``: its first word when that is an interpreter, else the
    ``python`` beside the script (a virtual environment's), else this one."""
    first = Path(cmd[0])
    if first.name.startswith("python"):
        return cmd[0]
    beside = first.parent / "python"
    return str(beside) if beside.exists() else sys.executable


def bench_size(size: int, args: argparse.Namespace, cmd: list[str], scratch: Path,
               dedupe: bool) -> SizeResult:
    print(f"\n== {size:,} articles")
    folder = ensure_corpus(size, args.seed, args.data, args.base)
    work = scratch / f"{size}"
    work.mkdir(parents=True)
    store = work / "corpus.sqlite3"
    ingest = Line("corpus ingest (fresh store)")
    print("  ingest ...", end="", flush=True)
    ingest.add(run([*cmd, "ingest", str(folder / "articles"), "--store", str(store), "-q",
                    "--format", "jsonl"]))
    print(f" {ingest.seconds[-1]:.1f} s, {ingest.rss_kib[-1] / 1024:.0f} MiB", flush=True)
    ours = Line("corpus dedupe (full pass)")
    reference = Line("reference (datasketch)")
    pred = work / "pred.jsonl"
    ref_pred = work / "reference.jsonl"
    for round_ in range(1, args.repeat + 1):
        print(f"  round {round_}/{args.repeat}:", end="", flush=True)
        if dedupe:
            ours.add(run([*cmd, "dedupe", "--store", str(store), "--format", "jsonl"],
                         stdout_path=pred))
            print(f" dedupe {ours.seconds[-1]:.1f} s,", end="", flush=True)
        reference.add(run([sys.executable, str(BENCH / "dedupe_reference.py"), str(store)],
                          stdout_path=ref_pred))
        print(f" reference {reference.seconds[-1]:.1f} s", flush=True)
    ours_eval = evaluate(folder, pred) if dedupe and ours.failed == 0 else None
    reference_eval = evaluate(folder, ref_pred) if reference.failed == 0 else None
    check = Line("corpus dedupe --check (1 article)")
    floor = Line("start-up floor (imports only)")
    warm = None
    if dedupe:
        new = new_articles(folder, work, args.seed)
        wrong: list[str] = []
        for round_ in range(args.check_runs):
            for i, path in enumerate(new):
                result = run([*cmd, "dedupe", "--store", str(store), "--check", str(path),
                              "--format", "jsonl"], stdout_path=work / "check.jsonl", ok=(0, 1))
                # exit 1 means "found something": a result, not a failure
                check.seconds.append(result.seconds)
                check.rss_kib.append(result.rss_kib)
                check.failed += result.returncode not in (0, 1)
                expected = 1 if i % 2 == 0 else 0  # even: a near copy; odd: unrelated
                if round_ == 0 and result.returncode != expected:
                    wrong.append(f"{path.name} exit {result.returncode}, expected {expected}")
                floor.add(run([interpreter_of(cmd), "-c", FLOOR_IMPORTS]))
        if wrong:
            warn("--check verdicts: " + "; ".join(wrong))
        else:
            print(f"  check: --check flagged the {len(new) // 2} near copies (exit 1) and "
                  f"passed the {len(new) - len(new) // 2} unrelated articles (exit 0): OK")
        warm = warm_lookup_p95(store, new)
    if not args.keep:
        store.unlink(missing_ok=True)
    return SizeResult(size, ingest, ours, reference, check, floor, ours_eval, reference_eval,
                      warm)


# -- report ---------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def recall(figures: dict[str, Any] | None, kind: str) -> float | None:
    if figures is None:
        return None
    entry = figures["article"]["kinds"].get(kind)
    return None if entry is None else float(entry["recall"])


def pooled_recall(figures: dict[str, Any] | None) -> float | None:
    """Article recall over every labelled pair of every kind: the single figure the
    issue's "at equal or better recall" compares."""
    if figures is None:
        return None
    kinds = [figures["article"]["kinds"].get(k) for k in RECALL_KINDS]
    pairs = sum(k["pairs"] for k in kinds if k)
    return sum(k["recalled"] for k in kinds if k) / pairs if pairs else None


def report(results: list[SizeResult], dedupe: bool) -> None:
    print("\nResults (median wall seconds; peak RSS of the child process)")
    print(f"  {'size':>8} {'measurement':<34} {'median s':>9} {'min-max s':>13} "
          f"{'peak RSS MiB':>13}")
    for r in results:
        for line in (r.ingest, r.ours, r.reference):
            if not line.seconds:
                continue
            spread = f"{min(line.seconds):.2f}-{max(line.seconds):.2f}"
            print(f"  {r.size:>8,} {line.label:<34} {line.median:>9.2f} {spread:>13} "
                  f"{line.peak_bytes / 2**20:>13.0f}")
    print("\nArticle recall per kind (corpus dedupe | reference)")
    print(f"  {'kind':<16}" + "".join(f" {r.size:>17,}" for r in results))
    for kind in RECALL_KINDS:
        cells = []
        for r in results:
            ours, ref = recall(r.ours_eval, kind), recall(r.reference_eval, kind)
            cells.append(f"{'-' if ours is None else f'{ours:.3f}':>7} | "
                         f"{'-' if ref is None else f'{ref:.3f}':<7}")
        print(f"  {kind:<16}" + "".join(f" {c:>17}" for c in cells))
    cells = []
    for r in results:
        vals = [pooled_recall(e) for e in (r.ours_eval, r.reference_eval)]
        cells.append(" | ".join("-" if v is None else f"{v:.3f}" for v in vals))
    print(f"  {'all kinds':<16}" + "".join(f" {c:>17}" for c in cells))
    for label, key in (("precision", "precision"),):
        cells = []
        for r in results:
            vals = [None if e is None else e["article"][key] for e in (r.ours_eval,
                                                                        r.reference_eval)]
            cells.append(" | ".join("-" if v is None else f"{v:.3f}" for v in vals))
        print(f"  {label:<16}" + "".join(f" {c:>17}" for c in cells))
    for r in results:
        if r.ours_eval and r.ours_eval.get("passage"):
            p = r.ours_eval["passage"]
            print(f"  {r.size:,}: passage recall (edits <= 10%) "
                  f"{p['recall_upto_10pct'] or 0:.3f}, precision {p['precision']:.3f}; "
                  f"quality gate overall: {verdict(r.ours_eval['pass'])}")

    print("\nTargets (issue 3 §5)")
    if not dedupe:
        print("  corpus dedupe not measured (--reference-only or command missing): no verdicts")
        return
    largest = results[-1]
    big = next((r for r in results if r.size == FULL_PASS_SIZE), None)
    if big is not None:
        print(f"  full pass at {FULL_PASS_SIZE:,}: {big.ours.median:.1f} s (<= "
              f"{FULL_PASS_SECONDS:.0f} s): {verdict(big.ours.median <= FULL_PASS_SECONDS)}")
    else:
        print(f"  full pass at {FULL_PASS_SIZE:,}: not measured (add it to --sizes)")
    peak = max(r.ours.peak_bytes for r in results)
    print(f"  peak memory {peak / 2**20:.0f} MiB (<= 2048 MiB): {verdict(peak <= PEAK_BYTES)}")
    for r in results:
        ratio = r.reference.median / r.ours.median
        equal, lower = None, []
        if r.ours_eval is not None and r.reference_eval is not None:
            equal = (pooled_recall(r.ours_eval) or 0) >= (pooled_recall(r.reference_eval) or 0)
            lower = [f"{k} {recall(r.ours_eval, k) or 0:.3f} < {recall(r.reference_eval, k):.3f}"
                     for k in RECALL_KINDS
                     if (recall(r.ours_eval, k) or 0) < (recall(r.reference_eval, k) or 0)]
        print(f"  {r.size:,}: reference / corpus dedupe = {ratio:.2f}x (>= {SPEEDUP:.0f}x): "
              f"{verdict(ratio >= SPEEDUP)}; article recall over all kinds >= reference's: "
              f"{verdict(equal)}; kinds where it is lower: {', '.join(lower) or 'none'}")
    if len(results) >= 2:
        small = results[0]
        exponent = (math.log(largest.ours.median / small.ours.median)
                    / math.log(largest.size / small.size))
        ref_exponent = (math.log(largest.reference.median / small.reference.median)
                        / math.log(largest.size / small.size))
        print(f"  growth exponent {small.size:,} -> {largest.size:,}: {exponent:.3f} "
              f"(<= {EXPONENT}): {verdict(exponent <= EXPONENT)} (reference: "
              f"{ref_exponent:.3f})")
    for r in results:
        if r.check.seconds:
            ms = [s * 1000 for s in r.check.seconds]
            p95 = percentile(ms, 0.95)
            # The issue gives a percentile for the warm lookup only; the whole command is
            # judged on its median, as every other timing here (p95 printed beside it).
            median = statistics.median(ms)
            print(f"  {r.size:,}: --check whole command median {median:.0f} ms "
                  f"(< {CHECK_MS:.0f} ms): {verdict(median < CHECK_MS)}; p95 {p95:.0f} ms "
                  f"over {len(ms)} runs")
            if r.floor.seconds:
                # The machine's speed of the hour: what starting Python and importing the
                # libraries any check needs costs, run after each check.
                floor = statistics.median(s * 1000 for s in r.floor.seconds)
                print(f"      start-up floor ({FLOOR_IMPORTS!r}) median {floor:.0f} ms, "
                      f"interleaved: the command's own share {median - floor:.0f} ms")
        if r.warm_p95 is None:
            print(f"  {r.size:,}: warm in-process lookup p95: not measured "
                  "(no new article could be read)")
        else:
            print(f"  {r.size:,}: warm in-process lookup p95 {r.warm_p95:.1f} ms "
                  f"(< {WARM_LOOKUP_MS:.0f} ms): {verdict(r.warm_p95 < WARM_LOOKUP_MS)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="20000,200000",
                        help="corpus sizes, comma-separated (20000,200000)")
    parser.add_argument("--repeat", type=int, default=1, help="timed rounds per size (1)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    parser.add_argument("--check-runs", type=int, default=5,
                        help="rounds of --check over the 10 new articles (5)")
    parser.add_argument("--base", choices=("bbc", "polnear"), default="bbc",
                        help="the generator's base articles (bbc)")
    parser.add_argument("--data", type=Path, default=None,
                        help="the base's data set folder (bench/dedupe_corpus.py's default "
                        "for the base)")
    parser.add_argument("--keep", action="store_true", help="keep stores and outputs")
    parser.add_argument("--reference-only", action="store_true",
                        help="time and score only the reference (no corpus dedupe)")
    parser.add_argument("--cmd", help="corpus command line to run instead of the installed "
                        "script, e.g. '/path/to/python -m corpus_cli'")
    parser.add_argument("--install", action="store_true",
                        help="time this checkout installed as users install it (pip install "
                        "., not editable) in a new virtual environment in the scratch folder")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes comma-separated integers")
    if not sizes or args.repeat < 1 or args.check_runs < 1:
        parser.error("--sizes must not be empty; --repeat and --check-runs at least 1")
    if args.install and args.cmd:
        parser.error("--install and --cmd choose the command two ways: give one")
    scratch = Path(tempfile.mkdtemp(prefix="corpus-bench-dedupe-"))
    started = time.perf_counter()
    try:
        cmd = installed_command(scratch) if args.install else corpus_command(args.cmd)
        dedupe = not args.reference_only
        if dedupe and not has_dedupe(cmd):
            print(f"error: {shlex.join(cmd)} has no 'dedupe' command (yet); run with "
                  "--reference-only to measure the reference alone", file=sys.stderr)
            return 2
        print("corpus-cli dedupe benchmark")
        print(f"  corpus command : {shlex.join(cmd)}")
        print(f"  sizes, seed    : {', '.join(f'{s:,}' for s in sizes)}; seed {args.seed}")
        print(f"  repeat         : {args.repeat}")
        print(f"  corpora        : {CACHE}/<size>-<seed> (cached)")
        print(f"  scratch        : {scratch}" + (" (kept)" if args.keep else " (removed)"))
        results = [bench_size(size, args, cmd, scratch, dedupe) for size in sizes]
        report(results, dedupe)
        print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
