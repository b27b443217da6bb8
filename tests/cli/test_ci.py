"""Findings for CI: GitHub workflow commands, SARIF 2.1.0, the checks' one spelling, and
README's Actions job run in a scratch git repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tests.cli.helpers import corpus_env
from tests.conftest import CORPUS, REPO, Run, write_article

SARIF_SCHEMA = json.loads((REPO / "tests" / "sarif-2.1.0-subset.schema.json")
                          .read_text(encoding="utf-8"))
ANNOTATION = re.compile(r"^::warning (?P<props>[^:]*)::(?P<message>.*)$")
NEW = "corpus/001_1d7cf624bd2e4224.txt"
MISQUOTE = ('"Lukashenko and Putin are pulling Belarus into an all-out war against '
            'Ukraine," Tikhanovskaya said.')


def _props(line: str) -> dict[str, str]:
    match = ANNOTATION.match(line)
    assert match, line
    return dict(p.split("=", 1) for p in match["props"].split(","))


def _copy_setup(cli: Run) -> None:
    cli("ingest", "corpus/000_6e919e2625b67137.txt", "-q")


def test_github_annotations_point_at_the_lines_of_each_finding(cli: Run, project: Path,
                                                               ) -> None:
    _copy_setup(cli)
    records = [json.loads(line) for line in cli(
        "dedupe", "--check", NEW, "--fail-on", "passage", "-f", "jsonl").stdout.splitlines()]
    result = cli("dedupe", "--check", NEW, "--fail-on", "passage", "-f", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(records) == 5
    text = (project / NEW).read_text(encoding="utf-8").split("\n")
    for line, record in zip(lines, records, strict=True):
        props = _props(line)
        assert props["file"] == NEW
        assert props["title"] == "Passage found in a stored article"
        start, col = int(props["line"]), int(props["col"])
        assert (start, col, int(props["endLine"]), int(props["endColumn"])) == (
            record["line"], record["column"], record["end_line"], record["end_column"])
        assert text[start - 1][col - 1 :].startswith(record["text"].split("\n")[0])
        assert line.endswith(f"(confidence {record['confidence']:.2f})")


def test_github_values_are_escaped_as_the_actions_toolkit_does(cli: Run, project: Path,
                                                               ) -> None:
    cli("ingest", "corpus/", "-q")
    odd = project / "new, 100%: draft.txt"
    write_article(odd.parent, odd.name, "Opposition leader speaks", [MISQUOTE])
    result = cli("quotes", "--check", str(odd.name), "-f", "github")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert "file=new%2C 100%25%3A draft.txt," in line
    assert ",line=3,col=2,endLine=3,endColumn=" in line
    assert "title=Possible misquote::the corpus quotes" in line
    assert "\n" not in line.rstrip("\n")


def test_an_html_finding_names_the_file_and_gives_offsets(cli: Run, project: Path) -> None:
    cli("ingest", "corpus/", "-q")
    page = project / "draft.html"
    page.write_text(f"<html><head><title>Opposition leader speaks</title></head><body>"
                    f"<article><h1>Opposition leader speaks</h1><p>{MISQUOTE}</p>"
                    f"<p>{'More words of the story follow here. ' * 8}</p></article></body>"
                    "</html>", encoding="utf-8")
    [line] = cli("quotes", "--check", "draft.html", "-f", "github").stdout.splitlines()
    props = _props(line)
    assert "line" not in props
    assert props["file"] == "draft.html"
    assert "of the text corpus-cli extracted from this html file" in line


def _validate_sarif(out: str) -> dict[str, Any]:
    log = json.loads(out)
    errors = sorted(Draft7Validator(SARIF_SCHEMA).iter_errors(log), key=str)
    assert not errors, f"{errors[0].message} at {list(errors[0].absolute_path)}"
    return dict(log)


@pytest.mark.parametrize("command", ["dedupe", "quotes"])
def test_sarif_is_a_valid_2_1_0_log(cli: Run, project: Path, command: str) -> None:
    cli("ingest", "corpus/", "-q")
    draft = write_article(project, "draft.txt", "Opposition leader speaks", [MISQUOTE])
    copy = project / "copy.txt"
    shutil.copy(project / "corpus" / "004_39edef5f2efda2e7.txt", copy)
    args = ["--check", "copy.txt"] if command == "dedupe" else ["--check", draft.name]
    jsonl = [json.loads(line) for line in cli(command, *args, "-f", "jsonl").stdout.splitlines()]
    result = cli(command, *args, "-f", "sarif")
    assert result.exit_code == 1
    log = _validate_sarif(result.stdout)
    [run] = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == (["corpus/duplicate", "corpus/passage"] if command == "dedupe" else
                     ["corpus/misquote", "corpus/misattribution"])
    assert len(run["results"]) == len(jsonl) >= 1
    for result_, record in zip(run["results"], jsonl, strict=True):
        assert rules[result_["ruleIndex"]] == result_["ruleId"] == f"corpus/{record['kind']}"
        region = result_["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"],
                region["endColumn"]) == (record["line"], record["column"], record["end_line"],
                                         record["end_column"])
        assert region["endLine"] >= region["startLine"]
        assert region["charOffset"] == record["start"]
        assert region["snippet"]["text"] == record["text"]
        assert result_["relatedLocations"][0]["physicalLocation"]["artifactLocation"][
            "uri"] == record["stored_path"]


def test_sarif_without_findings_is_a_log_with_no_results(cli: Run) -> None:
    _copy_setup(cli)
    result = cli("dedupe", "--check", NEW, "-f", "sarif")
    assert result.exit_code == 0
    assert _validate_sarif(result.stdout)["runs"][0]["results"] == []


def test_the_subset_schema_refuses_what_sarif_refuses() -> None:
    validator = Draft7Validator(SARIF_SCHEMA)
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "level": "warning", "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "a.txt"}, "region": {"startLine": 1}}}]}]}]}
    assert validator.is_valid(good)
    for broken in ({"version": "2.0.0"}, {"runs": []}):
        assert not validator.is_valid({**good, **broken} if "version" in broken else broken)
    bad_level = json.loads(json.dumps(good))
    bad_level["runs"][0]["results"][0]["level"] = "warn"
    assert not validator.is_valid(bad_level)
    line_zero = json.loads(json.dumps(good))
    line_zero["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
        "startLine"] = 0
    assert not validator.is_valid(line_zero)
    no_message = json.loads(json.dumps(good))
    del no_message["runs"][0]["results"][0]["message"]
    assert not validator.is_valid(no_message)


@pytest.mark.parametrize("fmt", ["github", "sarif"])
@pytest.mark.parametrize("command", [["dedupe"], ["quotes"], ["articles"]])
def test_ci_formats_go_with_check_only(cli: Run, command: list[str], fmt: str) -> None:
    cli("ingest", "corpus/", "-q")
    result = cli(*command, "-f", fmt)
    assert result.exit_code == 2
    assert "--format" in result.stderr


@pytest.mark.parametrize("command", ["dedupe", "quotes"])
def test_check_is_spelled_and_behaves_the_same_in_both(cli: Run, project: Path,
                                                       command: str) -> None:
    cli("ingest", "corpus/000_6e919e2625b67137.txt", "corpus/004_39edef5f2efda2e7.txt", "-q")
    nothing = cli(command, "--check")
    assert nothing.exit_code == 2
    assert "--check needs the new articles to check" in nothing.stderr
    # Any number of new articles, as a shell glob gives them.
    many = cli(command, "--check", "corpus/001_1d7cf624bd2e4224.txt",
               "corpus/002_791193985b6ef949.txt", "corpus/003_63cc5d6bac65af7b.txt",
               "-f", "jsonl")
    assert many.exit_code in (0, 1), many.stderr
    assert re.search(r"^check: \d+ findings? in 3 new articles$", many.stderr, flags=re.M)
    assert all(json.loads(line)["type"] == "finding" for line in many.stdout.splitlines())
    broken = project / "broken.txt"
    broken.write_bytes(b"\x00\x01" * 50)
    mixed = cli(command, "--check", "corpus/001_1d7cf624bd2e4224.txt", str(broken))
    assert mixed.exit_code == 3
    assert "error: " in mixed.stderr


# -- README's Actions job, in a scratch git repository --------------------------------------

def _readme_job() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"- name: No copied articles\n    run: \|\n(?P<body>(?:      .*\n)+)",
                      readme)
    assert block, "README's Actions job"
    lines = [line[6:] for line in block["body"].splitlines()]
    # The job installs corpus-cli first; here the one under test is on PATH already.
    return "\n".join(line for line in lines if not line.startswith("pip install"))


def _readme_annotation() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^::warning .*$", readme, flags=re.M)
    assert match
    return match.group()


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """A repository of articles (its origin holding main) cloned as a runner checks out a
    pull request: the job diffs against origin/main."""
    origin = tmp_path / "origin"
    (origin / "articles").mkdir(parents=True)
    _git(origin, "init", "-q", "-b", "main")
    for name, source in (("original.md", "004_39edef5f2efda2e7.txt"),
                         ("letter.md", "000_6e919e2625b67137.txt")):
        shutil.copy(CORPUS / source, origin / "articles" / name)
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "articles")
    clone = tmp_path / "checkout"
    _git(tmp_path, "clone", "-q", str(origin), str(clone))
    _git(clone, "checkout", "-q", "-b", "pull-request")
    return clone


def _run_job(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    shim = tmp_path / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "corpus").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m corpus_cli "$@"\n',
                                 encoding="utf-8")
    (shim / "corpus").chmod(0o755)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    env = corpus_env({"PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
                      "RUNNER_TEMP": str(runner_temp)})
    # GitHub runs a step's script with bash -e.
    return subprocess.run(["bash", "-e", "-c", _readme_job()], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                    reason="git and bash are needed to run the job")
def test_readme_job_fails_a_copy_with_an_annotation(scratch_repo: Path, tmp_path: Path,
                                                    ) -> None:
    shutil.copy(scratch_repo / "articles" / "original.md", scratch_repo / "articles" / "copy.md")
    _git(scratch_repo, "add", ".")
    _git(scratch_repo, "commit", "-q", "-m", "a copy")
    job = _run_job(scratch_repo, tmp_path)
    assert job.returncode == 1, job.stderr
    annotations = [line for line in job.stdout.splitlines() if line.startswith("::")]
    assert annotations == [_readme_annotation()]
    assert _props(annotations[0])["file"] == "articles/copy.md"


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                    reason="git and bash are needed to run the job")
def test_readme_job_passes_an_original_article(scratch_repo: Path, tmp_path: Path) -> None:
    shutil.copy(CORPUS / "003_63cc5d6bac65af7b.txt", scratch_repo / "articles" / "new.md")
    _git(scratch_repo, "add", ".")
    _git(scratch_repo, "commit", "-q", "-m", "an original article")
    job = _run_job(scratch_repo, tmp_path)
    assert job.returncode == 0, job.stdout + job.stderr
    assert "::warning" not in job.stdout
    assert "check: 0 findings in 1 new article" in job.stderr
