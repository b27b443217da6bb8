"""What a user times: ``corpus dedupe DIR`` on a fresh store, end to end, and ``corpus ingest``
against ``wc -w`` on the same files (issue 21's targets).

For each size in ``--sizes`` (default 20000,200000), on the labelled corpus of
``bench/dedupe_corpus.py`` (cached under ``bench/out/dedupe/``, see ``bench_dedupe.py``),
``--repeat`` rounds, interleaved, of:

- ``corpus dedupe DIR --store FRESH --format jsonl > pred.jsonl``: a new, empty store each
  round, so the time is reading, storing, indexing and comparing, as a new user meets it;
- the reference, ``bench/dedupe_reference.py DIR`` (datasketch MinHash + MinHashLSH; it reads
  and normalises the same files);
- ``corpus ingest DIR --store FRESH -q --format jsonl``, then the same command again into that
  store (every file unchanged: the re-ingest);
- ``wc -w`` over the same files (``find DIR -name '*.txt' -print0 | xargs -0 wc -w``).

Every run's wall time and peak memory (``bench_ingest.run``: sampled from ``/proc``): the
largest process's and the whole process tree's (its members' RSS summed: forked workers
share pages, so the sum overstates what they hold together; both are printed). Both outputs
are scored by ``python -m corpus_cli.evaluate.dedupe``. Then ``corpus dedupe --store STORE
--check NEW.txt`` (the store the last end-to-end round left) for the 10 new articles
``bench_dedupe.py`` makes, ``--check-runs`` rounds: whole-command median and p95.

``--ingest-only`` times ingest, re-ingest and ``wc -w`` alone (no dedupe, reference or
``--check``); ``--before-cmd CMD`` also times ingest and re-ingest with another corpus
command (an earlier checkout, say) in the same rounds, interleaved, for before/after
figures measured under the same load.

Printed: medians, ratios against the references of the same run, and PASS/FAIL against issue
21: end to end >= 3x the reference at 20,000 and 200,000 with article recall at least the
reference's; ingest >= 0.3x ``wc -w`` at 200,000 articles; re-ingest >= 1x ``wc -w``; at
1,000,000 (``--sizes 1000000``) end to end <= 300 s and <= 4 GiB (the tree's sampled peak)
and ``--check`` median < 300 ms. Exit status 0 either way; 2 for a bad option or a missing
data set.

Run:  python bench/bench_e2e.py [--sizes 20000,200000] [--repeat 1] [--seed 1]
      [--check-runs 3] [--base bbc|polnear] [--cmd CMD | --install] [--keep]
      [--ingest-only] [--before-cmd CMD]
"""

from __future__ import annotations

import argparse
import math
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_dedupe import (  # noqa: E402  (a sibling script, not a package)
    ensure_corpus,
    evaluate,
    new_articles,
    percentile,
    pooled_recall,
)
from bench_ingest import (  # noqa: E402
    WC_SCRIPT,
    Run,
    corpus_command,
    installed_command,
    run,
)

SPEEDUP = 3.0  # end to end against the reference, at 20,000 and 200,000
INGEST_RATIO = 0.3  # ingest MB/s against wc -w's, at 200,000
REINGEST_RATIO = 1.0
MILLION = 1_000_000
MILLION_SECONDS = 300.0
MILLION_BYTES = 4 * 1024**3
CHECK_MS = 300.0


@dataclass
class Line:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs) if self.runs else math.nan

    def cell(self) -> str:
        if not self.runs:
            return "not measured"
        seconds = sorted(r.seconds for r in self.runs)
        largest = max(r.rss_kib for r in self.runs) / 1024
        tree = max(r.tree_kib for r in self.runs) / 1024
        return (f"{self.median:8.2f} s ({seconds[0]:.2f}-{seconds[-1]:.2f}); peak "
                f"{largest:,.0f} MiB largest process, {tree:,.0f} MiB tree")


@dataclass
class SizeResult:
    size: int
    megabytes: float
    lines: dict[str, Line]
    ours_eval: dict[str, Any] | None
    reference_eval: dict[str, Any] | None
    check_ms: list[float]


def input_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.txt"))


