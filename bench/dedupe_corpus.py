"""A labelled corpus for ``corpus dedupe``: real news articles, synthetic ones, and copies.

Writes ``DIR/articles/<site>/<name>.txt`` (headline on line 1, a blank line, paragraphs
separated by blank lines), ``DIR/truth.jsonl`` (one object per article, see below) and
``DIR/meta.json`` (parameters, counts per kind, the base articles that are near-duplicates
of each other in the data set itself). Deterministic for (``--size``, ``--seed``,
``--sites``, ``--base``, data set); a folder that already holds a complete corpus for the
same parameters is left as it is.

Bases (``--base``): ``bbc``, the 2,225 BBC News articles (``../shared/data/bbc-news/bbc``),
or ``polnear``, the 924 US political articles of PolNeAR's train and dev splits
(``../shared/data/polnear-dev/*/text``; seven publishers, wire stories among them). The
synthetic text is trained on the base, so the two corpora differ in wording, length and
shape as the two newswires do; develop on one, report both.

Composition for ``--size N`` (``--derived`` share D, default 0.25):

- ``original``: every base article, spread over the sites at random; also the synthetic
  articles that have copies (``"synthetic": true``);
- ``background``: synthetic articles without copies, filling N - D*N - base slots. Their
  text comes from a seeded word-bigram Markov model trained on the base bodies. A synthetic
  article is shaped like a random base article (same number and word counts of
  paragraphs), or is a short wire story of 3 to 10 paragraphs (35 %), or a company results
  table (6 %: one short line a figure, "Shr eight cts vs six cts", "Net 22.5 mln vs 18.1
  mln"; a few tables per company, the same labels with other figures). They share no
  passage with anything (except, rarely, a short common phrase the model reproduced);
- D*N derived articles, each made from one original (stitches from several):
  ``exact`` (byte copy, same or other site), ``boilerplate`` (same headline and body on
  another site, with that site's furniture), ``edit`` at 1, 2, 5, 10 and 20 % word edits
  (half of the edited words, where there are enough, are ones an editor changes for another
  of the same meaning or numbers changed to others; the rest substitutions 50 %, insertions
  25 %, deletions 25 %; plus quote-mark and punctuation changes that leave the words alone,
  and in 30 % of edited copies two neighbouring sentences of one paragraph swapped), ``reorder``
  (body paragraphs shuffled), ``drop`` (20-50 % of the body paragraphs dropped; a quarter
  each with 0, 2, 5 and 10 % word edits besides, labelled ``drop + edit N%``), ``stitch``
  (1-3 paragraphs from each of 2-4 originals, at most half of each source's words and at
  most 60 % of the borrowed words from one source, so a stitch duplicates none of them;
  each paragraph with 0-10 % word edits, 70 % of them edited; shuffled, plus 0-2 synthetic
  paragraphs of its own, under a synthetic headline). The second file of each
  byte-identical BBC pair is written to the first's site with the same furniture: the pair
  stays byte-identical. Real originals get at most 3 copies, synthetic ones 1-3; stitches
  take a few more paragraphs from them, so every original has a handful of copies at most
  and the cost of comparing stays linear.

Sites (``--sites``, default 32) each print two kinds of furniture. Boilerplate paragraphs,
2-4 per site, on most of its articles as a header and a footer: common ones ("Sign up to
our daily newsletter ...", "Share this article", "Advertisement") and site-specific prose
("The Northern Courier is an independent newspaper ... All rights reserved.") that only
per-source frequency can flag; at most one per two body paragraphs, so they stay a
minority of an article. And wire furniture in the site's own shape with this printing's
values, which no frequency rule can find: a header line ("The Daily Gazette | Economy |
Published 11 September 2005 | By Peter Roberts, culture correspondent", "By PETER ROBERTS,
staff writer", "Posted on Sep. 11, 2005 by ..."; one of eight shapes, five date formats),
a byline line, a section label ("Business", "World > Europe"), a copyright line ("© 2005
The Daily Gazette. All rights reserved.", "(c) 2005 ..."), a credit line ("(Reporting by
...; Editing by ...)", "Reuters contributed to this report."), and on wire sites a
dateline opening the first paragraph ("LONDON, Sep 11 (Reuters) - "; its words count as
that paragraph's edits against other printings).

``truth.jsonl``: ``{"path": "<site>/<name>.txt", "kind", "of": <original's path for
exact, boilerplate, edit, reorder, drop and for the second file of a byte-identical BBC
pair; else null>, "edit_rate": <nominal rate for edit and drop, else null>, "site",
"synthetic", "bbc": <data set file of a real original, else null>, "sources": [<originals
of a stitch>], "title": {"start", "end", "origin"}, "paragraphs": [{"start", "end",
"origin", "edit_rate", "boilerplate", "words"}]}``. Offsets are Python str offsets into the
file's text; ``words`` counts ``\\w+`` runs. ``origin`` names where a paragraph's text comes
from: ``<base file>#<i>`` (i = body paragraph index; the second file of each
byte-identical pair and any paragraph whose text appears earlier in the data set use the
first one's id), ``syn:<path>#<i>`` for synthetic text (copies keep it), ``bp:...`` for
furniture. Headlines have origins ``...#t`` and are not paragraphs.

Run:  python bench/dedupe_corpus.py --out DIR --size N [--seed 1] [--sites 32]
      [--derived 0.25] [--base bbc|polnear] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 4
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("CORPUS_BBC_DATA",
                                   REPO_ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"))
POLNEAR_DATA = REPO_ROOT.parent / "shared" / "data" / "polnear-dev"
EDIT_RATES = (0.01, 0.02, 0.05, 0.10, 0.20)
DROP_EDIT_RATES = (0.0, 0.02, 0.05, 0.10)  # drop copies, some also edited
# Share of the derived articles per kind; edit is split evenly over EDIT_RATES, drop over
# DROP_EDIT_RATES.
KIND_SHARES = (("stitch", 0.14), ("exact", 0.08), ("boilerplate", 0.08), ("reorder", 0.08),
               ("drop", 0.16), ("edit", 0.46))
MAX_REAL_COPIES = 3
SHORT_SHARE = 0.35  # synthetic originals that are short wire stories of 3 to 10 paragraphs
TABLE_SHARE = 0.06  # synthetic articles that are company results tables, one line a figure
WORD = re.compile(r"\w+")
_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = ".!?\"'”’)"


# -- the data set ------------------------------------------------------------------------


@dataclass
class Body:
    """A headline and body paragraphs, with where each piece of text comes from."""

    title: str
    title_origin: str
    paras: list[str]
    origins: list[str]


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # one file of the set is Windows-1252 (a "£")
        return data.decode("cp1252", errors="replace")


def exact_pairs(data: Path) -> dict[str, str]:
    """Second file -> first file of each byte-identical pair in the data set's list."""
    listing = data.parent / "exact_duplicate_groups.tsv"
    twins: dict[str, str] = {}
    if not listing.is_file():
        return twins
    for line in listing.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 2:
            files = parts[1].split()
            for other in files[1:]:
                twins[other] = files[0]
    return twins


