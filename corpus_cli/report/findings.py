"""``finding`` records: what ``dedupe --check`` and ``quotes --check`` found, in one shape.

Both checks print the same fields with the same types (README: Records), so a CI script
reads either the same way; a field a check has no value for is null.
"""

from __future__ import annotations

from typing import Any

from corpus_cli.dedupe.check import CopyFinding
from corpus_cli.models import Region
from corpus_cli.quotes.corpus import Finding
from corpus_cli.report.quotes import pieces


def _record(kind: str, article_id: str, path: str, region: Region | None, text: str,
            **rest: Any) -> dict[str, Any]:
    where: dict[str, Any] = {"start": None, "end": None, "line": None, "column": None,
                             "end_line": None, "end_column": None}
    if region is not None:
        where = {"start": region.start, "end": region.end, "line": region.line,
                 "column": region.column, "end_line": region.end_line,
                 "end_column": region.end_column}
    return {"type": "finding", "kind": kind, "path": path, "id": article_id,
            "format": region.format if region is not None else None, **where, "text": text,
            **rest}


def quote_finding_record(f: Finding) -> dict[str, Any]:
    new, old = f.new, f.stored
    return _record(
        f.kind, new.article_id, new.path, f.region, new.quote.text,
        speaker=new.quote.speaker, speaker_key=new.speaker_key, group=new.group,
        stored_path=old.path, stored_id=old.article_id, stored_start=old.quote.start,
        stored_end=old.quote.end, stored_text=old.quote.text,
        stored_speaker=old.quote.speaker, diff=pieces(f.diff), confidence=f.confidence,
        reason=f.reason)


def copy_finding_record(f: CopyFinding) -> dict[str, Any]:
    start, end = f.stored_span if f.stored_span is not None else (None, None)
    return _record(
        f.kind, f.id, f.path, f.region, f.text, speaker=None, speaker_key=None,
        group=f.group, stored_path=f.stored_path, stored_id=f.stored_id, stored_start=start,
        stored_end=end, stored_text=f.stored_text, stored_speaker=None, diff=None,
        confidence=f.confidence, reason=f.reason)
