"""The project's own rules, enforced in CI: ruff (including the ban on Typer and Rich
outside ``corpus_cli/cli/``), strict mypy on the package, and the layering contracts of
pyproject.toml (import-linter)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with the test extra)")
    return found


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300,
                          check=False)


def test_ruff_is_clean() -> None:
    result = run(tool("ruff"), "check", "corpus_cli", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_may_not_import_typer_or_rich(tmp_path: Path) -> None:
    offender = REPO / "corpus_cli" / "text" / "_ban_probe.py"
    offender.write_text('"""Probe."""\n\nimport rich\n\nprint(rich)\n')
    try:
        result = run(tool("ruff"), "check", "--select", "TID251", str(offender))
    finally:
        offender.unlink()
    assert result.returncode == 1
    assert "Only corpus_cli/cli/ may import rich" in result.stdout


def test_mypy_strict_is_clean() -> None:
    result = run(tool("mypy"), "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layers_are_kept() -> None:
    result = run(tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("module", "imports"), [
    ("text", "corpus_cli.store"),  # a shared layer importing a higher one
    ("dedupe", "corpus_cli.quotes.group"),  # one engine importing another
    ("store", "corpus_cli.report.records"),  # the core importing the records above it
])
def test_a_broken_layer_fails_the_contract(module: str, imports: str) -> None:
    probe = REPO / "corpus_cli" / module / "_layer_probe.py"
    probe.write_text(f'"""Probe."""\n\nimport {imports}\n\nprint({imports})\n')
    try:
        result = run(tool("lint-imports"), "--no-cache")
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert "BROKEN" in result.stdout


def test_packaging_accepts_the_license_expression_without_warnings(tmp_path: Path) -> None:
    """setuptools builds the metadata (warnings as errors: its license deprecation banner
    fails the test), and the license is a valid SPDX expression."""
    import tomllib

    from packaging.licenses import canonicalize_license_expression

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert canonicalize_license_expression(project["license"]) == project["license"]
    assert not any(c.startswith("License ::") for c in project.get("classifiers", []))
    for name in ("pyproject.toml", "README.md", "corpus_cli/__init__.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    script = ("import os, setuptools.build_meta as b; os.makedirs('out'); "
              "name = b.prepare_metadata_for_build_wheel('out'); "
              "print(open(os.path.join('out', name, 'METADATA')).read())")
    result = subprocess.run([sys.executable, "-W", "error", "-c", script], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "License-Expression: MIT" in result.stdout
    assert "deprecat" not in result.stderr.lower()  # (stdout holds README, which says it)
