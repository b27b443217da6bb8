"""Fixtures for the Spark engine's tests: pyspark and Java, a sample of a few hundred
articles (corpus/, part of the labelled corpus of bench/, other formats, bad files), and
a standalone Spark cluster on 127.0.0.1 started from the pyspark wheel's spark-class.

Without pyspark or Java these tests skip, saying so; with CI set they fail instead
(``.ci/run`` installs the spark extra, and CI machines have Java 17).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import CORPUS, REPO
from tests.quality.baseline import bbc_folder, ci_is_set

LABELLED = 300  # articles taken from the labelled corpus
SPARK_TIMEOUT = 600.0


def _unavailable(reason: str) -> None:
    if ci_is_set():
        pytest.fail(f"{reason} (CI is set, so the Spark tests fail rather than skip)",
                    pytrace=False)
    pytest.skip(f"{reason}; skipped outside CI (with CI set this fails)")


@pytest.fixture(scope="session")
def spark_home() -> Path:
    """The pyspark wheel's Spark (bin/spark-class), with Java to run it."""
    try:
        import pyspark
    except ImportError:
        _unavailable("pyspark is not installed (pip install '.[spark]')")
    from corpus_cli.spark.session import find_java

    if find_java() is None:
        _unavailable("no Java (the Spark engine needs Java 17)")
    return Path(pyspark.__file__).parent


def _labelled_subset(into: Path, scratch: Path) -> None:
    """LABELLED articles of a labelled corpus (bench/dedupe_corpus.py): every derived
    article of some originals with the originals, and background articles, from all
    sites (so each site's furniture recurs and frequency flags it)."""
    data = bbc_folder()
    if not data.is_dir():
        _unavailable(f"the BBC data set is missing ({data}): the Spark sample needs it")
    made = scratch / "labelled"
    subprocess.run([sys.executable, str(REPO / "bench" / "dedupe_corpus.py"), "--out",
                    str(made), "--size", "3500", "--data", str(data)], check=True,
                   capture_output=True, timeout=300)
    truth = [json.loads(line) for line in (made / "truth.jsonl").read_text().splitlines()]
    derived = [t for t in truth if t["of"] or t["sources"]]
    chosen: set[str] = set()
    for t in derived[::6]:
        chosen.add(t["path"])
        chosen.update(t["sources"] or [t["of"]])
        if len(chosen) >= LABELLED * 2 // 3:
            break
    background = [t["path"] for t in truth if t["kind"] == "background"]
    chosen.update(background[: LABELLED - len(chosen)])
    for rel in sorted(chosen):
        target = into / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made / "articles" / rel, target)


def _other_formats(into: Path) -> None:
    """JSON Lines records and a gzipped text copying corpus/ articles (exact and near
    copies across formats), and inputs that cannot be read."""
    into.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    records = []
    for n, text in enumerate(texts[:3]):
        title, _, body = text.partition("\n")
        records.append({"title": title, "text": body.strip(), "url":
                        f"https://wire.example/story-{n}", "source": "wire.example"})
    with (into / "wire.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.write("{not json\n")  # a bad line: an error, the other records read
    edited = texts[4].replace("Lukashenko", "Lukashenka", 3)
    (into / "reprint.txt.gz").write_bytes(gzip.compress(edited.encode("utf-8")))
    bad = into / "bad"
    bad.mkdir()
    (bad / "corrupt.txt.gz").write_bytes(gzip.compress(b"a story " * 400)[:10] + b"x" * 99)
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "empty.json").write_text("[]", encoding="utf-8")


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory, spark_home: Path) -> Path:
    """A folder holding ``corpus/``, ``labelled/`` and ``feeds/``: run both engines in
    it on those three."""
    root = tmp_path_factory.mktemp("spark-sample")
    shutil.copytree(CORPUS, root / "corpus")
    _labelled_subset(root / "labelled", tmp_path_factory.mktemp("labelled-made"))
    _other_formats(root / "feeds")
    return root


INPUTS = ("corpus/", "labelled", "feeds/")


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items()
           if k not in ("CORPUS_STORE", "FORCE_COLOR", "COLUMNS", "PYSPARK_GATEWAY_PORT")}
    out.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "TERM": "dumb"})
    return out


def corpus(*args: str | os.PathLike[str], cwd: Path, extra: dict[str, str] | None = None,
           timeout: float = SPARK_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "corpus_cli", *map(os.fspath, args)],
                          cwd=cwd, env={**env(), **(extra or {})}, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.fixture(scope="session")
def local_records(sample: Path) -> tuple[str, subprocess.CompletedProcess[str]]:
    """The local engine's JSON Lines on the sample (a store in memory)."""
    run = corpus("dedupe", "--store", ":memory:", *INPUTS, "-f", "jsonl", cwd=sample)
    assert run.returncode in (0, 3), run.stderr
    return run.stdout, run


def part_files(output: Path) -> str:
    """The records of a Spark output folder, part files in order."""
    return "".join(p.read_text(encoding="utf-8") for p in sorted(output.glob("part-*")))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A standalone master and its workers on 127.0.0.1, each in a process group of its
    own (a worker's executors are its children)."""

    home: Path
    work: Path
    master_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"spark://127.0.0.1:{self.master_port}"

    def _start(self, name: str, *args: str) -> None:
        log = (self.work / f"{name}.log").open("wb")
        self.logs.append(log)
        environment = {**env(), "SPARK_HOME": str(self.home), "SPARK_LOCAL_IP": "127.0.0.1",
                       "SPARK_LOG_DIR": str(self.work), "SPARK_WORKER_DIR":
                       str(self.work / f"{name}-work"), "PYSPARK_PYTHON": sys.executable}
        self.processes[name] = subprocess.Popen(
            [str(self.home / "bin" / "spark-class"), *args], cwd=self.work, env=environment,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def start(self, workers: int) -> None:
        self._start("master", "org.apache.spark.deploy.master.Master", "--host",
                    "127.0.0.1", "--port", str(self.master_port), "--webui-port",
                    str(free_port()))
        _wait_for_port(self.master_port, self.processes["master"])
        for n in range(workers):
            self._start(f"worker{n}", "org.apache.spark.deploy.worker.Worker", "--host",
                        "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port",
                        str(free_port()), self.url)
        deadline = time.monotonic() + 120
        log = self.work / "master.log"
        while time.monotonic() < deadline:
            registered = log.read_text(errors="replace").count("Registering worker")
            if registered >= workers:
                return
            time.sleep(0.5)
        raise AssertionError(f"workers did not register:\n{log.read_text()[-3000:]}")

    def kill(self, name: str) -> None:
        """SIGKILL a process group: the daemon and whatever it started."""
        proc = self.processes[name]
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            proc = self.processes[name]
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=30)
            # The group may outlive its leader (a worker's executors): end it too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        for log in self.logs:
            log.close()


def _wait_for_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the Spark master exited ({proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the Spark master did not open its port")


@pytest.fixture
def cluster(spark_home: Path, tmp_path: Path) -> Iterator[Cluster]:
    """A standalone cluster (start it with ``cluster.start(workers)``), every process
    stopped at the end."""
    work = tmp_path / "cluster"
    work.mkdir()
    running = Cluster(spark_home, work)
    try:
        yield running
    finally:
        running.stop()
