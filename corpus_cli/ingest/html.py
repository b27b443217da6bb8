"""Read one HTML page as an article: main text as paragraphs, plus page metadata.

Extraction is trafilatura's; this module decodes the bytes, keeps page chrome (navigation,
share widgets, related links, comments) out of the text, and turns trafilatura's XML body
into one paragraph per block element.
"""

from __future__ import annotations

import codecs
import copy
import datetime
import logging
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from corpus_cli.errors import InputError
from corpus_cli.ingest.decode import decode
from corpus_cli.models import Document

if TYPE_CHECKING:
    from configparser import ConfigParser

_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|article|main|section|div|header|p|h[1-6]|meta|title"
    rb"|figure|blockquote|ul|ol)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
# <meta charset=...>, <meta http-equiv=... content="...; charset=..."> and <?xml encoding=...?>.
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and pages rely on it:
# "iso-8859-1" pages routinely contain cp1252 curly quotes and dashes.
_AS_CP1252 = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"}

# Page chrome removed before extraction. trafilatura already drops most of it, but when its
# main extractor finds little text it falls back to the page's whole text, which on a page
# with no article is exactly this chrome. Headers inside an article hold its title/byline.
_PRUNE_XPATH = [
    "//nav",
    "//aside",
    "//footer",
    "//header[not(ancestor::article) and not(ancestor::main)]",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']",
    # Share buttons and cookie banners anywhere; the length test spares an article whose
    # wrapper's class merely mentions sharing ("post share-enabled").
    "//*[(contains(@class, 'share') or contains(@id, 'share') or contains(@class, 'social')"
    " or contains(@id, 'social') or contains(@class, 'cookie') or contains(@id, 'cookie'))"
    " and string-length(normalize-space(.)) < 200]",
]
# trafilatura's XML vocabulary: everything else is a block that starts a new paragraph.
_INLINE = {"hi", "ref", "del", "lb", "graphic", "span", "abbr", "sub", "sup"}
_MIN_EXTRACTED = 250  # trafilatura's MIN_EXTRACTED_SIZE default
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


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
    markup = _decode_html(data, name, encoding)
    extracted = _extract(markup, name, url)
    if extracted is None:
        raise InputError(name, "no article text found in HTML")
    title = _clean(extracted.title or "") or None
    paragraphs = _paragraphs(extracted.body)
    # The page's <h1> usually repeats the title; the title goes first in the text anyway.
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise InputError(name, "no article text found in HTML")
    body = "\n\n".join(paragraphs)
    return Document(
        name=name,
        text=f"{title}\n\n{body}" if title else body,
        format="html",
        file=file,
        record=record,
        title=title,
        date=_clean(extracted.date or "") or date,
        byline=_clean(extracted.author or "") or None,
        url=_clean(extracted.url or "") or url,
        source=_clean(extracted.sitename or "") or None,
        raw=data,
    )


def _extract(markup: str, name: str, url: str | None) -> Any:
    """trafilatura's extraction result (title, date, author, sitename, url, body) or None."""
    import trafilatura  # here, not at module level: slow to import, and few inputs are HTML

    # trafilatura logs every page it discards; the reason reaches the user as InputError.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        result = _bare_extraction(trafilatura, markup, url, low_threshold=False)
        # Below MIN_EXTRACTED_SIZE characters trafilatura tries a baseline rescue that
        # flattens the whole article, headline and byline included, into one paragraph.
        # With the threshold at 1 a short article keeps its paragraphs; long ones never
        # get here. The guard keeps a rescue that found much more text.
        if _length(result) < _MIN_EXTRACTED:
            retry = _bare_extraction(trafilatura, markup, url, low_threshold=True)
            if retry is not None and 2 * _length(retry) >= _length(result):
                result = retry
    except Exception as err:  # lxml and trafilatura raise many types; none may escape
        raise InputError(name, f"malformed HTML: {err or type(err).__name__}") from err
    if result is None or not (result.text or "").strip():
        return None
    return result


def _length(result: Any) -> int:
    return len(result.text or "") if result is not None else 0


def _bare_extraction(trafilatura: Any, markup: str, url: str | None, *, low_threshold: bool) -> Any:
    from trafilatura.settings import DEFAULT_CONFIG

    return trafilatura.bare_extraction(
        markup,
        url=url,
        config=_low_threshold_config() if low_threshold else DEFAULT_CONFIG,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        prune_xpath=_PRUNE_XPATH,
        # Extensive search guesses dates from free text: a footer's "© 2024" became the
        # publication date 2024-01-01. Only structured dates (meta, JSON-LD, <time>, URL).
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": datetime.date.today().isoformat(),
        },
    )


@cache
def _low_threshold_config() -> ConfigParser:
    from trafilatura.settings import DEFAULT_CONFIG

    config: ConfigParser = copy.deepcopy(DEFAULT_CONFIG)
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _decode_html(data: bytes, name: str, encoding: str | None) -> str:
    """Decode page bytes the way a browser would, roughly.

    trafilatura's own decoding ignores <meta charset>: it read cp1252 curly quotes in an
    "iso-8859-1" page as C1 control characters, and short cp1252 text as cp1250.
    """
    if not data.strip():
        raise InputError(name, "empty file")
    text = ""
    # decode() handles BOMs, valid UTF-8 and binary data; declarations matter only for
    # bytes that are not UTF-8, where its guess is the last resort.
    if not (data.startswith(_BOMS) or b"\x00" in data[:65536] or _try_decode(data, "utf-8")):
        for label in (encoding, _declared_charset(data)):
            text = _try_decode(data, label) or ""
            if text:
                break
    if not text:
        text = decode(data, name)
    text = text.lstrip("\ufeff")
    # trafilatura rejects input without "html" near the start as not-HTML, which drops
    # fragments such as a JSON record's "<p>...</p><p>...</p>" body.
    if "html" not in text.lstrip()[:50].lower():
        text = f"<html>{text}</html>"
    return text


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii").strip().lower()


def _try_decode(data: bytes, label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        label = "cp1252"
    try:
        return data.decode(label)
    except (LookupError, UnicodeDecodeError):
        return None


def _paragraphs(body: Any) -> list[str]:
    """One string per block element of trafilatura's XML body, whitespace collapsed."""
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        text = _clean("".join(pending))
        if text:
            paragraphs.append(text)
        pending.clear()

    def block(element: Any) -> None:
        flush()
        pending.append(element.text or "")
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            elif child.tag in _INLINE:
                pending.append(_inline_text(child))
            else:
                block(child)
            pending.append(child.tail or "")
        flush()

    if body is not None:
        block(body)
    return paragraphs


def _inline_text(element: Any) -> str:
    # A line break inside a paragraph separates words; itertext() would glue them.
    if element.tag == "lb":
        return " "
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _same(a: str, b: str) -> bool:
    return _clean(a).casefold() == _clean(b).casefold()
