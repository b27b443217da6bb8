"""From verified runs between article pairs to duplicate groups and passage groups."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import accumulate
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz.distance import LCSseq

from corpus_cli.align.cluster import (
    UnionFind,
    connected_components,
    merge_sorted_ranges,
    same_spans,
)
from corpus_cli.align.passages import (
    A_HI,
    A_LO,
    B_HI,
    B_LO,
    MATCHED,
    A,
    AdjacentTest,
    B,
    pair_starts,
)
from corpus_cli.arrays import distinct, member_of, run_lengths, run_starts
from corpus_cli.digest import blake2b
from corpus_cli.index.fingerprints import Body
from corpus_cli.index.tokens import TOKEN, as_text
from corpus_cli.models import DuplicateGroup, Member, Occurrence, PassageGroup

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Two occurrences in one article are the same passage when they overlap by this much of
# the longer: nearly the same span, not merely a sentence of a longer run.
SAME_SPAN = 0.8
# A near duplicate also covers this much of the longer article, so a copy may drop up to
# about half of a story; a short article reused inside a story stitched from several,
# where it is less than that, is a shared passage, not a copy. (0.45 keeps 85 % of the
# generated copies missing 20-50 % of their paragraphs, and 1 of 750 stitched articles;
# 0.6 kept 61 % and none. bench/README.md.)
MIN_LONGER_SHARE = 0.45


def group_id(prefix: str, keys: list[str]) -> str:
    """A stable id from sorted member keys: the same members, the same id, in any order."""
    digest = blake2b("\n".join(sorted(keys)).encode(), digest_size=6).hexdigest()
    return prefix + digest


def _chronology(body: Body) -> tuple[bool, str, int]:
    # Dated articles first, by date; then ingest order. Articles being checked (negative
    # keys) are newest of all.
    return (body.date is None, body.date or "", body.key if body.key >= 0 else 1 << 62)


def _paragraph_order(body: Body, flagged: list[tuple[int, int, int]]) -> list[int]:
    """Hashes of all the article's paragraphs, boilerplate included, in text order."""
    return [h for _s, h in sorted([(p[1], p[3]) for p in body.paragraphs]
                                  + [(s, h) for s, _e, h in flagged])]


def _same_order(a: list[int], b: list[int]) -> bool:
    """Do the paragraphs two articles have in common come in the same order in both?"""
    in_a, in_b = set(a), set(b)
    return [h for h in a if h in in_b] == [h for h in b if h in in_a]


Furniture = Callable[[set[int]], set[int]]  # of these flagged paragraph hashes, the sure furniture


def exact_classes(bodies: list[Body], flagged: dict[int, list[tuple[int, int, int]]],
                  furniture: Furniture | None = None) -> list[list[int]]:
    """Bodies with the same headline and body paragraphs, in the same order.

    Boilerplate is left out of the comparison, but not the order of what both articles
    carry: a story paragraph that the frequency rule took for furniture (it recurs in a
    site's follow-ups) must not make a reordered copy look exact. Nor may a copy leave out
    such a paragraph: with ``furniture``, flagged paragraphs it does not vouch for must be
    the same in both articles.
    """
    by_hash: dict[int, list[int]] = defaultdict(list)
    for i, body in enumerate(bodies):
        if body.words:
            by_hash[body.body_hash].append(i)
    out: list[list[int]] = []
    for members in by_hash.values():
        if len(members) == 1 or not any(i in flagged for i in members):
            out.append(members)
            continue
        sure: set[int] = set()
        if furniture is not None:
            sure = furniture({h for i in members for _s, _e, h in flagged.get(i, [])})
        # (paragraph order of the first, its flagged paragraphs that may be story, members)
        classes: list[tuple[list[int], frozenset[int], list[int]]] = []
        for i in sorted(members, key=lambda i: _chronology(bodies[i])):
            order = _paragraph_order(bodies[i], flagged.get(i, []))
            story = frozenset(h for _s, _e, h in flagged.get(i, [])) - sure \
                if furniture is not None else frozenset()
            home = next((m for first, first_story, m in classes
                         if first_story == story and _same_order(first, order)), None)
            if home is None:
                classes.append((order, story, [i]))
            else:
                home.append(i)
        out += [sorted(m) for _first, _story, m in classes]
    return out


