"""``corpus dedupe --check``: new articles, not stored, against the stored corpus.

The store's index finds the stored articles worth verifying against each new one (most
shared fingerprints first); only those are loaded, so a check costs the same whatever
the size of the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from corpus_cli.dedupe import indexing
from corpus_cli.dedupe.candidates import stored_candidates
from corpus_cli.dedupe.compare import find
from corpus_cli.dedupe.corpus import Corpus, fingerprint, load
from corpus_cli.dedupe.load import boilerplate_hashes, store_furniture
from corpus_cli.errors import StoreError, Verdict
from corpus_cli.index.tokens import TOKEN
from corpus_cli.ingest.parse import read_new
from corpus_cli.ingest.run import store_articles
from corpus_cli.models import Article, DedupeResult, Occurrence, PassageGroup, Region
from corpus_cli.settings import CheckRule, DedupeSettings, IngestSettings
from corpus_cli.store import BodyParagraph, CurrentText, Flagged, Store
from corpus_cli.text.position import LineIndex
from corpus_cli.workers import no_cycle_collection


@dataclass(frozen=True, slots=True)
class CopyFinding:
    """A new article that copies a stored one (``duplicate``), or a passage of it found in
    the stored corpus (``passage``, with ``--fail-on passage``): where in the new article,
    which stored article, how sure and why."""

    kind: str  # duplicate or passage
    id: str
    path: str
    region: Region  # the copied text in the new article: its body, or the passage
    text: str
    group: str  # the duplicate or passage group it was found in
    stored_id: str
    stored_path: str
    stored_span: tuple[int, int] | None  # the passage in the stored article's text
    stored_text: str | None
    confidence: float  # the group's similarity
    reason: str


class CopyCheck(NamedTuple):
    result: DedupeResult  # the groups holding a new article and a stored one
    articles: int  # new articles read
    findings: list[CopyFinding]


def check_copies(store_path: Path, paths: Sequence[str], settings: DedupeSettings | None = None,
                 rule: CheckRule | None = None, level: str = "all", ingest: bool = False,
                 verdict: Verdict | None = None) -> tuple[CopyCheck, Verdict]:
    """``corpus dedupe --check``: the articles ``paths`` hold, compared with the stored
    corpus without storing them (unless ``ingest``); a finding for each copy that ``rule``
    fails. An unreadable input is an error in the verdict; the others are checked."""
    verdict = verdict or Verdict()
    settings = settings or DedupeSettings()
    with Store(store_path, create=False) as store:
        articles = read_new(paths, IngestSettings(), store.root, verdict)
        store.refresh_if_stale(settings.boilerplate)
        if store.is_empty():
            raise StoreError(f"{store_path} holds no article to check against")
        result = check_articles(store, articles, settings, level)
        found = findings(result, articles, rule or CheckRule())
        for f in found:
            verdict.finding(f"{f.path}: {f.reason}")
        if ingest:
            store_articles(store, articles)
            indexing.update(store, settings)
    return CopyCheck(result, len(articles), found), verdict


def findings(result: DedupeResult, articles: Sequence[Article], rule: CheckRule,
             ) -> list[CopyFinding]:
    """The copies in the checked ``articles`` that fail ``rule``, in article order: each
    duplicate of a stored article, and with ``fail_on="passage"`` each shared passage of
    an article whose shared share exceeds ``max_shared`` (any, without it)."""
    by_id = {a.id: a for a in articles}
    lines = {a.id: LineIndex(a.document.text) for a in articles}
    out: list[CopyFinding] = []
    for g in result.duplicates:
        stored = next((o for o in g.members if o.seq >= 0), None)
        if stored is None:
            continue
        for m in g.members:
            article = by_id.get(m.id)
            if m.seq >= 0 or article is None:
                continue
            start, end = _body_span(article)
            how = ("the same headline and text" if g.kind == "exact" else
                   f"{m.shared:.0%} of its words are found there")
            out.append(CopyFinding(
                "duplicate", m.id, article.document.name,
                lines[m.id].region(start, end, article.document.format),
                article.text[start:end], g.group, stored.id, stored.path, None, None,
                1.0 if g.kind == "exact" else g.similarity,
                f"{g.kind} duplicate of {stored.path}: {how}"))
    if rule.fail_on == "passage":
        # A copy's shared passages are its body again: its duplicate finding says it all.
        copies = {f.id for f in out}
        out += [f for f in _passage_findings(result, by_id, lines, rule) if f.id not in copies]
    out.sort(key=lambda f: (f.path, f.region.start, f.kind))
    return out


def _passage_findings(result: DedupeResult, by_id: dict[str, Article],
                      lines: dict[str, LineIndex], rule: CheckRule) -> list[CopyFinding]:
    shared: dict[str, list[tuple[PassageGroup, Occurrence]]] = {}
    for p in result.passages:
        if p.boilerplate or not any(o.seq >= 0 for o in p.occurrences):
            continue
        for o in p.occurrences:
            if o.seq < 0 and o.id in by_id:
                shared.setdefault(o.id, []).append((p, o))
    out = []
    for article_id, hits in shared.items():
        article = by_id[article_id]
        share = min(1.0, sum(o.words for _p, o in hits) / max(_words(article), 1))
        if rule.max_shared is not None and share <= rule.max_shared:
            continue
        cover = ("" if rule.max_shared is None else
                 f"; shared passages cover {share:.0%} of its words (limit "
                 f"{rule.max_shared:.0%})")
        for p, o in hits:
            # A checked article that is stored already is not "another" stored article.
            stored = [s for s in p.occurrences if s.seq >= 0 and s.id != article_id] or \
                [s for s in p.occurrences if s.seq >= 0]
            others = len({s.id for s in stored}) - 1
            also = f" and {others} other stored article{'s' if others > 1 else ''}" \
                if others else ""
            first = stored[0]
            out.append(CopyFinding(
                "passage", article_id, article.document.name,
                lines[article_id].region(o.start, o.end, article.document.format), o.text,
                p.group, first.id, first.path, (first.start, first.end), first.text,
                p.similarity, f"shares a {o.words}-word passage with {first.path}{also}{cover}"))
    return out


def _body_span(article: Article) -> tuple[int, int]:
    """The article's story text: from its first story paragraph to its last (all its
    paragraphs when every one is boilerplate; the whole text when it has none)."""
    story = [p for p in article.paragraphs if not p.boilerplate] or list(article.paragraphs)
    if not story:
        return 0, len(article.text)
    return story[0].start, story[-1].end


def _words(article: Article) -> int:
    """Words of an article's story text (boilerplate aside)."""
    text = article.document.text
    return sum(len(TOKEN.findall(text, p.start, p.end)) for p in article.paragraphs
               if not p.boilerplate)


