"""From a reader's ``Document`` to an ``Article``: ids, title, source and paragraphs."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from corpus_cli.digest import blake2b
from corpus_cli.models import Article, Document, Paragraph, Span
from corpus_cli.text.boilerplate import credit_line_source, paragraph_facts
from corpus_cli.text.normalize import normalize
from corpus_cli.text.segment import layout, sentences


def article_id(location: str) -> str:
    return blake2b(location.encode("utf-8"), digest_size=8, person=b"corpus-art").hexdigest()


_HASH_CHARS = 1 << 20  # text hashed a slice at a time: never a second copy of a large text


def content_hash(doc: Document) -> str:
    """Identity of one version: the stored text, plus a title kept outside it."""
    digest = blake2b(digest_size=16, person=b"corpus-ver")
    text = doc.text
    for at in range(0, len(text), _HASH_CHARS):
        # UTF-8 encodes character by character: the slices hash as the whole would.
        digest.update(text[at : at + _HASH_CHARS].encode("utf-8"))
    digest.update(("\x00" + (doc.title or "")).encode("utf-8"))
    return digest.hexdigest()


def location_of(doc: Document, root: Path | None, version_hash: str) -> str:
    """URL when known; else the file path relative to the store root; stdin by content."""
    if doc.url:
        return doc.url
    if doc.file is None:
        return f"stdin:{version_hash[:16]}" if doc.name == "-" else doc.name
    location = file_location(doc.file, root)
    return f"{location}#{doc.record}" if doc.record is not None else location


def file_location(file: str, root: Path | None) -> str:
    """A file's absolute path as the store keys it: relative to the store's root when
    under it, with ``/`` separators."""
    if root is not None:
        # Plain string work: pathlib costs more here than the rest of identification.
        prefix = str(root).rstrip(os.sep) + os.sep
        if file.startswith(prefix):
            file = file[len(prefix) :]
    return file.replace(os.sep, "/")


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _headline(doc: Document, text: str) -> tuple[Span | None, str, tuple[Span, ...]]:
    """Title span, title text and paragraph spans of ``doc``.

    The first non-empty line is the headline when it looks like one (``segment.
    looks_like_headline``) and metadata gave no title, or when it repeats the metadata's
    title (HTML puts its title there; JSON keeps its title outside the text). Markdown
    ``#`` marks are not part of the headline. Without a headline every line is body
    text, and the title is the metadata's or, failing that, ``derived_title``.
    """
    meta_title = doc.title.strip() if doc.title is not None else None
    found = layout(text, headline_in_text=True, start=doc.body_start,
                   judged=meta_title is None)
    span = found.headline
    if span is not None and doc.format == "md":
        line = text[span.start : span.end]
        stripped = line.lstrip("#").lstrip()
        start = span.end - len(stripped)
        span = Span(start, start + len(stripped.rstrip("#").rstrip()))
    if span is not None and (meta_title is None or text[span.start : span.end] == meta_title):
        return span, text[span.start : span.end], found.paragraphs
    paragraphs = layout(text, headline_in_text=False, start=doc.body_start).paragraphs
    if meta_title is not None:
        return None, meta_title, paragraphs
    return None, derived_title(text, paragraphs), paragraphs


DERIVED_TITLE_WORDS = 12
DERIVED_TITLE_CHARS = 200  # a derived title of giant "words" is cut here, with "…"
_WORD = re.compile(r"\S+")
_LOOKAHEAD = 256  # characters past the words a title may use, for a sentence boundary
_TITLE_SCAN = 8192  # characters of the first paragraph a title is ever looked for in


def derived_title(text: str, paragraphs: tuple[Span, ...]) -> str:
    """A title for an article that has none: its first sentence, or the first
    ``DERIVED_TITLE_WORDS`` words of it and an ellipsis, at most ``DERIVED_TITLE_CHARS``
    characters. The text stays body text."""
    if not paragraphs:
        return ""
    # Only the head of the first paragraph can matter: up to the word after the last a
    # title shows (and a little beyond, where a sentence boundary is decided). A first
    # sentence ending inside it is found there as in the whole paragraph; one that does
    # not is longer than a title anyway. A paragraph of 300 MB is not split into words.
    span = paragraphs[0]
    head_end = min(span.end, span.start + _TITLE_SCAN)
    for n, word in enumerate(_WORD.finditer(text, span.start, head_end), 1):
        if n == DERIVED_TITLE_WORDS + 1:
            head_end = min(head_end, word.end() + _LOOKAHEAD)
            break
    first = sentences(text, Span(span.start, head_end))
    words = text[first[0].start : first[0].end].split() if first else []
    title = " ".join(words[:DERIVED_TITLE_WORDS])
    if len(words) > DERIVED_TITLE_WORDS:
        title += "…"
    if len(title) > DERIVED_TITLE_CHARS:
        title = title[: DERIVED_TITLE_CHARS - 1].rstrip() + "…"
    return title


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
    # A derived title is the first paragraph's own words: that paragraph repeats no
    # headline.
    derived = title_span is None and doc.title is None
    headline_norm = normalize(title) if title and not derived else None
    for index, span in enumerate(spans):
        par = text[span.start : span.end]
        facts = paragraph_facts(par, headline_norm)
        reason = facts.reason
        if reason == "credit line" and credit is None:
            credit = credit_line_source(par)
        paragraphs.append(Paragraph(index, span.start, span.end, par, reason is not None, reason,
                                    hash=facts.hash, words=facts.words))
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
