"""The workflows of ``corpus related`` and ``corpus report``."""

from __future__ import annotations

from pathlib import Path

from corpus_cli.errors import StoreError, Verdict
from corpus_cli.models import QuoteGroup
from corpus_cli.quotes.corpus import stored_quotes
from corpus_cli.quotes.group import group_quotes
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store
from corpus_cli.survey.content import ReportContent, gather
from corpus_cli.survey.groups import store_groups
from corpus_cli.survey.related import Related, related


def related_articles(store_path: Path, ref: str, settings: DedupeSettings | None = None,
                     ) -> tuple[Related, Verdict]:
    """``corpus related ID``: what every stored article shares with the article ``ref``
    names (an id, a unique prefix of one, or a path), earliest first. The dedupe groups
    are those the latest pass kept; a pass is run (with ``settings``) when none is kept."""
    with Store(store_path, create=False) as store:
        article_id = store.resolve(ref)
        groups = store_groups(store, settings)
        found = related(store, article_id, groups, _quote_groups(store))
    return found, Verdict()


def build_report(store_path: Path, settings: DedupeSettings | None = None,
                 ) -> tuple[ReportContent, Verdict]:
    """What ``corpus report`` shows of the store: its overview, the stories that
    travelled, shared quotes, who is quoted, every article. The dedupe groups are those
    the latest pass kept; a pass is run (with ``settings``) when none is kept."""
    with Store(store_path, create=False) as store:
        _not_empty(store)
        groups = store_groups(store, settings)
        content = gather(store, groups, _quote_groups(store))
    return content, Verdict()


def write_report(store_path: Path, output: str = "report.html",
                 settings: DedupeSettings | None = None,
                 ) -> tuple[ReportContent, list[Path], Verdict]:
    """``corpus report``: the report written to ``output``, one self-contained HTML file,
    or a folder (a trailing slash, or one that exists) holding ``index.html`` and a page
    per diff in ``diffs/``. Returns the content and the files written."""
    from corpus_cli.survey.page import write_pages

    content, verdict = build_report(store_path, settings)
    return content, write_pages(content, output), verdict


def _quote_groups(store: Store) -> list[QuoteGroup]:
    return group_quotes(stored_quotes(store))


def _not_empty(store: Store) -> None:
    if store.is_empty():
        raise StoreError(f"the store {store.path} holds no article (corpus ingest adds some)")
