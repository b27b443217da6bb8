"""The words on either side of a cue verb, read as a speaker: the phrase that names who
speaks (a name, a pronoun, or a description as written), where a subject ends and its
verb begins, and whether the words are a clause (what was said, or a sentence of its
own) rather than a speaker.

``cues`` finds the cue verb and cuts the window of tokens around it; these functions read
those tokens. A phrase comes back as ``(mention, kind, position)``: kind "name",
"pronoun" or "description", position where the mention starts in the text.
"""

from __future__ import annotations

import re

from corpus_cli.quotes.cue_words import (
    ADVERBS,
    ALSO_NAMES,
    AUXILIARIES,
    BE,
    CLAUSE_OPENING,
    COLLECTIVE,
    CONJUNCTIONS,
    DETERMINERS,
    DOCUMENTS,
    IRREGULAR_PAST,
    NOT_SUBJECTS,
    NUMBERS,
    PERSON_NOUNS,
    PHRASE_STOP,
    PREPOSITIONS,
    QUESTION_WORDS,
    SUBJECT_END,
    TITLING,
    TRAILING,
)
from corpus_cli.quotes.names import (
    NOT_NAMES,
    OPENING_ADVERBS,
    PRONOUNS,
    ROLE_ENDINGS,
    TITLES,
    VERBS,
    Token,
    name_runs,
    person_name,
)


def run_ending_at(toks: list[Token], text: str, end: int) -> list[Token]:
    """The capitalised run of tokens that ends with ``toks[end - 1]``."""
    k = end
    while k > 0 and toks[k - 1].capital:
        if k < end and text[toks[k - 1].end : toks[k].start] != " ":
            break
        k -= 1
    return toks[k:end]


def speaker_phrase(text: str, toks: list[Token], *,
                   from_end: bool) -> tuple[str, str, int] | None:
    """A speaker phrase: (mention, kind, position) from tokens naming someone.

    ``from_end``: the phrase ends at the verb ("University … scientist Hamish Telford"
    said), so its name is the run at its end; otherwise it starts after the verb ("said
    Mr Viačorka, who …"), so its name is the run at its start.
    """
    if not toks:
        return None
    if from_end:
        # An apposition names the speaker first: "Telford, a political scientist, said".
        cut = next((k for k in range(1, len(toks))
                    if _apposition(text[toks[k - 1].end : toks[k].start])), None)
        if cut is not None and toks[0].capital:
            toks = toks[:cut]
        found = _subject_phrase(text, toks)
        if (found is None or found[1] == "description") and toks and (
                toks[0].capital or toks[0].lower in DETERMINERS
                or toks[0].lower in PRONOUNS):
            # The subject ends where its verb begins: "Mr Kennedy used a speech to
            # say", "A Number 10 spokeswoman would only say", "Osbourne himself …".
            verb = next((k for k in range(1, len(toks)) if _ends_subject(toks[k])), None)
            if verb is not None:
                found = _subject_phrase(text, toks[:verb]) or found
        return found
    first = toks[0]
    if first.lower in PRONOUNS:
        return first.text, "pronoun", first.start
    comma = next((k for k in range(1, min(len(toks), 5))
                  if "," in text[toks[k - 1].end : toks[k].start]), None)
    if comma is not None and toks[comma - 1].lower not in PRONOUNS and (
            first.text.endswith(("’s", "'s")) or first.lower in DETERMINERS
            or first.lower in ("another", "one")):
        # "says Campbell’s partner, Jason Louth", "said her lawyer, Jane Doe": the name
        # in apposition is the speaker.
        end = next((k for k in range(comma + 1, len(toks))
                    if "," in text[toks[k - 1].end : toks[k].start]), len(toks))
        named = toks[comma:end]
        if len(named) > 2 and not named[0].capital and named[1].capital:
            named = named[1:]  # "said Clinton's introducer, actress Jamie Lee Curtis"
        if _bare_name(named):
            name = person_name([t.text for t in named])
            if name:
                return name, "name", named[0].start
    # "says Cambridge cartoonist Andre Campbell, whose …", "said oil and gas worker Mike
    # Wipf": the name ending the phrase (before a comma or a stop word), else the first.
    stop = next((k for k, t in enumerate(toks) if k and (
        (t.lower in PHRASE_STOP and t.lower not in ("and", "of"))
        or "," in text[toks[k - 1].end : t.start]
        or "(" in text[toks[k - 1].end : t.start]
        or ":" in text[toks[k - 1].end : t.start])), len(toks))
    runs = name_runs(toks[:stop], text)
    if runs and stop <= 10:
        i, j = runs[-1] if runs[-1][1] == stop else runs[0]
        if len(runs) > 1 and (i, j) == runs[-1] and toks[i - 1].lower == "of":
            # "said Sen. Sherrod Brown of Ohio": the place is where the person is from.
            i, j = runs[-2]
            stop = j
        if first.capital or j == stop:
            name = person_name([t.text for t in toks[i:j]])
            if name:
                return name, "name", toks[i].start
        if runs[0][0] == 0 and runs[0] != (i, j):
            # "said Mr. Burman of the Tax Policy Center": the run the verb meets first
            # is the person, the one ending the phrase a body.
            name = person_name([t.text for t in toks[: runs[0][1]]])
            if name:
                return name, "name", toks[0].start
    stop = next((k for k, t in enumerate(toks) if k and (
        (t.lower in PHRASE_STOP and not _of_whom(toks, k)) or t.lower in TITLING
        or "," in text[toks[k - 1].end : t.start]
        or ":" in text[toks[k - 1].end : t.start])), len(toks))
    return description_phrase(text, toks[:stop])


