"""HTML, JSON/JSON Lines and WARC readers, on fixtures built here (no network)."""

from __future__ import annotations

import gzip
import io
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from corpus_cli.errors import InputError
from corpus_cli.ingest.html import looks_like_html, read_html
from corpus_cli.ingest.jsonfmt import read_json, read_jsonl
from corpus_cli.ingest.warc import looks_like_warc, read_warc
from corpus_cli.models import Document

LIMIT = 1 << 20

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget that increases spending "
    "on public transport by twelve percent over the next fiscal year.",
    "Supporters said the measure was long overdue, while critics warned that the increase "
    "would strain reserves already depleted by two difficult winters.",
    "Reaction from residents",
    "Residents who attended the meeting were divided. “We need better buses,” said one "
    "commuter who has lived in the city for twenty years.",
    "This is the most significant investment in a generation.",
    "Bus routes will be extended to the northern suburbs.",
    "Fares will be frozen until 2026.",
    "The budget takes effect on the first of July, officials said in a statement released "
    "after the vote.",
]
TITLE = "Council Approves New Budget"
CHROME = [
    "Home", "Sport", "Share on Facebook", "Tweet this", "Mayor resigns", "Most read",
    "Great news! Finally", "All rights reserved", "Privacy policy", "We use cookies",
]

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{TITLE} | The Daily Ledger</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="The Daily Ledger">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-15T10:00:00Z">
<link rel="canonical" href="https://ledger.example.com/news/council-budget">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience.</div>
<main><article>
<h1>{TITLE}</h1>
<p class="byline">By Jane Smith</p>
<div class="social-share"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a></div>
<p>The city council voted on Tuesday to approve a new budget that increases spending
on    public transport by twelve percent over the next fiscal year.</p>
<p>Supporters said the measure was long overdue, while critics warned that the increase
would strain reserves already depleted by two difficult winters.</p>
<h2>Reaction from residents</h2>
<p>Residents who attended the meeting were divided. “We need better buses,” said one
commuter who has lived in the city for twenty years.</p>
<blockquote><p>This is the most significant investment in a generation.</p></blockquote>
<ul><li>Bus routes will be extended to the northern suburbs.</li>
<li>Fares will be frozen until 2026.</li></ul>
<p>The budget takes effect on the first of July, officials said in a statement released
after the vote.</p>
</article>
<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Mayor resigns amid scandal</a>
</li><li><a href="/b">Stadium plan stalls</a></li></ul></aside>
<section class="comments" id="comments"><h3>Comments (2)</h3>
<div class="comment"><p>Great news! Finally someone does something about the buses.</p></div>
</section></main>
<footer><p>© 2024 The Daily Ledger. All rights reserved.</p><a href="/privacy">Privacy policy</a>
</footer></body></html>"""

# No metadata of its own: a bare page as crawlers often store it.
BARE_PAGE = """<html><body><div class="story">
<p>Flood waters receded across the valley on Sunday, leaving farmers to count the cost.</p>
<p>Officials said the clean-up would take several weeks and cost millions.</p>
</div><footer>© 2023 Valley News</footer></body></html>"""

NO_ARTICLE_PAGE = """<!DOCTYPE html><html><head><title>Page not found</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
</header><div class="share"><a href="#">Share on Facebook</a></div>
<footer><p>© 2024 The Daily Ledger</p></footer></body></html>"""


def documents(items: Iterable[Document | InputError]) -> list[Document]:
    out = list(items)
    assert all(isinstance(item, Document) for item in out), out
    return [item for item in out if isinstance(item, Document)]


def errors(items: Iterable[Document | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


# --- HTML -----------------------------------------------------------------------------


def test_html_one_paragraph_per_block_and_no_page_chrome() -> None:
    doc = read_html(ARTICLE_PAGE.encode(), "page.html", file="/abs/page.html")
    assert doc.text == "\n\n".join([TITLE, *PARAGRAPHS])
    for chrome in CHROME:
        assert chrome not in doc.text
    assert "By Jane Smith" not in doc.text


def test_html_metadata_and_record_fields() -> None:
    data = ARTICLE_PAGE.encode()
    doc = read_html(data, "page.html", file="/abs/page.html", record=4)
    assert doc.title == TITLE
    assert doc.text.split("\n")[0] == TITLE
    assert doc.date == "2024-03-15"
    assert doc.byline == "Jane Smith"
    assert doc.source == "The Daily Ledger"
    assert doc.url == "https://ledger.example.com/news/council-budget"
    assert (doc.name, doc.format, doc.file, doc.record) == (
        "page.html", "html", "/abs/page.html", 4)
    assert doc.raw == data


def test_html_page_metadata_wins_over_fallbacks() -> None:
    doc = read_html(ARTICLE_PAGE.encode(), "p", url="https://crawl.example/x",
                    date="2030-01-01T00:00:00Z")
    assert doc.url == "https://ledger.example.com/news/council-budget"
    assert doc.date == "2024-03-15"


def test_html_fallback_url_and_date_when_the_page_has_none() -> None:
    doc = read_html(BARE_PAGE.encode(), "p", url="https://valley.example/flood",
                    date="2023-05-07T12:00:00Z")
    assert doc.url == "https://valley.example/flood"
    # Not 2023-01-01 from the footer's "© 2023": free-text date guessing is off.
    assert doc.date == "2023-05-07T12:00:00Z"
    assert doc.title is None
    assert doc.text.startswith("Flood waters receded")
    assert "Valley News" not in doc.text


def test_html_short_article_keeps_its_paragraphs() -> None:
    # trafilatura's rescue for short pages flattened headline, byline and body into one.
    page = f"""<html><head><title>{TITLE}</title></head><body><article>
    <header><h1>{TITLE}</h1><div class="byline">By Jo Bloggs</div></header>
    <p>The council voted on Tuesday.</p><p>Critics were not impressed.</p>
    </article></body></html>"""
    doc = read_html(page.encode(), "short.html")
    assert doc.text == f"{TITLE}\n\nThe council voted on Tuesday.\n\nCritics were not impressed."


def test_html_inline_markup_and_line_breaks_inside_a_paragraph() -> None:
    page = ("<html><body><article><p>One <b>bold</b> and <a href='/x'>linked</a> word,"
            "<br>then a new line.</p><p>Second paragraph.</p></article></body></html>")
    doc = read_html(page.encode(), "p")
    assert doc.text == "One bold and linked word, then a new line.\n\nSecond paragraph."


def test_html_fragment_without_html_tag() -> None:
    doc = read_html(b"<p>First paragraph here.</p><p>Second paragraph here.</p>", "frag")
    assert doc.text == "First paragraph here.\n\nSecond paragraph here."


@pytest.mark.parametrize("declaration", [
    '<meta charset="windows-1252">',
    '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
])
def test_html_legacy_charset_is_honoured(declaration: str) -> None:
    page = (f"<html><head>{declaration}<title>Café</title></head><body><article>"
            "<p>The café owner said “naïve” things — twice.</p></article></body></html>")
    doc = read_html(page.encode("cp1252"), "p")
    assert doc.text == "Café\n\nThe café owner said “naïve” things — twice."
    assert doc.charset == "cp1252"


def test_html_charset_from_outside_the_page() -> None:
    # Too short for charset detection, which reads these bytes as cp1250.
    page = "<html><body><p>Привет, мир.</p></body></html>"
    doc = read_html(page.encode("cp1251"), "p", encoding="windows-1251")
    assert doc.text == "Привет, мир."


@pytest.mark.parametrize("data", [
    NO_ARTICLE_PAGE.encode(),
    b"<html><head><title>Empty</title></head><body></body></html>",
])
def test_html_without_article_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="no article text found in HTML") as info:
        read_html(data, "nothing.html")
    assert info.value.name == "nothing.html"


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02<html>"])
def test_html_unreadable_bytes_are_input_errors(data: bytes) -> None:
    with pytest.raises(InputError):
        read_html(data, "bad.html")


def test_html_trafilatura_failure_becomes_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    with pytest.raises(InputError, match="malformed HTML: parser exploded"):
        read_html(ARTICLE_PAGE.encode(), "boom.html")


def test_html_reader_keeps_trafilatura_quiet(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(InputError):
        read_html(NO_ARTICLE_PAGE.encode(), "x.html")
    assert not [r for r in caplog.records if r.name.startswith(("trafilatura", "htmldate"))]


def _layout_page(story: str, charset: str = "iso-8859-1", separator: str = "<br>") -> str:
    """A page of the table-layout era: navigation, story and footer in one table."""
    links = separator.join(f'<a href="/s{i}">Section {i}</a>' for i in range(12))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}</title></head><body><table width="100%" border="0">
<tr><td colspan="2">{links}</td></tr>
<tr><td width="160" valign="top">{links}</td><td valign="top">{story}</td></tr>
<tr><td colspan="2"><font size="1">Copyright 2008 The Daily Ledger.</font></td></tr>
</table></body></html>"""


