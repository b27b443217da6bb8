"""The one line a failed Spark job gives (corpus_cli/spark/session.py): a JVM out of
heap is named as the cause, with the setting to change, although the error the driver
sees is what the stopped SparkContext left behind."""

from __future__ import annotations

from pathlib import Path

from corpus_cli.spark.session import describe_failure, log_size

CONSEQUENCE = RuntimeError(
    "An error occurred while calling o1635.count.\n"
    ": java.lang.NullPointerException: Cannot invoke \"org.apache.spark.scheduler."
    "DAGScheduler.cleanupQueryJobs(long)\" because the return value of \"org.apache."
    "spark.SparkContext.dagScheduler()\" is null\n"
    "\tat org.apache.spark.sql.execution.SQLExecution$.withNewExecutionId0(SQLExecution.scala:289)")
OUT_OF_HEAP = (b'Exception in thread "spark-listener-group-eventLog" '
               b"java.lang.OutOfMemoryError: Java heap space\n")


def test_a_jvm_out_of_heap_is_named_with_the_setting_to_change(tmp_path: Path) -> None:
    log = tmp_path / "spark.log"
    log.write_bytes(b"WARN Utils: Your hostname resolves to a loopback address\n" + OUT_OF_HEAP)
    message = describe_failure(CONSEQUENCE, log)
    assert "\n" not in message
    assert "ran out of Java heap" in message
    assert "--conf spark.driver.memory=" in message
    assert f"(log: {log})" in message
    assert "NullPointerException" not in message
    assert "corpus dedupe --engine spark failed" in log.read_text()  # the whole error, kept


def test_another_failure_gives_its_telling_line(tmp_path: Path) -> None:
    log = tmp_path / "spark.log"
    log.write_bytes(b"WARN nothing unusual\n")
    message = describe_failure(CONSEQUENCE, log)
    assert message.startswith("the Spark job failed: : java.lang.NullPointerException")
    assert "heap" not in message
    assert "at org.apache" not in message


def test_an_earlier_runs_out_of_heap_in_a_shared_log_is_not_this_jobs(tmp_path: Path) -> None:
    log = tmp_path / "spark.log"  # $CORPUS_SPARK_LOG, appended to run after run
    log.write_bytes(OUT_OF_HEAP)
    since = log_size(log)
    with log.open("ab") as out:
        out.write(b"WARN this run\n")
    assert "heap" not in describe_failure(CONSEQUENCE, log, since)
    assert log_size(tmp_path / "missing.log") == 0
