"""Golden cases: one folder per case under tests/cases/ (black's tests/data/cases).

``case.json`` holds the arguments, optional setup commands run first, the terminal width and
extra environment; ``stdout`` holds the expected output. The ``table-*`` cases draw every
table at 60, 80, 120 and 200 columns, and must fit them. Articles a case needs beyond
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
    if case.name.startswith("table-"):
        _fits(result.stdout, spec["width"])


def _fits(out: str, width: int) -> None:
    """A table fits its terminal: no line wider, no header split over two lines."""
    from rich.cells import cell_len

    lines = out.splitlines()
    assert lines
    assert max(cell_len(line) for line in lines) <= width
    for n, line in enumerate(lines):
        if line.startswith("┃") and n + 1 < len(lines) and lines[n + 1].startswith("┃"):
            raise AssertionError(f"a header is split over two lines:\n{line}\n{lines[n + 1]}")
