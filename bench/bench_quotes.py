"""Speed of quote extraction, attribution and grouping; and hostile inputs.

    python bench/bench_quotes.py [--data DIR] [--repeat N] [--install] [--against PYTHON]
                                 [--command-only]

1. The BBC News set (``<repo>/../shared/data/bbc-news`` or ``$CORPUS_BBC_NEWS``): the
   articles are read and segmented first (not timed, that is ingest's work), then quotes
   are found in every article and grouped across all of them. Prints MB/s (median of
   the runs; target >= 5 MB/s), the wall time of each phase (quotation marks, speakers,
   grouping) and, as a reference measured in the same run, the speed of one
   ``str.split()`` pass over the same texts.
2. The whole command: the BBC set ingested into a temporary store (not timed), then
   ``corpus quotes --format jsonl`` run as a user would (interpreter start, store reads,
   quotes, groups and the records written), median wall time of the runs, cold (the
   first run after ingest: it finds every quote and keeps it) and warm (the runs after);
   with ``--install``, this checkout installed as users install it (an editable install
   adds ~50 ms to every start); with ``--against PYTHON``, another build (main's, in a
   venv of its own) timed in the same rounds, and the outputs compared.
3. Hostile inputs of 100 KB (thousands of unbalanced marks, marks in every position,
   runs of capitalised words, cue verbs without end, no spaces at all) and one 10 MB
   paragraph: milliseconds each (target < 100 ms per 100 KB).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus_cli.models import Document, Paragraph  # noqa: E402
from corpus_cli.quotes import quotes_of_article  # noqa: E402
from corpus_cli.quotes.corpus import article_quotes  # noqa: E402
from corpus_cli.quotes.extract import extract  # noqa: E402
from corpus_cli.quotes.group import Located, group_quotes  # noqa: E402
from corpus_cli.text.article import build_article  # noqa: E402
from corpus_cli.workers import MAX_WORKERS, can_fork, cpu_count  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "bbc-news"
KB = 1024


def hostile_inputs(size: int = 100 * KB) -> dict[str, str]:
    """Text built to make each pattern work hardest; every one is ``size`` characters."""

    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "unbalanced doubles": fill('"'),
        "unbalanced openers": fill("“a "),
        "alternating marks": fill("“‘\"'”’«»„‚"),
        "marks between letters": fill("a'b\"c’d”e“"),
        "apostrophes": fill("don't Putin’s rock'n'roll "),
        "open quote, no close": "“" + fill("word ")[1:],
        "nested openers": fill("“ ‘ “ ‘ x "),
        "capitalised words": fill("Mr Smith Jones Said "),
        "cue verbs": '"Yes," ' + fill("said told wrote added ")[7:],
        "quote per word": fill('"a" said X. '),
        "no spaces": fill("“abc”said"),
        "dots and capitals": fill("A. B. C. "),
    }


def _paragraph_of(text: str) -> list[Paragraph]:
    return [Paragraph(0, 0, len(text), text)]


def time_hostile(text: str) -> float:
    start = time.perf_counter()
    quotes_of_article(text, _paragraph_of(text), None)
    return (time.perf_counter() - start) * 1000


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern at module level in corpus_cli.quotes."""
    import importlib

    found = []
    for module in ("extract", "attribute", "names", "group", "speakers"):
        mod = importlib.import_module(f"corpus_cli.quotes.{module}")
        found += [(f"{module}.{name}", value) for name, value in vars(mod).items()
                  if isinstance(value, re.Pattern)]
    return found