def load_bbc(data: Path) -> tuple[dict[str, Body], dict[str, str]]:
    """The data set's articles by ``<category>/<file>``, with canonical paragraph origins."""
    twins = exact_pairs(data)
    files = sorted(f"{p.parent.name}/{p.name}" for p in data.glob("*/*.txt"))
    bodies: dict[str, Body] = {}
    seen: dict[str, str] = {}  # paragraph text (whitespace collapsed) -> first origin
    for name in sorted(files, key=lambda f: (f in twins, f)):  # first files of pairs first
        text = read_text(data / name).replace("\r\n", "\n").strip()
        title, _, rest = text.partition("\n")
        paras = [" ".join(p.split()) for p in _BREAK.split(rest.strip()) if p.strip()]
        if name in twins:
            first = bodies[twins[name]]
            bodies[name] = Body(" ".join(title.split()), first.title_origin, paras,
                                list(first.origins))
            continue
        origins = []
        for i, para in enumerate(paras):
            origins.append(seen.setdefault(para, f"{name}#{i}"))
        bodies[name] = Body(" ".join(title.split()), f"{name}#t", paras, origins)
    return bodies, twins


def load_polnear(data: Path) -> tuple[dict[str, Body], dict[str, str]]:
    """PolNeAR's article texts (``train`` and ``dev``; headline on line 1, blank-line
    paragraphs, as the BBC set) by ``<split>/<file>``. It lists no byte-identical pairs."""
    bodies: dict[str, Body] = {}
    seen: dict[str, str] = {}
    for path in sorted(data.glob("*/text/*.txt")):
        name = f"{path.parent.parent.name}/{path.name}"
        text = read_text(path).replace("\r\n", "\n").strip()
        title, _, rest = text.partition("\n")
        paras = [" ".join(p.split()) for p in _BREAK.split(rest.strip()) if p.strip()]
        if not paras:
            continue
        origins = [seen.setdefault(para, f"{name}#{i}") for i, para in enumerate(paras)]
        bodies[name] = Body(" ".join(title.split()), f"{name}#t", paras, origins)
    return bodies, {}


def load_base(base: str, data: Path) -> tuple[dict[str, Body], dict[str, str]]:
    return load_polnear(data) if base == "polnear" else load_bbc(data)


def natural_pairs(bodies: dict[str, Body], min_jaccard: float = 0.2,
                  min_containment: float = 0.5) -> list[tuple[str, str, float, float]]:
    """Pairs of different data-set articles that already share much of their text.

    Exhaustive over all pairs sharing a 5-word shingle (an inverted index), so the list is
    exact for the thresholds: Jaccard of the bodies' shingle sets >= ``min_jaccard`` or the
    smaller body's containment >= ``min_containment``. The data set has unlabelled
    same-story rewrites; a dedupe tool grouping them is not wrong, and the evaluator
    leaves such pairs out of article precision.
    """
    shingles: dict[str, set[int]] = {}
    for name, body in bodies.items():
        words = WORD.findall(" ".join(body.paras).lower())
        shingles[name] = {hash(tuple(words[i:i + 5])) for i in range(len(words) - 4)}
    postings: dict[int, list[str]] = defaultdict(list)
    for name, shs in shingles.items():
        for h in shs:
            postings[h].append(name)
    shared: Counter[tuple[str, str]] = Counter()
    for names in postings.values():
        if 1 < len(names) <= 50:  # a 5-gram in more than 50 articles is a stock phrase
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    shared[(a, b) if a < b else (b, a)] += 1
    pairs = []
    for (a, b), n in shared.items():
        sa, sb = len(shingles[a]), len(shingles[b])
        jaccard = n / (sa + sb - n)
        containment = n / max(1, min(sa, sb))
        if jaccard >= min_jaccard or containment >= min_containment:
            pairs.append((a, b, round(jaccard, 3), round(containment, 3)))
    return sorted(pairs)


# -- synthetic text --------------------------------------------------------------------------


