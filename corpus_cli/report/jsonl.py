"""One record as one JSON Lines line: the form every command's JSON Lines output takes."""

from __future__ import annotations

import json
from typing import Any

import orjson

from corpus_cli.text.controls import json_controls_escaped


def jsonl_line(record: Any) -> str:
    """``record`` as one compact JSON Lines line.

    orjson writes the largest outputs (a whole-store dedupe) several times faster than
    json (bench/README.md); json takes what orjson refuses (lone surrogates, integers
    beyond 64 bits), in the same compact form. DEL and C1 controls are escaped
    (``json_controls_escaped``), as both escape C0.
    """
    try:
        line = orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE).decode()
    except orjson.JSONEncodeError:  # a TypeError, as json's own refusals are
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json_controls_escaped(line)