def _of_whom(toks: list[Token], k: int) -> bool:
    """Is ``toks[k]`` the "of" of "one of those advisers", "some of his aides" (people,
    not "many of the issues discussed")?"""
    return toks[k].lower == "of" and toks[k - 1].lower in _SOME and k + 2 < len(toks) \
        and toks[k + 1].lower in _OF_WHOM and _people_noun(toks[k + 2].lower)


def _people_noun(word: str) -> bool:
    """Does this plural name people ("advisers", "aides", "officials"), not things?"""
    one = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return one in PERSON_NOUNS or one in TITLES or one.endswith(ROLE_ENDINGS)


def _subject_phrase(text: str, toks: list[Token]) -> tuple[str, str, int] | None:
    """The speaker phrase ending at a cue verb: the name at its end ("University …
    scientist Hamish Telford"), a pronoun, or a description."""
    aside = next((k for k in range(1, len(toks)) if "(" in text[toks[k - 1].end : toks[k].start]),
                 None)
    if aside is not None:
        toks = toks[:aside]  # "Rep. Steve Israel (D-N.Y.) said": the party is no name
    while toks and _adverb(toks[-1]):
        toks = toks[:-1]
    while len(toks) > 1 and toks[0].lower in OPENING_ADVERBS and (
            toks[1].capital or toks[1].lower in PRONOUNS):
        toks = toks[1:]  # "Then she added", "Recently Trump said": not part of who
    if not toks:
        return None
    if toks[0].lower in PRONOUNS and (len(toks) == 1 or not toks[1].capital):
        # "he", or "he gets to continue": a subject that opens with a pronoun is it.
        return toks[0].text, "pronoun", toks[0].start
    run = run_ending_at(toks, text, len(toks))
    owner = max((k for k, t in enumerate(run[:-1]) if t.text.endswith(("'s", "’s"))),
                default=-1)
    if owner >= 0:
        run = run[owner + 1 :]  # "The Washington Post's Robert Costa": the person
    end = len(toks) - len(run)
    if run and end >= 2 and toks[end - 1].lower == "of" and toks[end - 2].capital:
        # "Sen. Barbara Mikulski of Maryland": the place is where the person is from.
        run = run_ending_at(toks, text, end - 1)
    name = person_name([t.text for t in run]) if run else None
    if name and toks[0].lower not in PREPOSITIONS:
        return name, "name", run[0].start
    if toks[0].lower in PREPOSITIONS or any(t.lower in VERBS for t in toks):
        return None
    return description_phrase(text, toks)