def pattern_ms(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return (time.perf_counter() - start) * 1000


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _bbc_files(data: Path) -> list[Path]:
    return [f for f in sorted((data / "bbc").rglob("*.txt")) if f.name != "README.TXT"]


def _size(data: Path) -> float:
    """The set's size in MB, as ``bench_bbc`` counts it (the stored texts)."""
    articles = [build_article(Document(name=str(f.relative_to(data)), text=f.read_text(
        encoding="utf-8", errors="replace"), format="txt", file=str(f)), data)
        for f in _bbc_files(data)]
    return sum(len(a.text.encode("utf-8")) for a in articles) / 1e6


def bench_bbc(data: Path, repeat: int) -> float:
    """Quotes and groups in this process; returns the set's size in MB."""
    files = _bbc_files(data)
    articles = []
    for f in files:
        doc = Document(name=str(f.relative_to(data)), text=f.read_text(encoding="utf-8",
                       errors="replace"), format="txt", file=str(f))
        articles.append(build_article(doc, data))
    size = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    workers = min(cpu_count(), MAX_WORKERS) if can_fork() else 1
    found: list[Located] = []

    def run() -> None:
        found[:] = article_quotes(articles)
        group_quotes(found)

    def extract_only() -> None:
        article_quotes(articles)

    def one_process() -> None:
        for a in articles:
            quotes_of_article(a.text, a.paragraphs, a.title_span)

    def split_only() -> None:
        for a in articles:
            a.text.split()

    def marks_only() -> None:
        for a in articles:
            extract(a.text, a.paragraphs, a.title_span)

    total = _median(run, repeat)
    extraction = _median(extract_only, repeat)
    serial = _median(one_process, repeat)
    marks = _median(marks_only, repeat)
    grouping = _median(lambda: group_quotes(found), repeat)
    reference = _median(split_only, repeat)
    groups = group_quotes(found)
    shared = sum(1 for g in groups if g.articles > 1)
    print(f"bbc-news: {len(articles)} articles, {size:.1f} MB, {len(found)} quotes, "
          f"{len(groups)} groups ({shared} in several articles)")
    print(f"  quotes + groups: {total:.2f} s = {size / total:.1f} MB/s (target >= 5)")
    print(f"  quotes only:     {extraction:.2f} s = {size / extraction:.1f} MB/s "
          f"({workers} workers)")
    print(f"  phases, in one process: quotes {serial:.2f} s = {size / serial:.1f} MB/s, of "
          f"which quotation marks {marks:.2f} s and speakers {serial - marks:.2f} s; "
          f"grouping {grouping:.2f} s")
    print(f"  reference str.split(): {reference:.3f} s = {size / reference:.0f} MB/s; "
          f"quotes cost {total / reference:.0f}x a split")
    return size


def bench_command(data: Path, size: float, repeat: int, install: bool,
                  against: str | None = None) -> None:
    """``corpus quotes`` over a store holding the BBC set, as a user runs it: cold (the
    first run after ingest, which finds every quote and keeps it in the store) and warm
    (the runs after it). With ``against`` (another build's Python, e.g. main's installed
    in a venv of its own), that build is timed the same way in the same rounds, its
    outputs compared byte for byte with this checkout's."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's package
    cmd = [sys.executable, "-m", "corpus_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        if install:
            from bench_ingest import installed_command  # a sibling script

            cmd, env = installed_command(Path(tmp)), dict(os.environ)
        builds = [("this checkout", cmd, env)]
        if against:
            # Its ``corpus`` script: ``python -m`` would import the package of the folder
            # it runs in (this checkout's) before the one installed.
            script = Path(against).parent / "corpus"
            builds.append(("--against", [str(script)], dict(os.environ)))
        times: dict[tuple[str, str], list[float]] = {}
        outputs: set[bytes] = set()
        for n, (_name, command, environ) in enumerate(builds):
            ingested = Path(tmp) / f"{n}-ingested.sqlite3"
            subprocess.run([*command, "ingest", str(data / "bbc"), "--store", str(ingested),
                            "--quiet"], check=True, env=environ, stdout=subprocess.DEVNULL)
            shutil.copyfile(ingested, Path(tmp) / f"{n}-warm.sqlite3")
            _quotes(command, environ, Path(tmp) / f"{n}-warm.sqlite3")  # warms it, untimed
        for _ in range(repeat):  # the builds in turn, round after round: the same load
            for n, (name, command, environ) in enumerate(builds):
                cold = Path(tmp) / f"{n}-cold.sqlite3"
                shutil.copyfile(Path(tmp) / f"{n}-ingested.sqlite3", cold)
                for kind, store in (("cold", cold), ("warm", Path(tmp) / f"{n}-warm.sqlite3")):
                    seconds, out = _quotes(command, environ, store)
                    times.setdefault((name, kind), []).append(seconds)
                    outputs.add(out)
    for (name, kind), runs in times.items():
        whole = statistics.median(runs)
        print(f"  whole command `corpus quotes --format jsonl`, {name}, {kind}: {whole:.2f} s"
              f" = {size / whole:.1f} MB/s (median of {repeat}: "
              f"{', '.join(f'{t:.2f}' for t in runs)})")
    if against:
        for kind in ("cold", "warm"):
            ratio = statistics.median(times[("--against", kind)]) / statistics.median(
                times[("this checkout", kind)])
            print(f"  {kind}: this checkout is {ratio:.2f}x as fast as --against")
    print(f"  outputs identical across builds and runs: {len(outputs) == 1}")


def _quotes(command: list[str], env: dict[str, str], store: Path) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run([*command, "quotes", "--store", str(store), "--format", "jsonl"],
                          check=True, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="the bbc-news folder")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--install", action="store_true",
                        help="time the whole command with this checkout installed as users "
                        "install it (pip install ., not editable) in a new virtual environment")
    parser.add_argument("--against", metavar="PYTHON",
                        help="also time the whole command with another build's Python (one "
                        "with corpus-cli installed, e.g. main's), in the same rounds")
    parser.add_argument("--command-only", action="store_true",
                        help="the whole command alone: no in-process phases, no hostile inputs")
    args = parser.parse_args()
    data = Path(args.data or os.environ.get("CORPUS_BBC_NEWS") or DEFAULT_DATA)
    if (data / "bbc").is_dir():
        size = bench_bbc(data, args.repeat) if not args.command_only else _size(data)
        bench_command(data, size, args.repeat, args.install, args.against)
        if args.command_only:
            return
    else:
        print(f"no BBC data at {data} (set CORPUS_BBC_NEWS); skipping the speed figure")
    print("hostile inputs, 100 KB each (target < 100 ms):")
    worst = 0.0
    for name, text in hostile_inputs().items():
        ms = statistics.median(time_hostile(text) for _ in range(args.repeat))
        worst = max(worst, ms)
        print(f"  {name:24} {ms:7.1f} ms{'  SLOW' if ms > 100 else ''}")
    print("each regular expression of corpus_cli.quotes over each hostile input "
          "(target < 100 ms):")
    slowest = max(((pattern_ms(p, text), name, where) for where, p in patterns()
                   for name, text in hostile_inputs().items()), key=lambda t: t[0])
    print(f"  slowest: {slowest[0]:.1f} ms ({slowest[2]} on {slowest[1]})")
    big = "He said: “" + "word " * (2 * 1024 * 1024) + "”"
    print(f"  10 MB paragraph          {time_hostile(big):7.1f} ms")
    print(f"worst hostile 100 KB input: {worst:.1f} ms")


if __name__ == "__main__":
    main()