class WordStream:
    """Words from a seeded word-bigram Markov model of the BBC bodies.

    Many chains run in parallel in numpy and their outputs are read one after the other,
    so a long stream costs a few vectorised steps rather than a Python call per word.
    """

    CHAINS = 2048
    STEPS = 1024

    def __init__(self, bodies: dict[str, Body], seed: int) -> None:
        import numpy as np

        self.np = np
        vocab: dict[str, int] = {}
        prev: list[int] = []
        nxt: list[int] = []
        starts: list[int] = []
        for name in sorted(bodies):
            for para in bodies[name].paras:
                ids = [vocab.setdefault(w, len(vocab)) for w in para.split()]
                if ids:
                    starts.append(ids[0])
                prev.extend(ids[:-1])
                nxt.extend(ids[1:])
        self.words = np.array(list(vocab), dtype=object)
        p = np.array(prev, dtype=np.int64)
        order = np.argsort(p, kind="stable")
        self.succ = np.array(nxt, dtype=np.int64)[order]
        self.offset = np.searchsorted(p[order], np.arange(len(vocab) + 1)).astype(np.int64)
        self.count = np.diff(self.offset)
        # distinct successors per word: a run of words with only one possible successor
        # copies a data-set sentence word for word (or loops: "HEAD TO HEAD TO ...")
        pairs = np.unique(p[order] * (len(vocab) + 1) + self.succ)
        self.distinct = np.bincount(pairs // (len(vocab) + 1), minlength=len(vocab))
        self.starts = np.array(starts, dtype=np.int64)
        self.rng = np.random.default_rng(seed)
        self.state = self.starts[self.rng.integers(0, len(self.starts), self.CHAINS)]
        self.before = np.full(self.CHAINS, -1, dtype=np.int64)
        self.forced = np.zeros(self.CHAINS, dtype=np.int64)
        self.buffer: list[str] = []
        self.pos = 0

    def _refill(self) -> None:
        np = self.np
        out = np.empty((self.STEPS, self.CHAINS), dtype=np.int64)
        state, before, forced = self.state, self.before, self.forced
        for step in range(self.STEPS):
            out[step] = state
            count = self.count[state]
            pick = (self.rng.random(self.CHAINS) * np.maximum(count, 1)).astype(np.int64)
            restart = self.starts[self.rng.integers(0, len(self.starts), self.CHAINS)]
            nxt = self.succ[np.minimum(self.offset[state] + pick, len(self.succ) - 1)]
            forced = np.where(self.distinct[state] <= 1, forced + 1, 0)
            # restart after a word never followed by another (a paragraph's last), on a
            # two-word loop, or after 3 forced steps in a row: no long verbatim runs
            jump = (count == 0) | (nxt == before) | (forced >= 3)
            forced = np.where(jump, 0, forced)
            before, state = state, np.where(jump, restart, nxt)
        self.state, self.before, self.forced = state, before, forced
        self.buffer = self.words[out.T.reshape(-1)].tolist()
        self.pos = 0

    def take(self, n: int) -> list[str]:
        words: list[str] = []
        while len(words) < n:
            if self.pos >= len(self.buffer):
                self._refill()
            chunk = self.buffer[self.pos:self.pos + n - len(words)]
            self.pos += len(chunk)
            words.extend(chunk)
        return words

    def paragraph(self, n: int) -> str:
        words = self.take(max(1, n))
        words[0] = words[0][:1].upper() + words[0][1:]
        text = " ".join(words)
        return text if text.endswith(tuple(_SENTENCE_END)) else text + "."

    def title(self, rng: random.Random) -> str:
        words = [w.strip(".,;:!?\"'“”‘’()") for w in self.take(rng.randint(3, 7))]
        words = [w for w in words if w] or ["News"]
        text = " ".join(words)
        return text[:1].upper() + text[1:]


# -- sites and boilerplate ---------------------------------------------------------------------

_PLACES = ("Northern", "Southern", "Eastern", "Western", "Metro", "Valley", "Coastal",
           "Capital", "Harbour", "Highland", "Lakeside", "River", "County", "City", "Union",
           "Pioneer", "Borough", "Midland", "Bay", "Summit")
_PAPERS = ("Courier", "Gazette", "Herald", "Ledger", "Chronicle", "Observer", "Post",
           "Times", "Tribune", "Sentinel", "Record", "Dispatch", "Mercury", "Express",
           "Bulletin", "Examiner")
_HEADERS = (
    "Sign up to our daily newsletter for the latest headlines from {name}.",
    "Share this article",
    "Advertisement",
    "Follow us on Twitter @{handle} for breaking news and live updates.",
    "Listen to this article. Audio is generated by {name} and may contain errors.",
)
_FOOTERS = (
    "{name} is an independent newspaper serving the {region} area since {year}. Our "
    "journalism is funded by readers like you. All rights reserved.",
    "Copyright {year} {name}. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed without permission.",
    "Got a story? Contact the {paper} newsdesk at news@{domain} or call us on {phone}, "
    "day or night.",
    "Subscribe to the {paper} newsletter and never miss a story from {region}.",
    "Share this story",
    "Follow us on Facebook and Instagram for more from {name}.",
)


@dataclass
class Site:
    slug: str
    name: str
    headers: list[str]
    footers: list[str]
    specific: int  # index into headers + footers of a site-specific paragraph
    wire: Wire | None = None

    @property
    def boilerplate(self) -> list[str]:
        return self.headers + self.footers


def make_sites(count: int, rng: random.Random) -> list[Site]:
    names = [f"{place} {paper}" for place in _PLACES for paper in _PAPERS]
    rng.shuffle(names)
    sites = []
    for name in sorted(names[:count]):
        slug = name.lower().replace(" ", "-")
        fields = {"name": f"The {name}", "paper": name, "handle": name.replace(" ", ""),
                  "region": name.split()[0], "year": rng.randint(1851, 2004),
                  "domain": f"{slug}.example", "phone": f"0{rng.randint(100, 999)} "
                  f"{rng.randint(100, 999)} {rng.randint(1000, 9999)}"}
        headers = [h.format(**fields) for h in rng.sample(_HEADERS, rng.randint(1, 2))]
        # the first footer is always prose that names the site: only frequency finds it
        footers = [rng.choice(_FOOTERS[:3]).format(**fields)]
        if rng.random() < 0.6:
            footers.append(rng.choice(_FOOTERS[3:]).format(**fields))
        sites.append(Site(slug, f"The {name}", headers, footers, len(headers),
                          make_wire(rng)))
    return sites


# -- wire furniture: header, byline, section, dateline, copyright and credit lines --------
# Every site prints its own shape of each; the values (date, author, section) change with
# every article, so no frequency rule can find them: only patterns, in any outlet's wording.

_FIRST = ("Peter", "Anna", "James", "Maria", "David", "Sarah", "Tom", "Laura", "Michael",
          "Emma", "Daniel", "Julia", "Robert", "Claire", "Mark", "Helen", "Paul", "Nina",
          "Andrew", "Karen")
_LAST = ("Roberts", "Holton", "Chen", "Okafor", "Fischer", "Moreau", "Kowalski", "Patel",
         "Nakamura", "Silva", "Brennan", "Lindqvist", "Haddad", "Novak", "Garcia", "Murphy",
         "Keller", "Rossi", "Tanaka", "Walsh")
_ROLES = ("culture correspondent", "business reporter", "political editor", "staff writer",
          "economics correspondent", "senior reporter", "markets editor",
          "technology correspondent")
_SECTIONS = ("Business", "Economy", "Markets", "Politics", "World", "UK", "Europe", "Sport",
             "Technology", "Entertainment", "Health", "Science", "Companies", "Money",
             "US News")
_AGENCIES = ("Reuters", "AP", "AFP", "Bloomberg", "PA", "dpa")
_CITIES = ("LONDON", "NEW YORK", "WASHINGTON", "PARIS", "BERLIN", "TOKYO", "BRUSSELS",
           "FRANKFURT", "HONG KONG", "SYDNEY", "MADRID", "ROME")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_SHAPES = (
    lambda d, m, y, w: f"{d} {_MONTHS[m]} {y}",
    lambda d, m, y, w: f"{_MONTHS[m][:3]}. {d}, {y}",
    lambda d, m, y, w: f"{y}-{m + 1:02d}-{d:02d}",
    lambda d, m, y, w: f"{_DAYS[w]} {d} {_MONTHS[m]} {y}",
    lambda d, m, y, w: f"{_MONTHS[m]} {d}, {y}",
)
_WIRE_HEADERS = (
    "{name} | {section} | Published {date} | By {author}, {role}",
    "{section} | {date} | {name}",
    "By {author} | {date}",
    "By {AUTHOR}, {role}",
    "Published: {date}. Last updated: {date2}",
    "Posted on {date} by {author}",
    "{date} - {author}, {role}",
    "Updated {date} {time} GMT",
)
_WIRE_COPYRIGHT = (
    "© {year} {name}. All rights reserved.",
    "Copyright {year} {name}. All rights reserved.",
    "Copyright © {name} {year}",
    "(c) {year} {name}",
)
_WIRE_CREDITS = (
    "(Reporting by {author}; Editing by {editor})",
    "(Reporting by {author} in {city}; Writing by {author2}; Editing by {editor})",
    "Additional reporting by {author} in {city}",
    "{agency} contributed to this report.",
    "Compiled by {author} for {name}.",
)


@dataclass
class Wire:
    """A site's shapes of furniture lines (indexes into the templates above)."""

    header: int
    date_shape: int
    copyright: int
    credit: int
    byline: bool  # a "By NAME" line of its own besides the header
    section: bool  # a section label line ("Business", "World > Europe")
    dateline: bool  # wire copy: the first paragraph opens "LONDON, Sept 11 (Reuters) - "


def make_wire(rng: random.Random) -> Wire:
    return Wire(rng.randrange(len(_WIRE_HEADERS)), rng.randrange(len(_DATE_SHAPES)),
                rng.randrange(len(_WIRE_COPYRIGHT)), rng.randrange(len(_WIRE_CREDITS)),
                rng.random() < 0.3, rng.random() < 0.4, rng.random() < 0.5)


def person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


# -- articles ------------------------------------------------------------------------------


@dataclass
class Para:
    text: str
    origin: str
    edit_rate: float = 0.0
    boilerplate: bool = False


@dataclass
class Article:
    path: str
    site: int
    kind: str
    title: str = ""
    title_origin: str = ""
    body: list[Para] = field(default_factory=list)
    header: list[Para] = field(default_factory=list)
    footer: list[Para] = field(default_factory=list)
    of: str | None = None
    edit_rate: float | None = None
    synthetic: bool = False
    bbc: str | None = None
    sources: list[str] = field(default_factory=list)
    text: str | None = None  # set for byte copies: written as it is
    dateline: str = ""  # printed before the first body paragraph ("LONDON (Reuters) - ")


# Synonyms an editor swaps in: a rewrite changes words for others of the same meaning.
_SYNONYMS = {
    "said": ("stated", "added", "noted"), "says": ("states", "adds"), "told": ("informed",),
    "rise": ("increase", "climb"), "rose": ("climbed", "increased"), "fall": ("drop",),
    "fell": ("dropped", "declined"), "big": ("large", "major"), "large": ("big", "major"),
    "small": ("minor", "modest"), "new": ("fresh", "latest"), "company": ("firm", "group"),
    "firm": ("company",), "people": ("individuals", "citizens"), "also": ("too",),
    "expected": ("forecast", "predicted"), "announced": ("unveiled", "revealed"),
    "showed": ("revealed", "indicated"), "plans": ("proposals",), "help": ("assist",),
    "started": ("began",), "buy": ("purchase",), "bought": ("purchased",),
    "sold": ("offloaded",), "main": ("principal", "chief"), "important": ("key", "crucial"),
    "problem": ("issue",), "problems": ("issues",), "about": ("around", "roughly"),
    "country": ("nation",), "won": ("clinched",), "match": ("game",), "film": ("movie",),
    "boss": ("head", "chief"), "cut": ("reduce", "trim"), "deal": ("agreement",),
    "government": ("administration",), "biggest": ("largest",), "however": ("but",),
    "before": ("prior to",), "after": ("following",), "because": ("as",),
    "many": ("numerous", "several"), "very": ("extremely",), "think": ("believe",),
    "want": ("wish",), "wanted": ("wished",), "need": ("require",), "get": ("obtain",),
    "make": ("create",), "made": ("created",), "show": ("reveal",), "top": ("leading",),
}
_NUMBER = re.compile(r"\d")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘])")


