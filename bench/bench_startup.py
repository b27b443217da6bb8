"""Start-up time of the ``corpus`` command.

What is measured: wall-clock time of ``corpus --help`` run as a fresh subprocess (stdout
to /dev/null), against two references run by the same interpreter in the same session:
``python -c pass`` (bare interpreter start) and ``python -c "import typer"`` (the CLI
framework alone). ``corpus --help`` is the cheapest thing the command can do, so its time
is the fixed cost every invocation pays before doing any work.

How: each command gets 3 untimed warm-up runs, then N timed runs (default 30). Timed runs
are interleaved (corpus, python, typer, corpus, ...) so that drift in machine load hits all
three alike. Reported per command: median, p90 and min in milliseconds; for corpus also the
ratio of medians to bare Python and the overhead above it. With ``--importtime`` the script
also runs ``python -X importtime`` a few times and prints the 10 modules with the largest
(median) cumulative import time, once for ``import corpus_cli.cli.app`` and once for the
whole of ``corpus --help`` (help rendering imports more modules lazily).

Target: ``corpus --help`` median < 150 ms. PASS/FAIL is printed against it.

``--compare CMD`` times a second ``corpus`` build (another checkout's, say main's) in the same
interleaved rounds and prints the ratio of the two medians: on a loaded machine, where the
absolute figure drifts, that ratio tells whether a change moved start-up.

The ``corpus`` command is, in order: ``--cmd`` if given; the ``corpus`` script installed
next to this interpreter (the venv's own console script); ``shutil.which("corpus")``;
else ``python -m corpus_cli``.

Run:  /work/venv/bin/python bench/bench_startup.py [--runs 30] [--importtime] [--cmd CMD]
This is a manual benchmark, not part of the test suite; it writes no files.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

TARGET_MS = 150.0
WARMUPS = 3
IMPORTTIME_RUNS = 5


@dataclass(frozen=True)
class Timing:
    label: str
    samples_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p90(self) -> float:
        if len(self.samples_ms) < 2:
            return self.samples_ms[0]
        return statistics.quantiles(self.samples_ms, n=10, method="inclusive")[8]

    @property
    def min(self) -> float:
        return min(self.samples_ms)


def corpus_command(override: str | None) -> list[str]:
    """The ``corpus`` command line to benchmark (see the module docstring for the order)."""
    if override:
        return shlex.split(override)
    script_dir = os.path.dirname(sys.executable)
    found = shutil.which("corpus", path=script_dir) or shutil.which("corpus")
    if found:
        return [found]
    return [sys.executable, "-m", "corpus_cli"]


def run_once(argv: Sequence[str]) -> float:
    """Wall time of one run of ``argv`` in milliseconds; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = (time.perf_counter() - start) * 1000.0
    if proc.returncode != 0:
        sys.exit(f"error: {shlex.join(argv)} exited with {proc.returncode}:\n"
                 f"{proc.stderr.decode(errors='replace')}")
    return elapsed


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, Timing]:
    """Warm up every command, then time them ``runs`` times each, interleaved."""
    for argv in commands.values():
        for _ in range(WARMUPS):
            run_once(argv)
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, argv in commands.items():
            samples[label].append(run_once(argv))
    return {label: Timing(label, values) for label, values in samples.items()}


