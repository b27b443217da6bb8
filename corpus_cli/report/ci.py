"""``finding`` records for CI: GitHub Actions workflow commands and a SARIF 2.1.0 log.

Both are built from the same records every other format prints. A finding's lines and
columns point into the file only when the article's stored text is the file's own text
(``txt``, ``md``); for the other formats the file alone is named, the position being in the
message (an HTML page's extracted text has no lines of the page).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from corpus_cli.text.position import FILE_TEXT_FORMATS

TOOL = "corpus-cli"
INFORMATION_URI = "https://pypi.org/project/corpus-cli/"
# One rule per finding kind: (rule id, name, title of an annotation, description).
RULES = {
    "duplicate": ("corpus/duplicate", "CopiedArticle", "Copy of a stored article",
                  "The new article is an exact or near duplicate of a stored article."),
    "passage": ("corpus/passage", "SharedPassage", "Passage found in a stored article",
                "A passage of the new article is found in a stored article (with --fail-on "
                "passage; with --max-shared, when shared passages cover more of the new "
                "article than it allows)."),
    "misquote": ("corpus/misquote", "Misquote", "Possible misquote",
                 "The new article quotes words that the stored corpus quotes differently, "
                 "or rewords a stored quote of the same speaker."),
    "misattribution": ("corpus/misattribution", "Misattribution",
                       "Possible misattribution",
                       "The new article gives a stored quote's words to another speaker."),
}


def _data(text: str) -> str:
    """A workflow command's message, escaped as the Actions toolkit escapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def in_file(record: dict[str, Any]) -> bool:
    """Do the record's lines and columns point into its file?"""
    return record["format"] in FILE_TEXT_FORMATS and record["line"] is not None


def _message(record: dict[str, Any]) -> str:
    where = "" if in_file(record) else (
        f" (characters {record['start']}-{record['end']} of the text corpus-cli extracted "
        f"from this {record['format']} file)")
    return f"{record['reason']} (confidence {record['confidence']:.2f}){where}"


def github_annotation(record: dict[str, Any]) -> str:
    """``::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``: GitHub
    shows it on the pull request's line."""
    props = [f"file={_property(record['path'])}"]
    if in_file(record):
        props += [f"line={record['line']}", f"col={record['column']}",
                  f"endLine={record['end_line']}", f"endColumn={record['end_column']}"]
    props.append(f"title={_property(RULES[record['kind']][2])}")
    return f"::warning {','.join(props)}::{_data(_message(record))}\n"


def _region(record: dict[str, Any]) -> dict[str, Any]:
    return {"startLine": record["line"], "startColumn": record["column"],
            "endLine": record["end_line"], "endColumn": record["end_column"],
            "charOffset": record["start"], "charLength": record["end"] - record["start"],
            "snippet": {"text": record["text"]}}


def _result(record: dict[str, Any], rule_index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": quote(record["path"])}}
    if in_file(record):
        location["region"] = _region(record)
    stored: dict[str, Any] = {"artifactLocation": {"uri": quote(record["stored_path"])}}
    if record["stored_start"] is not None and record["stored_end"] is not None:
        stored["region"] = {"charOffset": record["stored_start"],
                            "charLength": record["stored_end"] - record["stored_start"]}
    return {
        "ruleId": RULES[record["kind"]][0],
        "ruleIndex": rule_index[record["kind"]],
        "level": "warning",
        "message": {"text": _message(record)},
        "locations": [{"physicalLocation": location}],
        "relatedLocations": [{"id": 1, "physicalLocation": stored,
                              "message": {"text": "the stored article"}}],
        # What identifies the finding across runs, wherever its lines move.
        "partialFingerprints": {"corpusFinding/v1": f"{record['kind']}:{record['group']}:"
                                                    f"{record['id']}"},
        "properties": {k: record[k] for k in ("kind", "id", "group", "confidence", "speaker",
                                              "stored_id", "stored_speaker", "start", "end")},
    }


def sarif_log(records: Iterable[dict[str, Any]], version: str,
              kinds: Sequence[str]) -> dict[str, Any]:
    """One SARIF 2.1.0 log with one run: the rules of ``kinds`` (those a check can find)
    and a result per finding."""
    rule_index = {kind: n for n, kind in enumerate(kinds)}
    rules = [{"id": RULES[k][0], "name": RULES[k][1],
              "shortDescription": {"text": RULES[k][2]},
              "fullDescription": {"text": RULES[k][3]},
              "defaultConfiguration": {"level": "warning"}} for k in kinds]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL, "version": version,
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(r, rule_index) for r in records],
        }],
    }
