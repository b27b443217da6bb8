"""Read one HTML page as an article: main text as paragraphs, plus page metadata.

Extraction is trafilatura's (precision settings, tables kept); the bytes are decoded by
``decode.decode_html`` (which says with which encoding). This module turns layout tables
into plain blocks so that only tables of data stay tables, puts text written straight
into a block into paragraphs, keeps page chrome (navigation, share widgets, related
links, comments, link lists hidden in a paragraph) out of the text, and turns
trafilatura's XML body into one paragraph per block element (a table row, a run of text
ended by <br><br>). What the precision setting cuts from the story is taken back from
trafilatura's balanced extraction, and a story split into several containers alike is
read whole. When trafilatura finds nothing, the page's own text blocks, less its chrome,
are the last resort.
"""

from __future__ import annotations

import codecs
import copy
import datetime
import logging
import re
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from corpus_cli.errors import InputError
from corpus_cli.ingest.decode import decode_html
from corpus_cli.models import Document

if TYPE_CHECKING:
    from configparser import ConfigParser

_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|article|main|section|div|header|p|h[1-6]|meta|title"
    rb"|figure|blockquote|ul|ol)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)

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
_BREAK = "\x00"  # a <br> while a paragraph is put together (lxml text never holds NUL)
_BLANK_LINE = re.compile("\x00\\s*\x00[\\s\x00]*")
_MIN_EXTRACTED = 250  # trafilatura's MIN_EXTRACTED_SIZE default
# What is left of a page without an article once its chrome is pruned is shorter.
_MIN_FALLBACK_WORDS = 20


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
        date=_clean(page.meta.date or "") or date,
        byline=_clean(page.meta.author or "") or None,
        url=_clean(page.meta.url or "") or url,
        source=_clean(page.meta.sitename or "") or None,
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
        _unwrap_layout_tables(tree)
        _drop_link_lists_in_paragraphs(tree)
        _wrap_loose_text(tree)
        result = _bare_extraction(trafilatura, tree, url, low_threshold=False)
        # Below MIN_EXTRACTED_SIZE characters trafilatura tries a baseline rescue that
        # flattens the whole article, headline and byline included, into one paragraph.
        # With the threshold at 1 a short article keeps its paragraphs; long ones never
        # get here. The guard keeps a rescue that found much more text.
        if _length(result) < _MIN_EXTRACTED:
            retry = _bare_extraction(trafilatura, tree, url, low_threshold=True)
            if retry is not None and 2 * _length(retry) >= _length(result):
                result = retry
        paragraphs = _paragraphs(result.body) if _length(result) else []
        if paragraphs:
            paragraphs = _with_story_between(trafilatura, tree, url, paragraphs)
            paragraphs = _with_twin_containers(tree, paragraphs)
        meta = result if result is not None else _metadata(tree, url)
        title = _clean(meta.title or "") or None
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
    for xpath in (*_PRUNE_XPATH, _UNSEEN):
        for element in pruned.xpath(xpath):
            if element.getparent() is not None:
                element.drop_tree()  # keeps the tail text, which is not part of it
    paragraphs: list[str] = []
    for root in (*pruned.xpath(_MAIN_XPATH), pruned):
        paragraphs = _html_blocks(root)
        if sum(len(p.split()) for p in paragraphs) >= _MIN_FALLBACK_WORDS:
            break
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if sum(len(p.split()) for p in paragraphs) < _MIN_FALLBACK_WORDS:
        return []
    return paragraphs


_UNSEEN = "//script | //style | //noscript | //template | //head | //form | //button | //select"
_MAIN_XPATH = "(//article | //main | //*[@itemprop='articleBody'])[1]"
# HTML elements that do not start a new block of text.
_HTML_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "img",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr", "big", "tt", "strike", "ins", "del", "label", "br",
}


