"""``corpus dedupe``, the local engine: every stored article (or some) compared at once.

The flow: bodies and fingerprints loaded from the store (``load``) -> candidate paragraph
pairs -> word-level verification -> duplicate and passage groups (``compare``). The
store's dedupe index is rebuilt on the way when it is not current, for later checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from corpus_cli.dedupe import indexing
from corpus_cli.dedupe.compare import compare, group
from corpus_cli.dedupe.corpus import Corpus, load
from corpus_cli.dedupe.load import FORK_ARTICLES, boilerplate_hashes, load_store, store_furniture
from corpus_cli.errors import NotFoundError, StoreError, Verdict
from corpus_cli.ingest.run import ingest_articles
from corpus_cli.models import DedupeResult, PassageGroup
from corpus_cli.settings import DedupeSettings, IngestSettings
from corpus_cli.store import Store
from corpus_cli.workers import can_fork, in_background, no_cycle_collection


def dedupe_paths(store_path: Path, paths: Sequence[str] = (),
                 settings: DedupeSettings | None = None, level: str = "all",
                 verdict: Verdict | None = None) -> tuple[DedupeResult, Verdict]:
    """``corpus dedupe [PATH...]``: with paths, their articles are stored (as ``corpus
    ingest`` stores them) and compared with each other; without, the whole store is.
    An unreadable input is an error in the verdict; the others are compared."""
    verdict = verdict or Verdict()
    with Store(store_path, create=bool(paths)) as store:
        ids = ingest_articles(store, paths, IngestSettings(), verdict=verdict).ids() \
            if paths else None
        result = dedupe_store(store, settings or DedupeSettings(), level, ids)
    return result, verdict


def dedupe_store(store: Store, settings: DedupeSettings, level: str = "all",
                 ids: list[str] | None = None) -> DedupeResult:
    """Compare the articles of the store (or those with ``ids``), and refresh its index."""
    with no_cycle_collection():
        return _dedupe_store(store, settings, level, ids)


def _dedupe_store(store: Store, settings: DedupeSettings, level: str,
                  ids: list[str] | None) -> DedupeResult:
    if ids is None:
        corpus, prints = load_store(store, settings)
    else:
        policy = settings.boilerplate
        corpus = load(store.current_texts(store.current_seqs(ids),
                                          boilerplate=boilerplate_hashes(store, policy)),
                      Corpus(fetch_texts=store.texts_of,
                             furniture=store_furniture(store, policy)))
        prints = None
    if len(corpus.bodies) < 2:
        what = "the store" if ids is None else "the articles given"
        raise StoreError(f"nothing to compare: {what} hold(s) {len(corpus.bodies)} "
                         "article(s); dedupe needs at least two")
    table = compare(corpus, settings, prints=prints)
    join = None
    if prints is not None and not indexing.postings(store, settings).is_current(
            len(corpus.bodies)):
        # A worker rebuilds the index, through its own connection, while this process
        # groups.
        join = in_background(partial(indexing.rebuild_in, store.path, corpus, prints,
                                     settings))
    del prints
    # With no rebuild running, a core is free while this process groups passages.
    apart = store.path if join is None and len(corpus.bodies) >= FORK_ARTICLES \
        and can_fork() else None
    result = group(corpus, table, settings, level, store_path=apart)
    if join is not None:
        join()
    return result


def find_passage(store_path: Path, group_id: str,
                 settings: DedupeSettings | None = None) -> PassageGroup:
    """The shared passage ``group_id`` (an id ``corpus dedupe`` prints), found again."""
    with Store(store_path, create=False) as store:
        result = dedupe_store(store, settings or DedupeSettings(), "passage")
    for passage in result.passages:
        if passage.group == group_id:
            return passage
    raise NotFoundError(f"no shared passage {group_id!r} in the store "
                        f"({len(result.passages)} found; corpus dedupe --level passage lists them)")