class Editor:
    """Word edits (counted: synonyms, changed numbers, other words, insertions, deletions)
    and changes that leave the words alone (quote marks, punctuation)."""

    def __init__(self, vocabulary: list[str], rng: random.Random) -> None:
        self.vocabulary = vocabulary
        self.rng = rng

    def word(self, unlike: str = "") -> str:
        while True:
            w = self.rng.choice(self.vocabulary)
            if w.lower() != unlike.lower():
                return w

    def replacement(self, word: str) -> str:
        """A synonym for ``word`` if there is one, another number for a number, else
        another word."""
        synonyms = _SYNONYMS.get(word.lower())
        if synonyms:
            new = self.rng.choice(synonyms)
            return new[:1].upper() + new[1:] if word[:1].isupper() else new
        if _NUMBER.search(word):
            return "".join(str(self.rng.randrange(10)) if c.isdigit() else c for c in word) \
                if any(c.isdigit() for c in word) else word
        return self.word(word)

    def edit_words(self, words: list[str], positions: Sequence[int]) -> list[str]:
        out = list(words)
        for i in sorted(positions, reverse=True):
            bare = out[i].rstrip(_SENTENCE_END + ",;:")
            editable = bare.lower() in _SYNONYMS or bool(_NUMBER.search(bare))
            op = self.rng.random()
            if editable or op < 0.5 or len(out) <= 2:
                new = self.replacement(bare)
                if new == bare:  # a number that came out the same
                    new = self.word(bare)
                out[i] = new + out[i][len(bare):]
            elif op < 0.75:
                out.insert(i, self.word())
            else:
                del out[i]
        return out

    def positions(self, words: list[str], count: int) -> list[int]:
        """``count`` distinct positions, half of them (where there are enough) words an
        editor would change for another of the same meaning, or numbers."""
        editable = [i for i, w in enumerate(words)
                    if w.rstrip(_SENTENCE_END + ",;:").lower() in _SYNONYMS
                    or _NUMBER.search(w)]
        count = min(count, len(words))
        chosen = set(self.rng.sample(editable, min(len(editable), count // 2)))
        rest = [i for i in range(len(words)) if i not in chosen]
        chosen.update(self.rng.sample(rest, count - len(chosen)))
        return sorted(chosen)

    def punctuate(self, text: str) -> str:
        rng = self.rng
        if '"' in text and rng.random() < 0.5:
            parts = text.split('"')
            text = parts[0] + "".join(("“" if k % 2 == 0 else "”") + part
                                      for k, part in enumerate(parts[1:]))
        if "'" in text and rng.random() < 0.3:
            text = text.replace("'", "’")
        if ", " in text and rng.random() < 0.3:
            text = text.replace(", ", " ", 1)
        return text

    def swap_sentences(self, paras: list[Para]) -> list[Para]:
        """Two neighbouring sentences of one paragraph swapped (a rewrite's reordering)."""
        split = [(i, _SENTENCES.split(p.text)) for i, p in enumerate(paras)]
        several = [(i, parts) for i, parts in split if len(parts) >= 2]
        if not several:
            return paras
        i, parts = self.rng.choice(several)
        k = self.rng.randrange(len(parts) - 1)
        parts[k], parts[k + 1] = parts[k + 1], parts[k]
        out = list(paras)
        out[i] = Para(" ".join(parts), paras[i].origin, paras[i].edit_rate)
        return out

    def edit_paragraphs(self, paras: list[Para], rate: float, *,
                        at_least_one: bool) -> list[Para]:
        """``paras`` with round(rate * words) word edits spread over all words."""
        split = [p.text.split() for p in paras]
        flat = [w for words in split for w in words]
        edits = round(rate * len(flat))
        if at_least_one:
            edits = max(1, edits)
        chosen = self.positions(flat, edits)
        out = []
        base = 0
        k = 0
        for para, words in zip(paras, split, strict=True):
            mine = []
            while k < len(chosen) and chosen[k] < base + len(words):
                mine.append(chosen[k] - base)
                k += 1
            base += len(words)
            text = " ".join(self.edit_words(words, mine)) if mine else para.text
            if mine or self.rng.random() < 0.5:
                text = self.punctuate(text)
            rate_here = round(len(mine) / max(1, len(words)), 4)
            out.append(Para(text, para.origin, max(para.edit_rate, rate_here)))
        return out


def render(article: Article) -> tuple[str, dict[str, Any]]:
    """The file text and the truth record (offsets into that text)."""
    title = article.title
    paras = article.header + article.body + article.footer
    texts = [p.text for p in paras]
    if article.dateline and article.body:
        first = len(article.header)
        texts[first] = article.dateline + texts[first]
    text = article.text if article.text is not None else \
        title + "\n\n" + "\n\n".join(texts) + "\n"
    records = []
    pos = len(title) + 2
    dated = len(article.header) if article.dateline and article.body else -1
    for i, (p, shown) in enumerate(zip(paras, texts, strict=True)):
        start = text.index(shown, pos)
        rate = p.edit_rate
        if i == dated:  # the dateline's words: a change from other printings
            rate = max(rate, round(len(WORD.findall(article.dateline))
                                   / max(1, len(WORD.findall(shown))), 4))
        records.append({"start": start, "end": start + len(shown), "origin": p.origin,
                        "edit_rate": rate, "boilerplate": p.boilerplate,
                        "words": len(WORD.findall(shown))})
        pos = start + len(shown)
    truth = {"path": article.path, "kind": article.kind, "of": article.of,
             "edit_rate": article.edit_rate, "site": article.path.split("/")[0],
             "synthetic": article.synthetic, "bbc": article.bbc,
             "sources": article.sources,
             "title": {"start": 0, "end": len(title), "origin": article.title_origin},
             "paragraphs": records}
    return text, truth


class Generator:
    def __init__(self, bodies: dict[str, Body], twins: dict[str, str], size: int, seed: int,
                 site_count: int, derived_share: float, base: str = "bbc") -> None:
        self.rng = random.Random(f"dedupe-corpus:{base}:{seed}")
        self.years = (2015, 2016) if base == "polnear" else (2004, 2005)
        self.bodies = bodies
        self.twins = twins
        self.size = size
        self.sites = make_sites(site_count, self.rng)
        self.stream = WordStream(bodies, seed)
        counts: Counter[str] = Counter()
        for body in bodies.values():
            counts.update(w for p in body.paras for w in p.split()
                          if w.isalpha() and len(w) > 2)
        self.editor = Editor(sorted(w for w, _n in counts.most_common(5000)), self.rng)
        self.shapes = [[len(p.split()) for p in bodies[name].paras] for name in sorted(bodies)]
        self.paragraph_sizes = sorted(n for shape in self.shapes for n in shape if n >= 5)
        # Companies of the results tables: a few tables each, the same lines, other figures.
        self.companies = [f"{self.stream.title(self.rng).split()[0]} "
                          f"{self.rng.choice(('Corp', 'Group', 'Holdings', 'Inc', 'plc'))}"
                          for _ in range(max(4, size // 400))]
        self.derived = round(size * derived_share)
        self.real = sorted(bodies)
        if size - self.derived < len(self.real) + 10:
            raise ValueError(f"--size {size} is too small: it must leave room for the "
                             f"{len(self.real)} BBC articles and some background after "
                             f"{self.derived} derived ones")
        names = list(range(size))
        self.rng.shuffle(names)
        self.names = names

    def new_path(self, site: int) -> str:
        return f"{self.sites[site].slug}/{self.names.pop():06d}.txt"

    def dress(self, article: Article, *, force: bool = False) -> None:
        """Give ``article`` its site's boilerplate: on most articles, always if ``force``."""
        site = self.sites[article.site]
        cap = max(1, len(article.body) // 2)
        chosen: list[int] = []
        if force or self.rng.random() < 0.9:
            chosen.append(site.specific)  # the site-specific footer first
        if force or self.rng.random() < 0.85:
            chosen.extend(range(len(site.headers)))
        if force or self.rng.random() < 0.7:
            chosen.extend(range(site.specific + 1, len(site.boilerplate)))
        keep = sorted(chosen[:cap])
        paras = [Para(site.boilerplate[k], f"bp:{site.slug}:{k}", 0.0, True) for k in keep]
        article.header = [p for k, p in zip(keep, paras, strict=True) if k < site.specific]
        article.footer = [p for k, p in zip(keep, paras, strict=True) if k >= site.specific]
        self.wire_lines(article)

    def wire_lines(self, article: Article) -> None:
        """The site's wire furniture around ``article``, with this printing's values."""
        site, rng = self.sites[article.site], self.rng
        wire = site.wire
        if wire is None:
            return
        v = self.wire_values(site)
        head: list[Para] = []
        foot: list[Para] = []
        if wire.section and rng.random() < 0.7:
            head.append(Para(v["section_line"], f"bp:{site.slug}:section:{v['section_line']}",
                             0.0, True))
        if rng.random() < 0.8:
            head.append(Para(_WIRE_HEADERS[wire.header].format(**v),
                             f"bp:{article.path}:header", 0.0, True))
        if wire.byline and rng.random() < 0.8:
            head.append(Para(f"By {v['author']}", f"bp:{article.path}:byline", 0.0, True))
        if rng.random() < 0.35:
            foot.append(Para(_WIRE_CREDITS[wire.credit].format(**v),
                             f"bp:{article.path}:credit", 0.0, True))
        if rng.random() < 0.8:
            foot.append(Para(_WIRE_COPYRIGHT[wire.copyright].format(**v),
                             f"bp:{site.slug}:copyright:{v['year']}", 0.0, True))
        article.header = head + article.header
        article.footer = article.footer + foot
        article.dateline = (f"{v['CITY']}, {v['short_date']} ({v['agency']}) - "
                            if wire.dateline and rng.random() < 0.7 else "")

    def wire_values(self, site: Site) -> dict[str, str]:
        rng = self.rng
        assert site.wire is not None
        shape = _DATE_SHAPES[site.wire.date_shape]
        year = rng.choice(self.years)
        month, day, weekday = rng.randrange(12), rng.randint(1, 28), rng.randrange(7)
        author = person(rng)
        city = rng.choice(_CITIES)
        section = rng.choice(_SECTIONS)
        section_line = rng.choice((section, f"News | {section}", f"{section} > "
                                   f"{rng.choice(_SECTIONS)}", f"{section} / Latest"))
        return {"name": site.name, "section": section, "section_line": section_line,
                "date": shape(day, month, year, weekday),
                "date2": shape(min(28, day + 1), month, year, (weekday + 1) % 7),
                "time": f"{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}",
                "author": author, "AUTHOR": author.upper(), "author2": person(rng),
                "editor": person(rng), "role": rng.choice(_ROLES), "year": str(year),
                "city": city.title(), "CITY": city, "agency": rng.choice(_AGENCIES),
                "short_date": f"{_MONTHS[month][:3]} {day}"}

    def other_site(self, site: int) -> int:
        return (site + self.rng.randrange(1, len(self.sites))) % len(self.sites)

    def synthetic_body(self, path: str) -> tuple[str, list[Para]]:
        """A Markov article: shaped like a data-set article, or a short wire story of 3 to
        10 paragraphs, or a company results table."""
        rng = self.rng
        roll = rng.random()
        if roll < TABLE_SHARE:
            return self.results_table(path)
        if roll < TABLE_SHARE + SHORT_SHARE:
            shape = [rng.choice(self.paragraph_sizes[: len(self.paragraph_sizes) * 3 // 4])
                     for _ in range(rng.randint(3, 10))]
        else:
            shape = rng.choice(self.shapes)
        paras = [Para(self.stream.paragraph(n), f"syn:{path}#{i}") for i, n in enumerate(shape)]
        return self.stream.title(rng), paras

    def results_table(self, path: str) -> tuple[str, list[Para]]:
        """A company's results as a wire prints them, one short line a figure: tables of one
        company share every label and differ in their figures only."""
        rng = self.rng
        company = rng.choice(self.companies)
        period = rng.choice(("First-quarter", "Second-quarter", "Third-quarter",
                             "Fourth-quarter", "Half-year", "Nine-month", "Full-year"))
        small = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

        def cents() -> str:
            n = rng.randint(1, 99)
            return f"{small[n - 1] if n < 10 else n} cts"

        def amount() -> str:
            return f"{rng.randint(2, 950)}.{rng.randint(0, 9)} mln"

        lines = [f"Shr {cents()} vs {cents()}", f"Net {amount()} vs {amount()}",
                 f"Revs {amount()} vs {amount()}", f"Avg shrs {amount()} vs {amount()}"]
        if rng.random() < 0.4:
            lines += [rng.choice(("Nine mths", "Year", "Six mths")),
                      f"Shr {cents()} vs {cents()}", f"Net {amount()} vs {amount()}"]
        if rng.random() < 0.5:
            lines.insert(0, f"{company} said on {rng.choice(_DAYS)} its results were:")
        if rng.random() < 0.4:
            lines.append(f"NOTE: {company} is based in {rng.choice(_CITIES).title()}.")
        title = f"{company} {period.lower()} net {rng.choice(('rises', 'falls', 'up', 'down'))}"
        return title, [Para(t, f"syn:{path}#{i}") for i, t in enumerate(lines)]

    def plan(self) -> list[Article]:
        rng = self.rng
        kinds: list[str] = []
        for kind, share in KIND_SHARES[:-1]:
            if kind == "drop":
                n = round(self.derived * share)
                kinds += [f"drop:{DROP_EDIT_RATES[i % len(DROP_EDIT_RATES)]}" for i in range(n)]
            else:
                kinds += [kind] * round(self.derived * share)
        edits = self.derived - len(kinds)
        kinds += [f"edit:{EDIT_RATES[i % len(EDIT_RATES)]}" for i in range(edits)]
        rng.shuffle(kinds)
        stitches = kinds.count("stitch")
        copy_kinds = [k for k in kinds if k != "stitch"]

        originals: list[Article] = []
        for name in self.real:
            site = rng.randrange(len(self.sites))
            body = self.bodies[name]
            art = Article(self.new_path(site), site, "original", body.title, body.title_origin,
                          [Para(t, o) for t, o in zip(body.paras, body.origins, strict=True)],
                          bbc=name)
            self.dress(art)
            originals.append(art)
        by_bbc = {a.bbc: a for a in originals}
        for a in originals:
            assert a.bbc is not None
            if a.bbc in self.twins:
                # the data set's own byte-identical pairs stay byte-identical: the second
                # file goes to the first's site with the same boilerplate
                first = by_bbc[self.twins[a.bbc]]
                a.of = first.path
                a.header, a.footer = list(first.header), list(first.footer)
                a.dateline = first.dateline
                a.site = first.site
                a.path = f"{self.sites[first.site].slug}/{a.path.split('/')[1]}"

        # How many copies each original gets: real ones up to MAX_REAL_COPIES, the rest
        # from synthetic originals with 1-3 each.
        real_copies = min(len(copy_kinds) // 2, MAX_REAL_COPIES * len(self.real))
        sources: list[Article] = []
        order = list(originals)
        rng.shuffle(order)
        while len(sources) < real_copies:
            sources.extend(order[:real_copies - len(sources)])
        background = self.size - self.derived - len(self.real)
        synthetic: list[Article] = []
        remaining = len(copy_kinds) - len(sources)
        while remaining > 0 and len(synthetic) < background:
            site = rng.randrange(len(self.sites))
            art = Article(self.new_path(site), site, "original", synthetic=True)
            n = min(remaining, rng.randint(1, 3))
            synthetic.append(art)
            sources.extend([art] * n)
            remaining -= n
        if remaining > 0:
            raise ValueError("--derived is too large for --size")
        for _ in range(background - len(synthetic)):
            site = rng.randrange(len(self.sites))
            synthetic.append(Article(self.new_path(site), site, "background", synthetic=True))
        for art in synthetic:
            art.title, art.body = self.synthetic_body(art.path)
            art.title_origin = f"syn:{art.path}#t"
            self.dress(art)

        copies = []
        queue = list(copy_kinds)
        for source in sources:
            kind = self._compatible(queue, len(source.body))
            copies.append(self.copy(source, kind))
        # background articles stay unrelated to everything: stitches take from originals
        pool = originals + [a for a in synthetic if a.kind == "original"]
        for _ in range(stitches):
            copies.append(self.stitch(pool))
        return originals + synthetic + copies

    @staticmethod
    def _compatible(queue: list[str], paragraphs: int) -> str:
        for i, kind in enumerate(queue):
            if (not kind.startswith("drop") or paragraphs >= 3) \
                    and (kind != "reorder" or paragraphs >= 2):
                return queue.pop(i)
        return queue.pop(0)

    def copy(self, source: Article, kind: str) -> Article:
        rng = self.rng
        if kind == "exact":
            site = source.site if rng.random() < 0.5 else self.other_site(source.site)
            art = Article(self.new_path(site), site, "exact", source.title,
                          source.title_origin, list(source.body), list(source.header),
                          list(source.footer), of=source.path, dateline=source.dateline)
            art.text = render(source)[0]
            return art
        site = self.other_site(source.site) if kind == "boilerplate" or rng.random() < 0.8 \
            else source.site
        art = Article(self.new_path(site), site, kind.split(":")[0], source.title,
                      source.title_origin, list(source.body), of=source.path)
        if kind.startswith("edit:"):
            art.edit_rate = float(kind.split(":")[1])
            art.body = self.editor.edit_paragraphs(art.body, art.edit_rate, at_least_one=True)
            if rng.random() < 0.3:
                art.body = self.editor.swap_sentences(art.body)
        elif kind == "reorder":
            before = list(art.body)
            while art.body == before:
                rng.shuffle(art.body)
                if len({p.text for p in before}) < 2:
                    break
        elif kind.startswith("drop"):
            n = len(art.body)
            drop = min(n - 2, max(1, round(rng.uniform(0.2, 0.5) * n)))
            gone = set(rng.sample(range(n), drop))
            art.body = [p for i, p in enumerate(art.body) if i not in gone]
            rate = float(kind.split(":")[1])
            if rate:
                art.edit_rate = rate
                art.body = self.editor.edit_paragraphs(art.body, rate, at_least_one=True)
        self.dress(art, force=kind == "boilerplate")
        return art

    def stitch(self, pool: list[Article]) -> Article:
        """Paragraphs of 2-4 originals, none of which it duplicates.

        From each source it takes at most half of the source's body words (or its shortest
        paragraph), and no source gives more than 60 % of the stitch's borrowed words;
        candidates breaking that are drawn again (the best of 20 is kept).
        """
        rng = self.rng
        site = rng.randrange(len(self.sites))
        art = Article(self.new_path(site), site, "stitch")
        best: tuple[float, list[Article], list[list[Para]]] | None = None
        for _attempt in range(20):
            chosen: list[Article] = []
            wanted = rng.randint(2, 4)
            while len(chosen) < wanted:
                # a third of the sources are real articles
                candidate = (rng.choice(pool[:len(self.real)]) if rng.random() < 1 / 3
                             else rng.choice(pool))
                # a source whose every paragraph is more than half of it (a one-paragraph
                # article) would be copied whole: the stitch would duplicate it
                if candidate not in chosen and self._borrowable(candidate):
                    chosen.append(candidate)
            taken = [self._borrow(source) for source in chosen]
            words = [sum(len(p.text.split()) for p in paras) for paras in taken]
            share = max(words) / max(1, sum(words))
            if best is None or share < best[0]:
                best = (share, chosen, taken)
            if share <= 0.6:
                break
        assert best is not None
        _share, chosen, taken = best
        body: list[Para] = []
        for source, paras in zip(chosen, taken, strict=True):
            for p in paras:
                rate = rng.uniform(0.0, 0.10) if rng.random() < 0.7 else 0.0
                body.extend(self.editor.edit_paragraphs([p], rate, at_least_one=False))
            art.sources.append(source.path)
        rng.shuffle(body)
        for i in range(rng.choice((0, 0, 1, 2))):
            body.insert(rng.randrange(len(body) + 1),
                        Para(self.stream.paragraph(rng.choice(rng.choice(self.shapes))),
                             f"syn:{art.path}#{i}"))
        art.body = body
        art.title = self.stream.title(rng)
        art.title_origin = f"syn:{art.path}#t"
        self.dress(art)
        return art

    @staticmethod
    def _borrowable(source: Article) -> bool:
        words = [len(p.text.split()) for p in source.body]
        return bool(words) and min(words) <= sum(words) / 2

    def _borrow(self, source: Article) -> list[Para]:
        """1-3 random body paragraphs of ``source`` within half its words (else its shortest)."""
        budget = sum(len(p.text.split()) for p in source.body) / 2
        order = list(range(len(source.body)))
        self.rng.shuffle(order)
        wanted = self.rng.randint(1, 3)
        picked: list[int] = []
        used = 0
        for i in order:
            n = len(source.body[i].text.split())
            if len(picked) < wanted and used + n <= budget:
                picked.append(i)
                used += n
        if not picked:
            picked = [min(order, key=lambda i: len(source.body[i].text.split()))]
        return [source.body[i] for i in sorted(picked)]


# -- writing ---------------------------------------------------------------------------------


def parameters(args: argparse.Namespace) -> dict[str, Any]:
    return {"generator": GENERATOR_VERSION, "base": args.base, "size": args.size,
            "seed": args.seed, "sites": args.sites, "derived": args.derived,
            "data": str(args.data.resolve())}


def kind_label(article: Article) -> str:
    """The kind as reports count it: edits and edited drops by their rate."""
    if article.edit_rate is None:
        return article.kind
    prefix = "drop + edit" if article.kind == "drop" else "edit"
    return f"{prefix} {article.edit_rate:.0%}"


def is_complete(out: Path, params: dict[str, Any]) -> bool:
    try:
        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(meta.get("complete")) and meta.get("parameters") == params and (
        out / "truth.jsonl").is_file()


def generate(args: argparse.Namespace) -> int:
    out: Path = args.out
    params = parameters(args)
    if is_complete(out, params):
        print(f"{out} already holds a complete corpus for size {args.size}, seed {args.seed}: "
              "nothing to do")
        return 0
    ours = {"articles", "truth.jsonl", "meta.json"}
    if out.exists() and any(p.name not in ours for p in out.iterdir()):
        print(f"error: {out} holds files this generator did not write; pick an empty or new "
              "folder", file=sys.stderr)
        return 2
    started = time.perf_counter()
    (out / "meta.json").unlink(missing_ok=True)
    shutil.rmtree(out / "articles", ignore_errors=True)
    bodies, twins = load_base(args.base, args.data)
    natural = natural_pairs(bodies)
    try:
        gen = Generator(bodies, twins, args.size, args.seed, args.sites, args.derived,
                        args.base)
        articles = gen.plan()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    planned = time.perf_counter()
    for site in gen.sites:
        (out / "articles" / site.slug).mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    written = 0
    bbc_paths = {a.bbc: a.path for a in articles if a.bbc is not None}
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth_file:
        for art in sorted(articles, key=lambda a: a.path):
            text, truth = render(art)
            data = text.encode("utf-8")
            (out / "articles" / art.path).write_bytes(data)
            written += len(data)
            truth_file.write(json.dumps(truth, ensure_ascii=False) + "\n")
            counts[kind_label(art)] += 1
    meta = {"parameters": params, "articles": len(articles), "bytes": written,
            "kinds": dict(sorted(counts.items())),
            "bbc_exact_pairs": len(twins), "sites": [s.slug for s in gen.sites],
            "natural_pairs": {
                "note": "pairs of BBC articles sharing much text in the data set itself "
                        "(5-word shingles: Jaccard >= 0.2 or containment >= 0.5), "
                        "by the paths they were written to",
                "pairs": [[bbc_paths[a], bbc_paths[b], j, c] for a, b, j, c in natural]},
            "seconds": round(time.perf_counter() - started, 1), "complete": True}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(articles):,} articles ({written / 1e6:.1f} MB) to {out / 'articles'} "
          f"in {time.perf_counter() - started:.1f} s (planning {planned - started:.1f} s)")
    print("  " + ", ".join(f"{k} {n:,}" for k, n in sorted(counts.items())))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--size", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--sites", type=int, default=32, help="number of sites (32)")
    parser.add_argument("--derived", type=float, default=0.25,
                        help="share of derived articles (0.25)")
    parser.add_argument("--base", choices=("bbc", "polnear"), default="bbc",
                        help="the real articles copies are made of: the BBC News set (bbc, "
                        "default) or PolNeAR's US political news (polnear)")
    parser.add_argument("--data", type=Path, default=None,
                        help=f"the base's folder (default {DEFAULT_DATA} for bbc, env "
                        f"CORPUS_BBC_DATA; {POLNEAR_DATA} for polnear)")
    args = parser.parse_args(argv)
    if args.data is None:
        args.data = POLNEAR_DATA if args.base == "polnear" else DEFAULT_DATA
    if not 2 <= args.sites <= len(_PLACES) * len(_PAPERS):
        parser.error(f"--sites must be in 2..{len(_PLACES) * len(_PAPERS)}")
    if not 0 < args.derived < 0.9:
        parser.error("--derived must be in (0, 0.9)")
    data: Path = args.data
    pattern = "*/text/*.txt" if args.base == "polnear" else "*/*.txt"
    if not data.is_dir() or not any(data.glob(pattern)):
        print(f"error: no {args.base} data set at {data} (expected {pattern}); pass "
              "--data PATH", file=sys.stderr)
        return 2
    return generate(args)


if __name__ == "__main__":
    sys.exit(main())
