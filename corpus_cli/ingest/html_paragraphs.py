"""Element trees to paragraphs: trafilatura's XML body (``body_paragraphs``) and a page's
own HTML (``html_blocks``), one string per block, whitespace collapsed.

Both readings share one rule for line breaks: two in a row (<br><br>) end a paragraph,
as they do on the page; a single one separates words. The HTML reader's other modules
count words and compare text with the helpers here (``clean``, ``WORD``), so that every
step sees a paragraph's text the same way.
"""

from __future__ import annotations

import re
from typing import Any

# trafilatura's XML vocabulary: everything else is a block that starts a new paragraph.
_INLINE = {"hi", "ref", "del", "lb", "graphic", "span", "abbr", "sub", "sup"}
_BREAK = "\x00"  # a <br> while a paragraph is put together (lxml text never holds NUL)
_BLANK_LINE = re.compile("\x00\\s*\x00[\\s\x00]*")
WORD = re.compile(r"\w+")
# HTML elements that do not start a new block of text.
HTML_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "img",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr", "big", "tt", "strike", "ins", "del", "label", "br",
}


def clean(text: str) -> str:
    return " ".join(text.split())


def html_blocks(root: Any) -> list[str]:
    """One string per block of text in HTML: what the page shows as separate blocks."""
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        _put_together(pending, paragraphs)

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        inline = tag in HTML_INLINE
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


def body_paragraphs(body: Any) -> list[str]:
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
        text = clean(part.replace(_BREAK, " "))
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
