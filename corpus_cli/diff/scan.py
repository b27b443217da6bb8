"""Regular-expression scans of long texts: in slices, with equal strings shared.

``re.findall`` over a paragraph of 10 MB makes 1.7 million strings at once, about 100 MB
per list. Scanning it in slices of about ``CHUNK`` characters, each cut where a word
begins after a space (no token or trailing space run ever crosses a cut), and keeping
one string object per distinct token (a dictionary, not ``sys.intern``'s global table),
keeps a long paragraph's tokens at 8 bytes each plus its vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CHUNK = 1 << 20
_CUT = re.compile(r"\s(?=\S)")


def slices(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` covering ``text`` in order, each cut before a non-space character
    that follows a space."""
    start, chunk = 0, CHUNK
    while len(text) - start > chunk:
        cut = _CUT.search(text, start + chunk)
        if cut is None:
            break
        yield start, cut.end()
        start = cut.end()
    yield start, len(text)


def shared(strings: list[str], memo: dict[str, str]) -> list[str]:
    """``strings`` with each distinct string one object (the first seen, kept in ``memo``)."""
    return list(map(memo.setdefault, strings, strings))


def findall(pattern: re.Pattern[str], text: str, memo: dict[str, str]) -> list[str]:
    """``pattern.findall(text)`` for a pattern whose matches never contain whitespace,
    equal strings shared: in slices when ``text`` is long."""
    if len(text) <= CHUNK:
        return pattern.findall(text)
    out: list[str] = []
    for start, end in slices(text):
        out += shared(pattern.findall(text, start, end), memo)
    return out
