"""JSON Lines records: compact, UTF-8, and written whatever orjson refuses."""

from __future__ import annotations

import json

from corpus_cli.cli.output import jsonl_line


def test_a_line_is_compact_utf8_json() -> None:
    line = jsonl_line({"title": "“Don’t” — café", "similarity": 0.8, "members": (1, None)})
    assert line == '{"title":"“Don’t” — café","similarity":0.8,"members":[1,null]}\n'


def test_what_orjson_refuses_is_written_by_json_in_the_same_form() -> None:
    for record in ({"text": "half a pair \ud83d here"}, {"hash": 2**70}):
        line = jsonl_line(record)
        assert line.endswith("}\n")
        assert ": " not in line
        assert json.loads(line) == record


def _delimited(fmt: str, records: list[dict[str, object]], fields: list[str] | None = None,
               ) -> str:
    import io

    from corpus_cli.cli.console import Environment
    from corpus_cli.cli.output import RecordWriter

    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), environ={}, stdout_isatty=False,
                      stderr_isatty=False)
    writer = RecordWriter(env, fmt, (), fields=fields)
    writer.write_all(records)
    writer.close()
    return out.getvalue()


def test_csv_and_tsv_write_booleans_as_true_false_and_one_line_per_record() -> None:
    record = {"type": "quote", "partial": True, "first": False, "date": None,
              "text": "first paragraph\n\nsecond, with a \\ and a\ttab\r\n", "n": 3}
    csv_out = _delimited("csv", [record, record])
    tsv_out = _delimited("tsv", [record, record])
    assert csv_out.splitlines()[1] == \
        'quote,true,false,,"first paragraph\\n\\nsecond, with a \\\\ and a\ttab\\r\\n",3'
    assert tsv_out.splitlines()[1] == \
        "quote\ttrue\tfalse\t\tfirst paragraph\\n\\nsecond, with a \\\\ and a\\ttab\\r\\n\t3"
    for out in (csv_out, tsv_out):
        assert len(out.splitlines()) == 3  # a header and one line per record: sort-safe


def test_fields_choose_and_order_the_columns() -> None:
    records = [{"type": "article", "id": "a1", "path": "x.txt", "title": "X"},
               {"type": "article", "id": "b2", "path": "y.txt", "title": "Y"}]
    assert _delimited("csv", records, ["path", "id"]) == "path,id\nx.txt,a1\ny.txt,b2\n"
    assert _delimited("tsv", records, ["title"]) == "title\nX\nY\n"


def test_fields_name_an_unknown_field_or_a_format_without_columns() -> None:
    import pytest

    from corpus_cli.errors import ExitCode, UsageError

    with pytest.raises(UsageError, match="no field 'titel' in article records") as err:
        _delimited("csv", [{"type": "article", "title": "X"}], ["titel"])
    assert err.value.exit_code == ExitCode.USAGE
    with pytest.raises(UsageError, match="--fields chooses the columns of --format csv"):
        _delimited("jsonl", [{"type": "article"}], ["type"])


def test_ids_are_shown_as_their_shortest_unique_prefix_of_seven_or_more() -> None:
    from corpus_cli.report.ids import unique_prefixes

    ids = ["9a20fd58e631088a", "9a20fd51aaaaaaaa", "e130681d30a524e9", "d8c8cb809533e",
           "d8c8cb8abcdef12", "pa7b0d3"]
    short = unique_prefixes(ids)
    assert short == {"9a20fd58e631088a": "9a20fd58", "9a20fd51aaaaaaaa": "9a20fd51",
                     "e130681d30a524e9": "e130681", "d8c8cb809533e": "d8c8cb80",
                     "d8c8cb8abcdef12": "d8c8cb8a", "pa7b0d3": "pa7b0d3"}
    for full, prefix in short.items():
        assert [i for i in ids if i.startswith(prefix)] == [full]
