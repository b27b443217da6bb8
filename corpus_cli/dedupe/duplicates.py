"""Duplicate groups: articles that are copies (exact) or near copies of each other.

From the verified runs between article pairs (a run table): exact classes first (the
same headline and body paragraphs, in the same order), then near pairs joined into
clusters with union-find, so groups never depend on input order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.arrays import member_of, run_starts
from corpus_cli.clusters import UnionFind, merge_sorted_ranges
from corpus_cli.dedupe.corpus import Furniture, group_order, listed_order, reading_order
from corpus_cli.dedupe.runs import column, pair_starts
from corpus_cli.digest import group_id
from corpus_cli.index.bodies import body_column, sizes_at
from corpus_cli.models import DuplicateGroup, Member, PassageGroup
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Flagged

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from corpus_cli.index.bodies import Body


def _paragraph_order(body: Body, flagged: list[Flagged]) -> list[int]:
    """Hashes of all the article's paragraphs, boilerplate included, in text order."""
    return [h for _s, h in sorted([(p.start, p.hash) for p in body.paragraphs]
                                  + [(f.start, f.hash) for f in flagged])]


def _inside(body: Body, flagged: list[Flagged]) -> set[int]:
    """Hashes of the flagged paragraphs that sit between the body's first and last story
    paragraphs."""
    starts = [p.start for p in body.paragraphs]
    if len(starts) < 2:
        return set()
    first, last = min(starts), max(starts)
    return {f.hash for f in flagged if first < f.start < last}


def _same_order(a: list[int], b: list[int]) -> bool:
    """Do the paragraphs two articles have in common come in the same order in both?"""
    in_a, in_b = set(a), set(b)
    return [h for h in a if h in in_b] == [h for h in b if h in in_a]


def exact_classes(bodies: Sequence[Body], flagged: Mapping[int, list[Flagged]],
                  furniture: Furniture | None = None) -> list[list[int]]:
    """Bodies with the same headline and body paragraphs, in the same order: the classes
    of the bodies that share their body hash with another (a body alone with its hash is
    a class of its own, not listed: most of a million articles).

    Boilerplate is left out of the comparison, but not the order of what both articles
    carry: a story paragraph that the frequency rule took for furniture (it recurs in a
    site's follow-ups) must not make a reordered copy look exact. Nor may a copy leave out
    such a paragraph: with ``furniture``, flagged paragraphs it does not vouch for must be
    the same in both articles; between story paragraphs it vouches only for those a
    pattern flags.
    """
    out: list[list[int]] = []
    for members in _shared_hashes(body_column(bodies, "body_hash"),
                                  body_column(bodies, "words")):
        if not any(i in flagged for i in members):
            out.append(members)
            continue
        sure: set[int] = set()
        sure_inside: set[int] = set()
        inner = {i: _inside(bodies[i], flagged.get(i, [])) for i in members}
        if furniture is not None:
            sure = furniture({f.hash for i in members for f in flagged.get(i, [])})
            inside = {h for i in members for h in inner[i]} & sure
            sure_inside = furniture(inside, inside=True) if inside else set()
        # (paragraph order of the first, its flagged paragraphs that may be story, members)
        classes: list[tuple[list[int], frozenset[int], list[int]]] = []
        for i in sorted(members, key=lambda i: reading_order(bodies[i])):
            order = _paragraph_order(bodies[i], flagged.get(i, []))
            story = frozenset(
                f.hash for f in flagged.get(i, [])
                if f.hash not in (sure_inside if f.hash in inner[i] else sure)
            ) if furniture is not None else frozenset()
            home = next((m for first, first_story, m in classes
                         if first_story == story and _same_order(first, order)), None)
            if home is None:
                classes.append((order, story, [i]))
            else:
                home.append(i)
        out += [sorted(m) for _first, _story, m in classes]
    return out


def _shared_hashes(body_hashes: NDArray[np.int64], words: NDArray[np.int64],
                   ) -> list[list[int]]:
    """The bodies with words that share a body hash, hash by hash (each list in body
    order), in the order of each hash's first body."""
    with_words = np.flatnonzero(words > 0)
    order = with_words[np.argsort(body_hashes[with_words], kind="stable")]
    starts = np.flatnonzero(run_starts(body_hashes[order]))
    lengths = np.diff(starts, append=len(order))
    shared = [order[start : start + length].tolist() for start, length
              in zip(starts[lengths > 1].tolist(), lengths[lengths > 1].tolist(), strict=True)]
    shared.sort(key=lambda members: members[0])
    return shared


