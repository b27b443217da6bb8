"""Fuzz targets (issue 20): generated hostile inputs and the invariants they must keep.

Each target is a Hypothesis strategy and a check. The test suite runs every target for a
few dozen inputs (``tests/fuzz/test_fuzz.py``); ``bench/fuzz.py`` runs them for minutes
and reports the inputs tried and the distinct failures found. A failure is any exception
that is not the documented one, or a broken invariant:

- readers (plain text, Markdown, HTML, JSON, JSON Lines, WARC, each maybe gzipped, from
  structured pieces and from mutated bytes): ``read_input`` never raises, and every
  article it gives segments into paragraphs whose spans slice its text;
- normalisation: ``normalize_with_map`` gives ``normalize``'s text, idempotent, and an
  offset map that is monotone and stays inside the raw text;
- quote extraction: spans in text order, inside paragraphs, trimmed, in [0, 1] confidence;
- the diff: every paragraph in exactly one operation, word runs that put both articles
  back together, similarities in [0, 1]; the bounded alignment forced on small inputs
  gives a common subsequence.
"""

from __future__ import annotations

import atexit
import gzip
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from corpus_cli.diff.model import DiffSettings, Side
from corpus_cli.errors import InputError
from corpus_cli.ingest.discover import Input
from corpus_cli.ingest.readers import read_input
from corpus_cli.models import Document, Paragraph
from corpus_cli.settings import IngestSettings
from corpus_cli.text.article import build_article

# -- text ------------------------------------------------------------------------------

# What news text and hostile text are made of: words, every quotation mark, dashes,
# every kind of line end (CR, LF, NEL, LS, PS), controls and escape sequences, combining
# marks, characters NFKC or casefolding rewrite (ﬁ, İ, ß, ½, ﬅ), zero-width and
# non-characters, surrogates left out (they cannot be encoded).
PIECES = [
    "the", "said", "Mr", "Smith", "He", "told", "according to", "minister", "Putin’s",
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", ".", ",", ":",
    ";", "!", "?", "-", "–", "—", "(", ")", "[", "]", "|", "©", "By", "Reuters", "2005",
    '"', "'", "“", "”", "‘", "’", "«", "»", "„", "‚", "‹", "›", "\x00", "\x1b[2J", "\x07",
    "\x08", "\x7f", "\u009b", "\u0301", "\u200b", "\ufeff", "\u00ad", "ﬁ", "İ", "ß", "½",
    "ﬅ", "é", "Ω", "\U0001f600", "\ufffe", "#", "---", "*", "<", ">", "&amp;", "0",
]
text_pieces = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)),
                       max_size=120).map("".join)


def check_normalize(text: str) -> None:
    from corpus_cli.text.normalize import normalize, normalize_with_map

    norm = normalize(text)
    mapped = normalize_with_map(text)
    assert mapped.text == norm
    assert normalize(norm) == norm, "normalize is not idempotent"
    offsets = mapped.offsets
    assert offsets.length == len(norm)
    previous = 0
    for k in range(len(norm) + 1):
        start, end = offsets.span(k, min(k + 1, len(norm)))
        assert 0 <= start <= end <= len(text)
        assert start >= previous or k == len(norm)
        previous = start


def check_quotes(text: str) -> None:
    from corpus_cli.quotes import quotes_of_article

    article = build_article(Document(name="t.txt", text=text, format="txt"), None)
    check_paragraphs(text, article.paragraphs)
    quotes = quotes_of_article(text, article.paragraphs, article.title_span)
    previous_end = -1
    for quote in quotes:
        assert quote.start >= previous_end
        previous_end = quote.end
        assert quote.text == "\n\n".join(text[p.start : p.end] for p in quote.parts)
        for part in quote.parts:
            assert 0 <= part.start < part.end <= len(text)
            assert not text[part.start].isspace()
            assert not text[part.end - 1].isspace()
        assert 0.0 <= quote.confidence <= 1.0


def check_paragraphs(text: str, paragraphs: tuple[Paragraph, ...]) -> None:
    end = 0
    for k, p in enumerate(paragraphs):
        assert p.index == k
        assert end <= p.start < p.end <= len(text), (p.start, p.end, len(text))
        assert text[p.start : p.end] == p.text
        end = p.end


# -- the diff --------------------------------------------------------------------------

paragraph_text = text_pieces.filter(lambda t: "\n\n" not in t and t.strip() != "")
articles = st.lists(paragraph_text, max_size=8)


