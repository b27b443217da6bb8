"""From a reader's ``Document`` to an ``Article``: ids, title, source and paragraphs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from corpus_cli.digest import blake2b
from corpus_cli.models import Article, Document, Paragraph, Span
from corpus_cli.text.boilerplate import credit_line_source, norm_hash, pattern_reason
from corpus_cli.text.normalize import normalize
from corpus_cli.text.segment import count_normalized_words, layout


def article_id(location: str) -> str:
    return blake2b(location.encode("utf-8"), digest_size=8, person=b"corpus-art").hexdigest()


def content_hash(doc: Document) -> str:
    """Identity of one version: the stored text, plus a title kept outside it."""
    payload = doc.text + "\x00" + (doc.title or "")
    return blake2b(payload.encode("utf-8"), digest_size=16, person=b"corpus-ver").hexdigest()


def location_of(doc: Document, root: Path | None, version_hash: str) -> str:
    """URL when known; else the file path relative to the store root; stdin by content."""
    if doc.url:
        return doc.url
    if doc.file is None:
        return f"stdin:{version_hash[:16]}" if doc.name == "-" else doc.name
    location = doc.file
    if root is not None:
        # Plain string work: pathlib costs more here than the rest of identification.
        prefix = str(root).rstrip(os.sep) + os.sep
        if location.startswith(prefix):
            location = location[len(prefix) :]
    location = location.replace(os.sep, "/")
    return f"{location}#{doc.record}" if doc.record is not None else location


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _headline(doc: Document, text: str) -> tuple[Span | None, str, tuple[Span, ...]]:
    """Title span, title text and paragraph spans of ``doc``.

    The first non-empty line is the headline unless metadata gave a title that this line
    does not repeat (JSON keeps its title outside the text). Markdown ``#`` marks are not
    part of the headline.
    """
    found = layout(text, headline_in_text=True, start=doc.body_start)
    span = found.headline
    if span is not None and doc.format == "md":
        line = text[span.start : span.end]
        stripped = line.lstrip("#").lstrip()
        start = span.end - len(stripped)
        span = Span(start, start + len(stripped.rstrip("#").rstrip()))
    meta_title = doc.title.strip() if doc.title is not None else None
    if span is not None and (meta_title is None or text[span.start : span.end] == meta_title):
        return span, text[span.start : span.end], found.paragraphs
    paragraphs = layout(text, headline_in_text=False, start=doc.body_start).paragraphs
    return None, meta_title or "", paragraphs


class Identity(NamedTuple):
    """Who a document is, known before any segmentation: enough to skip unchanged input."""

    location: str
    id: str
    content_hash: str


def identify(doc: Document, root: Path | None) -> Identity:
    version_hash = content_hash(doc)
    location = location_of(doc, root, version_hash)
    return Identity(location, article_id(location), version_hash)


def build_article(doc: Document, root: Path | None, identity: Identity | None = None) -> Article:
    """Segment ``doc`` and flag boilerplate by pattern; frequency flags come later."""
    identity = identity or identify(doc, root)
    text = doc.text
    title_span, title, spans = _headline(doc, text)
    paragraphs = []
    credit = None
    headline_norm = normalize(title) if title else None
    for index, span in enumerate(spans):
        par = text[span.start : span.end]
        norm = normalize(par)
        reason = pattern_reason(par, norm=norm, headline_norm=headline_norm)
        if reason == "credit line" and credit is None:
            credit = credit_line_source(par)
        paragraphs.append(Paragraph(index, span.start, span.end, par, reason is not None, reason,
                                    hash=norm_hash(norm), words=count_normalized_words(norm)))
    source = doc.source or url_host(doc.url) or credit or _folder_source(doc)
    return Article(
        id=identity.id,
        location=identity.location,
        document=doc,
        title=title,
        title_span=title_span,
        source=source,
        content_hash=identity.content_hash,
        paragraphs=tuple(paragraphs),
    )


def _folder_source(doc: Document) -> str | None:
    if doc.file is None:
        return None
    parent = os.path.basename(os.path.dirname(doc.file))
    return parent or None
