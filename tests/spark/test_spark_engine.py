"""``corpus dedupe --engine spark``: the local engine's records, on local[2] and on a real
standalone cluster (two workers on 127.0.0.1, one of them killed mid-job), and the
errors a user can act on."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.spark.conftest import (
    INPUTS,
    SPARK_TIMEOUT,
    Cluster,
    corpus,
    env,
    part_files,
)

pytestmark = pytest.mark.slow


def _error_names(stderr: str) -> set[str]:
    return {line.removeprefix("error: ") for line in stderr.splitlines()
            if line.startswith("error: ")}


def test_local2_gives_the_local_engines_records(
        sample: Path, local_records: tuple[str, subprocess.CompletedProcess[str]],
        tmp_path: Path) -> None:
    expected, local = local_records
    out = tmp_path / "out"
    out.mkdir()
    (out / "part-00000-stale.txt").write_text("a previous run's records\n")
    run = corpus("dedupe", "--engine", "spark", "--master", "local[2]", *INPUTS,
                 "--output", out, "--overwrite", cwd=sample)
    # Both engines read the bad inputs as errors (exit 3) and compare the rest.
    assert run.returncode == 3, run.stderr
    assert local.returncode == 3, local.stderr
    records = [json.loads(line) for line in expected.splitlines()]
    kinds = {(r["type"], r.get("kind")) for r in records}
    assert {("duplicate", "exact"), ("duplicate", "near"), ("passage", None)} <= kinds
    # Byte for byte: same records, same group ids, same order; the old folder replaced.
    assert part_files(out) == expected
    assert (out / "_SUCCESS").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["duplicate_groups"] == sum(r["type"] == "duplicate" for r in records)
    assert summary["passage_groups"] == sum(r["type"] == "passage" for r in records)
    # Every unreadable input is counted and listed with its reason, as ingest lists it.
    listed = {f"{e['name']}: {e['reason']}" for e in summary["errors"]["listed"]}
    assert listed == _error_names(local.stderr)
    assert summary["errors"]["count"] == len(listed)
    assert len(listed) >= 4  # binary, corrupt gzip, empty JSON, a malformed JSONL line
    assert "Traceback" not in run.stderr
    assert "Exception" not in run.stderr
    assert set(summary["seconds"]) >= {"read", "candidates", "verify", "components",
                                       "group", "total"}
    # Groups are found a component at a time: a duplicate component is one group's
    # articles (and a few near misses), a passage component one passage's occurrences.
    largest = max(len(r["members"]) for r in records if r["type"] == "duplicate")
    assert largest <= summary["largest_duplicate_component"] < summary["articles"] / 4
    widest = max(len({o["id"] for o in r["occurrences"]}) for r in records
                 if r["type"] == "passage" and not r["boilerplate"])
    assert widest <= summary["largest_passage_component"] < summary["articles"] / 4


def test_an_existing_output_folder_is_refused(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("a previous run's file")
    run = corpus("dedupe", "--engine", "spark", "--master", "local[1]", "corpus/",
                 "--output", out, cwd=sample)
    assert run.returncode == 3
    assert run.stderr.startswith("error: ")
    assert "--overwrite" in run.stderr
    assert (out / "old.txt").exists()


def test_a_standalone_cluster_of_two_workers_gives_the_same_records(
        sample: Path, local_records: tuple[str, subprocess.CompletedProcess[str]],
        cluster: Cluster, tmp_path: Path) -> None:
    cluster.start(workers=2)
    out = tmp_path / "out"
    run = corpus("dedupe", "--engine", "spark", "--master", cluster.url, *INPUTS,
                 "--output", out, cwd=sample)
    assert run.returncode == 3, run.stderr  # the bad inputs
    assert part_files(out) == local_records[0]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["master"] == cluster.url
    # Both workers took part: each ran an executor for the job.
    for name in ("worker0", "worker1"):
        assert list((cluster.work / f"{name}-work").glob("app-*/*")), name


def test_a_worker_killed_mid_job_leaves_the_output_complete_and_identical(
        sample: Path, local_records: tuple[str, subprocess.CompletedProcess[str]],
        cluster: Cluster, tmp_path: Path) -> None:
    cluster.start(workers=2)
    out = tmp_path / "out"
    seen = []
    killed = False
    deadline = time.monotonic() + SPARK_TIMEOUT
    with subprocess.Popen(
            [sys.executable, "-m", "corpus_cli", "dedupe", "--engine", "spark", "--master",
             cluster.url, *INPUTS, "--output", str(out)],
            cwd=sample, env={**env(), "CORPUS_SPARK_STAGES": "1"}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True) as job:
        assert job.stderr is not None
        for line in job.stderr:  # the stages as they end
            seen.append(line)
            if line.startswith("stage bodies:") and not killed:
                # Cached bodies and shuffle files of worker1's executor go with it.
                cluster.kill("worker1")
                killed = True
            assert time.monotonic() < deadline, "".join(seen)
        job.wait(timeout=60)
    assert killed, "".join(seen)
    assert job.returncode == 3, "".join(seen)
    assert part_files(out) == local_records[0]
    assert (out / "_SUCCESS").exists()


def test_workers_run_this_interpreter_whatever_python3_is_on_path(
        sample: Path, tmp_path: Path) -> None:
    # `corpus` run by its full path (pipx, a venv not activated): the "python3" first on
    # PATH is another interpreter, without this package.
    shims = tmp_path / "shims"
    shims.mkdir()
    for name in ("python", "python3"):
        shim = shims / name
        shim.write_text("#!/bin/sh\necho 'not the interpreter of corpus' >&2\nexit 1\n",
                        encoding="utf-8")
        shim.chmod(0o755)
    extra = {k: v for k, v in env().items() if k != "PYSPARK_PYTHON"}
    extra["PATH"] = f"{shims}:{extra.get('PATH', '')}"
    run = subprocess.run([sys.executable, "-m", "corpus_cli", "dedupe", "--engine", "spark",
                          "--master", "local[1]", "corpus/", "--output",
                          str(tmp_path / "out")],
                         cwd=sample, env=extra, capture_output=True, text=True,
                         timeout=SPARK_TIMEOUT, check=False)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "_SUCCESS").exists()


def test_no_input_match_is_one_line_and_exit_3(sample: Path, tmp_path: Path) -> None:
    run = corpus("dedupe", "--engine", "spark", "--master", "local[1]", "nowhere/",
                 "missing-*.txt", "--output", tmp_path / "out", cwd=sample)
    assert run.returncode == 3
    lines = run.stderr.strip().splitlines()
    assert lines[-1].startswith("error: "), run.stderr
    assert "no input matches" in lines[-1]
    assert "nowhere/: no such file or directory" in run.stderr
    assert "Traceback" not in run.stderr
    assert "at org.apache" not in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("master", ["spark://127.0.0.1:1", "spark://no-port",
                                    "mesos-ish://x"])
def test_a_bad_master_url_is_one_line_and_exit_3(sample: Path, tmp_path: Path,
                                                  master: str) -> None:
    run = corpus("dedupe", "--engine", "spark", "--master", master, "corpus/",
                 "--output", tmp_path / "out", cwd=sample, timeout=120)
    assert run.returncode == 3, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert run.stderr.startswith("error: ")
    assert master in run.stderr


def test_missing_java_is_one_line_and_exit_3(sample: Path, tmp_path: Path) -> None:
    run = corpus("dedupe", "--engine", "spark", "corpus/", "--output", tmp_path / "out",
                 cwd=sample, extra={"JAVA_HOME": str(tmp_path / "no-java")}, timeout=120)
    assert run.returncode == 3
    assert run.stderr.count("\n") == 1
    assert "Java 17" in run.stderr
    assert "apt-get install openjdk-17" in run.stderr


def test_a_failed_job_names_its_log_and_leaves_no_complete_output(
        sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    log = tmp_path / "spark.log"
    # A setting Spark refuses once the job runs: the job fails.
    run = corpus("dedupe", "--engine", "spark", "--master", "local[1]", "corpus/",
                 "--output", out, "--conf", "spark.sql.shuffle.partitions=-1", cwd=sample,
                 extra={"CORPUS_SPARK_LOG": str(log)})
    assert run.returncode == 3
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert str(log) in run.stderr
    assert "at org.apache" not in run.stderr
    assert log.stat().st_size > 0
    assert not (out / "_SUCCESS").exists()


def test_spark_options_need_the_spark_engine(sample: Path) -> None:
    run = corpus("dedupe", "--store", ":memory:", "corpus/", "--output", "x", cwd=sample)
    assert run.returncode == 2
    assert "--engine spark" in run.stderr
    run = corpus("dedupe", "--engine", "spark", "corpus/", cwd=sample)
    assert run.returncode == 2
    assert "--output" in run.stderr


def test_parquet_rows_are_articles(sample: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for n, path in enumerate(sorted((sample / "corpus").glob("*.txt"))[:2]):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        rows.append({"text": body.strip(), "title": title, "url": f"https://pq.example/{n}",
                     "source": "pq.example", "date": f"2022-03-0{n + 1}"})
    rows.append({"text": None, "title": "no text", "url": None, "source": None,
                 "date": None})
    feed = tmp_path / "feed.parquet"
    pq.write_table(pa.Table.from_pylist(rows), feed)
    out = tmp_path / "out"
    run = corpus("dedupe", "--engine", "spark", "--master", "local[2]", "corpus/", feed,
                 "--output", out, "--level", "article", cwd=sample)
    assert run.returncode == 3, run.stderr  # the row without text
    groups = [json.loads(line) for line in part_files(out).splitlines()]
    # Each row copies a corpus/ article word for word (its headline in 'title'). The
    # corpus/ copy carries no date, so who came first is told by reading order: corpus/
    # was given first. Members are listed dated first.
    assert [[(m["path"], m["first"]) for m in g["members"]] for g in groups] == [
        [(f"{feed}#{n + 1}", False), (f"corpus/{p.name}", True)]
        for n, p in enumerate(sorted((sample / "corpus").glob("*.txt"))[:2])]
    assert {g["first_by"] for g in groups} == {"ingest"}
    assert {g["kind"] for g in groups} == {"exact"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["errors"]["listed"] == [{"name": f"{feed}#3",
                                            "reason": "no text in this row"}]
