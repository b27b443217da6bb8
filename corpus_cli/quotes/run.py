"""``corpus quotes``: every quotation of the store with its speaker, grouped across
sources; and new articles checked for misquotes and misattributions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from corpus_cli.errors import Verdict
from corpus_cli.ingest.parse import read_new
from corpus_cli.ingest.run import ingest_articles, store_articles
from corpus_cli.models import Article, QuoteGroup
from corpus_cli.quotes.corpus import Finding, article_quotes, check, select, stored_quotes
from corpus_cli.quotes.group import group_quotes
from corpus_cli.settings import IngestSettings, QuoteFilter
from corpus_cli.store import Store
from corpus_cli.text.position import LineIndex


def list_quotes(store_path: Path, paths: Sequence[str] = (), filt: QuoteFilter | None = None,
                verdict: Verdict | None = None) -> tuple[list[QuoteGroup], Verdict]:
    """The quote groups of the whole store that pass ``filt``; with ``paths``, their
    articles are stored first (as ``corpus ingest`` stores them) and only their quotes
    are listed, grouped with the whole store's."""
    verdict = verdict or Verdict()
    with Store(store_path, create=bool(paths)) as store:
        chosen = set(ingest_articles(store, paths, verdict=verdict).ids()) if paths else None
        located = stored_quotes(store)
    return select(group_quotes(located), filt or QuoteFilter(), chosen), verdict


class QuoteCheck(NamedTuple):
    findings: list[Finding]
    articles: int  # new articles read


def check_quotes(store_path: Path, paths: Sequence[str], ingest: bool = False,
                 verdict: Verdict | None = None) -> tuple[QuoteCheck, Verdict]:
    """The quotes of the articles ``paths`` hold, compared with the store's (every other
    article): a finding per possible misquote or misattribution. The new articles are
    stored afterwards with ``ingest``."""
    verdict = verdict or Verdict()
    with Store(store_path, create=ingest) as store:
        articles = read_new(paths, IngestSettings(), store.root, verdict)
        # A new version of a stored article is compared with the rest, not with its own
        # earlier text.
        stored = stored_quotes(store, exclude={a.id for a in articles})
        if ingest:
            store_articles(store, articles)
    found = _placed(check(stored, article_quotes(articles)), articles)
    for f in found:
        verdict.finding(f"{f.new.path}: possible {f.kind} of {f.stored.path}")
    return QuoteCheck(found, len(articles)), verdict


def _placed(found: list[Finding], articles: Sequence[Article]) -> list[Finding]:
    """The findings with the lines and columns of their quotes in the new articles."""
    by_id = {a.id: a for a in articles}
    lines: dict[str, LineIndex] = {}
    out = []
    for f in found:
        article = by_id[f.new.article_id]
        index = lines.setdefault(article.id, LineIndex(article.text))
        out.append(replace(f, region=index.region(f.new.quote.start, f.new.quote.end,
                                                  article.document.format)))
    return out
