"""Word-level diff inside aligned paragraphs.

Tokens are words (letters and digits, with inner apostrophes) and single punctuation
marks, compared in their normalised form (case, quote and dash styles folded), so a
change from ‘ to “ is a punctuation change and "The" against "the" is no change at all.
Runs keep the raw text with its whitespace: the ``a`` texts of a diff put together give
``a`` back exactly, and the ``b`` texts give ``b``.

The fast path is RapidFuzz's LCS opcodes; ``difflib.SequenceMatcher(autojunk=False)`` is
the reference the tests and benchmarks hold it against. Paragraphs too long for an exact
alignment (``corpus_cli.lcs``: over 2**28 token pairs) are aligned at a bounded cost.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, compress, count, islice
from operator import not_

from corpus_cli import lcs
from corpus_cli.diff import scan
from corpus_cli.diff.model import WordRun
from corpus_cli.text.normalize import normalize

_PIECE = re.compile(r"(?:\w+(?:['’]\w+)*|[^\w\s])\s*")
_WORDLIKE = re.compile(r"\w")
# (tag, a_start, a_end, b_start, b_end) over token indexes
Opcode = tuple[str, int, int, int, int]
Matcher = Callable[[Sequence[str], Sequence[str]], list[Opcode]]


def tokens(text: str) -> tuple[array[int], list[str]]:
    """Start offsets and normalised keys of the tokens of ``text``."""
    # Every non-space character belongs to a token, so a token with the spaces after it
    # tiles the text: the starts are running sums of those pieces' lengths, and a token
    # is its piece without the spaces (str.rstrip strips exactly what re's \s matches).
    # C loops, not a Python loop over match objects: this is the hot path of a diff. A
    # long text is read in slices, and its equal keys share one string (``scan``).
    starts: array[int] = array("q")
    keys: list[str] = []
    memo: dict[str, str] = {}
    lowered = text.isascii()
    if lowered:
        text = text.lower()  # lower() keeps an ASCII text's offsets
    offset = len(text) - len(text.lstrip())
    for start, end in scan.slices(text):
        pieces = _PIECE.findall(text, start, end)
        starts.extend(islice(accumulate(map(len, pieces), initial=max(start, offset)),
                             len(pieces)))
        found = list(map(str.rstrip, pieces))
        del pieces
        if lowered:
            keys += scan.shared(found, memo)
            continue
        low = list(map(str.lower, found))
        for k in compress(count(), map(not_, map(str.isascii, found))):
            low[k] = normalize(found[k])
        keys += scan.shared(low, memo)
    return starts, keys


def rapidfuzz_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    from rapidfuzz.distance import Indel

    return [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Indel.opcodes(a, b)]


def bounded_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """RapidFuzz's opcodes, or for very long token sequences the bounded alignment of
    ``corpus_cli.lcs`` (linear memory, n log n time)."""
    if len(a) * len(b) <= lcs.EXACT_CELLS:
        return rapidfuzz_opcodes(a, b)
    return lcs.opcodes(lcs.matching_blocks(a, b), len(a), len(b))


def difflib_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    from difflib import SequenceMatcher

    return [tuple(op) for op in  # type: ignore[misc]
            SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]


def change_blocks(opcodes: list[Opcode]) -> list[Opcode]:
    """Equal blocks as they are; everything between two equal blocks as one change."""
    out: list[Opcode] = []
    for tag, a1, a2, b1, b2 in opcodes:
        if a1 == a2 and b1 == b2:
            continue
        if tag != "equal" and out and out[-1][0] != "equal":
            _, pa1, _, pb1, _ = out[-1]
            out[-1] = ("change", pa1, a2, pb1, b2)
        else:
            out.append((tag if tag == "equal" else "change", a1, a2, b1, b2))
    return out


def _is_punctuation_only(keys_a: Sequence[str], keys_b: Sequence[str],
                         wordlike: dict[str, bool]) -> bool:
    """Do the two runs of keys hold the same words (``wordlike``: a memo of which keys
    are words, shared by a diff's blocks)?"""
    for key in chain(keys_a, keys_b):
        if key not in wordlike:
            wordlike[key] = _WORDLIKE.search(key) is not None
    get = wordlike.__getitem__
    return list(compress(keys_a, map(get, keys_a))) == list(compress(keys_b, map(get, keys_b)))


def diff_words(a: str, b: str, *, ignore_punctuation: bool = False,
               matcher: Matcher = bounded_opcodes) -> tuple[WordRun, ...]:
    """Word runs turning ``a`` into ``b``."""
    starts_a, keys_a = tokens(a)
    starts_b, keys_b = tokens(b)
    if keys_a == keys_b:
        return (WordRun("equal", a, b),) if a or b else ()
    # Token i's text runs up to the next token: whitespace stays with the token before it.
    bound_a, bound_b = _bounds(starts_a, len(a)), _bounds(starts_b, len(b))
    runs: list[WordRun] = []
    wordlike: dict[str, bool] = {}
    for tag, a1, a2, b1, b2 in change_blocks(matcher(keys_a, keys_b)):
        text_a = a[bound_a[a1] : bound_a[a2]] if a2 > a1 else ""
        text_b = b[bound_b[b1] : bound_b[b2]] if b2 > b1 else ""
        if tag == "equal":
            runs.append(WordRun("equal", text_a, text_b))
            continue
        punct = _is_punctuation_only(keys_a[a1:a2], keys_b[b1:b2], wordlike)
        if punct and ignore_punctuation:
            runs.append(WordRun("equal", text_a, text_b))
            continue
        runs.append(WordRun(_kind(text_a, text_b), text_a, text_b, punct))
    if not starts_a and a:  # no token at all (only spaces): keep the text somewhere
        runs.insert(0, WordRun("delete", a, ""))
    if not starts_b and b:
        runs.append(WordRun("insert", "", b))
    return _tidy(runs)


def _bounds(starts: array[int], length: int) -> array[int]:
    """Where each token's text begins (the first at 0), then the end of the text."""
    bounds = array("q", starts or [0])
    bounds[0] = 0
    bounds.append(length)
    return bounds


def _kind(a: str, b: str) -> str:
    if a and b:
        return "replace"
    return "insert" if b else "delete"


def _tidy(runs: list[WordRun]) -> tuple[WordRun, ...]:
    """Merge neighbouring equal runs; move a change's trailing whitespace into the next run.

    ``[-stunning -]`` reads worse than ``[-stunning-] ``, and the whitespace is the same
    either way, so the texts still concatenate to the paragraphs.
    """
    out: list[WordRun] = []
    carry_a = carry_b = ""
    for run in runs:
        text_a, text_b = carry_a + run.a, carry_b + run.b
        carry_a = carry_b = ""
        if run.kind != "equal":
            stripped_a, stripped_b = text_a.rstrip(), text_b.rstrip()
            carry_a, carry_b = text_a[len(stripped_a):], text_b[len(stripped_b):]
            text_a, text_b = stripped_a, stripped_b
            if not text_a and not text_b:
                continue  # only whitespace changed: it travels with the next run
            out.append(WordRun(_kind(text_a, text_b), text_a, text_b, run.punctuation))
        elif out and out[-1].kind == "equal":
            out[-1] = WordRun("equal", out[-1].a + text_a, out[-1].b + text_b)
        else:
            out.append(WordRun("equal", text_a, text_b))
    if carry_a or carry_b:
        if out and out[-1].kind == "equal":
            out[-1] = WordRun("equal", out[-1].a + carry_a, out[-1].b + carry_b)
        else:
            out.append(WordRun("equal", carry_a, carry_b))
    return tuple(out)


def matched_tokens(runs: Sequence[WordRun]) -> int:
    """How many tokens of A the runs keep: the size of the common subsequence."""
    return sum(len(tokens(r.a)[1]) for r in runs if r.kind == "equal")