def bench_size(size: int, args: argparse.Namespace, cmd: list[str],
               scratch: Path, before: list[str] | None = None) -> SizeResult:
    print(f"\n== {size:,} articles", flush=True)
    folder = ensure_corpus(size, args.seed, None, args.base)
    articles = folder / "articles"
    megabytes = input_bytes(articles) / 1e6
    work = scratch / str(size)
    work.mkdir(parents=True)
    lines = {key: Line(label) for key, label in (
        ("e2e", "corpus dedupe DIR (fresh store)"), ("reference", "reference over the files"),
        ("ingest", "corpus ingest DIR (fresh store)"), ("reingest", "re-ingest, all unchanged"),
        ("wc", "wc -w over the files"), ("ingest_before", "ingest, --before-cmd"),
        ("reingest_before", "re-ingest, --before-cmd"))}
    pred, ref_pred = work / "pred.jsonl", work / "reference.jsonl"
    store = work / "e2e.sqlite3"
    for round_ in range(1, args.repeat + 1):
        print(f"  round {round_}/{args.repeat}:", end="", flush=True)
        for path in work.glob("*.sqlite3*"):
            path.unlink()
        steps = [
            ("e2e", [*cmd, "dedupe", str(articles), "--store", str(store), "--format",
                     "jsonl"], pred),
            ("reference", [sys.executable, str(BENCH / "dedupe_reference.py"),
                           str(articles)], ref_pred),
            ("ingest", [*cmd, "ingest", str(articles), "--store", str(work / "i.sqlite3"),
                        "-q", "--format", "jsonl"], None),
            ("reingest", [*cmd, "ingest", str(articles), "--store",
                          str(work / "i.sqlite3"), "-q", "--format", "jsonl"], None),
            ("wc", ["bash", "-c", WC_SCRIPT, "bash", str(articles)], None),
        ]
        if before is not None:
            steps += [(f"{key}_before", [*before, "ingest", str(articles), "--store",
                                         str(work / "before.sqlite3"), "-q", "--format",
                                         "jsonl"], None) for key in ("ingest", "reingest")]
        if args.ingest_only:
            steps = [step for step in steps if step[0] not in ("e2e", "reference")]
        for key, argv, out in steps:
            result = run(argv, stdout_path=out)
            lines[key].runs.append(result)
            print(f" {key} {result.seconds:.1f} s", end=",", flush=True)
        print(flush=True)
    if args.ingest_only:
        return SizeResult(size, megabytes, lines, None, None, [])
    ours_eval = evaluate(folder, pred)
    reference_eval = evaluate(folder, ref_pred)
    check_ms: list[float] = []
    new = new_articles(folder, work, args.seed)
    for _round in range(args.check_runs):
        for path in new:
            result = run([*cmd, "dedupe", "--store", str(store), "--check", str(path),
                          "--format", "jsonl"], ok=(0, 1))
            check_ms.append(result.seconds * 1000)
    if not args.keep:
        for path in work.glob("*.sqlite3*"):
            path.unlink()
    return SizeResult(size, megabytes, lines, ours_eval, reference_eval, check_ms)


