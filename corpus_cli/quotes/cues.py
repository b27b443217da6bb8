"""The cue patterns around one quote: whom the clause after it, or the sentence before it,
names as the speaker, with which cue verb, and how sure that is.

``attribute`` tries these first; what they find (a ``Found``: a name, a pronoun or a
description as written) it then resolves against the article's people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from corpus_cli.quotes.names import (
    NOT_NAMES,
    PRONOUNS,
    ROLE_ENDINGS,
    SENTENCE_END,
    TITLES,
    VERBS,
    Token,
    false_stop,
    is_place,
    name_runs,
    person_name,
    tokens,
    word_set,
)

PARTICIPLES = word_set("""
saying adding telling writing explaining noting warning arguing insisting claiming stating
declaring calling describing asking suggesting stressing according emphasising emphasizing
reaffirming repeating accusing denouncing urging vowing promising predicting
""")
_DETERMINERS = word_set("a an the his her their its our my your this that")
_CONJUNCTIONS = word_set("and but that which who whom while because as so or when if "
                          "although though whereas")
ADVERBS = word_set("""
also then later previously once recently earlier simply further again later later
repeatedly quickly flatly bluntly told has had have would will was
""")
# Words that end a speaker phrase after the verb ("said X in a statement").
_PHRASE_STOP = word_set("""
in on at during when after before to adding as because while which that who whose of from
for with about last this on told according but and
""")
_PREPOSITIONS = word_set("in on at by for from with of to after before during since as "
                          "within among amid across throughout despite without besides "
                          "beyond behind against toward towards under upon via like unlike "
                          "into under over through speaking")
# Heads of descriptions that name no person: "the report said", "the company said".
NOT_PEOPLE = word_set("report statement release study company firm agency team letter "
                        "document survey poll data website site paper decision ruling")
# Words that make what follows a verb a clause ("said Lukashenko is being …"), not a name.
_CLAUSE_WORDS = word_set("is was are were be being been has have had will would could that "
                         "which who can may might should")
DOCUMENTS = word_set("statement release letter post email e-mail tweet report document "
                      "message note blog")
# Heads of descriptions naming a body: "the agency said" is the last body named.
BODIES = word_set("company agency department ministry firm team organization organisation "
                   "group government board union association club league network council "
                   "committee commission office service party bank")
_COLLECTIVE = word_set("media police staff press public government military")
_NUMBERS = word_set("one two three four five six seven eight nine ten more most")
# Words that start sentences (or boilerplate: "Read more") but are surnames too: "May
# said" may be Brian May, "Read said" Mike Read.
_ALSO_NAMES = word_set("may june april august read")
# Words that open a new sentence, not a speaker's clause, after a quote ending in a stop.
_CLAUSE_OPENERS = word_set("while although though but and as because if when whereas yet "
                           "meanwhile however still")
WINDOW = 300
SPEAKING_WITHIN = 300


@dataclass(frozen=True, slots=True)
class Found:
    mention: str
    kind: str  # "name", "pronoun", "description"
    cue: str | None
    confidence: float
    reason: str
    pos: int  # where the mention is, for resolving pronouns from it


def sentence_start(text: str, lo: int, hi: int) -> int:
    """Offset where the sentence holding ``hi`` begins, not before ``lo``."""
    start = lo
    # Look a little past ``hi``: a boundary is known by the capital after it.
    for m in SENTENCE_END.finditer(text, lo, min(len(text), hi + 4)):
        if m.end() > hi + 1:
            break
        if not false_stop(text, lo, m.start()):
            start = m.end()
    return start


def _sentence_end(text: str, lo: int, hi: int) -> int:
    for m in SENTENCE_END.finditer(text, lo, hi):
        if not false_stop(text, lo, m.start()):
            return m.start() + 1
    return hi


def _run_ending_at(toks: list[Token], text: str, end: int) -> list[Token]:
    """The capitalised run of tokens that ends with ``toks[end - 1]``."""
    k = end
    while k > 0 and toks[k - 1].capital:
        if k < end and text[toks[k - 1].end : toks[k].start] != " ":
            break
        k -= 1
    return toks[k:end]


def _phrase(text: str, toks: list[Token], *, from_end: bool) -> tuple[str, str, int] | None:
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
                toks[0].capital or toks[0].lower in _DETERMINERS
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
            first.text.endswith(("’s", "'s")) or first.lower in _DETERMINERS
            or first.lower in ("another", "one")):
        # "says Campbell’s partner, Jason Louth", "said her lawyer, Jane Doe": the name
        # in apposition is the speaker.
        end = next((k for k in range(comma + 1, len(toks))
                    if "," in text[toks[k - 1].end : toks[k].start]), len(toks))
        if _bare_name(toks[comma:end]):
            name = person_name([t.text for t in toks[comma:end]])
            if name:
                return name, "name", toks[comma].start
    # "says Cambridge cartoonist Andre Campbell, whose …", "said oil and gas worker Mike
    # Wipf": the name ending the phrase (before a comma or a stop word), else the first.
    stop = next((k for k, t in enumerate(toks) if k and (
        (t.lower in _PHRASE_STOP and t.lower not in ("and", "of"))
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
    stop = next((k for k, t in enumerate(toks) if k and (
        t.lower in _PHRASE_STOP or t.lower in _TITLING
        or "," in text[toks[k - 1].end : t.start]
        or ":" in text[toks[k - 1].end : t.start])), len(toks))
    return _description(text, toks[:stop])


def _subject_phrase(text: str, toks: list[Token]) -> tuple[str, str, int] | None:
    """The speaker phrase ending at a cue verb: the name at its end ("University …
    scientist Hamish Telford"), a pronoun, or a description."""
    while toks and _adverb(toks[-1]):
        toks = toks[:-1]
    if not toks:
        return None
    if toks[0].lower in PRONOUNS and (len(toks) == 1 or not toks[1].capital):
        # "he", or "he gets to continue": a subject that opens with a pronoun is it.
        return toks[0].text, "pronoun", toks[0].start
    run = _run_ending_at(toks, text, len(toks))
    end = len(toks) - len(run)
    if run and end >= 2 and toks[end - 1].lower == "of" and toks[end - 2].capital:
        # "Sen. Barbara Mikulski of Maryland": the place is where the person is from.
        run = _run_ending_at(toks, text, end - 1)
    name = person_name([t.text for t in run]) if run else None
    if name and toks[0].lower not in _PREPOSITIONS:
        return name, "name", run[0].start
    if toks[0].lower in _PREPOSITIONS or any(t.lower in VERBS for t in toks):
        return None
    return _description(text, toks)


def _description(text: str, toks: list[Token]) -> tuple[str, str, int] | None:
    # The head of the noun phrase: "senior officers from the fifth brigade" → "senior
    # officers"; "the officers then" → "the officers".
    stop = next((k for k, t in enumerate(toks) if k and t.lower in _PHRASE_STOP), len(toks))
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
    while toks and (toks[0].lower in _CONJUNCTIONS or toks[0].lower in _QUESTION_WORDS):
        toks = toks[1:]  # "But polls did say", "What the commission described"
    # A noun phrase holds no verb: "There was no primary", "is why critics" name no one.
    verb = next((k for k, t in enumerate(toks) if not t.capital and (
        t.lower in _AUXILIARIES or t.lower in _BE or t.lower in VERBS)), None)
    if verb is not None:
        toks = toks[:verb]
    if not toks or len(toks) > 8 or toks[0].lower in _NOT_SUBJECTS:
        return None  # "You see, most voters …", "There was no primary"
    if len(toks) > 1 and all(t.text.isupper() for t in toks):
        return None  # a heading in capitals ("HIGHER THAN EXPECTED TURNOUT"), not "CNN"
    if len(toks) == 1 and toks[0].capital and not toks[0].lower.endswith("s") \
            and toks[0].lower not in _COLLECTIVE and toks[0].lower not in _ALSO_NAMES:
        return None  # one capitalised word that is no name: "Wait", "Revenues" aside
    if len(toks) == 1 and ((toks[0].lower in NOT_NAMES and toks[0].lower not in _ALSO_NAMES)
                           or toks[0].lower in _NUMBERS
                           or "'" in toks[0].text or "’" in toks[0].text):
        return None  # "October", "More", "Two", "I'm": one word that names no speaker
    determined = toks[0].lower in ("the", "a", "an", "one", "another", "some", "his", "her",
                                   "their", "its", "our", "many", "several", "two", "three")
    if not determined and not toks[0].capital and (len(toks) > 3 or not (
            toks[-1].lower.endswith("s") or toks[-1].lower in _COLLECTIVE
            or any(t.capital for t in toks))):
        # A bare noun phrase names speakers in the plural ("analysts"), as a body
        # ("independent Belarusian media"), not as a stray word ("due").
        return None
    return text[toks[0].start : toks[-1].end], "description", toks[0].start


def _subject_tokens(text: str, toks: list[Token], k: int) -> list[Token]:
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
    conj = max((c for c, t in enumerate(segment) if t.lower in _CONJUNCTIONS), default=-1)
    return segment[conj + 1 :]


def _bare_name(toks: list[Token]) -> bool:
    """Are these tokens a person's name and nothing else ("Jeff Fraser", "Mr Bardos")?"""
    return 0 < len(toks) <= 4 and all(t.capital and t.lower not in NOT_NAMES for t in toks) \
        and person_name([t.text for t in toks]) is not None


# Words opening an introductory phrase that ends at a comma ("Earlier this month, …").
_INTRODUCTIONS = word_set("earlier later last this next meanwhile yesterday today tonight "
                          "still however also then now previously recently once again "
                          "instead separately afterwards")
_SUBJECT_DETERMINERS = word_set("the a an")
# Words that end the noun phrase a determiner opens before any verb could: a clause.
_CLAUSE_BREAKS = word_set("who which that whose when where while because and but")
# Words that are verbs wherever they stand after a subject.
_AUXILIARIES = word_set("has have had is was were are will would could can may might "
                        "should did does must")


def person_noun(description: str) -> bool:
    """Does a description's head noun name people: a role ("the Belarus President", "the
    CNN host"), an agent noun ("the organizer") or a plural ("the soldiers")? Not "the
    issue", "the DNC"."""
    head = description.rsplit(None, 1)[-1]
    word = head.lower()
    return not head.isupper() and (word in TITLES or word in PERSON_NOUNS
                                   or word.endswith(ROLE_ENDINGS)
                                   or (word.endswith("s") and not word.endswith("ss")))


# People nouns that no suffix gives away.
PERSON_NOUNS = word_set("""
host anchor guest aide ally candidate nominee voter resident official source expert
pundit critic rival member student teacher lawyer attorney nurse doctor chief captain
mother father son daughter wife husband friend colleague partner businesswoman
businessman veteran star actress actor singer author writer columnist analyst
spokesperson representative delegate billionaire mogul tycoon nominee frontrunner
front-runner incumbent challenger democrat republican independent libertarian socialist
conservative liberal progressive activist protester protestor demonstrator witness
victim survivor neighbor neighbour owner founder chair head boss
""")


# Cue verbs whose object is the one spoken to: "…, told Fox News" names no speaker.
_ADDRESSING = word_set("told tell tells asked ask asks")
# Words that close a speaker phrase without being part of it: "Clinton defenders
# today", "Illinois Sen. Barack Obama famously", "But polls did".
_TRAILING = word_set("today yesterday tonight now still already even just never always "
                     "often did does do is are were")


def _adverb(tok: Token) -> bool:
    """A word that may end a speaker phrase without being part of the name or the
    description: an adverb ("famously"), a time word or an auxiliary."""
    word = tok.lower
    return word in ADVERBS or word in _TRAILING or (
        not tok.capital and word.endswith("ly") and len(word) > 4)


def _verb_like(tok: Token) -> bool:
    """Is this word, after a described subject, its verb: a cue verb, an auxiliary or a
    past tense ("reaffirmed")?"""
    word = tok.lower
    return not tok.capital and (word in VERBS or word in _AUXILIARIES or (
        word.endswith("ed") and len(word) > 4))


# Particles of phrasal cue verbs: "points out", "shot back", "chimed in".
_PARTICLES = word_set("out back in up")
# Words after which a document's title follows: "a document titled White Paper: …".
_TITLING = word_set("titled entitled called named headlined")
# Words that end a subject phrase before its verb: reflexives and sentence adverbs
# ("Osbourne himself", "Ed Davey meanwhile").
_SUBJECT_END = word_set("himself herself themselves itself meanwhile to")
_BE = word_set("be been being is was were are am")


# Past tenses no suffix gives away.
_IRREGULAR_PAST = word_set("""
went quit made took gave got came put held kept left met ran sat saw spoke stood won lost
began brought bought thought felt found heard knew led meant paid sent spent sold struck
taught wore broke chose drew drove fell flew forgot grew hid hit hurt laid let lay rose
shook shot shut sang sank slept stole swore threw understood woke used
""")


def _ends_subject(tok: Token) -> bool:
    """Does this word, inside a subject phrase, start its verb (or end the phrase)?"""
    word = tok.lower
    return not tok.capital and (word in _AUXILIARIES or word in _SUBJECT_END
                                or word in _BE or word in VERBS or word in _IRREGULAR_PAST
                                or (word.endswith("ed") and len(word) > 4))


def _not_its_verb(toks: list[Token], k: int) -> bool:
    """Is the cue verb ``toks[k]`` no verb of speaking its subject did: an infinitive
    ("declined to say", "went on to suggest") or a passive ("has been described as",
    "will only be told")?"""
    return k > 0 and (toks[k - 1].lower == "to" or toks[k - 1].lower in _BE)


def _apposition(gap: str) -> bool:
    """Does the gap between two words set off an apposition: a comma or a dash?"""
    return "," in gap or " - " in gap or "–" in gap or "—" in gap


# Words that open a sentence but are no one's description: "You see, most voters …".
_NOT_SUBJECTS = word_set("you there here")
_QUESTION_WORDS = word_set("what why how")
# Words that open what was said, after a cue verb: "asked if …", "said that …".
_CLAUSE_OPENING = word_set("if whether that how why what when")


def _reported_clause(text: str, toks: list[Token]) -> bool:
    """Are the words after a cue verb what was said ("has said the referendum could be
    held", "asked if his Chelsea honeymoon was over"), not who said it ("said Jane
    Smith, who was …")?"""
    if toks[0].lower in _CLAUSE_OPENING:
        return True
    for k in range(1, min(len(toks), 6)):
        if _apposition(text[toks[k - 1].end : toks[k].start]):
            return False
        if toks[k].lower in _AUXILIARIES or toks[k].lower in _BE:
            return True
    return False


def _a_clause(toks: list[Token]) -> bool:
    """Do these words before a cue verb hold a verb of their own (after the subject, and
    before the auxiliaries and adverbs next to the cue): a clause, not a subject?"""
    end = len(toks)
    while end and (_adverb(toks[end - 1]) or toks[end - 1].lower in _AUXILIARIES):
        end -= 1
    return any(_ends_subject(t) for t in toks[1:end])


def sentence_subject(text: str, lo: int, hi: int,
                      known: Callable[[str], bool] | None = None
                      ) -> tuple[str, str, int] | None:
    """The subject of the sentence in ``text[lo:hi]``: its first name or pronoun, after
    an introductory phrase ("In a statement, Lukashenko …"). With ``known``, a lone
    capitalised word counts only if ``known`` says it names a person ("Governance
    lassitude was on display when Musk …" → Musk)."""
    toks = tokens(text, lo, hi)
    if not toks:
        return None
    if toks[0].lower in _PREPOSITIONS or toks[0].lower.endswith("ing") \
            or toks[0].lower in _INTRODUCTIONS:
        # "In a statement, …", "Earlier this month, the Belarus President …": the
        # subject comes after the introductory phrase.
        comma = text.find(",", lo, hi)
        if comma >= 0:
            toks = [t for t in toks if t.start > comma]
    if toks and toks[0].lower in _SUBJECT_DETERMINERS:
        # "the Belarus President reaffirmed his support of Vladimir Putin’s war": a
        # described subject before its verb is the subject, whoever is named after.
        verb = next((j for j in range(2, min(len(toks), 8)) if _verb_like(toks[j])), None)
        if verb is not None and not any(t.lower in _CLAUSE_BREAKS for t in toks[1:verb]):
            found = _phrase(text, toks[:verb], from_end=True)
            if found is not None and (found[1] == "name" or person_noun(found[0])):
                return found
    place_end = 0  # a place's words name no one, nor does any of them alone
    for k, tok in enumerate(toks[:12]):
        if tok.lower in PRONOUNS and tok.lower != "it":
            return tok.text, "pronoun", tok.start
        if tok.capital and k >= place_end:
            run = [tok]
            while k + len(run) < len(toks) and toks[k + len(run)].capital and \
                    text[run[-1].end : toks[k + len(run)].start] == " ":
                run.append(toks[k + len(run)])
            j = k + len(run)
            roles = j
            while roles < len(toks) and roles - j < 4 and not toks[roles].capital \
                    and toks[roles].lower not in VERBS:
                roles += 1
            if roles > j and roles < len(toks) and toks[roles].capital and (
                    toks[roles - 1].lower in TITLES
                    or toks[roles - 1].lower.endswith(ROLE_ENDINGS)):
                # "Crown prosecutor Michael Pilon called …", "Lib Dem home affairs
                # spokesman Mark Oaten said …": the name after the role.
                after = [toks[roles]]
                while roles + len(after) < len(toks) and toks[roles + len(after)].capital \
                        and text[after[-1].end : toks[roles + len(after)].start] == " ":
                    after.append(toks[roles + len(after)])
                name = person_name([t.text for t in after])
                if name:
                    return name, "name", after[0].start
            name = person_name([t.text for t in run])
            if name and (known is None or " " in name or known(name)):
                return name, "name", run[0].start
            if is_place([t.text for t in run]):
                place_end = j
        if tok.lower in VERBS:
            return _description(text, toks[:k]) if k else None
    return None


def clause_after(text: str, lo: int, hi: int) -> Found | None:
    """Patterns in the clause after a quote's closing mark."""
    hi = _sentence_end(text, lo, min(hi, lo + WINDOW))
    toks = tokens(text, lo, hi)
    if not toks:
        return None
    lowers = [t.lower for t in toks]
    if toks[0].capital and lowers[0] in _CLAUSE_OPENERS and lo and text[lo - 1] in ".!?…":
        # The quote closed its sentence and a new one begins: "“… or not.” While some
        # critics say …" is someone else speaking.
        return None
    # 1. "Belta cited X as saying", "Izvestia quoted X as saying"
    for k, word in enumerate(lowers[:12]):
        if word in ("cited", "quoted") and "as" in lowers[k + 1 : k + 8]:
            a = lowers.index("as", k + 1)
            if a + 1 < len(lowers) and lowers[a + 1] == "saying":
                found = _phrase(text, toks[k + 1 : a], from_end=False)
                if found:
                    return Found(found[0], found[1], f"{toks[k].text} … as saying", 0.9,
                                  f"{toks[0].text if k else 'X'} {word} X as saying", found[2])
    # 2. "said X"
    v = 1 if len(lowers) > 1 and lowers[0] in ADVERBS and lowers[1] in VERBS else 0
    if lowers[v] in VERBS and len(toks) > v + 1 and not _reported_clause(text, toks[v + 1 :]):
        # "points out the laid-back Cambridge resident": the verb's particle is no part
        # of the speaker.
        after = v + 2 if lowers[v + 1] in _PARTICLES and len(toks) > v + 2 else v + 1
        found = _phrase(text, toks[after:], from_end=False)
        if found:
            return Found(found[0], found[1], toks[v].text, 0.95,
                          f"“…” {lowers[v]} X", found[2])
    # 3. "according to X"
    if lowers[0] == "according" and len(lowers) > 2 and lowers[1] == "to":
        found = _phrase(text, toks[2:], from_end=False)
        if found:
            return Found(found[0], found[1], "according to", 0.85, "“…” according to X",
                          found[2])
    # 4. "X said"
    for k in range(1, min(len(toks), 16)):
        if lowers[k] in VERBS and lowers[k - 1] not in _DETERMINERS and not toks[k].capital:
            if _not_its_verb(toks, k):
                break  # "“…” Mr Howard declined to say …", "… has been described as"
            if "," in text[toks[k - 1].end : toks[k].start] and len(toks) > k + 1 \
                    and lowers[k] not in _ADDRESSING:
                # "…” due to X, said Mr Viačorka": the speaker follows the verb.
                found = _phrase(text, toks[k + 1 :], from_end=False)
                if found and found[1] != "description":
                    return Found(found[0], found[1], toks[k].text, 0.85,
                                  f"“…” …, {lowers[k]} X", found[2])
            subject = _subject_tokens(text, toks, k)
            if _a_clause(subject):
                # "“…” Labour had broken promises …": a new sentence about something
                # else, not the quote's attribution.
                break
            found = _phrase(text, subject, from_end=True)
            if found:
                return Found(found[0], found[1], toks[k].text, 0.95, f"“…” X {lowers[k]}",
                              found[2])
            break
    return None


def sentence_before(text: str, lo: int, hi: int, block_start: int,
            known: Callable[[str], bool] | None = None) -> Found | None:
    """Patterns in the sentence before a quote's opening mark (and after the quote
    before it); the sentence's subject may stand before that quote."""
    sentence = sentence_start(text, max(block_start, hi - WINDOW), hi)
    lo = max(lo, sentence)
    toks = tokens(text, lo, hi)
    if not toks:
        return None
    lowers = [t.lower for t in toks]
    tail = text[toks[-1].end : hi].strip(" \t\r\n\"'“”‘’«»„")
    colon = tail.startswith(":")
    if lowers[0] == "according" and len(lowers) > 2 and lowers[1] == "to":
        found = _phrase(text, toks[2:], from_end=False)
        if found:
            return Found(found[0], found[1], "according to", 0.85, "according to X, “…”",
                          found[2])
    for k in range(len(toks) - 1, -1, -1):
        word = lowers[k]
        if word in PARTICIPLES and word != "according":
            close = k and text[toks[k - 1].end : toks[k].start] == " "
            run = _run_ending_at(toks, text, k) if close else []
            name = person_name([t.text for t in run]) if run else None
            found = (name, "name", run[0].start) if name else \
                sentence_subject(text, sentence, toks[k].start)
            if found:
                return Found(found[0], found[1], toks[k].text, 0.8,
                              f"…, {word}{':' if colon else ''} “…”", found[2])
            return None
        if word in VERBS and k and toks[k].capital:
            continue  # a name's word, not a verb: "the United States", "Washington Post"
        if word in VERBS and k and lowers[k - 1] in _BE:
            continue  # a passive: "… have been described as “…”" is no one's cue
        if word in VERBS and not (k and lowers[k - 1] in _DETERMINERS):
            inverted = not k or "," in text[toks[k - 1].end : toks[k].start]
            head = toks[k + 1 :]
            cut = next((j for j in range(1, len(head))
                        if "," in text[head[j - 1].end : head[j].start]), len(head))
            head = head[:cut]
            if inverted and head and head[0].capital and head[-1].capital and len(head) <= 8 \
                    and not any(t.lower in _CLAUSE_WORDS for t in head):
                # "…, asks Policy Options editor Jennifer Ditchburn, “…”": the speaker
                # follows the verb.
                found = _phrase(text, toks[k + 1 :], from_end=False)
                if found and found[1] == "name":
                    return Found(found[0], found[1], toks[k].text, 0.8,
                                  f"…, {word} X{':' if colon else ','} “…”", found[2])
            found = _phrase(text, _subject_tokens(text, toks, k), from_end=True)
            if found is None:
                found = sentence_subject(text, sentence, toks[k].start)
            if found:
                confidence = 0.9 if len(toks) - k <= 8 else 0.75
                return Found(found[0], found[1], toks[k].text, confidence,
                              f"X {word}{':' if colon else ''} “…”", found[2])
            return None
    if colon:
        found = sentence_subject(text, sentence, hi, known)
        if found:
            return Found(found[0], found[1], None, 0.7,
                          "colon after a sentence naming the speaker", found[2])
    return None
