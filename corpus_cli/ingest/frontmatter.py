"""YAML-style front matter at the top of Markdown files (Hugo, Jekyll, Pandoc exports).

Only flat ``key: value`` pairs and simple ``- item`` lists are read: enough for the title,
date, URL, outlet and author fields that article exports carry, without a YAML parser.
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n|\A)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_PAIR = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*?)[ \t]*$")

FIELDS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "date_published"),
    "url": ("url", "link", "canonical_url", "canonical", "source_url"),
    "source": ("source", "outlet", "site", "publisher"),
    "byline": ("author", "authors", "byline"),
}


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Metadata fields found in ``text``'s front matter, and where the body starts."""
    m = _BLOCK.match(text)
    if not m:
        return {}, 0
    raw: dict[str, list[str]] = {}
    key = None
    for line in m.group(1).splitlines():
        pair = _PAIR.match(line)
        if pair:
            key = pair.group(1).lower()
            raw[key] = [_unquote(pair.group(2))] if pair.group(2) else []
            continue
        item = _ITEM.match(line)
        if item and key is not None:
            raw[key].append(_unquote(item.group(1)))
    found = {}
    for field, names in FIELDS.items():
        for name in names:
            values = [v for v in raw.get(name, []) if v]
            if values:
                found[field] = ", ".join(values)
                break
    return found, m.end()
