"""Time and size of ``corpus report`` on the BBC News set (2,225 articles).

    python bench/bench_report.py [--data DIR] [--repeat N] [--cmd CMD]

Not timed: the category folders' ``*.txt`` files copied into a scratch folder (as
``bbc/<category>/<n>.txt``, the paths a user ingesting the set would have), ingested into a
scratch store, and one ``corpus dedupe`` pass, which keeps its groups.

Timed, ``--repeat`` rounds (default 5), interleaved so that load on this shared machine hits
every command alike, each a fresh process as a user runs it:

- ``report, kept groups``: ``corpus report -o report.html`` on that store (the common case:
  groups read from the latest pass kept in the store);
- ``report, fresh pass``: the same on a copy of the store with no kept groups (copied before
  each round, untimed), so the report runs a dedupe pass itself;
- ``quotes (reference)``: ``corpus quotes -f jsonl`` on the store, whose work (quotes of every
  article, grouped) the report does too: the ratio to it says what the report adds, whatever
  the machine's load.

Prints median, min and max wall time, peak RSS and median CPU time (user and system, of
the process and the workers it forked: less swayed by other sessions than wall time) of
each, the report's size, and
PASS/FAIL against the targets: written in under 5 s (median, kept groups) and under 10 MB.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "bbc-news" / "bbc"
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")
TARGET_SECONDS = 5.0
TARGET_BYTES = 10 * 1000 * 1000


def corpus_command(override: str | None) -> list[str]:
    if override:
        return shlex.split(override)
    found = shutil.which("corpus", path=os.path.dirname(sys.executable)) or shutil.which("corpus")
    return [found] if found else [sys.executable, "-m", "corpus_cli"]


def run(argv: Sequence[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user and system, the forked workers
    it waited for included) of one run of ``argv``; stops the script on a failure.
    ``os.wait4`` gives that child's own resource usage."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"error: {shlex.join(argv)} failed:\n{err.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def prepare(data: Path, scratch: Path, corpus: list[str]) -> Path:
    files = 0
    for category in CATEGORIES:
        target = scratch / "bbc" / category
        target.mkdir(parents=True)
        for path in sorted((data / category).glob("*.txt")):
            shutil.copy2(path, target / path.name)
            files += 1
    print(f"  articles       : {files} files from {data}")
    store = scratch / ".corpus" / "corpus.sqlite3"
    run([*corpus, "ingest", "-q", "bbc/"], scratch)
    seconds, _rss, _cpu = run([*corpus, "dedupe", "-q", "-f", "jsonl"], scratch)
    print(f"  set-up         : ingested, one dedupe pass kept ({seconds:.1f} s)")
    return store


def without_groups(store: Path, copy: Path) -> None:
    """``copy``: the store as if no dedupe pass had ever kept groups."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as db:
        db.execute("DELETE FROM dedupe_members")
        db.execute("DELETE FROM dedupe_groups")
    db.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get(
        "CORPUS_BBC_DATA", DEFAULT_DATA)), help="the BBC set's folder (bbc/ with its "
        "category folders)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (5)")
    parser.add_argument("--cmd", help="corpus command line to time, e.g. "
                        "'/path/to/python -m corpus_cli' (default: the installed script)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    if not all((args.data / c).is_dir() for c in CATEGORIES):
        print(f"error: no BBC set at {args.data} (--data DIR)", file=sys.stderr)
        return 2
    corpus = corpus_command(args.cmd)
    scratch = Path(tempfile.mkdtemp(prefix="bench-report-"))
    print("corpus report benchmark")
    print(f"  corpus command : {shlex.join(corpus)}")
    try:
        store = prepare(args.data, scratch, corpus)
        bare = scratch / "bare.sqlite3"
        samples: dict[str, list[tuple[float, float, float]]] = {
            "report, kept groups": [], "report, fresh pass": [], "quotes (reference)": []}
        sizes = set()
        for _ in range(args.repeat):
            samples["report, kept groups"].append(
                run([*corpus, "report", "-q", "-o", "report.html"], scratch))
            sizes.add((scratch / "report.html").stat().st_size)
            without_groups(store, bare)
            samples["report, fresh pass"].append(
                run([*corpus, "report", "-q", "--store", str(bare), "-o", "fresh.html"],
                    scratch))
            samples["quotes (reference)"].append(
                run([*corpus, "quotes", "-q", "-f", "jsonl"], scratch))
        print(f"\n  {'command':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MiB':>9} "
              f"{'cpu s':>7}")
        medians = {}
        for name, found in samples.items():
            times = [s for s, _m, _c in found]
            medians[name] = statistics.median(times)
            print(f"  {name:<22} {medians[name]:>9.2f} {min(times):>7.2f} {max(times):>7.2f} "
                  f"{max(m for _s, m, _c in found):>9.0f} "
                  f"{statistics.median(c for _s, _m, c in found):>7.2f}")
        size = max(sizes)
        kept = medians["report, kept groups"]
        print(f"\n  report size: {size / 1e6:.2f} MB ({size:,} bytes); "
              f"fresh pass: {(scratch / 'fresh.html').stat().st_size / 1e6:.2f} MB")
        print(f"  report / quotes (medians): kept groups "
              f"{kept / medians['quotes (reference)']:.2f}x, fresh pass "
              f"{medians['report, fresh pass'] / medians['quotes (reference)']:.2f}x")
        ok_time, ok_size = kept < TARGET_SECONDS, size < TARGET_BYTES
        print(f"\nTARGET written in < {TARGET_SECONDS:.0f} s (median, kept groups): "
              f"{'PASS' if ok_time else 'FAIL'} ({kept:.2f} s)")
        print(f"TARGET < {TARGET_BYTES / 1e6:.0f} MB: {'PASS' if ok_size else 'FAIL'} "
              f"({size / 1e6:.2f} MB)")
    finally:
        if args.keep:
            print(f"  scratch kept at {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
