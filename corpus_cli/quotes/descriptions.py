"""Whom a definite description of one person means ("the mayor", "the former Florida
governor"): by position, checked against what the article writes by each name.

``DescribedPeople`` adds to ``ArticlePeople`` (pronouns, genders) what descriptions need:
the words written by each name (a title before it, a party, an apposition or a place after
it), the people named recently, and the person a description goes to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from corpus_cli.models import Span
from corpus_cli.quotes.coreference import ArticlePeople
from corpus_cli.quotes.names import ROLE_ENDINGS, TITLES, fold, surname, word_set


class DescribedPeople(ArticlePeople):
    """``ArticlePeople`` with the people that descriptions of one person mean."""

    def __init__(self, text: str, quoted: Sequence[Span] = ()) -> None:
        super().__init__(text, quoted)
        self._said: dict[str, set[str]] | None = None  # person → stems written by the name
        self._names: frozenset[str] | None = None
        self._near: dict[str, frozenset[str]] = {}  # person → stems of its sentences


    def person_before(self, pos: int, within: int, description: str) -> str | None:
        """Whom a definite description of one person at ``pos`` ("the mayor", "the
        former Florida governor") refers back to, as a reader takes it.

        The reading by position (``_nearest_described``) is checked against what the
        article writes by each name recently named: a capitalised word of the
        description (a place, a party, a body) written by another's name moves it there
        ("the former Florida governor": "former Florida Gov. Jeb Bush", not Trump who
        spoke last), and so does a title ("the former president": "former President
        Bill Clinton"). A description whose capitalised word is a person's name ("the
        Christie supporter", "the Lincoln actor"), or of someone no article names ("the
        narrator", "the crowd"), stays as written: None."""
        words = _DESCRIPTION_WORD.findall(description)
        head = words[-1].lower() if words else ""
        by_position = self._nearest_described(pos, within, head)
        if not words or head in UNNAMED_ROLES:
            return None
        needed = {_stem(w) for w in words[1:-1] if w[0].isupper() and fold(w) not in TITLES}
        # An office with a place or a party ("the Florida senator") is looked for further
        # back than position reaches, by the names it is said of ("Sen. Marco Rubio
        # (R-Fla.)"); a role ("the Cambridge resident"), or a bare title ("the chief
        # executive"), is not.
        reach = _TIE_REACH if head in TITLES and needed else within
        candidates = ([by_position] if by_position is not None else []) + \
            [person for person in self._recent_people(pos, reach) if person != by_position]
        if needed & self._name_words():
            return None  # "the Christie supporter", "the Lincoln actor": not that person
        if needed:
            # Said by another's name ("former Florida Gov. Jeb Bush"): that one. Written
            # with no one ("the Belarus leader" of a story about Lukashenko that never
            # writes "Belarus" by his name): the person by position, as a reader takes it.
            candidates = [person for person in candidates
                          if needed <= self.said_of(person)] or candidates[:1]
        elif head not in TITLES:
            # A role no title names ("the affable proprietor", "the investor"): the
            # person by position, the one the article is telling of.
            return by_position
        if not candidates:
            return self._main_with_role(pos, needed | {_stem(head)}) \
                if head in TITLES else None
        told = {_stem(w) for w in words[1:]}
        # Ties (nothing said of anyone) keep the order: by position first.
        return max(candidates, key=lambda person: len(told & self.said_of(person)))


    def _main_with_role(self, pos: int, role: set[str]) -> str | None:
        """With no one named near: of the people named before ``pos`` whose sentences
        hold the words of a title ("McCallum’s last term as Surrey mayor" for "the
        mayor"), the one the article names most."""
        counts: dict[str, int] = {}
        for at, name in self.people():
            if at >= pos:
                break
            full = self.fullest(name, at)
            counts[full] = counts.get(full, 0) + 1
        fitting = [person for person in counts if role <= self._said_near(person)]
        return max(fitting, key=counts.__getitem__) if fitting else None


    def said_of(self, person: str) -> frozenset[str]:
        """The stems of what the article writes of this person as part of naming them:
        the title or role right before a name ("former Florida Gov. Jeb Bush",
        "Republican presidential candidate Ben Carson"), a party and an apposition right
        after it ("Harry Reid (D-Nev.), the Senate minority leader,", "Marco Rubio of
        Florida"). Abbreviated titles and parties count as their words; the name's own
        words do not ("the Christie supporter" is not Chris Christie)."""
        if self._said is None:
            self._said = {}
            people = self.people()
            text = self.text
            for k, (at, name) in enumerate(people):
                last = name.rsplit(" ", 1)[-1]
                after_name = text.find(last, at)  # "Harry M. Reid" is named "Harry M Reid"
                after_name = at + len(name) if after_name < 0 else after_name + len(last)
                lo = people[k - 1][0] + len(people[k - 1][1]) if k else 0
                hi = people[k + 1][0] if k + 1 < len(people) else len(text)
                full = self.fullest(name, at)
                own = {_stem(w) for w in full.split()}
                stems = self._said.setdefault(full, set())
                words = _title_before(text[max(lo, at - _SAID_BEFORE) : at]) + \
                    _apposition_after(text[after_name : min(hi, after_name + _SAID_AFTER)])
                stems.update(stem for stem in map(_stem, words) if stem not in own)
        return frozenset(self._said.get(person, ()))


    def _said_near(self, person: str) -> frozenset[str]:
        """The stems of the words of every sentence that writes this person's surname."""
        if person not in self._near:
            found: set[str] = set()
            name = surname(person)
            for m in re.finditer(r"\b" + re.escape(name) + r"\b", self.text):
                sentence = self.sentence_of(m.start())
                written = self.text[self._sentence_start(sentence) :
                                    self._sentence_start(sentence + 1)]
                found.update(map(_stem, _DESCRIPTION_WORD.findall(written)))
            self._near[person] = frozenset(found - {_stem(name)})
        return self._near[person]


    def _name_words(self) -> frozenset[str]:
        """The stems of the words of every name of a person in the article."""
        if self._names is None:
            self._names = frozenset(_stem(word) for _, name in self.people()
                                    for word in name.split())
        return self._names


    def _recent_people(self, pos: int, within: int) -> list[str]:
        """The people named in the ``within`` characters before ``pos``, the last named
        first."""
        people = self.people()
        k = bisect_right(people, (pos, "")) - 1
        out: list[str] = []
        while k >= 0 and pos - people[k][0] <= within:
            full = self.fullest(people[k][1], people[k][0])
            if full not in out:
                out.append(full)
            k -= 1
        return out


    def _nearest_described(self, pos: int, within: int, head: str) -> str | None:
        """The person a description with this head noun means by position alone: of the
        nearest sentence before it naming anyone, not too far back, the one speaking,
        else its subject (``antecedent``); one of the gender its head noun tells ("the
        woman", "the congressman"), if it tells one."""
        last = self.last_person(pos, within)
        if last is None:
            return None
        pronoun = _HEAD_PRONOUN.get(head, "")
        if not pronoun and head.endswith(("woman", "ress")):
            pronoun = "she"
        elif not pronoun and head.endswith("man"):
            pronoun = "he"
        if pronoun:
            return self.antecedent(pos, pronoun)
        # "And he even inserted himself into the primary, speaking highly of Mr. Trump. /
        # “…,” the Russian leader said": the sentence is about whom "he" is.
        people = self.people()
        at = people[bisect_right(people, (pos, "")) - 1][0]
        start = self._sentence_start(self.sentence_of(at))
        opener = _PRONOUN_SUBJECT.match(self.text, start, at)
        if opener is not None:
            referent = self.antecedent(opener.start(1), opener.group(1))
            if referent is not None:
                return referent
        subject = self.antecedent(pos, "")
        if subject is None or subject == last:
            return last
        # The two readings differ ("Sviatlana Tsikhanouskaya said Lukashenko would … /
        # The Belarus leader said …"): the person the article has named more so far.
        return max((subject, last), key=lambda name: self._named_before(name, pos))


    def _named_before(self, name: str, pos: int) -> int:
        """How many times the article names this person before ``pos``."""
        return sum(1 for at, other in self.people()
                   if at < pos and self.fullest(other, at) == name)


# Head nouns of a description that tell the gender of whom it means, as a pronoun would.
_HEAD_PRONOUN = {
    **dict.fromkeys(("man", "boy", "father", "husband", "son", "brother", "actor",
                     "grandfather", "uncle", "king", "prince"), "he"),
    **dict.fromkeys(("woman", "girl", "mother", "wife", "daughter", "sister", "grandmother",
                     "aunt", "queen", "princess", "lady"), "she"),
}
_PRONOUN_SUBJECT = re.compile(r"\s*(?:(?:And|But|So|Then|Yet|Still),? )?([Hh]e|[Ss]he)\b")
# Heads of descriptions of someone the article does not name, whoever spoke last: "the
# narrator", "the crowd", "the heckler".
UNNAMED_ROLES = frozenset(("narrator", "announcer", "crowd", "audience", "heckler",
                           "hecklers", "voice", "caller", "viewer", "listener", "reader"))
_DESCRIPTION_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TIE_REACH = 1500  # characters back a description may reach a person said to be it
_SAID_BEFORE = 60  # characters before a name looked at for its title or role
_SAID_AFTER = 90  # characters after it, for an apposition or a party
# Lower-case words of a title before a name that no role ending tells: "former
# Republican presidential candidate".
_ROLE_WORDS = word_set("former presidential candidate nominee front-runner frontrunner hopeful "
                       "rival minority majority whip then ex longtime top chief senior")
# Words that end a title read back from a name: "… told Sen. Ted Cruz", "… and Gov.".
_NOT_TITLE = word_set("""
the a an and or but to by with from at in on as that this when while who whom which said
says told tells asked is was are were has had have be been for of not than then after before
about against
""")
# After a name: a party ("(D-Nev.)"), then an apposition (", the Senate minority leader")
# or a place ("of Florida").
_AFTER_NAME = re.compile(
    r"(?:\s*\(?(?:,\s*)?(?P<party>[RDI])-(?P<state>[A-Z][A-Za-z.]{0,12})\)?)?"
    r"(?:,\s+(?P<apposition>(?:the|a|an|now|then|who is|who was)\s[^,.;:()“”\"]{0,70})"
    r"|\s+(?P<place>of\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?))?")
_PARTIES = {"R": "republican", "D": "democrat", "I": "independent"}
# US states by their postal codes and their abbreviations in party labels ("R-Fla.").
_STATES = """
alabama al ala, alaska ak, arizona az ariz, arkansas ar ark, california ca calif cal,
colorado co colo, connecticut ct conn, delaware de del, florida fl fla, georgia ga,
hawaii hi, idaho id, illinois il ill, indiana in ind, iowa ia, kansas ks kan kans,
kentucky ky, louisiana la, maine me, maryland md, massachusetts ma mass,
michigan mi mich, minnesota mn minn, mississippi ms miss, missouri mo, montana mt mont,
nebraska ne neb nebr, nevada nv nev, ohio oh, oklahoma ok okla, oregon or ore,
pennsylvania pa penn, tennessee tn tenn, texas tx tex, utah ut, vermont vt,
virginia va, washington wa wash, wisconsin wi wis wisc, wyoming wy wyo,
new_hampshire nh, new_jersey nj, new_mexico nm, new_york ny, north_carolina nc,
north_dakota nd, rhode_island ri, south_carolina sc, south_dakota sd, west_virginia wv wva
"""
US_STATES = {abbreviation: state for state, *abbreviations in map(str.split, _STATES.split(","))
             for abbreviation in abbreviations}
STATE_NAMES = frozenset(word for state in US_STATES.values() for word in state.split("_"))
_WRITTEN_OUT = {"gov": "governor", "sen": "senator", "rep": "representative",
                "gop": "republican", "pres": "president", "gen": "general",
                "sec": "secretary", "lt": "lieutenant", "dem": "democrat",
                "democratic": "democrat", "prof": "professor"}


def _title_before(text: str) -> list[str]:
    """The words of the title or role that ends ``text`` right before a name, read back
    to a punctuation mark or a word no title holds: "Republican presidential candidate"
    of "… said Republican presidential candidate ", "former Florida Gov." of "… and
    former Florida Gov. "."""
    cut = max(text.rfind(mark) for mark in ",;:()[]\n\"“”")
    words: list[str] = []
    for word in reversed(text[cut + 1 :].split()):
        bare = word.lower().strip(".")
        if word[:1].isupper():
            if word.endswith(".") and bare not in TITLES and bare not in _WRITTEN_OUT:
                break  # "… in Iowa. Ted Cruz": the end of the sentence before
        elif not (bare in TITLES or bare in _ROLE_WORDS or bare.endswith(ROLE_ENDINGS)
                  or (bare in ("of", "for") and words and words[-1][:1].isupper())):
            break
        if bare in _NOT_TITLE:
            break
        words.append(word)
    return words


def _apposition_after(text: str) -> list[str]:
    """The words of a party, an apposition or a place right after a name."""
    m = _AFTER_NAME.match(text)
    if m is None:
        return []
    out = [_PARTIES[m.group("party")]] if m.group("party") else []
    state = (m.group("state") or "").replace(".", "").lower()
    if state in US_STATES:
        out += US_STATES[state].split("_")  # "(R-Fla.)", "(D-N.Y.)": their state
    for group in ("apposition", "place"):
        if m.group(group):
            out += _DESCRIPTION_WORD.findall(m.group(group))
    return out


def _stem(word: str) -> str:
    """A word as descriptions and the titles by names are compared: folded, without a
    plural or possessive ending, an abbreviated title or party written out ("Gov."
    is "governor", "GOP" "republican", "Democratic" "democrat")."""
    folded = fold(word).strip("'’-")
    if folded.endswith(("'s", "’s")):
        folded = folded[:-2]
    elif folded.endswith("s") and len(folded) > 4 and not folded.endswith("ss"):
        folded = folded[:-1]
    return _WRITTEN_OUT.get(folded, folded)
