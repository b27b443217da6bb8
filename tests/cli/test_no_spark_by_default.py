"""The default install stays JVM-free: nothing on the local path imports pyspark."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

# Runs the commands in-process, then lists what they imported.
PROBE = """
import sys
from corpus_cli.cli.app import main
for args in (["--help"], ["dedupe", "--help"], ["dedupe", "--store", ":memory:", "corpus/",
                                                 "-f", "jsonl", "-q"]):
    try:
        main(args)
    except SystemExit:
        pass
print("LOADED", sorted(m for m in sys.modules if m.split(".")[0] in
                       ("pyspark", "py4j", "pyarrow", "pandas", "corpus_cli")
                       and (not m.startswith("corpus_cli") or ".spark" in m)))
"""


@pytest.mark.slow
def test_help_and_the_local_engine_never_import_pyspark() -> None:
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True,
                         text=True, timeout=120, check=False)
    loaded = next(line for line in run.stdout.splitlines() if line.startswith("LOADED"))
    assert loaded == "LOADED []", run.stderr[-2000:]
