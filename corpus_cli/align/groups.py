"""From verified runs between article pairs to duplicate groups and passage groups."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from hashlib import blake2b

from corpus_cli.align.cluster import UnionFind, merge_spans, overlapping
from corpus_cli.align.passages import AdjacentTest, Run
from corpus_cli.index.fingerprints import Body
from corpus_cli.index.tokens import TOKEN
from corpus_cli.models import DuplicateGroup, Member, Occurrence, PassageGroup

# Two occurrences in one article are the same passage when they overlap by this much of
# the longer: nearly the same span, not merely a sentence of a longer run.
SAME_SPAN = 0.8
# A near duplicate also covers this much of the longer article: a short article mostly
# reused inside a longer story stitched from several is a shared passage, not a copy.
MIN_LONGER_SHARE = 0.6


def group_id(prefix: str, keys: list[str]) -> str:
    """A stable id from sorted member keys: the same members, the same id, in any order."""
    digest = blake2b("\n".join(sorted(keys)).encode(), digest_size=6).hexdigest()
    return prefix + digest


def _chronology(body: Body) -> tuple[bool, str, int]:
    # Dated articles first, by date; then ingest order. Articles being checked (negative
    # keys) are newest of all.
    return (body.date is None, body.date or "", body.key if body.key >= 0 else 1 << 62)


def _shared_fraction(body: Body, spans: list[tuple[int, int]]) -> float:
    if not body.words:
        return 0.0
    return sum(hi - lo for lo, hi in merge_spans(spans)) / body.words


def _paragraph_order(body: Body, flagged: list[tuple[int, int, int]]) -> list[int]:
    """Hashes of all the article's paragraphs, boilerplate included, in text order."""
    return [h for _s, h in sorted([(p[1], p[3]) for p in body.paragraphs]
                                  + [(s, h) for s, _e, h in flagged])]


def _same_order(a: list[int], b: list[int]) -> bool:
    """Do the paragraphs two articles have in common come in the same order in both?"""
    in_a, in_b = set(a), set(b)
    return [h for h in a if h in in_b] == [h for h in b if h in in_a]


