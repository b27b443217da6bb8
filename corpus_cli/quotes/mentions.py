"""Who an article names, and where: people and bodies, with the fullest form of each name.

What attribution asks of each article as it goes: which person a short name, title or
capitalised run refers to, who was last seen speaking, which organisation was named.
What one capitalised run says on its own is ``capitals``' question; whom a pronoun
refers to, ``coreference``'s.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from corpus_cli.models import Span
from corpus_cli.quotes.capitals import (
    ADJUNCT_NOUNS,
    AFTER_CONTRACTION,
    DETERMINED,
    OF_NAME,
    POSSESSIVE,
    RUN_AND_NEXT,
    acts,
    after_cue,
    after_role,
    body_name,
    cue_after_apposition,
    is_body,
    run_info,
    sentence_initial,
)
from corpus_cli.quotes.names import (
    CAPITAL_RUN,
    NOT_NAMES,
    PRONOUNS,
    VERBS,
    fold,
    given_sex,
    person_name,
    surname,
    tokens,
)

_PHOTO_AGENCY = re.compile(r" (?:via|for) (?:Getty|AP\b|Associated Press|Reuters|AFP|EPA|"
                           r"Shutterstock|Bloomberg via)")


_BEFORE_A_VERB = frozenset(("also", "then", "later", "again", "quickly", "repeatedly",
                            "previously", "recently", "once", "never", "finally", "soon"))
_NEXT_WORD = re.compile(r" ([a-z]+)")


def _word_after(text: str, end: int) -> str:
    """The lower-case word right after ``end`` (after one space), or ""."""
    m = _NEXT_WORD.match(text, end)
    return m.group(1) if m else ""


class Mentions:
    """The people and bodies one article names outside its quotes, found as asked for."""

    def __init__(self, text: str, quoted: Sequence[Span] = ()) -> None:
        self.text = text
        self.quoted = quoted
        self._full: dict[str, str] = {}
        self._people: list[tuple[int, str]] | None = None
        self._speaking: list[tuple[int, str]] = []  # "Andrii Kovalchuk said …"
        self._bodies: list[tuple[int, str]] = []  # "BC Hydro said …"
        self._named_runs: list[tuple[int, str]] = []  # every run naming someone
        self._surnames: set[str] | None = None
        self._full_at: dict[str, list[tuple[int, str]]] | None = None  # surname → full
        self._described: dict[str, str | None] = {}  # "the minister" → a name, asked often
        self._lower_words: dict[str, bool] = {}  # word → written in lower case
        self._titled: set[str] = set()
        self._owners: list[tuple[int, str]] = []  # full names met only as owners

    def people(self) -> list[tuple[int, str]]:
        """Person names outside quotes, in text order: runs of two or more words, or one
        word that is the surname of such a run or follows a title (Mr Bardos)."""
        if self._people is None:
            text = self.text
            out: list[tuple[int, str, bool, str, int]] = []
            alone: set[str] = set()  # capitalised words met on their own
            acting: dict[str, int] = {}  # a lone word and how often a verb follows it
            # Surnames a title precedes ("President Obama") or that a quote gives in full.
            given_title = self._titled
            starts = [q.start for q in self.quoted]
            ends = [q.end for q in self.quoted]
            # Capitalised runs, with the word after each, come from one regex pass;
            # what a run says about a person is worked out once per distinct run.
            full_forms = self._full
            full_size: dict[str, int] = {}  # words of each full form
            named = self._named_runs
            speaking = self._speaking
            for m in RUN_AND_NEXT.finditer(text):
                run, gap, after = m.groups()
                name, titled, last, size, several, possessive = run_info(run)
                if titled:
                    given_title.add(last)
                if name is None and (gap != " " or not several):
                    continue  # no person, and no body speaking: most capitals
                at = m.start()
                if name is not None and ("’s " in run or "'s " in run):
                    # "The Huffington Post’s Scott Conroy": the person starts after the owner.
                    at += max(run.rfind("’s "), run.rfind("'s ")) + 3
                if starts:
                    k = bisect_right(starts, at) - 1
                    if k >= 0 and at < ends[k]:
                        # Inside a quote: named, but not in the article's voice; a full
                        # name with a given name still says whose surname it is.
                        if name is not None and size > 1 and given_sex(name) is not None:
                            given_title.add(last)
                        continue
                after = after.lower() if after else ""
                if after == "of" and OF_NAME.match(text, m.end(1)) and not (
                        name is not None and (titled or given_sex(name) is not None
                                              or (size > 1 and after_role(text, at)))):
                    # "Toronto Out of the Cold", "Bank of Canada": a body; "Sen. Bernie
                    # Sanders of Vermont", "Karen Robison of Osceola" are people.
                    continue
                if text.startswith(("/", " /"), m.end(1)) or _PHOTO_AGENCY.match(text, m.end(1)):
                    # a photo credit: "Tijana Martin / The Canadian Press", "Neilson
                    # Barnard via Getty Images"
                    continue
                # "Calderon’s remarks", "Trump's tweets": a thing someone said, no cue verb.
                verb = gap == " " and after in VERBS and not possessive
                if verb and several:
                    # "BC Hydro said": who "it" may be, person or not.
                    self._bodies.append((at, run))
                if not several and gap == " " and after in ADJUNCT_NOUNS:
                    continue  # "the Clinton campaign", "Trump supporters": a modifier
                if name is None or (not several and text.endswith(" of ", 0, at)):
                    # "the City of Surrey": one word after "of", with no title, names a
                    # place or a body ("the back of Mr Kilroy-Silk" is a person).
                    continue
                named.append((at, run))
                # "Dwayne Croteau said", "Teresa Galati, 52, …": a person for sure; not
                # "a Facebook post", "the Crown said": a modifier or a body.
                speaks = (verb and text[max(0, at - 6) : at].split()[-1:] not in DETERMINED) \
                    or ((size > 1 or last in full_forms) and after_cue(text, at, m.end(1))) \
                    or (size > 1 and (gap == ", " or after in ("of", "from"))
                        and cue_after_apposition(text, at, m.end(1)))
                titled = titled or speaks or (
                    gap == ", " and (after.isdigit() or after in ("a", "an", "the", "who"))
                ) or (size > 1 and after_role(text, at)) or (
                    # A given name alone acting: "Demi decided", "Bob met with Stevens".
                    size == 1 and gap == " " and acts(after) and given_sex(f"{name} X")
                    is not None) or (
                    # A given name set off after a kin word: "his wife, Jane, called".
                    size == 1 and gap == ", " and _KIN_BEFORE.search(text, max(0, at - 16), at)
                    is not None and given_sex(f"{name} X") is not None)
                if speaks:
                    speaking.append((at, name))
                if size == 1 and gap == " " and (acts(after) or (
                        after in _BEFORE_A_VERB and acts(_word_after(text, m.end(1) + 1
                                                                     + len(after))))):
                    # ("Obama also addressed …": an adverb may stand before the verb)
                    acting[name] = acting.get(name, 0) + 1
                if size > 1:
                    if size > full_size.get(last, 0):
                        full_forms[last] = name
                        full_size[last] = size
                else:
                    alone.add(name)  # a surname on its own, or after a title: "Ms Smith"
                if possessive and gap == " " and after in AFTER_CONTRACTION:
                    possessive = False  # "Christie's been making the case": has, is
                if titled or not possessive:
                    out.append((at, name, titled, last, size))  # not "Mr. Hemming’s request"
                elif size > 1:
                    # "Hillary Clinton's campaign": no mention of her, but whose full name
                    # "Clinton" may be, beside "Bill Clinton" named elsewhere.
                    self._owners.append((at, name))
            # News names a person in full once, then by surname: a run whose last word
            # also stands alone is a person ("Adam Hadwin" … "Hadwin"), a run that never
            # does is more likely a place or a body ("FedEx Cup").
            # So is a run opening with a given name ("Karen Robison"). A surname a title
            # precedes once ("President Obama") is a person wherever it stands alone
            # ("And Obama, for all the progress …, seems to agree").
            full = {last for _, _, _, last, size in out if size > 1} | given_title | {
                # and one named in full with a given name, if only as an owner ("Marco
                # Rubio's campaign")
                last for last, name in full_forms.items() if given_sex(name) is not None}
            # A lone word that acts as a subject twice or more ("Obama defended …", "Obama
            # told …") and is never written in lower case is a person too.
            actors = {name for name, times in acting.items() if times >= 2
                      and not re.search(r"\b" + re.escape(name.lower()) + r"\b", text)}
            self._people = [(at, name) for at, name, titled, last, size in out
                            if titled or name in full or name in actors or (size > 1 and (
                                last in alone or sentence_initial(text, at)
                                or given_sex(name) is not None))]
        return self._people


    def common_word(self, word: str) -> bool:
        """Is this capitalised word one the article also writes in lower case ("Officials
        said" / "officials"; "Repeatedly, …" / "repeatedly") and never as a name (in full,
        or after a title)?"""
        found = self._lower_words.get(word)
        if found is None:
            found = self._lower_words[word] = _written(self.text, word.lower())
        if not found:
            return False
        self.people()
        return word not in self._full and word not in self._titled


    def is_person(self, name: str) -> bool:
        """Does the article name someone with this surname outside its quotes ("Musk’s"
        is Musk), or in full with a given name ("Elon Musk’s company")?"""
        if self._surnames is None:
            self._surnames = {surname(name) for _, name in self.people()}
        key = surname(POSSESSIVE.sub("", name))
        return key in self._surnames or given_sex(self._full.get(key, "")) is not None


    def last_speaking(self, pos: int, within: int) -> str | None:
        """The last person named as the subject of a cue verb, not too far back."""
        self.people()
        k = bisect_right(self._speaking, (pos, "")) - 1
        if k < 0 or pos - self._speaking[k][0] > within:
            return None
        return self.fullest(self._speaking[k][1])


    def last_body(self, pos: int) -> tuple[int, str] | None:
        """The last organisation (or anyone) named as the subject of a cue verb, and
        where."""
        self.people()
        k = bisect_right(self._bodies, (pos, "")) - 1
        return self._bodies[k] if k >= 0 else None


    def expand(self, acronym: str) -> str:
        """The name an acronym stands for, where the article spells it out ("Export
        Development Canada (EDC)", or a run whose initials it is); else the acronym."""
        if not (acronym.isupper() and acronym.isalpha()):
            return acronym
        spelt = re.search(r"((?:[A-Z][\w'’.-]*,? (?:(?:of|and|for|the|on) )*){1,7})\("
                          + re.escape(acronym) + r"\)", self.text)
        if spelt is not None:
            return spelt.group(1).strip(" ,")
        for m in CAPITAL_RUN.finditer(self.text):
            words = [w for w in m.group().split() if w[0].isupper() and w != "The"]
            if len(words) == len(acronym) > 1 and "".join(w[0] for w in words) == acronym:
                return m.group()
        return acronym


    def bodies_named(self) -> list[tuple[int, str]]:
        """Organisations named outside quotes, in text order (asked for rarely, so
        found by a pass of their own)."""
        starts = [q.start for q in self.quoted]
        ends = [q.end for q in self.quoted]
        out = []
        for m in RUN_AND_NEXT.finditer(self.text):
            at = m.start()
            k = bisect_right(starts, at) - 1
            if k >= 0 and at < ends[k]:
                continue
            run = m.group(1)
            speaks = m.group(2) == " " and (m.group(3) or "").lower() in VERBS
            if is_body(run, speaks):
                out.append((at, body_name(run)))
        return out


    def last_person(self, pos: int, within: int | None = None) -> str | None:
        people = self.people()
        k = bisect_right(people, (pos, "")) - 1
        if k < 0 or (within is not None and pos - people[k][0] > within):
            return None
        return self.fullest(people[k][1])


    def fullest(self, name: str, pos: int | None = None) -> str:
        """The longest name in the article ending with this name's surname (and agreeing
        with its given name: "Bill Clinton" is not "Hillary Rodham Clinton"); with
        ``pos``, of the people sharing that surname, the one named last before ``pos``
        ("His father, Ernie LeBlanc, says …" / "“…,” says LeBlanc": not the son)."""
        key = surname(name)
        if pos is not None and " " not in name:
            seen = self.full_forms(name)
            k = bisect_right(seen, (pos, "")) - 1 if seen else -1
            if seen and k >= 0:
                return seen[k][1]
        best = self._full.get(key)
        if best is None or len(best.split()) <= len(name.split()):
            return name
        if " " in name and not _extends(name, best):
            # Another person of that surname: the longest form of this one's names.
            longer = [full for _, full in self.full_forms(name) if _extends(name, full)]
            return max(longer, key=len) if longer else name
        return best


    def full_forms(self, name: str) -> list[tuple[int, str]]:
        """Where the article names someone of this surname in full, and how, in order."""
        if self._full_at is None:
            self._full_at = {}
            for at, full in sorted(self.people() + self._owners):
                if " " in full:
                    self._full_at.setdefault(surname(full), []).append((at, full))
        return self._full_at.get(surname(name), [])


    def describe(self, description: str) -> str | None:
        """The person named right after the head noun of ``description``, if any."""
        if description not in self._described:
            self._described[description] = self._describe(description)
        return self._described[description]


    def _describe(self, description: str) -> str | None:
        words = re.findall(r"[^\W_][\w'’-]*", description)
        if not words:
            return None
        head = words[-1].lower()
        if head in PRONOUNS or len(head) < 3:
            return None
        modifiers = [fold(w) for w in words[:-1] if w.lower() not in NOT_NAMES]
        stem = head[:-1] if head.endswith("s") and len(head) > 4 else head
        best: tuple[int, str] | None = None
        text = self.text
        noun = re.escape(stem) + r"s?\b"
        if head in _ABBREVIATED:
            noun = rf"(?:{noun}|{_ABBREVIATED[head]}\.)"  # "the governor": "Gov. Chris Christie"
        pattern = re.compile(r"\b" + noun, re.IGNORECASE)
        for seen, m in enumerate(pattern.finditer(text)):
            if seen > 200:
                break
            # "Harry Reid (D-Nev.), the minority leader": a name in apposition before.
            found = _APPOSITION.search(text, max(0, m.start() - 100), m.start())
            if found is not None:
                name = person_name(found.group(1).replace(". ", " ").split())
                if name and " " in name:
                    between = fold(found.group(2))
                    score = sum(1 for mod in modifiers if _prefix_in(mod, between))
                    if (score or not modifiers) and (best is None or score > best[0]):
                        best = (score, name)
                    continue
            # A name starts right after the noun, past " " or ", ", with a capital:
            # looked at before any tokens are made, as most nouns are followed by none.
            e = m.end()
            skip = 1 if text.startswith(" ", e) else 2 if text.startswith(", ", e) else 0
            if not skip or not text[e + skip : e + skip + 1].isupper():
                continue
            after = tokens(self.text, m.end(), min(len(self.text), m.end() + 60))
            run_end = 0
            for k, tok in enumerate(after):
                gap = self.text[(after[k - 1].end if k else m.end()) : tok.start]
                if not tok.capital or gap not in (" ", ", "):
                    break
                run_end = k + 1
            if not run_end:
                continue
            name = person_name([t.text for t in after[:run_end]])
            if not name or len(name.split()) < 2:
                continue
            before = fold(self.text[max(0, m.start() - 40) : m.start()])
            score = sum(1 for mod in modifiers if _prefix_in(mod, before))
            if modifiers and not score:
                continue
            if best is None or score > best[0]:
                best = (score, name)
        return best[1] if best else None


# Titles written short before a name: "Gov. Chris Christie" is the governor.
_KIN_BEFORE = re.compile(r"\b(?:wife|husband|son|daughter|mother|father|brother|sister|"
                         r"partner|fiancee?|widow|widower), $")
_ABBREVIATED = {"governor": "gov", "senator": "sen", "representative": "rep",
                "lieutenant": "lt", "general": "gen", "professor": "prof"}
# A name, maybe a parenthesis ("(D-Nev.)"), then ", the …" up to the described noun,
# which the search ends at.
_APPOSITION = re.compile(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)+)(?: \([^()]{0,20}\))?, "
                         r"((?:the|a|an) (?:[\w'’.-]+ ){0,5})$")


def _written(text: str, word: str) -> bool:
    """Does ``word`` stand in ``text`` as a whole word (a plain search: a regular
    expression per word would be compiled for each)?"""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (not at or not _word_char(text[at - 1])) and (end == len(text)
                                                          or not _word_char(text[end])):
            return True
        at = text.find(word, at + 1)
    return False


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_'’-"


def _extends(name: str, full: str) -> bool:
    """Can ``full`` be a fuller form of ``name``: every word of it there ("De Blasio",
    "Bill de Blasio"), or a first word that is no given name ("Former Carson")? Not
    "Bill Clinton" for "Hillary Rodham Clinton"."""
    words = name.lower().split()
    have = set(full.lower().split())
    return all(w in have for w in words) or (
        words[0] not in have and given_sex(name) is None and len(words) == 2)


def _prefix_in(word: str, text: str) -> bool:
    stem = word[:5] if len(word) > 5 else word
    return bool(re.search(r"\b" + re.escape(stem), text))
