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
from corpus_cli.quotes.names import SENTENCE_END, false_stop, given_sex
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
        self._speakers: set[str] = set()  # the full names of those the article has speak

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


    def antecedent(self, pos: int, pronoun: str, said_at: int | None = None) -> str | None:
        """Whom "he" or "she" at ``pos`` refers to (``""``: a person of either gender): in
        the nearest sentence before it that names a person of a compatible gender (the
        pronoun's own sentence first), the person most likely its subject: one speaking
        ("Foster writes"), then the first named ("Myers also cited an idea from Frank
        Clayton. … he said" → Myers), unless that name only qualifies the role of the
        next ("Obama consultant Cornell Belcher" → Belcher).
        A sentence whose subject is the same pronoun
        ("Still, he denied Mr. Hemming’s request", "Unlike Al Mnajer, he has been unable
        …") passes the search on to the one before. ``said_at``: where the pronoun stands
        with its cue verb, when that is after ``pos`` ("“…,” he told Rubio": not Rubio).
        """
        people = self.people()
        sex = _SEX.get(pronoun.lower())
        # "“…,” he told Rubio": the one told is not the one telling.
        told = _TOLD.match(self.text, pos if said_at is None else said_at)
        addressee = told.group(1).split()[-1] if told else None
        if self._speaking_at is None:
            self._speaking_at = {at for at, _ in self._speaking}
            self._speakers = {self.fullest(name, at) for at, name in self._speaking}
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
            first_intro = intro_end(self.text, start, same[0][0])
            if first_intro is not None:
                # "At a rally in Milwaukee this spring, she described Trump as …": after
                # the opening phrase, the pronoun is the subject.
                opening = self.text[first_intro + 1 : same[0][0]]
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
                if addressee is not None and full.split()[-1] == addressee:
                    continue
                gender = self.gender(full, at)
                # A lone word of unknown gender is a person where the article has it
                # speak, here or anywhere ("Tiegen was also troubled …", "Tiegen said").
                if sex is None or gender == sex or (
                        gender is None and (" " in full or at in speaking
                                            or full in self._speakers)):
                    fits.append((at < aside, at not in speaking and at not in asked,
                                 at in qualifying, at not in asked, at, full))
            if fits:
                return min(fits)[-1]
        return None


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
_NOMINATIVE = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_ASKED = re.compile(r" asked ")
# A pronoun's cue with the one spoken to: "he told Rubio", "she wrote to Mr. Cameron".
_TOLD = re.compile(r"(?:[Hh]e|[Ss]he)\s+(?:[a-z]+ly\s+)?(?:told|tells|asked|asks|reminded|"
                   r"assured|warned|informed|urged|(?:said|says|wrote|writes|replied|"
                   r"responded) to)\s+(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|President)\.?\s+)?"
                   r"((?:[A-Z][\w’'-]+\s?){1,3})")
_CLOSERS = ("”", '"', "’", "»")
_BREAK = re.compile(r"\n\s*")
_ANTECEDENT_MENTIONS = 60  # mentions looked at, back from a pronoun
GIVEN_WEIGHT = 3  # a given name's evidence: more than one pronoun, less than two titles


@lru_cache(maxsize=65536)
def _title_sex(run: str) -> int | None:
    """The gender a run's first word tells when a name follows it (Mr, Ms, Queen)."""
    return _SEX.get(run.split(" ", 1)[0].rstrip(".").lower()) if " " in run else None
