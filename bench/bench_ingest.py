"""Ingest throughput of ``corpus ingest`` on plain text, against ``wc -w`` on the same files.

What is measured, for two corpora built from the BBC News data set (2,225 ``.txt`` articles
in five category folders):

- ``bbc x1``: the category folders' ``*.txt`` files copied as they are;
- ``bbc xK`` (``--scale K``, default 10): K copies of that set, one folder per copy, each
  file varied deterministically so every copy is a distinct article with distinct content.
  ``--vary words`` (default) swaps one pair of neighbouring words in every paragraph and
  appends ``Copy k.`` to the last one, so paragraphs differ between copies too;
  ``--vary suffix`` only appends ``Copy k.``, so all other paragraphs repeat K times per
  source (a near-duplicate-heavy corpus that exercises the frequency boilerplate detector).

For each corpus and each of ``--repeat`` rounds (default 3), interleaved:

- ``wc -w`` over the same files (``find DIR -name '*.txt' -print0 | xargs -0 wc -w`` in
  bash), once in the environment's locale and once with ``LC_ALL=C``;
- ``corpus ingest DIR --store FRESH -q --format jsonl > /dev/null`` into a new, empty store
  every run, so it is a full ingest;
- the same command into a store that already holds the corpus (every article unchanged).

Reported per line: median wall seconds (and min-max), MB/s (input bytes / median seconds,
MB = 10^6 bytes), articles/s, and the ratio of its MB/s to ``wc -w``'s (default locale) and
to ``LC_ALL=C wc -w``'s; for ingest also the median peak RSS of the ingest process (its
largest process's ``VmHWM``, sampled from ``/proc``: see ``run``) and the final store
size. Untimed checks: before timing, one ingest of bbc x1 must report ``"status":
"added"`` once per file; every timed fresh store must hold one article per file; every
ingest must exit 0. A failed check prints a loud WARNING.

Target: fresh ingest of plain text at >= 1/10 of ``wc -w``'s speed in the default locale
(ratio >= 0.10), on both corpora. PASS/FAIL is printed; the exit status is 0 either way
(2 for a missing data set or a bad option).

Run:  /work/venv/bin/python bench/bench_ingest.py [--scale 10] [--repeat 3] [--quick]
      [--data PATH] [--vary words|suffix] [--keep] [--cmd CMD]
Scratch data goes to a temporary folder, removed at the end unless ``--keep``. This is a
manual benchmark, not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

TARGET_RATIO = 0.10
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
WC_SCRIPT = "set -o pipefail; find \"$1\" -type f -name '*.txt' -print0 | xargs -0 wc -w"
_TOKENS = re.compile(r"(\s+)")
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n\s*)")


# -- the corpora ------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    label: str
    root: Path
    files: int
    size: int  # input bytes


def source_files(data: Path) -> list[Path]:
    """``*.txt`` in the data set's category folders; files at the top (README.TXT) are not."""
    folders = sorted(p for p in data.iterdir() if p.is_dir() and not p.name.startswith("."))
    return [f for folder in folders for f in sorted(folder.glob("*.txt")) if f.is_file()]


def vary(text: str, copy: int, name: str, mode: str) -> str:
    """Copy ``copy`` of an article: a pure function of (text, copy, name, mode).

    ``suffix`` appends `` Copy k.`` to the last paragraph; ``words`` also swaps one pair of
    neighbouring words in every paragraph (headline included), chosen by a seeded RNG.
    Whitespace and line endings are kept, so the layout of the article does not change.
    """
    body = text.rstrip()
    tail = text[len(body):]
    body += f" Copy {copy}."
    if mode == "words":
        rng = random.Random(f"{copy}:{name}")
        blocks = _PARAGRAPH_BREAK.split(body)
        for i in range(0, len(blocks), 2):  # odd entries are the breaks themselves
            tokens = _TOKENS.split(blocks[i])
            words = [j for j in range(0, len(tokens) - 2, 2) if tokens[j] and tokens[j + 2]]
            if words:
                j = rng.choice(words)
                tokens[j], tokens[j + 2] = tokens[j + 2], tokens[j]
                blocks[i] = "".join(tokens)
        body = "".join(blocks)
    return body + tail