def args_ingest_only(r: SizeResult) -> bool:
    """Was this size timed with ``--ingest-only`` (no end-to-end run)?"""
    return not r.lines["e2e"].runs


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def report(results: list[SizeResult]) -> None:
    print("\nResults (median wall seconds, min-max; peak memory over the rounds)")
    for r in results:
        print(f"  {r.size:,} articles, {r.megabytes:,.1f} MB")
        for key, line in r.lines.items():
            if line.runs or not (key.endswith("_before") or args_ingest_only(r)):
                print(f"    {line.label:<34} {line.cell()}")
        if args_ingest_only(r):
            continue
        ours, ref = pooled_recall(r.ours_eval), pooled_recall(r.reference_eval)
        print(f"    article recall over all kinds: corpus {ours or math.nan:.3f}, reference "
              f"{ref or math.nan:.3f}; corpus precision "
              f"{(r.ours_eval or {}).get('article', {}).get('precision', math.nan):.4f}")
        if r.check_ms:
            print(f"    dedupe --check, whole command: median {statistics.median(r.check_ms):.0f}"
                  f" ms, p95 {percentile(r.check_ms, 0.95):.0f} ms over {len(r.check_ms)}")
    print("\nTargets (issue 21)")
    for r in results:
        e2e, ref, wc = r.lines["e2e"], r.lines["reference"], r.lines["wc"]
        if e2e.runs:
            ratio = ref.median / e2e.median
            recall_ok = None
            if r.ours_eval is not None and r.reference_eval is not None:
                recall_ok = (pooled_recall(r.ours_eval) or 0) >= (
                    pooled_recall(r.reference_eval) or 0)
            print(f"  {r.size:,}: end to end, reference / corpus dedupe DIR = {ratio:.2f}x "
                  f"(>= {SPEEDUP:.0f}x): {verdict(ratio >= SPEEDUP)}; recall >= reference's: "
                  f"{verdict(recall_ok)}")
        ingest = wc.median / r.lines["ingest"].median
        reingest = wc.median / r.lines["reingest"].median
        print(f"  {r.size:,}: ingest {r.megabytes / r.lines['ingest'].median:.1f} MB/s = "
              f"{ingest:.3f}x wc -w (>= {INGEST_RATIO}x at 200,000): "
              f"{verdict(ingest >= INGEST_RATIO) if r.size >= 200_000 else 'n/a'}; "
              f"re-ingest {reingest:.2f}x wc -w (>= {REINGEST_RATIO:.0f}x): "
              f"{verdict(reingest >= REINGEST_RATIO)}")
        if r.lines["reingest_before"].runs:
            print(f"  {r.size:,}: --before-cmd: ingest "
                  f"{wc.median / r.lines['ingest_before'].median:.3f}x wc -w, re-ingest "
                  f"{wc.median / r.lines['reingest_before'].median:.2f}x wc -w")
        if r.size >= MILLION and e2e.runs:
            tree = max(run.tree_kib for run in e2e.runs) * 1024
            check = statistics.median(r.check_ms) if r.check_ms else math.nan
            print(f"  {r.size:,}: end to end {e2e.median:.0f} s (<= {MILLION_SECONDS:.0f} s): "
                  f"{verdict(e2e.median <= MILLION_SECONDS)}; tree peak "
                  f"{tree / 2**30:.2f} GiB (<= 4 GiB): {verdict(tree <= MILLION_BYTES)}; "
                  f"--check median {check:.0f} ms (< {CHECK_MS:.0f} ms): "
                  f"{verdict(check < CHECK_MS)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="20000,200000",
                        help="corpus sizes, comma-separated (20000,200000)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per size (1)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    parser.add_argument("--check-runs", type=int, default=3,
                        help="rounds of --check over the 10 new articles (3)")
    parser.add_argument("--base", choices=("bbc", "polnear"), default="bbc",
                        help="the generator's base articles (bbc)")
    parser.add_argument("--cmd", help="corpus command line to time instead of the installed "
                        "script")
    parser.add_argument("--install", action="store_true",
                        help="time this checkout installed with pip install . in a new venv")
    parser.add_argument("--keep", action="store_true", help="keep stores and outputs")
    parser.add_argument("--ingest-only", action="store_true",
                        help="time ingest, re-ingest and wc -w alone")
    parser.add_argument("--before-cmd", help="another corpus command line whose ingest and "
                        "re-ingest are timed in the same rounds (before/after figures)")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes comma-separated integers")
    if not sizes or args.repeat < 1 or args.check_runs < 0:
        parser.error("--sizes must not be empty, --repeat at least 1")
    if args.install and args.cmd:
        parser.error("--install and --cmd choose the command two ways: give one")
    scratch = Path(tempfile.mkdtemp(prefix="corpus-bench-e2e-"))
    started = time.perf_counter()
    try:
        cmd = installed_command(scratch) if args.install else corpus_command(args.cmd)
        print("corpus-cli end-to-end benchmark")
        print(f"  corpus command : {shlex.join(cmd)}")
        print(f"  sizes, seed    : {', '.join(f'{s:,}' for s in sizes)}; seed {args.seed}; "
              f"base {args.base}")
        print(f"  scratch        : {scratch}" + (" (kept)" if args.keep else " (removed)"))
        before = shlex.split(args.before_cmd) if args.before_cmd else None
        if before is not None:
            print(f"  before command : {shlex.join(before)}")
        results = [bench_size(size, args, cmd, scratch, before) for size in sizes]
        report(results)
        print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