def duplicate_groups(bodies: list[Body], table: NDArray[np.int64], threshold: float,
                     flagged: dict[int, list[tuple[int, int, int]]] | None = None,
                     furniture: Furniture | None = None) -> list[DuplicateGroup]:
    """Exact groups (same body text) and near groups (shorter mostly found in the longer).

    ``table`` holds the verified runs (a run table, see ``align.passages``); ``flagged``
    each body's boilerplate
    paragraphs (start, end, hash), by position; ``furniture`` tells which of them are
    site furniture for sure (see ``exact_classes``).
    """
    exact = {members[0]: members for members in exact_classes(bodies, flagged or {},
                                                              furniture)}
    class_of = np.arange(len(bodies), dtype=np.int64)
    for first, members in exact.items():
        class_of[members] = first
    # Per article pair: matched words in all its runs, against the shorter and longer body.
    starts = pair_starts(table)
    a, b = table[starts, A], table[starts, B]
    words = np.fromiter((body.words for body in bodies), np.int64, len(bodies))
    shorter, longer = np.minimum(words[a], words[b]), np.maximum(words[a], words[b])
    matched = np.minimum(np.add.reduceat(table[:, MATCHED], starts) if len(starts) else
                         np.empty(0, np.int64), shorter)
    similarity = matched / np.maximum(shorter, 1)
    ca, cb = class_of[a], class_of[b]
    near_pair = (shorter > 0) & (similarity >= threshold) \
        & (matched >= MIN_LONGER_SHARE * longer) & (ca != cb)
    near: UnionFind[int] = UnionFind()
    edges = np.flatnonzero(near_pair)
    for x, y in zip(ca[edges].tolist(), cb[edges].tolist(), strict=True):
        near.union(x, y)
    out = [_group("exact", members, bodies, {}, 1.0)
           for members in exact.values() if len(members) > 1]
    lowest: dict[int, float] = {}
    for node, sim in zip(ca[edges].tolist(), similarity[edges].tolist(),
                         strict=True):
        top = near.find(node)
        lowest[top] = min(lowest.get(top, 1.0), sim)
    shares = _near_shares(table, starts, ca, cb, near, words)
    for component in near.groups():
        if len(component) < 2:
            continue
        root = near.find(component[0])
        members = sorted(i for c in component for i in exact[c])
        out.append(_group("near", members, bodies, shares.get(root, {}), lowest[root]))
    out.sort(key=lambda g: (g.members[0].seq, g.kind))
    return out


