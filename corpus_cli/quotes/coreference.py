"""Whom a pronoun, or a body referred to later, means: gender evidence and sentence order.

``ArticlePeople`` is what attribution asks of one article: the ``Mentions`` it names,
plus each person's gender as the article's own words tell it (titles, kin words,
pronouns after a name), and the antecedent of a "he" or "she".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from corpus_cli.models import Span
from corpus_cli.quotes.capitals import run_name
from corpus_cli.quotes.mentions import Mentions
from corpus_cli.quotes.names import (
    ROLE_ENDINGS,
    SENTENCE_END,
    TITLES,
    false_stop,
    fold,
    given_sex,
    surname,
    word_set,
)
from corpus_cli.quotes.openings import (
    clause_end,
    described_subject,
    intro_end,
    modifiers,
    opens_with,
    speaks_as,
    speaks_in,
)


class ArticlePeople(Mentions):
    """What attribution needs to know about one article, computed as it is asked for."""

    def __init__(self, text: str, quoted: Sequence[Span] = ()) -> None:
        super().__init__(text, quoted)
        self._named_bodies: list[tuple[int, str]] | None = None  # "State Department"
        self._votes: dict[str, list[int]] | None = None  # full name → [he, she] evidence
        self._sentences: list[int] | None = None
        self._genders: dict[str, int | None] = {}
        self._speaking_at: set[int] | None = None
        self._said: dict[str, set[str]] | None = None  # person → stems written by the name
        self._names: frozenset[str] | None = None
        self._near: dict[str, frozenset[str]] = {}  # person → stems of its sentences

    def _title_and_kin(self, run: str, at: int) -> None:
        """Gender evidence written next to a name: a title (Mr, Ms) or a kin word
        before it ("her father Khaled")."""
        sex = _title_sex(run)
        if sex is None:
            before = self.text[max(0, at - 16) : at].rstrip(" ,").rsplit(None, 1)
            sex = _SEX.get(before[-1].lower()) if before else None
        if sex is not None:
            self._vote(run, at, sex, 2)


    def _vote(self, name: str, at: int, sex: int, weight: int) -> None:
        found = run_name(name)
        if found is None or self._votes is None:
            return
        person = found[0]
        if " " not in person:
            # A surname several people of the article share ("Mrs. Clinton" where Bill
            # and Hillary Clinton are named): the one whose given name agrees, if any.
            names = {full for _, full in self.full_forms(person)}
            if len(names) > 1:
                agree = [full for full in names if given_sex(full) == sex]
                if len(agree) != 1:
                    return
                person = agree[0]
        votes = self._votes.setdefault(self.fullest(person, at), [0, 0])
        votes[sex] += weight


    def _pronoun_votes(self) -> None:
        """The first "he" or "she" after the subject of a sentence (its first person
        named), in that sentence or the next, outside quotes and before any other
        person is named, votes for that person's gender: "Sarah Buckley, who …, said
        Covington Catholic has … / “…,” she said." """
        people = self._people or []
        starts = [q.start for q in self.quoted]
        ends = [q.end for q in self.quoted]
        last = -1
        for k, (at, name) in enumerate(people):
            sentence = self.sentence_of(at)
            if sentence == last:
                continue
            last = sentence
            stop = self._sentence_start(sentence + 2)
            if k + 1 < len(people):
                # Another person named first may be the one the pronoun means.
                stop = min(stop, people[k + 1][0])
            for m in _NOMINATIVE.finditer(self.text, at + len(name), stop):
                q = bisect_right(starts, m.start()) - 1
                if q >= 0 and m.start() < ends[q]:
                    continue
                # "“…,” he said" right after the sentence is the very question asked
                # of this evidence: it counts less than "He spoke" or "…, she said".
                attributing = self.text[max(0, m.start() - 3) : m.start()].rstrip(" ,") \
                    .endswith(_CLOSERS)
                self._vote(name, at, _SEX[m.group().lower()], 1 if attributing else 2)
                break


    def gender(self, name: str, at: int | None = None) -> int | None:
        """0 for a man, 1 for a woman, as the article's own words tell (titles, kin
        words, the pronoun after the name) and the given name suggests; None if unsure.
        ``at``: where the name stands, to tell apart people sharing a surname."""
        if self._votes is None:
            self.people()
            self._votes = {}
            for pos, run in self._named_runs:
                self._title_and_kin(run, pos)
            self._pronoun_votes()
        full = self.fullest(name, at)
        if full not in self._genders:
            he, she = self._votes.get(full, (0, 0))
            # A given name alone, never the surname of anyone named in full ("Demi",
            # "Bob"), tells the gender as a full name's first word does.
            given = given_sex(full) if " " in full or self.full_forms(full) \
                else given_sex(f"{full} X")
            if given is not None:
                # A prior the article's own words can overturn ("Darian …, she said").
                he, she = (he + GIVEN_WEIGHT, she) if given == 0 else (he, she + GIVEN_WEIGHT)
            sex = None
            if he != she:
                sex = 0 if he >= 2 * she else 1 if she >= 2 * he else None
            self._genders[full] = sex
        return self._genders[full]


    def sentence_of(self, pos: int) -> int:
        """The index of the sentence holding ``pos`` (a paragraph break ends one too)."""
        if self._sentences is None:
            text = self.text
            bounds = [m.end() for m in SENTENCE_END.finditer(text)
                      if not false_stop(text, 0, m.start())]
            bounds += [m.end() for m in _BREAK.finditer(text)]
            self._sentences = sorted(set(bounds))
        return bisect_right(self._sentences, pos)


    def antecedent(self, pos: int, pronoun: str) -> str | None:
        """Whom "he" or "she" at ``pos`` refers to (``""``: a person of either gender): in
        the nearest sentence before it that names a person of a compatible gender (the
        pronoun's own sentence first), the person most likely its subject: one speaking
        ("Foster writes"), then the first named ("Myers also cited an idea from Frank
        Clayton. … he said" → Myers), unless that name only qualifies the role of the
        next ("Obama consultant Cornell Belcher" → Belcher).
        A sentence whose subject is the same pronoun
        ("Still, he denied Mr. Hemming’s request", "Unlike Al Mnajer, he has been unable
        …") passes the search on to the one before.
        """
        people = self.people()
        sex = _SEX.get(pronoun.lower())
        if self._speaking_at is None:
            self._speaking_at = {at for at, _ in self._speaking}
        speaking = self._speaking_at
        k = bisect_right(people, (pos, "")) - 1
        seen = 0
        own = self.sentence_of(pos)
        while k >= 0 and seen < _ANTECEDENT_MENTIONS:
            sentence = self.sentence_of(people[k][0])
            same: list[tuple[int, str]] = []
            while k >= 0 and self.sentence_of(people[k][0]) == sentence:
                same.append(people[k])
                k -= 1
                seen += 1
            same.reverse()
            if self._in_caption(same[0][0]):
                continue  # a photo's caption between is no part of the story's thread
            start = self._sentence_start(sentence)
            opening = self.text[start : same[0][0]]
            if sex is not None and (opens_with(opening, pronoun.lower())
                                    or (sentence != own and described_subject(opening))
                                    or self._pronoun_after(same[-1], pronoun)
                                    or speaks_as(opening, pronoun)
                                    or self._speaks_after_intro(start, sentence, same, pos,
                                                                pronoun)):
                continue
            intro = intro_end(self.text, start, pos)
            if intro is not None and intro < pos < self._sentence_start(sentence + 1):
                # "Asked about her vote in the event that Clinton faces Trump, she
                # replied": the pronoun is the subject; the names of a participle's
                # phrase before it are not who it is.
                same = [m for m in same if m[0] > intro]
                if not same:
                    continue
            # "Filling in for Sanders where Clinton appeared, West landed …": after a
            # participle's phrase comes the subject.
            aside = intro if intro is not None else -1
            if intro is None and sentence != own:
                # An earlier sentence's subordinate clause is not its subject either:
                # "After Glenn Beck asked …, D’Souza replied, “…” / “…,” he added";
                # unless the same pronoun is ("When the interview steered Allen toward
                # …, he offered …": Allen).
                comma = clause_end(self.text, start, self._sentence_start(sentence + 1))
                if comma >= 0 and not opens_with(self.text[comma + 1 : comma + 40],
                                                  pronoun.lower()):
                    aside = comma
            # A lone word of unknown gender never given in full ("Ottawa said") is as
            # likely a place or a body as a person: "he" and "she" pass it by, unless
            # a cue verb follows it ("Lohmar said"). Of those left, the one speaking
            # comes first ("Each of the charges against Emery carries …, Lohmar said.
            # “…,” he said"), then the first named outside a participle's phrase: the
            # subject, whether or not the article tells its gender ("Niederreiter has
            # four goals since Minnesota traded him for Victor Rask").
            fits = []
            qualifying = modifiers(self.text, same)
            # "Scott Conroy asked Sanders whether …": the one asked is the one answering.
            asked = {b for (a, first), (b, _) in pairwise(same)
                     if a in speaking and _ASKED.fullmatch(self.text, a + len(first), b)}
            for at, name in same:
                full = self.person_at(name, at, sex)
                gender = self.gender(full, at)
                if sex is None or gender == sex or (
                        gender is None and (" " in full or at in speaking)):
                    fits.append((at < aside, at not in speaking and at not in asked,
                                 at in qualifying, at not in asked, at, full))
            if fits:
                return min(fits)[-1]
        return None


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


    def _speaks_after_intro(self, start: int, sentence: int, same: list[tuple[int, str]],
                            pos: int, pronoun: str) -> bool:
        """Does a sentence before the pronoun name people only in its opening participle's
        phrase, then give the same pronoun a cue verb ("Asked about her vote in the event
        that Clinton faces Trump, she replied")? Then that pronoun is the sentence's
        subject, carrying a thread from further back, and the names are others."""
        end = min(pos, self._sentence_start(sentence + 1))
        if end <= same[-1][0]:
            return False  # the pronoun's own sentence: the caller's intro rule decides
        intro = intro_end(self.text, start, end)
        return intro is not None and same[-1][0] < intro and speaks_in(
            self.text[intro:end], pronoun)


    def pair_before(self, pos: int, within: int) -> str | None:
        """Two people named together ("Tore Sohlberg and Lehla Abreder") in the nearest
        sentence before ``pos`` that names anyone, not too far back: whom "they" means."""
        people = self.people()
        k = bisect_right(people, (pos, "")) - 1
        if k < 1 or pos - people[k][0] > within:
            return None
        sentence = self.sentence_of(people[k][0])
        while k >= 1 and self.sentence_of(people[k - 1][0]) == sentence:
            (a, first), (b, second) = people[k - 1], people[k]
            end = self.text.find(first, a, a + len(first) + 24)
            if end >= 0 and self.text[end + len(first) : b].strip() == "and":
                return f"{self.fullest(first, a)} and {self.fullest(second, b)}"
            k -= 1
        return None


    def person_at(self, name: str, at: int, sex: int | None = None) -> str:
        """The full name of the person ``name`` at ``at`` means: of the people the
        article gives that surname, the last named before ``at``, or with ``sex``, the
        last of that gender ("Murphy" is Sen. Chris Murphy for "he", not Anne Marie
        Murphy named after him)."""
        if sex is None or " " in name:
            return self.fullest(name, at)
        forms = self.full_forms(name)
        if len(forms) < 2:
            return self.fullest(name, at)
        fitting = [(seen, full) for seen, full in forms if self.gender(full, seen) == sex]
        if not fitting:
            return self.fullest(name, at)
        before = [f for f in fitting if f[0] < at]
        return (before or fitting)[-1][1]


    def _in_caption(self, pos: int) -> bool:
        """Is ``pos`` in a photo caption: a paragraph ending with a credit in brackets
        ("… at Windsor station in Montreal. ( THE CANADIAN PRESS FILE PHOTO )", "( Peter
        Lee / Waterloo Region Record )")?"""
        end = self.text.find("\n", pos)
        end = len(self.text) if end < 0 else end
        tail = self.text[max(pos, end - 80) : end].rstrip()
        if not tail.endswith(")"):
            return False
        credit = tail[tail.rfind("(") + 1 :]
        return "PHOTO" in credit.upper() or " / " in credit


    def _pronoun_after(self, mention: tuple[int, str], pronoun: str) -> bool:
        """Is the same pronoun the subject right after this mention ("Unlike Al Mnajer,
        he's been unable to find work")? Then the pronoun is someone else."""
        at, name = mention
        end = self.text.find(name, at, at + len(name) + 24)
        if end < 0:
            return False
        end += len(name)
        after = self.text[end : end + len(pronoun) + 4]
        return bool(re.match(r",\s+" + re.escape(pronoun) + r"\b", after, re.IGNORECASE))


    def _sentence_start(self, sentence: int) -> int:
        self.sentence_of(0)
        assert self._sentences is not None
        if sentence > len(self._sentences):
            return len(self.text)
        return self._sentences[sentence - 1] if sentence else 0


    def last_body_named(self, pos: int, within: int, head: str = "") -> str | None:
        """The last organisation named before ``pos`` (a run with an organisation word, or
        one a cue verb follows that names no person of known gender), not too far back;
        one whose name holds ``head`` first ("the commission": "… Police Commission")."""
        if self._named_bodies is None:
            self._named_bodies = self.bodies_named()
        bodies = self._named_bodies
        k = bisect_right(bodies, (pos, "")) - 1
        found: str | None = None
        while k >= 0:
            at, name = bodies[k]
            if head and head in name.lower().split():
                return name
            if found is None and pos - at <= within and self.gender(name) is None:
                found = name
            k -= 1
        return found


