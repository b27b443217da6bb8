"""Story text that trafilatura's precise extraction left out, taken back.

The precise setting keeps page furniture out, at a price: it cuts some story text, and
it reads only the first of several containers a site splits one story into. Two steps
complete its paragraphs: ``with_story_between`` takes text from trafilatura's balanced
extraction where the two agree on the story around it (and a precise paragraph's fuller
version), and ``with_twin_containers`` reads the story's other containers whole. Each
adds text only when it reads as story (sentences of some length; paragraphs, not link
lists or teasers), so that the furniture the precise setting kept out stays out.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from corpus_cli.ingest.html_extraction import PRUNE_XPATH, UNSEEN, extracted_length
from corpus_cli.ingest.html_paragraphs import WORD, body_paragraphs, clean, html_blocks


def _sources(tree: Any, paragraphs: list[str]) -> list[tuple[Any, int]]:
    """The page's <p> elements that gave ``paragraphs``, each with the index of its
    paragraph, in document order."""
    index = {p: i for i, p in enumerate(paragraphs)}
    found = []
    for element in tree.iter("p"):
        i = index.get(clean(element.text_content()))
        if i is not None:
            found.append((element, i))
    return found


def with_twin_containers(tree: Any, paragraphs: list[str]) -> list[str]:
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
    for xpath in (*PRUNE_XPATH, UNSEEN, "//figure"):
        for element in pruned.xpath(xpath.replace("//", ".//")):
            if element.getparent() is not None:
                element.drop_tree()
    blocks: list[str] = []
    linked = 0
    for element in pruned.iter("p"):
        if any(a.tag == "p" for a in element.iterancestors()):
            continue
        blocks.extend(html_blocks(element))
        linked += sum(len(clean(a.text_content())) for a in element.iter("a"))
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


def with_story_between(trafilatura: Any, tree: Any, url: str | None,
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
    if len(WORD.findall(" ".join(region.xpath(_SHOWN_TEXT)))) <= len(WORD.findall(inside)):
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
            include_images=False, include_links=False, prune_xpath=PRUNE_XPATH, fast=True)
    except Exception:  # the precise extraction stands alone; it is the one that counts
        return paragraphs
    if extracted_length(result) == 0:
        return paragraphs
    balanced = body_paragraphs(result.body)
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