def duplicate_groups(bodies: Sequence[Body], runs: NDArray[np.void], evidence: NDArray[np.void],
                     settings: DedupeSettings, flagged: Mapping[int, list[Flagged]] | None = None,
                     furniture: Furniture | None = None) -> list[DuplicateGroup]:
    """Exact groups (same body text) and near groups: at least ``settings.threshold`` of
    the shorter article's words found in the other (``pair_matches``), covering
    ``min_longer_share`` of the longer (``min_longer_share_same_title`` when both carry
    the same headline: a trimmed reprint).

    ``runs`` holds the verified regions, sorted by pair (``runs``), ``evidence`` the
    paragraph pairs that count towards near duplicates (``verify.EVIDENCE``); ``flagged``
    each body's boilerplate paragraphs, by position; ``furniture`` tells which of them are
    site furniture for sure (see ``exact_classes``).
    """
    exact = {members[0]: members for members in exact_classes(bodies, flagged or {},
                                                              furniture)}
    class_of = np.arange(len(bodies), dtype=np.int64)
    for first, members in exact.items():
        class_of[members] = first
    a, b, matched = pair_matches(bodies, evidence, settings)
    words = body_column(bodies, "words")
    shorter, longer = np.minimum(words[a], words[b]), np.maximum(words[a], words[b])
    matched = np.minimum(matched, shorter)
    similarity = matched / np.maximum(shorter, 1)
    ca, cb = class_of[a], class_of[b]
    candidate = (shorter > 0) & (similarity >= settings.threshold) & (ca != cb)
    covers = matched >= settings.min_longer_share * longer
    trimmed = np.flatnonzero(candidate & ~covers
                             & (matched >= settings.min_longer_share_same_title * longer))
    for i in trimmed.tolist():
        covers[i] = _same_title(bodies[int(a[i])], bodies[int(b[i])])
    near: UnionFind[int] = UnionFind()
    edges = np.flatnonzero(candidate & covers)
    for x, y in zip(ca[edges].tolist(), cb[edges].tolist(), strict=True):
        near.union(x, y)
    out = [_group("exact", members, bodies, {}, 1.0)
           for members in exact.values() if len(members) > 1]
    lowest: dict[int, float] = {}
    for node, sim in zip(ca[edges].tolist(), similarity[edges].tolist(),
                         strict=True):
        top = near.find(node)
        lowest[top] = min(lowest.get(top, 1.0), sim)
    starts = pair_starts(runs)
    shares = _near_shares(runs, starts, class_of[column(runs, "a")[starts]],
                          class_of[column(runs, "b")[starts]], near, words)
    for component in near.groups():
        if len(component) < 2:
            continue
        root = near.find(component[0])
        members = sorted(i for c in component for i in exact.get(c, (c,)))
        out.append(_group("near", members, bodies, shares.get(root, {}), lowest[root]))
    out.sort(key=lambda g: (listed_order(g.members[0]), g.kind, g.group))
    return out


