"""``corpus diff --group``: the sample corpus's shared passages collated, formats, errors."""

import json
from pathlib import Path
from typing import Any

from tests.conftest import Run, write_article

LETTER = "p831af43c7ddf"  # the open letter, 000 and 001
STUNNING = "p7dfd0785b036"  # "In a stunning" / "In an astonishing open letter"


def collation(cli: Run, group: str) -> dict[str, Any]:
    cli("dedupe", "corpus/", "-q", "-f", "jsonl")  # the pass that finds (and keeps) groups
    result = cli("diff", "--group", group, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_open_letter_group_collates_000_and_001(cli: Run) -> None:
    data = collation(cli, LETTER)
    assert data["group"] == LETTER
    assert [w["path"][:10] for w in data["witnesses"]] == ["corpus/000", "corpus/001"]
    text = " ".join(c["majority"] or "" for c in data["columns"])
    assert "The soldiers wrote" in text
    assert all(len(c["readings"]) == 2 for c in data["columns"])


def test_stunning_paragraph_has_the_variant_column(cli: Run) -> None:
    data = collation(cli, STUNNING)
    variants = [c for c in data["columns"] if c["variant"]]
    assert ["a stunning", "an astonishing"] in [c["readings"] for c in variants]
    column = next(c for c in variants if c["readings"] == ["a stunning", "an astonishing"])
    assert column["majority"] == "a stunning"  # a tie: the earliest occurrence's reading
    assert not any(c["variant"] for c in data["columns"][-1:])


def test_terminal_view_without_colour_marks_variants(cli: Run) -> None:
    cli("dedupe", "corpus/", "-q", "-f", "jsonl")
    result = cli("diff", "--group", STUNNING, "--width", "100")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    row1 = next(line for line in lines if line.startswith("1 │ In a stunning"))
    row2 = lines[lines.index(row1) + 1]
    assert row2.startswith("2 │ In [an astonishing]")
    assert "^^^^" in lines[lines.index(row1) + 2]
    assert all(len(line) <= 100 for line in lines)
    assert "\x1b[" not in result.stdout


def test_html_is_escaped_and_self_contained(cli: Run) -> None:
    cli("dedupe", "corpus/", "-q", "-f", "jsonl")
    result = cli("diff", "--group", STUNNING, "-f", "html")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "astonishing" in result.stdout
    assert "<script" not in result.stdout
    assert "“" in result.stdout or "&quot;" in result.stdout


def test_exit_code_one_when_the_passage_varies(cli: Run) -> None:
    cli("dedupe", "corpus/", "-q", "-f", "jsonl")
    assert cli("diff", "--group", STUNNING, "--exit-code", "-f", "json").exit_code == 1


def test_unknown_group_is_one_error_line_exit_3(cli: Run, store_path: Path) -> None:
    missing = cli("diff", "--group", STUNNING)
    assert missing.exit_code == 3
    assert "no corpus store" in missing.stderr
    assert not store_path.exists()  # reading a group never creates a store
    cli("dedupe", "corpus/", "-q", "-f", "jsonl")
    result = cli("diff", "--group", "pnothing")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1


def test_a_group_id_stays_put_as_the_store_grows(cli: Run, project: Path) -> None:
    first = {r["group"]: r for r in map(json.loads, cli("dedupe", "corpus/", "-q", "-f",
                                                         "jsonl").stdout.splitlines())}
    assert STUNNING in first
    # An article outside the group: the ids printed before still name the same groups.
    write_article(project / "other", "weather.txt", "Weather", [
        "Heavy snow closed mountain roads across the region on Tuesday, and forecasters "
        "expect more of it before the weekend, with drifts of up to a metre."])
    again = {r["group"] for r in map(json.loads, cli("dedupe", "other/", "-q", "-f", "jsonl",
                                                      "--level", "passage").stdout.splitlines())}
    assert again == set()
    everything = {r["group"] for r in map(json.loads, cli("dedupe", "-q", "-f", "jsonl")
                                          .stdout.splitlines())}
    assert everything == set(first)
    # The group gains a member: a third outlet prints the "stunning" paragraph. It keeps
    # its id, and diff --group shows all three.
    stunning = first[STUNNING]["occurrences"][0]["text"]
    write_article(project / "third", "reprint.txt", "Belarus officers", [stunning])
    grown = [r for r in map(json.loads, cli("dedupe", "third/", "-q", "-f", "jsonl")
                            .stdout.splitlines()) if r["type"] == "passage"]
    assert [r["group"] for r in grown] == [STUNNING]
    assert len(grown[0]["occurrences"]) == 3
    witnesses = json.loads(cli("diff", "--group", STUNNING, "-f", "json").stdout)["witnesses"]
    assert [w["path"].split("/")[0] for w in witnesses] == ["corpus", "corpus", "third"]


def test_group_with_articles_or_unified_is_a_usage_error(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    assert cli("diff", "000", "--group", STUNNING).exit_code == 2
    assert cli("diff", "--group", STUNNING, "-f", "unified").exit_code == 2
    assert cli("diff", "000").exit_code == 2
