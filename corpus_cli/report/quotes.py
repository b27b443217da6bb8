"""Quote occurrences, groups and check findings as flat, JSON-ready records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from corpus_cli.models import QuoteGroup, QuoteOccurrence
from corpus_cli.quotes.group import Piece, surface_words, word_diff


def _label(m: QuoteOccurrence) -> str:
    return f"{m.source} ({m.path})" if m.source else m.path


def occurrence_record(m: QuoteOccurrence) -> dict[str, Any]:
    q = m.quote
    return {
        "type": "quote",
        "id": m.article_id,
        "path": m.path,
        "source": m.source,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_key": m.speaker_key,
        "cue": q.cue,
        "partial": q.partial,
        "group": m.group,
        "confidence": q.confidence,
        "reason": q.reason,
        "mention": q.mention,
        "parts": [[p.start, p.end] for p in q.parts],
    }


def occurrence_records(groups: Iterable[QuoteGroup]) -> Iterator[dict[str, Any]]:
    """One record per occurrence, in article order (path, then offset)."""
    members = sorted((m for g in groups for m in g.members),
                     key=lambda m: (m.path, m.quote.start))
    for m in members:
        yield occurrence_record(m)


def pieces(found: Iterable[Piece]) -> list[dict[str, str]]:
    return [{"op": p.op, "text": p.text, "was": p.was} for p in found]


def group_record(g: QuoteGroup) -> dict[str, Any]:
    return {
        "type": "quote_group",
        "group": g.group,
        "speaker": g.speaker,
        "speaker_key": g.speaker_key,
        "text": g.text,
        "articles": g.articles,
        "sources": sorted({_label(m) for m in g.members}),
        "partial": all(m.quote.partial for m in g.members),
        # Members giving the quote to different speakers (see QuoteGroup.conflict).
        "conflict": g.conflict,
        "speakers": sorted({m.quote.speaker for m in g.members if m.quote.speaker}),
        "occurrences": [
            {
                "id": m.article_id, "path": m.path, "source": m.source,
                "start": m.quote.start, "end": m.quote.end, "text": m.quote.text,
                "speaker": m.quote.speaker, "speaker_key": m.speaker_key,
                "partial": m.quote.partial,
                # Equal words, punctuation and quote marks aside.
                "same_words": surface_words(m.quote.text) == surface_words(g.text),
                "diff": pieces(word_diff(m.quote.text, g.text)),
            }
            for m in g.members
        ],
    }
