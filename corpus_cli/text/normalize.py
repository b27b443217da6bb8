"""Normalised text for matching, with a map back to offsets in the raw text.

Normalising folds away what outlets vary without changing meaning: Unicode
compatibility forms (NFKC), curly versus straight quotes, dash styles, case and
whitespace runs. ``normalize`` is the fast path used for hashing at ingest;
``normalize_with_map`` returns the same string plus an ``OffsetMap`` so any span
found in normalised text can be reported in the stored original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

# Only characters that NFKC leaves alone are folded by table (″ and ´ are decomposed by
# NFKC itself), so translating first and normalising per cluster agree; ASCII is only
# ever lower-cased.
_SINGLE_QUOTES = "‘’‚‛′‵"
_DOUBLE_QUOTES = "“”„‟«»"
_DASHES = "‐‑‒–—―−⁃"
_DELETED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen and zero-width characters

_FOLD: dict[int, str | None] = {ord(c): "'" for c in _SINGLE_QUOTES}
_FOLD.update({ord(c): '"' for c in _DOUBLE_QUOTES})
_FOLD.update({ord(c): "-" for c in _DASHES})
_FOLD.update({ord(c): None for c in _DELETED})

_FOLDED = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SPACE_RUN = re.compile(r"\s+")


def _fold_marks(text: str) -> str:
    """``text.translate(_FOLD)``, done by finding the marks with a regular expression:
    translate looks every character of a non-ASCII string up in the table, and a scan
    for the few folded ones is faster at every length (bench/README.md). Every folded
    character is non-ASCII, so ASCII text (``isascii`` is a flag read) has none."""
    if text.isascii():
        return text
    return _FOLDED.sub(_folded_run, text)


def _folded_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD)


def _fold_cluster(cluster: str) -> str:
    """Normalise one base character with its combining marks."""
    folded = unicodedata.normalize("NFKC", cluster).translate(_FOLD).casefold()
    # casefold can produce sequences NFKC would rewrite again ("ﬅ", "İ"); a second pass
    # keeps normalise idempotent.
    return unicodedata.normalize("NFKC", folded).translate(_FOLD)


def _attaches(ch: str) -> bool:
    # Deleted characters join the cluster before them, like combining marks, so a mark
    # after a zero-width space still composes with its real base in one pass.
    return bool(unicodedata.combining(ch)) or ch in _DELETED


def _clusters(run: str) -> list[str]:
    out: list[str] = []
    for ch in run:
        if out and _attaches(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _special_runs(text: str) -> list[tuple[int, int]]:
    """Non-ASCII runs, each widened to take in an ASCII base of a leading combining mark."""
    runs = []
    for m in _NON_ASCII.finditer(text):
        start = m.start()
        if start > 0 and _attaches(text[start]):
            start -= 1
        runs.append((start, m.end()))
    return runs


class OffsetMap(NamedTuple):
    """Piecewise map from normalised offsets to raw offsets.

    Piece ``i`` covers normalised offsets from ``norm_starts[i]`` up to the next piece.
    A linear piece maps ``k`` to ``raw_starts[i] + (k - norm_starts[i])``; a non-linear
    piece (a folded cluster, a collapsed whitespace run) maps every offset in it to the
    whole raw range ``[raw_starts[i], raw_ends[i])``.
    """

    length: int  # length of the normalised text
    norm_starts: tuple[int, ...]
    raw_starts: tuple[int, ...]
    raw_ends: tuple[int, ...]
    linear: tuple[bool, ...]

    def raw_start(self, k: int) -> int:
        """Raw start offset of the normalised character at ``k``."""
        if k >= self.length:
            return self.raw_ends[-1] if self.raw_ends else 0
        i = bisect_right(self.norm_starts, k) - 1
        if self.linear[i]:
            return self.raw_starts[i] + (k - self.norm_starts[i])
        return self.raw_starts[i]

    def raw_end(self, k: int) -> int:
        """Raw end offset of the normalised character at ``k - 1``."""
        if k <= 0:
            return self.raw_starts[0] if self.raw_starts else 0
        i = bisect_right(self.norm_starts, k - 1) - 1
        if self.linear[i]:
            return self.raw_starts[i] + (k - self.norm_starts[i])
        return self.raw_ends[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalised span ``[start, end)``."""
        raw_start = self.raw_start(start)
        if end <= start:
            return raw_start, raw_start
        return raw_start, self.raw_end(end)


class Normalized(NamedTuple):
    text: str
    offsets: OffsetMap


def _pieces(text: str) -> list[tuple[str, int, int, bool]]:
    """Split ``text`` into (folded text, raw start, raw end, linear) before space collapse."""
    pieces: list[tuple[str, int, int, bool]] = []
    pos = 0
    for start, end in _special_runs(text):
        if pos < start:
            pieces.append((text[pos:start].lower(), pos, start, True))
        offset = start
        for cluster in _clusters(text[start:end]):
            folded = _fold_cluster(cluster)
            linear = len(folded) == len(cluster) == 1
            pieces.append((folded, offset, offset + len(cluster), linear))
            offset += len(cluster)
        pos = end
    if pos < len(text):
        pieces.append((text[pos:].lower(), pos, len(text), True))
    return pieces