def _side(texts: list[str], flagged: frozenset[int]) -> Side:
    paragraphs = tuple(Paragraph(k, 0, len(t), t, boilerplate=k in flagged)
                       for k, t in enumerate(texts))
    return Side(name="x", id=None, path="x", title="x", paragraphs=paragraphs)


@st.composite
def diff_pairs(draw: st.DrawFn) -> tuple[list[str], list[str], bool, bool, frozenset[int]]:
    a = draw(articles)
    b = draw(st.one_of(articles, st.just(list(a)),
                       st.permutations(a).map(list) if a else st.just([])))
    return (a, b, draw(st.booleans()), draw(st.booleans()),
            frozenset(draw(st.sets(st.integers(0, 7), max_size=2))))


def check_diff(case: tuple[list[str], list[str], bool, bool, frozenset[int]]) -> None:
    from corpus_cli.diff.model import PARAGRAPH_BREAK
    from corpus_cli.diff.run import diff_sides

    a, b, punctuation, boilerplate, flagged = case
    settings = DiffSettings(ignore_punctuation=punctuation, include_boilerplate=boilerplate)
    diff = diff_sides(_side(a, flagged), _side(b, flagged), settings)
    assert 0.0 <= diff.similarity <= 1.0
    seen_a: list[int] = []
    seen_b: list[int] = []
    for op in diff.ops:
        assert 0.0 <= op.similarity <= 1.0
        seen_a += op.a
        seen_b += op.b
        text_a = "".join(w.a for w in op.words)
        text_b = "".join(w.b for w in op.words)
        assert text_a == PARAGRAPH_BREAK.join(a[k] for k in op.a)
        assert text_b == PARAGRAPH_BREAK.join(b[k] for k in op.b)
    compared_a = [k for k in range(len(a)) if boilerplate or k not in flagged]
    compared_b = [k for k in range(len(b)) if boilerplate or k not in flagged]
    assert sorted(seen_a) == compared_a
    assert sorted(seen_b) == compared_b


def check_bounded(case: tuple[str, str]) -> None:
    from rapidfuzz.distance import LCSseq

    from corpus_cli import lcs

    a, b = case
    saved = lcs.GAP_CELLS, lcs.WINDOW
    lcs.GAP_CELLS, lcs.WINDOW = 16, 4
    try:
        for x, y in ((a, b), (a.split(), b.split())):
            end_x = end_y = found = 0
            for bx, by, size in lcs.matching_blocks(x, y, exact_cells=0):
                assert size > 0
                assert bx >= end_x
                assert by >= end_y
                assert x[bx : bx + size] == y[by : by + size]
                end_x, end_y, found = bx + size, by + size, found + size
            assert found <= LCSseq.similarity(x, y)
            assert lcs.common_length(x, y, exact_cells=0) == found
    finally:
        lcs.GAP_CELLS, lcs.WINDOW = saved


# -- readers ---------------------------------------------------------------------------

html_tags = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<br><br>", "<table><tr><td>", "</td><td>",
    "</td></tr></table>", "<article>", "</article>", "<h1>", "</h1>", "<title>",
    "</title>", "<script>var x = '</p>';</script>", "<style>p{}</style>", "<!-- c -->",
    '<meta charset="cp1251">', '<meta charset="utf-8">', '<meta charset="bogus">',
    '<meta property="og:title" content="T">', '<meta name="date" content="2005-09-11">',
    '<link rel="canonical" href="http://x.example/a">', "<nav>", "</nav>", "<li>", "<ul>",
    "&nbsp;", "&#0;", "&#x1b;", "&#xD800;", "&bogus;", "<![CDATA[x]]>", "<?xml?>",
    "<svg><p>", "</svg>", "<html>", "<body>", "</body>", "</html>", "<head>", "</head>",
])
html_docs = st.lists(st.one_of(html_tags, text_pieces), max_size=60).map("".join)

JSON_KEYS = ["text", "body", "content", "articleBody", "title", "headline", "url", "date",
             "published", "source", "outlet", "site", "author", "byline", "articles",
             "html", "$date", "name"]
json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**18),
    st.integers(min_value=10**300, max_value=10**400), st.floats(allow_nan=False),
    text_pieces, html_docs)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(JSON_KEYS), inner, max_size=6)),
    max_leaves=20)


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except ValueError:  # integers too long for the default string conversion
        return "null"