@pytest.mark.parametrize("separator", ["<br>", " | "])
def test_html_article_in_a_layout_table_without_its_navigation(separator: str) -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    doc = read_html(_layout_page(story, separator=separator).encode("cp1252"), "2008.html")
    assert doc.text.split("\n\n")[1:] == PARAGRAPHS
    assert "Section" not in doc.text


def test_html_line_breaks_twice_end_a_paragraph() -> None:
    # Old pages separate paragraphs with <br><br>, not <p>.
    story = "<font face=Arial size=2>" + "<br><br>\n".join(PARAGRAPHS) + "</font>"
    doc = read_html(_layout_page(story).encode("cp1252"), "2008.html")
    assert doc.text.split("\n\n")[1:] == PARAGRAPHS


def test_html_data_table_reads_one_paragraph_per_row() -> None:
    rows = [("Pos", "Driver", "Points"), ("1", "Kyle Busch", "5040"),
            ("2", "Martin Truex Jr.", "5035"), ("3", "Kevin Harvick", "5033")]
    table = "<table><tr>" + "".join(f"<th>{c}</th>" for c in rows[0]) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows[1:]
    ) + "</table>"
    page = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            f"<p>{PARAGRAPHS[0]}</p>{table}<p>{PARAGRAPHS[1]}</p></article></body></html>")
    doc = read_html(page.encode(), "table.html")
    assert doc.text.split("\n\n")[1:] == [PARAGRAPHS[0], *(" ".join(r) for r in rows),
                                          PARAGRAPHS[1]]


