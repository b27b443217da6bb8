"""What goes into the store and what comes out: rows to write, versions read back."""

from __future__ import annotations

import zlib
from typing import NamedTuple

from corpus_cli.models import Article, Paragraph, Span
from corpus_cli.store.own import OwnVersion


class Latest(NamedTuple):
    """The newest version of an article, in brief."""

    version: int
    content_hash: str
    title: str
    paragraphs: int


class ArticleRows(NamedTuple):
    """An article as the store writes it: plain values, cheap to send between processes."""

    id: str
    location: str
    path: str
    source: str | None
    content_hash: str
    title: str
    # format, text, raw (compressed), title, title_start, title_end, date, byline, url,
    # charset
    version: tuple[object, ...]
    # idx, start, end, hash, words, pattern reason (None when not boilerplate)
    paragraphs: tuple[tuple[object, ...], ...]


def article_rows(article: Article) -> ArticleRows:
    doc = article.document
    span = article.title_span
    return ArticleRows(
        article.id, article.location, doc.name, article.source, article.content_hash,
        article.title,
        (doc.format, doc.text, zlib.compress(doc.raw) if doc.raw is not None else None,
         article.title, span.start if span else None, span.end if span else None,
         doc.date, doc.byline, doc.url, doc.charset),
        tuple((p.index, p.start, p.end, p.hash, p.words, p.reason if p.boilerplate else None)
              for p in article.paragraphs),
    )


class Pending:
    """Rows queued by ``put()`` until the transaction commits (one executemany each)."""

    __slots__ = ("articles", "latest", "own", "paragraphs", "updates", "versions")

    def __init__(self) -> None:
        self.articles: list[tuple[object, ...]] = []
        self.updates: list[tuple[object, ...]] = []
        self.versions: list[tuple[object, ...]] = []
        self.paragraphs: list[tuple[object, ...]] = []
        self.latest: dict[str, Latest] = {}
        # (article id, seq, version) of what this transaction wrote, while the store
        # object keeps its own versions (``store.own``); kept once committed.
        self.own: list[tuple[str, int, OwnVersion]] = []


class StoredVersion(NamedTuple):
    article_id: str
    location: str
    path: str
    source: str | None
    version: int
    versions: int
    content_hash: str
    format: str
    text: str
    title: str
    title_span: Span | None
    date: str | None
    byline: str | None
    url: str | None
    seq: int
    paragraphs: tuple[Paragraph, ...]


class BodyParagraph(NamedTuple):
    """A story paragraph of a version, as comparisons read it: its index among all the
    version's paragraphs, its span in the stored text and the hash of its normalised text.

    Made in bulk (millions in a full pass) with ``tuple.__new__``, as ``_make`` does,
    without the Python-level ``__new__`` a named tuple's call goes through.
    """

    idx: int
    start: int
    end: int
    hash: int


class Flagged(NamedTuple):
    """A boilerplate paragraph of a version, kept aside from comparisons."""

    start: int
    end: int
    hash: int


class CurrentText(NamedTuple):
    """An article's newest version for comparison: its text, story paragraphs and the
    paragraphs compared as boilerplate (by pattern or by frequency)."""

    seq: int
    article_id: str
    path: str
    title: str
    date: str | None
    text: str
    body: list[BodyParagraph]
    flagged: list[Flagged]


class KeptQuotes(NamedTuple):
    """An article's newest version as ``corpus quotes`` reads it, with the quotes the
    store keeps for it (``corpus_cli/quotes/kept.py`` writes and reads ``quotes``)."""

    article_id: str
    seq: int
    path: str
    source: str | None
    text: str
    aside: str  # its boilerplate paragraphs' indexes now: "2,5", "" for none
    kept_aside: str | None  # and when its quotes were kept (None: none kept)
    quotes: str | None  # the kept quotes, under the rules asked for
