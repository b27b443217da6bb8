"""Groups that stay put: ids a user saw once keep naming the same groups.

A fresh group's id is a hash of its members (``digest.group_id``). Once groups are kept in
the store, a later pass with the same settings gives each group it finds the id of the
kept group it continues: the kept group whose members it holds at least half of (all of
them, when it only gained members), the one it shares most with when several qualify.
Articles added outside a group leave it untouched, and a group that gains a member keeps
its id; a group that cannot be told apart from a kept one gets a fresh id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from corpus_cli.digest import group_id
from corpus_cli.models import DedupeResult, DuplicateGroup, PassageGroup
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store
from corpus_cli.store.groups import KeptGroup

Key = tuple[str, int, int]  # (article id, start, end): a passage occurrence; spans 0 for articles


def duplicate_keys(group: DuplicateGroup) -> frozenset[Key]:
    return frozenset((m.id, 0, 0) for m in group.members)


def passage_keys(group: PassageGroup) -> frozenset[Key]:
    return frozenset((o.id, o.start, o.end) for o in group.occurrences)


def continued(found: Sequence[frozenset[Key]], fresh: Sequence[str],
              kept: Sequence[KeptGroup]) -> list[str]:
    """For each group found (by its members' keys, with its ``fresh`` id), the id of the
    kept group it continues, each kept id given once; its fresh id when it continues none."""
    holders: dict[Key, list[int]] = defaultdict(list)
    for k, group in enumerate(kept):
        for key in group.members:
            holders[key].append(k)
    choices: list[tuple[int, int, int]] = []  # (-shared, found index, kept index)
    for n, keys in enumerate(found):
        shared: dict[int, int] = defaultdict(int)
        for key in keys:
            for k in holders.get(key, ()):
                shared[k] += 1
        choices += [(-count, n, k) for k, count in shared.items()
                    if 2 * count >= len(kept[k].members)]
    out: list[str | None] = [None] * len(found)
    taken: set[int] = set()
    for _count, n, k in sorted(choices):
        if out[n] is None and k not in taken:
            out[n] = kept[k].id
            taken.add(k)
    given = {kept[k].id for k in taken}
    return [own or _unused(new, given) for own, new in zip(out, fresh, strict=True)]


def _unused(fresh: str, given: set[str]) -> str:
    """``fresh``, or when a continued group already carries it (a group's members at its
    birth, found again beside it), an id derived from it that none carries."""
    while fresh in given:
        fresh = group_id(fresh[0], [fresh])
    return fresh


def keep(store: Store, result: DedupeResult, settings: DedupeSettings,
         level: str) -> DedupeResult:
    """``result`` with the ids of the groups it continues, kept in the store for the next
    pass (a full pass only: its groups are all the groups there are)."""
    kept = store.kept_groups(settings.key)
    passages = _renamed_passages(result.passages, [g for g in kept if g.kind == "passage"])
    renamed = {old.group: new.group for old, new in zip(result.passages, passages, strict=True)}
    duplicates = _renamed_duplicates(result.duplicates,
                                     [g for g in kept if g.kind != "passage"], renamed)
    kinds = {"article": ["duplicate"], "passage": ["passage"]}.get(level,
                                                                 ["duplicate", "passage"])
    with store.write():
        store.replace_groups(settings.key, kinds, duplicates, passages)
    return DedupeResult(result.articles, tuple(duplicates), tuple(passages), result.given)


def _renamed_passages(found: Sequence[PassageGroup], kept: list[KeptGroup],
                      ) -> list[PassageGroup]:
    ids = continued([passage_keys(g) for g in found], [g.group for g in found], kept)
    return [g if new == g.group else
            PassageGroup(new, g.similarity, g.boilerplate, g.words, g.text, g.occurrences)
            for g, new in zip(found, ids, strict=True)]


def _renamed_duplicates(found: Sequence[DuplicateGroup], kept: list[KeptGroup],
                        passages: dict[str, str]) -> list[DuplicateGroup]:
    """Exact groups continue exact ones, near groups near ones (an article may be in one
    of each)."""
    ids: dict[int, str] = {}
    for kind in ("exact", "near"):
        mine = [n for n, g in enumerate(found) if g.kind == kind]
        named = continued([duplicate_keys(found[n]) for n in mine],
                          [found[n].group for n in mine], [g for g in kept if g.kind == kind])
        ids.update(zip(mine, named, strict=True))
    return [DuplicateGroup(ids[n], g.kind, g.similarity, g.members,
                           tuple(passages.get(p, p) for p in g.passages))
            for n, g in enumerate(found)]
