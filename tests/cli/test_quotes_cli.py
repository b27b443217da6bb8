"""``corpus quotes`` through the Typer app: contract, views, filters, --check, bad input."""

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS_FILES, Run, write_article


def jsonl(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines()]


CONTRACT = {"type", "id", "path", "start", "end", "text", "speaker", "speaker_key", "cue",
            "partial", "group", "confidence"}


def test_jsonl_contract_and_spans_slice_the_stored_text(cli: Run) -> None:
    result = cli("quotes", "corpus/", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert len(records) > 40
    texts = {f"corpus/{p.name}": p.read_text(encoding="utf-8") for p in CORPUS_FILES}
    for r in records:
        assert set(r) >= CONTRACT
        assert r["type"] == "quote"
        text = texts[r["path"]]
        if len(r["parts"]) == 1:
            assert text[r["start"] : r["end"]] == r["text"]
        else:  # one record per multi-paragraph quote, spanning its paragraphs
            assert r["text"] == "\n\n".join(text[a:b] for a, b in r["parts"])
            assert [r["start"], r["end"]] == [r["parts"][0][0], r["parts"][-1][1]]
        assert r["partial"] == (len(r["text"].split()) <= 3)
    keys = {r["speaker"]: r["speaker_key"] for r in records if r["speaker"]}
    assert keys["Sviatlana Tsikhanouskaya"] == keys["Svetlana Tikhanovskaya"]
    assert "quotes:" in result.stderr


def test_paths_are_ingested_first_and_the_store_is_then_used(cli: Run) -> None:
    first = cli("quotes", "corpus/", "--format", "jsonl", "-q")
    assert cli("articles", "--format", "jsonl").stdout.count('"type":"article"') == 5
    again = cli("quotes", "--format", "jsonl", "-q")
    assert again.stdout == first.stdout


def test_by_group(cli: Run) -> None:
    records = jsonl(cli("quotes", "corpus/", "--by", "group", "-f", "jsonl", "-q").stdout)
    assert {r["type"] for r in records} == {"quote_group"}
    letter = next(r for r in records if r["text"].startswith("Russia’s occupation"))
    assert letter["articles"] == 2
    assert {o["text"] for o in letter["occurrences"]} >= {"pure suicide"}
    for o in letter["occurrences"]:
        assert {p["op"] for p in o["diff"]} <= {"equal", "insert", "delete", "replace"}
    headline = next(r for r in records
                    if any(o["text"].startswith("Don't follow") for o in r["occurrences"]))
    # One speaker for the group, in a full spelling, whichever article spelt it.
    assert headline["speaker"] in ("Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya")
    ops = [p for o in headline["occurrences"] for p in o["diff"] if p["op"] != "equal"]
    assert ops, "a reworded quote shows its differences"


@pytest.mark.parametrize(("args", "check"), [
    (["--speaker", "Tikhanovskaya"],
     lambda r: r["speaker_key"] in ("sviatlana tsikhanouskaya", "svetlana tikhanovskaya")),
    (["--source", "BalkanWeb"], lambda r: r["path"].startswith("corpus/004")),
    (["--no-partial"], lambda r: not r["partial"]),
    (["--min-sources", "2"], lambda r: True),
])
def test_filters(cli: Run, args: list[str], check: object) -> None:
    everything = jsonl(cli("quotes", "corpus/", "-f", "jsonl", "-q").stdout)
    records = jsonl(cli("quotes", *args, "-f", "jsonl", "-q").stdout)
    assert 0 < len(records) < len(everything)
    assert all(check(r) for r in records)  # type: ignore[operator]


def test_min_sources_keeps_groups_carried_by_several_articles(cli: Run) -> None:
    records = jsonl(cli("quotes", "corpus/", "--min-sources", "2", "-f", "jsonl", "-q").stdout)
    by_group: dict[str, set[str]] = {}
    for r in records:
        by_group.setdefault(r["group"], set()).add(r["id"])
    assert all(len(ids) >= 2 for ids in by_group.values())


def test_table_shows_one_row_per_group(cli: Run) -> None:
    result = cli("quotes", "corpus/", "--min-sources", "2", "-f", "table", columns=160)
    assert result.exit_code == 0
    assert "Wordings" in result.stdout
    assert "(same" in result.stdout


def new_article(folder: Path, paragraphs: list[str]) -> Path:
    return write_article(folder, "new.txt", "Opposition leader speaks", paragraphs)


def test_check_exits_1_on_a_misquote_and_does_not_store(cli: Run, tmp_path: Path) -> None:
    cli("ingest", "corpus/", "-q")
    path = new_article(tmp_path, [
        '"Lukashenko and Putin are pulling Belarus into an all-out war against Ukraine," '
        "Tikhanovskaya said."])
    result = cli("quotes", "--check", str(path), "-f", "jsonl")
    assert result.exit_code == 1, result.stderr
    (finding,) = jsonl(result.stdout)
    assert finding["kind"] == "misquote"
    assert finding["stored_path"] == "corpus/004_39edef5f2efda2e7.txt"
    assert {"op": "replace", "text": "pulling", "was": "dragging"} in finding["diff"]
    assert cli("articles", "-f", "jsonl").stdout.count('"type":"article"') == 5


def test_check_exits_1_on_a_misattribution(cli: Run, tmp_path: Path) -> None:
    cli("ingest", "corpus/", "-q")
    path = new_article(tmp_path, [
        '"We are preparing for all possible defence scenarios," Vladimir Putin said.'])
    result = cli("quotes", "--check", str(path), "-f", "jsonl")
    assert result.exit_code == 1
    (finding,) = jsonl(result.stdout)
    assert finding["kind"] == "misattribution"
    assert finding["stored_speaker"] == "Volodymyr Zelensky"


def test_check_exits_0_for_faithful_or_new_quotes_and_ingest_adds(cli: Run,
                                                                   tmp_path: Path) -> None:
    cli("ingest", "corpus/", "-q")
    path = new_article(tmp_path, [
        'Putin said: "Today we hear that they want to defeat us on the battlefield."',
        '"We will build new schools this year," Mayor Jane Smith said.'])
    result = cli("quotes", "--check", str(path), "--ingest", "-f", "jsonl")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "0 findings in 1 new article" in result.stderr
    assert cli("articles", "-f", "jsonl").stdout.count('"type":"article"') == 6


CHECK_CASES = {
    # The officers' sentence (the soldiers' letter in 000 and 001) given to a person.
    "officers-to-lukashenko": (
        ['"To join Russia in its fight against Ukraine would be an act of pure suicide," '
         "Alexander Lukashenko said."],
        ("misattribution", "the soldiers")),
    # Tsikhanouskaya reworded (003: "I'm sure that he [Lukashenko] would give the order
    # to the Belarusian army to participate in this invasion — if he was sure …").
    "tsikhanouskaya-reworded": (
        ['"I am certain that Lukashenko would give the command to the Belarusian army to '
         'take part in this invasion — if he was confident they would fight," '
         "Tsikhanouskaya said."],
        ("misquote", "Sviatlana Tsikhanouskaya")),
    # A run of the letter's words given to someone else.
    "letter-fragment-to-putin": (
        ['"By entering the war against Ukraine, Belarus will be evicted from the community '
         'of civilised states," Vladimir Putin said.'],
        ("misattribution", "the soldiers")),
    # No finding: something new, an accurate partial quote, and a description of the
    # person the corpus names ("the Belarus leader" for Lukashenko).
    "quiet": (
        ["Alexander Lukashenko spoke at a harvest festival in Gomel.",
         '"This year the harvest of potatoes has been the best in a decade," Lukashenko '
         "said.",
         "Sviatlana Tsikhanouskaya said Lukashenko would order \"the Belarusian army to "
         'participate in this invasion".',
         'The Belarus leader said his country would "remain together with fraternal '
         'Russia".'],
        None),
}


@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_check_what_a_fact_checker_needs(cli: Run, tmp_path: Path, case: str) -> None:
    paragraphs, expected = CHECK_CASES[case]
    cli("ingest", "corpus/", "-q")
    path = new_article(tmp_path, paragraphs)
    result = cli("quotes", "--check", str(path), "-f", "jsonl")
    findings = jsonl(result.stdout)
    if expected is None:
        assert result.exit_code == 0, result.stdout
        assert findings == []
        return
    assert result.exit_code == 1, result.stderr
    (finding,) = findings
    assert (finding["kind"], finding["stored_speaker"]) == expected
    assert 0 < finding["confidence"] <= 1
    assert finding["stored_speaker"] in finding["reason"] or "same subject" in finding["reason"]


@pytest.mark.parametrize(("args", "message"), [
    (["--ingest"], "--ingest goes with --check"),
    (["--check"], "--check needs the new articles"),
    (["--by", "sentence"], "--by"),
    (["--min-sources", "0"], "--min-sources"),
    (["--speaker", " "], "--speaker"),
])
def test_usage_errors_exit_2(cli: Run, args: list[str], message: str) -> None:
    result = cli("quotes", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_store_is_an_input_error(cli: Run) -> None:
    result = cli("quotes")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: no corpus store")


def test_unreadable_path_is_reported_and_the_rest_shown(cli: Run, tmp_path: Path) -> None:
    good = new_article(tmp_path, ['"We will build new schools this year," Jane Smith said.'])
    result = cli("quotes", str(good), str(tmp_path / "missing.txt"), "-f", "jsonl")
    assert result.exit_code == 3
    assert "missing.txt" in result.stderr
    assert [r["speaker"] for r in jsonl(result.stdout)] == ["Jane Smith"]


def test_articles_without_quotes_and_with_hostile_marks(cli: Run, tmp_path: Path) -> None:
    plain = write_article(tmp_path, "plain.txt", "Nothing said", ["No quotes at all here."])
    hostile = write_article(tmp_path, "hostile.txt", "Marks", ['"“‘«' * 5000, "'\"" * 5000])
    result = cli("quotes", str(plain), str(hostile), "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    for r in jsonl(result.stdout):
        assert r["path"].endswith("hostile.txt")
