"""Helpers for the subprocess-level CLI tests (test_durability, test_bad_input).

The CLI runs as a real ``python -m corpus_cli`` process, so signals, exit codes, stderr
and memory are the ones a user gets.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEOUT = 120.0  # seconds; a hung ingest fails the test instead of the whole run


def corpus_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a ``corpus`` subprocess: no inherited store, no colour."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("CORPUS_STORE", "FORCE_COLOR", "COLUMNS")}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "TERM": "dumb",
                # A .corpus folder above the temporary folders tests run in is none of
                # their business.
                "CORPUS_CEILING_DIRECTORIES": tempfile.gettempdir()})
    env.update(extra or {})
    return env


def corpus_cmd(*args: str | os.PathLike[str]) -> list[str]:
    return [sys.executable, "-m", "corpus_cli", *(os.fspath(a) for a in args)]


@dataclass(frozen=True)
class CorpusRun:
    """A finished ``corpus`` process: exit code, output and peak memory."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    max_rss_mib: float  # peak resident set size of that one process

    def records(self) -> list[dict[str, Any]]:
        return parse_jsonl(self.stdout)

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]

    def explain(self) -> str:
        return (f"corpus {' '.join(self.args)} -> exit {self.returncode}\n"
                f"--- stderr ---\n{self.stderr}\n--- stdout (start) ---\n{self.stdout[:3000]}")


def run_corpus(*args: str | os.PathLike[str], cwd: Path, stdin: bytes | None = None,
               timeout: float = TIMEOUT) -> CorpusRun:
    """Run ``corpus ARGS`` in ``cwd`` and wait for it, measuring its own peak RSS.

    Output goes to temporary files (no pipe can fill up), and the child is reaped with
    ``os.wait4`` so ``ru_maxrss`` is that process's, not the maximum over all children.
    """
    cmd = corpus_cmd(*args)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=corpus_env(), stdout=out, stderr=err,
                                stdin=subprocess.PIPE if stdin is not None else
                                subprocess.DEVNULL)
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        status, rusage = _reap(proc, timeout)
        out.seek(0)
        err.seek(0)
        return CorpusRun(
            args=tuple(cmd[3:]),
            returncode=status,
            stdout=out.read().decode("utf-8"),
            stderr=err.read().decode("utf-8"),
            max_rss_mib=rusage.ru_maxrss / 1024,  # Linux reports KiB
        )


def _reap(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, Any]:
    deadline = time.monotonic() + timeout
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code  # reaped here: keep Popen from waiting again
            return code, rusage
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise AssertionError(f"{proc.args!r} did not finish within {timeout} s")
        time.sleep(0.005)


def start_corpus(*args: str | os.PathLike[str], cwd: Path, stderr: Any = subprocess.PIPE,
                 pipe_size: int | None = None) -> subprocess.Popen[bytes]:
    """Start ``corpus ARGS`` without waiting; stdout is a pipe read by the caller.

    ``pipe_size`` shrinks that pipe (Linux), so a child printing faster than the caller
    reads blocks after a few records: it is then reliably caught in the middle of a run.
    """
    proc = subprocess.Popen(corpus_cmd(*args), cwd=cwd, env=corpus_env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)
    if pipe_size is not None:
        assert proc.stdout is not None
        fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, pipe_size)
    return proc


def parse_jsonl(text: str) -> list[dict[str, Any]]:
    """JSON Lines records; a trailing partial line (a killed writer) is left out."""
    lines = text.split("\n")
    complete = lines[:-1]  # the text after the last newline is "" or a partial record
    return [json.loads(line) for line in complete if line.strip()]


def kill_after_first_record(proc: subprocess.Popen[bytes], sig: signal.Signals,
                            timeout: float = TIMEOUT) -> tuple[str, int]:
    """Wait for the first result line on stdout, send ``sig``, return (stdout, exit code).

    Results are printed only after their batch has committed, so the first line means
    the ingest is under way with something durable already written.
    """
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.endswith(b"\n"), f"no record before the process ended: {first!r}"
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    os.kill(proc.pid, sig)
    rest = proc.stdout.read()
    code = proc.wait(timeout=timeout)
    return (first + rest).decode("utf-8"), code


# -- generated articles ------------------------------------------------------------------

_WORDS = (
    "minister", "officials", "said", "tuesday", "border", "forces", "government", "report",
    "opposition", "army", "protest", "letter", "statement", "capital", "region", "election",
    "village", "ceasefire", "talks", "convoy", "ministry", "spokesman", "agency", "sources",
    "reporters", "witnesses", "parliament", "sanctions", "council", "the", "a", "of", "in",
    "on", "and", "to", "with", "after", "before", "during", "while", "across", "near", "under",
)


@dataclass(frozen=True)
class Generated:
    """One generated article file: where it is, its text and its paragraph count."""

    path: Path
    text: str
    paragraphs: int


def article_text(seed: int, label: str = "") -> tuple[str, int]:
    """A deterministic, distinct small article: title line, blank line, 3-5 paragraphs."""
    rng = random.Random(f"{label}:{seed}")
    count = rng.randint(3, 5)
    paragraphs = []
    for j in range(count):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(18, 40)))
        # The numbers keep every paragraph unique, so no frequency flags interfere.
        paragraphs.append(f"Report {label}{seed}-{j} notes that {words}.")
    title = f"Headline {label}{seed}: {rng.choice(_WORDS)} {rng.choice(_WORDS)}"
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n", count


def make_articles(folder: Path, count: int, *, start: int = 0, label: str = "",
                  prefix: str = "art") -> list[Generated]:
    """Write ``count`` distinct .txt articles into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for seed in range(start, start + count):
        text, paragraphs = article_text(seed, label)
        path = folder / f"{prefix}{seed:05d}.txt"
        path.write_bytes(text.encode("utf-8"))
        made.append(Generated(path, text, paragraphs))
    return made


def dry_run_articles(records: Sequence[dict[str, Any]],
                     ) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """``corpus ingest --dry-run`` JSON records as (article, its paragraph records) pairs:
    each article record is followed by its paragraphs'."""
    out: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for record in records:
        if record["type"] == "article":
            out.append((record, []))
        else:
            assert record["type"] == "paragraph"
            assert out
            assert record["id"] == out[-1][0]["id"]
            out[-1][1].append(record)
    for article, paragraphs in out:
        assert article["paragraphs"] == len(paragraphs)
    return out


def dry_run_paragraphs(cwd: Path, paths: Sequence[str]) -> dict[str, int]:
    """Paragraph count per input name, as ``corpus ingest --dry-run`` reports them."""
    run = run_corpus("ingest", *paths, "--dry-run", "--format", "jsonl", "-q", cwd=cwd)
    assert run.returncode == 0, run.explain()
    counts: dict[str, int] = {}
    for record, _paragraphs in dry_run_articles(run.records()):
        assert record["path"] not in counts
        counts[record["path"]] = record["paragraphs"]
    return counts


@contextmanager
def lock_held(store: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Another process holding the store's write lock (``BEGIN IMMEDIATE``) until the block
    ends."""
    script = ("import sqlite3, sys\n"
              "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "db.execute('BEGIN IMMEDIATE')\n"
              "print('locked', flush=True)\n"
              "sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"locked\n"
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
