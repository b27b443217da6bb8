"""Run the fuzz targets of ``tests/fuzz/targets.py`` for minutes, by hand.

Each target (readers, normalize, quotes, diff, bounded lcs) gets an equal share of
``--minutes``: Hypothesis runs of ``--batch`` generated inputs each, with fresh random
seeds, one after another until its time is up. A run that fails is shrunk by Hypothesis
to a small input; the failure is recorded (distinct failures: by exception type and the
innermost line of corpus_cli it came from) and the target goes on with new runs.

Printed per target: inputs tried (every call of the check, shrinking included), runs,
distinct failures, and for each failure its exception, where it came from and the
smallest falsifying input found. ``--out FILE`` also writes the failures there. Exit
status 1 when any target failed, else 0.

Run:  python bench/fuzz.py [--minutes 30] [--targets readers,diff] [--batch 200]
      [--out bench/out/fuzz.txt]
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from tests.fuzz.targets import TARGETS, Target  # noqa: E402


@dataclass
class Tally:
    inputs: int = 0
    runs: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # where -> report


def _where(err: BaseException) -> str:
    """The exception type and the innermost frame inside corpus_cli (or tests)."""
    frames = traceback.extract_tb(err.__traceback__)
    inside = [f for f in frames if "/corpus_cli/" in f.filename] or [
        f for f in frames if "/tests/fuzz/" in f.filename] or frames[-1:]
    frame = inside[-1] if inside else None
    place = (f"{Path(frame.filename).relative_to(REPO_ROOT)}:{frame.lineno} ({frame.name})"
             if frame is not None and frame.filename.startswith(str(REPO_ROOT))
             else (f"{frame.filename}:{frame.lineno}" if frame else "?"))
    return f"{type(err).__name__} at {place}"


def fuzz(name: str, target: Target, seconds: float, batch: int, tally: Tally) -> None:
    deadline = time.monotonic() + seconds
    smallest: dict[str, str] = {}

    def check(value: object) -> None:
        tally.inputs += 1
        target.check(value)

    while time.monotonic() < deadline:
        run = settings(max_examples=batch, deadline=None, database=None,
                       suppress_health_check=list(HealthCheck),
                       phases=(Phase.generate, Phase.shrink))(given(target.strategy)(check))
        tally.runs += 1
        try:
            run()
        except Exception as err:  # every failure is what we are after
            where = _where(err)
            notes = "\n".join(getattr(err, "__notes__", []))
            message = "".join(traceback.format_exception_only(type(err), err)).strip()
            report = f"{message[:500]}\n{notes[:2000]}"
            if where not in smallest or len(report) < len(smallest[where]):
                smallest[where] = report
            tally.failures[where] = smallest[where]
            print(f"  {name}: failure {where}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=30.0, help="in all (30)")
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help=f"comma-separated, of: {', '.join(TARGETS)}")
    parser.add_argument("--batch", type=int, default=200, help="inputs per run (200)")
    parser.add_argument("--out", type=Path, help="also write the failures to this file")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}")
    share = args.minutes * 60 / len(names)
    tallies: dict[str, Tally] = {}
    started = time.monotonic()
    for name in names:
        print(f"{name}: {share / 60:.1f} min", flush=True)
        tallies[name] = Tally()
        fuzz(name, TARGETS[name], share, args.batch, tallies[name])
    minutes = (time.monotonic() - started) / 60
    lines = [f"fuzzed {minutes:.1f} min: " + ", ".join(
        f"{n} {t.inputs:,} inputs" for n, t in tallies.items()),
        f"{'target':<12} {'inputs':>10} {'runs':>6} {'failures':>8}"]
    for name, tally in tallies.items():
        lines.append(f"{name:<12} {tally.inputs:>10,} {tally.runs:>6} {len(tally.failures):>8}")
    for name, tally in tallies.items():
        for where, report in tally.failures.items():
            lines += ["", f"== {name}: {where}", report]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if any(t.failures for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
