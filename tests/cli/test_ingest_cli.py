"""``corpus ingest``, ``articles`` and ``show`` through the Typer app."""

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import dry_run_articles
from tests.conftest import CORPUS_FILES, Run, paragraphs_keyed_by_version, write_article


def jsonl(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines()]


def test_ingest_contract_and_rerun_is_unchanged(cli: Run) -> None:
    first = cli("ingest", "corpus/", "--format", "jsonl")
    assert first.exit_code == 0, first.stderr
    records = jsonl(first.stdout)
    assert [r["path"] for r in records] == [f"corpus/{p.name}" for p in CORPUS_FILES]
    for r in records:
        assert r["type"] == "ingest"
        assert r["status"] == "added"
        assert r["error"] is None
        assert set(r) >= {"type", "path", "id", "status", "title", "paragraphs", "error"}
        assert len(r["id"]) == 16
        assert r["paragraphs"] > 0
    assert records[0]["title"].startswith("Lukashenko begins brutal crackdown")
    assert "5 added" in first.stderr
    second = cli("ingest", "corpus/", "--format", "jsonl")
    assert [r["status"] for r in jsonl(second.stdout)] == ["unchanged"] * 5
    assert [r["id"] for r in jsonl(second.stdout)] == [r["id"] for r in records]


def test_dry_run_spans_slice_the_files_own_text(cli: Run, store_path: Path) -> None:
    result = cli("ingest", "corpus/", "--dry-run", "--format", "jsonl")
    assert result.exit_code == 0
    for (record, paragraphs), path in zip(dry_run_articles(jsonl(result.stdout)), CORPUS_FILES,
                                          strict=True):
        text = path.read_text(encoding="utf-8")
        assert record["type"] == "article"
        assert set(record) >= {"id", "path", "title", "source", "date", "byline", "url",
                               "paragraphs", "boilerplate_paragraphs"}
        assert record["boilerplate_paragraphs"] == sum(p["boilerplate"] for p in paragraphs)
        for p in paragraphs:
            assert text[p["start"] : p["end"]] == p["text"]
            assert isinstance(p["boilerplate"], bool)
    assert not store_path.exists()
    assert "nothing stored" in result.stderr


def test_changed_file_becomes_a_new_version_and_both_can_be_shown(cli: Run,
                                                                  tmp_path: Path) -> None:
    path = write_article(tmp_path, "story.txt", "Story", ["The stunning letter.", "More."])
    cli("ingest", str(path), "-q")
    path.write_text(path.read_text().replace("stunning", "astonishing"))
    result = cli("ingest", str(path), "--format", "jsonl")
    record = jsonl(result.stdout)[0]
    assert record["status"] == "new_version"
    assert record["version"] == 2
    v1 = cli("show", f"{record['id']}@1", "--text").stdout
    v2 = cli("show", f"{record['id']}@2", "--text").stdout
    assert "stunning" in v1
    assert "astonishing" in v2
    missing = cli("show", f"{record['id']}@3")
    assert missing.exit_code == 3
    assert "no version 3" in missing.stderr


def test_same_text_elsewhere_is_another_article(cli: Run, tmp_path: Path) -> None:
    a = write_article(tmp_path / "outlet-a", "s.txt", "Same", ["Same words."])
    b = write_article(tmp_path / "outlet-b", "s.txt", "Same", ["Same words."])
    records = jsonl(cli("ingest", str(a), str(b), "--format", "jsonl").stdout)
    assert [r["status"] for r in records] == ["added", "added"]
    assert records[0]["id"] != records[1]["id"]


def test_stdin_with_and_without_a_name(cli: Run) -> None:
    text = "Piped headline\n\nFirst paragraph.\n\nSecond paragraph.\n"
    named = jsonl(cli("ingest", "-", "--stdin-name", "https://ex.org/a", "--format", "jsonl",
                      input=text).stdout)[0]
    assert named["status"] == "added"
    assert named["paragraphs"] == 2
    again = jsonl(cli("ingest", "-", "--stdin-name", "https://ex.org/a", "--format", "jsonl",
                      input=text).stdout)[0]
    assert again["status"] == "unchanged"
    assert again["id"] == named["id"]
    anonymous = jsonl(cli("ingest", "-", "--format", "jsonl", input=text).stdout)[0]
    assert anonymous["status"] == "added"
    assert anonymous["id"] != named["id"]
    listed = jsonl(cli("articles", "--format", "jsonl").stdout)
    assert {r["location"] for r in listed} >= {"https://ex.org/a"}


