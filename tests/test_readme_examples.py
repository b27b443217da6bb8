"""Every command of README's ``sh`` examples runs, in order, in a copy of ``corpus/``, and
exits with the status its comment states (``# exit 1: ...``), else 0.

Not run here: the first two blocks (installing and the test suite itself: CI runs the second
verbatim, tests/test_docs.py checks it) and the blocks of the Development section (the
quality gates' re-measuring, which needs the data sets). The Actions job (a ``yaml`` block) is
run by tests/cli/test_ci.py, the Python examples by tests/test_docs.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.cli.helpers import corpus_env
from tests.conftest import CORPUS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
EXIT = re.compile(r"#\s*exit (\d+)\b")


class Example(NamedTuple):
    line: int  # in README.md
    command: str
    exit_code: int


def examples() -> list[Example]:
    user_part = README[: README.index("\n## Development")]
    found = []
    for n, block in enumerate(re.finditer(r"```sh\n(.*?)\n```", user_part, flags=re.S)):
        if n < 2:
            continue
        first = user_part[: block.start(1)].count("\n") + 1
        lines = block.group(1).split("\n")
        k = 0
        while k < len(lines):
            start = k
            command = lines[k]
            while command.endswith("\\"):  # a continued line
                k += 1
                command = command[:-1] + "\n" + lines[k]
            k += 1
            if not command.strip() or command.lstrip().startswith("#"):
                continue
            stated = EXIT.search(command)
            found.append(Example(first + start, command, int(stated.group(1)) if stated else 0))
    return found


EXAMPLES = examples()


def test_readme_has_examples_for_every_command() -> None:
    for name in ("ingest", "articles", "show", "rm", "dedupe", "diff", "quotes", "completion",
                 "related", "report"):
        assert any(f"corpus {name}" in e.command for e in EXAMPLES), name


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | Path]:
    """A project holding a copy of corpus/, a home folder, and ``corpus`` on PATH."""
    root = tmp_path_factory.mktemp("readme")
    project = root / "project"
    shutil.copytree(CORPUS, project / "corpus")
    home = root / "home"
    home.mkdir()
    shim = root / "bin"
    shim.mkdir()
    (shim / "corpus").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m corpus_cli "$@"\n',
                                 encoding="utf-8")
    (shim / "corpus").chmod(0o755)
    return {"project": project, "home": home, "path": f"{shim}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are bash commands")
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"README.md:{e.line}" for e in EXAMPLES])
def test_readme_example(example: Example, workdir: dict[str, str | Path]) -> None:
    for tool in ("jq", "printf"):
        if re.search(rf"\b{tool}\b", example.command) and shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    env = corpus_env({"PATH": str(workdir["path"]), "HOME": str(workdir["home"])})
    result = subprocess.run(["bash", "-c", example.command], cwd=workdir["project"], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == example.exit_code, (
        f"README.md:{example.line}: {example.command}\nexit {result.returncode}\n"
        f"--- stderr ---\n{result.stderr[-3000:]}\n--- stdout ---\n{result.stdout[:2000]}")
    assert "Traceback" not in result.stderr
