"""N-way collation of one passage, word by word, in the manner of CollateX.

Every occurrence of a passage is a witness. The longest witness (the canonical wording)
seeds an alignment table of token slots; every other witness, longest first, is aligned
against the table's current key sequence (progressive alignment) with the same LCS opcodes
and normalised token keys as ``corpus diff``. Matched tokens share a slot; tokens of a
changed block are paired with the table's slots in order, and whatever is left over
becomes new slots (an insertion, a gap for everyone else).

Slots are then grouped into columns: runs of slots where every witness agrees, runs where
they differ, and apart from both, the trims — slots before a witness's first token or
after its last, where an outlet cut the passage short.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_cli.diff.words import Matcher, bounded_opcodes, change_blocks, tokens
from corpus_cli.models import Occurrence


@dataclass(frozen=True, slots=True)
class Witness:
    """One occurrence of the passage: where it is, and its text."""

    id: str
    path: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CollationColumn:
    """One aligned run of tokens: each witness's reading, ``None`` for a gap.

    Readings keep the whitespace after their last token, so a witness's readings put
    together give its text back (leading whitespace aside).
    """

    readings: tuple[str | None, ...]
    variant: bool
    majority: str | None  # the reading most witnesses share (stripped); ties: the earliest
    agrees: tuple[bool, ...]  # which witnesses read as the majority does
    trimmed: tuple[bool, ...]  # which witnesses have not begun yet, or have ended, here


@dataclass(frozen=True, slots=True)
class Collation:
    group: str
    witnesses: tuple[Witness, ...]
    columns: tuple[CollationColumn, ...]

    @property
    def variants(self) -> int:
        return sum(c.variant for c in self.columns)


# A slot: one token index (or None) per witness.
Slot = list[int | None]


def align_slots(keys: Sequence[Sequence[str]], matcher: Matcher = bounded_opcodes
                ) -> list[Slot]:
    """Token slots aligning every witness's key sequence; each witness in order."""
    n = len(keys)
    if not n:
        return []
    order = sorted(range(n), key=lambda w: (-len(keys[w]), w))
    seed = order[0]
    slots: list[Slot] = [[t if w == seed else None for w in range(n)]
                         for t in range(len(keys[seed]))]
    for w in order[1:]:
        # The key of a slot is its earliest-aligned witness's: the longest wording leads.
        table = [next(keys[v][t] for v in order if (t := s[v]) is not None) for s in slots]
        merged: list[Slot] = []
        for tag, i1, i2, j1, j2 in change_blocks(matcher(table, keys[w])):
            if tag == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    slots[i][w] = j
                merged += slots[i1:i2]
                continue
            merged += _fill(slots[i1:i2], range(j1, j2), w, keys)
        slots = merged
    return slots


def _fill(block: list[Slot], tokens_w: range, w: int, keys: Sequence[Sequence[str]]
          ) -> list[Slot]:
    """Place witness ``w``'s tokens of a changed block into the table's slots there.

    A token goes into a slot where some witness already reads the same word (the table
    holds one key per slot for the first pass; another witness's variant may be the match),
    in order; the rest are paired in order, and leftovers become new slots.
    """
    slot_keys = [{keys[v][t] for v, t in enumerate(s) if t is not None} for s in block]
    pairs = _common(slot_keys, [keys[w][j] for j in tokens_w])
    out: list[Slot] = []
    i = j = 0
    for pi, pj in [*pairs, (len(block), len(tokens_w))]:
        paired = min(pi - i, pj - j)
        for k in range(paired):
            block[i + k][w] = tokens_w[j + k]
        out += block[i:i + paired]
        out += [[tokens_w[t] if v == w else None for v in range(len(keys))]
                for t in range(j + paired, pj)]
        out += block[i + paired:pi]
        if pi < len(block):
            block[pi][w] = tokens_w[pj]
            out.append(block[pi])
        i, j = pi + 1, pj + 1
    return out


def _common(slot_keys: Sequence[set[str]], words: Sequence[str]) -> list[tuple[int, int]]:
    """Longest in-order matching of words to slots holding that word (blocks are short)."""
    rows, cols = len(slot_keys), len(words)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for a in range(rows - 1, -1, -1):
        for b in range(cols - 1, -1, -1):
            table[a][b] = (table[a + 1][b + 1] + 1 if words[b] in slot_keys[a]
                           else max(table[a + 1][b], table[a][b + 1]))
    pairs = []
    a = b = 0
    while a < rows and b < cols:
        if words[b] in slot_keys[a] and table[a][b] == table[a + 1][b + 1] + 1:
            pairs.append((a, b))
            a, b = a + 1, b + 1
        elif table[a + 1][b] >= table[a][b + 1]:
            a += 1
        else:
            b += 1
    return pairs


def _bounds(text: str, starts: Sequence[int]) -> list[int]:
    # Token t's text runs to the next token's start: whitespace stays with the token before.
    return [*starts, len(text)]


def witnesses_of(occurrences: Sequence[Occurrence]) -> tuple[Witness, ...]:
    """The witnesses of a passage group from ``corpus dedupe``, in its order."""
    return tuple(Witness(o.id, o.path, o.start, o.end, o.text) for o in occurrences)


def collate(group: str, witnesses: Sequence[Witness],
            matcher: Matcher = bounded_opcodes) -> Collation:
    """Align every witness word by word into columns."""
    parsed = [tokens(w.text) for w in witnesses]
    keys = [k for _s, k in parsed]
    bounds = [_bounds(w.text, s) for w, (s, _k) in zip(witnesses, parsed, strict=True)]
    slots = align_slots(keys, matcher)
    n = len(witnesses)
    first = [next((k for k, s in enumerate(slots) if s[w] is not None), len(slots))
             for w in range(n)]
    last = [max((k for k, s in enumerate(slots) if s[w] is not None), default=-1)
            for w in range(n)]

    def signature(k: int) -> tuple[bool, tuple[bool, ...]]:
        slot = slots[k]
        present = [t for t in slot if t is not None]
        same = len(present) == n and len({keys[w][t] for w, t in enumerate(slot)
                                          if t is not None}) == 1
        return same, tuple(not first[w] <= k <= last[w] for w in range(n))

    columns: list[CollationColumn] = []
    k = 0
    while k < len(slots):
        sig = signature(k)
        end = k + 1
        while end < len(slots) and signature(end) == sig:
            end += 1
        columns.append(_column(slots[k:end], witnesses, keys, bounds, sig[1]))
        k = end
    return Collation(group, tuple(witnesses), tuple(columns))


def _column(run: Sequence[Slot], witnesses: Sequence[Witness], keys: Sequence[Sequence[str]],
            bounds: Sequence[Sequence[int]], trimmed: tuple[bool, ...]) -> CollationColumn:
    readings: list[str | None] = []
    groups: list[tuple[str, ...] | None] = []
    for w, witness in enumerate(witnesses):
        held = [t for s in run if (t := s[w]) is not None]
        if not held:
            readings.append(None)
            groups.append(None)
            continue
        lo, hi = min(held), max(held)
        readings.append(witness.text[bounds[w][lo]:bounds[w][hi + 1]])
        groups.append(tuple(keys[w][lo:hi + 1]))
    counts = Counter(groups)
    # The most shared reading; among equals, the one of the earliest witness.
    best = max(range(len(groups)), key=lambda w: (counts[groups[w]], -w))
    majority = readings[best]
    return CollationColumn(
        readings=tuple(readings),
        variant=len(counts) > 1,
        majority=majority.strip() if majority is not None else None,
        agrees=tuple(g == groups[best] for g in groups),
        trimmed=trimmed,
    )