def pair_matches(bodies: Sequence[Body], evidence: NDArray[np.void], settings: DedupeSettings,
                 ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """For every pair of bodies with evidence (``a < b``), how many of their words match.

    A paragraph's matches are added up over the paragraphs of the other body it pairs with
    (a paragraph split in one article and merged in the other pairs with each part), and
    capped at its own length; the pair's figure is the smaller of its two sides' sums. A
    pair that has evidence but falls short of ``threshold`` is completed: its paragraphs
    without evidence are compared with each other directly, in case fingerprints missed a
    heavily edited one.
    """
    a, b, matched = _summed(bodies, evidence)
    words = body_column(bodies, "words")
    shorter = np.minimum(words[a], words[b])
    floor = np.where(shorter <= settings.short_body, settings.completion_share_short,
                     settings.completion_share)
    short_of = (matched < settings.threshold * shorter) & (matched >= floor * shorter)
    if short_of.any():
        more = _completed(bodies, evidence, a[short_of], b[short_of], settings)
        if len(more):
            a, b, matched = _summed(bodies, np.concatenate((evidence, more)))
    return a, b, matched


def may_be_near(matched: NDArray[np.int64], words_a: NDArray[np.int64],
                words_b: NDArray[np.int64], settings: DedupeSettings) -> NDArray[np.bool_]:
    """Which pairs, given their evidence summed (``summed_matches``), may end up near
    copies: the others are neither completed (``pair_matches``) nor similar enough
    (``duplicate_groups``), whatever the rest of their bodies holds. Grouping can keep to
    the components these pairs and exact copies make (the Spark engine does)."""
    shorter = np.minimum(words_a, words_b)
    floor = np.where(shorter <= settings.short_body, settings.completion_share_short,
                     settings.completion_share)
    floor = np.minimum(floor, settings.threshold)
    return (shorter > 0) & (matched >= floor * shorter)


def _summed(bodies: Sequence[Body], evidence: NDArray[np.void],
            ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Matched words per pair of bodies with evidence: each side's paragraphs count their
    best partner's words, or the words of every partner that is mostly inside them (the
    parts of a paragraph split in the other article), capped at their length; the pair
    counts the smaller side. Partners that are only alike (a table's lines, sharing their
    labels) never add up to more than the best of them."""
    if not len(evidence):
        empty = np.empty(0, np.int64)
        return empty, empty, empty
    return summed_matches(evidence, sizes_at(bodies, evidence["a"], evidence["pa"]),
                          sizes_at(bodies, evidence["b"], evidence["pb"]))


def summed_matches(evidence: NDArray[np.void], size_a: NDArray[np.int64],
                   size_b: NDArray[np.int64],
                   ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """``_summed`` given the size in tokens of each evidence row's two paragraphs: what
    needs no body (the Spark engine sums pairs before it brings bodies together)."""
    empty = np.empty(0, np.int64)
    if not len(evidence):
        return empty, empty, empty
    key = (evidence["a"].astype(np.int64) << 32) | evidence["b"]
    m = evidence["matched"].astype(np.int64)
    sides = []
    for pos, size, partner in (("pa", size_a, size_b), ("pb", size_b, size_a)):
        order = np.lexsort((evidence[pos], key))
        k, own, mo = key[order], size[order], m[order]
        part = np.where(10 * mo >= 8 * partner[order], mo, 0)  # the partner is mostly inside
        start = np.flatnonzero(run_starts(k) | run_starts(evidence[pos][order]))
        best = np.maximum.reduceat(mo, start)
        parts = np.add.reduceat(part, start)
        per_paragraph = np.minimum(np.maximum(best, parts), own[start])
        pair_start = np.flatnonzero(run_starts(k[start]))
        sides.append((k[start][pair_start], np.add.reduceat(per_paragraph, pair_start)))
    (keys, side_a), (_keys, side_b) = sides
    return keys >> 32, keys & 0xFFFFFFFF, np.minimum(side_a, side_b)


def _completed(bodies: Sequence[Body], evidence: NDArray[np.void], a: NDArray[np.int64],
               b: NDArray[np.int64], settings: DedupeSettings) -> NDArray[np.void]:
    """Evidence between the paragraphs of ``a[i]`` and ``b[i]`` that have none yet."""
    from corpus_cli.dedupe.verify import EVIDENCE

    have: dict[tuple[int, int], tuple[set[int], set[int]]] = {}
    wanted = set(zip(a.tolist(), b.tolist(), strict=True))
    for row in evidence[member_of((evidence["a"].astype(np.int64) << 32) | evidence["b"],
                                  (a << 32) | b)].tolist():
        sides = have.setdefault((row[0], row[2]), (set(), set()))
        sides[0].add(row[1])
        sides[1].add(row[3])
    rows = []
    for da, db in sorted(wanted):
        seen_a, seen_b = have.get((da, db), (set(), set()))
        left = [q for q in range(len(bodies[da].paragraphs)) if q not in seen_a]
        right = [q for q in range(len(bodies[db].paragraphs)) if q not in seen_b]
        if not left or not right:
            continue
        ta, tb = _texts(bodies[da], left), _texts(bodies[db], right)
        la = np.fromiter(map(len, ta), np.int64, len(ta))[:, None]
        lb = np.fromiter(map(len, tb), np.int64, len(tb))[None, :]
        common = _common_lengths(ta, tb, la, lb)
        alike = (2 * common >= settings.pair_similarity * (la + lb)) & (common > 0)
        for i, j in zip(*np.nonzero(alike), strict=True):
            rows.append((da, left[int(i)], db, right[int(j)], int(common[i, j])))
    return np.array(rows, EVIDENCE) if rows else np.empty(0, EVIDENCE)


def _common_lengths(ta: list[str], tb: list[str], la: NDArray[np.int64],
                    lb: NDArray[np.int64]) -> NDArray[np.int64]:
    """The longest common subsequence of every paragraph of ``ta`` with every one of
    ``tb``; pairs too long for an exact comparison are compared at a bounded cost."""
    from rapidfuzz import process
    from rapidfuzz.distance import LCSseq

    from corpus_cli import lcs

    # Two paragraphs long enough to need it are rare: the matrix is computed without
    # them (as empty texts), then their rows and columns, then their pairs.
    rows, cols = np.nonzero(la * lb > lcs.EXACT_CELLS)
    long_a, long_b = sorted(set(rows.tolist())), sorted(set(cols.tolist()))
    short_a, short_b = list(ta), list(tb)
    for i in long_a:
        short_a[i] = ""
    for j in long_b:
        short_b[j] = ""
    common: NDArray[np.int64] = process.cdist(short_a, short_b, scorer=LCSseq.similarity,
                                              dtype=np.int64)
    for i in long_a:  # a long paragraph against short ones: exact, and linear in it
        common[i] = process.cdist([ta[i]], short_b, scorer=LCSseq.similarity,
                                  dtype=np.int64)[0]
    for j in long_b:
        common[:, j] = process.cdist(short_a, [tb[j]], scorer=LCSseq.similarity,
                                     dtype=np.int64)[:, 0]
    for i in long_a:
        for j in long_b:
            common[i, j] = lcs.common_length(ta[i], tb[j])
    return common


def _texts(body: Body, positions: list[int]) -> list[str]:
    from corpus_cli.index.tokens import as_text

    bounds = body.bounds
    return [as_text(body.tokens[bounds[q] : bounds[q + 1]]) for q in positions]


def _same_title(one: Body, other: Body) -> bool:
    """Do two articles carry the same headline (a word or so aside)?"""
    from rapidfuzz import fuzz

    from corpus_cli.text.normalize import normalize

    a, b = normalize(one.title), normalize(other.title)
    return bool(a) and bool(b) and fuzz.ratio(a, b) >= 90


def _near_shares(table: NDArray[np.void], starts: NDArray[np.int64], ca: NDArray[np.int64],
                 cb: NDArray[np.int64], near: UnionFind[int], words: NDArray[np.int64],
                 ) -> dict[int, dict[int, float]]:
    """For each near group (by root), the share of each member's words found in the runs
    between it and the other members."""
    in_near = np.fromiter(near.parent, np.int64, len(near.parent))
    grouped = member_of(ca, in_near) & member_of(cb, in_near)
    pair_root = np.full(len(starts), -1, np.int64)
    for pair in np.flatnonzero(grouped).tolist():
        top = near.find(int(ca[pair]))
        if top == near.find(int(cb[pair])):
            pair_root[pair] = top
    rows_per_pair = np.diff(starts, append=len(table))
    row_root = np.repeat(pair_root, rows_per_pair)
    grouped_runs = table[row_root >= 0]
    row_root = row_root[row_root >= 0]
    if not len(grouped_runs):
        return {}
    root = np.concatenate((row_root, row_root))
    doc, lo, hi = (np.concatenate((column(grouped_runs, f"a{end}"),
                                   column(grouped_runs, f"b{end}")))
                   for end in ("", "_lo", "_hi"))
    order = np.lexsort((hi, lo, doc, root))
    root, doc, lo, hi = root[order], doc[order], lo[order], hi[order]
    new_member = run_starts(root) | run_starts(doc)
    merged, merged_hi = merge_sorted_ranges(new_member, lo, hi)
    member = np.cumsum(new_member)[merged] - 1
    covered = np.bincount(member, weights=merged_hi - lo[merged])
    first = np.flatnonzero(new_member)
    shares: dict[int, dict[int, float]] = defaultdict(dict)
    for r, d, n in zip(root[first].tolist(), doc[first].tolist(), covered.tolist(),
                       strict=True):
        shares[r][d] = int(n) / int(words[d]) if words[d] else 0.0
    return shares


def _group(kind: str, members: list[int], bodies: Sequence[Body], shares: dict[int, float],
           similarity: float) -> DuplicateGroup:
    """A duplicate group; ``shares``: how much of each member the others hold (exact
    copies hold all of each other)."""
    ordered = sorted(members, key=lambda i: reading_order(bodies[i]))
    first = group_order(bodies[i] for i in members)  # by date when all have one
    earliest = min(members, key=lambda i: first(bodies[i]))
    listed = tuple(
        Member(body.article_id, body.path, body.title, body.date, body.key,
               round(1.0 if kind == "exact" and body.words else shares.get(i, 0.0), 4),
               first=i == earliest)
        for i in ordered for body in [bodies[i]]
    )
    return DuplicateGroup(group_id("d", [f"{kind}:{m.id}" for m in listed]), kind,
                          round(similarity, 4), listed)


def link_passages(duplicates: list[DuplicateGroup], passages: list[PassageGroup],
                  ) -> list[DuplicateGroup]:
    """The duplicate groups, each with the ids of the passage groups found in two or more
    of its members: which passages make it a copy."""
    groups_of: dict[int, list[int]] = defaultdict(list)  # member seq -> its groups
    for n, group in enumerate(duplicates):
        for member in group.members:
            groups_of[member.seq].append(n)
    linked: list[list[str]] = [[] for _ in duplicates]
    for passage in passages:
        held = [n for seq in {o.seq for o in passage.occurrences}
                for n in groups_of.get(seq, ())]
        if len(held) > 1:  # most passages join articles that are not copies
            for n, members in Counter(held).items():
                if members > 1:
                    linked[n].append(passage.group)
    return [DuplicateGroup(g.group, g.kind, g.similarity, g.members, tuple(ids)) if ids else g
            for g, ids in zip(duplicates, linked, strict=True)]
