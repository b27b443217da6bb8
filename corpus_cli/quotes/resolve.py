"""From the words that name a quote's speaker to the speaker: pronouns, names, descriptions.

subject of a whole sentence between the two quotes.
"He" or "she" resolves to a person of a compatible gender (from the article's own words)
in the nearest sentence naming one, its subject first; a name to the fullest form the
article gives for its surname (``Mr Viačorka`` → ``Franak Viačorka``); a description
(``the Ukrainian President``) to the person the article names right after the same noun,
else (one person: ``the mayor``) to the subject of the nearest sentence naming anyone,
``the agency`` to the last body named, where it can; otherwise it stays as written. A
lone capitalised word the article also writes in lower case, never as a name, is no name
(``Officials said`` is a description).
A quoted document ("the statement said") is its issuer's where the sentence introducing it
says whose. Every penalty on a confidence keeps it within [0.05, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_cli.quotes.cue_words import BODIES, DOCUMENTS, NOT_PEOPLE, PARTY_MEMBERS
from corpus_cli.quotes.cues import WINDOW, Found, sentence_start, sentence_subject
from corpus_cli.quotes.descriptions import STATE_NAMES, DescribedPeople
from corpus_cli.quotes.names import ORG_WORDS, TITLES, fold, person_name
from corpus_cli.quotes.phrases import person_noun


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None  # resolved, readable: the fullest name the article gives
    mention: str | None  # as written: "he", "Mr Viačorka", "the soldiers"
    cue: str | None  # the cue verb as written
    kind: str  # "name", "description" or "unknown"
    confidence: float
    reason: str


UNKNOWN = Attribution(None, None, None, "unknown", 0.0, "no attribution pattern matched")

_INDEFINITE = frozenset(("a", "an", "one", "another", "some", "several", "two", "three",
                         "many", "other"))
MIN_CONFIDENCE = 0.05  # an attributed speaker's confidence never falls below this
_OF_SOMEONE = re.compile(r"\s+(?:of|at|from|with|for)\s+(?:a|an|one|another)\s")


def lowered(confidence: float, penalty: float) -> float:
    """A confidence lowered by a penalty, kept in [MIN_CONFIDENCE, 1]: penalties add up
    along chains (an unresolved pronoun, then a quote continuing it) and must not take
    a confidence below zero."""
    return round(min(1.0, max(MIN_CONFIDENCE, confidence - penalty)), 2)


_ISSUE_REACH = 600  # characters back from a document's quote where its issuer is looked for
# "a letter from company president Lee Scott", "a report by the World Bank": its author.
_AUTHOR = re.compile(r" (?:from|by) (?:(?:the|company|its|his|her)\s+)?(?:[a-z]+\s+){0,2}"
                     r"((?:[A-Z][\w.’'-]*)(?: [A-Z][\w.’'-]*){0,3})")
_REPORTING = re.compile(r"\b(?:said|says|reported|reports|wrote|writes|that)\s+(?=[A-Z])")
_NO_OWNER = frozenset(("the", "a", "an", "in", "his", "her", "its", "their", "this", "that"))


def _issuer(article: DescribedPeople, pos: int, head: str) -> tuple[str, str] | None:
    """Who issued the document ``head`` ("statement", "editorial") quoted at ``pos``, as
    the nearest sentence before that introduces it says (not one that only refers back to
    it, "the report forecast …"): its owner ("a withering Washington Post editorial",
    "Trump's statement"), its author after "from" or "by" ("an open letter from company
    president Lee Scott"), or the subject of that sentence's words outside quotes
    ("President Obama released a statement", "“…,” Fox News said in a statement", "The
    Times said Cook provided a written statement": Cook), where that is a person the
    article names or a body: with its kind ("name" or, for a body, "description"). None
    where the article does not say ("their editorial")."""
    text = article.text
    lo = max(0, pos - _ISSUE_REACH)
    mentions = [m for m in re.finditer(r"((?:[A-Z][\w.’'-]*[ ]){0,4})(?i:" + re.escape(head)
                                       + r")\b", text[lo:pos])
                if not text[: lo + m.start()].endswith(("the ", "The ", "this ", "This "))]
    if not mentions:
        return None
    m = mentions[-1]
    at = lo + m.start()
    owner = [w for w in m.group(1).split() if w.lower() not in _NO_OWNER]
    if owner:
        return _known(article, [w[:-2] if w.endswith(("’s", "'s")) else w for w in owner], at)
    author = _AUTHOR.match(text, lo + m.end())
    if author is not None:
        return _known(article, author.group(1).split(), author.start(1))
    start = sentence_start(text, max(0, at - WINDOW), at)
    start = max(start, max(text.rfind(mark, start, at) for mark in "”\"\n") + 1)
    # A clause reported in the sentence is nearer the document than the sentence's own
    # subject: "The Times said Cook provided a written statement" is Cook's.
    reported = [r.end() for r in _REPORTING.finditer(text, start, at)]
    for first in ([reported[-1]] if reported else []) + [start]:
        found = sentence_subject(text, first, at, whole=True)
        if found is not None and found[1] != "pronoun":
            known = _known(article, found[0].split(), found[2])
            if known is not None:
                return known
    return None


def _known(article: DescribedPeople, words: list[str], at: int) -> tuple[str, str] | None:
    """The person these words name, if the article names them elsewhere too, or the body
    they name (a word of an organisation in them, one the article never writes in lower
    case if it stands alone), with its kind; else None."""
    name = person_name(words)
    if name is not None and article.is_person(name):
        return article.fullest(name, at), "name"
    if len(words) == 1 and (words[0].lower() not in ORG_WORDS
                            or article.common_word(words[0])):
        return None  # "Open" of "an Open letter", written "open" elsewhere
    if any(w.lower() in ORG_WORDS for w in words):
        return " ".join(words), "description"
    return None


def _introduced_unnamed(text: str, pos: int, head: str) -> bool:
    """Did the text just before introduce someone unnamed with the same noun ("a young
    woman asked Mrs. Clinton … / “…,” the woman said"), or as someone's, no name after
    ("the prime minister’s spokesman said … / “…,” the spokesman said")? Then the
    description means that person, whom the article does not name."""
    before = text[max(0, pos - 600) : pos]
    found = re.search(r"\b(?:a|an|one|another)\s+(?:[\w-]+\s+){0,2}" + re.escape(head)
                      + r"\b", before, re.IGNORECASE)
    return found is not None or re.search(
        r"[’']s\s+(?:[a-z-]+\s+){0,2}" + re.escape(head) + r"\b(?!,?\s+(?:[A-Z]|and\b))",
        before) is not None

def resolve(article: DescribedPeople, found: Found, last: tuple[Attribution, int] | None,
             pos: int) -> Attribution:
    if found.kind == "pronoun" and found.mention.lower() in ("he", "she"):
        at = min(pos, found.pos)
        person = article.antecedent(at, found.mention, found.pos)
        if person is not None:
            return Attribution(person, found.mention, found.cue, "name",
                               lowered(found.confidence, 0.1),
                               f"{found.reason}; “{found.mention}” is the nearest person "
                               "named, subject first")
    if found.kind == "pronoun" and found.mention.lower() == "it":
        at = min(pos, found.pos)
        speaking = article.last_body(at)
        # The body named just before ("EDC declined to answer … “…,” it said"), unless
        # one spoke since (looked for first: naming bodies takes a pass of its own).
        named = article.last_body_named(at, within=400) if speaking is None or \
            at - speaking[0] > 400 else None
        body = named if named is not None else speaking[1] if speaking is not None else None
        if body is not None:
            body = article.expand(body)
            return Attribution(body, found.mention, found.cue, "description",
                               lowered(found.confidence, 0.2),
                               f"{found.reason}; “it” is the last body named speaking")
    if found.kind == "pronoun" and found.mention.lower() == "they":
        pair = article.pair_before(min(pos, found.pos), within=400)
        if pair is not None:
            # Two people are no one person: keyed by their names, as written.
            return Attribution(pair, found.mention, found.cue, "description",
                               lowered(found.confidence, 0.15),
                               f"{found.reason}; “they” are the two people named last")
    if found.kind == "pronoun":
        if last is not None and last[0].speaker is not None:
            prev = last[0]
            return Attribution(prev.speaker, found.mention, found.cue, prev.kind,
                               lowered(found.confidence, 0.1),
                               f"{found.reason}; “{found.mention}” is the last speaker")
        return Attribution(found.mention, found.mention, found.cue, "description",
                           lowered(found.confidence, 0.4),
                           f"{found.reason}; “{found.mention}” unresolved")
    if found.kind == "name" and " " not in found.mention \
            and article.common_word(found.mention):
        # A lone capitalised word the article also writes in lower case, and never as a
        # name, is a sentence's first word: "Officials said" is a description,
        # "Repeatedly, …" or "Guns …" no one.
        if not found.mention.endswith("s") or found.mention.endswith("ss"):
            return UNKNOWN
        return Attribution(found.mention.lower(), found.mention, found.cue, "description",
                           lowered(found.confidence, 0.2), found.reason)
    if found.kind == "name":
        return Attribution(article.fullest(found.mention, pos), found.mention, found.cue, "name",
                           found.confidence, found.reason)
    words = found.mention.split()
    head = words[-1].lower()
    if len(words) == 2 and words[0].lower() in ("his", "her") and head in DOCUMENTS:
        # "her statement said": the person "her" is.
        person = article.antecedent(min(pos, found.pos), "he" if words[0].lower() == "his"
                                    else "she")
        if person is not None:
            return Attribution(person, found.mention, found.cue, "name",
                               lowered(found.confidence, 0.2),
                               f"{found.reason}; “{words[0]}” is the nearest person named")
    if len(words) == 2 and words[0].lower() == "the" and head in DOCUMENTS:
        # "“…,” the statement said": whoever the article said issued it.
        issuer = _issuer(article, min(pos, found.pos), head)
        if issuer is not None:
            return Attribution(issuer[0], found.mention, found.cue, issuer[1],
                               lowered(found.confidence, 0.2),
                               f"{found.reason}; “{found.mention}” is {issuer[0]}'s")
    if len(words) == 2 and words[0].lower() == "the" and head in BODIES:
        body = article.last_body_named(min(pos, found.pos), within=1500, head=head)
        if body is not None:
            return Attribution(body, found.mention, found.cue, "description",
                               lowered(found.confidence, 0.25),
                               f"{found.reason}; “{found.mention}” is the last body named")
    # A definite description may be someone the article names ("the minority leader":
    # "Harry Reid (D-Nev.), the Senate minority leader"); "one district GOP leader",
    # "another supporter" are people it does not name.
    named = article.describe(found.mention) if person_noun(found.mention) and \
        found.mention.split()[0].lower() not in _INDEFINITE else None
    if named is not None:
        return Attribution(article.fullest(named), found.mention, found.cue, "name",
                           lowered(found.confidence, 0.1),
                           f"{found.reason}; “{found.mention}” is {named} in the article")
    words = found.mention.split()
    head = words[-1].lower()
    # A party's member is a person where a state or nothing capitalised qualifies it ("the
    # Kentucky Republican", "the Vermont independent"), not in a paper's name ("The Kyiv
    # Independent").
    member = head in PARTY_MEMBERS and all(
        w[0].islower() or fold(w) in STATE_NAMES for w in words[1:-1])
    if words[0].lower() == "the" and len(words) <= 4 and not head.endswith("s") \
            and (words[-1][0].islower() or head in TITLES or member
                 or head.endswith("-year-old")) \
            and (head not in ORG_WORDS or member) and head not in NOT_PEOPLE \
            and head not in DOCUMENTS:
        # ("the Kentucky Republican" and "the 46-year-old" are one person too.)
        # "the mayor", "the affable proprietor": a definite description of one person
        # refers back to the person the nearest sentence naming anyone is about, as a
        # reader would take it ("Donald Trump said … had Hillary Clinton congratulated
        # him. / “…,” the Republican nominee said": Trump, not the last named).
        at = min(pos, found.pos)
        # "the chief executive of a leading car maker": someone the article does not name.
        unnamed = _OF_SOMEONE.match(article.text, found.pos + len(found.mention)) is not None or (
            person_noun(head) and _introduced_unnamed(article.text, at, head))
        person = None if unnamed else \
            article.person_before(at, within=600, description=found.mention)
        if person is not None and head.endswith("-year-old") and article.gender(person) is None:
            # An age is said of a person: of a subject not known to be one ("Athens",
            # "Manchester United", "the Moroccan"), the description stays as written.
            person = None
        if person is not None:
            return Attribution(person, found.mention, found.cue, "name",
                               lowered(found.confidence, 0.25),
                               f"{found.reason}; “{found.mention}” is the nearest person "
                               "named, subject first")
    mention = found.mention
    words = mention.split()
    if words[0] in ("The", "A", "An") and len(words) > 1 and not words[1][0].isupper():
        mention = mention[0].lower() + mention[1:]  # "The soldiers" → "the soldiers"
    elif len(words) == 1 and article.common_word(mention):
        mention = mention.lower()  # "Officials said" → "officials"
    return Attribution(mention, found.mention, found.cue, "description",
                       lowered(found.confidence, 0.2), found.reason)

