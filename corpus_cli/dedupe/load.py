"""The local engine's first stage: every current article of the store, loaded as bodies.

Large stores are read, tokenised and fingerprinted in forked workers, one range of
article ids each, each through a connection of its own: the same bodies, in the same
order, as reading them here. Every reader reads the same snapshot (the newest sequence
number when loading began), so articles ingested meanwhile by another process are in
none of the ranges rather than in some. Which flagged paragraphs count as boilerplate is
asked of the store once, by the rules of ``BoilerplatePolicy``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from corpus_cli.dedupe.corpus import (
    Corpus,
    Fingerprints,
    Furniture,
    LocalPrints,
    fingerprint,
    load,
    local_prints,
)
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store
from corpus_cli.text.frequency import BoilerplatePolicy
from corpus_cli.workers import fork_map, pool_size

FORK_ARTICLES = 20_000  # fewer articles load faster than a second process starts
# This process takes the last range, a bigger one than each worker's: the workers also
# send their bodies (bench/README.md has the measurement).
HERE_SHARE = 1.1


def store_furniture(store: Store, policy: BoilerplatePolicy) -> Furniture:
    """``policy.sure_furniture`` asked of ``store``, each hash once: the same site
    furniture comes up in thousands of exact classes, and counting its articles reads
    thousands of rows."""
    known: dict[int, bool] = {}
    patterned: dict[int, bool] = {}

    def furniture(hashes: set[int], *, inside: bool = False) -> set[int]:
        new = hashes - known.keys()
        if new:
            sure = store.furniture_hashes(new, policy.sure_furniture, policy.sample)
            known.update((h, h in sure) for h in new)
        out = {h for h in hashes if known[h]}
        if inside:
            new = out - patterned.keys()
            if new:
                found = store.pattern_hashes(new)
                patterned.update((h, h in found) for h in new)
            out = {h for h in out if patterned[h]}
        return out

    return furniture


def boilerplate_hashes(store: Store, policy: BoilerplatePolicy,
                       hashes: Iterable[int] | None = None) -> set[int]:
    """Paragraph hashes compared as boilerplate (of ``hashes``; default: all flagged)."""
    return store.furniture_hashes(store.flagged_hashes(hashes),
                                  policy.compared_as_boilerplate, policy.sample)


def load_store(store: Store, settings: DedupeSettings) -> tuple[Corpus, Fingerprints]:
    """Every current article of ``store``, tokenised, texts left in the store, and their
    fingerprints."""
    policy, scheme = settings.boilerplate, settings.fingerprints
    # The flags' generation before the flags, the snapshot before the texts: what is read
    # after is as new or newer, so the index never claims to be newer than it is.
    corpus = Corpus(fetch_texts=store.texts_of, furniture=store_furniture(store, policy),
                    flags=store.flags_generation(), through=store.newest_seq())
    boilerplate = boilerplate_hashes(store, policy)
    through = corpus.through
    # Workers open the store by its path: one in memory lives in this process alone.
    workers = 1 if store.in_memory else pool_size(store.count(), FORK_ARTICLES)
    if workers < 2:
        load(store.current_texts(boilerplate=boilerplate, upto=through), corpus)
        return corpus, fingerprint(corpus, scheme)
    splits = store.article_id_splits([1.0] * (workers - 1) + [HERE_SHARE])
    ranges = list(zip([None, *splits], [*splits, None], strict=True))
    # The tokens go to files once fingerprinted, and are mapped from there: the files are
    # removed once every range is mapped (a map outlives its file's name).
    with _spill_folder(store.path) as spill:

        def here(id_range: tuple[str | None, str | None]) -> tuple[Corpus, LocalPrints]:
            part = load(store.current_texts(id_range=id_range, boilerplate=boilerplate,
                                            upto=through),
                        Corpus(fetch_texts=store.texts_of))
            prints = local_prints(part.bodies, scheme)
            part.bodies.spill_tokens(_spill_file(spill))
            return part, prints

        there: Callable[[tuple[str | None, str | None]], tuple[Corpus, LocalPrints]] = \
            partial(_load_range, store.path, boilerplate, settings, through, spill)
        loaded = fork_map(there, ranges, last=here)
    prints = _gathered(corpus, loaded)
    del loaded  # ``fingerprint`` lets each part go once it is copied: nothing else holds it
    return corpus, fingerprint(corpus, scheme, prints)


def _gathered(corpus: Corpus, loaded: list[tuple[Corpus, LocalPrints]],
              ) -> list[tuple[int, LocalPrints]]:
    """The ranges' bodies appended to ``corpus``; their fingerprints, each with the number
    of its range's first body."""
    prints = []
    for part, part_prints in loaded:
        first = len(corpus.bodies)
        prints.append((first, part_prints))
        # Columns pickle fast and are appended as they came: nothing is copied here.
        corpus.bodies.extend_table(part.bodies)
        corpus.boilerplate.extend_table(part.boilerplate, first)
    return prints


def _load_range(path: Path, boilerplate: set[int], settings: DedupeSettings, through: int,
                spill: str, id_range: tuple[str | None, str | None],
                ) -> tuple[Corpus, LocalPrints]:
    with Store(path, create=False) as store:  # a connection of this process's own
        corpus = load(store.current_texts(id_range=id_range, boilerplate=boilerplate,
                                          upto=through),
                      Corpus(fetch_texts=store.texts_of))
    prints = local_prints(corpus.bodies, settings.fingerprints)
    corpus.bodies.spill_tokens(_spill_file(spill))  # they travel as a file name
    # What goes back is data only (a store's method does not pickle).
    return Corpus(corpus.bodies, corpus.boilerplate), prints


def _spill_folder(store_path: Path) -> tempfile.TemporaryDirectory[str]:
    """A folder for spilled tokens beside the store (a disk with room for a corpus, where
    the system's temporary folder may be memory), or the system's if that one cannot be
    written."""
    try:
        return tempfile.TemporaryDirectory(prefix=".corpus-tokens-", dir=store_path.parent)
    except OSError:
        return tempfile.TemporaryDirectory(prefix="corpus-tokens-")


def _spill_file(folder: str) -> str:
    handle, name = tempfile.mkstemp(suffix=".u32", dir=folder)
    os.close(handle)
    return name