def check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                   level: str = "all") -> DedupeResult:
    """Compare new articles (not stored) with the stored corpus through its index."""
    with no_cycle_collection():
        return _check_articles(store, articles, settings, level)


def _check_articles(store: Store, articles: list[Article], settings: DedupeSettings,
                    level: str) -> DedupeResult:
    policy = settings.boilerplate
    corpus = Corpus(fetch_texts=store.texts_of, furniture=store_furniture(store, policy))
    candidates: set[int] = set()
    # Every article stored before the check began is in the index read here, whatever
    # other processes ingest, rebuild or top up meanwhile.
    with indexing.current_index(store, settings) as index:
        corpus.extend([_as_row(store, a, settings) for a in articles],
                      keys=range(-1, -len(articles) - 1, -1))
        hashes, keys = fingerprint(corpus, settings.fingerprints).per_body(
            corpus.bodies.keys())
        for body in corpus.bodies:
            candidates |= stored_candidates(index, body, hashes[keys == body.key], settings)
    new_docs = len(corpus.bodies)
    seqs = sorted(candidates)
    # Only these articles' paragraphs are asked about: the whole store's flagged
    # paragraphs would cost a check more than the rest of it.
    boilerplate = boilerplate_hashes(store, policy, store.paragraph_hashes(seqs))
    load(store.current_texts(seqs, boilerplate=boilerplate), corpus)
    return find(corpus, settings, level, new_docs=new_docs)


def _as_row(store: Store, article: Article, settings: DedupeSettings) -> CurrentText:
    """A new article as the store would hold it, with the store's frequency flags."""
    flagged = boilerplate_hashes(store, settings.boilerplate,
                                 [p.hash for p in article.paragraphs])
    doc = article.document
    body, aside = [], []
    for p in article.paragraphs:
        if p.boilerplate or p.hash in flagged:
            aside.append(Flagged(p.start, p.end, p.hash))
        else:
            body.append(BodyParagraph(p.index, p.start, p.end, p.hash))
    return CurrentText(-1, article.id, doc.name, article.title, doc.date, doc.text, body, aside)
