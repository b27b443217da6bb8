"""corpus related and corpus report from the command line: records, summaries, files
written, and one clear error line for each bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run


def _records(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_related_prints_one_record_per_article_earliest_first(cli: Run) -> None:
    assert cli("dedupe", "corpus/", "-q", "-f", "jsonl").exit_code == 0
    result = cli("related", "001", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = _records(result.stdout)
    assert [(r["path"], r["position"], r["given"]) for r in records] == [
        ("corpus/000_6e919e2625b67137.txt", 1, False),
        ("corpus/001_1d7cf624bd2e4224.txt", 2, True)]
    assert {r["first_by"] for r in records} == {"ingest"}
    assert [r["first"] for r in records] == [True, False]
    assert {r["of"] for r in records} == {records[1]["id"]}
    passages = records[0]["passages"]
    assert isinstance(passages, list)
    assert len(passages) == 5
    assert "corpus/000_6e919e2625b67137.txt came first (by ingest order)" in result.stderr
    assert "as the latest dedupe pass kept them" in result.stderr


def test_related_runs_a_pass_when_none_is_kept_and_says_so(cli: Run) -> None:
    assert cli("ingest", "corpus/", "-q").exit_code == 0
    result = cli("related", "000", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert "No dedupe pass was kept in the store, so one was run now" in result.stderr
    again = cli("related", "000", "-f", "jsonl")
    assert "as the latest dedupe pass kept them" in again.stderr
    assert again.stdout == result.stdout


def test_related_of_an_unknown_article_is_one_error_line(cli: Run) -> None:
    assert cli("ingest", "corpus/", "-q").exit_code == 0
    result = cli("related", "nosuch")
    assert result.exit_code == 3
    assert result.stderr == "error: no article matches 'nosuch'\n"
    assert result.stdout == ""


def test_without_a_store_both_commands_say_so(cli: Run, project: Path) -> None:
    for args in (("related", "000"), ("report",)):
        result = cli(*args)
        assert result.exit_code == 3
        assert result.stderr.startswith("error: no corpus store at ")
        assert "Traceback" not in result.stderr
    assert not (project / ".corpus").exists()
    assert not (project / "report.html").exists()


def test_report_writes_one_file_and_says_what_it_holds(cli: Run, project: Path) -> None:
    assert cli("dedupe", "corpus/", "-q", "-f", "jsonl").exit_code == 0
    result = cli("report")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    page = (project / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "In an astonishing open letter" in page
    assert result.stderr.startswith("report: wrote report.html (")
    assert "5 articles, 0 duplicate groups, 5 passage groups, 8 quotes carried by two or " \
        "more articles" in result.stderr


def test_report_to_a_folder_writes_an_index_and_a_page_per_diff(cli: Run,
                                                                project: Path) -> None:
    assert cli("dedupe", "corpus/", "-q", "-f", "jsonl").exit_code == 0
    result = cli("report", "--output", "site/", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert (project / "site" / "index.html").is_file()
    assert len(list((project / "site" / "diffs").glob("*.html"))) == 5


def test_report_on_an_empty_store_is_an_error(cli: Run, project: Path) -> None:
    (project / "empty").mkdir()
    assert cli("ingest", "empty/", "-q").exit_code == 0  # nothing to read; a store all the same
    result = cli("report")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: the store ")
    assert "holds no article" in result.stderr


def test_report_to_a_place_it_cannot_write_is_one_error_line(cli: Run, project: Path) -> None:
    assert cli("ingest", "corpus/", "-q").exit_code == 0
    (project / "blocker").write_text("a file, not a folder")
    result = cli("report", "-o", "blocker/report.html")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: cannot write blocker/report.html")
    assert len(result.stderr.splitlines()) == 1
    assert cli("report", "-o", " ").exit_code == 2