def description_phrase(text: str, toks: list[Token]) -> tuple[str, str, int] | None:
    """A description naming who speaks, as written ("the officers", "senior officers"), or
    the body a document comes from; None where the words name no speaker."""
    # The head of the noun phrase: "senior officers from the fifth brigade" → "senior
    # officers"; "the officers then" → "the officers".
    stop = next((k for k, t in enumerate(toks) if k and t.lower in PHRASE_STOP), len(toks))
    if stop == 1 and len(toks) > 3 and _of_whom(toks, 1):
        # "one of those advisers", "some of his aides": the noun after "of" is the head.
        stop = next((k for k, t in enumerate(toks) if k > 3 and t.lower in PHRASE_STOP),
                    len(toks))
        return text[toks[0].start : toks[stop - 1].end], "description", toks[0].start
    if stop + 1 < len(toks) and toks[stop].lower in ("from", "by") \
            and toks[stop - 1].lower in DOCUMENTS:
        # "A statement from the EU said": the body the document comes from speaks.
        rest = toks[stop + 1 :]
        k = 1 if rest[0].lower == "the" else 0
        j = k
        while j < len(rest) and rest[j].capital:
            j += 1
        if j > k:
            return text[rest[0].start : rest[j - 1].end], "description", rest[0].start
    toks = toks[:stop]
    while toks and _adverb(toks[-1]):
        toks = toks[:-1]
    while toks and (toks[0].lower in CONJUNCTIONS or toks[0].lower in QUESTION_WORDS
                    or (len(toks) > 1 and not toks[0].capital and toks[0].lower in TRAILING
                        and toks[0].lower not in AUXILIARIES and toks[0].lower not in BE)):
        toks = toks[1:]  # "But polls did say", "What the commission described", "even a …"
    # A noun phrase holds no verb: "There was no primary", "is why critics" name no one;
    # nor does "CREW filed a request" or "Devine didn’t".
    verb = next((k for k, t in enumerate(toks) if not t.capital and (
        t.lower in AUXILIARIES or t.lower in BE or t.lower in VERBS
        or t.lower in IRREGULAR_PAST or t.lower.endswith(("n't", "n’t"))
        or (k and t.lower.endswith("ed") and len(t.lower) > 4 and k + 1 < len(toks)
            and toks[k + 1].lower in _OBJECT_OPENING))), None)
    if verb is not None:
        toks = toks[:verb]
    while toks and toks[-1].lower in _NO_HEAD:
        toks = toks[:-1]  # "Right Wing Watch first": the head is before
    if not toks or len(toks) > 8 or toks[0].lower in NOT_SUBJECTS:
        return None  # "You see, most voters …", "There was no primary"
    if toks[0].lower in PREPOSITIONS:
        # "In a joint statement the firms": the noun phrase after the opening phrase.
        det = max((k for k in range(2, len(toks)) if toks[k].lower in ("the", "a", "an")),
                  default=0)
        toks = toks[det:] if det else []
    if not toks or toks[0].lower in _NO_SUBJECT_OPENING or (
            len(toks) > 1 and toks[-1].lower in PRONOUNS):
        return None  # "For someone", "Given his past", "Graham assures his audience he"
    if len(toks) > 1 and all(t.text.isupper() for t in toks):
        return None  # a heading in capitals ("HIGHER THAN EXPECTED TURNOUT"), not "CNN"
    if len(toks) == 1 and toks[0].capital and not toks[0].lower.endswith("s") \
            and toks[0].lower not in COLLECTIVE and toks[0].lower not in ALSO_NAMES \
            and not (_ACRONYM.fullmatch(toks[0].text) and toks[0].lower not in TITLES
                     and _LOWER_NEXT.match(text, toks[0].end)):
        # One capitalised word that is no name: "Wait", "Revenues" aside; an acronym is a
        # body ("ESPN said in a statement").
        return None
    if len(toks) == 1 and ((toks[0].lower in NOT_NAMES and toks[0].lower not in ALSO_NAMES)
                           or toks[0].lower in NUMBERS
                           or "'" in toks[0].text or "’" in toks[0].text):
        return None  # "October", "More", "Two", "I'm": one word that names no speaker
    determined = toks[0].lower in ("the", "a", "an", "one", "another", "some", "his", "her",
                                   "their", "its", "our", "many", "several", "two", "three")
    if not determined and not toks[0].capital and (len(toks) > 3 or not (
            toks[-1].lower.endswith("s") or toks[-1].lower in COLLECTIVE
            or any(t.capital for t in toks))):
        # A bare noun phrase names speakers in the plural ("analysts"), as a body
        # ("independent Belarusian media"), not as a stray word ("due").
        return None
    return text[toks[0].start : toks[-1].end], "description", toks[0].start


_ACRONYM = re.compile(r"[A-Z]{3,6}")
_LOWER_NEXT = re.compile(r" [a-z]")  # "ESPN said", not "RED STATES OUTNUMBER"
_HEAD_ENDS = frozenset(("for", "of", "at", "from", "with", "in", "on", "to"))
_SOME = frozenset(("one", "some", "many", "most", "several", "two", "three", "each"))
_OF_WHOM = frozenset(("the", "those", "these", "his", "her", "their", "its", "our"))
# Words that open a verb's object: "CREW filed a request", not "unaligned Florida …".
_OBJECT_OPENING = frozenset(("a", "an", "the", "his", "her", "their", "its", "to", "that"))
# Words a description does not end with, its head noun being before: "… Watch first".
_NO_HEAD = frozenset(("first", "the", "a", "an", "his", "her", "their", "its"))
# Words that open a phrase, not a noun phrase naming speakers: "Given his past".
_NO_SUBJECT_OPENING = frozenset(("given", "alongside", "unlike", "besides", "including"))