# Words that tell a person's gender: 0 he, 1 she.
_SEX = {**dict.fromkeys(("he", "him", "his", "himself", "mr", "sir", "lord", "king",
                         "prince", "father", "son", "husband", "brother", "dad", "uncle",
                         "grandfather", "boyfriend", "nephew"), 0),
        **dict.fromkeys(("she", "her", "hers", "herself", "ms", "mrs", "miss", "dame",
                         "lady", "queen", "princess", "mother", "daughter", "wife",
                         "sister", "mom", "mum", "aunt", "grandmother", "girlfriend",
                         "niece"), 1)}
# Head nouns of a description that tell the gender of whom it means, as a pronoun would.
_HEAD_PRONOUN = {
    **dict.fromkeys(("man", "boy", "father", "husband", "son", "brother", "actor",
                     "grandfather", "uncle", "king", "prince"), "he"),
    **dict.fromkeys(("woman", "girl", "mother", "wife", "daughter", "sister", "grandmother",
                     "aunt", "queen", "princess", "lady"), "she"),
}
_NOMINATIVE = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_ASKED = re.compile(r" asked ")
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
_WRITTEN_OUT = {"gov": "governor", "sen": "senator", "rep": "representative",
                "gop": "republican", "pres": "president", "gen": "general",
                "sec": "secretary", "lt": "lieutenant", "dem": "democrat",
                "democratic": "democrat", "prof": "professor"}
_CLOSERS = ("”", '"', "’", "»")
_BREAK = re.compile(r"\n\s*")
_ANTECEDENT_MENTIONS = 60  # mentions looked at, back from a pronoun
GIVEN_WEIGHT = 3  # a given name's evidence: more than one pronoun, less than two titles


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


@lru_cache(maxsize=65536)
def _title_sex(run: str) -> int | None:
    """The gender a run's first word tells when a name follows it (Mr, Ms, Queen)."""
    return _SEX.get(run.split(" ", 1)[0].rstrip(".").lower()) if " " in run else None