def test_missing_input_beside_good_ones_exits_3(cli: Run) -> None:
    result = cli("ingest", "corpus/000_6e919e2625b67137.txt", "nope.txt", "--format", "jsonl")
    assert result.exit_code == 3
    records = jsonl(result.stdout)
    assert [r["status"] for r in records] == ["added", "error"]
    assert records[1]["error"] == "no such file or directory"
    assert result.stderr.splitlines()[0] == "error: nope.txt: no such file or directory"


def test_articles_listing_and_show(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    listed = jsonl(cli("articles", "--format", "jsonl").stdout)
    assert len(listed) == 5
    row = listed[4]
    assert row["source"] == "BalkanWeb"
    assert row["versions"] == 1
    assert row["paragraphs"] == 21
    assert row["boilerplate_paragraphs"] == 6
    shown = jsonl(cli("show", "004", "--format", "jsonl").stdout)
    assert len(shown) == 21
    assert shown[-1]["text"] == "Similar posts"
    assert shown[-1]["reason"] == "share widget"


def test_reading_commands_without_a_store(cli: Run) -> None:
    result = cli("articles")
    assert result.exit_code == 3
    assert "run `corpus ingest` first" in result.stderr


def test_every_format_renders_the_same_records(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    as_jsonl = jsonl(cli("articles", "-f", "jsonl").stdout)
    assert json.loads(cli("articles", "-f", "json").stdout) == as_jsonl
    rows = list(csv.DictReader(io.StringIO(cli("articles", "-f", "csv").stdout)))
    assert [r["id"] for r in rows] == [r["id"] for r in as_jsonl]
    assert [r["title"] for r in rows] == [r["title"] for r in as_jsonl]
    tsv = cli("articles", "-f", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["type", "id", "path"]
    assert len(tsv) == 6
    table = cli("articles", "-f", "table", columns=160).stdout
    assert "BalkanWeb" in table
    assert as_jsonl[0]["id"][:7] in table  # the shortest unique prefix of 7 or more


@pytest.mark.parametrize("command", [["articles"], ["show", "004"], ["dedupe"], ["quotes"]])
def test_fields_choose_csv_columns_on_every_listing_command(cli: Run, command: list[str],
                                                            ) -> None:
    cli("ingest", "corpus/", "-q")
    out = cli(*command, "-f", "csv", "--fields", "type,id", "-q")
    assert out.exit_code == 0, out.stderr
    header, *rows = out.stdout.splitlines()
    assert header == "type,id"
    assert rows
    assert all(len(row.split(",")) == 2 for row in rows)
    bad = cli(*command, "-f", "csv", "--fields", "type,nope", "-q")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: --fields: no field 'nope' in ")
    assert cli(*command, "-f", "jsonl", "--fields", "id").exit_code == 2


def test_json_keeps_curly_quotes_as_characters(cli: Run) -> None:
    out = cli("ingest", "corpus/000_6e919e2625b67137.txt", "--dry-run", "-f", "json").stdout
    assert "Putin’s" in out
    assert "\\u2019" not in out


def test_output_is_deterministic(cli: Run) -> None:
    runs = [cli("ingest", "corpus/", "--dry-run", "-f", "jsonl").stdout for _ in range(2)]
    assert runs[0] == runs[1]


def test_usage_errors_exit_2(cli: Run) -> None:
    assert cli("ingest", "corpus/", "--format", "xml").exit_code == 2
    assert cli("ingest", "corpus/", "--color", "sometimes").exit_code == 2
    bad_size = cli("ingest", "corpus/", "--max-size", "lots")
    assert bad_size.exit_code == 2
    assert "cannot read 'lots' as a size" in bad_size.stderr
    assert cli("ingest").exit_code == 2
    assert cli("show", "x@zero").exit_code == 2


def test_size_cap_option(cli: Run, tmp_path: Path) -> None:
    big = write_article(tmp_path, "big.txt", "Big", ["word " * 600])
    result = cli("ingest", str(big), "--max-size", "2k", "-f", "jsonl")
    assert result.exit_code == 3
    assert "larger than the per-article size cap of 2 KiB" in result.stderr


def test_show_raw_returns_the_original_markup_byte_for_byte(cli: Run, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    markup = ("<html><head><title>Officers write</title></head><body><article>"
              "<h1>Officers write</h1><p>The officers wrote an open letter to the president "
              "about the war and its cost to the country.</p><p>They said the war was “pure "
              "suicide” for Belarus and its people.</p></article></body></html>").encode()
    page.write_bytes(markup)
    assert cli("ingest", str(page), "-q").exit_code == 0
    result = cli("show", "page", "--raw")
    assert result.exit_code == 0
    assert result.stdout_bytes == markup
    cli("ingest", "corpus/000_6e919e2625b67137.txt", "-q")
    text_only = cli("show", "000", "--raw")
    assert text_only.exit_code == 2
    assert "keeps no separate markup" in text_only.stderr


def test_dry_run_names_the_charset_each_article_was_read_with(cli: Run, tmp_path: Path) -> None:
    tmp_path = tmp_path / "saved"
    tmp_path.mkdir()
    story = "The café owner said “we will stay open” after the storm."
    (tmp_path / "a.txt").write_bytes(f"Storm passes\n\n{story}\n".encode("cp1252"))
    (tmp_path / "b.txt").write_text(f"Storm passes\n\n{story}\n", encoding="utf-8")
    # A page declaring ISO-8859-1 whose bytes are UTF-8: read as UTF-8.
    (tmp_path / "c.html").write_bytes(
        ('<html><head><meta charset="iso-8859-1"><title>Storm passes</title></head><body>'
         f"<article><h1>Storm passes</h1><p>{story}</p></article></body></html>").encode())
    result = cli("ingest", str(tmp_path), "--dry-run", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = {Path(r["path"]).name: (r, ps) for r, ps in dry_run_articles(jsonl(result.stdout))}
    assert {name: r["charset"] for name, (r, _ps) in records.items()} == {
        "a.txt": "cp1252", "b.txt": "utf-8", "c.html": "utf-8"}
    for _r, paragraphs in records.values():
        assert [p["text"] for p in paragraphs] == [story]


def test_stored_articles_keep_the_charset_they_were_read_with(cli: Run, tmp_path: Path,
                                                               store_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    story = "The café owner said “we will stay open” after the storm."
    (saved / "a.txt").write_bytes(f"Storm passes\n\n{story}\n".encode("cp1252"))
    (saved / "b.txt").write_text(f"Storm passes again\n\n{story} Twice.\n", encoding="utf-8")
    assert cli("ingest", str(saved), "-q").exit_code == 0
    listed = cli("articles", "-f", "jsonl")
    assert {Path(r["path"]).name: r["charset"] for r in jsonl(listed.stdout)} == {
        "a.txt": "cp1252", "b.txt": "utf-8"}
    # A store written before charsets were kept opens, and says it does not know.
    db = sqlite3.connect(store_path)
    paragraphs_keyed_by_version(db)
    db.executescript("DROP TABLE kept_quotes; DROP TABLE ingested_files;"
                    " ALTER TABLE versions DROP COLUMN charset; PRAGMA user_version = 8;")
    db.close()
    listed = cli("articles", "-f", "jsonl")
    assert listed.exit_code == 0, listed.stderr
    assert [r["charset"] for r in jsonl(listed.stdout)] == [None, None]
    (saved / "b.txt").write_text(f"Storm passes again\n\n{story} Three times.\n",
                                 encoding="utf-8")
    assert cli("ingest", str(saved), "-q").exit_code == 0
    listed = cli("articles", "-f", "jsonl")
    assert {Path(r["path"]).name: r["charset"] for r in jsonl(listed.stdout)} == {
        "a.txt": None, "b.txt": "utf-8"}  # its new version was read now


def test_a_terminal_gets_a_summary_and_rows_only_with_verbose(cli: Run, project: Path) -> None:
    (project / "corpus" / "README.TXT").write_text("About this data set\n\nIt holds five "
                                                     "articles.\n", encoding="utf-8")
    (project / "corpus" / "LICENSE").write_text("MIT\n", encoding="utf-8")
    quiet_table = cli("ingest", "corpus/", "-f", "table", columns=120)
    assert quiet_table.exit_code == 0
    assert quiet_table.stdout == ""
    assert quiet_table.stderr.startswith("ingest: 5 added, 0 new versions, 0 unchanged, "
                                         "0 errors; 1 skipped, not articles "
                                         "(corpus/README.TXT) → ")
    rows = cli("ingest", "corpus/", "-f", "table", "-v", columns=120).stdout
    assert rows.count("unchanged") == 5
    assert "README" not in rows
    # JSON Lines always has its records; the README was never stored.
    records = jsonl(cli("ingest", "corpus/", "-f", "jsonl", "-q").stdout)
    assert [r["status"] for r in records] == ["unchanged"] * 5
    assert all("README" not in r["path"] for r in jsonl(cli("articles", "-f", "jsonl").stdout))


def test_an_ambiguous_id_lists_the_candidates_paths_and_titles(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    result = cli("show", "corpus/00")
    assert result.exit_code == 3
    first, *candidates = result.stderr.splitlines()
    assert first.startswith("error: 'corpus/00' matches several articles (5); give more")
    assert len(candidates) == 5
    assert candidates[0].split()[1:3] == ["corpus/000_6e919e2625b67137.txt", "Lukashenko"]
    assert all(line.startswith("  ") for line in candidates)
    assert "Lukashenko begins brutal crackdown" in result.stderr


def test_table_ids_are_accepted_back(cli: Run, project: Path) -> None:
    import re

    cli("ingest", "corpus/", "-q")
    table = cli("articles", "-f", "table", columns=200).stdout
    shown = re.findall(r"^│ ([0-9a-f]{7,}) ", table, flags=re.M)
    assert len(shown) == 5
    assert all(len(i) == 7 for i in shown)
    for prefix in shown:
        records = jsonl(cli("show", prefix, "-f", "jsonl").stdout)
        assert records[0]["id"].startswith(prefix)
    groups = cli("dedupe", "-f", "table", "-q", columns=200).stdout
    group = re.findall(r"^│ (p[0-9a-f]{6,}) ", groups, flags=re.M)[0]
    assert len(group) == 7
    assert cli("show", group, "-f", "jsonl").stdout.startswith('{"type":"passage"')
    assert cli("diff", "--group", group, "-f", "json").exit_code == 0


def test_an_unforeseen_failure_on_one_input_is_that_input_s_error(
        cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever one input makes go wrong while it is read or segmented (here a reader and
    the segmenter raising as a bug would) is an error for that input; the rest are stored."""
    from corpus_cli.ingest import parse, readers, run
    from corpus_cli.models import Document

    read_text, build = readers._text_document, run.build_article

    def reading(text: str, charset: str, name: str, *rest: object) -> Document:
        if name.startswith("corpus/001_"):
            raise ValueError("a reader tripped")
        return read_text(text, charset, name, *rest)  # type: ignore[arg-type]

    def building(doc: Document, *rest: object) -> object:
        if doc.name.startswith("corpus/003_"):
            raise OverflowError("a segmenter tripped")
        return build(doc, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(readers, "_text_document", reading)
    monkeypatch.setattr(run, "build_article", building)
    monkeypatch.setattr(parse, "build_article", building)
    for args in (("ingest", "corpus/"), ("dedupe", "--check", "corpus/")):
        result = cli(*args, "--format", "jsonl")
        assert result.exit_code == 3, result.output
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert [e.split(": ")[1] for e in errors] == [
            str(CORPUS_FILES[1].relative_to(CORPUS_FILES[1].parents[1])),
            str(CORPUS_FILES[3].relative_to(CORPUS_FILES[3].parents[1]))], errors
        assert "ValueError: a reader tripped" in errors[0]
        assert "OverflowError: a segmenter tripped" in errors[1]
    stored = json.loads(cli("articles", "--format", "json").stdout)
    assert len(stored) == 3
