"""The README, the CLI and CI cannot drift apart (sqlite-utils' tests/test_docs.py)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from corpus_cli.cli.app import app
from corpus_cli.errors import ExitCode
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = get_command(app).commands  # type: ignore[attr-defined]


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README, flags=re.S)[:2]


def test_readme_starts_with_the_two_commands() -> None:
    main_job, tests = readme_commands()
    assert main_job.endswith("corpus dedupe corpus/")
    assert "pip install" in tests
    assert tests.endswith("python -m pytest")
    assert README.index(main_job) < README.index("## Commands")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_a_readme_section(name: str) -> None:
    command = COMMANDS[name]
    assert command.help
    assert len(command.help) > 20
    assert f"### `corpus {name}`" in README
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--") and opt not in ("--help",):
                assert opt in README, f"{name} {opt} is not documented in README.md"


def test_every_exit_code_is_documented() -> None:
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", README, flags=re.M), code


def test_readme_library_example_runs(tmp_path: Path) -> None:
    """The Python example in README.md works as written, in a fresh interpreter."""
    example = re.search(r"```python\n(.+?)\n```", README, flags=re.S)
    assert example is not None
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    result = subprocess.run([sys.executable, "-c", example.group(1)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "added corpus/000_6e919e2625b67137.txt" in result.stdout
