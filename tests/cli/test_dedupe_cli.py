"""``corpus dedupe`` through the Typer app: the corpus/ case, the CI check, bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, write_article


def jsonl(text: str) -> list[dict]:  # type: ignore[type-arg]
    # Records end at "\n" only: text in them may hold NEL or LS, which splitlines() splits.
    return [json.loads(line) for line in text.split("\n") if line]


def test_corpus_open_letter_caption_and_no_duplicates(cli: Run, project: Path) -> None:
    result = cli("dedupe", "corpus/", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert [r for r in records if r["type"] == "duplicate"] == []
    passages = [r for r in records if r["type"] == "passage"]
    assert all(not p["boilerplate"] for p in passages)
    texts = [p["text"] for p in passages]
    letter = [
        "At the present moment officers", "According to this Clause",
        "It also enjoys independence", "They continued: “Russia’s occupation",
        "By entering the war against Ukraine", "To join Russia in its fight",
    ]
    for opening in letter:
        assert sum(opening in t for t in texts) == 1, opening
    assert "Lukashenko says Russia 'must be ready' to use nuclear arsenal" in texts
    assert not any("sign-up" in t for t in texts)
    for p in passages:
        assert {Path(o["path"]).name[:3] for o in p["occurrences"]} == {"000", "001"}
        assert set(p) >= {"type", "group", "similarity", "boilerplate", "words", "occurrences"}
        for o in p["occurrences"]:
            text = (project / o["path"]).read_text(encoding="utf-8")
            assert text[o["start"] : o["end"]] == o["text"]
            assert set(o) >= {"id", "path", "start", "end", "text"}
    # "An act of pure suicide" sits after a promo block in 000: a run of its own there.
    suicide = next(p for p in passages if p["text"].startswith("“To join Russia"))
    assert suicide["words"] == 15
    edit = next(p for p in passages if "open letter addressed" in p["text"])
    assert 0.8 <= edit["similarity"] < 1


def test_boilerplate_only_on_request(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    plain = jsonl(cli("dedupe", "-f", "jsonl").stdout)
    with_bp = jsonl(cli("dedupe", "-f", "jsonl", "--include-boilerplate").stdout)
    flagged = [r for r in with_bp if r.get("boilerplate")]
    assert any("We use your sign-up" in r["text"] and len(r["occurrences"]) == 4
               for r in flagged)
    assert len(with_bp) == len(plain) + len(flagged)


def test_levels_and_table(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    article = jsonl(cli("dedupe", "--level", "article", "-f", "jsonl").stdout)
    assert article == []
    table = cli("dedupe", "--format", "table", "--show", columns=160)
    assert table.exit_code == 0
    assert "Shared passages (5 groups)" in table.stdout
    assert "nuclear arsenal" in table.stdout
    tsv = cli("dedupe", "-f", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["type", "group", "kind"]
    assert len(tsv) == 1 + 10


def test_check_exit_codes_and_no_store_change(cli: Run, project: Path,
                                              store_path: Path) -> None:
    cli("ingest", "corpus/002_791193985b6ef949.txt", "corpus/003_63cc5d6bac65af7b.txt",
        "corpus/004_39edef5f2efda2e7.txt", "-q")
    assert cli("dedupe", "-q", "-f", "jsonl").exit_code == 0  # builds the index
    before = store_path.read_bytes()
    # 000 shares passages with nothing stored yet (001 is not stored): no finding.
    clean = cli("dedupe", "--check", "corpus/000_6e919e2625b67137.txt", "-f", "jsonl")
    assert clean.exit_code == 0, clean.stderr
    assert "check: 0 findings in 1 new article" in clean.stderr
    assert clean.stdout == ""
    copy = project / "new" / "copy.txt"
    copy.parent.mkdir()
    text = (project / "corpus/003_63cc5d6bac65af7b.txt").read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    dup = cli("dedupe", "--check", str(copy), "-f", "jsonl")
    assert dup.exit_code == 1
    assert "check: 1 finding in 1 new article" in dup.stderr
    [finding] = jsonl(dup.stdout)
    assert (finding["type"], finding["kind"], finding["path"]) == ("finding", "duplicate",
                                                                   str(copy))
    assert finding["stored_path"] == "corpus/003_63cc5d6bac65af7b.txt"
    assert finding["reason"].startswith("exact duplicate of corpus/003_63cc5d6bac65af7b.txt")
    assert finding["confidence"] == 1.0
    # The copied body, by offsets and by lines and columns of the file.
    assert text[finding["start"] : finding["end"]] == finding["text"]
    lines = text.split("\n")
    assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith(finding["text"][:40])
    assert finding["end_line"] == len(text[: finding["end"]].split("\n"))
    binary = project / "new" / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    both = cli("dedupe", "--check", str(copy), str(binary), "-f", "jsonl")
    # The readable article is still checked; the unreadable one exits 3 (input error),
    # never 1: a broken input must not read as a copy found, nor hide one.
    assert both.exit_code == 3
    assert "error: " in both.stderr
    assert "bad.txt" in both.stderr
    assert [r["kind"] for r in jsonl(both.stdout)] == ["duplicate"]
    assert store_path.read_bytes() == before
    count = sqlite3.connect(store_path).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert count == 3


def test_check_fail_on_passage_and_max_shared(cli: Run, project: Path) -> None:
    cli("ingest", "corpus/000_6e919e2625b67137.txt", "-q")
    new = "corpus/001_1d7cf624bd2e4224.txt"
    assert cli("dedupe", "--check", new, "-q").exit_code == 0  # not a duplicate
    assert cli("dedupe", "--check", new, "--fail-on", "passage", "-q").exit_code == 1
    assert cli("dedupe", "--check", new, "--fail-on", "passage", "--max-shared", "0.9",
               "-q").exit_code == 0
    low = cli("dedupe", "--check", new, "--fail-on", "passage", "--max-shared", "0.1",
              "-f", "jsonl")
    assert low.exit_code == 1
    found = jsonl(low.stdout)
    assert {r["kind"] for r in found} == {"passage"}
    assert len(found) == 5  # the letter's passages, the caption, the 'stunning' paragraph
    text = (project / new).read_text(encoding="utf-8")
    for r in found:
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["stored_path"] == "corpus/000_6e919e2625b67137.txt"
        assert r["stored_text"] is not None
        assert "of its words (limit 10%)" in r["reason"]
    stored = cli("dedupe", "--check", new, "--ingest", "-q")
    assert stored.exit_code == 0
    assert len(jsonl(cli("articles", "-f", "jsonl").stdout)) == 2
    # Checked again once stored (a pre-commit hook on an edited article): it is not a copy
    # of itself; the passages it shares with 000 are still found.
    again = cli("dedupe", "--check", new, "-f", "jsonl")
    assert again.exit_code == 0, again.stderr
    assert jsonl(again.stdout) == []
    assert cli("dedupe", "--check", new, "--fail-on", "passage", "-q").exit_code == 1


def test_bad_input(cli: Run, project: Path) -> None:
    empty = cli("dedupe")
    assert empty.exit_code == 3
    assert empty.stderr.startswith("error: ")
    assert "Traceback" not in empty.stderr
    one = cli("dedupe", "corpus/000_6e919e2625b67137.txt")
    assert one.exit_code == 3
    assert "nothing to compare" in one.stderr
    binary = project / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    bad = cli("dedupe", "corpus/", str(binary), "-f", "jsonl")
    assert bad.exit_code == 3
    assert bad.stderr.startswith("error: ")
    assert "bad.txt" in bad.stderr
    assert "Traceback" not in bad.stderr
    # One policy for unreadable inputs, as ingest's: the others are read and compared.
    assert jsonl(bad.stdout) == jsonl(cli("dedupe", "corpus/", "-f", "jsonl").stdout)
    usage = cli("dedupe", "--max-shared", "0.5")
    assert usage.exit_code == 2
    nothing = cli("dedupe", "--check")
    assert nothing.exit_code == 2
    write_article(project / "n", "n.txt", "T", ["Some words here."])
    no_store = cli("dedupe", "--check", "n/n.txt", "--store", str(project / "none.db"))
    assert no_store.exit_code == 3
    assert "no corpus store" in no_store.stderr


def test_older_schema_store_is_migrated(cli: Run, store_path: Path) -> None:
    from corpus_cli.store.schema import MIGRATIONS

    cli("ingest", "corpus/", "-q")
    # The same articles in a store of schema 1, as the first release wrote it.
    current = store_path.with_name("current.sqlite3")
    store_path.rename(current)
    db = sqlite3.connect(store_path, isolation_level=None)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.execute("ATTACH DATABASE ? AS cur", (str(current),))
    db.execute("INSERT INTO articles SELECT * FROM cur.articles")
    db.execute("INSERT INTO versions SELECT article_id, version, content_hash, format, text,"
               " raw, title, title_start, title_end, date, byline, url, seq FROM cur.versions")
    db.execute("INSERT INTO paragraphs SELECT v.article_id, v.version, p.idx, p.start, p.end,"
               " p.hash, p.words, p.pattern, p.frequent FROM cur.paragraphs p"
               " JOIN cur.versions v ON v.seq = p.seq")
    db.execute("DETACH DATABASE cur")
    db.close()
    result = cli("dedupe", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert len(jsonl(result.stdout)) == 5
    version = sqlite3.connect(store_path).execute("PRAGMA user_version").fetchone()[0]
    assert version == len(MIGRATIONS)


@pytest.mark.parametrize("args", [
    ["dedupe", "corpus/"],
    ["dedupe", "--check", "new/", "--ingest"],
    ["quotes", "--check", "new/", "--ingest"],
    ["quotes", "corpus/"],
])
def test_each_input_is_read_once(cli: Run, project: Path, monkeypatch: pytest.MonkeyPatch,
                                 args: list[str]) -> None:
    from corpus_cli.ingest import parse

    cli("ingest", "corpus/002_791193985b6ef949.txt", "corpus/003_63cc5d6bac65af7b.txt", "-q")
    new = project / "new"
    new.mkdir()
    for name in ("000_6e919e2625b67137.txt", "001_1d7cf624bd2e4224.txt"):
        (new / name).write_text((project / "corpus" / name).read_text(), encoding="utf-8")
    reads: list[str] = []
    read_input = parse.read_input

    def counted(inp: Any, settings: Any) -> Any:
        reads.append(inp.name)
        return read_input(inp, settings)

    monkeypatch.setattr(parse, "read_input", counted)
    result = cli(*args, "-q", "-f", "jsonl")
    assert result.exit_code in (0, 1), result.stderr
    assert reads
    assert len(reads) == len(set(reads)), reads


def test_paths_are_compared_with_the_whole_store(cli: Run, project: Path) -> None:
    cli("ingest", "corpus/", "-q")
    # A copy of a stored article with one word changed, given as a path: the question a
    # user asks is whether it copies anything stored, not whether it copies itself.
    text = (project / "corpus/003_63cc5d6bac65af7b.txt").read_text(encoding="utf-8")
    copy = project / "new" / "copy.txt"
    copy.parent.mkdir()
    copy.write_text(text.replace(" the ", " a ", 1), encoding="utf-8")
    result = cli("dedupe", "new/copy.txt", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    groups = [r for r in jsonl(result.stdout) if r["type"] == "duplicate"]
    assert [sorted(m["path"] for m in g["members"]) for g in groups] == [
        ["corpus/003_63cc5d6bac65af7b.txt", "new/copy.txt"]]
    # Only groups involving the given article: 000 and 001's passages are left out.
    passages = [r for r in jsonl(result.stdout) if r["type"] == "passage"]
    assert all(any(o["path"] == "new/copy.txt" for o in p["occurrences"]) for p in passages)
    assert "1 article(s) given, compared with the 6 stored" in result.stderr


def test_a_store_in_memory_keeps_nothing(cli: Run, project: Path) -> None:
    result = cli("dedupe", "corpus/", "--store", ":memory:", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert any(r["type"] == "passage" for r in jsonl(result.stdout))
    assert not (project / ".corpus").exists()
    assert not (project / ":memory:").exists()


def test_show_prints_a_group_dedupe_found(cli: Run) -> None:
    records = jsonl(cli("dedupe", "corpus/", "-q", "-f", "jsonl").stdout)
    passage = next(r for r in records if r["type"] == "passage")
    shown = cli("show", passage["group"], "-f", "jsonl")
    assert shown.exit_code == 0, shown.stderr
    assert jsonl(shown.stdout) == [passage]


SOURCE = [
    "Inheritance is a basic concept of object-oriented programming where the idea is to "
    "create new classes that add extra detail to existing classes, so that the “child” "
    "classes reuse the methods and variables of their parents.",
    "Classes built this way form a hierarchy, and a method defined high in the hierarchy "
    "is available to every class below it unless one of them overrides it.",
    "Most languages allow a class a single parent, while a few accept several and then "
    "need rules that say which parent’s method wins when two of them define it.",
]


def test_untitled_copies_share_passages_whatever_their_line_ends_and_encoding(
        cli: Run, project: Path) -> None:
    saved = project / "answers"
    saved.mkdir()
    (saved / "source.txt").write_text("\n\n".join(SOURCE) + "\n", encoding="utf-8")
    (saved / "crlf-cp1252.txt").write_bytes("\r\n\r\n".join(SOURCE).encode("cp1252"))
    (saved / "cr.txt").write_bytes("\r".join(SOURCE).encode("utf-8"))
    (saved / "nel.txt").write_bytes(b"\x85".join(p.encode("cp1252") for p in SOURCE))
    (saved / "nel-utf8.txt").write_text("\x85\x85".join(SOURCE), encoding="utf-8")
    (saved / "one-line.txt").write_text(SOURCE[0], encoding="utf-8")
    result = cli("dedupe", "answers/", "--level", "passage", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    shared: dict[str, set[int]] = {}
    for passage in jsonl(result.stdout):
        names = {Path(o["path"]).name for o in passage["occurrences"]}
        assert "source.txt" in names
        for o in passage["occurrences"]:
            shared.setdefault(Path(o["path"]).name, set()).update(
                i for i, p in enumerate(SOURCE) if p[:40] in o["text"])
    assert shared.pop("source.txt") == {0, 1, 2}
    assert shared == {"crlf-cp1252.txt": {0, 1, 2}, "cr.txt": {0, 1, 2}, "nel.txt": {0, 1, 2},
                      "nel-utf8.txt": {0, 1, 2}, "one-line.txt": {0}}
    listing = jsonl(cli("articles", "-f", "jsonl").stdout)
    assert len(listing) == 6
    for record in listing:  # no file's text taken whole, nor its first paragraph, as title
        assert record["title"] not in SOURCE
        assert record["paragraphs"] == (1 if record["path"].endswith("one-line.txt") else 3)


def _dated_copy(folder: Path, name: str, date: str | None) -> None:
    story = (Path(__file__).resolve().parents[2] / "corpus" /
             "004_39edef5f2efda2e7.txt").read_text(encoding="utf-8")
    dated = f"date: {date}\n" if date else ""
    front = f"---\ntitle: Front\n{dated}---\n\n"
    (folder / name).write_text(front + story, encoding="utf-8")


def test_first_is_the_earliest_published_when_every_member_has_a_date(cli: Run,
                                                                      tmp_path: Path) -> None:
    # Ingested newest first: "first" must follow the dates, not the ingest order.
    for name, date in (("a.md", "2024-03-05"), ("b.md", "2024-03-01"), ("c.md", "2024-03-09")):
        _dated_copy(tmp_path, name, date)
        assert cli("ingest", str(tmp_path / name), "-q").exit_code == 0
    [group] = [r for r in jsonl(cli("dedupe", "-f", "jsonl", "-q").stdout)
               if r["type"] == "duplicate"]
    assert group["first_by"] == "date"
    assert [(Path(m["path"]).name, m["first"]) for m in group["members"]] == [
        ("b.md", True), ("a.md", False), ("c.md", False)]
    table = cli("dedupe", "-f", "table", "--level", "article", "-q", columns=200).stdout
    assert "published first" in table
    assert "ingested first" not in table


def test_first_is_the_first_ingested_and_says_so_when_a_date_is_missing(cli: Run,
                                                                         tmp_path: Path) -> None:
    for name, date in (("a.md", "2024-03-05"), ("b.md", None), ("c.md", "2024-03-01")):
        _dated_copy(tmp_path, name, date)
        assert cli("ingest", str(tmp_path / name), "-q").exit_code == 0
    records = jsonl(cli("dedupe", "-f", "jsonl", "-q").stdout)
    [group] = [r for r in records if r["type"] == "duplicate"]
    assert group["first_by"] == "ingest"
    # Listed in reading order (dated first, by date; then by path), whatever the ingest
    # order; "first" is the first ingested.
    assert [(Path(m["path"]).name, m["first"]) for m in group["members"]] == [
        ("c.md", False), ("a.md", True), ("b.md", False)]
    assert all(p["first_by"] == "ingest" for p in records if p["type"] == "passage")
    table = cli("dedupe", "-f", "table", "-q", columns=200).stdout
    assert "ingested first" in table
    assert " first" not in table.replace("ingested first", "")


def test_limit_spent_on_duplicates_leaves_out_the_passage_table(cli: Run, tmp_path: Path,
                                                               ) -> None:
    for name in ("a.md", "b.md"):
        _dated_copy(tmp_path, name, None)
    cli("ingest", str(tmp_path), "-q")
    full = cli("dedupe", "-f", "table", columns=120)
    assert "Shared passages" in full.stdout
    limited = cli("dedupe", "-f", "table", "-n", "1", columns=120)
    assert "Duplicate articles" in limited.stdout
    assert "Shared passages" not in limited.stdout
    assert "more groups not shown (--limit 1)" in limited.stderr


def test_an_article_stored_after_the_newest_was_forgotten_is_checked_against(
        cli: Run, project: Path) -> None:
    """``corpus rm`` of the newest article must not let the next one take its sequence
    number: the index covers that number already and would never add the newcomer."""
    from corpus_cli.store import Store

    paths = [write_article(project / "site", f"{name}.txt", f"Story {name} of the week",
                           [" ".join(f"{name}{k}w{n}" for n in range(30)) for k in range(4)])
             for name in ("alpha", "beta", "gamma")]
    assert cli("ingest", str(paths[0]), str(paths[1]), "-q").exit_code == 0
    assert cli("dedupe", "-q").exit_code == 0  # the index covers both
    assert cli("rm", str(paths[1].relative_to(project)), "-q").exit_code == 0
    assert cli("ingest", str(paths[2]), "-q").exit_code == 0
    with Store(project / ".corpus" / "corpus.sqlite3") as store:
        seqs = sorted(r[0] for r in store.db.execute("SELECT seq FROM versions"))
    assert seqs == [1, 3]
    copy = write_article(project / "elsewhere", "copy.txt", "Story gamma of the week",
                         [p.strip() for p in paths[2].read_text().split("\n\n")[1:]])
    result = cli("dedupe", "--check", str(copy), "--level", "article", "-f", "jsonl")
    assert result.exit_code == 1, result.stderr
    assert [r["kind"] for r in jsonl(result.stdout) if r["type"] == "finding"] == ["duplicate"]
