"""Speed and memory of ``corpus diff``'s core (alignment and word runs), against difflib.

Inputs, built from the BBC News data set (``../shared/data/bbc-news/bbc`` from the
repository root, ``--data PATH`` or ``$CORPUS_BBC_DATA`` otherwise):

- ``typical``: every BBC article of 4.5-6 KB (``--pairs`` of them, default 40) against a
  revision of itself generated with a fixed seed: words substituted in a third of the
  paragraphs, one paragraph deleted, one inserted (from another article), one moved, one
  split in two, two merged;
- ``large``: two 200 KB articles of 1,000 paragraphs each, A made of consecutive BBC
  paragraphs, B its revision by the same kinds of edits, at 10 times the rate.

What is timed, on the same already-segmented paragraphs (reading files is not the core):

- ``corpus``: ``corpus_cli.diff.run.diff_sides`` (candidates, chain, moves, splits,
  merges and word runs of every operation);
- ``difflib``: the obvious reference: ``difflib.SequenceMatcher(autojunk=False)`` over the
  normalised paragraphs, then a word-level SequenceMatcher inside each replaced block
  (paragraph by paragraph), as ``git diff --word-diff`` over one-paragraph lines would. It
  finds no moves, splits or merges: a floor for the cost of the job, not an equal.

Reported: median wall and CPU (process) time per pair, the ratio to difflib, and for the
large pair the peak RSS of a fresh process that builds it and diffs it once
(``ru_maxrss``, interpreter included). Targets: typical < 5 ms, large < 1 s and < 300 MB.

Run:  /work/venv/bin/python bench/bench_diff.py [--pairs 40] [--repeat 15] [--data PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from corpus_cli.diff.model import Side  # noqa: E402
from corpus_cli.diff.run import diff_sides  # noqa: E402
from corpus_cli.models import Paragraph  # noqa: E402
from corpus_cli.text.normalize import normalize  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("CORPUS_BBC_DATA",
                                   REPO_ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"))
TYPICAL_MS = 5.0
LARGE_S = 1.0
LARGE_MB = 300.0


def paragraphs_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    blocks = [" ".join(b.split()) for b in text.split("\n\n")]
    return [b for b in blocks[1:] if b]  # the first block is the headline


def revise(paras: list[str], rng: random.Random, donors: list[str], rate: int) -> list[str]:
    """A revision of ``paras``: substitutions, deletions, insertions, moves, splits, merges.

    ``rate`` of each structural edit (one per 1,000 paragraphs' worth at rate 10).
    """
    b = list(paras)
    vocabulary = ["said", "reported", "officials", "stunning", "about", "nearly", "new",
                  "Tuesday", "the", "several", "astonishing", "sharply"]
    for k in range(len(b)):
        if rng.random() < 1 / 3:
            words = b[k].split(" ")
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            b[k] = " ".join(words)
    for _ in range(rate):
        if len(b) > 4:
            del b[rng.randrange(len(b))]
        b.insert(rng.randrange(len(b) + 1), rng.choice(donors))
        b.insert(rng.randrange(len(b) + 1), b.pop(rng.randrange(len(b))))
        k = rng.randrange(len(b))
        words = b[k].split(" ")
        if len(words) > 8:
            cut = len(words) // 2
            b[k : k + 1] = [" ".join(words[:cut]), " ".join(words[cut:])]
        k = rng.randrange(len(b) - 1)
        b[k : k + 2] = [b[k] + " " + b[k + 1]]
    return b


def side(name: str, texts: list[str]) -> Side:
    paragraphs, pos = [], 0
    for k, t in enumerate(texts):
        paragraphs.append(Paragraph(k, pos, pos + len(t), t))
        pos += len(t) + 2
    return Side(name=name, id=None, path=name, title=name, paragraphs=tuple(paragraphs))


def difflib_reference(a: list[str], b: list[str]) -> int:
    na, nb = [normalize(t) for t in a], [normalize(t) for t in b]
    changed = 0
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, na, nb, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        for x, y in zip(na[a1:a2], nb[b1:b2], strict=False):
            words = SequenceMatcher(None, x.split(), y.split(), autojunk=False)
            changed += sum(1 for op in words.get_opcodes() if op[0] != "equal")
    return changed


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn`` over ``repeat`` calls (after one warm-up)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(wall), statistics.median(cpu)


def typical_pairs(data: Path, count: int) -> list[tuple[list[str], list[str]]]:
    files = sorted(p for p in data.glob("*/*.txt") if 4500 <= p.stat().st_size <= 6000)
    rng = random.Random(4)
    donors = [p for f in sorted(data.glob("sport/*.txt"))[:50] for p in paragraphs_of(f)]
    return [(paras, revise(paras, rng, donors, 1))
            for paras in (paragraphs_of(f) for f in files[:count])]


def large_pair(data: Path) -> tuple[list[str], list[str]]:
    pool = [p for f in sorted(data.glob("*/*.txt")) for p in paragraphs_of(f) if len(p) >= 198]
    # Paragraphs cut to 198 characters (plus the blank line: 200 bytes of ASCII text):
    # 1,000 of them make the 200 KB article.
    a = [p[:198].rstrip() for p in pool[:1000]]
    b = revise(a, random.Random(200), pool[-400:], 10)
    return a, b


def report_typical(data: Path, count: int, repeat: int) -> None:
    pairs = typical_pairs(data, count)
    if not pairs:
        print("no 4.5-6 KB articles found", file=sys.stderr)
        return
    sizes = [sum(len(t) for t in a) for a, _b in pairs]
    ours_wall, ours_cpu, ref_wall, ref_cpu = [], [], [], []
    for a, b in pairs:
        sa, sb = side("a", a), side("b", b)
        w, c = timed(lambda sa=sa, sb=sb: diff_sides(sa, sb), repeat)
        ours_wall.append(w)
        ours_cpu.append(c)
        w, c = timed(lambda a=a, b=b: difflib_reference(a, b), repeat)
        ref_wall.append(w)
        ref_cpu.append(c)
    ours, ref = statistics.median(ours_cpu) * 1000, statistics.median(ref_cpu) * 1000
    print(f"typical: {len(pairs)} pairs, median A size {statistics.median(sizes) / 1000:.1f} KB, "
          f"{statistics.median(len(a) for a, _b in pairs)} paragraphs")
    print(f"  corpus diff core  wall {statistics.median(ours_wall) * 1000:6.2f} ms   "
          f"cpu {ours:6.2f} ms   (worst pair cpu {max(ours_cpu) * 1000:.2f} ms)")
    print(f"  difflib reference wall {statistics.median(ref_wall) * 1000:6.2f} ms   "
          f"cpu {ref:6.2f} ms")
    print(f"  ratio corpus/difflib {ours / ref:.2f}   target < {TYPICAL_MS} ms: "
          f"{'PASS' if ours < TYPICAL_MS else 'FAIL'}")


def report_large(data: Path, repeat: int) -> None:
    a, b = large_pair(data)
    sa, sb = side("a", a), side("b", b)
    kb = sum(len(t) + 2 for t in a) / 1000
    wall, cpu = timed(lambda: diff_sides(sa, sb), repeat)
    ref_wall, ref_cpu = timed(lambda: difflib_reference(a, b), repeat)
    rss = peak_rss_mb(data)
    counts = diff_sides(sa, sb).counts()
    print(f"large: A {len(a)} paragraphs, {kb:.0f} KB; B {len(b)} paragraphs; ops "
          + ", ".join(f"{n} {k}" for k, n in counts.items() if n))
    print(f"  corpus diff core  wall {wall:6.3f} s   cpu {cpu:6.3f} s   peak RSS {rss:.0f} MB")
    print(f"  difflib reference wall {ref_wall:6.3f} s   cpu {ref_cpu:6.3f} s")
    ok = cpu < LARGE_S and rss < LARGE_MB
    print(f"  ratio corpus/difflib {cpu / ref_cpu:.2f}   target < {LARGE_S} s and "
          f"< {LARGE_MB:.0f} MB: {'PASS' if ok else 'FAIL'}")


def peak_rss_mb(data: Path) -> float:
    """Peak RSS of a fresh process that builds the large pair and diffs it once."""
    code = ("import resource, sys; sys.argv = ['x']; import bench_diff as m; "
            f"a, b = m.large_pair(m.Path({str(data)!r})); "
            "m.diff_sides(m.side('a', a), m.side('b', b)); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent,
                         capture_output=True, text=True, check=True).stdout
    return int(out.split()[-1]) / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"BBC data set folder [{DEFAULT_DATA}]")
    parser.add_argument("--pairs", type=int, default=40, help="typical pairs (40)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per input (15)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no BBC data at {args.data} (use --data PATH)", file=sys.stderr)
        return 2
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"ru_maxrss unit KiB ({resource.getpagesize()} B pages)")
    report_typical(args.data, args.pairs, args.repeat)
    report_large(args.data, max(3, args.repeat // 5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
