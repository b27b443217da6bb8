"""``corpus related`` as flat, JSON-ready records: one per article, earliest first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from corpus_cli.survey.related import Related, RelatedArticle


def related_records(found: Related) -> Iterator[dict[str, Any]]:
    for position, article in enumerate(found.articles, 1):
        yield related_record(found, article, position)


def related_record(found: Related, a: RelatedArticle, position: int) -> dict[str, Any]:
    return {
        "type": "related",
        "of": found.given.id,  # the article asked about
        "position": position,
        "first": position == 1,  # had it first
        "first_by": found.ordered_by,  # date, or ingest when an article has no date
        "given": a.given,
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "source": a.source,
        "date": a.date,
        "share": a.share,
        "duplicates": [{"group": d.group, "kind": d.kind, "similarity": d.similarity,
                        "shared": d.shared} for d in a.duplicates],
        "passages": [{"group": p.group, "words": p.words, "boilerplate": p.boilerplate,
                      "start": p.start, "end": p.end, "paragraphs": list(p.paragraphs),
                      "given_start": p.given_start, "given_end": p.given_end,
                      "given_paragraphs": list(p.given_paragraphs)} for p in a.passages],
        "quotes": [{"group": q.group, "text": q.text, "speaker": q.speaker,
                    "partial": q.partial, "given_text": q.given_text,
                    "given_speaker": q.given_speaker} for q in a.quotes],
    }
