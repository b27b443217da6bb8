"""The pager (as git pages) and --limit: long output on a terminal stays readable."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from corpus_cli.cli.pager import DEFAULT, pager_command
from tests.cli.helpers import corpus_env
from tests.conftest import Run


def _on_terminal(args: list[str], cwd: Path, rows: int, env: dict[str, str],
                 ) -> tuple[int, str]:
    """``corpus ARGS`` with a pseudo-terminal of ``rows`` lines as its stdin, stdout and
    stderr; returns the exit code and what the terminal showed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "corpus_cli", *args], cwd=cwd, env=env,
                            stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=120), shown.decode("utf-8", errors="replace")


@pytest.fixture
def stored(cli: Run, project: Path) -> Path:
    assert cli("ingest", "corpus/", "-q").exit_code == 0
    return project


def _env(paged: Path, **extra: str) -> dict[str, str]:
    env = corpus_env({"TERM": "xterm", "CORPUS_PAGER": f"cat > '{paged}'", **extra})
    env.pop("NO_COLOR", None)
    env.pop("LINES", None)
    return env


def test_output_taller_than_the_terminal_goes_through_the_pager(stored: Path,
                                                                 tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, shown = _on_terminal(["articles"], stored, 10, _env(paged))
    assert code == 0, shown
    assert "Traceback" not in shown
    table = paged.read_text(encoding="utf-8")
    assert "corpus/000" in table or "corpus…" in table
    assert table.count("\n") > 10
    assert "┏" not in shown  # the terminal itself got nothing of it


def test_short_output_and_no_pager_print_directly(stored: Path, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, shown = _on_terminal(["articles"], stored, 200, _env(paged))
    assert code == 0
    assert "┏" in shown
    assert not paged.exists()
    code, shown = _on_terminal(["--no-pager", "articles"], stored, 10, _env(paged))
    assert code == 0
    assert "┏" in shown
    assert not paged.exists()


def test_a_pager_quit_early_ends_the_command_quietly(stored: Path, tmp_path: Path) -> None:
    env = _env(tmp_path / "unused", CORPUS_PAGER="head -c 20 > /dev/null")
    code, shown = _on_terminal(["quotes"], stored, 10, env)
    assert code == 0
    assert "Traceback" not in shown
    assert "error" not in shown


def test_a_pipe_is_never_paged(stored: Path, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    out = subprocess.run([sys.executable, "-m", "corpus_cli", "articles", "-f", "table"],
                         cwd=stored, env=_env(paged), capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.returncode == 0
    assert "┏" in out.stdout
    assert not paged.exists()


def test_which_pager() -> None:
    assert pager_command({"CORPUS_PAGER": "most", "PAGER": "more"}) == "most"
    assert pager_command({"PAGER": "more"}) == "more"
    assert pager_command({"CORPUS_PAGER": "", "PAGER": "more"}) is None
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({}) in (DEFAULT, None)  # less when it is installed


@pytest.mark.parametrize(("args", "what", "total"), [
    (["articles"], "articles", 5),
    (["dedupe"], "groups", 5),
    (["quotes", "--by", "group"], "groups", None),
    (["show", "004"], "paragraphs", 21),
])
def test_limit_prints_at_most_n_and_says_how_many_more(stored: Path, cli: Run,
                                                       args: list[str], what: str,
                                                       total: int | None) -> None:
    everything = [json.loads(line) for line in cli(*args, "-f", "jsonl").stdout.splitlines()]
    if total is not None:
        assert len(everything) == total
    result = cli(*args, "-f", "jsonl", "--limit", "2")
    assert result.exit_code == 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == everything[:2]
    assert f"… {len(everything) - 2:,} more {what} not shown (--limit 2)" in result.stderr
    assert "more" not in cli(*args, "-f", "jsonl", "-n", "2", "-q").stderr
    table = cli(*args, "-f", "table", "-n", "1", columns=200)
    assert table.exit_code == 0
    assert f"{len(everything) - 1:,} more" in table.stderr
