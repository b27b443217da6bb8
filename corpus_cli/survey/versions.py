"""Stored versions read once each, and how much of one lies inside given spans."""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus_cli.store import Store, StoredVersion

_WORD = re.compile(r"\w+")


class Versions:
    """Stored versions read once each: the current one of an article, or the one a kept
    group's member was found in (an article may have a newer version since)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.found: dict[tuple[str, int | None], StoredVersion] = {}

    def at(self, article_id: str, seq: int | None = None) -> StoredVersion:
        key = (article_id, seq)
        if key not in self.found:
            version = self.store.version(article_id)
            number = version.version
            while seq is not None and version.seq != seq and number > 1:
                number -= 1
                version = self.store.version(article_id, number)
            self.found[key] = version
        return self.found[key]

    def covered(self, article_id: str, seq: int | None, spans: Sequence[tuple[int, int]],
                ) -> float:
        """The share of the story words (boilerplate aside) of the article's version
        ``seq`` inside ``spans``, its offsets; overlapping spans count once."""
        if not spans:
            return 0.0
        version = self.at(article_id, seq)
        body = [p for p in version.paragraphs if not p.boilerplate]
        total = sum(len(_WORD.findall(p.text)) for p in body)
        inside = 0
        for start, end in _merged(spans):
            for p in body:
                lo, hi = max(start, p.start), min(end, p.end)
                if lo < hi:
                    inside += len(_WORD.findall(version.text[lo:hi]))
        return inside / total if total else 0.0


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
