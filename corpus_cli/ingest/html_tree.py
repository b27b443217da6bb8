"""The page tree made ready for trafilatura, changed in place before extraction.

trafilatura judges a page by its markup, and some markup misleads it: tables that lay out
a whole page (``unwrap_layout_tables``: only tables of data stay tables), link lists
hidden inside a paragraph (``drop_link_lists_in_paragraphs``), and story text written
straight into a <div> rather than into paragraphs (``wrap_loose_text``). Each step turns
such markup into what trafilatura reads as intended.
"""

from __future__ import annotations

from typing import Any

from corpus_cli.ingest.html_paragraphs import HTML_INLINE, WORD, clean

_LINK_LIST_MIN = 3  # links in an inline element of a paragraph that make it a link list


def drop_link_lists_in_paragraphs(tree: Any) -> None:
    """Remove link lists hidden inside paragraphs: an inline element holding only links
    (a pop-up card of a person's latest articles, shown on hover). Read as text, its
    headlines were glued into the sentence around it."""
    doomed = []
    for paragraph in tree.iter("p"):
        for element in paragraph.iterdescendants("span", "div"):
            links = element.findall(".//a")
            if len(links) < _LINK_LIST_MIN:
                continue
            text = len(clean(element.text_content()))
            linked = sum(len(clean(a.text_content())) for a in links)
            if linked >= 0.9 * text:
                doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


# A run of loose text this long is prose; a shorter one is a label, a byline, a date.
_LOOSE_MIN_WORDS = 20
_HOLDERS = ("div", "section", "article", "main")


def wrap_loose_text(tree: Any) -> None:
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
            if tag and tag not in HTML_INLINE:
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
            linked += sum(len(clean(a.text_content())) for a in links)
        parts.append(element.tail or "")
    text = clean(" ".join(parts))
    return len(WORD.findall(text)) >= _LOOSE_MIN_WORDS and 2 * linked <= len(text)


_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")
_DATA_TABLE_PARTS = ("col", "colgroup", "tfoot", "thead", "th")


def unwrap_layout_tables(tree: Any) -> None:
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
