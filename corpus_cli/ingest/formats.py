"""Which reader a file name or the first bytes of a stream call for."""

from __future__ import annotations

TEXT = "txt"
MARKDOWN = "md"
HTML = "html"
JSON = "json"
JSONL = "jsonl"
WARC = "warc"

_BY_EXTENSION = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".json": JSON,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".warc": WARC,
}
EXTENSIONS = tuple(sorted(_BY_EXTENSION))


def format_of(filename: str) -> str | None:
    """Format named by the extension (case-insensitive, ``.gz`` looked through)."""
    name = filename.lower().removesuffix(".gz")
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot:]) if dot >= 0 else None


def is_supported(filename: str) -> bool:
    return format_of(filename) is not None


def sniff(head: bytes) -> str:
    """Guess the format of a stream with no telling name (stdin, unknown extensions)."""
    from corpus_cli.ingest.html import looks_like_html
    from corpus_cli.ingest.warc import looks_like_warc

    if looks_like_warc(head):
        return WARC
    if looks_like_html(head):
        return HTML
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"[":
        return JSON
    if start == b"{":
        first_line = head.lstrip().split(b"\n", 1)
        # One object per line is JSON Lines; one object spread over lines is JSON.
        return JSONL if len(first_line) > 1 and first_line[0].rstrip().endswith(b"}") else JSON
    return TEXT