def importtime(argv: Sequence[str], runs: int) -> list[tuple[str, float, float]]:
    """``(module, median self ms, median cumulative ms)`` from ``-X importtime``, by cumulative.

    A module imported at several depths keeps its largest entry per run.
    """
    self_us: dict[str, list[int]] = defaultdict(list)
    cumulative_us: dict[str, list[int]] = defaultdict(list)
    for _ in range(runs):
        # A neutral working folder: from the repo root, -c and -m would import corpus_cli
        # from the source tree instead of through the installed package.
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False,
                              cwd=tempfile.gettempdir())
        if proc.returncode != 0:
            sys.exit(f"error: {shlex.join(argv)} exited with {proc.returncode}:\n{proc.stderr}")
        seen: dict[str, tuple[int, int]] = {}
        for line in proc.stderr.splitlines():
            if not line.startswith("import time:"):
                continue
            parts = line[len("import time:"):].split("|")
            if len(parts) != 3 or not parts[0].strip().isdigit():
                continue  # the header line
            module = parts[2].strip()
            entry = (int(parts[0]), int(parts[1]))
            if module not in seen or entry[1] > seen[module][1]:
                seen[module] = entry
        for module, (own, total) in seen.items():
            self_us[module].append(own)
            cumulative_us[module].append(total)
    rows = [(module, statistics.median(self_us[module]) / 1000.0,
             statistics.median(values) / 1000.0)
            for module, values in cumulative_us.items()]
    rows.sort(key=lambda row: row[2], reverse=True)
    return rows


def print_importtime(title: str, argv: Sequence[str], runs: int, top: int = 10) -> None:
    rows = importtime(argv, runs)
    print(f"\nimporttime, {title}: {shlex.join(argv)}")
    print(f"  top {top} by cumulative import time, median of {runs} runs "
          "(nested modules are counted in their parents too)")
    print(f"  {'module':<44} {'cumulative ms':>14} {'self ms':>9}")
    for module, own, total in rows[:top]:
        print(f"  {module:<44} {total:>14.1f} {own:>9.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per command (30)")
    parser.add_argument("--cmd", help="corpus command line to time instead of the installed "
                        "script, e.g. '/path/to/python -m corpus_cli'")
    parser.add_argument("--compare", metavar="CMD", help="a second corpus command line to "
                        "time in the same rounds, e.g. another checkout's .venv/bin/corpus")
    parser.add_argument("--importtime", action="store_true",
                        help="also print the top 10 modules by cumulative import time")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    corpus = corpus_command(args.cmd)
    python = sys.executable
    commands = {
        "corpus --help": [*corpus, "--help"],
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import typer'": [python, "-c", "import typer"],
    }
    if args.compare:
        commands["compare --help"] = [*shlex.split(args.compare), "--help"]
    print("corpus-cli start-up benchmark")
    print(f"  corpus command : {shlex.join(corpus)}")
    print(f"  interpreter    : {python} (Python {sys.version.split()[0]})")
    print(f"  runs           : {args.runs} timed per command, after {WARMUPS} warm-ups, "
          "interleaved")
    timings = measure(commands, args.runs)

    print(f"\n  {'command':<26} {'median ms':>10} {'p90 ms':>9} {'min ms':>9}")
    for label, timing in timings.items():
        print(f"  {label:<26} {timing.median:>10.1f} {timing.p90:>9.1f} {timing.min:>9.1f}")

    cli = timings["corpus --help"]
    bare = timings["python -c pass"]
    typer_only = timings["python -c 'import typer'"]
    print(f"\n  corpus --help / python -c pass (median) : {cli.median / bare.median:.2f}x")
    print(f"  corpus --help / import typer (median)   : {cli.median / typer_only.median:.2f}x")
    print(f"  corpus overhead above bare Python       : {cli.median - bare.median:.1f} ms")
    print(f"  corpus overhead above import typer      : {cli.median - typer_only.median:.1f} ms")
    if args.compare:
        other = timings["compare --help"]
        print(f"  corpus --help / compare --help (median)  : {cli.median / other.median:.2f}x")
    verdict = "PASS" if cli.median < TARGET_MS else "FAIL"
    print(f"\nTARGET corpus --help median < {TARGET_MS:.0f} ms: {verdict} "
          f"({cli.median:.1f} ms)")

    if args.importtime:
        print_importtime("import corpus_cli.cli.app",
                         [python, "-X", "importtime", "-c", "import corpus_cli.cli.app"],
                         IMPORTTIME_RUNS)
        print_importtime("corpus --help",
                         [python, "-X", "importtime", "-m", "corpus_cli", "--help"],
                         IMPORTTIME_RUNS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
