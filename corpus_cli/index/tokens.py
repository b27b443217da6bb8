"""Word tokens of many paragraphs at once, as small integer codes, without Python strings.

A token is a maximal run of letters and digits (the regular expression ``[^\\W_]+``),
compared lower-cased, so quote marks, dashes and punctuation never make two passages
differ. Splitting text into Python strings costs more than everything done with the
tokens afterwards (about 120 ns a token, most of a dedupe pass), so the work is done on
the UTF-8 bytes of a whole batch of paragraphs with numpy: each byte is classed by the
character it belongs to, token boundaries are where the class changes, and each token's
bytes get a polynomial hash from running sums.

A token's code is that hash reduced to a Unicode scalar value (surrogates skipped), so
a paragraph's tokens make a string of one character per token, which is what rapidfuzz
compares fastest. Two distinct words share a code with odds of one in a million, and
a shared code can only add one matching word to a comparison: far below any threshold.
Codes are the same in every process and every run, so fingerprints built on them can be
persisted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from corpus_cli.arrays import distinct

if TYPE_CHECKING:
    from numpy.typing import NDArray

TOKEN = re.compile(r"[^\W_]+")  # the same tokens, one at a time (spans, word counts)
CODES = 0x10F800  # Unicode scalar values: every code point but the 2,048 surrogates
_SURROGATES = np.uint64(0xD800)
_BASE = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_BASE_INVERSE = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_LENGTH_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


def lower(text: str) -> str:
    """``text`` lower-cased character by character, keeping its length.

    ``str.lower`` turns a few characters into two ("İ" into "i" and a combining dot,
    which is not a letter), which would move token boundaries; those stay as written.
    Lower-casing never turns a letter or digit into anything else, so the tokens of the
    result are the tokens of ``text`` at the same offsets.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def _word_bytes(data: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Which bytes of UTF-8 ``data`` belong to a letter or digit."""
    ascii_word = np.zeros(256, dtype=bool)
    for lo, hi in ((48, 57), (65, 90), (97, 122)):
        ascii_word[lo : hi + 1] = True
    word = ascii_word[data]
    lead = np.flatnonzero(data >= 0xC0)
    if not len(lead):
        return word
    b0 = data[lead].astype(np.uint32)
    # Valid UTF-8 (it came from str.encode): a lead byte is followed by its continuations.
    padded = np.concatenate((data, np.zeros(3, np.uint8))).astype(np.uint32)
    b1, b2, b3 = (padded[lead + k] & 0x3F for k in (1, 2, 3))
    code = np.where(b0 < 0xE0, ((b0 & 0x1F) << 6) | b1,
                    np.where(b0 < 0xF0, ((b0 & 0x0F) << 12) | (b1 << 6) | b2,
                             ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3))
    # Each distinct character asked once: a chunk of news text holds a few dozen. (A
    # table of all 65,536 BMP classes would be built by every --check, for nothing.)
    points = distinct(code)
    is_word = np.fromiter(map(str.isalnum, map(chr, points.tolist())), bool, len(points))
    classes = is_word[np.searchsorted(points, code)]
    # Continuation bytes (0x80-0xBF) take the class of the lead byte before them.
    multi = np.flatnonzero(data >= 0x80)
    word[multi] = classes[np.searchsorted(lead, multi, "right") - 1]
    return word


CHUNK_BYTES = 1 << 19  # work on this much text at a time: the arrays stay in cache
WINDOW_BYTES = 1 << 20  # tokens hashed together span at most this (unless one is longer)


def _powers_for(n: int) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """``_powers`` of at least ``n``: one size per power of two up to a window, so one
    new article (a ``--check``) does not pay for a megabyte of them."""
    if n > WINDOW_BYTES:
        return _powers(n)
    return _cached_powers(max(1 << 12, 1 << (n - 1).bit_length()))


@cache
def _cached_powers(n: int) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    return _powers(n)


def _powers(n: int) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """BASE**j and BASE**-j (modulo 2**64) for j < n."""
    powers = np.cumprod(np.full(n, _BASE, dtype=np.uint64), dtype=np.uint64) * _BASE_INVERSE
    inverse = np.cumprod(np.full(n, _BASE_INVERSE, dtype=np.uint64), dtype=np.uint64) * _BASE
    return powers, inverse


def token_codes(pieces: Sequence[str]) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
    """The token codes of each string in ``pieces`` (lower-cased already), concatenated,
    and how many tokens each piece has."""
    encoded = [p.encode("utf-8", "surrogatepass") for p in pieces]
    codes, counts = [np.empty(0, np.uint32)], [np.empty(0, np.int64)]
    lo = size = 0
    for hi, data in enumerate(encoded, 1):
        size += len(data) + 1
        if size >= CHUNK_BYTES or hi == len(encoded):
            chunk_codes, chunk_counts = _chunk_codes(encoded[lo:hi])
            codes.append(chunk_codes)
            counts.append(chunk_counts)
            lo, size = hi, 0
    return np.concatenate(codes), np.concatenate(counts)


def _chunk_codes(encoded: list[bytes]) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
    data = np.frombuffer(b"\0".join(encoded), dtype=np.uint8)
    word = _word_bytes(data)
    edge = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edge == 1)
    ends = np.flatnonzero(edge == -1)  # exclusive
    hashes = [np.empty(0, np.uint64)]
    first = 0
    while first < len(starts):  # a window of tokens at a time (one huge paragraph)
        last = max(first + 1, int(np.searchsorted(ends, starts[first] + WINDOW_BYTES, "right")))
        hashes.append(_hash_tokens(data, starts[first:last], ends[first:last]))
        first = last
    code = np.concatenate(hashes) % np.uint64(CODES)
    code += (code >= _SURROGATES) * np.uint64(0x800)
    piece_starts = np.cumsum([0] + [len(e) + 1 for e in encoded[:-1]])
    counts = np.diff(np.searchsorted(starts, piece_starts), append=len(starts))
    return code.astype(np.uint32), counts.astype(np.int64)


def _hash_tokens(data: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64],
                 ) -> NDArray[np.uint64]:
    """64-bit hashes of the tokens ``data[starts[i]:ends[i]]``, all inside one window."""
    base = int(starts[0])
    window = data[base : int(ends[-1])]
    n = len(window)
    powers, inverse = _powers_for(n)
    # sum((b[j] + 1) * BASE**j) over a token, divided by BASE**start: the same for the
    # same bytes wherever they sit.
    terms = window.astype(np.uint64)
    terms += np.uint64(1)
    terms *= powers[:n]
    running = np.empty(n + 1, np.uint64)
    running[0] = 0
    np.cumsum(terms, out=running[1:])
    lo, hi = starts - base, ends - base
    h = (running[hi] - running[lo]) * inverse[lo]
    h ^= (hi - lo).astype(np.uint64) * _LENGTH_MIX
    h ^= h >> np.uint64(33)
    h *= _MIX1
    h ^= h >> np.uint64(33)
    h *= _MIX2
    h ^= h >> np.uint64(33)
    return h


def as_text(codes: NDArray[np.uint32]) -> str:
    """Token codes as a string, one character per token (what rapidfuzz compares)."""
    return codes.astype("<u4", copy=False).tobytes().decode("utf-32-le")