def _story_page(body: str) -> bytes:
    return (f"<html><head><title>{TITLE}</title></head><body><main><article><h1>{TITLE}</h1>"
            f"{body}</article></main></body></html>").encode()


def test_html_article_split_by_an_advertisement_is_read_whole() -> None:
    # Each run of paragraphs in a container of its own, all alike: the second one is
    # the rest of the story, not a sidebar. A story appended under its own headline
    # (an infinite-scroll page) is not.
    first = [PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[3], PARAGRAPHS[7]]
    rest = ["The transport committee will publish the new timetables in May, and the first "
            "extended routes are expected to run before the end of the summer holidays.",
            "Opposition councillors said they would keep pressing for a review of fares once "
            "the freeze ends, arguing that the poorest riders had paid the most for years."]
    body = ('<div class="article__body">' + "".join(f"<p>{p}</p>" for p in first) + "</div>"
            '<div class="ad-slot"><span>Advertisement</span></div>'
            '<div class="article__body">' + "".join(f"<p>{p}</p>" for p in rest) + "</div>")
    appended = ("<h1>Stadium plan stalls again</h1><div class='article__body'><p>The stadium "
                "plan stalled again on Monday as the developers asked for more time to "
                "find investors willing to back it.</p></div>")
    page = (f"<html><head><title>{TITLE}</title></head><body><div class='page'>"
            f"<h1>{TITLE}</h1>{body}{appended}</div></body></html>")
    doc = read_html(page.encode(), "split.html")
    assert doc.text.split("\n\n")[1:] == [*first, *rest]


def test_html_opening_written_straight_into_its_block_is_kept() -> None:
    # The first paragraph as text of the story's <div>, ended by <br><br>, then <p>s.
    opening = ("The city council voted on Tuesday to approve a new budget, according to "
               "a statement from the mayor's office. Details were shared with reporters.")
    body = (f'<div class="content">{opening}<br> <br><img src="/bus.jpg" alt="">'
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:2] + PARAGRAPHS[3:4]
                      + PARAGRAPHS[7:]) + "</div>")
    page = (f"<html><head><title>{TITLE}</title></head><body><div id='content'>"
            f"<h1>{TITLE}</h1>{body}</div></body></html>")
    doc = read_html(page.encode(), "loose.html")
    assert doc.text.split("\n\n")[1:] == [opening, PARAGRAPHS[1], PARAGRAPHS[3], PARAGRAPHS[7]]


def test_html_link_list_inside_a_paragraph_is_left_out() -> None:
    # A pop-up card of a person's latest articles, hidden inside the sentence naming them.
    card = ('<span class="card"><a href="/p/1">Mayor resigns amid scandal</a>'
            '<a href="/p/2">Stadium plan stalls</a><a href="/p/3">Budget row deepens</a>'
            '<a href="/people/smith">MORE</a></span>')
    body = (f"<p>{PARAGRAPHS[0]}</p><p>Councillor <a href='/people/smith'>Ann Smith</a>{card}"
            f" voted against the budget, saying it left the north of the city behind.</p>"
            f"<p>{PARAGRAPHS[1]}</p>")
    doc = read_html(_story_page(body), "card.html")
    assert doc.text.split("\n\n")[1:] == [
        PARAGRAPHS[0], "Councillor Ann Smith voted against the budget, saying it left the "
        "north of the city behind.", PARAGRAPHS[1]]


