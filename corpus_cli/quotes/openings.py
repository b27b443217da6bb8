"""What a sentence's opening says about who its subject is, for a pronoun's search.

``ArticlePeople.antecedent`` walks back through the sentences before a "he" or "she"; these
read each one's shape: an opening phrase or clause whose names are no subject ("Asked
about …, she replied", "At Boca West, where …", "After Glenn Beck asked …,"), a name that
only qualifies another's role ("Obama consultant Cornell Belcher"), a description or the
same pronoun as the subject, which hand the search on to the sentence before.
"""

from __future__ import annotations

import re
from itertools import pairwise

from corpus_cli.quotes.capitals import ADJUNCT_NOUNS
from corpus_cli.quotes.cue_words import (
    ADVERBS,
    CLAUSE_WORDS,
    CONJUNCTIONS,
    IRREGULAR_PAST,
    PREPOSITIONS,
)
from corpus_cli.quotes.names import ROLE_ENDINGS, VERBS
from corpus_cli.quotes.phrases import person_noun


def modifiers(text: str, same: list[tuple[int, str]]) -> set[int]:
    """Where a name of ``same`` only qualifies the role of the person named right after it
    ("Obama consultant Cornell Belcher", "Clinton's campaign chairman John Podesta") or a
    noun ("for the Bernie Sanders campaign, is Wayne Borders"): a person named after it,
    not that name, is who the sentence is about."""
    out = set()
    for (at, name), (nxt, _) in pairwise(same):
        end = text.find(name, at, at + len(name) + 24)
        if end < 0:
            continue
        following = _NEXT_WORD.match(text, end + len(name))
        if following is not None and following.group(1).lower() in ADJUNCT_NOUNS:
            out.add(at)  # "for the Bernie Sanders campaign, is Wayne Borders"
            continue
        between = _ROLE_BETWEEN.fullmatch(text, end + len(name), nxt)
        if between is None or not between.group(1).endswith(ROLE_ENDINGS):
            continue
        words = between.group().split()
        if not any(w.lower() in _NOT_IN_A_ROLE for w in words):
            out.add(at)
    return out


# What stands between a name and the person whose role it qualifies: a possessive, then
# one to three lower-case words, the last a role ("consultant", "campaign manager").
_NEXT_WORD = re.compile(r"(?:['’]s)?\s+([a-z]+)\b")
# A clause's words ("Garcia would vote for Trump", "Trump went after Bush"): no role.
_NOT_IN_A_ROLE = PREPOSITIONS | CLAUSE_WORDS | CONJUNCTIONS | VERBS | ADVERBS | IRREGULAR_PAST
# ("Alicia Markova spent World War II …": a verb in the past, however it ends, is no role)
_ROLE_BETWEEN = re.compile(r"(?:['’]s?)?(?:\s+[a-z][\w-]*){0,2}\s+([a-z][\w-]*)\s+")


def described_subject(opening: str) -> bool:
    """Is the subject of the clause ``opening`` starts a definite description of one
    person ("The Wisconsin Republican did give Trump some credit, but he …")? Then the
    people named after it are others, and the description, like a pronoun, carries a
    thread from further back."""
    found = _DESCRIBED.match(opening)
    return found is not None and not found.group(1).endswith("s") \
        and person_noun("the " + found.group(1))


# "The Wisconsin Republican did …", "the former president also …": a definite
# description of up to four words, then a verb.
_DESCRIBED = re.compile(r"\s*(?:The|the)\s+((?:[\w.-]+\s+){0,3}?[A-Za-z][\w-]*)\s+"
                        r"(?:did|does|has|had|was|is|will|would|also|then|[a-z]+ed)\b")


def opens_with(opening: str, pronoun: str) -> bool:
    """Is ``pronoun`` the subject of the clause ``opening`` starts ("Still, he denied",
    "More recently, he’s spoken out")?"""
    words = [w.split("'")[0].split("’")[0] for w in re.findall(r"[\w'’]+", opening.lower())]
    return pronoun in words[:4]


def speaks_as(opening: str, pronoun: str) -> bool:
    """Does the same pronoun speak before the sentence names anyone ("But during the
    roll call, states are called alphabetically, he noted, so … Trump …")? Then its
    referent is the one searched for, further back, and the people named after are
    others."""
    return bool(re.search(r"\b" + re.escape(pronoun) + r" (?:" + _CUE_ALTERNATION + r")\b",
                          opening, re.IGNORECASE))


def speaks_in(words: str, pronoun: str) -> bool:
    """Is ``pronoun`` followed by a cue verb somewhere in ``words`` ("she replied")?"""
    return any(m.group(1).lower() in VERBS for m in re.finditer(
        r"\b" + re.escape(pronoun) + r"\s+(\w+)", words, re.IGNORECASE))


# A sentence opening with a participle ("Asked about …, she replied", "Since announcing
# William Weld as his running mate, Johnson has …"): the phrase up to its first comma is
# no subject. Nor is a short phrase a preposition opens ("At Boca West, where …, Jay
# DiPietro suggested …"; "For Jonathan Chait, Williamson is …"); a long one holds the
# subject itself ("On Thursday evening Hillary Clinton delivered her speech as the
# nominee, seeking …"). (A subordinate clause is neither: in "When the interview steered
# Allen toward …, he offered …" the clause names whom "he" is.)
_PARTICIPLE_OPENING = re.compile(
    r"(?:(?:After|Before|Since|While|When|Upon|Without)\s+[a-z]+ing|[A-Z][a-z]+(?:ed|ing))\b")
_PREPOSITION_OPENING = re.compile(r"(?:At|In|On|For|Across|Despite|Like|Among|Amid)\b")
_SHORT_PHRASE = 8  # words
_CUE_ALTERNATION = "said|says|told|added|noted|wrote|argued|explained|insisted|recalled"


def clause_end(text: str, start: int, end: int) -> int:
    """Where the subordinate clause opening the sentence ``text[start:end]`` ends (its
    comma), or -1 when it opens with none."""
    if not _SUBORDINATE_OPENING.match(text, start):
        return -1
    return text.find(",", start, end)


_SUBORDINATE_OPENING = re.compile(r"(?:After|Before|When|While|As|Since|Because|If|Although|"
                                  r"Though|Once|Until)\s")


def intro_end(text: str, start: int, pos: int) -> int | None:
    """Where the phrase opening the sentence at ``start`` ends (its comma), if it opens
    with a participle or a short prepositional phrase, and the comma comes before
    ``pos``."""
    participle = _PARTICIPLE_OPENING.match(text, start)
    if not participle and not _PREPOSITION_OPENING.match(text, start):
        return None
    comma = text.find(",", start, pos)
    if comma >= 0 and not participle and len(text[start:comma].split()) > _SHORT_PHRASE:
        return None
    return comma if comma >= 0 else None
