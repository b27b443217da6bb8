"""One canonical key per speaker across articles, whatever the spelling.

The rule, in two steps:

1. **Skeleton.** Each word of a name is folded to ASCII lower case and reduced to a
   transliteration skeleton: digraphs that spell one sound are merged (``kh`` → ``h``,
   ``zh`` → ``z``, ``sh``/``shch`` → ``s``, ``ch`` → ``c``, ``ts``/``tz`` → ``t``, ``x`` →
   ``ks``, ``w`` → ``v``, ``ph`` → ``f``), then every vowel and the semivowel letters
   ``h j v y`` are dropped after the first letter, and doubled letters collapse.
   ``Tsikhanouskaya`` and ``Tikhanovskaya`` both become ``tnsk``; ``Zelensky``,
   ``Zelenskyy`` and ``Zelenskiy`` all ``zlnsk``.
2. **Surname first.** Names are grouped by the skeleton of their last word (titles
   dropped); inside a surname group, a name with given names joins the variant whose
   first given name agrees with its own (an initial matching it, or the same skeleton
   and a rapidfuzz ratio >= 75: ``Sviatlana``/``Svetlana``, not ``Jane``/``John``), and a
   bare surname joins the fullest variant. The key is the given names of the group's
   fullest name (then the first alphabetically), folded to ASCII, and the surname skeleton
   (``svetlana tnsk``).

Descriptions ("the soldiers", "a senior European official") are not people: their key
is their folded text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from corpus_cli.quotes.names import TITLES, fold

_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("zh", "z"), ("kh", "h"), ("ch", "c"), ("sh", "s"),
             ("ts", "t"), ("tz", "t"), ("ck", "k"), ("ph", "f"), ("x", "ks"), ("w", "v"),
             ("q", "k"))
_DROP = re.compile(r"[aeiouyhjv]")
_DOUBLE = re.compile(r"(.)\1+")
_LETTERS = re.compile(r"[a-z]+")
GIVEN_SIMILAR = 75  # rapidfuzz ratio of two spellings of one given name


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The transliteration skeleton of one word of a name."""
    letters = "".join(_LETTERS.findall(fold(word)))
    if not letters:
        return ""
    for old, new in _DIGRAPHS:
        letters = letters.replace(old, new)
    # The first letter stays whatever it is: "Jane" and "Ann" must not both become "n".
    return _DOUBLE.sub(r"\1", letters[0] + _DROP.sub("", letters[1:]))


def name_skeletons(name: str) -> list[str]:
    return list(_skeletons(name))


@lru_cache(maxsize=65536)
def _skeletons(name: str) -> tuple[str, ...]:
    return tuple(s for s in (skeleton(w) for w in name.split()) if s)


def _given_agree(a: list[str], b: list[str]) -> bool:
    """Given names (all words but the last, as folded text) do not contradict each
    other: one is missing or an initial of the other, or they are spellings of one name
    (same skeleton and mostly the same letters: Sviatlana / Svetlana, not Jane / John)."""
    ga, gb = a[:-1], b[:-1]
    if not ga or not gb:
        return True
    x, y = ga[0], gb[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    from rapidfuzz import fuzz

    return skeleton(x) == skeleton(y) and fuzz.ratio(x, y) >= GIVEN_SIMILAR


def _parts(name: str) -> list[str]:
    """Given names as folded words, then the surname's skeleton."""
    return list(_parts_of(name))


@lru_cache(maxsize=65536)
def _parts_of(name: str) -> tuple[str, ...]:
    # A speaker's name comes back for each of its quotes: worked out once.
    words = [w for w in (fold(w).strip(".") for w in name.split()) if w]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    if not words:
        return ()
    return (*words[:-1], skeleton(words[-1]))


def same_person(a: str, b: str) -> bool:
    """Do two names (or descriptions) name the same speaker?"""
    sa, sb = _parts(a), _parts(b)
    if not sa or not sb:
        return False
    if sa[-1] == sb[-1] and _given_agree(sa, sb):
        return True
    fa, fb = fold(a), fold(b)
    return fa in fb or fb in fa


class SpeakerKeys:
    """Canonical keys for the speaker names of a set of articles."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """``names``: (speaker, kind) pairs; kind is name, description or unknown."""
        self._keys: dict[str, str] = {}
        self._names: dict[str, Counter[str]] = defaultdict(Counter)
        self._display: dict[str | None, str] = {}
        by_surname: dict[str, set[str]] = defaultdict(set)
        uses = Counter(names)  # a speaker is quoted many times: work once per name
        for name, kind in uses:
            if kind != "name":
                self._keys[name] = " ".join(fold(name).split())
                continue
            parts = _parts(name)
            if parts:
                by_surname[parts[-1]].add(name)
        for surname_key in sorted(by_surname):
            self._assign(sorted(by_surname[surname_key]))
        for (name, kind), count in uses.items():
            key = self.key(name, kind)
            if key is not None:
                self._names[key][name] += count

    def display(self, key: str | None) -> str | None:
        """The fullest name given for ``key`` (then the most used, then alphabetical)."""
        if key in self._display:
            return self._display[key]
        names = self._names.get(key or "")
        if not names:
            return None
        fullest = max(len(n.split()) for n in names)
        top = [n for n in names if len(n.split()) == fullest]
        most = max(names[n] for n in top)
        self._display[key] = best = min(n for n in top if names[n] == most)
        return best

    def _assign(self, names: list[str]) -> None:
        # Fullest first, then alphabetical: the key does not depend on input order.
        ordered = sorted(names, key=lambda n: (-len(_parts(n)), fold(n), n))
        people: list[list[str]] = []  # the parts of each person's fullest name
        for name in ordered:
            skel = _parts(name)
            home = None
            if len(skel) > 1:
                home = next((p for p in people if _given_agree(p, skel)), None)
            elif people and len(people) == 1:
                home = people[0]
            elif people:
                home = people[0]  # a bare surname shared by several people: the fullest
            if home is None:
                people.append(skel)
                home = skel
            self._keys[name] = " ".join(home)

    def key(self, name: str | None, kind: str = "name") -> str | None:
        if name is None:
            return None
        found = self._keys.get(name)
        if found is not None:
            return found
        if kind != "name":
            return " ".join(fold(name).split())
        return " ".join(_parts(name)) or None


def matches(query: str, name: str | None, key: str | None) -> bool:
    """Does ``--speaker QUERY`` select this speaker? A case- and accent-blind substring
    of the name, or the same person by skeleton."""
    if name is None:
        return False
    if fold(query) in fold(name):
        return True
    parts = _parts(query)
    return bool(parts) and key is not None and key.split()[-1:] == parts[-1:] and (
        len(parts) == 1 or _given_agree(parts, key.split()))
