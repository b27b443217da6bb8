"""Hostile sizes: ``corpus diff`` and ``corpus dedupe`` on one very long paragraph pair.

The 16 MiB size cap lets through an article that is one paragraph of megabytes; every
comparison must stay bounded on it (issue 20: 1 MB under 1 s, 10 MB under 10 s and
500 MB). Inputs, built from the BBC News data set (``../shared/data/bbc-news/bbc`` from
the repository root, ``--data PATH`` or ``$CORPUS_BBC_DATA`` otherwise), for each size S
of ``--sizes``:

- A: a headline, then one paragraph of S bytes: sentences of the BBC set drawn at random
  with a fixed seed (each sentence about twice at 10 MB, never long stretches repeated);
- B: a revision of A: 2 % of the words substituted, one sentence in 50 dropped, one in 50
  inserted from elsewhere, one in 100 moved.

Lines, each a whole command as a user runs it, in a fresh process:

- ``diff``: ``corpus diff A B --format json > file``;
- ``dedupe``: ``corpus dedupe --store :memory: A B --format jsonl > file`` (reading both,
  storing them in a store that lives for the command, and the full pass);
- ``reference``: ``corpus diff`` of two ordinary BBC articles (start-up and imports: the
  floor every command pays), timed in the same rounds.

Rounds are interleaved (every size and command once, then again), so the machine's load
falls on all alike. Printed per line: median wall seconds (min-max), median CPU seconds
(user + system), median peak RSS (the child's VmHWM, read from /proc while it runs), the
ratio to the reference, and PASS/FAIL against the targets. ``--cmd`` times another build
(for a before/after run: a build without the bounds takes minutes and gigabytes, so
``--timeout`` and ``--memory`` stop it, printed as ``timeout`` / ``out of memory``).

Run:  python bench/bench_bounds.py [--sizes 1M,10M] [--rounds 5] [--cmd CMD]
      [--timeout 120] [--memory 6G] [--data PATH] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO_ROOT = BENCH.parent
DEFAULT_DATA = Path(os.environ.get("CORPUS_BBC_DATA",
                                   REPO_ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"))
TARGETS = {(1_000_000, "diff"): (1.0, None), (1_000_000, "dedupe"): (1.0, None),
           (10_000_000, "diff"): (10.0, 500.0), (10_000_000, "dedupe"): (10.0, 500.0)}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SUBSTITUTES = ["said", "reported", "officials", "stunning", "about", "nearly", "new",
                "Tuesday", "the", "several", "astonishing", "sharply"]


def sentences(data: Path) -> list[str]:
    out = []
    for path in sorted(data.glob("*/*.txt")):
        body = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[-1]
        out += [" ".join(s.split()) for s in _SENTENCE.split(body) if len(s.split()) >= 4]
    return out


def long_pair(pool: list[str], size: int, seed: int = 20) -> tuple[str, str]:
    """A paragraph of ``size`` bytes and a revision of it (see the module's docstring)."""
    rng = random.Random(seed)
    a: list[str] = []
    total = 0
    while total < size:
        s = rng.choice(pool)
        a.append(s)
        total += len(s.encode()) + 1
    b = []
    for s in a:
        roll = rng.random()
        if roll < 0.02:
            continue  # dropped
        words = s.split(" ")
        for k in range(len(words)):
            if rng.random() < 0.02:
                words[k] = rng.choice(_SUBSTITUTES)
        b.append(" ".join(words))
        if roll > 0.98:
            b.append(rng.choice(pool))  # inserted
    for _ in range(len(b) // 100):
        b.insert(rng.randrange(len(b) + 1), b.pop(rng.randrange(len(b))))
    return " ".join(a), " ".join(b)


def write_inputs(folder: Path, pool: list[str], size: int) -> tuple[Path, Path]:
    a, b = long_pair(pool, size)
    pa, pb = folder / f"a-{size}.txt", folder / f"b-{size}.txt"
    pa.write_text(f"A long paragraph of {size} bytes\n\n{a}\n", encoding="utf-8")
    pb.write_text(f"A long paragraph of {size} bytes, revised\n\n{b}\n", encoding="utf-8")
    return pa, pb


@dataclass
class Result:
    seconds: float
    cpu: float
    rss_mb: float
    failure: str | None = None  # "timeout", "out of memory", "exit N"


@dataclass
class Line:
    results: list[Result] = field(default_factory=list)

    def ok(self) -> list[Result]:
        return [r for r in self.results if r.failure is None]

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.ok())


def run(argv: list[str], out: Path, timeout: float, memory: int | None) -> Result:
    """One command; wall and CPU seconds (``wait4``) and the peak RSS of that child alone."""

    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    failure = None
    with open(out, "wb") as sink, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=sink, stderr=errors,
                                preexec_fn=limit)
        peak_kib = 0
        while True:
            peak_kib = max(peak_kib, _high_water_kib(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                _pid, status, usage = os.wait4(proc.pid, 0)
                failure = "timeout"
                break
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read()
    if failure is None and code != 0:
        failure = ("out of memory" if b"MemoryError" in err or code == -9
                   else f"exit {code}: {err.decode(errors='replace')[-200:]}")
    return Result(elapsed, usage.ru_utime + usage.ru_stime, (peak_kib or usage.ru_maxrss) / 1024,
                  failure)


def _high_water_kib(pid: int) -> int:
    """The process's peak RSS so far (VmHWM). ``ru_maxrss`` of a child is no good: Linux
    charges it with the RSS of the parent that forked it."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def corpus_command(override: str | None) -> list[str]:
    if override:
        return shlex.split(override)
    found = shutil.which("corpus", path=os.path.dirname(sys.executable)) or shutil.which(
        "corpus")
    return [found] if found else [sys.executable, "-m", "corpus_cli"]


def parse_size(text: str, binary: bool = False) -> int:
    units = ({"k": 1 << 10, "m": 1 << 20, "g": 1 << 30} if binary
             else {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000})
    text = text.strip().lower()
    if text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1M,10M", help="paragraph sizes (1M,10M)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (5)")
    parser.add_argument("--cmd", help="the corpus command to time (this environment's)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run (120)")
    parser.add_argument("--memory", default="6G", help="address-space cap per run (6G)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="BBC data set folder")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no BBC data at {args.data} (use --data PATH)", file=sys.stderr)
        return 2
    corpus = corpus_command(args.cmd)
    memory = parse_size(args.memory, binary=True) if args.memory else None
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    scratch = Path(tempfile.mkdtemp(prefix="bench-bounds-"))
    try:
        pool = sentences(args.data)
        inputs = {size: write_inputs(scratch, pool, size) for size in sizes}
        ordinary = sorted(args.data.glob("business/*.txt"))[:2]
        commands: dict[str, list[str]] = {
            "reference": [*corpus, "diff", str(ordinary[0]), str(ordinary[1]), "-f", "json"]}
        for size, (a, b) in inputs.items():
            commands[f"{size} diff"] = [*corpus, "diff", str(a), str(b), "-f", "json"]
            commands[f"{size} dedupe"] = [*corpus, "dedupe", "--store", ":memory:", str(a),
                                          str(b), "-f", "jsonl"]
        lines = {name: Line() for name in commands}
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; corpus: "
              f"{shlex.join(corpus)}; sizes {sizes}; {args.rounds} rounds", flush=True)
        for round_ in range(args.rounds):
            names = list(commands) if round_ % 2 == 0 else list(commands)[::-1]
            for name in names:
                result = run(commands[name], scratch / "out", args.timeout, memory)
                lines[name].results.append(result)
                if result.failure:
                    print(f"  round {round_ + 1}: {name}: {result.failure}", flush=True)
        report(lines, sizes)
    finally:
        if args.keep:
            print(f"scratch kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def report(lines: dict[str, Line], sizes: list[int]) -> None:
    floor = lines["reference"].median("seconds") if lines["reference"].ok() else float("nan")
    print(f"{'line':<22} {'wall s median (min-max)':>26} {'cpu s':>7} {'peak MB':>8} "
          f"{'x ref':>6}  target")
    for name, line in lines.items():
        ok = line.ok()
        if not ok:
            print(f"{name:<22} {'all runs failed: ' + line.results[0].failure!s:>26}")
            continue
        wall = line.median("seconds")
        spread = f"{wall:.2f} ({min(r.seconds for r in ok):.2f}-{max(r.seconds for r in ok):.2f})"
        rss = line.median("rss_mb")
        verdict = ""
        if name != "reference":
            size, kind = name.split(" ")
            seconds, megabytes = TARGETS.get((int(size), kind), (None, None))
            if seconds is not None:
                passed = wall < seconds and (megabytes is None or rss < megabytes)
                verdict = (f"< {seconds:g} s" + (f", < {megabytes:g} MB" if megabytes else "")
                           + (": PASS" if passed else ": FAIL"))
        failed = len(line.results) - len(ok)
        note = f"  ({failed} run(s) failed)" if failed else ""
        print(f"{name:<22} {spread:>26} {line.median('cpu'):7.2f} {rss:8.0f} "
              f"{wall / floor:6.1f}  {verdict}{note}")


if __name__ == "__main__":
    sys.exit(main())
