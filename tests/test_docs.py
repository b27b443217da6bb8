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


def test_readme_library_examples_run(tmp_path: Path) -> None:
    """The Python examples in README.md work as written, one after the other, in a fresh
    interpreter: one for each command's workflow."""
    examples = re.findall(r"```python\n(.+?)\n```", README, flags=re.S)
    script = "\n".join(examples)
    for workflow in ("ingest_articles", "dedupe_paths", "check_copies", "diff_refs",
                     "collate_passage", "list_quotes", "check_quotes", "related_articles",
                     "write_report"):
        assert f"{workflow}(" in script, workflow
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "added corpus/000_6e919e2625b67137.txt" in result.stdout
    assert "5 added, 0 new versions, 0 unchanged, 0 errors exit 0" in result.stdout
    assert re.search(r"^2 sources, [1-9]\d* variant columns$", result.stdout, flags=re.M)
    assert "5 passage groups, written to report.html" in result.stdout


def test_every_public_name_resolves() -> None:
    import corpus_cli

    for name in corpus_cli.__all__:
        assert getattr(corpus_cli, name) is not None, name
