"""Golden cases: one folder per case under tests/cases/ (black's tests/data/cases).

``case.json`` holds the arguments, optional setup commands run first, the terminal width and
extra environment; ``stdout`` holds the expected output. Articles a case needs beyond
``corpus/`` live in its ``files/`` folder, copied into the project as ``files/``. Rewrite
expectations only with ``pytest --update-goldens``, then read the diff.
"""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run

CASES = Path(__file__).resolve().parents[1] / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "case.json").exists())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_golden(case: Path, cli: Run, project: Path, update_goldens: bool) -> None:
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    if (case / "files").is_dir():
        shutil.copytree(case / "files", project / "files")
    for setup in spec.get("setup", []):
        assert cli(*setup).exit_code == 0
    result = cli(*spec["args"], columns=spec.get("width", 100), env=spec.get("env"))
    assert result.exit_code == spec.get("exit_code", 0), result.stderr
    expected = case / "stdout"
    if update_goldens:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")
