"""Ids as tables show them: the shortest prefix, of at least 7 characters, that no other
id a command takes back shares (as git abbreviates commit ids), so a table's id can be
typed back into ``show``, ``diff`` or ``rm``."""

from __future__ import annotations

from collections.abc import Iterable

MIN_PREFIX = 7


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def unique_prefixes(ids: Iterable[str], minimum: int = MIN_PREFIX) -> dict[str, str]:
    """Each of ``ids`` mapped to its shortest prefix of at least ``minimum`` characters that
    no other of ``ids`` starts with (the whole id when another id starts with it)."""
    ordered = sorted(set(ids))
    out = {}
    for k, current in enumerate(ordered):
        shared = max(_common(current, ordered[k - 1]) if k else 0,
                     _common(current, ordered[k + 1]) if k + 1 < len(ordered) else 0)
        out[current] = current[: max(minimum, shared + 1)]
    return out
