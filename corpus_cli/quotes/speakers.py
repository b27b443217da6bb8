"""One readable key per speaker across articles, whatever the spelling.

A key is what a user types into ``--speaker``: the person's given name and surname in
plain lower-case ASCII (``alexander lukashenko``, ``sviatlana tsikhanouskaya``), the same
for every spelling, title and transliteration of that person in the set of articles.

1. **Surname families.** Each name is folded to ASCII lower case, titles dropped
   (``President``, ``Mr``). Surnames are bucketed by a transliteration *skeleton*
   (digraphs that spell one sound merged: ``kh`` → ``h``, ``zh`` → ``z``, ``sh`` → ``s``,
   ``ts`` → ``t``, ``w`` → ``v``, …; vowels and ``h j v y`` dropped after the first
   letter; doubled letters collapsed: ``Lukashenko`` and ``Lukashenka`` are both
   ``lksnk``). A skeleton alone is too coarse (``Bush`` and ``Bash`` are both ``bs``),
   so two spellings of one bucket are one surname only when their letters are also
   close (rapidfuzz ratio >= 70, >= 85 for skeletons under four letters).
2. **People.** In a surname family, a name with given names joins the person whose
   first given name agrees with its own (an initial matching it, or the same skeleton
   and a ratio >= 75, or >= 60 for skeletons of five letters or more:
   ``Sviatlana``/``Svetlana``, ``Alexander``/``Alyaksandr``, not
   ``Jane``/``John``); a bare surname (``Lukashenko``, ``Mr Lukashenko``) joins the
   person of that family quoted most.
3. **The key** is that person's most used spelling of the first given name and of the
   surname (ties alphabetical); a person never given a given name is keyed by surname.
   Two people who would get the same key (never seen on the evaluation sets) are told
   apart by a number (``john smith 2``).

Descriptions ("the soldiers", "a senior European official") are not people: their key
is their folded text. A description the article ties to a name was resolved to that
name before it got here, and so gets that person's key.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from corpus_cli.quotes.names import TITLES, fold

_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("zh", "z"), ("kh", "h"), ("ch", "c"), ("sh", "s"),
             ("ts", "t"), ("tz", "t"), ("ck", "k"), ("ph", "f"), ("x", "ks"), ("w", "v"),
             ("q", "k"))
_DROP = re.compile(r"[aeiouyhjv]")
_DOUBLE = re.compile(r"(.)\1+")
_LETTERS = re.compile(r"[a-z]+")
GIVEN_SIMILAR = 75  # rapidfuzz ratio of two spellings of one given name
GIVEN_SIMILAR_LONG = 60  # ... when their skeleton has five letters or more
SURNAME_SIMILAR = 70  # ... of two spellings of one surname
SHORT_SIMILAR = 85  # ... when their skeleton has fewer than four letters
_KEY_CHARS = re.compile(r"[a-z0-9'-]+")


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


def _given_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Given names (all words but the last, as folded text) do not contradict each
    other: one is missing or an initial of the other, or they are spellings of one name
    (same skeleton and mostly the same letters: Sviatlana / Svetlana, not Jane / John);
    middle names or initials, when both have one, start alike."""
    ga, gb = a[:-1], b[:-1]
    if not ga or not gb:
        return True
    if len(ga) > 1 and len(gb) > 1 and ga[1][0] != gb[1][0]:
        return False  # middle names that differ: George H W Bush, George W Bush
    x, y = ga[0], gb[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    from rapidfuzz import fuzz

    skel = skeleton(x)
    if x == y or skel != skeleton(y):
        return x == y
    # A long shared skeleton is evidence enough for looser letters (Alexander /
    # Alyaksandr: 63); a short one is not (Jane / John share "jn").
    return fuzz.ratio(x, y) >= (GIVEN_SIMILAR if len(skel) < 5 else GIVEN_SIMILAR_LONG)


def _same_surname(a: str, b: str) -> bool:
    """Two folded surnames are spellings of one: the same skeleton, and close letters.
    Short skeletons must be closer (``bush`` and ``bash`` share ``bs``), and a short
    surname is respelt letter for letter, never with a letter more or less: ``davis``
    and ``davies``, ``levin`` and ``levine``, ``baker`` and ``backer`` are other
    families (a doubled letter aside: ``assad``, ``asad``)."""
    if a == b:
        return True
    skel = skeleton(a)
    if skel != skeleton(b):
        return False
    if len(skel) < 4 and len(_DOUBLE.sub(r"\1", a)) != len(_DOUBLE.sub(r"\1", b)):
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= (SURNAME_SIMILAR if len(skel) >= 4 else SHORT_SIMILAR)


def _parts(name: str) -> tuple[str, ...]:
    """The folded words of a name, titles dropped: given names, then the surname."""
    return _parts_of(name)


@lru_cache(maxsize=65536)
def _parts_of(name: str) -> tuple[str, ...]:
    # A speaker's name comes back for each of its quotes: worked out once.
    words = [w for w in ("".join(_KEY_CHARS.findall(fold(w))).strip("-'") for w in
                         name.split()) if w]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return tuple(words)


def same_person(a: str, b: str) -> bool:
    """Do two names (or descriptions) name the same speaker?"""
    sa, sb = _parts(a), _parts(b)
    if not sa or not sb:
        return False
    if _same_surname(sa[-1], sb[-1]) and _given_agree(sa, sb):
        return True
    # One holds the other's words ("Belarus President", "the Belarus President"), or
    # ends the other ("Xander Wise", "Alexander Wise"); "Mark Levin" is not inside
    # "Mark Levine".
    fa, fb = " ".join(fold(a).split()), " ".join(fold(b).split())
    return fa.endswith(fb) or fb.endswith(fa) or f" {fa} " in f" {fb} " \
        or f" {fb} " in f" {fa} "


class SpeakerKeys:
    """Canonical keys for the speaker names of a set of articles."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """``names``: (speaker, kind) pairs; kind is name, description or unknown."""
        self._keys: dict[str, str] = {}
        self._names: dict[str, Counter[str]] = defaultdict(Counter)
        self._display: dict[str | None, str] = {}
        uses = Counter(names)  # a speaker is quoted many times: work once per name
        quoted: Counter[str] = Counter()  # quotes per name, over its kinds
        by_skeleton: dict[str, set[str]] = defaultdict(set)
        for (name, kind), count in uses.items():
            if kind != "name":
                continue
            parts = _parts(name)
            if parts:
                quoted[name] += count
                by_skeleton[skeleton(parts[-1])].add(name)
        taken: set[str] = set()
        for skel in sorted(by_skeleton):
            for family in _families(sorted(by_skeleton[skel])):
                self._assign(family, quoted, taken)
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

    def _assign(self, names: list[str], quoted: Counter[str], taken: set[str]) -> None:
        """Keys for the names of one surname family."""
        # Fullest first, then alphabetical: who is who does not depend on input order.
        ordered = sorted(names, key=lambda n: (-len(_parts(n)), _parts(n), n))
        people: list[list[str]] = []  # the names of each person, fullest first
        bare: list[str] = []
        for name in ordered:
            parts = _parts(name)
            if len(parts) == 1:
                bare.append(name)
                continue
            home = next((p for p in people if _given_agree(_parts(p[0]), parts)), None)
            if home is None:
                people.append([name])
            else:
                home.append(name)
        if bare:
            if people:
                # A bare surname shared by several people: the one quoted most.
                most = max(people, key=lambda p: (sum(quoted[n] for n in p), -people.index(p)))
                most.extend(bare)
            else:
                people.append(bare)
        for person in people:
            key = _key_of(person, quoted)
            if key in taken:
                n = 2
                while f"{key} {n}" in taken:
                    n += 1
                key = f"{key} {n}"
            taken.add(key)
            for name in person:
                self._keys[name] = key

    def key(self, name: str | None, kind: str = "name") -> str | None:
        if name is None:
            return None
        found = self._keys.get(name)
        if found is not None:
            return found
        if kind != "name":
            return " ".join(fold(name).split())
        parts = _parts(name)
        return " ".join(parts[:1] + parts[-1:]) if len(parts) > 1 else (
            parts[0] if parts else None)


def _families(names: list[str]) -> list[list[str]]:
    """The names of one skeleton bucket, split into spellings of one surname."""
    families: list[tuple[list[str], list[str]]] = []  # (surnames, names)
    for name in names:
        surname = _parts(name)[-1]
        home = next((f for f in families if any(_same_surname(surname, s) for s in f[0])),
                    None)
        if home is None:
            families.append(([surname], [name]))
        else:
            home[0].append(surname)
            home[1].append(name)
    return [f[1] for f in families]


def _key_of(person: list[str], quoted: Counter[str]) -> str:
    """The most used spelling of the person's first given name and surname."""
    given: Counter[str] = Counter()
    surnames: Counter[str] = Counter()
    for name in person:
        parts = _parts(name)
        surnames[parts[-1]] += quoted[name]
        if len(parts) > 1 and len(parts[0]) > 1:
            given[parts[0]] += quoted[name]
    surname = min(surnames, key=lambda s: (-surnames[s], s))
    if not given:
        return surname
    first = min(given, key=lambda g: (-given[g], g))
    return f"{first} {surname}"


def matches(query: str, name: str | None, key: str | None) -> bool:
    """Does ``--speaker QUERY`` select this speaker? A case- and accent-blind substring
    of the name or of its key, or the same person by spelling (any transliteration of
    the surname, a given name that agrees)."""
    if name is None:
        return False
    folded = fold(query)
    if folded in fold(name) or (key is not None and folded in key):
        return True
    parts = _parts(query)
    if not parts or key is None:
        return False
    key_parts = tuple(key.split())
    if key_parts and key_parts[-1].isdigit():
        key_parts = key_parts[:-1]  # "john smith 2": the number tells two people apart
    return bool(key_parts) and _same_surname(parts[-1], key_parts[-1]) and (
        len(parts) == 1 or _given_agree(parts, key_parts))
