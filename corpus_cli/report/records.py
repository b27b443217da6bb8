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


def paragraph_record(article_id: str, version: int | None, p: Paragraph) -> dict[str, Any]:
    """One paragraph: ``corpus show``'s rows, and ``ingest --dry-run``'s after each article
    (``version`` None: nothing is stored)."""
    return {
        "type": "paragraph",
        "id": article_id,
        "version": version,
        "index": p.index,
        "text": p.text,
        "start": p.start,
        "end": p.end,
        "boilerplate": p.boilerplate,
        "reason": p.reason,
    }


def article_record(article: Article) -> dict[str, Any]:
    """What ``ingest --dry-run`` shows: the article as the tool sees it, in the shape
    ``corpus articles`` gives a stored one (nothing stored: no version)."""
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
        "version": None,
        "versions": None,
        "paragraphs": len(article.paragraphs),
        "boilerplate_paragraphs": sum(p.boilerplate for p in article.paragraphs),
    }


def dry_run_records(article: Article) -> Iterable[dict[str, Any]]:
    """An article's record, then one record per paragraph."""
    yield article_record(article)
    for p in article.paragraphs:
        yield paragraph_record(article.id, None, p)


def listing_record(article: StoredArticle) -> dict[str, Any]:
    """A stored article (its latest version)."""
    return {
        "type": "article",
        "id": article.id,
        "path": article.path,
        "location": article.location,
        "title": article.title,
        "source": article.source,
        "date": article.date,
        "byline": article.byline,
        "url": article.url,
        "format": article.format,
        "charset": article.charset,
        "version": article.version,
        "versions": article.versions,
        "paragraphs": article.paragraphs,
        "boilerplate_paragraphs": article.boilerplate,
    }


def paragraph_records(version: StoredVersion) -> Iterable[dict[str, Any]]:
    for p in version.paragraphs:
        yield paragraph_record(version.article_id, version.version, p)