def _near_shares(table: NDArray[np.int64], starts: NDArray[np.int64], ca: NDArray[np.int64],
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
    runs = table[row_root >= 0]
    row_root = row_root[row_root >= 0]
    if not len(runs):
        return {}
    root = np.concatenate((row_root, row_root))
    doc = np.concatenate((runs[:, A], runs[:, B]))
    lo = np.concatenate((runs[:, A_LO], runs[:, B_LO]))
    hi = np.concatenate((runs[:, A_HI], runs[:, B_HI]))
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


def _group(kind: str, members: list[int], bodies: list[Body], shares: dict[int, float],
           similarity: float) -> DuplicateGroup:
    """A duplicate group; ``shares``: how much of each member the others hold (exact
    copies hold all of each other)."""
    ordered = sorted(members, key=lambda i: _chronology(bodies[i]))
    listed = tuple(
        Member(bodies[i].article_id, bodies[i].path, bodies[i].title, bodies[i].date,
               bodies[i].key,
               round(1.0 if kind == "exact" and bodies[i].words else shares.get(i, 0.0), 4),
               first=n == 0)
        for n, i in enumerate(ordered)
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


class SpanFinder:
    """Character spans of body-token ranges, tokenising only the paragraphs asked about."""

    def __init__(self, body: Body) -> None:
        assert body.text is not None
        self.body = body
        self.text: str = body.text
        self._tokens: dict[int, list[tuple[int, int]]] = {}

    def _token_spans(self, pos: int) -> list[tuple[int, int]]:
        spans = self._tokens.get(pos)
        if spans is None:
            _idx, start, end, _h = self.body.paragraphs[pos]
            spans = self._tokens[pos] = [m.span() for m in TOKEN.finditer(self.text, start, end)]
        return spans

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        bounds = self.body.bounds
        first = bisect_right(bounds, lo) - 1
        last = bisect_right(bounds, hi - 1) - 1
        text = self.text
        if lo == bounds[first]:
            start = self.body.paragraphs[first][1]
        else:
            start = self._token_spans(first)[lo - bounds[first]][0]
            floor = self.body.paragraphs[first][1]
            while start > floor and not text[start - 1].isspace():
                start -= 1  # take in an opening quote mark or bracket
        if hi == bounds[last + 1]:
            end = self.body.paragraphs[last][2]
        else:
            end = self._token_spans(last)[hi - 1 - bounds[last]][1]
            ceiling = self.body.paragraphs[last][2]
            while end < ceiling and not text[end].isspace():
                end += 1  # take in closing punctuation and quote marks
        return start, end


def passage_groups(bodies: list[Body], table: NDArray[np.int64],
                   min_words: int, adjacent: Callable[[int], AdjacentTest],
                   threshold: float = 0.8) -> list[PassageGroup]:
    """Occurrences of the same passage across articles, one group each.

    Matching regions are grouped where they are the same text in one article (nearly the
    same span), so a group never joins two different parts of a story through a longer
    occurrence overlapping both. A group whose occurrences do not all match one centre
    (a chain: A like B, B like C, A unlike C) is split around centres. Groups found in the
    same articles, one right after the other in each of them, are then joined into runs.
    """
    found = _shared_spans(bodies, table, min_words, threshold)
    finders: dict[int, SpanFinder] = {}
    out = []
    for spans, lowest in _join_runs(found, adjacent):
        occurrences = []
        for doc, doc_spans_ in spans.items():
            finder = finders.get(doc) or finders.setdefault(doc, SpanFinder(bodies[doc]))
            for lo, hi in doc_spans_:
                start, end = finder.span(lo, hi)
                occurrences.append((doc, start, end, hi - lo))
        out.append(_passage(occurrences, bodies, lowest))
    # The group id settles ties (two groups sharing their first occurrence).
    out.sort(key=lambda g: (g.occurrences[0].seq, g.occurrences[0].start, g.group))
    return out


Spans = dict[int, list[tuple[int, int]]]


def _shared_spans(bodies: list[Body], table: NDArray[np.int64], min_words: int,
                  threshold: float) -> list[tuple[Spans, float]]:
    """Each passage's token spans per article, with the lowest similarity of its matches.

    An occurrence is an (article, first token, end token) range; the runs join pairs of
    them, and so do two ranges of one article that are nearly the same span. Millions of
    them at 200,000 articles: the components are found over numpy arrays.
    """
    size_a, size_b = table[:, A_HI] - table[:, A_LO], table[:, B_HI] - table[:, B_LO]
    long_enough = np.minimum(size_a, size_b) >= min_words
    table = table[long_enough]
    if not len(table):
        return []
    similarity = 2 * table[:, MATCHED] / (size_a + size_b)[long_enough]
    node, doc, lo, hi = _ranges(np.concatenate((table[:, A], table[:, B])),
                                np.concatenate((table[:, A_LO], table[:, B_LO])),
                                np.concatenate((table[:, A_HI], table[:, B_HI])))
    ka, kb = node[: len(table)], node[len(table) :]
    same_a, same_b = same_spans(doc, lo, hi, SAME_SPAN)
    label = connected_components(len(doc), np.concatenate((ka, same_a)),
                                 np.concatenate((kb, same_b)))
    run_label = label[ka]
    lowest = np.ones(len(doc))
    np.minimum.at(lowest, run_label, similarity)
    # Ranges by component, then article and start; touching ranges of one article merged.
    order = np.argsort(label, kind="stable")
    label, doc, lo, hi = label[order], doc[order], lo[order], hi[order]
    new_doc = run_starts(label) | run_starts(doc)
    doc_label = label[new_doc]  # one entry per article of each component
    docs_in = np.diff(np.flatnonzero(run_starts(doc_label)), append=len(doc_label))
    degree = _wide_degrees(distinct(doc_label)[docs_in > 2], run_label, table[:, A],
                           table[:, B])
    starts, merged_hi = merge_sorted_ranges(new_doc, lo, hi)
    label, doc, lo = label[starts], doc[starts], lo[starts]
    found = []
    rows = zip(label.tolist(), doc.tolist(), lo.tolist(), merged_hi.tolist(), strict=True)
    pending = next(rows, None)
    while pending is not None:  # one component at a time
        root = pending[0]
        spans: Spans = {}
        while pending is not None and pending[0] == root:
            spans.setdefault(pending[1], []).append((pending[2], pending[3]))
            pending = next(rows, None)
        if len(spans) < 2:
            continue  # one article repeating itself is not a passage shared across sources
        low = float(lowest[root])
        if len(spans) == 2:
            found.append((spans, low))
        else:
            found += [({d: spans[d] for d in members}, low) for members in
                      _around_centres(bodies, spans, degree[root], threshold)]
    return found


def _ranges(doc: NDArray[np.int64], lo: NDArray[np.int64], hi: NDArray[np.int64],
            ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64],
                       NDArray[np.int64]]:
    """(node of each range, then the distinct ranges' doc, lo, hi sorted by doc, lo, hi)."""
    token_bits = max(1, int(hi.max()).bit_length())
    if int(doc.max()).bit_length() + 2 * token_bits <= 63:
        packed = (doc << (2 * token_bits)) | (lo << token_bits) | hi
        order = np.argsort(packed)
        packed = packed[order]
        first = run_starts(packed)
    else:  # enormous articles: sort the three columns (slower)
        order = np.lexsort((hi, lo, doc))
        first = run_starts(doc[order]) | run_starts(lo[order]) | run_starts(hi[order])
    node = np.empty(len(doc), np.int64)
    node[order] = np.cumsum(first) - 1
    kept = order[first]
    return node, doc[kept], lo[kept], hi[kept]


def _wide_degrees(roots: NDArray[np.int64], run_label: NDArray[np.int64],
                  run_a: NDArray[np.int64], run_b: NDArray[np.int64],
                  ) -> dict[int, dict[int, int]]:
    """For the components ``roots``: how many runs touch each of their articles."""
    wide = member_of(run_label, roots)
    pairs = np.concatenate(((run_label[wide] << 32) | run_a[wide],
                            (run_label[wide] << 32) | run_b[wide]))
    degree: dict[int, dict[int, int]] = {root: {} for root in roots.tolist()}
    if not len(pairs):
        return degree
    pairs.sort()
    keys, counts = run_lengths(pairs)
    for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
        degree[key >> 32][key & 0xFFFFFFFF] = count
    return degree


MAX_CENTRED = 400  # articles in a group checked against centres; a bigger one stays whole


def _around_centres(bodies: list[Body], spans: dict[int, list[tuple[int, int]]],
                    degree: dict[int, int], threshold: float) -> list[list[int]]:
    """The articles of one group, as subgroups that each match a centre occurrence.

    The centre is the best connected occurrence not yet placed; its subgroup is every
    occurrence whose shorter side is mostly (``threshold``) found in the longer. An
    occurrence linking two centres may belong to both subgroups: it shares text with each.
    """
    docs = sorted(spans, key=lambda d: _chronology(bodies[d]))
    if len(docs) > MAX_CENTRED:
        return [docs]
    # One decode for the whole group, sliced per article: tens of thousands of groups.
    pieces = [bodies[d].tokens[lo:hi] for d in docs for lo, hi in spans[d]]
    joined = as_text(np.concatenate(pieces))
    piece_ends = list(accumulate(map(len, pieces)))
    ends = [piece_ends[n - 1] for n in accumulate(len(spans[d]) for d in docs)]
    text = {d: joined[start:end] for d, start, end in zip(docs, [0, *ends], ends, strict=False)}
    # One call per pair: most groups have three or four articles, and a cdist call costs
    # more than the comparisons it makes.
    lcs = LCSseq.similarity
    unplaced = dict.fromkeys(docs)
    out = []
    while unplaced:
        centre = max(unplaced, key=lambda d: (degree.get(d, 0), len(text[d])))
        own = text[centre]
        members = [d for d in docs if d == centre
                   or lcs(own, text[d]) >= threshold * min(len(text[d]), len(own))]
        for d in members:
            unplaced.pop(d, None)
        if len(members) > 1:
            out.append(members)
    return out


def _join_runs(groups: list[tuple[Spans, float]], adjacent: Callable[[int], AdjacentTest],
               ) -> list[tuple[Spans, float]]:
    """Join groups over the same articles that follow each other closely in all of them."""
    by_docs: dict[tuple[int, ...], list[tuple[Spans, float]]] = defaultdict(list)
    out = []
    for spans, lowest in groups:
        if all(len(s) == 1 for s in spans.values()):
            by_docs[tuple(sorted(spans))].append((spans, lowest))
        else:
            out.append((spans, lowest))
    for docs, members in by_docs.items():
        members.sort(key=lambda g: [g[0][d][0] for d in docs])
        current = members[0]
        for nxt in members[1:]:
            if all(adjacent(d)(current[0][d][0][1], nxt[0][d][0][0]) for d in docs):
                current = ({d: [(current[0][d][0][0], nxt[0][d][0][1])] for d in docs},
                           min(current[1], nxt[1]))
            else:
                out.append(current)
                current = nxt
        out.append(current)
    return out


def _passage(found: list[tuple[int, int, int, int]], bodies: list[Body],
             similarity: float) -> PassageGroup:
    found.sort(key=lambda o: (_chronology(bodies[o[0]]), o[1]))
    occurrences = tuple(
        Occurrence(bodies[doc].article_id, bodies[doc].path, bodies[doc].title,
                   bodies[doc].date, bodies[doc].key, start, end,
                   (bodies[doc].text or "")[start:end], words, first=n == 0)
        for n, (doc, start, end, words) in enumerate(found)
    )
    canonical = max(occurrences, key=lambda o: o.words)  # max keeps the earliest of equals
    return PassageGroup(
        group_id("p", [f"{o.id}:{o.start}:{o.end}" for o in occurrences]),
        round(similarity, 4), False, canonical.words, canonical.text, occurrences)


def boilerplate_groups(bodies: list[Body], boilerplate: dict[int, list[tuple[int, int, int]]],
                       ) -> list[PassageGroup]:
    """Flagged paragraphs repeated word for word across articles, grouped by hash."""
    by_hash: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for doc, rows in boilerplate.items():
        for start, end, h in rows:
            by_hash[h].append((doc, start, end))
    out = []
    for occurrences in by_hash.values():
        if len({doc for doc, _s, _e in occurrences}) < 2:
            continue
        found = [(doc, s, e, len(TOKEN.findall(bodies[doc].text or "", s, e)))
                 for doc, s, e in occurrences]
        group = _passage(found, bodies, 1.0)
        out.append(PassageGroup(group.group, 1.0, True, group.words, group.text,
                                group.occurrences))
    out.sort(key=lambda g: (g.occurrences[0].seq, g.occurrences[0].start))
    return out
