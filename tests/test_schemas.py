"""One shape per record type: every command's JSON output validates against the JSON
Schema of its record type in schemas/, and every schema is met by some command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import REPO, Run

SCHEMA_DIR = REPO / "schemas"
SCHEMAS = {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
           for p in sorted(SCHEMA_DIR.glob("*.schema.json"))}
# Rows of dedupe's CSV and TSV only: their columns are checked against the schema instead.
DELIMITED_ONLY = {"duplicate_member", "passage_occurrence"}


def validate(record: dict[str, Any]) -> str:
    kind = record.get("type")
    assert kind in SCHEMAS, f"record without a published schema: {record!r:.200}"
    errors = sorted(Draft202012Validator(SCHEMAS[kind]).iter_errors(record), key=str)
    assert not errors, f"{kind}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return str(kind)


def records_of(stdout: str, fmt: str) -> list[dict[str, Any]]:
    if fmt == "jsonl":
        return [json.loads(line) for line in stdout.splitlines() if line.strip()]
    data = json.loads(stdout)
    return data if isinstance(data, list) else [data]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_and_closed(name: str) -> None:
    schema = SCHEMAS[name]
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["type"] == {"const": name}
    assert schema["additionalProperties"] is False
    assert schema["required"] == list(schema["properties"])


def _runs(cli: Run, project: Path) -> list[tuple[tuple[str, ...], int]]:
    """(arguments, expected exit) of every command that prints records, in order (each
    may need the store the ones before it filled)."""
    copy = project / "copies" / "004-reprint.txt"  # corpus/ holds no duplicate articles
    copy.parent.mkdir()
    copy.write_text((project / "corpus" / "004_39edef5f2efda2e7.txt").read_text("utf-8"),
                    encoding="utf-8")
    dedupe = json.loads(cli("dedupe", "corpus/", "copies/", "-f", "json", "-q").stdout)
    letter = next(r["group"] for r in dedupe if r["type"] == "passage" and r["words"] == 40)
    new = project / "new"
    new.mkdir()
    (new / "copy.txt").write_text(copy.read_text("utf-8"), encoding="utf-8")
    (new / "misquote.txt").write_text(
        "Opposition leader speaks\n\n\"Lukashenko and Putin are pulling Belarus into an "
        "all-out war against Ukraine,\" Tikhanovskaya said.\n", encoding="utf-8")
    return [
        (("ingest", "corpus/004_39edef5f2efda2e7.txt", "--dry-run"), 0),
        (("ingest", "corpus/"), 0),
        (("articles",), 0),
        (("show", "000"), 0),
        (("show", letter), 0),
        (("dedupe", "corpus/", "--include-boilerplate"), 0),
        (("diff", "000", "001"), 0),
        (("diff", "--group", letter), 0),
        (("quotes",), 0),
        (("quotes", "--by", "group"), 0),
        (("dedupe", "--check", "new/copy.txt"), 1),
        (("dedupe", "--check", "new/", "--fail-on", "passage"), 1),
        (("quotes", "--check", "new/misquote.txt"), 1),
        (("related", "001"), 0),
        (("related", "copies/004-reprint.txt"), 0),  # a duplicate among what it shares
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_every_record_matches_its_schema(cli: Run, project: Path, fmt: str) -> None:
    seen: set[str] = set()
    for args, code in _runs(cli, project):
        if args[0] == "diff" and fmt == "jsonl":
            continue  # diff prints one JSON document
        quiet = () if args[0] == "diff" else ("-q",)  # diff -q prints nothing (git's --quiet)
        result = cli(*args, "--format", fmt, *quiet)
        assert result.exit_code == code, (args, result.stderr)
        found = records_of(result.stdout, fmt)
        assert found, args
        seen.update(validate(r) for r in found)
        if args[0] in ("dedupe", "quotes") and "--check" in args:
            assert {r["type"] for r in found} == {"finding"}
    expected = set(SCHEMAS) - DELIMITED_ONLY
    if fmt == "jsonl":
        expected -= {"diff", "collation"}
    assert expected <= seen


def test_a_type_has_one_shape_across_commands(cli: Run) -> None:
    """``article`` from a dry run and from the store, ``paragraph`` from a dry run and from
    ``show``: the same fields with the same JSON types."""
    dry = records_of(cli("ingest", "corpus/", "--dry-run", "-f", "jsonl", "-q").stdout, "jsonl")
    cli("ingest", "corpus/", "-q")
    stored = records_of(cli("articles", "-f", "jsonl").stdout, "jsonl")
    shown = records_of(cli("show", "000", "-f", "jsonl").stdout, "jsonl")

    def shape(record: dict[str, Any]) -> list[tuple[str, str]]:
        return [(k, type(v).__name__) for k, v in record.items() if v is not None]

    dry_article = next(r for r in dry if r["type"] == "article" and r["path"].endswith("000_"
                                                                                      "6e919e2625b67137.txt"))
    stored_article = next(r for r in stored if r["path"] == dry_article["path"])
    assert list(dry_article) == list(stored_article)
    assert dry_article["paragraphs"] == stored_article["paragraphs"] == 25
    both = {k for k, _t in shape(dry_article)} & {k for k, _t in shape(stored_article)}
    assert {(k, t) for k, t in shape(dry_article) if k in both} == \
        {(k, t) for k, t in shape(stored_article) if k in both}
    dry_paragraphs = [r for r in dry if r["type"] == "paragraph" and r["id"] == dry_article["id"]]
    assert [list(r) for r in dry_paragraphs] == [list(r) for r in shown]
    assert [r["text"] for r in dry_paragraphs] == [r["text"] for r in shown]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_rows_have_their_schemas_columns(cli: Run, project: Path, fmt: str) -> None:
    _runs(cli, project)
    out = cli("dedupe", "-f", fmt, "-q").stdout
    rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    assert {row["type"] for row in rows} == DELIMITED_ONLY
    for row in rows:
        assert row["type"] in DELIMITED_ONLY
        assert list(row) == list(SCHEMAS[row["type"]]["properties"])


def test_readme_documents_every_record_type() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in SCHEMAS:
        assert f"schemas/{name}.schema.json" in readme, name


def test_schema_files_are_the_only_ones(tmp_path: Path) -> None:
    assert {p.name for p in SCHEMA_DIR.iterdir()} == {f"{n}.schema.json" for n in SCHEMAS}
