"""Pipes and signals through the real ``corpus`` process.

A reader that goes away (``corpus dedupe -f table | true``) ends every command, in every
format, with exit 0 or 141 and nothing on stderr; Ctrl-C at any moment, start-up
included, ends it with exit 130 and the one line ``interrupted``, never a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.helpers import TIMEOUT, corpus_env, run_corpus
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signals")
    shutil.copytree(CORPUS, folder / "corpus")
    run = run_corpus("ingest", "corpus", "-q", cwd=folder)
    assert run.returncode == 0, run.explain()
    return folder


def corpus_script() -> list[str]:
    """The installed console script, as a shell user runs it (``python -m`` otherwise)."""
    script = shutil.which("corpus", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "corpus_cli"]


def into_a_closed_pipe(cwd: Path, *args: str) -> tuple[int, str]:
    """Run ``corpus ARGS`` with stdout a pipe whose reader is gone before it writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `| true` does: every write meets a closed pipe
    try:
        done = subprocess.run([*corpus_script(), *args], cwd=cwd, env=corpus_env(),
                              stdin=subprocess.DEVNULL, stdout=write_end,
                              stderr=subprocess.PIPE, timeout=TIMEOUT, check=False)
    finally:
        os.close(write_end)
    return done.returncode, done.stderr.decode("utf-8", "replace")


# Every command, every format (table, json, jsonl, csv, tsv; the diff views), help.
CLOSED_PIPE = [
    ("dedupe", "-f", "table"), ("dedupe", "-f", "table", "--show"), ("dedupe", "-f", "json"),
    ("dedupe", "-f", "csv"),
    ("dedupe", "--check", "corpus/001_1d7cf624bd2e4224.txt", "-f", "table"),
    ("articles", "-f", "table"), ("show", "004", "--text"), ("show", "004", "-f", "tsv"),
    ("diff", "000", "001", "-f", "side", "--width", "120"), ("diff", "000", "001", "-f", "html"),
    ("diff", "000", "001", "-f", "unified"),
    ("quotes", "-f", "table"), ("quotes", "-f", "jsonl"),
    ("ingest", "corpus", "-f", "table"), ("ingest", "corpus", "--dry-run", "-f", "json"),
    ("--help",), ("dedupe", "--help"), ("--version",),
]


@pytest.mark.parametrize("args", CLOSED_PIPE, ids=[" ".join(a) for a in CLOSED_PIPE])
def test_a_closed_pipe_ends_quietly_with_0_or_141(project: Path, args: tuple[str, ...]) -> None:
    code, stderr = into_a_closed_pipe(project, *args)
    assert code in (0, 141), f"exit {code}\n{stderr}"
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert "error:" not in stderr, stderr


# Imported before the entry point can guard anything: the package and the entry module.
_BEFORE_THE_GUARD = ("__init__.py", "start.py")


def _ours(stderr: str) -> bool:
    """Does a traceback show a frame of corpus_cli's code past its entry point?"""
    package = f"{os.sep}corpus_cli{os.sep}"
    return any(package in line and not line.split('"')[1].endswith(_BEFORE_THE_GUARD)
               for line in stderr.splitlines() if line.strip().startswith("File \""))


def _dedupe(project: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*corpus_script(), "dedupe", "-q"], cwd=project,
                            env=corpus_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_ctrl_c_at_any_moment_of_start_up_is_one_line_and_130(project: Path) -> None:
    """SIGINT from the start to the end of the command's run (measured first: a fast
    machine finishes in 150 ms, a loaded one takes a second): whenever our code has begun
    to run, exit 130 and the one line ``interrupted``. (Before the interpreter has
    reached it, Python's own start-up prints its own traceback: no frame of corpus_cli
    in it.)"""
    took = []
    for _ in range(3):
        start = time.perf_counter()
        proc = _dedupe(project)
        proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0
        took.append(time.perf_counter() - start)
    run_ms = sorted(took)[1] * 1000
    outcomes = []
    for step in range(30):
        delay_ms = step * run_ms * 0.9 / 30
        proc = _dedupe(project)
        time.sleep(delay_ms / 1000)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=TIMEOUT)
        outcomes.append((round(delay_ms), proc.returncode, err.decode("utf-8", "replace")))
    ours = [(ms, code, err) for ms, code, err in outcomes if _ours(err)
            or code not in (0, 130, 1, -signal.SIGINT)]
    assert ours == [], "\n".join(f"{ms} ms: exit {code}\n{err}" for ms, code, err in ours)
    for ms, code, err in outcomes:
        if code == 130:
            assert err == "interrupted\n", f"{ms} ms: {err!r}"
        elif code == 0:
            assert err == "", f"{ms} ms: {err!r}"  # it finished before the signal
    # Most signals arrive while it runs (a few may land before Python's start-up or
    # after its last write, on a machine whose speed changed since the measure).
    assert sum(code == 130 for _ms, code, _err in outcomes) >= len(outcomes) // 3


def test_ctrl_c_as_a_finished_run_settles_is_one_line_and_130() -> None:
    """The window a timing test hits once in a few hundred runs, made certain: the command
    has finished (its exit is on its way out) when the Ctrl-C lands."""
    program = (
        "import sys\n"
        "from corpus_cli.cli import app, start\n"
        "app.main = lambda: sys.exit(0)\n"
        "settle = start._settle\n"
        "def interrupted():\n"
        "    start._settle = settle\n"
        "    raise KeyboardInterrupt\n"
        "start._settle = interrupted\n"
        "start.main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    assert (proc.returncode, proc.stderr) == (130, "interrupted\n")