def normalize(text: str) -> str:
    """Matching form of ``text``: NFKC, quotes and dashes folded, casefolded, spaces collapsed."""
    # Fast path: news text is ASCII once its quotes and dashes are folded, and then
    # lower-casing is all NFKC and casefolding would do. str.split() splits on exactly
    # the characters re's \s matches. ASCII already (``isascii`` is a flag read) has
    # nothing to fold: the one case taken before any call.
    if text.isascii():
        return _collapsed(text.lower())
    folded = _fold_marks(text)
    if not folded.isascii():
        # Text already in NFKC form ("£", "é" precomposed) needs no per-cluster work when
        # its casefolded form is NFKC too: each cluster would come out as it went in.
        low = folded.casefold()
        if (unicodedata.is_normalized("NFKC", text) and unicodedata.is_normalized("NFKC", low)
                and _fold_marks(low) == low):
            return _collapsed(low)
    if folded.isascii():
        # Most paragraphs hold single spaces only: then there is nothing to collapse.
        return _collapsed(folded.lower())
    return " ".join("".join(p[0] for p in _pieces(text)).split())


PIECE_CHARS = 1 << 20  # normalized_pieces: about how much of a long text each piece covers
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]")
_ASCII_PAIR = re.compile(r"[!-~](?=[!-~])")  # inside a run of visible ASCII: a safe cut


def normalized_pieces(text: str, size: int = PIECE_CHARS) -> Iterator[str]:
    """``normalize(text)`` a piece at a time, never all of it at once: the pieces, put
    together (``"".join``), are ``normalize(text)``.

    The text is cut about every ``size`` characters, at ASCII whitespace, or failing that
    between two visible ASCII characters (a word of 300 MB). Nothing normalising does
    reaches across such a cut: folding, NFKC and casefolding go character by character or
    cluster by cluster, and an ASCII letter or sign never joins the character before it;
    spaces are collapsed, and a piece after whitespace starts with its one space. A
    paragraph of 300 MB then costs a megabyte or two beside its text, not another copy.
    """
    pos, gap, given = 0, False, False  # gap: whitespace since the last piece given
    while pos < len(text):
        cut = len(text)
        if pos + size < len(text):
            near = min(len(text), pos + 2 * size)
            space = _ASCII_SPACE.search(text, pos + size, near)
            pair = None if space else _ASCII_PAIR.search(text, pos + size, near)
            if space:
                cut = space.start()
            elif pair:
                cut = pair.start() + 1
            else:  # neither within 2 * size: the next whitespace, however far
                later = _ASCII_SPACE.search(text, near)
                cut = later.start() if later else len(text)
        chunk = text[pos:cut]
        piece = normalize(chunk)
        gap = gap or chunk[:1].isspace()
        if piece:
            yield " " + piece if gap and given else piece
            given = True
            gap = chunk[-1:].isspace()
        else:
            gap = gap or bool(chunk)  # only whitespace and what normalising drops
        pos = cut


def _collapsed(text: str) -> str:
    """``" ".join(text.split())``, without splitting a text whose spaces are single
    already, the usual case. Every whitespace character but " " is unprintable, so
    ``isprintable()`` and no double space say so, in C loops (a tenth of a split)."""
    if (text.isprintable() and "  " not in text
            and not text.startswith(" ") and not text.endswith(" ")):
        return text
    return " ".join(text.split())


def normalize_with_map(text: str) -> Normalized:
    """``normalize(text)`` together with the map from its offsets back into ``text``."""
    norm_starts: list[int] = []
    raw_starts: list[int] = []
    raw_ends: list[int] = []
    linear: list[bool] = []
    out: list[str] = []
    length = 0
    pending_space: tuple[int, int] | None = None  # raw range of whitespace not yet emitted

    def emit(chunk: str, raw_start: int, raw_end: int, is_linear: bool) -> None:
        nonlocal length, pending_space
        if pending_space is not None and length:
            # A space is written only once text follows it: this is what strips both ends.
            norm_starts.append(length)
            raw_starts.append(pending_space[0])
            raw_ends.append(pending_space[1])
            linear.append(False)
            out.append(" ")
            length += 1
        pending_space = None
        norm_starts.append(length)
        raw_starts.append(raw_start)
        raw_ends.append(raw_end)
        linear.append(is_linear)
        out.append(chunk)
        length += len(chunk)

    def space(raw_start: int, raw_end: int) -> None:
        nonlocal pending_space
        pending_space = (raw_start, raw_end) if pending_space is None else (
            pending_space[0], raw_end)

    for folded, raw_start, raw_end, is_linear in _pieces(text):
        pos = 0
        for m in _SPACE_RUN.finditer(folded):
            if m.start() > pos:
                chunk = folded[pos : m.start()]
                if is_linear:
                    emit(chunk, raw_start + pos, raw_start + m.start(), True)
                else:
                    emit(chunk, raw_start, raw_end, False)
            if is_linear:
                space(raw_start + m.start(), raw_start + m.end())
            else:
                space(raw_start, raw_end)
            pos = m.end()
        if pos < len(folded):
            if is_linear:
                emit(folded[pos:], raw_start + pos, raw_end, True)
            else:
                emit(folded[pos:], raw_start, raw_end, False)
    offsets = OffsetMap(length, tuple(norm_starts), tuple(raw_starts), tuple(raw_ends),
                        tuple(linear))
    return Normalized("".join(out), offsets)
