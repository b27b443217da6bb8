"""Passage groups: the same run of text found in two or more articles.

From the verified runs between article pairs (a run table): the occurrences of each
passage are gathered into one group (connected components over numpy arrays: millions of
ranges at 200,000 articles), split where they do not all match one centre, joined where
they run on in every article, and given their exact character spans in the stored text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.arrays import distinct, member_of, run_lengths, run_starts
from corpus_cli.clusters import connected_components, merge_sorted_ranges, same_spans
from corpus_cli.dedupe.corpus import group_order, listed_order, reading_order
from corpus_cli.dedupe.runs import AdjacentTest, adjacency, column, sizes
from corpus_cli.digest import group_id
from corpus_cli.index.tokens import TOKEN, as_text
from corpus_cli.lcs import common_length
from corpus_cli.models import Occurrence, PassageGroup
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Flagged

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from corpus_cli.index.bodies import Body


class SpanFinder:
    """Character spans of body-token ranges, tokenising only the paragraphs asked about."""

    def __init__(self, body: Body) -> None:
        assert body.text is not None
        self.body = body
        self.text: str = body.text
        # Read once: a table's body makes them on every read.
        self.paragraphs = body.paragraphs
        self.bounds = body.bounds
        self._tokens: dict[int, list[tuple[int, int]]] = {}

    def _token_spans(self, pos: int) -> list[tuple[int, int]]:
        spans = self._tokens.get(pos)
        if spans is None:
            par = self.paragraphs[pos]
            spans = self._tokens[pos] = [m.span() for m in TOKEN.finditer(self.text, par.start,
                                                                            par.end)]
        return spans

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        bounds = self.bounds
        first = bisect_right(bounds, lo) - 1
        last = bisect_right(bounds, hi - 1) - 1
        text = self.text
        if lo == bounds[first]:
            start = self.paragraphs[first].start
        else:
            start = self._token_spans(first)[lo - bounds[first]][0]
            floor = self.paragraphs[first].start
            while start > floor and not text[start - 1].isspace():
                start -= 1  # take in an opening quote mark or bracket
        if hi == bounds[last + 1]:
            end = self.paragraphs[last].end
        else:
            end = self._token_spans(last)[hi - 1 - bounds[last]][1]
            ceiling = self.paragraphs[last].end
            while end < ceiling and not text[end].isspace():
                end += 1  # take in closing punctuation and quote marks
        return start, end


TEXT_CHUNK = 2048  # articles whose texts are fetched (and cut into occurrences) at a time


def passage_groups(bodies: Sequence[Body], table: NDArray[np.void],
                   settings: DedupeSettings, *, keep_texts: bool = True,
                   fetch: Callable[[list[int]], None] | None = None) -> list[PassageGroup]:
    """Occurrences of the same passage across articles, one group each.

    Matching regions are grouped where they are the same text in one article (nearly the
    same span), so a group never joins two different parts of a story through a longer
    occurrence overlapping both. A group whose occurrences do not all match one centre
    (a chain: A like B, B like C, A unlike C) is split around centres. Groups found in the
    same articles, one right after the other in each of them (nothing but ``gap`` words
    between, no boilerplate), are then joined into runs. The bodies the table names need
    their texts: ``fetch`` (``Corpus.need_texts``) gives them, ``TEXT_CHUNK`` articles at a
    time, and without ``keep_texts`` a stored body gives its text up once its occurrences
    are cut from it (the caller can fetch it again): at a million articles, the texts of
    every article in a passage at once were two gigabytes.
    """
    groups = join_runs(shared_spans(bodies, table, settings), adjacency(bodies, settings.gap))
    # Article by article, so one article's token spans are in memory at a time (at 200,000
    # articles, all of them at once were a tenth of the pass's peak).
    wanted: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for n, (spans, _lowest) in enumerate(groups):
        for doc, doc_spans in spans.items():
            wanted[doc] += [(n, lo, hi) for lo, hi in doc_spans]
    located: list[list[Located]] = [[] for _ in groups]
    docs = sorted(wanted)
    # Copies of a passage are mostly the same words: one string for each wording.
    wordings: dict[str, str] = {}
    for at in range(0, len(docs), TEXT_CHUNK):
        chunk = docs[at : at + TEXT_CHUNK]
        if fetch is not None:
            fetch(chunk)
        for doc in chunk:
            finder = SpanFinder(bodies[doc])
            for n, lo, hi in wanted[doc]:
                start, end = finder.span(lo, hi)
                text = finder.text[start:end]
                located[n].append((doc, start, end, hi - lo, wordings.setdefault(text, text)))
            if not keep_texts and finder.body.key >= 0:
                bodies[doc].text = None
    del wanted, docs, wordings
    out = []
    for occurrences, (spans, lowest) in zip(located, groups, strict=True):
        out.append(make_passage(occurrences, bodies, lowest))
        occurrences.clear()  # what is made is let go of as it goes: millions of them
        spans.clear()
    # The group id settles ties (two groups sharing their first occurrence).
    out.sort(key=lambda g: (listed_order(g.occurrences[0]), g.occurrences[0].start, g.group))
    return out


Spans = dict[int, list[tuple[int, int]]]


def shared_spans(bodies: Sequence[Body], table: NDArray[np.void], settings: DedupeSettings,
                  ) -> list[tuple[Spans, float]]:
    """Each passage's token spans per article, with the lowest similarity of its matches.

    An occurrence is an (article, first token, end token) range; the runs join pairs of
    them, and so do two ranges of one article that are nearly the same span. Millions of
    them at 200,000 articles: the components are found over numpy arrays.
    """
    size_a, size_b = sizes(table)
    long_enough = np.minimum(size_a, size_b) >= settings.min_words
    table = table[long_enough]
    if not len(table):
        return []
    similarity = 2 * column(table, "matched") / (size_a + size_b)[long_enough]
    node, doc, lo, hi = _ranges(*(np.concatenate((column(table, f"a{end}"),
                                                  column(table, f"b{end}")))
                                  for end in ("", "_lo", "_hi")))
    ka, kb = node[: len(table)], node[len(table) :]
    same_a, same_b = same_spans(doc, lo, hi, settings.same_span)
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
    degree = _wide_degrees(distinct(doc_label)[docs_in > 2], run_label, column(table, "a"),
                           column(table, "b"))
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
                      _around_centres(bodies, spans, degree[root], settings)]
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


def _around_centres(bodies: Sequence[Body], spans: dict[int, list[tuple[int, int]]],
                    degree: dict[int, int], settings: DedupeSettings) -> list[list[int]]:
    """The articles of one group, as subgroups that each match a centre occurrence.

    The centre is the best connected occurrence not yet placed; its subgroup is every
    occurrence whose shorter side is mostly (``passage_threshold``) found in the longer. An
    occurrence linking two centres may belong to both subgroups: it shares text with each.
    """
    docs = sorted(spans, key=lambda d: reading_order(bodies[d]))
    if len(docs) > settings.max_centred:
        return [docs]
    # One decode for the whole group, sliced per article: tens of thousands of groups.
    pieces = [bodies[d].tokens[lo:hi] for d in docs for lo, hi in spans[d]]
    joined = as_text(np.concatenate(pieces))
    piece_ends = list(accumulate(map(len, pieces)))
    ends = [piece_ends[n - 1] for n in accumulate(len(spans[d]) for d in docs)]
    text = {d: joined[start:end] for d, start, end in zip(docs, [0, *ends], ends, strict=False)}
    # One call per pair: most groups have three or four articles, and a cdist call costs
    # more than the comparisons it makes.
    lcs = common_length  # rapidfuzz's, at a bounded cost on very long passages
    threshold = settings.passage_threshold
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


def join_runs(groups: list[tuple[Spans, float]], adjacent: Callable[[int], AdjacentTest],
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


Located = tuple[int, int, int, int, str]  # an occurrence: (body, start, end, words, text)


def make_passage(found: list[Located], bodies: Sequence[Body], similarity: float) -> PassageGroup:
    found.sort(key=lambda o: (reading_order(bodies[o[0]]), o[1]))
    first = group_order(bodies[o[0]] for o in found)  # by date when all have one
    earliest = min(range(len(found)), key=lambda n: (first(bodies[found[n][0]]),
                                                     found[n][1]))
    occurrences = tuple(
        Occurrence(body.article_id, body.path, body.title, body.date, body.key, start, end,
                   text, words, first=n == earliest)
        for n, (doc, start, end, words, text) in enumerate(found) for body in [bodies[doc]]
    )
    canonical = max(occurrences, key=lambda o: o.words)  # max keeps the first of equals
    return PassageGroup(
        group_id("p", [f"{o.id}:{o.start}:{o.end}" for o in occurrences]),
        round(similarity, 4), False, canonical.words, canonical.text, occurrences)


def boilerplate_groups(bodies: Sequence[Body], boilerplate: Mapping[int, list[Flagged]],
                       ) -> list[PassageGroup]:
    """Flagged paragraphs repeated word for word across articles, grouped by hash."""
    by_hash: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for doc, flagged in boilerplate.items():
        for f in flagged:
            by_hash[f.hash].append((doc, f.start, f.end))
    out = []
    for occurrences in by_hash.values():
        if len({doc for doc, _s, _e in occurrences}) < 2:
            continue
        found = [(doc, s, e, len(TOKEN.findall(text, s, e)), text[s:e])
                 for doc, s, e in occurrences for text in [bodies[doc].text or ""]]
        group = make_passage(found, bodies, 1.0)
        out.append(PassageGroup(group.group, 1.0, True, group.words, group.text,
                                group.occurrences))
    out.sort(key=lambda g: (listed_order(g.occurrences[0]), g.occurrences[0].start, g.group))
    return out
