"""``corpus rm``: forget stored articles, every version and index entry, in one transaction.

Here, above both the store and the index layer: the store removes its rows
(``Store.forget``), the dedupe index its postings (``PostingsIndex.remove``), and the
frequency flags are computed again without the forgotten articles, all in one
``BEGIN IMMEDIATE`` transaction: an interrupted ``rm`` removes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from corpus_cli.errors import InputError, NotFoundError, Verdict
from corpus_cli.index.postings import PostingsIndex
from corpus_cli.settings import DedupeSettings, IngestSettings
from corpus_cli.store import Store


class Forgotten(NamedTuple):
    """One forgotten article, as it was stored."""

    id: str
    path: str
    title: str
    versions: int


class ForgetRun(NamedTuple):
    articles: list[Forgotten]
    postings: int  # index entries removed


def forget_articles(store_path: Path, refs: Sequence[str], verdict: Verdict | None = None,
                    ) -> tuple[ForgetRun, Verdict]:
    """Forget the articles ``refs`` name (ids, unique prefixes, paths), atomically: when a
    reference names no article, or several, it is an error in the verdict and nothing is
    removed."""
    verdict = verdict or Verdict()
    with Store(store_path, create=False) as store:
        found: dict[str, Forgotten] = {}
        for ref in refs:
            try:
                version = store.version(store.resolve(ref))
            except NotFoundError as err:
                verdict.error(InputError(ref, str(err)))
                continue
            found.setdefault(version.article_id, Forgotten(
                version.article_id, version.path, version.title, version.versions))
        if verdict.errors or not found:
            return ForgetRun([], 0), verdict
        with store.write():
            seqs = store.forget(found)
            postings = PostingsIndex(store.db, DedupeSettings().fingerprints.key).remove(seqs)
            store.refresh_frequency_flags(IngestSettings().boilerplate)
    return ForgetRun(list(found.values()), postings), verdict
