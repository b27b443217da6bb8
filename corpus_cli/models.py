"""Plain, frozen records passed between the stages of the pipeline.

Every span is a pair of character offsets ``[start, end)`` into an article's stored
original text, so whatever a later stage reports can be shown exactly as the file says.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Region:
    """Where a finding lies in an article: offsets into its stored text, and the 1-based
    line and column of its first character and of the character just after it
    (``text.position``). For plain text and Markdown (``format`` txt, md) the stored text is
    the file's, so lines and columns point into the file itself."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    format: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article as a reader found it, before segmentation.

    ``text`` is what the store keeps verbatim: for plain text and JSON the article's own
    text, for HTML the extracted title and paragraphs (the markup itself goes in ``raw``).
    """

    name: str  # what the user gave: a path, '-', or 'path#3' for the 3rd record of a file
    text: str
    format: str  # txt, md, html, json, jsonl, warc
    file: str | None = None  # absolute path of the file it came from; None for stdin
    record: int | None = None  # 1-based position inside a multi-article file
    title: str | None = None  # from metadata; None means "the first non-empty line"
    date: str | None = None
    byline: str | None = None
    url: str | None = None
    source: str | None = None  # outlet, from metadata
    raw: bytes | None = None  # original markup when ``text`` was extracted from it
    body_start: int = 0  # text before this offset is front matter (metadata), not article
    # the character encoding the bytes were read with (a Python codec name: utf-8, cp1252,
    # ...); None when the text came as text (a JSON field, a caller's string)
    charset: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    boilerplate: bool = False
    reason: str | None = None  # why it is flagged: "sign-up notice", "frequent in source", ...
    hash: int = 0  # stable hash of the normalised text: equal paragraphs, equal hashes
    words: int = 0

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Article:
    """A document with its text model: title, source and flagged paragraphs."""

    id: str
    location: str
    document: Document
    title: str
    title_span: Span | None
    source: str | None
    content_hash: str
    paragraphs: tuple[Paragraph, ...] = field(default=())

    @property
    def text(self) -> str:
        return self.document.text


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one input: one per article, or one per unreadable input."""

    name: str
    status: str  # added | unchanged | new_version | error
    id: str | None = None
    title: str | None = None
    paragraphs: int = 0
    version: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """One row of the store's article listing."""

    id: str
    location: str
    path: str
    title: str
    source: str | None
    date: str | None
    versions: int
    paragraphs: int
    boilerplate: int
    version: int = 1  # the latest version's number
    format: str = "txt"
    byline: str | None = None
    url: str | None = None
    charset: str | None = None  # what its bytes were read with; None if not kept (old store)


@dataclass(frozen=True, slots=True)
class Member:
    """An article in a duplicate group, with the share of its words found in the others."""

    id: str
    path: str
    title: str
    date: str | None
    seq: int  # ingest order; negative for an article being checked and not stored
    shared: float
    first: bool = False  # the earliest member: by date where known, else ingest order


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    group: str
    kind: str  # exact | near
    similarity: float
    members: tuple[Member, ...]
    passages: tuple[str, ...] = ()  # passage groups shared by members


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a passage occurs: character offsets into the article's stored text."""

    id: str
    path: str
    title: str
    date: str | None
    seq: int
    start: int
    end: int
    text: str
    words: int
    first: bool = False


@dataclass(frozen=True, slots=True)
class PassageGroup:
    group: str
    similarity: float
    boilerplate: bool
    words: int
    text: str  # canonical wording: the longest occurrence, the first listed among equals
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True, slots=True)
class DedupeResult:
    articles: int  # articles compared
    duplicates: tuple[DuplicateGroup, ...]
    passages: tuple[PassageGroup, ...]
    given: int | None = None  # articles given by path (the groups are theirs), if any


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quotation of an article, with who said it.

    ``start``/``end`` enclose the quoted words without the outer quotation marks; a
    multi-paragraph quote has one span per paragraph in ``parts`` and ``text`` joins
    them with a blank line.
    """

    start: int
    end: int
    parts: tuple[Span, ...]
    text: str
    partial: bool  # a fragment of one to three words: a scare quote, a phrase
    speaker: str | None  # the fullest form the article gives, or the description as written
    mention: str | None  # the words naming the speaker next to the quote: "he", "Mr Viačorka"
    cue: str | None  # the cue verb: said, told, wrote, according to, …
    speaker_kind: str  # name, description or unknown
    confidence: float
    reason: str  # the pattern that gave the speaker


@dataclass(frozen=True, slots=True)
class QuoteOccurrence:
    """A quote in a stored article, placed among the quotes of every other article."""

    article_id: str
    path: str
    source: str | None
    quote: Quote
    speaker_key: str | None  # one key per person across articles and transliterations
    group: str  # quotes of the same words (or contained in them) share a group


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    group: str
    text: str  # the canonical wording: the fullest member
    speaker: str | None
    speaker_key: str | None
    members: tuple[QuoteOccurrence, ...]

    @property
    def articles(self) -> int:
        return len({m.article_id for m in self.members})

    @property
    def conflict(self) -> bool:
        """Do its members give the quote to different speakers: two people, or a person
        and a description not tied to that person? Descriptions alone ("the soldiers",
        "senior officers") may be one group of people and are no conflict."""
        named = {m.speaker_key for m in self.members
                 if m.speaker_key is not None and m.quote.speaker_kind == "name"}
        described = any(m.speaker_key is not None and m.quote.speaker_kind != "name"
                        for m in self.members)
        return len(named) > 1 or (bool(named) and described)
