"""Shell completion: the scripts, and what the shells get back when they call corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.cli.helpers import corpus_env
from tests.conftest import Run


@pytest.mark.parametrize(("shell", "marker"), [
    ("bash", "complete -o default -F _corpus_completion corpus"),
    ("zsh", "#compdef corpus"),
    ("fish", "complete --command corpus"),
])
def test_a_script_per_shell(cli: Run, shell: str, marker: str) -> None:
    result = cli("completion", shell)
    assert result.exit_code == 0
    assert marker in result.stdout
    assert "_CORPUS_COMPLETE" in result.stdout


def test_an_unknown_shell_is_a_usage_error(cli: Run) -> None:
    result = cli("completion", "tcsh")
    assert result.exit_code == 2
    assert "bash, zsh, fish" in result.stderr


def _complete(extra: dict[str, str]) -> list[str]:
    """What ``corpus`` answers a shell asking for completions (a real process: the
    answer comes before any command runs)."""
    env = corpus_env({**extra})
    out = subprocess.run([sys.executable, "-m", "corpus_cli"], env=env, capture_output=True,
                         text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_bash_completes_commands_options_and_values() -> None:
    def bash(line: str) -> list[str]:
        words = line.split(" ")
        return _complete({"_CORPUS_COMPLETE": "complete_bash", "COMP_WORDS": line,
                          "COMP_CWORD": str(len(words) - 1)})

    assert bash("corpus de") == ["dedupe"]
    assert "--fail-on" in bash("corpus dedupe --fa")
    assert set(bash("corpus articles --format ")) == {"auto", "table", "json", "jsonl", "csv",
                                                      "tsv"}
    assert set(bash("corpus dedupe --format ")) >= {"table", "jsonl", "github", "sarif"}
    assert bash("corpus completion f") == ["fish"]


def test_zsh_and_fish_complete_too() -> None:
    zsh = _complete({"_CORPUS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "corpus quo"})
    assert any('"quotes":' in line for line in zsh)
    fish = _complete({"_CORPUS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS":
                      "corpus ingest --dr", "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert any(line.startswith("--dry-run") for line in fish)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_works_in_bash(tmp_path: os.PathLike[str]) -> None:
    script = subprocess.run([sys.executable, "-m", "corpus_cli", "completion", "bash"],
                            env=corpus_env(), capture_output=True, text=True, check=True).stdout
    # The script calls `corpus`: a shim on PATH runs this interpreter's.
    shim = os.path.join(tmp_path, "corpus")
    with open(shim, "w", encoding="utf-8") as f:
        f.write(f'#!/bin/sh\nexec "{sys.executable}" -m corpus_cli "$@"\n')
    os.chmod(shim, 0o755)
    probe = (script + '\nCOMP_WORDS=(corpus ar); COMP_CWORD=1; _corpus_completion corpus; '
             'printf "%s\\n" "${COMPREPLY[@]}"\n')
    env = corpus_env({"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"})
    out = subprocess.run(["bash", "-c", probe], env=env, capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.stdout.split() == ["articles"], out.stderr
