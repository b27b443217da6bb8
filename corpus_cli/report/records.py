"""Core results as flat, JSON-ready records: the output contract of every command."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from corpus_cli.models import Article, IngestResult, Paragraph, StoredArticle
from corpus_cli.store import StoredVersion


def ingest_record(result: IngestResult) -> dict[str, Any]:
    return {
        "type": "ingest",
        "path": result.name,
        "id": result.id,
        "status": result.status,
        "title": result.title,
        "paragraphs": result.paragraphs,
        "version": result.version,
        "error": result.error,
    }


def _paragraph(p: Paragraph) -> dict[str, Any]:
    return {
        "index": p.index,
        "text": p.text,
        "start": p.start,
        "end": p.end,
        "boilerplate": p.boilerplate,
        "reason": p.reason,
    }


def article_record(article: Article) -> dict[str, Any]:
    """What ``ingest --dry-run`` shows: the article as the tool sees it."""
    doc = article.document
    return {
        "type": "article",
        "id": article.id,
        "path": doc.name,
        "location": article.location,
        "title": article.title,
        "source": article.source,
        "date": doc.date,
        "byline": doc.byline,
        "url": doc.url,
        "format": doc.format,
        "charset": doc.charset,
        "paragraphs": [_paragraph(p) for p in article.paragraphs],
    }


def listing_record(article: StoredArticle) -> dict[str, Any]:
    return {
        "type": "article",
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "source": article.source,
        "date": article.date,
        "versions": article.versions,
        "paragraphs": article.paragraphs,
        "boilerplate": article.boilerplate,
        "location": article.location,
    }


def paragraph_records(version: StoredVersion) -> Iterable[dict[str, Any]]:
    for p in version.paragraphs:
        yield {
            "type": "paragraph",
            "id": version.article_id,
            "version": version.version,
            **_paragraph(p),
        }