def _html_blocks(root: Any) -> list[str]:
    """One string per block of text in HTML: what the page shows as separate blocks."""
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        _put_together(pending, paragraphs)

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        inline = tag in _HTML_INLINE
        if tag == "br":
            pending.append(_BREAK)
        elif not inline:
            flush()
        if tag:
            pending.append(element.text or "")
            for child in element:
                walk(child)
                pending.append(child.tail or "")
        if not inline:
            flush()

    walk(root)
    return paragraphs


def _metadata(tree: Any, url: str | None) -> Any:
    from trafilatura.metadata import extract_metadata

    return extract_metadata(tree, default_url=url, date_config=_date_params(),
                            extensive=True)


def _date_params() -> dict[str, Any]:
    # Extensive search guesses dates from free text: a footer's "© 2024" became the
    # publication date 2024-01-01. Only structured dates (meta, JSON-LD, <time>, URL).
    return {"original_date": True, "extensive_search": False,
            "max_date": datetime.date.today().isoformat()}


_LINK_LIST_MIN = 3  # links in an inline element of a paragraph that make it a link list


def _drop_link_lists_in_paragraphs(tree: Any) -> None:
    """Remove link lists hidden inside paragraphs: an inline element holding only links
    (a pop-up card of a person's latest articles, shown on hover). Read as text, its
    headlines were glued into the sentence around it."""
    doomed = []
    for paragraph in tree.iter("p"):
        for element in paragraph.iterdescendants("span", "div"):
            links = element.findall(".//a")
            if len(links) < _LINK_LIST_MIN:
                continue
            text = len(_clean(element.text_content()))
            linked = sum(len(_clean(a.text_content())) for a in links)
            if linked >= 0.9 * text:
                doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


# A run of loose text this long is prose; a shorter one is a label, a byline, a date.
_LOOSE_MIN_WORDS = 20
_HOLDERS = ("div", "section", "article", "main")
_WORD = re.compile(r"\w+")


def _wrap_loose_text(tree: Any) -> None:
    """Put text that sits directly in a block (a <div>, a layout cell) into paragraphs.

    trafilatura reads the text of <div>s only on pages with little paragraph text: a
    story's opening written straight into its <div>, before <p> paragraphs, was lost.
    Each run of text and inline elements between two blocks becomes a <p> when it reads
    as prose (``_prose``).
    """
    for holder in list(tree.iter(*_HOLDERS)):
        children = list(holder)
        if not (holder.text or "").strip() and not any(
                (c.tail or "").strip() for c in children):
            continue
        # a caption is text too, beside a picture: it stays as trafilatura judges it
        if any("caption" in (e.get("class") or "").lower() or e.tag == "figure"
               for e in (holder, *holder.iterancestors())):
            continue
        runs: list[tuple[Any, list[Any]]] = []  # (block before the run or None, inline run)
        before: Any = None
        run: list[Any] = []
        for child in children:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag not in _HTML_INLINE:
                runs.append((before, run))
                before, run = child, []
            else:
                run.append(child)
        runs.append((before, run))
        for before, run in runs:
            lead = holder.text if before is None else before.tail
            if not _prose(lead, run):
                continue
            paragraph = holder.makeelement("p", {})
            paragraph.text = lead
            if before is None:
                holder.text = None
                holder.insert(0, paragraph)
            else:
                before.tail = None
                before.addnext(paragraph)
            for child in run:
                paragraph.append(child)


def _prose(lead: str | None, run: list[Any]) -> bool:
    """Whether a run of loose text reads as prose: ``_LOOSE_MIN_WORDS`` words or more,
    at most half of it link text (not a row of navigation links)."""
    parts = [lead or ""]
    linked = 0
    for element in run:
        if isinstance(element.tag, str):
            parts.append(element.text_content())
            links = [element] if element.tag == "a" else element.findall(".//a")
            linked += sum(len(_clean(a.text_content())) for a in links)
        parts.append(element.tail or "")
    text = _clean(" ".join(parts))
    return len(_WORD.findall(text)) >= _LOOSE_MIN_WORDS and 2 * linked <= len(text)


_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")
_DATA_TABLE_PARTS = ("col", "colgroup", "tfoot", "thead", "th")


