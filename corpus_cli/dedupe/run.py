"""``corpus dedupe``, the local engine: every stored article compared at once.

The flow: bodies and fingerprints loaded from the store (``load``) -> candidate paragraph
pairs -> word-level verification -> duplicate and passage groups (``compare``) -> ids
that stay put, the groups kept in the store (``keep``). The store's dedupe index is
rebuilt on the way when it is not current, for later checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from corpus_cli.dedupe import indexing
from corpus_cli.dedupe.compare import candidates, group, verify_candidates
from corpus_cli.dedupe.keep import keep
from corpus_cli.dedupe.load import FORK_ARTICLES, load_store
from corpus_cli.errors import NotFoundError, StoreError, Verdict
from corpus_cli.ingest.run import ingest_articles
from corpus_cli.models import DedupeResult, DuplicateGroup, PassageGroup
from corpus_cli.settings import DedupeSettings, IngestSettings
from corpus_cli.store import Store
from corpus_cli.workers import can_fork, in_background, no_cycle_collection


def dedupe_paths(store_path: Path, paths: Sequence[str] = (),
                 settings: DedupeSettings | None = None, level: str = "all",
                 verdict: Verdict | None = None) -> tuple[DedupeResult, Verdict]:
    """``corpus dedupe [PATH...]``: the whole store compared; with paths, their articles
    are stored first (as ``corpus ingest`` stores them) and only the groups holding one of
    them are reported. An unreadable input is an error in the verdict; the others are
    compared."""
    verdict = verdict or Verdict()
    with Store(store_path, create=bool(paths)) as store:
        ids = ingest_articles(store, paths, IngestSettings(), verdict=verdict).ids() \
            if paths else None
        if ids is not None and not ids:
            raise StoreError("nothing to compare: none of the paths given holds an article")
        result = dedupe_store(store, settings or DedupeSettings(), level)
    return (result if ids is None else _involving(result, set(ids))), verdict


def _involving(result: DedupeResult, ids: set[str]) -> DedupeResult:
    """The groups of ``result`` that hold one of the articles ``ids``."""
    duplicates = tuple(g for g in result.duplicates if any(m.id in ids for m in g.members))
    passages = tuple(p for p in result.passages if any(o.id in ids for o in p.occurrences))
    reported = {p.group for p in passages}
    duplicates = tuple(DuplicateGroup(g.group, g.kind, g.similarity, g.members,
                                      tuple(p for p in g.passages if p in reported))
                       for g in duplicates)
    return DedupeResult(result.articles, duplicates, passages, len(ids))


def dedupe_store(store: Store, settings: DedupeSettings, level: str = "all") -> DedupeResult:
    """Compare every current article of the store, keep the groups found (their ids stay
    put), and refresh the store's dedupe index."""
    with no_cycle_collection():
        return keep(store, _dedupe_store(store, settings, level), settings, level)


def _dedupe_store(store: Store, settings: DedupeSettings, level: str) -> DedupeResult:
    store.refresh_if_stale(settings.boilerplate)
    corpus, prints = load_store(store, settings)
    if len(corpus.bodies) < 2:
        raise StoreError(f"nothing to compare: the store holds {len(corpus.bodies)} "
                         "article(s); dedupe needs at least two")
    pairs = candidates(corpus, settings, prints=prints)
    join = None
    if not store.in_memory and not indexing.is_current(store, corpus, settings):
        # A worker rebuilds the index, through its own connection, while this process
        # verifies and groups: it takes the fingerprints with it, and this process lets
        # them go (at a million articles, a gigabyte it no longer holds).
        join = in_background(partial(indexing.rebuild_in, store.path, corpus, prints,
                                     settings),
                             redo=partial(indexing.update_in, store.path, settings))
    del prints
    found = verify_candidates(corpus, pairs, settings)
    del pairs
    # Verifying read most tokens; grouping reads a few of them again.
    corpus.bodies.release_tokens()
    # With no rebuild running, a core is free while this process groups passages.
    apart = store.path if join is None and not store.in_memory \
        and len(corpus.bodies) >= FORK_ARTICLES and can_fork() else None
    result = group(corpus, found, settings, level, store_path=apart)
    if join is not None:
        join()
    return result


def find_passage(store_path: Path, group_id: str) -> PassageGroup:
    """The shared passage ``group_id`` (an id ``corpus dedupe`` printed), as the store kept
    it."""
    with Store(store_path, create=False) as store:
        found = store.kept_group(group_id)
    if isinstance(found, PassageGroup):
        return found
    if found is not None:
        raise NotFoundError(f"{group_id!r} is a duplicate group, not a shared passage: "
                            "corpus show lists its articles")
    raise NotFoundError(f"no shared passage {group_id!r} in the store (corpus dedupe "
                        "--level passage lists them)")
