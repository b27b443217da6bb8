"""Read one HTML page as an article: main text as paragraphs, plus page metadata.

Extraction is trafilatura's (precision settings, tables kept); the bytes are decoded by
``decode.decode_html`` (which says with which encoding). This module runs the steps in
order: the page tree made ready for extraction (``html_tree``: layout tables unwrapped,
link lists hidden in a paragraph dropped, loose text put into paragraphs), trafilatura's
extraction with page chrome pruned (``html_extraction``), its XML body turned into one
paragraph per block element (``html_paragraphs``), and the story text the precision
setting cut taken back (``html_story``: text between the precise paragraphs from the
balanced extraction, a story split into several containers alike read whole). When
trafilatura finds nothing, the page's own text blocks, less its chrome, are the last
resort (``_fallback``, here).
"""

from __future__ import annotations

import codecs
import copy
import logging
import re
from typing import Any, NamedTuple

from corpus_cli.errors import InputError
from corpus_cli.ingest.decode import decode_html
from corpus_cli.ingest.html_extraction import (
    PRUNE_XPATH,
    UNSEEN,
    bare_extraction,
    extracted_length,
    metadata,
)
from corpus_cli.ingest.html_paragraphs import body_paragraphs, clean, html_blocks
from corpus_cli.ingest.html_story import with_story_between, with_twin_containers
from corpus_cli.ingest.html_tree import (
    drop_link_lists_in_paragraphs,
    unwrap_layout_tables,
    wrap_loose_text,
)
from corpus_cli.models import Document

_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|article|main|section|div|header|p|h[1-6]|meta|title"
    rb"|figure|blockquote|ul|ol)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)

_MIN_EXTRACTED = 250  # trafilatura's MIN_EXTRACTED_SIZE default
# What is left of a page without an article once its chrome is pruned is shorter.
_MIN_FALLBACK_WORDS = 20
_MAIN_XPATH = "(//article | //main | //*[@itemprop='articleBody'])[1]"


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file or field look like HTML markup."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return _HTML_START.match(head) is not None


def read_html(
    data: bytes,
    name: str,
    *,
    file: str | None = None,
    record: int | None = None,
    url: str | None = None,
    date: str | None = None,
    encoding: str | None = None,
) -> Document:
    """Extract the article in an HTML page.

    ``url`` and ``date`` (e.g. from a WARC record) are used when the page declares none;
    ``encoding`` is a charset from outside the page (an HTTP header), tried before the
    page's own declaration.
    """
    markup, charset = decode_html(data, name, encoding)
    page = _extract(markup, name, url)
    if page is None:
        raise InputError(name, "no article text found in HTML")
    title, paragraphs = page.title, page.paragraphs
    body = "\n\n".join(paragraphs)
    return Document(
        name=name,
        text=f"{title}\n\n{body}" if title else body,
        format="html",
        file=file,
        record=record,
        title=title,
        date=clean(page.meta.date or "") or date,
        byline=clean(page.meta.author or "") or None,
        url=clean(page.meta.url or "") or url,
        source=clean(page.meta.sitename or "") or None,
        raw=data,
        charset=charset,
    )


class _Page(NamedTuple):
    title: str | None
    paragraphs: list[str]
    meta: Any  # trafilatura's Document: title, date, author, sitename, url


def _extract(markup: str, name: str, url: str | None) -> _Page | None:
    """The page's title, article paragraphs and metadata, or None when it has no text."""
    import trafilatura  # here, not at module level: slow to import, and few inputs are HTML
    from trafilatura.utils import load_html

    # trafilatura logs every page it discards; the reason reaches the user as InputError.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        tree = load_html(markup)
        if tree is None:
            return None
        unwrap_layout_tables(tree)
        drop_link_lists_in_paragraphs(tree)
        wrap_loose_text(tree)
        result = bare_extraction(trafilatura, tree, url, low_threshold=False)
        # Below MIN_EXTRACTED_SIZE characters trafilatura tries a baseline rescue that
        # flattens the whole article, headline and byline included, into one paragraph.
        # With the threshold at 1 a short article keeps its paragraphs; long ones never
        # get here. The guard keeps a rescue that found much more text.
        if extracted_length(result) < _MIN_EXTRACTED:
            retry = bare_extraction(trafilatura, tree, url, low_threshold=True)
            if retry is not None and 2 * extracted_length(retry) >= extracted_length(result):
                result = retry
        paragraphs = body_paragraphs(result.body) if extracted_length(result) else []
        if paragraphs:
            paragraphs = with_story_between(trafilatura, tree, url, paragraphs)
            paragraphs = with_twin_containers(tree, paragraphs)
        meta = result if result is not None else metadata(tree, url)
        title = clean(meta.title or "") or None
        # The page's <h1> usually repeats the title; the title goes first in the text anyway.
        if title and paragraphs and _same(paragraphs[0], title):
            paragraphs = paragraphs[1:]
        if not paragraphs:
            paragraphs = _fallback(tree, title)
    except Exception as err:  # lxml and trafilatura raise many types; none may escape
        raise InputError(name, f"malformed HTML: {err or type(err).__name__}") from err
    return _Page(title, paragraphs, meta) if paragraphs else None


def _fallback(tree: Any, title: str | None) -> list[str]:
    """The text blocks of the page left after its chrome is pruned (of its <article> or
    <main> when it has one): the last resort when trafilatura's extraction found nothing
    (it rejects some articles it cannot place: text outside any paragraph, an article in
    an element it discards).

    A page with no article (an index, an error page) is mostly chrome, so what is left
    of it is short: under ``_MIN_FALLBACK_WORDS`` words, it stays "no article text".
    """
    pruned = copy.deepcopy(tree)
    for xpath in (*PRUNE_XPATH, UNSEEN):
        for element in pruned.xpath(xpath):
            if element.getparent() is not None:
                element.drop_tree()  # keeps the tail text, which is not part of it
    paragraphs: list[str] = []
    for root in (*pruned.xpath(_MAIN_XPATH), pruned):
        paragraphs = html_blocks(root)
        if sum(len(p.split()) for p in paragraphs) >= _MIN_FALLBACK_WORDS:
            break
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if sum(len(p.split()) for p in paragraphs) < _MIN_FALLBACK_WORDS:
        return []
    return paragraphs


def _same(a: str, b: str) -> bool:
    return clean(a).casefold() == clean(b).casefold()
