"""Starting Spark for a job, and the errors a user can act on when it cannot start.

Java and Spark write their logs to a file (``spark-*.log`` in the temporary folder, or
``$CORPUS_SPARK_LOG``), never to the terminal: the JVM is started with that file as its
standard output and error, so its stack traces, warnings and progress bars land there
too. An error names the file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from corpus_cli.errors import CorpusError, UsageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOG_ENV = "CORPUS_SPARK_LOG"
JAVA_HINT = ("Java 17 or newer is needed for --engine spark; on Debian or Ubuntu: "
             "sudo apt-get install openjdk-17-jre-headless (or set JAVA_HOME)")
# Settings the engine starts with unless the user gives their own (--conf).
DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "2000",
    # Many small article files: a file's opening cost is taken as 16 KiB, not 4 MiB, so
    # a task reads thousands of them instead of 32.
    "spark.sql.files.openCostInBytes": "16384",
    # Plans of a job of many stages are long: their text (kept for the UI and logs) is
    # cut, or printing it can take the driver's memory.
    "spark.sql.maxPlanStringLength": "20000",
    # The part files are moved into place by the job commit; _SUCCESS is written last,
    # after summary.json, by the engine itself.
    "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs": "false",
}


class SparkStartError(CorpusError):
    """Spark could not start (no Java, a master that cannot be reached)."""


def log_path() -> Path:
    explicit = os.environ.get(LOG_ENV)
    if explicit:
        return Path(explicit)
    return Path(tempfile.gettempdir()) / f"spark-corpus-{os.getpid()}.log"


def find_java() -> str | None:
    """The java the Spark launcher will run: ``$JAVA_HOME/bin/java``, else ``java`` on
    the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.exists() else None
    return shutil.which("java")


def check_java() -> None:
    java = find_java()
    if java is None:
        raise SparkStartError(f"no Java found: {JAVA_HINT}")
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60,
                             check=False)
    except OSError as err:
        raise SparkStartError(f"cannot run {java}: {err.strerror or err}; {JAVA_HINT}") \
            from err
    version = _java_major(out.stderr + out.stdout)
    if version is not None and version < 17:
        raise SparkStartError(f"{java} is Java {version}; {JAVA_HINT}")


def _java_major(text: str) -> int | None:
    import re

    m = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if m is None:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def check_master(master: str) -> None:
    """A master URL Spark takes, and for a standalone master, one that answers."""
    if master.startswith(("local", "yarn", "k8s://", "mesos://")):
        if master.startswith("local") and not _local_ok(master):
            raise SparkStartError(f"--master {master!r}: not a master URL (local, local[N], "
                             "local[*], spark://HOST:PORT, yarn, k8s://...)")
        return
    if not master.startswith("spark://"):
        raise SparkStartError(f"--master {master!r}: not a master URL (local, local[N], "
                         "local[*], spark://HOST:PORT, yarn, k8s://...)")
    for hostport in master.removeprefix("spark://").split(","):
        parts = urlsplit("spark://" + hostport)
        try:
            port = parts.port
        except ValueError:
            port = None
        if not parts.hostname or port is None:
            raise SparkStartError(f"--master {master!r}: a standalone master is "
                             "spark://HOST:PORT")
        try:
            with socket.create_connection((parts.hostname, port), timeout=5):
                return
        except OSError as err:
            reason = err.strerror or str(err)
    raise SparkStartError(f"cannot reach the Spark master at {master}: {reason}")


def _local_ok(master: str) -> bool:
    import re

    return re.fullmatch(r"local(?:\[(?:\*|\d+)(?:,\d+)?\])?", master) is not None


@contextlib.contextmanager
def _output_to(path: Path) -> Iterator[None]:
    """This process's standard output and error go to ``path`` while the JVM starts: it
    inherits them, so everything Java prints goes there."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(fd)
        os.close(saved[0])
        os.close(saved[1])


def under_spark_submit() -> bool:
    """Started by ``spark-submit``, which chose the master and started the JVM?"""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def start(master: str | None, conf: Sequence[tuple[str, str]], log: Path) -> SparkSession:
    """A SparkSession for one job: ``master`` (default ``local[*]``, or spark-submit's),
    the engine's defaults and the user's ``conf`` over them."""
    if not under_spark_submit():
        check_java()
        check_master(master or "local[*]")
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise UsageError("--engine spark needs pyspark: pip install 'corpus-cli[spark]'") \
            from err
    builder = SparkSession.builder.appName("corpus dedupe")
    if master is not None or not under_spark_submit():
        builder = builder.master(master or "local[*]")
    given = dict(conf)
    # Executors run this interpreter (on this machine, or the same path elsewhere).
    settings = {"spark.pyspark.python": sys.executable, **DEFAULTS}
    for key, value in {**settings, **given}.items():
        builder = builder.config(key, value)
    # pyspark starts its Python workers with $PYSPARK_PYTHON (else "python3" from PATH),
    # whatever the configuration says: without it, `corpus` run by its full path (pipx, a
    # venv not activated) would hand its tasks to another interpreter, without this package.
    os.environ.setdefault("PYSPARK_PYTHON", given.get("spark.pyspark.python", sys.executable))
    try:
        with _output_to(log):
            session = builder.getOrCreate()
            session.sparkContext.setLogLevel("WARN")
    except CorpusError:
        raise
    except Exception as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise SparkStartError(f"Spark could not start: {first[:300]} (log: {log})") from err
    return session


def describe_failure(err: BaseException, log: Path, since: int = 0) -> str:
    """One line for a job that failed inside Spark (the most telling line of its
    message), and the log, where the whole of it is written; ``since``: the log's size
    when the job began (a log given by $CORPUS_SPARK_LOG is appended to)."""
    import traceback

    text = "".join(traceback.format_exception(err))
    with contextlib.suppress(OSError), open(log, "a", encoding="utf-8") as out:
        out.write(f"\ncorpus dedupe --engine spark failed:\n{text}\n")
    if _ran_out_of_memory(log, since):
        # A JVM out of heap stops the SparkContext from whichever thread met it, and the
        # job then fails on what that left behind (a null scheduler, a null session):
        # the error the driver sees names the consequence, the log the cause.
        return ("the Spark job failed: Spark ran out of Java heap (java.lang.OutOfMemoryError "
                "in its log); give it more memory, e.g. --conf spark.driver.memory=8g (in "
                f"local mode all of Spark's memory) or spark.executor.memory on a cluster "
                f"(log: {log})")
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    telling = [line for line in lines if ("Exception:" in line or "Error:" in line)
               and not line.startswith("at ")]
    first = (telling or lines or [type(err).__name__])[0]
    return f"the Spark job failed: {first[:300]} (log: {log})"


def log_size(log: Path) -> int:
    """How much the log holds already (0 if it does not exist)."""
    try:
        return log.stat().st_size
    except OSError:
        return 0


def _ran_out_of_memory(log: Path, since: int) -> bool:
    """Does the log, from ``since`` on, say that a JVM ran out of heap?"""
    try:
        with open(log, "rb") as f:
            f.seek(since)
            return any(b"java.lang.OutOfMemoryError" in line for line in f)
    except OSError:
        return False