def test_html_story_text_the_precision_setting_cuts_is_kept() -> None:
    # trafilatura's precision setting drops a block styled with a border and an inline
    # element of class "link", story text both; its balanced setting keeps them.
    boxed = ("The council's finance chief said the reserves would be rebuilt within three "
             "years if tax receipts grew as forecast.")
    body = (f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>"
            f'<div style="border: 1px solid #ccc"><p>{boxed}</p></div>'
            f"<p>{PARAGRAPHS[3]}</p><p>The mayor said <span class='link'><a href='/x'>the "
            "budget</a></span> was the fairest the city had seen in years.</p>"
            f"<p>{PARAGRAPHS[7]}</p>")
    doc = read_html(_story_page(body), "boxed.html")
    assert doc.text.split("\n\n")[1:] == [
        PARAGRAPHS[0], PARAGRAPHS[1], boxed, PARAGRAPHS[3],
        "The mayor said the budget was the fairest the city had seen in years.", PARAGRAPHS[7]]


def test_html_page_text_when_trafilatura_finds_none(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    doc = read_html(ARTICLE_PAGE.encode(), "page.html")
    body = doc.text.split("\n\n")
    assert body[0] == TITLE  # the title from the page's metadata
    for paragraph in PARAGRAPHS:
        assert paragraph in body
    assert "Share on Facebook" not in doc.text
    with pytest.raises(InputError, match="no article text found in HTML"):
        read_html(NO_ARTICLE_PAGE.encode(), "nothing.html")


BODY_HTML = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


@pytest.mark.parametrize(("page", "charset"), [
    # Declared ISO-8859-1, saved as UTF-8: the bytes win.
    (f'<html><head><meta charset="iso-8859-1"></head><body><article>{BODY_HTML}'
     "</article></body></html>".encode(), "utf-8"),
    (f'<?xml version="1.0" encoding="iso-8859-1"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
     f"<body><article>{BODY_HTML}</article></body></html>".encode(), "utf-8"),
    # Declared UTF-8, written in cp1252: the declaration fails, the bytes are read as cp1252.
    (f'<html><head><meta charset="utf-8"></head><body><article>{BODY_HTML}'
     "</article></body></html>".encode("cp1252"), "cp1252"),
    # UTF-8 with one stray cp1252 quote, declared ISO-8859-1: UTF-8, the stray byte as cp1252.
    (f'<html><head><meta charset="iso-8859-1"></head><body><article>{BODY_HTML}'
     "</article></body></html>".encode().replace("“We".encode(), b"\x93We"), "utf-8"),
])
def test_html_bytes_win_over_a_wrong_declaration(page: bytes, charset: str) -> None:
    doc = read_html(page, "p.html")
    assert doc.text == "\n\n".join(PARAGRAPHS)
    assert doc.charset == charset


@pytest.mark.parametrize(("head", "expected"), [
    (b"<!DOCTYPE html><html>", True),
    (b"\xef\xbb\xbf  \n<!doctype HTML>", True),
    (b"<HTML lang='en'>", True),
    (b"<head><title>x</title>", True),
    (b"<body>", True),
    (b"\n<article class='x'>", True),
    (b"<p>Hello</p>", True),
    (b"<!-- saved page --><html>", True),
    ("<p>x</p>".encode("utf-16"), True),
    (b"<pre>code</pre>", False),
    (b"Plain text <p> later", False),
    (b"# Markdown title", False),
    (b'{"text": "<p>x</p>"}', False),
    (b"WARC/1.0\r\n", False),
])
def test_looks_like_html(head: bytes, expected: bool) -> None:
    assert looks_like_html(head) is expected


# --- JSON -----------------------------------------------------------------------------


def read_json_value(value: Any, name: str = "f.json") -> list[Document | InputError]:
    return list(read_json(json.dumps(value).encode(), name, file="/abs/f.json", limit=LIMIT))


def test_json_single_object_keeps_text_verbatim() -> None:
    text = "Headline\n\n  Body with  odd   spacing. \n"
    [doc] = documents(read_json_value({"title": " Headline ", "text": text}))
    assert doc == Document(name="f.json", text=text, format="json", file="/abs/f.json",
                           record=None, title="Headline", charset="utf-8")


def test_json_array_names_records_by_position() -> None:
    docs = documents(read_json_value([{"text": "one"}, {"text": "two"}]))
    assert [(d.name, d.record, d.text) for d in docs] == [
        ("f.json#1", 1, "one"), ("f.json#2", 2, "two")]


@pytest.mark.parametrize("wrapper", ["articles", "items", "data"])
def test_json_wrapped_array(wrapper: str) -> None:
    docs = documents(read_json_value({"meta": {"n": 2}, wrapper: [{"body": "a"}, {"body": "b"}]}))
    assert [(d.name, d.text) for d in docs] == [("f.json#1", "a"), ("f.json#2", "b")]


ALIASES = {
    "text": ["text", "body", "content", "articleBody", "article", "maintext", "full_text"],
    "title": ["title", "headline", "name"],
    "url": ["url", "link", "uri", "canonical_url"],
    "date": ["date", "published", "published_at", "publishedAt", "datePublished", "pubDate",
             "date_publish"],
    "source": ["source", "outlet", "site", "site_name", "publisher", "source_domain"],
    "byline": ["author", "byline", "authors", "creator"],
}


@pytest.mark.parametrize(("field", "alias"), [
    (field, alias) for field, aliases in ALIASES.items() for alias in aliases])
def test_json_field_aliases(field: str, alias: str) -> None:
    record = {alias: " Some value "}
    if field != "text":
        record["text"] = "Body."
    [doc] = documents(read_json_value(record))
    # Text is stored verbatim; metadata is stripped.
    assert getattr(doc, field) == (" Some value " if field == "text" else "Some value")


def test_json_first_non_empty_alias_wins() -> None:
    [doc] = documents(read_json_value({
        "text": "  ", "body": "From body.", "content": "From content.",
        "title": "", "headline": "From headline", "date": None, "published": "2020-01-02",
    }))
    assert (doc.text, doc.title, doc.date) == ("From body.", "From headline", "2020-01-02")


@pytest.mark.parametrize(("value", "expected"), [
    ({"name": "The Ledger", "url": "https://x"}, "The Ledger"),
    ({"title": "Ledger Weekly"}, "Ledger Weekly"),
])
def test_json_source_object(value: dict[str, str], expected: str) -> None:
    [doc] = documents(read_json_value({"text": "x", "publisher": value}))
    assert doc.source == expected


@pytest.mark.parametrize(("value", "expected"), [
    (["Jane Smith", "Li Wei"], "Jane Smith, Li Wei"),
    ({"name": "Jane Smith", "@type": "Person"}, "Jane Smith"),
    ([{"name": "Jane Smith"}, {"name": "Li Wei"}], "Jane Smith, Li Wei"),
])
def test_json_byline_lists_and_objects(value: Any, expected: str) -> None:
    [doc] = documents(read_json_value({"text": "x", "authors": value}))
    assert doc.byline == expected


@pytest.mark.parametrize(("value", "expected"), [
    (1710496800, "2024-03-15T10:00:00Z"),
    (1710496800.5, "2024-03-15T10:00:00Z"),
    (1710496800000, "2024-03-15T10:00:00Z"),  # milliseconds, as JavaScript writes them
    ({"$date": "2024-03-15T10:00:00Z"}, "2024-03-15T10:00:00Z"),
])
def test_json_epoch_dates_become_iso(value: Any, expected: str) -> None:
    [doc] = documents(read_json_value({"text": "x", "published_at": value}))
    assert doc.date == expected


def test_json_record_problems_are_errors_and_the_rest_is_read() -> None:
    out = read_json_value([
        {"title": "no text"}, {"text": "   "}, "a string", {"text": "fine"}, None])
    assert isinstance(out[3], Document)
    assert out[3].name == "f.json#4"
    errs = [e for e in out if isinstance(e, InputError)]
    assert [(e.name, e.reason) for e in errs] == [
        ("f.json#1",
         "no article text (expected one of the fields text, body, content, articleBody)"),
        ("f.json#2", "no article text (the field text is empty)"),
        ("f.json#3", "expected a JSON object, got a string"),
        ("f.json#5", "expected a JSON object, got null"),
    ]


def test_json_malformed_file_is_one_error() -> None:
    out = list(read_json(b'[{"text": "a"},\n {"text": }]', "bad.json", file=None, limit=LIMIT))
    assert len(out) == 1
    assert isinstance(out[0], InputError)
    assert out[0].name == "bad.json"
    assert out[0].reason == "malformed JSON: line 2 column 11: Expecting value"


@pytest.mark.parametrize(("value", "reason"), [
    ([], "no articles in the JSON array"),
    ("just a string", "expected a JSON object, got a string"),
    ({"articles": []}, "no articles in the JSON array"),
])
def test_json_without_articles(value: Any, reason: str) -> None:
    [err] = errors(read_json_value(value))
    assert reason in err.reason


def test_json_text_over_the_cap() -> None:
    data = json.dumps([{"text": "x" * 2000}, {"text": "short"}]).encode()
    out = list(read_json(data, "f.json", file=None, limit=1024))
    assert isinstance(out[0], InputError)
    assert "size cap of 1 KiB" in out[0].reason
    assert isinstance(out[1], Document)


def test_json_html_text_is_extracted_with_record_metadata() -> None:
    html = ("<div class='story'><p>First   paragraph of the story.</p>"
            "<div class='share'>Share on Facebook</div><p>Second paragraph.</p></div>")
    [doc] = documents(read_json_value([{
        "headline": "From the record", "body": html, "url": "https://x.example/a",
        "author": "Jane Smith", "site": "The Ledger", "date": "2024-03-15",
    }]))
    assert doc.text == "From the record\n\nFirst paragraph of the story.\n\nSecond paragraph."
    assert (doc.title, doc.url, doc.byline, doc.source, doc.date) == (
        "From the record", "https://x.example/a", "Jane Smith", "The Ledger", "2024-03-15")
    assert (doc.name, doc.record, doc.format) == ("f.json#1", 1, "json")
    assert doc.raw == html.encode()


def test_json_html_text_with_metadata_of_its_own() -> None:
    [doc] = documents(read_json_value({"content": ARTICLE_PAGE}))
    assert doc.title == TITLE
    assert doc.text == "\n\n".join([TITLE, *PARAGRAPHS])
    assert (doc.byline, doc.source) == ("Jane Smith", "The Daily Ledger")


def test_json_html_without_text_is_an_error() -> None:
    [err] = errors(read_json_value([{"text": NO_ARTICLE_PAGE}]))
    assert (err.name, err.reason) == ("f.json#1", "no article text found in HTML")


# --- JSON Lines -----------------------------------------------------------------------


class LineSpy(io.BytesIO):
    """Records each readline size, to prove the reader never asks for a whole line."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.sizes: list[int | None] = []

    def readline(self, size: int | None = -1, /) -> bytes:
        self.sizes.append(size)
        return super().readline(size)


def jsonl(*lines: Any) -> bytes:
    return b"\n".join(x if isinstance(x, bytes) else json.dumps(x).encode() for x in lines)


def test_jsonl_reads_each_line() -> None:
    data = jsonl({"text": "one", "title": "T1"}, b"", b"  ", {"text": "two"}) + b"\n"
    docs = documents(read_jsonl(io.BytesIO(data), "f.jsonl", file="/abs/f.jsonl", limit=LIMIT))
    assert [(d.name, d.record, d.text, d.format, d.file) for d in docs] == [
        ("f.jsonl#1", 1, "one", "jsonl", "/abs/f.jsonl"),
        ("f.jsonl#2", 2, "two", "jsonl", "/abs/f.jsonl"),
    ]
    assert docs[0].title == "T1"


def test_jsonl_malformed_line_is_reported_by_line_number() -> None:
    data = jsonl({"text": "one"}, b'{"text": "two",', {"text": "three"})
    out = list(read_jsonl(io.BytesIO(data), "f.jsonl", file=None, limit=LIMIT))
    assert [getattr(o, "text", None) for o in out] == ["one", None, "three"]
    err = out[1]
    assert isinstance(err, InputError)
    assert err.name == "f.jsonl:2"
    assert err.reason.startswith("malformed JSON: ")


def test_jsonl_over_limit_line_is_skipped_without_reading_it_whole() -> None:
    huge = {"text": "x" * 300_000}
    stream = LineSpy(jsonl({"text": "before"}, huge, {"text": "after"}))
    out = list(read_jsonl(stream, "f.jsonl", file=None, limit=1000))
    assert isinstance(out[0], Document)
    assert isinstance(out[1], InputError)
    assert out[1].name == "f.jsonl:2"
    assert out[1].reason == (
        "line larger than the per-article size cap of 1000 bytes (see --max-size)")
    assert isinstance(out[2], Document)
    assert out[2].text == "after"
    assert out[2].name == "f.jsonl#3"
    assert all(size is not None and 0 < size <= 1 << 16 for size in stream.sizes)


def test_jsonl_line_of_exactly_the_cap_is_read() -> None:
    line = json.dumps({"text": "y" * 50}).encode()
    out = list(read_jsonl(io.BytesIO(line + b"\n" + line), "f", file=None, limit=len(line)))
    assert [type(o) for o in out] == [Document, Document]


def test_jsonl_bom_bad_utf8_and_non_objects() -> None:
    data = b"\xef\xbb\xbf" + jsonl({"text": "one"}, b'{"text": "caf\xe9"}', [1, 2], {"x": 1})
    out = list(read_jsonl(io.BytesIO(data), "f", file=None, limit=LIMIT))
    assert isinstance(out[0], Document)
    assert [(e.name, e.reason.split(" (")[0]) for e in errors(out)] == [
        ("f:2", "invalid UTF-8 at byte 13"),
        ("f#3", "expected a JSON object, got an array"),
        ("f#4", "no article text"),
    ]


def test_jsonl_html_line() -> None:
    data = jsonl({"html_is_in": "content", "content": BARE_PAGE, "url": "https://v.example/"})
    [doc] = documents(read_jsonl(io.BytesIO(data), "f", file=None, limit=LIMIT))
    assert doc.text.startswith("Flood waters receded")
    assert (doc.url, doc.format) == ("https://v.example/", "jsonl")


def test_jsonl_empty_file() -> None:
    [err] = errors(read_jsonl(io.BytesIO(b"\n\n"), "f", file=None, limit=LIMIT))
    assert err.reason == "no articles in the JSON Lines file"


# --- WARC -----------------------------------------------------------------------------


def http(status: str, content_type: str | None) -> Any:
    from warcio.statusandheaders import StatusAndHeaders

    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def write_warc(path: Path, *, gzipped: bool, records: list[tuple[Any, ...]]) -> Path:
    """records: (type, uri, date, http headers or None, payload)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for rec_type, uri, date, headers, payload in records:
            if rec_type == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")],
                                           is_http_request=True)
            writer.write_record(writer.create_warc_record(
                uri, rec_type, payload=io.BytesIO(payload), length=len(payload),
                http_headers=headers, warc_headers_dict={"WARC-Date": date}))
    return path