def build_corpora(data: Path, scratch: Path, scale: int, mode: str) -> list[Corpus]:
    """Write bbc x1 and bbc x``scale`` under ``scratch``; each file is written once."""
    files = source_files(data)
    x1 = scratch / "bbc-x1"
    size = 0
    for f in files:
        target = x1 / f.parent.name / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
        size += target.stat().st_size
    corpora = [Corpus("bbc x1", x1, len(files), size)]
    if scale >= 1:
        xk = scratch / f"bbc-x{scale}"
        size = 0
        for f in files:
            # surrogateescape keeps any byte that is not UTF-8 exactly as it was.
            text = f.read_bytes().decode("utf-8", "surrogateescape")
            name = f"{f.parent.name}/{f.name}"
            for copy in range(1, scale + 1):
                target = xk / f"copy-{copy:03d}" / f.parent.name / f.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(vary(text, copy, name, mode).encode("utf-8",
                                                                       "surrogateescape"))
                size += target.stat().st_size
        corpora.append(Corpus(f"bbc x{scale}", xk, len(files) * scale, size))
    return corpora


# -- running and timing ---------------------------------------------------------------------


@dataclass
class Samples:
    label: str
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    store_bytes: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True)
class Run:
    seconds: float
    returncode: int
    rss_kib: int  # the largest process's peak RSS (the child's or a descendant's)
    tree_kib: int = 0  # the sampled peak of the RSS of the child and its descendants, summed
    # The sampled peak of their PSS summed: the memory the machine gave the command, each
    # page shared by forked workers counted once (their RSS counts it in every one).
    pss_kib: int = 0