def _unwrap_layout_tables(tree: Any) -> None:
    """Turn tables that lay out a page into plain blocks; keep tables of data as tables.

    Pages of the table-layout era hold navigation, the article and its sidebars in the
    cells of one table: extracted as a table, the navigation came along; with tables left
    out, so did the article. The test is Mozilla Readability's (_markDataTables): a
    summary, a caption or header cells make a table of data; nesting, a single row or
    column, or a small grid make one of layout.
    """
    layout = {t for t in tree.iter("table") if not _is_data_table(t)}
    if not layout:
        return
    # Every part is judged before any is renamed: a renamed table owns nothing.
    parts = [e for e in tree.iter(*_TABLE_PARTS) if _owner(e) in layout]
    for element in parts:
        element.tag = "div"


def _owner(element: Any) -> Any:
    """The table a table part belongs to (itself, for a table)."""
    while element is not None and element.tag != "table":
        element = element.getparent()
    return element


def _is_data_table(table: Any) -> bool:
    if (table.get("role") or "").strip() in ("presentation", "none"):
        return False
    if (table.get("datatable") or "").strip() == "0":
        return False
    if (table.get("summary") or "").strip():
        return True
    caption = table.find(".//caption")
    if caption is not None and (len(caption) or (caption.text or "").strip()):
        return True
    if any(table.find(f".//{tag}") is not None for tag in _DATA_TABLE_PARTS):
        return True
    if table.find(".//table") is not None:
        return False
    rows = columns = 0
    for row in table.iter("tr"):
        rows += _span(row.get("rowspan"))
        columns = max(columns, sum(_span(cell.get("colspan")) for cell in row
                                   if cell.tag in ("td", "th")))
    if rows == 1 or columns == 1:
        return False
    return rows >= 10 or columns > 4 or rows * columns > 10


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _length(result: Any) -> int:
    return len(result.text or "") if result is not None else 0


def _bare_extraction(trafilatura: Any, tree: Any, url: str | None, *, low_threshold: bool) -> Any:
    from trafilatura.settings import DEFAULT_CONFIG

    # trafilatura copies a tree it is given, so the same tree serves a retry.
    return trafilatura.bare_extraction(
        tree,
        url=url,
        config=_low_threshold_config() if low_threshold else DEFAULT_CONFIG,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        include_images=False,
        include_links=False,
        prune_xpath=_PRUNE_XPATH,
        date_extraction_params=_date_params(),
    )


@cache
def _low_threshold_config() -> ConfigParser:
    from trafilatura.settings import DEFAULT_CONFIG

    config: ConfigParser = copy.deepcopy(DEFAULT_CONFIG)
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _paragraphs(body: Any) -> list[str]:
    """One string per block element of trafilatura's XML body, whitespace collapsed."""
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        _put_together(pending, paragraphs)

    def block(element: Any) -> None:
        flush()
        pending.append(element.text or "")
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            elif child.tag == "lb":
                pending.append(_BREAK)
            elif child.tag in _INLINE:
                pending.append(_inline_text(child))
            elif child.tag == "row" and _flat(child):
                # A table row reads as one line, cell after cell, as it does on the page.
                flush()
                pending.append(" ".join(_inline_text(cell) for cell in child
                                        if isinstance(cell.tag, str)))
                flush()
            else:
                block(child)
            pending.append(child.tail or "")
        flush()

    if body is not None:
        block(body)
    return paragraphs


def _put_together(pending: list[str], paragraphs: list[str]) -> None:
    """Append the paragraphs in the pieces of text ``pending`` (then emptied) to
    ``paragraphs``: two line breaks in a row (<br><br>) end a paragraph, as they do on
    the page; a single one separates words."""
    for part in _BLANK_LINE.split("".join(pending)):
        text = _clean(part.replace(_BREAK, " "))
        if text:
            paragraphs.append(text)
    pending.clear()