def subject_tokens(text: str, toks: list[Token], k: int) -> list[Token]:
    """The words naming who speaks with the verb ``toks[k]``: the last clause before it,
    or the name before an apposition ("Franak Viačorka, Senior Advisor to …, said")."""
    cuts = [c for c in range(1, k) if "," in text[toks[c - 1].end : toks[c].start]]
    segments = [toks[a:b] for a, b in zip([0, *cuts], [*cuts, k], strict=True)]
    segment = segments[-1]
    if len(segments) > 1 and "," in text[toks[k - 1].end : toks[k].start]:
        # An apposition before the verb: the segment that is a name alone ("Will Young,
        # a mechanic in Kansas City, Mo., said"; "But the director of EHS, Jeff Fraser,
        # says"), else the segment before ("Franak Viačorka, Senior Advisor to …, said").
        named = next((seg for seg in segments if _bare_name(seg)), None)
        if named is not None:
            return named
        if segments[-2] and segments[-2][-1].capital:
            segment = segments[-2]
        elif segment and segment[0].lower in ("who", "whose", "which") and segments[-2]:
            # "an intelligence source, who was not authorized to speak, told Fox News":
            # the relative clause describes the speaker named before it.
            return segments[-2]
    conj = max((c for c, t in enumerate(segment) if t.lower in CONJUNCTIONS), default=-1)
    if conj == len(segment) - 1 and conj > 0:
        # "Ms. Sherry smiled and said", "De Blasio said the move was made by … Bill
        # Bratton and said": the subject of both verbs stands before the first.
        verb = next((j for j in range(1, conj) if _ends_subject(segment[j])), None)
        if verb is not None:
            return segment[:verb]
    return segment[conj + 1 :]


def _bare_name(toks: list[Token]) -> bool:
    """Are these tokens a person's name and nothing else ("Jeff Fraser", "Mr Bardos")?"""
    return 0 < len(toks) <= 4 and all(t.capital and t.lower not in NOT_NAMES for t in toks) \
        and person_name([t.text for t in toks]) is not None


def person_noun(description: str) -> bool:
    """Does a description's head noun name people: a role ("the Belarus President", "the
    CNN host"), an agent noun ("the organizer") or a plural ("the soldiers")? Not "the
    issue", "the DNC"."""
    words = description.split()
    # "a spokeswoman for the House Armed Services Committee": the head is before its
    # prepositional phrase.
    cut = next((k for k, w in enumerate(words) if k and w.lower() in _HEAD_ENDS), len(words))
    head = words[cut - 1]
    word = head.lower()
    return not head.isupper() and (word in TITLES or word in PERSON_NOUNS
                                   or word.endswith(ROLE_ENDINGS)
                                   or (word.endswith("s") and not word.endswith("ss")))


def _adverb(tok: Token) -> bool:
    """A word that may end a speaker phrase without being part of the name or the
    description: an adverb ("famously"), a time word or an auxiliary."""
    word = tok.lower
    return word in ADVERBS or word in TRAILING or (
        not tok.capital and word.endswith("ly") and len(word) > 4)


def verb_like(tok: Token) -> bool:
    """Is this word, after a described subject, its verb: a cue verb, an auxiliary or a
    past tense ("reaffirmed")?"""
    word = tok.lower
    return not tok.capital and (word in VERBS or word in AUXILIARIES or (
        word.endswith("ed") and len(word) > 4))


def _ends_subject(tok: Token) -> bool:
    """Does this word, inside a subject phrase, start its verb (or end the phrase)?"""
    word = tok.lower
    return not tok.capital and (word in AUXILIARIES or word in SUBJECT_END
                                or word in BE or word in VERBS or word in IRREGULAR_PAST
                                or (word.endswith("ed") and len(word) > 4))


def not_its_verb(toks: list[Token], k: int) -> bool:
    """Is the cue verb ``toks[k]`` no verb of speaking its subject did: an infinitive
    ("declined to say", "went on to suggest") or a passive ("has been described as",
    "will only be told")?"""
    return k > 0 and (toks[k - 1].lower == "to" or toks[k - 1].lower in BE)


def _apposition(gap: str) -> bool:
    """Does the gap between two words set off an apposition: a comma or a dash?"""
    return "," in gap or " - " in gap or "–" in gap or "—" in gap


def reported_clause(text: str, toks: list[Token]) -> bool:
    """Are the words after a cue verb what was said ("has said the referendum could be
    held", "asked if his Chelsea honeymoon was over"), not who said it ("said Jane
    Smith, who was …")?"""
    if toks[0].lower in CLAUSE_OPENING:
        return True
    for k in range(1, min(len(toks), 6)):
        if _apposition(text[toks[k - 1].end : toks[k].start]):
            return False
        if toks[k].lower in AUXILIARIES or toks[k].lower in BE:
            return True
    return False


def a_clause(toks: list[Token]) -> bool:
    """Do these words before a cue verb hold a verb of their own (after the subject, and
    before the auxiliaries and adverbs next to the cue): a clause, not a subject?"""
    end = len(toks)
    while end and (_adverb(toks[end - 1]) or toks[end - 1].lower in AUXILIARIES):
        end -= 1
    return any(_ends_subject(t) for t in toks[1:end])