CRAWL = [
    ("request", "https://valley.example/flood", "2023-05-07T12:00:00Z", None, b""),
    ("response", "https://valley.example/flood", "2023-05-07T12:00:00Z",
     http("200 OK", "text/html; charset=utf-8"), BARE_PAGE.encode()),
    ("response", "https://valley.example/logo.png", "2023-05-07T12:00:01Z",
     http("200 OK", "image/png"), b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ("response", "https://valley.example/old", "2023-05-07T12:00:02Z",
     http("301 Moved Permanently", "text/html"), b"<html><body><p>Moved</p></body></html>"),
    ("metadata", "https://valley.example/flood", "2023-05-07T12:00:03Z", None,
     b"outlink: https://valley.example/x\r\n"),
    ("response", "https://crawl.example/budget", "2024-06-01T00:00:00Z",
     http("200 OK", "application/xhtml+xml"), ARTICLE_PAGE.encode()),
    ("response", "https://valley.example/untyped", "2023-05-07T12:00:04Z",
     http("200 OK", None), b"<!DOCTYPE html>" + BARE_PAGE.encode()),
    ("response", "https://valley.example/blob", "2023-05-07T12:00:05Z",
     http("200 OK", None), b"%PDF-1.4 not a page"),
]


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_reads_only_html_responses(tmp_path: Path, gzipped: bool) -> None:
    path = write_warc(tmp_path / "crawl.warc", gzipped=gzipped, records=CRAWL)
    with path.open("rb") as stream:
        docs = documents(read_warc(stream, "crawl.warc", file=str(path), limit=LIMIT))
    # Record 1 is the warcinfo: numbers count every record.
    assert [(d.name, d.record) for d in docs] == [
        ("crawl.warc#3", 3), ("crawl.warc#7", 7), ("crawl.warc#8", 8)]
    flood, budget, untyped = docs
    assert flood.text.startswith("Flood waters receded")
    assert (flood.url, flood.date) == ("https://valley.example/flood", "2023-05-07T12:00:00Z")
    assert (flood.format, flood.file) == ("warc", str(path))
    assert flood.raw == BARE_PAGE.encode()
    # The record's URL identifies the article; the page's publication date beats the
    # capture date.
    assert (budget.url, budget.date) == ("https://crawl.example/budget", "2024-03-15")
    assert budget.text == "\n\n".join([TITLE, *PARAGRAPHS])
    assert untyped.url == "https://valley.example/untyped"


def test_warc_gzip_is_decompressed(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", gzipped=True, records=CRAWL)
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    with gzip.open(path, "rb") as plain:
        assert looks_like_warc(plain.read(8))
    with path.open("rb") as stream:
        assert len(documents(read_warc(stream, "c", file=None, limit=LIMIT))) == 3


def test_warc_http_charset_and_content_encoding(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    page = "<html><body><p>Привет, мир.</p></body></html>"
    encoded = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1251"),
                                          ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    records = [("response", "https://x.example/", "2024-01-01T00:00:00Z", encoded,
                gzip.compress(page.encode("cp1251")))]
    path = write_warc(tmp_path / "c.warc", gzipped=False, records=records)
    with path.open("rb") as stream:
        [doc] = documents(read_warc(stream, "c", file=None, limit=LIMIT))
    assert doc.text == "Привет, мир."


def test_warc_bad_and_oversized_pages_are_errors_and_reading_goes_on(tmp_path: Path) -> None:
    records = [
        ("response", "https://x.example/big", "2024-01-01T00:00:00Z",
         http("200 OK", "text/html"), b"<html><body><p>" + b"word " * 400 + b"</p></body></html>"),
        ("response", "https://x.example/empty", "2024-01-01T00:00:00Z",
         http("200 OK", "text/html"), NO_ARTICLE_PAGE.encode()),
        CRAWL[1],
    ]
    path = write_warc(tmp_path / "c.warc", gzipped=False, records=records)
    with path.open("rb") as stream:
        out = list(read_warc(stream, "c.warc", file=None, limit=1024))
    assert [(type(o).__name__, o.name) for o in out] == [
        ("InputError", "c.warc#2"), ("InputError", "c.warc#3"), ("Document", "c.warc#4")]
    assert isinstance(out[0], InputError)
    assert "size cap of 1 KiB" in out[0].reason
    assert isinstance(out[1], InputError)
    assert out[1].reason == "no article text found in HTML"


def test_warc_without_html_pages(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "c.warc", gzipped=True, records=[CRAWL[0], CRAWL[2]])
    with path.open("rb") as stream:
        [err] = errors(read_warc(stream, "c.warc", file=None, limit=LIMIT))
    assert err.reason == "no HTML pages in the WARC file (3 records)"


def cut_plain(data: bytes) -> bytes:
    # Inside the payload of the ARTICLE_PAGE response (the last record).
    return data[: data.rindex(b"Reaction from residents")]


def cut_gzip(data: bytes) -> bytes:
    return data[: len(data) - 40]


def corrupt_gzip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + b"\xff" * 16 + data[middle + 16 :]


@pytest.mark.parametrize(("gzipped", "damage", "reason"), [
    (False, cut_plain, "malformed WARC: record 3 is truncated"),
    (True, cut_gzip, "malformed WARC: compressed file is truncated"),
    (True, corrupt_gzip, "malformed WARC: "),
    (False, lambda d: d.replace(b"WARC/1.0", b"XARC/1.0"), "malformed WARC: record 1"),
    (False, lambda d: d.replace(b"Content-Length: ", b"Content-Length: 9"), "malformed WARC: "),
    (False, lambda d: b"this is not an archive at all\n", "malformed WARC: "),
    (True, lambda d: d[:12], "malformed WARC: "),
])
def test_damaged_warc_is_an_input_error_not_an_exception(
    tmp_path: Path, gzipped: bool, damage: Any, reason: str
) -> None:
    records = [CRAWL[1], CRAWL[5]]
    path = write_warc(tmp_path / "c.warc", gzipped=gzipped, records=records)
    data = damage(path.read_bytes())
    out = list(read_warc(io.BytesIO(data), "c.warc", file=None, limit=LIMIT))
    last = out[-1]
    assert isinstance(last, InputError)
    assert last.name == "c.warc"
    assert last.reason.startswith(reason)
    assert all(isinstance(o, Document) for o in out[:-1])


def test_truncated_plain_warc_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "c.warc", gzipped=False, records=[CRAWL[1], CRAWL[5]])
    out = list(read_warc(io.BytesIO(cut_plain(path.read_bytes())), "c", file=None, limit=LIMIT))
    assert [type(o) for o in out] == [Document, InputError]


def test_empty_warc() -> None:
    [err] = list(read_warc(io.BytesIO(b""), "c.warc", file=None, limit=LIMIT))
    assert isinstance(err, InputError)
    assert err.reason == "empty file"


@pytest.mark.parametrize(("head", "expected"), [
    (b"WARC/1.0\r\nWARC-Type: warcinfo", True),
    (b"WARC/1.1\r\n", True),
    (b"\x1f\x8b\x08\x00", False),
    (b"<html>", False),
])
def test_looks_like_warc(head: bytes, expected: bool) -> None:
    assert looks_like_warc(head) is expected