@st.composite
def warc_files(draw: st.DrawFn) -> bytes:
    """WARC records: responses (HTML or not, any status and charset), requests, and
    lengths that lie."""
    out = b""
    for _ in range(draw(st.integers(1, 3))):
        page = draw(html_docs).encode("utf-8", "surrogatepass")
        content_type = draw(st.sampled_from([
            b"text/html", b"text/html; charset=cp1252", b"text/html; charset=nope",
            b"application/xhtml+xml", b"image/png", b""]))
        status = draw(st.sampled_from([b"200 OK", b"404 Not Found", b"301 Moved", b"xyz"]))
        http = (b"HTTP/1.1 " + status + b"\r\nContent-Type: " + content_type + b"\r\n\r\n"
                + page)
        kind = draw(st.sampled_from([b"response", b"request", b"metadata", b"resource"]))
        length = len(http) + draw(st.sampled_from([0, 0, 0, -5, 7, 10**6]))
        uri = draw(st.sampled_from([b"http://a.example/x", b"", b"not a uri", b"\xff\xfe"]))
        date = draw(st.sampled_from([b"2005-09-11T10:00:00Z", b"yesterday", b""]))
        out += (b"WARC/1.0\r\nWARC-Type: " + kind + b"\r\nWARC-Target-URI: " + uri
                + b"\r\nWARC-Date: " + date + b"\r\nContent-Length: "
                + str(max(length, 0)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    return out


@st.composite
def mutated(draw: st.DrawFn, files: st.SearchStrategy[bytes]) -> bytes:
    """``files`` as generated, or with bytes flipped, cut short or spliced in."""
    data = draw(files)
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["flip", "cut", "insert"]))
        at = draw(st.integers(0, len(data)))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        else:
            data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


def _encoded(texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    encodings = st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252", "latin-1",
                                 "utf-32"])
    return st.tuples(texts, encodings).map(
        lambda te: te[0].encode(te[1], errors="replace"))


markdown = st.tuples(st.sampled_from(["", "---\ntitle: T\ndate: 2005\n---\n",
                                      "---\ntitle: [a, b]\n---\n", "---\n", "---\nx\n"]),
                     text_pieces).map("".join)


@st.composite
def reader_inputs(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name (its extension chooses the reader; none makes it sniffed) and bytes."""
    kind = draw(st.sampled_from(["txt", "md", "html", "json", "jsonl", "warc", "none"]))
    if kind == "txt":
        data = draw(mutated(_encoded(text_pieces)))
    elif kind == "md":
        data = draw(mutated(_encoded(markdown)))
    elif kind == "html":
        data = draw(mutated(_encoded(html_docs)))
    elif kind == "json":
        data = draw(mutated(json_values.map(_json_text).map(str.encode)))
    elif kind == "jsonl":
        lines = draw(st.lists(json_values.map(_json_text), max_size=4))
        data = draw(mutated(st.just("\n".join(lines).encode())))
    elif kind == "warc":
        data = draw(mutated(warc_files()))
    else:
        data = draw(st.one_of(st.binary(max_size=200), mutated(_encoded(html_docs)),
                              mutated(warc_files())))
    suffix = {"none": ""}.get(kind, "." + kind)
    if draw(st.booleans()) and kind != "none":
        data = gzip.compress(data, mtime=0)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]  # a truncated archive
        suffix += ".gz"
    return f"input{suffix}", data


_SCRATCH = Path(tempfile.mkdtemp(prefix="corpus-fuzz-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)  # one folder a session, not left
_SETTINGS = IngestSettings(max_size=64 * 1024)


def check_reader(case: tuple[str, bytes]) -> None:
    name, data = case
    path = _SCRATCH / name
    path.write_bytes(data)
    for item in read_input(Input(name, path), _SETTINGS):  # never raises
        if isinstance(item, InputError):
            assert item.reason
            continue
        assert isinstance(item, Document)
        article = build_article(item, _SCRATCH)
        check_paragraphs(item.text, article.paragraphs)
        if article.title_span is not None:
            assert 0 <= article.title_span.start <= article.title_span.end <= len(item.text)


# -- the table of targets --------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


TARGETS: dict[str, Target] = {
    "readers": Target(reader_inputs(), check_reader),
    "normalize": Target(text_pieces, check_normalize),
    "quotes": Target(text_pieces, check_quotes),
    "diff": Target(diff_pairs(), check_diff),
    "bounded lcs": Target(st.tuples(text_pieces, text_pieces), check_bounded),
}
