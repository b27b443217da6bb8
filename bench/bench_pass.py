"""The full dedupe pass of two builds on one large store, side by side (issue 21, memory).

``bench_ab.py`` ingests a new store for every round; at a million articles that is six
minutes a round. Here the store is made once (``corpus ingest``), and each round runs
``corpus dedupe --store COPY -f jsonl`` with build A and build B, alternating which goes
first, each on a fresh copy of that store: a first pass, which also builds the dedupe
index, as a user's first ``corpus dedupe`` after ingesting does.

Printed per run: wall seconds; peak RSS of the largest process; peak RSS of the process
tree summed (a page forked workers share is counted in each of them); peak PSS of the tree
(each shared page counted once: the memory the command took). Then the medians, B / A,
and whether the two builds printed the same JSON Lines (``cmp``).

Run:  python bench/bench_pass.py --store STORE --a CMD --b CMD [--rounds 2] [--scratch DIR]
e.g.  python bench/bench_pass.py --store /tmp/s1m.sqlite3 \\
          --a "env PYTHONPATH=/tmp/before python -m corpus_cli" \\
          --b "env PYTHONPATH=/tmp/after python -m corpus_cli"
Run it from outside the checkout (``python -m`` puts the working folder first on the path).
"""

from __future__ import annotations

import argparse
import filecmp
import shlex
import shutil
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_ingest import Run, run  # noqa: E402  (a sibling script, not a package)


def fresh_copy(store: Path, scratch: Path) -> Path:
    """A copy of ``store`` (its WAL checkpointed in: the store is closed) in ``scratch``."""
    copy = scratch / "pass.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(store, copy)
    return copy


def describe(runs: list[Run]) -> str:
    gib = 1 << 20
    return (f"{statistics.median(r.seconds for r in runs):7.1f} s, "
            f"largest {max(r.rss_kib for r in runs) / gib:5.2f} GiB, "
            f"tree RSS {max(r.tree_kib for r in runs) / gib:5.2f} GiB, "
            f"tree PSS {max(r.pss_kib for r in runs) / gib:5.2f} GiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--a", required=True, help="build A's command (before)")
    parser.add_argument("--b", required=True, help="build B's command (after)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/bench-pass"))
    args = parser.parse_args()
    if not args.store.is_file() or Path(f"{args.store}-wal").exists():
        print(f"{args.store}: not a closed store (ingest into it first)", file=sys.stderr)
        return 2
    args.scratch.mkdir(parents=True, exist_ok=True)
    builds = {"A": shlex.split(args.a), "B": shlex.split(args.b)}
    runs: dict[str, list[Run]] = {"A": [], "B": []}
    for n in range(args.rounds):
        for name in ("A", "B") if n % 2 == 0 else ("B", "A"):
            copy = fresh_copy(args.store, args.scratch)
            out = args.scratch / f"{name}-{n}.jsonl"
            done = run([*builds[name], "dedupe", "--store", str(copy), "-f", "jsonl"],
                       stdout_path=out, cwd=args.scratch)
            runs[name].append(done)
            print(f"round {n + 1} {name}: {describe([done])}", flush=True)
    same = all(filecmp.cmp(args.scratch / f"A-{n}.jsonl", args.scratch / f"B-{n}.jsonl",
                           shallow=False) for n in range(args.rounds))
    ratio = statistics.median(r.seconds for r in runs["B"]) / \
        statistics.median(r.seconds for r in runs["A"])
    print(f"\nA: {describe(runs['A'])}\nB: {describe(runs['B'])}\n"
          f"B/A time {ratio:.2f}; outputs identical: {'yes' if same else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
