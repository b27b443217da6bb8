"""Word-level diff inside aligned paragraphs.

Tokens are words (letters and digits, with inner apostrophes) and single punctuation
marks, compared in their normalised form (case, quote and dash styles folded), so a
change from ‘ to “ is a punctuation change and "The" against "the" is no change at all.
Runs keep the raw text with its whitespace: the ``a`` texts of a diff put together give
``a`` back exactly, and the ``b`` texts give ``b``.

The fast path is RapidFuzz's LCS opcodes; ``difflib.SequenceMatcher(autojunk=False)`` is
the reference the tests and benchmarks hold it against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import accumulate

from corpus_cli.diff.model import WordRun
from corpus_cli.text.normalize import normalize

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_PIECE = re.compile(r"(?:\w+(?:['’]\w+)*|[^\w\s])\s*")
_WORDLIKE = re.compile(r"\w")
# (tag, a_start, a_end, b_start, b_end) over token indexes
Opcode = tuple[str, int, int, int, int]
Matcher = Callable[[Sequence[str], Sequence[str]], list[Opcode]]


def tokens(text: str) -> tuple[list[int], list[str]]:
    """Start offsets and normalised keys of the tokens of ``text``."""
    # Every non-space character belongs to a token, so a token with the spaces after it
    # tiles the text: the starts are running sums of those pieces' lengths (C loops,
    # not a Python loop over match objects: this is the hot path of a diff).
    pieces = _PIECE.findall(text)
    lead = len(text) - len(text.lstrip())
    starts = list(accumulate(map(len, pieces), initial=lead))[:-1]
    if text.isascii():
        return starts, _TOKEN.findall(text.lower())
    return starts, [t.lower() if t.isascii() else normalize(t) for t in _TOKEN.findall(text)]


def rapidfuzz_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    from rapidfuzz.distance import Indel

    return [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Indel.opcodes(a, b)]


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


def _is_punctuation_only(keys_a: Sequence[str], keys_b: Sequence[str]) -> bool:
    words_a = [k for k in keys_a if _WORDLIKE.search(k)]
    words_b = [k for k in keys_b if _WORDLIKE.search(k)]
    return words_a == words_b


def diff_words(a: str, b: str, *, ignore_punctuation: bool = False,
               matcher: Matcher = rapidfuzz_opcodes) -> tuple[WordRun, ...]:
    """Word runs turning ``a`` into ``b``."""
    starts_a, keys_a = tokens(a)
    starts_b, keys_b = tokens(b)
    if keys_a == keys_b:
        return (WordRun("equal", a, b),) if a or b else ()
    # Token i's text runs up to the next token: whitespace stays with the token before it.
    bound_a = [0, *starts_a[1:], len(a)] if starts_a else [0, len(a)]
    bound_b = [0, *starts_b[1:], len(b)] if starts_b else [0, len(b)]
    runs: list[WordRun] = []
    for tag, a1, a2, b1, b2 in change_blocks(matcher(keys_a, keys_b)):
        text_a = a[bound_a[a1] : bound_a[a2]] if a2 > a1 else ""
        text_b = b[bound_b[b1] : bound_b[b2]] if b2 > b1 else ""
        if tag == "equal":
            runs.append(WordRun("equal", text_a, text_b))
            continue
        punct = _is_punctuation_only(keys_a[a1:a2], keys_b[b1:b2])
        if punct and ignore_punctuation:
            runs.append(WordRun("equal", text_a, text_b))
            continue
        runs.append(WordRun(_kind(text_a, text_b), text_a, text_b, punct))
    if not starts_a and a:  # no token at all (only spaces): keep the text somewhere
        runs.insert(0, WordRun("delete", a, ""))
    if not starts_b and b:
        runs.append(WordRun("insert", "", b))
    return _tidy(runs)


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
