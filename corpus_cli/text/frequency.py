"""Frequency boilerplate: the same short paragraph in many articles of one source is site
furniture that no pattern knows (a sign-off, a standing promo). ``BoilerplatePolicy`` holds
every rule beyond the patterns of ``text/boilerplate.py``: when a paragraph is flagged by
frequency at ingest, and when a flagged paragraph is left out of comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

FREQUENT_REASON = "frequent in source"  # the reason given for a frequency flag


@dataclass(frozen=True, slots=True)
class BoilerplatePolicy:
    """When a paragraph counts as boilerplate: every rule beyond the patterns.

    **Flagging, at ingest.** A paragraph is furniture by frequency when ``min_articles``
    distinct article texts of one source carry it, and it is a minority (``max_share``)
    of each article's paragraphs, so an outlet reprinting a whole story is not mistaken
    for furniture. Furniture is short: a paragraph of more than ``max_words`` words
    recurring in a site's articles is reused story text (a background paragraph of its
    follow-ups), and dropping it would make different articles look identical.

    **Comparing.** The frequency rule also flags a short story paragraph that one
    source's follow-ups repeat, which other outlets print once as part of their story. So
    a paragraph flagged by frequency is compared as boilerplate (everywhere: furniture of
    one outlet stays furniture when another reprints the article around it) only where
    it is flagged in at least ``compared_share`` of the stored paragraphs carrying it.
    And it is site furniture *for sure*, so exact copies may differ in it, only when
    flagged by a pattern, or carried by at least ``furniture_articles`` articles and
    flagged in ``furniture_share`` of them (judged on its first ``sample`` carriers:
    furniture of a big site is in thousands of articles). Measured on the generated
    corpus (bench/README.md): site furniture is flagged in 98 % or more of its
    carriers, story paragraphs in 20 to 70 %.
    """

    min_articles: int = 3
    max_share: float = 0.5
    max_words: int = 60
    compared_share: float = 0.5
    furniture_articles: int = 10
    furniture_share: float = 0.8
    sample: int = 64

    def __post_init__(self) -> None:
        if self.min_articles < 2:
            raise ValueError("min_articles must be at least 2")
        for name in ("max_share", "compared_share", "furniture_share"):
            if not 0 < getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in (0, 1]")
        if self.furniture_articles < 1 or self.sample < self.furniture_articles:
            raise ValueError("furniture_articles must be at least 1, and sample at least "
                             "furniture_articles")

    def frequent_minority(self, hits: int, paragraphs: int) -> bool:
        """May ``hits`` of an article's ``paragraphs``, each frequent in its source, be
        flagged as furniture? Only when they are a minority of it."""
        return hits <= self.max_share * paragraphs

    def compared_as_boilerplate(self, carriers: int, flagged: int) -> bool:
        """Is a paragraph flagged in ``flagged`` of its ``carriers`` articles left out
        of comparisons (when no pattern flags it)?"""
        return carriers >= 1 and flagged >= self.compared_share * carriers

    def sure_furniture(self, carriers: int, flagged: int) -> bool:
        """Is it site furniture for sure (when no pattern flags it)?"""
        return carriers >= self.furniture_articles and flagged >= self.furniture_share * carriers


def frequent_paragraphs(
    articles: Iterable[tuple[K, str | None, str, Sequence[int | None]]],
    policy: BoilerplatePolicy | None = None,
) -> dict[K, set[int]]:
    """Indexes of furniture paragraphs per article.

    ``articles`` yields ``(key, source, content_hash, paragraph_hashes)``, a hash None for
    a paragraph too long to be furniture (``policy.max_words``). Articles with the same
    content hash (exact reprints) are counted once.
    """
    policy = policy or BoilerplatePolicy()
    items = list(articles)
    carriers: dict[tuple[str | None, int], set[str]] = defaultdict(set)
    for _key, source, content_hash, hashes in items:
        for h in hashes:
            if h is not None:
                carriers[(source, h)].add(content_hash)
    frequent = {k for k, texts in carriers.items() if len(texts) >= policy.min_articles}
    if not frequent:
        return {}
    flagged: dict[K, set[int]] = {}
    for key, source, _content_hash, hashes in items:
        hits = {i for i, h in enumerate(hashes) if h is not None and (source, h) in frequent}
        if hits and policy.frequent_minority(len(hits), len(hashes)):
            flagged[key] = hits
    return flagged
