"""Two builds of ``corpus`` side by side: the same commands on the same inputs, interleaved.

For a change that must not move speed (a restructuring, a refactor): ``--a`` is the build
before it, ``--b`` the build after. Both are timed in the same run, round after round and in
alternating order (A B, then B A), so the machine's load of the moment falls on both alike.
Each build gets stores of its own (an older build may not open a newer store).

Lines, each a whole command as a user runs it (wall seconds; peak RSS of the largest
process, and peak PSS of the process tree: the memory the command took, pages its forked
workers share counted once):

- ``ingest``: the labelled corpus of ``--size`` articles (``bench/dedupe_corpus.py``,
  cached) into a fresh store;
- ``dedupe (index built)``: the full pass right after that ingest, which builds the index;
- ``dedupe (index current)``: the full pass again;
- ``dedupe --check``: one new article against that store (``--checks`` articles, each its
  own run; light edits of stored ones and unrelated text, as ``bench_dedupe.py`` makes them);
- ``quotes``: ``corpus quotes --format jsonl`` over a store of the BBC set.

Printed: per line and build, the median (min-max) over rounds, and B / A of the medians
with the spread of A's own rounds beside it: a ratio inside A's spread is noise. Every
output of A and B is compared byte for byte (dedupe and quotes JSON Lines): a difference is
printed as a warning. Exit status 0 either way; 2 for a missing data set or a bad option.

With ``--only quotes`` only the ``quotes`` line is timed (no labelled corpus is made): for
a change to ``corpus quotes`` alone.

Run:  python bench/bench_ab.py --a CMD --b CMD [--size 20000] [--rounds 5] [--checks 5]
      [--data PATH] [--only quotes] [--keep]
e.g.  python bench/bench_ab.py --a /tmp/old-venv/bin/corpus --b .venv/bin/corpus
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import dedupe_corpus  # noqa: E402  (a sibling script, not a package)
from bench_dedupe import ensure_corpus, new_articles  # noqa: E402
from bench_ingest import Run, run, source_files, warn  # noqa: E402


@dataclass
class Line:
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    pss_kib: list[int] = field(default_factory=list)

    def add(self, result: Run) -> None:
        self.seconds.append(result.seconds)
        self.rss_kib.append(result.rss_kib)
        self.pss_kib.append(result.pss_kib)

    def median(self) -> float:
        return statistics.median(self.seconds)

    def describe(self) -> str:
        low, high = min(self.seconds), max(self.seconds)
        return (f"{self.median():7.3f} s ({low:.3f}-{high:.3f}), "
                f"{max(self.rss_kib) / 1024:6.0f} MiB largest process, "
                f"{max(self.pss_kib) / 1024:6.0f} MiB PSS of the tree")


LINES = ("ingest", "dedupe (index built)", "dedupe (index current)", "dedupe --check",
         "quotes")


def bbc_copy(data: Path, scratch: Path) -> Path:
    """The BBC articles without the data set's README (as bench_ingest.py reads them)."""
    folder = scratch / "bbc"
    for path in source_files(data):
        target = folder / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return folder


def one_round(name: str, cmd: list[str], work: Path, articles: Path | None,
              checks: list[Path], lines: dict[str, Line],
              outputs: dict[str, dict[str, bytes]]) -> None:
    if articles is not None:
        dedupe_round(name, cmd, work, articles, checks, lines, outputs)
    quotes_store = work / f"{name}-bbc" / "store.sqlite3"
    out = work / f"{name}-quotes.jsonl"
    lines["quotes"].add(run([*cmd, "quotes", "--store", str(quotes_store), "-f", "jsonl"],
                            stdout_path=out))
    outputs["quotes"][name] = out.read_bytes()