def _status_kib(pid: int, field: str, name: str = "status") -> int:
    """A ``field`` in kB of ``/proc/PID/<name>`` (0 if the process is gone)."""
    try:
        with open(f"/proc/{pid}/{name}", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    kids = [int(k) for k in f.read().split()]
                out += kids
                todo += kids
        except OSError:
            continue
    return out


class _Sampler:
    """Peak memory of a child and its descendants, read from ``/proc`` every 50 ms.

    Not ``ru_maxrss``: a child started from this process (vfork, then exec) is charged at
    exec with this process's own high-water RSS, so every child, even ``wc``, would report
    at least what this benchmark holds (a generated corpus: a gigabyte). ``VmHWM`` is the
    new program's own peak; it only grows, so a late sample still holds the peak.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.largest = 0
        self.tree = 0
        self.pss = 0
        self._rounds = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            pids = [self.pid, *_descendants(self.pid)]
            self.largest = max(self.largest, *(_status_kib(p, "VmHWM:") for p in pids))
            self.tree = max(self.tree, sum(_status_kib(p, "VmRSS:") for p in pids))
            # PSS walks every page table of the tree: every fourth sample (0.2 s).
            if self._rounds % 4 == 0:
                self.pss = max(self.pss, sum(_status_kib(p, "Pss:", "smaps_rollup") for p in pids))
            self._rounds += 1
            if self._done.wait(0.05):
                return

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def run(argv: Sequence[str], *, stdout: int | None = subprocess.DEVNULL,
        stdout_path: Path | None = None, env: dict[str, str] | None = None,
        cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> Run:
    """Run ``argv`` to completion; wall time, exit code and peak memory (``_Sampler``).

    An exit status outside ``ok`` prints a warning.
    """
    out = open(stdout_path, "wb") if stdout_path is not None else None  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=out if out is not None else stdout,
                                stderr=subprocess.PIPE, env=env, cwd=cwd)
        sampler = _Sampler(proc.pid)
        assert proc.stderr is not None
        err = proc.stderr.read()
        sampler.stop()  # before the wait: the child's /proc entry goes with it
        proc.wait()
        elapsed = time.perf_counter() - start
        proc.stderr.close()
    finally:
        if out is not None:
            out.close()
    if proc.returncode not in ok:
        warn(f"{shlex.join(argv)} exited with {proc.returncode}: "
             f"{err.decode(errors='replace').strip()[:500]}")
    return Run(elapsed, proc.returncode, sampler.largest, sampler.tree, sampler.pss)


def warn(message: str) -> None:
    print(f"\n!!! WARNING: {message}\n", flush=True)


def corpus_command(override: str | None) -> list[str]:
    """``--cmd``, else the script next to this interpreter, else PATH, else ``-m``."""
    if override:
        return shlex.split(override)
    found = shutil.which("corpus", path=os.path.dirname(sys.executable)) or shutil.which(
        "corpus")
    return [found] if found else [sys.executable, "-m", "corpus_cli"]


def installed_command(folder: Path) -> list[str]:
    """This checkout installed as users install it (``pip install .``, not editable) in a
    new virtual environment under ``folder``: the ``corpus`` script to time.

    An editable install adds a finder that every start-up imports (pathlib and more):
    about 50 ms on a short command such as ``dedupe --check``, which users never pay.
    """
    venv = folder / "venv"
    for step in ([sys.executable, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(REPO_ROOT)]):
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"error: {shlex.join(step)} failed:\n{done.stderr}")
    return [str(venv / "bin" / "corpus")]


def store_size(store: Path) -> int:
    return sum(p.stat().st_size for p in (store, Path(f"{store}-wal"), Path(f"{store}-shm"))
               if p.exists())


def store_articles(store: Path) -> int:
    # A plain connection, closed at once: a read-only one would leave -wal and -shm files
    # behind that change what the next ingest into this store does.
    with closing(sqlite3.connect(store)) as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def remove_store(store: Path) -> None:
    shutil.rmtree(store.parent, ignore_errors=True)


class Bench:
    def __init__(self, corpus_cmd: list[str], scratch: Path) -> None:
        self.corpus_cmd = corpus_cmd
        self.scratch = scratch
        self.stores = 0
        env_c = dict(os.environ)
        env_c["LC_ALL"] = "C"
        self.envs: dict[str, dict[str, str] | None] = {"default": None, "C": env_c}

    def new_store(self) -> Path:
        self.stores += 1
        folder = self.scratch / "stores" / f"store-{self.stores:03d}"
        folder.mkdir(parents=True)
        return folder / "corpus.sqlite3"

    def wc(self, corpus: Corpus, locale: str, stdout_path: Path | None = None) -> Run:
        return run(["bash", "-c", WC_SCRIPT, "bash", str(corpus.root)],
                   env=self.envs[locale], stdout_path=stdout_path)

    def ingest(self, corpus: Corpus, store: Path, stdout_path: Path | None = None) -> Run:
        argv = [*self.corpus_cmd, "ingest", str(corpus.root), "--store", str(store), "-q",
                "--format", "jsonl"]
        return run(argv, stdout_path=stdout_path, cwd=self.scratch)

    def check_x1(self, corpus: Corpus) -> None:
        """Untimed warm-up ingest of bbc x1 whose output is checked: one ``added`` per file."""
        store = self.new_store()
        out = self.scratch / "check-x1.jsonl"
        result = self.ingest(corpus, store, stdout_path=out)
        added = sum('"status": "added"' in line
                    for line in out.read_text(encoding="utf-8").splitlines())
        if result.returncode != 0 or added != corpus.files:
            warn(f"correctness: fresh ingest of {corpus.label} reported {added} 'added' "
                 f"lines for {corpus.files} files (exit {result.returncode})")
        else:
            print(f"  check: fresh ingest of {corpus.label} reported {added} added "
                  f"= {corpus.files} files: OK")
        remove_store(store)

    def measure(self, corpus: Corpus, repeat: int) -> dict[str, Samples]:
        lines = {key: Samples(label) for key, label in (
            ("wc", "wc -w (default locale)"), ("wc_c", "wc -w (LC_ALL=C)"),
            ("fresh", "corpus ingest (fresh store)"),
            ("again", "corpus ingest (all unchanged)"))}
        # Warm the page cache (and report the word count) before anything is timed.
        words_out = self.scratch / "wc.txt"
        self.wc(corpus, "default", stdout_path=words_out)
        counts = [line.split() for line in words_out.read_text().splitlines()]
        # xargs may run wc several times: add up every "N total" line.
        words = sum(int(c[0]) for c in counts if len(c) == 2 and c[1] == "total")
        print(f"\n{corpus.label}: {corpus.files:,} files, {corpus.size / 1e6:.2f} MB, "
              f"{words:,} words (wc -w), in {corpus.root}")
        populated: Path | None = None
        for round_ in range(1, repeat + 1):
            print(f"  round {round_}/{repeat} ...", end="", flush=True)
            for key, locale in (("wc", "default"), ("wc_c", "C")):
                lines[key].seconds.append(self.wc(corpus, locale).seconds)
            store = self.new_store()
            result = self.ingest(corpus, store)
            lines["fresh"].seconds.append(result.seconds)
            lines["fresh"].rss_kib.append(result.rss_kib)
            lines["fresh"].store_bytes.append(store_size(store))
            count = store_articles(store)
            if count != corpus.files:
                warn(f"correctness: fresh store for {corpus.label} holds {count} articles "
                     f"for {corpus.files} files")
            if populated is None:
                populated = store  # kept for the unchanged re-ingest runs
            else:
                remove_store(store)
            assert populated is not None
            result = self.ingest(corpus, populated)
            lines["again"].seconds.append(result.seconds)
            lines["again"].rss_kib.append(result.rss_kib)
            lines["again"].store_bytes.append(store_size(populated))
            print(" fresh {:.2f} s, unchanged {:.2f} s".format(
                lines["fresh"].seconds[-1], lines["again"].seconds[-1]), flush=True)
        if populated is not None:
            remove_store(populated)
        return lines


# -- reporting ------------------------------------------------------------------------------


def report(corpus: Corpus, lines: dict[str, Samples]) -> float:
    """Print the table for one corpus; return the fresh-ingest ratio against default wc."""
    wc_mbps = corpus.size / 1e6 / lines["wc"].median
    wc_c_mbps = corpus.size / 1e6 / lines["wc_c"].median
    n = len(lines["wc"].seconds)
    print(f"\n  {corpus.label}, median of {n} run{'s' if n != 1 else ''}:")
    header = (f"  {'measurement':<30} {'median s':>9} {'min-max s':>13} {'MB/s':>8} "
              f"{'articles/s':>11} {'vs wc':>7} {'vs wc C':>8} {'peak RSS MB':>12} "
              f"{'store MB':>9}")
    print(header)
    for samples in lines.values():
        mbps = corpus.size / 1e6 / samples.median
        spread = f"{min(samples.seconds):.3f}-{max(samples.seconds):.3f}"
        rss = (f"{statistics.median(samples.rss_kib) * 1024 / 1e6:>12.1f}"
               if samples.rss_kib else f"{'':>12}")
        size = (f"{statistics.median(samples.store_bytes) / 1e6:>9.1f}"
                if samples.store_bytes else f"{'':>9}")
        print(f"  {samples.label:<30} {samples.median:>9.3f} {spread:>13} {mbps:>8.2f} "
              f"{corpus.files / samples.median:>11,.0f} {mbps / wc_mbps:>7.3f} "
              f"{mbps / wc_c_mbps:>8.3f} {rss} {size}")
    return (corpus.size / lines["fresh"].median) / (corpus.size / lines["wc"].median)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"the BBC News data set folder (default {DEFAULT_DATA})")
    parser.add_argument("--scale", type=int, default=10,
                        help="copies of the data set in the larger corpus (10; 0 = none)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per corpus (3)")
    parser.add_argument("--quick", action="store_true", help="same as --scale 2 --repeat 1")
    parser.add_argument("--vary", choices=("words", "suffix"), default="words",
                        help="how copies differ (see the module docstring)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--cmd", help="corpus command line to run instead of the installed "
                        "script, e.g. '/path/to/python -m corpus_cli'")
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.repeat = 2, 1
    if args.repeat < 1 or args.scale < 0:
        parser.error("--repeat must be at least 1 and --scale at least 0")
    data: Path = args.data
    if not data.is_dir() or not source_files(data):
        print(f"error: no BBC News data set at {data} (expected category folders holding "
              "*.txt articles); pass --data PATH", file=sys.stderr)
        return 2
    if shutil.which("bash") is None or shutil.which("wc") is None:
        print("error: this benchmark needs bash, find, xargs and wc", file=sys.stderr)
        return 2

    corpus_cmd = corpus_command(args.cmd)
    scratch = Path(tempfile.mkdtemp(prefix="corpus-bench-ingest-"))
    started = time.perf_counter()
    try:
        print("corpus-cli ingest benchmark")
        print(f"  corpus command : {shlex.join(corpus_cmd)}")
        print(f"  data           : {data}")
        print(f"  scale, vary    : {args.scale}, {args.vary}")
        print(f"  repeat         : {args.repeat}")
        print(f"  locale         : LC_ALL={os.environ.get('LC_ALL', '')!r} "
              f"LANG={os.environ.get('LANG', '')!r} (second wc line: LC_ALL=C)")
        print(f"  scratch        : {scratch}" + (" (kept)" if args.keep else " (removed)"))
        build_started = time.perf_counter()
        corpora = build_corpora(data, scratch, args.scale, args.vary)
        print(f"  corpora built in {time.perf_counter() - build_started:.1f} s")
        bench = Bench(corpus_cmd, scratch)
        bench.check_x1(corpora[0])
        results: list[tuple[Corpus, dict[str, Samples]]] = []
        for corpus in corpora:
            results.append((corpus, bench.measure(corpus, args.repeat)))
        print("\nResults (MB = 10^6 bytes; 'vs wc' = MB/s / wc -w MB/s, default locale)")
        ratios = [(corpus.label, report(corpus, lines)) for corpus, lines in results]
        ok = all(ratio >= TARGET_RATIO for _label, ratio in ratios)
        detail = ", ".join(f"{label} {ratio:.3f}" for label, ratio in ratios)
        print(f"\nTARGET fresh ingest >= {TARGET_RATIO:.2f} x wc -w speed (default locale): "
              f"{'PASS' if ok else 'FAIL'} ({detail})")
        print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