def exact_classes(bodies: list[Body], flagged: dict[int, list[tuple[int, int, int]]],
                  ) -> list[list[int]]:
    """Bodies with the same headline and body paragraphs, in the same order.

    Boilerplate is left out of the comparison, but not the order of what both articles
    carry: a story paragraph that the frequency rule took for furniture (it recurs in a
    site's follow-ups) must not make a reordered copy look exact.
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
        orders: list[tuple[list[int], list[int]]] = []  # (order of the first, members)
        for i in sorted(members, key=lambda i: _chronology(bodies[i])):
            order = _paragraph_order(bodies[i], flagged.get(i, []))
            home = next((m for first, m in orders if _same_order(first, order)), None)
            if home is None:
                orders.append((order, [i]))
            else:
                home.append(i)
        out += [sorted(m) for _first, m in orders]
    return out


def duplicate_groups(bodies: list[Body], runs: dict[tuple[int, int], list[Run]],
                     threshold: float, flagged: dict[int, list[tuple[int, int, int]]] | None = None,
                     ) -> list[DuplicateGroup]:
    """Exact groups (same body text) and near groups (shorter mostly found in the longer).

    ``flagged`` holds each body's boilerplate paragraphs (start, end, hash), by position.
    """
    exact = {members[0]: members for members in exact_classes(bodies, flagged or {})}
    classes = {i: first for first, members in exact.items() for i in members}
    near: UnionFind[int] = UnionFind()
    edges: list[tuple[int, float]] = []
    for (a, b), pair_runs in runs.items():
        shorter = min(bodies[a].words, bodies[b].words)
        if not shorter:
            continue
        matched = min(sum(r.matched for r in pair_runs), shorter)
        similarity = matched / shorter
        longer = max(bodies[a].words, bodies[b].words)
        ca, cb = classes[a], classes[b]
        if similarity >= threshold and matched >= MIN_LONGER_SHARE * longer and ca != cb:
            near.union(ca, cb)
            edges.append((ca, similarity))
    out = [_group("exact", members, bodies, {}, 1.0)
           for members in exact.values() if len(members) > 1]
    lowest: dict[int, float] = {}
    for node, similarity in edges:
        top = near.find(node)
        lowest[top] = min(lowest.get(top, 1.0), similarity)
    spans: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for (a, b), pair_runs in runs.items():
        if classes.get(a) not in near.parent or classes.get(b) not in near.parent:
            continue
        ca, cb = classes[a], classes[b]
        root = near.find(ca)
        if root != near.find(cb):
            continue
        for r in pair_runs:
            spans[root][a].append((r.a_lo, r.a_hi))
            spans[root][b].append((r.b_lo, r.b_hi))
    for component in near.groups():
        if len(component) < 2:
            continue
        root = near.find(component[0])
        members = sorted(i for c in component for i in exact[c])
        out.append(_group("near", members, bodies, spans[root], lowest[root]))
    out.sort(key=lambda g: (g.members[0].seq, g.kind))
    return out


def _group(kind: str, members: list[int], bodies: list[Body],
           spans: dict[int, list[tuple[int, int]]], similarity: float) -> DuplicateGroup:
    if kind == "exact":
        spans = {i: [(0, bodies[i].words)] for i in members}
    ordered = sorted(members, key=lambda i: _chronology(bodies[i]))
    listed = tuple(
        Member(bodies[i].article_id, bodies[i].path, bodies[i].title, bodies[i].date,
               bodies[i].key, round(_shared_fraction(bodies[i], spans.get(i, [])), 4),
               first=n == 0)
        for n, i in enumerate(ordered)
    )
    return DuplicateGroup(group_id("d", [f"{kind}:{m.id}" for m in listed]), kind,
                          round(similarity, 4), listed)


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


def passage_groups(bodies: list[Body], runs: dict[tuple[int, int], list[Run]],
                   min_words: int, adjacent: Callable[[int], AdjacentTest],
                   ) -> list[PassageGroup]:
    """Occurrences of the same passage across articles, one group each.

    Matching regions are grouped where they are the same text in one article (nearly the
    same span), so a group never joins two different parts of a story through a longer
    occurrence overlapping both. Groups found in the same articles, one right after the
    other in each of them, are then joined into runs.
    """
    uf: UnionFind[tuple[int, int, int]] = UnionFind()
    similarity: dict[tuple[int, int, int], float] = {}
    per_doc: dict[int, list[tuple[int, int, tuple[int, int, int]]]] = defaultdict(list)
    for pair_runs in runs.values():
        for r in pair_runs:
            if min(r.a_hi - r.a_lo, r.b_hi - r.b_lo) < min_words:
                continue
            ka, kb = (r.a, r.a_lo, r.a_hi), (r.b, r.b_lo, r.b_hi)
            uf.union(ka, kb)
            per_doc[r.a].append((r.a_lo, r.a_hi, ka))
            per_doc[r.b].append((r.b_lo, r.b_hi, kb))
            for key in (ka, kb):
                similarity[key] = min(similarity.get(key, 1.0), r.similarity)
    for doc_runs in per_doc.values():
        for x, y in overlapping(doc_runs, SAME_SPAN):
            uf.union(x, y)
    found = []
    for component in uf.groups():
        doc_spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for doc, lo, hi in component:
            doc_spans[doc].append((lo, hi))
        if len(doc_spans) < 2:
            continue  # one article repeating itself is not a passage shared across sources
        spans = {doc: merge_spans(s) for doc, s in doc_spans.items()}
        found.append((spans, min(similarity[k] for k in component)))
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
    out.sort(key=lambda g: (g.occurrences[0].seq, g.occurrences[0].start))
    return out


Spans = dict[int, list[tuple[int, int]]]


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
        members.sort(key=lambda g: g[0][docs[0]][0])
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