def dedupe_round(name: str, cmd: list[str], work: Path, articles: Path, checks: list[Path],
                 lines: dict[str, Line], outputs: dict[str, dict[str, bytes]]) -> None:
    store = work / name / "store.sqlite3"
    shutil.rmtree(store.parent, ignore_errors=True)
    store.parent.mkdir(parents=True)
    at = ["--store", str(store)]
    lines["ingest"].add(run([*cmd, "ingest", str(articles), *at, "-q", "-f", "jsonl"]))
    pred = work / f"{name}.jsonl"
    lines["dedupe (index built)"].add(run([*cmd, "dedupe", *at, "-q", "-f", "jsonl"],
                                          stdout_path=pred))
    outputs["dedupe"][name] = pred.read_bytes()
    lines["dedupe (index current)"].add(run([*cmd, "dedupe", *at, "-q", "-f", "jsonl"]))
    for n, article in enumerate(checks):
        out = work / f"{name}-check{n}.jsonl"
        lines["dedupe --check"].add(run([*cmd, "dedupe", *at, "--check", str(article), "-q",
                                         "-f", "jsonl"], stdout_path=out, ok=(0, 1)))
        outputs[f"check {n}"][name] = out.read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--a", required=True, help="the corpus command before the change")
    parser.add_argument("--b", required=True, help="the corpus command after the change")
    parser.add_argument("--size", type=int, default=20_000, help="labelled corpus size")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per build (5)")
    parser.add_argument("--checks", type=int, default=5, help="new articles checked (5)")
    parser.add_argument("--data", type=Path, default=dedupe_corpus.DEFAULT_DATA,
                        help=f"the BBC News folder ({dedupe_corpus.DEFAULT_DATA})")
    parser.add_argument("--only", choices=("quotes",),
                        help="time only this line (no labelled corpus is made)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.checks < 1:
        parser.error("--rounds and --checks must be at least 1")
    if not args.data.is_dir():
        print(f"error: no BBC data at {args.data} (--data)", file=sys.stderr)
        return 2
    builds = {"A": shlex.split(args.a), "B": shlex.split(args.b)}
    scratch = Path(tempfile.mkdtemp(prefix="corpus-bench-ab-"))
    started = time.perf_counter()
    try:
        shown = ("quotes",) if args.only else LINES
        articles = None if args.only else ensure_corpus(args.size, 1, args.data) / "articles"
        checks = [] if articles is None else new_articles(articles.parent, scratch, 1,
                                                           args.checks)
        bbc = bbc_copy(args.data, scratch)
        for name, cmd in builds.items():  # the quotes stores: built once, not timed
            store = scratch / f"{name}-bbc" / "store.sqlite3"
            run([*cmd, "ingest", str(bbc), "--store", str(store), "-q", "-f", "jsonl"])
        print("corpus-cli A/B benchmark")
        for name, cmd in builds.items():
            print(f"  {name}: {shlex.join(cmd)}")
        if articles is None:
            print(f"  quotes only, {args.rounds} rounds")
        else:
            print(f"  {args.size:,} articles, {args.rounds} rounds, {args.checks} checks a "
                  "round")
        lines = {name: {line: Line() for line in LINES} for name in builds}
        outputs: dict[str, dict[str, bytes]] = {}
        keys = ("quotes",) if articles is None else (
            "dedupe", "quotes", *(f"check {n}" for n in range(args.checks)))
        for key in keys:
            outputs[key] = {}
        for r in range(args.rounds):
            order = ["A", "B"] if r % 2 == 0 else ["B", "A"]
            for name in order:
                one_round(name, builds[name], scratch, articles, checks, lines[name],
                          outputs)
            print(f"  round {r + 1} done ({time.perf_counter() - started:.0f} s)", flush=True)
        for key, by_build in outputs.items():
            if by_build["A"] != by_build["B"]:
                warn(f"{key}: A and B printed different output")
        print(f"\n{'line':24} {'A median (min-max), peak':38} {'B median (min-max), peak':38}"
              f" B/A   A's spread")
        for line in shown:
            a, b = lines["A"][line], lines["B"][line]
            spread = f"{min(a.seconds) / a.median():.2f}-{max(a.seconds) / a.median():.2f}"
            print(f"{line:24} {a.describe():38} {b.describe():38} "
                  f"{b.median() / a.median():.2f}  {spread}")
        same = all(by_build["A"] == by_build["B"] for by_build in outputs.values())
        print(f"\noutputs identical: {'yes' if same else 'NO'}; total "
              f"{time.perf_counter() - started:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
