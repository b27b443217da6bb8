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
