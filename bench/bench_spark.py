"""``corpus dedupe --engine spark`` against the local engine on a labelled corpus.

For a folder of articles (``bench/dedupe_corpus.py --out DIR --size N``, then
``DIR/articles``):

1. the local engine, ``corpus dedupe --store FRESH DIR/articles -f jsonl`` (a fresh store
   file: ingest, then the full pass, with its worker processes): wall time and peak
   memory of the process tree (sampled every 0.2 s);
2. the Spark engine once per ``--master`` (``local[2]``, ``local[1]``, ...) and per
   ``--workers`` count (a standalone master and that many one-core workers on
   127.0.0.1, started from the pyspark wheel's ``bin/spark-class`` and stopped after):
   wall time, peak memory of the driver's process tree (driver JVM, Python workers) and
   of the cluster's, shuffle bytes written (from Spark's event log), per-stage seconds
   (``summary.json``);
3. each Spark output compared with the local one: identical bytes, else the agreement
   of duplicate pairs (two articles in one group of a kind) and of passage occurrence
   pairs (|A and B| / |A or B|).

Rounds are interleaved (``--repeat``): local, then each Spark configuration, again.
Printed: medians, the Spark / local time ratio, and the speed-up from one worker to two
and from local[1] to local[2].

``--pin`` runs each Spark configuration, its driver (and a cluster's master and workers)
included, on as many CPUs as it has cores (``local[1]`` and one worker on CPU 0, two on
CPUs 0 and 1): unpinned, a one-core job's driver JVM and Python workers use a second
core of a small machine beside its one task thread, and a scaling measured there says
more about the machine than about the job.

``--no-events`` runs without Spark's event log (the shuffle figure needs it; writing it
costs the driver some 20 s of serial work a run at 20,000 articles).

Run:  python bench/bench_spark.py DIR/articles [--master local[2] --master local[1]]
      [--workers 1 --workers 2] [--repeat 1] [--pin] [--no-events] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CORPUS = [sys.executable, "-m", "corpus_cli"]


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def pinned(cpus: int | None) -> Any:
    """A ``preexec_fn`` that keeps a child (and what it starts) on the first ``cpus``
    CPUs; None when ``cpus`` is None."""
    if cpus is None:
        return None
    if cpus > len(os.sched_getaffinity(0)):
        raise SystemExit(f"--pin: {cpus} CPUs wanted, this machine has "
                         f"{len(os.sched_getaffinity(0))}")
    return lambda: os.sched_setaffinity(0, set(range(cpus)))


def cores(master: str | None, workers: int | None) -> int | None:
    """How many cores a configuration runs its tasks on (None: all of the machine)."""
    if workers:
        return workers
    inside = (master or "").partition("[")[2].partition("]")[0].partition(",")[0]
    return int(inside) if inside.isdigit() else None


def timed(cmd: list[str], cwd: Path, stdout: Path | None = None,
          env: dict[str, str] | None = None, watch: list[int] = (),
          cpus: int | None = None) -> dict[str, Any]:
    """Run ``cmd``: wall seconds, peak tree RSS of it, and of the ``watch`` pids."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, preexec_fn=pinned(cpus))
    peak = peak_cluster = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        peak_cluster = max(peak_cluster, sum(tree_rss(p) for p in watch))
        time.sleep(0.2)
    seconds = time.monotonic() - started
    err = proc.stderr.read().decode() if proc.stderr else ""
    if stdout:
        out.close()  # type: ignore[union-attr]
    return {"seconds": seconds, "rss": peak, "cluster_rss": peak_cluster,
            "code": proc.returncode, "stderr": err}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A standalone master and ``workers`` one-core workers on 127.0.0.1."""

    def __init__(self, workers: int, work: Path, cpus: int | None = None,
                 memory: str = "6g") -> None:
        from importlib.util import find_spec

        spec = find_spec("pyspark")
        if spec is None or spec.origin is None:
            raise SystemExit("pyspark is not installed: pip install '.[spark]'")
        self.home = Path(spec.origin).parent
        work.mkdir(parents=True, exist_ok=True)
        self.work = work
        self.port = free_port()
        self.cpus = cpus
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[Any] = []
        self._start("master", "org.apache.spark.deploy.master.Master", "--host",
                    "127.0.0.1", "--port", str(self.port), "--webui-port", str(free_port()))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        for n in range(workers):
            self._start(f"worker{n}", "org.apache.spark.deploy.worker.Worker", "--host",
                        "127.0.0.1", "--cores", "1", "--memory", memory, "--webui-port",
                        str(free_port()), self.url)
        while (work / "master.log").read_text(errors="replace").count(
                "Registering worker") < workers:
            time.sleep(0.5)

    @property
    def url(self) -> str:
        return f"spark://127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def _start(self, name: str, *args: str) -> None:
        log = (self.work / f"{name}.log").open("wb")
        self.logs.append(log)
        env = {**os.environ, "SPARK_HOME": str(self.home), "SPARK_LOCAL_IP": "127.0.0.1",
               "SPARK_WORKER_DIR": str(self.work / f"{name}-work")}
        self.procs.append(subprocess.Popen([str(self.home / "bin" / "spark-class"), *args],
                                           cwd=self.work, env=env, stdout=log,
                                           stderr=subprocess.STDOUT, start_new_session=True,
                                           preexec_fn=pinned(self.cpus)))

    def stop(self) -> None:
        for proc in reversed(self.procs):
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(timeout=20)
                    break
                except subprocess.TimeoutExpired:
                    continue
        for log in self.logs:
            log.close()


def shuffle_bytes(events: Path) -> int:
    """Shuffle bytes written by every task, from Spark event logs in ``events``."""
    total = 0
    for log in (p for p in events.rglob("*") if p.is_file()):  # rolling logs: folders
        with _open_log(log) as f:
            for line in f:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                metrics = json.loads(line).get("Task Metrics") or {}
                total += (metrics.get("Shuffle Write Metrics") or {}).get(
                    "Shuffle Bytes Written", 0)
    return total


def _open_log(path: Path) -> Any:
    """An event log file (written uncompressed: ``spark.eventLog.compress=false``)."""
    return path.open(encoding="utf-8", errors="replace")


def pairs(path: Path) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Duplicate pairs (kind, id, id) and passage occurrence pairs."""
    dup: set[tuple[str, ...]] = set()
    occ: set[tuple[str, ...]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["type"] == "duplicate":
            ids = sorted(m["id"] for m in r["members"])
            dup.update((r["kind"], a, b) for a, b in itertools.combinations(ids, 2))
        else:
            keys = sorted(f"{o['id']}:{o['start']}:{o['end']}" for o in r["occurrences"])
            occ.update(itertools.combinations(keys, 2))
    return dup, occ


def agreement(a: Path, b: Path) -> str:
    if a.read_bytes() == b.read_bytes():
        return "identical"
    (da, pa), (db, pb) = pairs(a), pairs(b)
    return (f"duplicate pairs {len(da & db) / max(1, len(da | db)):.5f}, "
            f"passage pairs {len(pa & pb) / max(1, len(pa | pb)):.5f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--master", action="append", default=[])
    parser.add_argument("--workers", action="append", type=int, default=[])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-local", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--pin", action="store_true",
                        help="run each Spark configuration on as many CPUs as it has cores")
    parser.add_argument("--no-events", action="store_true",
                        help="no event log: the driver's ~20 s of serial writing a run "
                             "left out, and the shuffle figure with it")
    parser.add_argument("--driver-memory", default="6g",
                        help="spark.driver.memory (in local mode: all of Spark's memory)")
    parser.add_argument("--executor-memory", default=None,
                        help="spark.executor.memory on a standalone cluster (Spark's "
                             "default: 1g; the 200,000 runs used 6g); each worker offers it "
                             "plus 1g")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="passed to every Spark run (repeatable)")
    args = parser.parse_args(argv)
    masters = args.master or ([] if args.workers else ["local[2]"])
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-spark-"))
    work.mkdir(parents=True, exist_ok=True)
    cwd, target = args.articles.resolve().parent, args.articles.name
    results: dict[str, list[dict[str, Any]]] = {}
    local_out = work / "local.jsonl"
    for round_ in range(args.repeat):
        if not args.no_local:
            # A fresh store file beside the articles' folder: ingest, then the full pass.
            # Its folder is the store's root, so locations (hence ids, and the body
            # order they give) are those the Spark engine gives, run from there.
            store = cwd / ".bench-spark-local.sqlite3"
            for stale in cwd.glob(".bench-spark-local.sqlite3*"):
                stale.unlink()
            r = timed([*CORPUS, "dedupe", "--store", str(store), target, "-f", "jsonl",
                       "-q"], cwd, local_out)
            results.setdefault("local", []).append(r)
            print(f"round {round_ + 1} local: {r['seconds']:.1f} s, "
                  f"{r['rss'] / 2**20:,.0f} MiB", flush=True)
        configs = [(m, None) for m in masters] + [(None, w) for w in args.workers]
        for master, workers in configs:
            name = master or f"{workers} worker(s)"
            cpus = cores(master, workers) if args.pin else None
            offered = f"{int(args.executor_memory.rstrip('gG')) + 1}g" \
                if args.executor_memory else "6g"
            cluster = Cluster(workers, work / f"cluster-{workers}", cpus, offered) \
                if workers else None
            try:
                label = "".join(c if c.isalnum() else "_" for c in name)
                out = work / f"out-{label}"
                events = work / f"events-{label}"
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(events, ignore_errors=True)
                events.mkdir()
                url = cluster.url if cluster else master
                logged = [] if args.no_events else [
                    "--conf", "spark.eventLog.enabled=true", "--conf",
                    f"spark.eventLog.dir=file://{events}", "--conf",
                    "spark.eventLog.compress=false"]
                r = timed([*CORPUS, "dedupe", "--engine", "spark", "--master", str(url),
                           target, "--output", str(out), *logged, "--conf",
                           f"spark.driver.memory={args.driver_memory}",
                           *(["--conf", f"spark.executor.memory={args.executor_memory}"]
                             if workers and args.executor_memory else []),
                           *[a for kv in args.conf for a in ("--conf", kv)]], cwd,
                          env={"CORPUS_SPARK_STAGES": "1"},
                          watch=cluster.pids if cluster else [], cpus=cpus)
            finally:
                if cluster:
                    cluster.stop()
            if r["code"] != 0:
                print(f"{name}: exit {r['code']}\n{r['stderr'][-2000:]}")
                continue
            summary = json.loads((out / "summary.json").read_text())
            merged = work / f"{label}.jsonl"
            merged.write_bytes(b"".join(p.read_bytes() for p in sorted(out.glob("part-*"))))
            shuffled = 0 if args.no_events else shuffle_bytes(events)
            # Event logs run to gigabytes (every plan of every query, uncompressed):
            # read, then gone, --keep or not.
            shutil.rmtree(events, ignore_errors=True)
            r.update(shuffle=shuffled, stages=summary["seconds"],
                     articles=summary["articles"],
                     agreement=agreement(local_out, merged) if local_out.exists() else "-")
            results.setdefault(name, []).append(r)
            shuffle = "-" if args.no_events else \
                f"{r['shuffle'] / max(1, r['articles']):,.0f} B/article"
            print(f"round {round_ + 1} {name}{f' on {cpus} CPU(s)' if cpus else ''}: "
                  f"{r['seconds']:.1f} s, driver tree "
                  f"{r['rss'] / 2**20:,.0f} MiB, cluster {r['cluster_rss'] / 2**20:,.0f} MiB,"
                  f" shuffle {shuffle}, "
                  f"{r['agreement']}; stages {summary['seconds']}", flush=True)
    print()
    median = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
    for name, secs in median.items():
        ratio = f", {secs / median['local']:.2f}x local" if "local" in median \
            and name != "local" else ""
        print(f"{name}: median {secs:.1f} s{ratio}")
    if "local[1]" in median and "local[2]" in median:
        print(f"local[1] -> local[2]: {median['local[1]'] / median['local[2]']:.2f}x")
    if "1 worker(s)" in median and "2 worker(s)" in median:
        print(f"1 -> 2 workers: {median['1 worker(s)'] / median['2 worker(s)']:.2f}x")
    for stale in cwd.glob(".bench-spark-local.sqlite3*"):
        stale.unlink()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
