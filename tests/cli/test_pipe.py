"""The installed program through a real pipe, as a shell user runs it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS


def corpus_command() -> list[str]:
    script = shutil.which("corpus", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "corpus_cli"]


def run_shell(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "CORPUS": " ".join(corpus_command()), **env}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=full_env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    return tmp_path


@pytest.mark.parametrize("args", [
    "ingest corpus/ --dry-run --format jsonl",
    "ingest corpus/ --format jsonl",
    "ingest corpus/ --dry-run --format table",
])
def test_head_closes_the_pipe_quietly(project: Path, args: str) -> None:
    # Repeat the inputs so there is far more output than a pipe buffer holds.
    many = " ".join(["corpus/"] * 40)
    result = run_shell(f"$CORPUS {args.replace('corpus/', many)} | head -1; "
                       "echo \"status=${PIPESTATUS[0]}\"", project)
    status = int(result.stdout.strip().splitlines()[-1].removeprefix("status="))
    assert status in (0, 141)
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
    assert "Exception ignored" not in result.stderr


def test_utf8_output_whatever_the_locale(project: Path) -> None:
    result = run_shell("$CORPUS ingest corpus/000_6e919e2625b67137.txt --dry-run -f jsonl",
                       project, LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "Putin’s" in result.stdout


def test_python_dash_m_and_the_console_script_agree(project: Path) -> None:
    script = run_shell("$CORPUS --version", project)
    module = run_shell(f"{sys.executable} -m corpus_cli --version", project)
    assert script.returncode == module.returncode == 0
    assert script.stdout == module.stdout
    assert script.stdout.startswith("corpus-cli ")


def test_stdin_through_a_pipe(project: Path) -> None:
    result = run_shell("cat corpus/004_39edef5f2efda2e7.txt | $CORPUS ingest - -f jsonl "
                       "--store s.sqlite3", project)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["status"], record["paragraphs"]) == ("added", 21)


def test_diff_in_a_pipe_is_unified_and_ends_quietly(project: Path) -> None:
    result = run_shell("cat corpus/001_1d7cf624bd2e4224.txt | $CORPUS diff "
                       "corpus/000_6e919e2625b67137.txt - | head -3; "
                       "echo \"status=${PIPESTATUS[1]}\"", project)
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- a/corpus/000_6e919e2625b67137.txt", "+++ b/-"]
    assert lines[2].startswith("@@ -1,")
    assert int(lines[-1].removeprefix("status=")) in (0, 141)
    assert "Traceback" not in result.stderr
