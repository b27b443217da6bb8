"""Peak memory of ``corpus ingest`` for one article as large as the cap lets through.

README promises memory bounded by the per-article cap (``--max-size``); issue 20 set the
target at twice the cap. Inputs, written once to a temporary folder:

- ``words``: one line of ``--size`` MB of short ASCII words ("word word ...");
- ``mixed``: a headline, then one line of ``--size`` MB of news-like sentences with
  capitals, curly quotes and dashes (Python keeps such text at two bytes a character);
- ``one-word``: ``--size`` MB of one letter, no space at all.

Each is ingested into a fresh store with ``--max-size --cap``, ``--rounds`` times, by each
build given (``--corpus CMD``, repeatable; default: the ``corpus`` installed beside this
interpreter), and the peak RSS of the process (``os.wait4``) is printed with its ratio to
the input's size and to the cap, then the same less the peak of ingesting one small
article (the interpreter and its libraries: about 60 MiB, more than twice a 16 MiB
cap). PASS means the whole peak is within twice the cap. A build that refuses an input
or fails is reported so.

Run:  python bench/bench_memory.py [--size 300] [--cap 400M] [--rounds 1]
      [--inputs words,mixed,one-word] [--corpus CMD ...] [--keep]
e.g.  python bench/bench_memory.py --corpus /tmp/main-venv/bin/corpus --corpus .venv/bin/corpus
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_ingest import run  # noqa: E402  (a sibling script, not a package)

MIB = 1 << 20


def _repeat(path: Path, size: int, head: bytes, unit: bytes, tail: bytes = b"\n") -> None:
    """``head``, then ``unit`` repeated to ``size`` bytes in all, then ``tail``."""
    block = unit * max(1, MIB // len(unit))
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        while written + len(block) <= size:
            out.write(block)
            written += len(block)
        out.write(unit * ((size - written) // len(unit)))
        out.write(tail)


INPUTS: dict[str, Callable[[Path, int], None]] = {
    "words": lambda path, size: _repeat(path, size, b"", b"word "),
    "mixed": lambda path, size: _repeat(
        path, size, b"A Headline For It\n\n",
        "The Quick brown Fox said “hello” — again. ".encode()),
    "one-word": lambda path, size: _repeat(path, size, b"", b"x"),
}


def parse_size(text: str) -> int:
    units = {"k": 1 << 10, "m": MIB, "g": 1 << 30}
    text = text.strip().lower().removesuffix("ib").removesuffix("b")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def default_corpus() -> list[str]:
    script = shutil.which("corpus", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "corpus_cli"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=300, help="input size, MB (MiB)")
    parser.add_argument("--cap", default="400M", help="--max-size given to ingest")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--inputs", default=",".join(INPUTS))
    parser.add_argument("--corpus", action="append", default=[],
                        help="a build's corpus command (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    names = [n.strip() for n in args.inputs.split(",") if n.strip()]
    unknown = [n for n in names if n not in INPUTS]
    if unknown:
        parser.error(f"unknown inputs: {', '.join(unknown)} (known: {', '.join(INPUTS)})")
    builds = [shlex.split(c) for c in args.corpus] or [default_corpus()]
    size, cap = int(args.size * MIB), parse_size(args.cap)
    scratch = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    print(f"input {size / MIB:,.0f} MiB, --max-size {args.cap} ({cap / MIB:,.0f} MiB), "
          f"target peak <= 2 x cap = {2 * cap / MIB:,.0f} MiB; {args.rounds} round(s)")
    try:
        small = scratch / "small.txt"
        small.write_text("A headline\n\nOne short paragraph of a small article.\n")
        base = {}
        for build in builds:
            done = run([*build, "ingest", str(small), "--store", str(scratch / "base.sqlite3"),
                        "-q"])
            base[shlex.join(build)] = done.rss_kib / 1024
            print(f"base (one small article) {shlex.join(build)[-40:]:>40s}  peak "
                  f"{base[shlex.join(build)]:,.0f} MiB")
        for name in names:
            path = scratch / f"{name}.txt"
            INPUTS[name](path, size)
            for build in builds:
                peaks, failed = [], None
                for n in range(args.rounds):
                    store = scratch / f"store-{n}.sqlite3"
                    done = run([*build, "ingest", str(path), "--max-size", args.cap,
                                "--store", str(store), "-q"], ok=(0, 3))
                    for leftover in scratch.glob("store-*"):
                        leftover.unlink()
                    if done.returncode != 0:
                        failed = f"exit {done.returncode}"
                        break
                    peaks.append(done.rss_kib / 1024)
                label = f"{name:9s} {shlex.join(build)[-40:]:>40s}"
                if failed:
                    print(f"{label}  {failed}")
                    continue
                peak = statistics.median(peaks)
                above = peak - base[shlex.join(build)]
                verdict = "PASS" if peak * MIB <= 2 * cap else "FAIL"
                print(f"{label}  peak {peak:8,.0f} MiB  ({min(peaks):,.0f}-{max(peaks):,.0f})"
                      f"  {peak * MIB / path.stat().st_size:4.2f} x input"
                      f"  {peak * MIB / cap:4.2f} x cap  {verdict};  above base {above:,.0f} MiB"
                      f"  {above * MIB / path.stat().st_size:4.2f} x input")
            path.unlink()
    finally:
        if args.keep:
            print(f"scratch kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