def _flat(row: Any) -> bool:
    """Whether a table row holds only cells of inline text (no paragraphs, lists, tables)."""
    return all(cell.tag == "cell" and all(
        not isinstance(e.tag, str) or e.tag in _INLINE for e in cell.iterdescendants())
        for cell in row if isinstance(cell.tag, str))


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


def _sources(tree: Any, paragraphs: list[str]) -> list[tuple[Any, int]]:
    """The page's <p> elements that gave ``paragraphs``, each with the index of its
    paragraph, in document order."""
    index = {p: i for i, p in enumerate(paragraphs)}
    found = []
    for element in tree.iter("p"):
        i = index.get(_clean(element.text_content()))
        if i is not None:
            found.append((element, i))
    return found


def _with_twin_containers(tree: Any, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the text of the article body's twins: containers after it with
    the same tag and class as the one holding most of the extracted paragraphs.

    Sites that break an article with advertisements or sidebars put each run of
    paragraphs in a container of its own, all alike ("article__body"); trafilatura takes
    the first and leaves the rest of the story out. A twin counts when it reads as story
    text: paragraphs, not link lists or teasers.
    """
    kept = set(paragraphs)
    holders: dict[Any, list[int]] = {}
    for element, i in _sources(tree, paragraphs):
        # the paragraph's container: its parent, or the parent's parent (a wrapper
        # without a class between them); not some wrapper of the whole page
        parent = element.getparent()
        if parent is not None and not parent.get("class"):
            parent = parent.getparent()
        if parent is not None and parent.get("class"):
            holders.setdefault(parent, []).append(i)
    if not holders:
        return paragraphs
    container = max(holders, key=lambda e: len(holders[e]))
    held = holders[container]
    if 2 * len(held) < len(paragraphs) or len(held) < 2:
        return paragraphs
    cls = container.get("class")
    below = set(container.iterdescendants())
    story = _story_root(container)
    twins: list[Any] = []
    seen = False
    # An infinite-scroll page appends the next story in containers of the same class,
    # under a headline of its own (and in an <article> of its own): twins stop there.
    for element in tree.iter(container.tag, "h1"):
        if element is container:
            seen = True
        elif not seen or element in below:
            continue
        elif element.tag == "h1" or _story_root(element) is not story:
            if element.tag == "h1" or twins:
                break
        elif element.get("class") == cls:
            twins.append(element)
    added: list[str] = []
    for twin in twins:
        blocks = [b for b in _story_blocks(twin) if b not in kept]
        kept.update(blocks)
        added.extend(blocks)
    if not added:
        return paragraphs
    end = max(held) + 1
    return [*paragraphs[:end], *added, *paragraphs[end:]]


def _story_root(element: Any) -> Any:
    """The <article> an element is in, if any."""
    return next(element.iterancestors("article"), None)


_STORY_MIN_WORDS = 15  # a twin holds at least one paragraph of this many words
_MAX_LINK_SHARE = 0.3  # of a twin's paragraph text


def _story_blocks(twin: Any) -> list[str]:
    """The paragraphs of a twin container when they read as story text, else none."""
    pruned = copy.deepcopy(twin)
    for xpath in (*_PRUNE_XPATH, _UNSEEN, "//figure"):
        for element in pruned.xpath(xpath.replace("//", ".//")):
            if element.getparent() is not None:
                element.drop_tree()
    blocks: list[str] = []
    linked = 0
    for element in pruned.iter("p"):
        if any(a.tag == "p" for a in element.iterancestors()):
            continue
        blocks.extend(_html_blocks(element))
        linked += sum(len(_clean(a.text_content())) for a in element.iter("a"))
    total = sum(len(b) for b in blocks)
    if not any(len(b.split()) >= _STORY_MIN_WORDS for b in blocks) or \
            linked > _MAX_LINK_SHARE * total:
        return []
    return blocks


_STORY_END = re.compile(r"[.!?…]['\"”’)\]]*$")
# A paragraph the balanced extraction adds between two precise ones is story text when it
# ends as a sentence and has this many words or more.
BETWEEN_MIN_WORDS = 15
_FULLER_WINDOW = 8  # balanced paragraphs searched for the fuller version of a precise one
_SHOWN_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


def _with_story_between(trafilatura: Any, tree: Any, url: str | None,
                        paragraphs: list[str]) -> list[str]:
    """``paragraphs`` (the precise extraction) completed by the balanced extraction.

    trafilatura's precision setting keeps out page furniture that its balanced setting
    lets in, but it also cuts story text: a block styled with a border, an element whose
    class says "link" inside a sentence, a paragraph dense with links. Where the two
    agree on the story (paragraphs both keep), the balanced extraction's text between
    them is story text when it reads as such (see ``BETWEEN_MIN_WORDS``); a precise
    paragraph is replaced by the balanced one that holds all its words and more.
    """
    from trafilatura.settings import DEFAULT_CONFIG

    # fast: trafilatura's own extractor only; the precise pass already had the others'
    # opinion (readability's, jusText's)
    # Only the stretch of the page from the first to the last precise paragraph can hold
    # text between them: the balanced pass reads that part alone (a page's whole tree
    # costs several times more).
    sources = _sources(tree, paragraphs)
    if len(sources) < 2:
        return paragraphs
    first, last = sources[0][0], sources[-1][0]
    around_last = {last, *last.iterancestors()}
    region = next(e for e in (first, *first.iterancestors()) if e in around_last)
    # nothing there but the precise paragraphs (a third of pages): nothing to take back
    inside = " ".join(paragraphs[i] for i in sorted({i for _, i in sources}))
    if len(_WORD.findall(" ".join(region.xpath(_SHOWN_TEXT)))) <= len(_WORD.findall(inside)):
        return paragraphs
    if region.tag in ("html", "body"):
        region = tree
    else:
        page = tree.makeelement("html", {})
        page.append(tree.makeelement("body", {}))
        page[0].append(copy.deepcopy(region))
        region = page
    try:
        result = trafilatura.bare_extraction(
            region, url=url, config=DEFAULT_CONFIG, with_metadata=False,
            include_comments=False, include_tables=True, favor_precision=False,
            include_images=False, include_links=False, prune_xpath=_PRUNE_XPATH, fast=True)
    except Exception:  # the precise extraction stands alone; it is the one that counts
        return paragraphs
    if _length(result) == 0:
        return paragraphs
    balanced = _paragraphs(result.body)
    out = list(paragraphs)
    place: dict[int, int] = {}  # balanced index -> precise index
    start = 0
    for i, paragraph in enumerate(paragraphs):
        k = _find(balanced, paragraph, start)
        if k is not None:
            place[k] = i
            out[i] = balanced[k]
            start = k + 1
    if len(place) < 2:
        return out
    kept = set(out)
    extra: dict[int, list[str]] = {}
    marks = sorted(place)
    last = place[marks[0]]
    for k in range(marks[0], marks[-1] + 1):
        text = balanced[k]
        if k in place:
            last = place[k]
        elif (text not in kept and len(text.split()) >= BETWEEN_MIN_WORDS
              and _STORY_END.search(text)):
            extra.setdefault(last, []).append(text)
    if not extra:
        return out
    merged: list[str] = []
    for i, paragraph in enumerate(out):
        merged.append(paragraph)
        merged.extend(extra.get(i, ()))
    return merged


def _find(balanced: list[str], paragraph: str, start: int) -> int | None:
    """Where ``paragraph`` is in ``balanced`` from ``start`` on: the same text anywhere,
    else a fuller version of it among the next few."""
    for k in range(start, len(balanced)):
        if balanced[k] == paragraph:
            return k
    for k in range(start, min(start + _FULLER_WINDOW, len(balanced))):
        if _fuller(balanced[k], paragraph):
            return k
    return None


def _fuller(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` with words added (an inline element kept)."""
    a, b = longer.split(), shorter.split()
    if len(a) <= len(b) or len(a) > 2 * len(b):
        return False
    words = iter(a)
    return all(word in words for word in b)
