"""``corpus diff``: the sample-corpus acceptance case, inputs, formats, exit codes, bad input."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, write_article

ESC = "\x1b["


def diff_json(cli: Run, *args: str) -> dict[str, Any]:
    result = cli("diff", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def op_of(data: dict[str, Any], side: str, startswith: str) -> dict[str, Any]:
    texts = data["paragraphs"][side]
    index = next(k for k, t in enumerate(texts) if t.startswith(startswith))
    return next(op for op in data["ops"] if index in op[side])


def texts(data: dict[str, Any], side: str, op: dict[str, Any]) -> list[str]:
    return [data["paragraphs"][side][k] for k in op[side]]


def test_sample_corpus_000_against_001(cli: Run) -> None:
    """Issue 4, section 1: the operations `corpus diff 000 001` must show."""
    cli("ingest", "corpus/", "-q")
    data = diff_json(cli, "000", "001")
    letter = ["The soldiers wrote:", "“According to this Clause", "“It also enjoys",
              "They continued:", "“By entering the war", "“To join Russia"]
    for start in letter:
        assert op_of(data, "a", start)["op"] == "equal", start
    edit = op_of(data, "a", "In a stunning open letter addressed to Lukashenko")
    assert edit["op"] == "edit"
    assert texts(data, "b", edit)[0].startswith("In an astonishing open letter addressed to "
                                                "the Belarus President")
    changed = [w for w in edit["words"] if w[0] != "equal"]
    assert ["replace", "a stunning", "an astonishing"] in changed
    assert ["replace", "Lukashenko", "the Belarus President"] in changed
    split = op_of(data, "a", "They also accused Putin of “destroying our sovereignty” and in "
                             "a further rebuke")
    assert split["op"] == "split"
    parts = texts(data, "b", split)
    assert len(parts) == 2
    assert parts[0].startswith("Additionally, they accused")
    assert parts[1].startswith("In a stinging rebuke to Putin")
    earlier = op_of(data, "a", "Earlier this month, the Belarus President reaffirmed")
    assert earlier["op"] == "edit"
    assert texts(data, "b", earlier)[0].startswith("Last Sunday, the Belarus President "
                                                   "reaffirmed")
    caption = op_of(data, "a", "Lukashenko says Russia 'must be ready'")
    assert caption["op"] == "equal"
    for start in ("Separately, Lukashenko and close ally Putin", "The Kremlin said",
                  "This came after Lithuania", "A spokesperson for Lithuanian customs",
                  "Russia has been left furious", "On Friday, Russia warned Lithuania"):
        assert op_of(data, "a", start)["op"] == "delete", start
    for start in ("Minsk and Moscow have increasingly", "Hundreds of thousands of demonstrators",
                  "The protesters claimed the elections were rigged"):
        assert op_of(data, "b", start)["op"] == "insert", start


def test_json_contract_every_paragraph_once(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    for args in (("000", "001"), ("001", "000", "--include-boilerplate"), ("002", "003")):
        data = diff_json(cli, *args)
        assert set(data) >= {"a", "b", "similarity", "paragraphs", "boilerplate", "ops"}
        assert set(data["a"]) >= {"id", "path", "title"}
        assert 0 <= data["similarity"] <= 1
        for side in ("a", "b"):
            seen = [k for op in data["ops"] for k in op[side]]
            expected = set(range(len(data["paragraphs"][side])))
            if "--include-boilerplate" not in args:
                expected -= set(data["boilerplate"][side])
            assert sorted(seen) == sorted(expected)
            assert len(seen) == len(set(seen))
        for op in data["ops"]:
            assert op["op"] in ("equal", "edit", "insert", "delete", "move", "split", "merge")
            assert 0 <= op["similarity"] <= 1
            for word in op["words"]:
                assert word[0] in ("equal", "insert", "delete", "replace")
                assert len(word) == 3


def test_boilerplate_is_collapsed_unless_asked_for(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    plain = diff_json(cli, "000", "001")
    assert plain["boilerplate"]["a"]
    covered = {k for op in plain["ops"] for k in op["a"]}
    assert not covered & set(plain["boilerplate"]["a"])
    full = diff_json(cli, "000", "001", "--include-boilerplate")
    assert set(full["boilerplate"]["a"]) <= {k for op in full["ops"] for k in op["a"]}
    shown = cli("diff", "000", "001", "-f", "side", "--width", "120").stdout
    assert "boilerplate not compared: A 3, B 3" in shown
    assert "We use your sign-up" not in shown
    assert "We use your sign-up" in cli("diff", "000", "001", "-f", "side", "--width", "120",
                                        "--include-boilerplate", "--context", "5").stdout


def test_files_stdin_and_ids_give_the_same_alignment(cli: Run, project: Path) -> None:
    cli("ingest", "corpus/", "-q")
    a, b = "corpus/000_6e919e2625b67137.txt", "corpus/001_1d7cf624bd2e4224.txt"
    by_id = diff_json(cli, "000", "001")
    by_file = diff_json(cli, a, b)
    by_stdin = json.loads(cli("diff", "-", b, "-f", "json",
                              input=(project / a).read_bytes()).stdout)
    assert by_file["ops"] == by_id["ops"] == by_stdin["ops"]
    assert by_file["a"]["path"] == a
    assert by_stdin["a"]["path"] == "-"


def test_files_need_no_store(cli: Run, project: Path) -> None:
    result = cli("diff", "corpus/002_791193985b6ef949.txt", "corpus/002_791193985b6ef949.txt",
                 "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert not (project / ".corpus").exists()
    assert {op["op"] for op in json.loads(result.stdout)["ops"]} == {"equal"}


def test_two_versions_of_one_article(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    first = ["The bridge will close on Monday for repairs, the council said.",
             "Buses will run every ten minutes during the closure."]
    path = write_article(folder, "story.txt", "Bridge closes", first)
    cli("ingest", str(path), "-q")
    write_article(folder, "story.txt", "Bridge closes",
                  [first[0].replace("Monday", "Tuesday"), first[1],
                   "Shops nearby fear a drop in trade."])
    cli("ingest", str(path), "-q")
    data = diff_json(cli, "story@1", "story@2")
    assert [op["op"] for op in data["ops"]] == ["edit", "equal", "insert"]
    assert ["replace", "Monday", "Tuesday"] in data["ops"][0]["words"]
    assert (data["a"]["version"], data["b"]["version"]) == (1, 2)
    shown = cli("diff", "story@1", "story@2", "-f", "unified").stdout
    assert shown.startswith("--- a/")
    assert "@1\n+++ b/" in shown
    assert "[-Monday-]{+Tuesday+}" in shown


def test_auto_format_is_unified_in_a_pipe_and_markup_without_colour(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    out = cli("diff", "000", "001").stdout
    assert out.startswith("--- a/corpus/000_6e919e2625b67137.txt\n+++ b/corpus/001_")
    assert "@@ -" in out
    assert "In [-a stunning-]{+an astonishing+} open letter" in out
    assert ESC not in out
    side = cli("diff", "000", "001", "-f", "side", "--width", "160",
               env={"NO_COLOR": "1"}).stdout
    assert ESC not in side
    assert "[-a stunning-]" in side
    assert "{+an astonishing+}" in side
    coloured = cli("diff", "000", "001", "-f", "side", "--width", "160", "--color",
                   "always").stdout
    assert ESC in coloured
    assert "[-a stunning-]" not in coloured


@pytest.mark.parametrize("width", [60, 99, 100, 160])
def test_lines_fit_the_width_and_narrow_falls_back_to_inline(cli: Run, width: int) -> None:
    cli("ingest", "corpus/", "-q")
    out = cli("diff", "000", "001", "-f", "side", "--width", str(width)).stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert (" │ " in out) is (width >= 100)


def test_context_collapses_unchanged_runs(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    few = cli("diff", "000", "001", "-f", "side", "--width", "160", "--context", "0").stdout
    assert "⋯ 7 equal paragraphs" not in few
    assert re.search(r"⋯ 6 equal paragraphs \(A#10-16, B#7-12\)", few)
    many = cli("diff", "000", "001", "-f", "side", "--width", "160", "--context", "9").stdout
    assert "⋯" not in many
    assert "“It also enjoys independence" in many


def test_moves_say_where_the_paragraph_went(cli: Run, tmp_path: Path) -> None:
    paras = [f"Paragraph {k} tells of the {w} in enough words to be matched on its own."
             for k, w in enumerate(["bridge", "council", "mayor", "buses", "shops"])]
    a = write_article(tmp_path, "a.txt", "T", paras)
    b = write_article(tmp_path, "b.txt", "T", [paras[4], *paras[:4]])
    out = cli("diff", str(a), str(b), "-f", "side", "--width", "120", "--context", "9").stdout
    assert "move · 100% · A#4 → B#0" in out
    assert "A#4 moved ↑ to B#0" in out


def test_exit_code_and_threshold(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    assert cli("diff", "000", "001").exit_code == 0
    assert cli("diff", "000", "001", "--exit-code").exit_code == 1
    assert cli("diff", "000", "000", "--exit-code").exit_code == 0
    assert cli("diff", "000", "001", "--threshold", "0.4").exit_code == 0
    assert cli("diff", "000", "001", "--exit-code", "--threshold", "0.9").exit_code == 1
    assert cli("diff", "000", "001", "--threshold", "1.5").exit_code == 2


def test_ignore_punctuation(cli: Run, tmp_path: Path) -> None:
    a = write_article(tmp_path, "a.txt", "T", ["He called the war “totally unprovoked”."])
    b = write_article(tmp_path, "b.txt", "T", ["He called the war ‘totally unprovoked”"])
    shown = json.loads(cli("diff", str(a), str(b), "-f", "json").stdout)
    assert shown["ops"][0]["op"] == "edit"
    assert shown["ops"][0]["punctuation"]
    assert "punctuation only" in cli("diff", str(a), str(b), "-f", "side").stdout
    ignored = json.loads(cli("diff", str(a), str(b), "-f", "json",
                             "--ignore-punctuation").stdout)
    assert [op["op"] for op in ignored["ops"]] == ["equal"]
    assert cli("diff", str(a), str(b), "--ignore-punctuation", "--exit-code").exit_code == 0


def test_html_is_escaped_and_self_contained(cli: Run, tmp_path: Path) -> None:
    evil = "<script>alert(1)</script> and <img src=x onerror=alert(2)> &amp; [bold]x[/bold]"
    a = write_article(tmp_path, "a.txt", "Title <b>bold</b>", [f"First {evil} here.",
                                                                "Second paragraph."])
    b = write_article(tmp_path, "b.txt", "Title", [f"First {evil} there.",
                                                   "Second paragraph."])
    page = cli("diff", str(a), str(b), "-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;amp;" in page
    assert "<b>bold" not in page
    assert not re.search(r"<[^>]*\s(src|href|on\w+)=", page)
    assert "<del>here</del>" in page
    assert "<ins>there</ins>" in page


def test_terminal_never_gets_raw_control_characters(cli: Run, tmp_path: Path) -> None:
    a = write_article(tmp_path, "a.txt", "T", ["Bell\x07 and \x1b]0;pwned\x07 [red]x[/red]."])
    b = write_article(tmp_path, "b.txt", "T", ["Bell and [red]x[/red] too."])
    for fmt in ("side", "inline", "unified"):
        out = cli("diff", str(a), str(b), "-f", fmt, "--color", "always",
                  "--width", "120").stdout
        assert "\x07" not in out
        assert "\x1b]0;" not in out
        assert "[red]x[/red]" in out


def _error(result: Any) -> str:
    """The one error line (candidates an ambiguous id matches follow it, indented)."""
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines, result.stderr
    assert all(line.startswith("  ") for line in lines[1:]), result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    return str(lines[0])


def test_bad_input(cli: Run, project: Path) -> None:
    cli("ingest", "corpus/", "-q")
    (project / "empty.txt").write_bytes(b"")
    (project / "blob.txt").write_bytes(bytes(range(256)) * 8)
    cases = [
        (("nothing-like-this", "000"), 3,
         "no such file, and no stored article matches 'nothing-like-this'"),
        (("gone@2", "000"), 3, "no stored article matches 'gone'"),
        (("00", "001"), 3, "matches several articles"),
        (("empty.txt", "000"), 3, "empty"),
        (("blob.txt", "000"), 3, "binary"),
        (("000@7", "001"), 3, "has no version 7"),
        (("000@x", "001"), 2, "a version is written ID@N"),
        (("corpus", "000"), 3, "is a folder"),
        (("-", "-"), 2, "stdin (-) can be read only once"),
    ]
    for args, code, message in cases:
        result = cli("diff", *args)
        assert result.exit_code == code, (args, result.stderr)
        assert message in _error(result), args
        assert result.stdout == ""


def test_id_without_a_store(cli: Run) -> None:
    result = cli("diff", "000", "001")
    assert result.exit_code == 3
    assert "is not a file, and there is no corpus store" in _error(result)


def test_multi_article_file_is_refused(cli: Run, project: Path) -> None:
    (project / "two.jsonl").write_text(
        '{"title": "One", "text": "First article text."}\n'
        '{"title": "Two", "text": "Second article text."}\n', encoding="utf-8")
    result = cli("diff", "two.jsonl", "corpus/000_6e919e2625b67137.txt")
    assert result.exit_code == 3
    assert "holds 2 articles" in _error(result)


def test_auto_format_follows_the_terminal() -> None:
    import io

    from corpus_cli.cli.commands.diff import _resolve_format
    from corpus_cli.cli.console import Environment

    def env(tty: bool) -> Environment:
        return Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ={},
                           stdout_isatty=tty, stderr_isatty=tty)

    assert _resolve_format("auto", env(True), 120) == "side"
    assert _resolve_format("auto", env(True), 99) == "inline"
    assert _resolve_format("auto", env(False), 200) == "unified"
    assert _resolve_format("json", env(True), 60) == "json"
