"""The cue patterns around one quote: whom the clause after it, or the sentence before it,
names as the speaker, with which cue verb, and how sure that is.

``attribute`` tries these first; what they find (a ``Found``: a name, a pronoun or a
description as written) it then resolves against the article's people. The words the
patterns look for are listed in ``cue_words``; reading the speaker phrase on either side
of a cue verb is ``phrases``' job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from corpus_cli.quotes.cue_words import (
    ADDRESSING,
    ADVERBS,
    BE,
    CLAUSE_BREAKS,
    CLAUSE_OPENERS,
    CLAUSE_WORDS,
    DETERMINERS,
    INTRODUCTIONS,
    IRREGULAR_PAST,
    PARTICIPLES,
    PREPOSITIONS,
    SUBJECT_DETERMINERS,
    SUBORDINATORS,
    VERB_PARTICLES,
)
from corpus_cli.quotes.names import (
    PRONOUNS,
    ROLE_ENDINGS,
    SENTENCE_END,
    TITLES,
    VERBS,
    Token,
    false_stop,
    is_place,
    person_name,
    tokens,
)
from corpus_cli.quotes.phrases import (
    a_clause,
    description_phrase,
    not_its_verb,
    person_noun,
    reported_clause,
    run_ending_at,
    speaker_phrase,
    subject_tokens,
    verb_like,
)

WINDOW = 300


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


def sentence_subject(text: str, lo: int, hi: int,
                      known: Callable[[str], bool] | None = None, whole: bool = False
                      ) -> tuple[str, str, int] | None:
    """The subject of the sentence in ``text[lo:hi]``: its first name or pronoun, after
    an introductory phrase ("In a statement, Lukashenko …"). With ``known``, a lone
    capitalised word counts only if ``known`` says it names a person ("Governance
    lassitude was on display when Musk …" → Musk). ``whole``: the quote comes after the
    main clause, so a subordinate clause opening the sentence is passed by too ("When
    Wallace died in 1998, President Clinton released the following statement:"); not
    where the quote may stand inside it ("While Mr. Ryan … laid out ''…''")."""
    toks = tokens(text, lo, hi)
    if not toks:
        return None
    # ("Boreing said …" is a name and its verb, not a participle's phrase.)
    participle = toks[0].lower.endswith("ing") and not (len(toks) > 1 and verb_like(toks[1]))
    if toks[0].lower in PREPOSITIONS or participle or toks[0].lower in INTRODUCTIONS \
            or (whole and toks[0].lower in SUBORDINATORS):
        # "In a statement, …", "Earlier this month, the Belarus President …": the
        # subject comes after the introductory phrase.
        comma = text.find(",", lo, hi)
        if comma >= 0:
            toks = [t for t in toks if t.start > comma]
    if toks and toks[0].lower in SUBJECT_DETERMINERS:
        # "the Belarus President reaffirmed his support of Vladimir Putin’s war": a
        # described subject before its verb is the subject, whoever is named after.
        verb = next((j for j in range(2, min(len(toks), 8)) if verb_like(toks[j])), None)
        if verb is not None and not any(t.lower in CLAUSE_BREAKS for t in toks[1:verb]):
            found = speaker_phrase(text, toks[:verb], from_end=True)
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
                    or (toks[roles - 1].lower.endswith(ROLE_ENDINGS)
                        and toks[roles - 1].lower not in PREPOSITIONS)) \
                    and "," not in text[run[-1].end : toks[roles].start]:
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
            if name and (known is None or " " in name or known(name) or _acts(toks, j)):
                return name, "name", run[0].start
            if is_place([t.text for t in run]):
                place_end = j
        if tok.lower in VERBS:
            return description_phrase(text, toks[:k]) if k else None
    return None


def _acts(toks: list[Token], k: int) -> bool:
    """Is ``toks[k]`` the verb of the word before it ("Lukashenko threatens Ukraine", "Musk
    called it"), which is then a subject even if the article never names it in full?"""
    return k < len(toks) and (verb_like(toks[k]) or (
        not toks[k].capital and len(toks[k].lower) > 3 and toks[k].lower.endswith("s")))


def _state_as_noun(toks: list[Token], k: int) -> bool:
    """Is "state" at ``k`` the noun: after a singular name ("the Indiana state firefighters
    union", "US state Texas": a name's verb would be "states") or before a name ("state
    Sen. Jason Holsman")? "The Saudis state in the white paper" is a verb."""
    if toks[k].lower != "state" or k == 0:
        return False
    before = toks[k - 1]
    return (before.capital and not before.lower.endswith("s")) or (
        k + 1 < len(toks) and toks[k + 1].capital)


def _loose_cue(tok: Token, gap: str | None = None, following: Token | None = None) -> bool:
    """After a quote closed by a comma (or a question or exclamation mark), is ``tok``,
    not one of ``VERBS``, a cue all the same: a verb in the past ("“…,” exhorted Jamie
    Lee Curtis", "“…,” an angry Hollande retaliated.", "“…,” Bennett shot back with a
    laugh"), where its subject comes after it, or it ends the clause, or "back" follows
    it; not where anything else does ("“…,” the campaigns used it for ads", "“…,” the
    team dressed in …")? ``gap`` and ``following``: the text after ``tok`` and the word
    after it, where its subject stands before it (``gap`` None: nothing follows)."""
    word = tok.lower
    if tok.capital:
        return False
    if following is None:
        return (word.endswith("ed") and len(word) > 4) or word in IRREGULAR_PAST
    if following.lower == "back":  # "shot back", "fired back": a retort
        return word.endswith("ed") or word in IRREGULAR_PAST
    return word.endswith("ed") and len(word) > 4 and any(c in (gap or "") for c in ",.;:!?")


def clause_after(text: str, lo: int, hi: int) -> Found | None:
    """Patterns in the clause after a quote's closing mark, up to ``hi`` (where the next
    quote of the paragraph opens)."""
    next_quote = hi
    hi = _sentence_end(text, lo, min(hi, lo + WINDOW))
    toks = tokens(text, lo, hi)
    if not toks:
        return None
    if "\n" in text[lo : toks[0].start] and \
            text[max(0, lo - 3) : lo].rstrip("\"'”’»)").endswith((".", "!", "?")):
        # A quote that closed its sentence and its line: the next line is another
        # paragraph ("… and I think he will.” / Rep. Steve Israel said …"), where a text
        # puts one paragraph on each line.
        return None
    if text[lo - 1 : lo] in (".", "!", "?") and toks[0].text[:1].isupper() and \
            hi == next_quote and \
            text[toks[-1].end : hi].strip(" \t\"“”'‘’«»„")[:1] in (",", ":"):
        # "“… we don’t even know.” Colton laughed and stuttered, “I … I …”": a quote
        # that ended its sentence; the clause after it opens the next quote.
        return None
    lowers = [t.lower for t in toks]
    if toks[0].capital and lowers[0] in CLAUSE_OPENERS and lo and text[lo - 1] in ".!?…":
        # The quote closed its sentence and a new one begins: "“… or not.” While some
        # critics say …" is someone else speaking.
        return None
    # 1. "Belta cited X as saying", "Izvestia quoted X as saying"
    for k, word in enumerate(lowers[:12]):
        if word in ("cited", "quoted") and "as" in lowers[k + 1 : k + 8]:
            a = lowers.index("as", k + 1)
            if a + 1 < len(lowers) and lowers[a + 1] == "saying":
                found = speaker_phrase(text, toks[k + 1 : a], from_end=False)
                if found:
                    return Found(found[0], found[1], f"{toks[k].text} … as saying", 0.9,
                                  f"{toks[0].text if k else 'X'} {word} X as saying", found[2])
    # A quote closed by a comma, a question mark or an exclamation mark ("“…,”
    # remembered Roy Verley", "“…?” Hannity pressed.") is followed by its attribution: a
    # verb in the past is its cue, whatever the verb.
    closing = text[max(0, lo - 1) : toks[0].start]
    loose = "," in closing or "?" in closing or "!" in closing
    # 2. "said X"
    v = 1 if len(lowers) > 1 and lowers[0] in ADVERBS and (
        lowers[1] in VERBS or (loose and _loose_cue(toks[1]))) else 0
    if (lowers[v] in VERBS or (loose and _loose_cue(toks[v]))) and len(toks) > v + 1 \
            and not reported_clause(text, toks[v + 1 :]):
        # "points out the laid-back Cambridge resident": the verb's particle is no part
        # of the speaker.
        after = v + 2 if lowers[v + 1] in VERB_PARTICLES and len(toks) > v + 2 else v + 1
        found = speaker_phrase(text, toks[after:], from_end=False)
        if found:
            return Found(found[0], found[1], toks[v].text, 0.95,
                          f"“…” {lowers[v]} X", found[2])
    # 3. "according to X"
    if lowers[0] == "according" and len(lowers) > 2 and lowers[1] == "to":
        found = speaker_phrase(text, toks[2:], from_end=False)
        if found:
            return Found(found[0], found[1], "according to", 0.85, "“…” according to X",
                          found[2])
    # 4. "X said"
    for k in range(1, min(len(toks), 16)):
        sure = lowers[k] in VERBS and not _state_as_noun(toks, k)
        if not sure and loose:
            following = toks[k + 1] if k + 1 < len(toks) else None
            gap = text[toks[k].end : following.start] if following is not None else None
            cue = _loose_cue(toks[k], gap, following)
        else:
            cue = sure
        # "the said", but not "… larger than that, said X": a comma ends the phrase.
        if cue and not toks[k].capital and not (
                lowers[k - 1] in DETERMINERS
                and "," not in text[toks[k - 1].end : toks[k].start]):
            # A verb that is a cue only after a closed quote and fits no pattern here
            # ("“…,” a citizen, whose name is redacted, wrote") is passed by.
            if not_its_verb(toks, k):
                if not sure:
                    continue
                break  # "“…” Mr Howard declined to say …", "… has been described as"
            if "," in text[toks[k - 1].end : toks[k].start] and len(toks) > k + 1 \
                    and lowers[k] not in ADDRESSING and lowers[k + 1] not in PREPOSITIONS:
                # "…” due to X, said Mr Viačorka": the speaker follows the verb (not in
                # "“…,” John Bryant, the chairman, said in an interview of Trump").
                found = speaker_phrase(text, toks[k + 1 :], from_end=False)
                if found and found[1] != "description":
                    return Found(found[0], found[1], toks[k].text, 0.85,
                                  f"“…” …, {lowers[k]} X", found[2])
            subject = subject_tokens(text, toks, k)
            if a_clause(subject):
                # "“…” Labour had broken promises …": a new sentence about something
                # else, not the quote's attribution.
                if not sure:
                    continue
                break
            found = speaker_phrase(text, subject, from_end=True)
            if found:
                return Found(found[0], found[1], toks[k].text, 0.95, f"“…” X {lowers[k]}",
                              found[2])
            if sure:
                break
    return None


def _what_someone_called(text: str, toks: list[Token]) -> Found | None:
    """A quote that ends a clause naming whose words it is: "what Newt Gingrich called
    “…”", "charges that Rush Limbaugh, for one, called ''…''", "in what one Latino
    conservative has dubbed ''…''"."""
    if len(toks) < 3 or toks[-1].lower not in _NAMING_VERBS:
        return None
    opener = next((k for k in range(len(toks) - 2, max(-1, len(toks) - 10), -1)
                   if toks[k].lower in ("what", "that", "which")), None)
    if opener is None:
        return None
    subject = toks[opener + 1 : -1]
    while subject and subject[-1].lower in ("has", "had", "have", "once", "later"):
        subject = subject[:-1]
    cut = next((k for k in range(1, len(subject))
                if "," in text[subject[k - 1].end : subject[k].start]), len(subject))
    found = speaker_phrase(text, subject[:cut], from_end=True)
    if found is None or found[1] == "pronoun":
        return None  # "what he called": whom "he" means is the sentence's business
    return Found(found[0], found[1], toks[-1].text, 0.8, f"what X {toks[-1].lower} “…”",
                 found[2])


def _quoted_as_saying(text: str, toks: list[Token]) -> Found | None:
    """"An early tweet quoted the president as saying “…”": the one quoted speaks."""
    if len(toks) < 4 or [t.lower for t in toks[-2:]] != ["as", "saying"]:
        return None
    verb = next((k for k in range(len(toks) - 3, max(-1, len(toks) - 12), -1)
                 if toks[k].lower in ("quoted", "cited")), None)
    if verb is None:
        return None
    found = speaker_phrase(text, toks[verb + 1 : -2], from_end=False)
    if found is None:
        return None
    return Found(found[0], found[1], f"{toks[verb].text} … as saying", 0.85,
                 f"{toks[verb].lower} X as saying “…”", found[2])


def _retorted(text: str, toks: list[Token], colon: bool) -> Found | None:
    """A retort right before a quote: "Sanders shot back, “…”", "Mr. Smith fired back:
    “…”"; and "As John Cornyn, the No. 2 in the GOP leadership, put it: “…”"."""
    if len(toks) < 3:
        return None
    put_it = toks[-1].lower == "it" and toks[-2].lower in ("put", "puts")
    if not put_it and (toks[-1].lower != "back" or not (
            toks[-2].lower.endswith("ed") or toks[-2].lower in IRREGULAR_PAST)):
        return None
    found = speaker_phrase(text, subject_tokens(text, toks, len(toks) - 2), from_end=True)
    if found is None:
        return None
    cue = f"{toks[-2].text} {toks[-1].text}"
    return Found(found[0], found[1], cue, 0.85, f"X {cue.lower()}{':' if colon else ','} “…”",
                 found[2])


def _relative_speaker(text: str, toks: list[Token], verb: int) -> tuple[str, int] | None:
    """The person a "who" before the cue verb at ``verb`` stands for: the name right
    before it ("Charlie Sykes, who lamented in an interview, “…”", "a tweet from Rikkie
    Wells who tweeted, “…”"), with its position."""
    who = next((j for j in range(verb - 1, max(0, verb - 4), -1) if toks[j].lower == "who"),
               None)
    if who is None or any(toks[j].capital for j in range(who + 1, verb)):
        return None
    run = run_ending_at(toks, text, who)
    name = person_name([t.text for t in run]) if run else None
    return (name, run[0].start) if name is not None else None


def _labelled(text: str, toks: list[Token]) -> Found | None:
    """A quote labelled with its speaker's name and a colon, as digests and transcripts
    print them ("RED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: “…”"): the person
    named right before the colon, alone at the sentence's start or after a dash, speaks."""
    run = run_ending_at(toks, text, len(toks))
    if not run:
        return None
    first = len(toks) - len(run)
    if first and not any(c in text[toks[first - 1].end : run[0].start] for c in "-–—|\n"):
        # Only a label stands alone: "McConnell delivered a blunt message to Trump: “…”"
        # is a sentence, whose subject speaks.
        return None
    name = person_name([t.text for t in run])
    if name is None or not run[-1].text.endswith(name.rsplit(" ", 1)[-1]):
        return None
    return Found(name, "name", None, 0.7, "X: “…”", run[0].start)


# Verbs that name what someone said: "what Gilbert called “a perception problem”".
_NAMING_VERBS = frozenset(("called", "dubbed", "termed", "labeled", "labelled"))


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
    # "According to X, “…”", "That's according to a Michigan school's latest “…”".
    at = next((k for k in range(len(lowers) - 2)
               if lowers[k] == "according" and lowers[k + 1] == "to"), None)
    if at is not None:
        after = toks[at + 2 :]
        owner = next((k for k, t in enumerate(after) if t.text.endswith(("'s", "’s"))), None)
        if owner is not None and not any(t.capital for t in after[owner + 1 :]):
            # "according to a Michigan school's latest “…”": the owner of what is quoted.
            after = after[: owner + 1]
        found = speaker_phrase(text, after, from_end=False)
        if found:
            mention = found[0][:-2] if found[0].endswith(("'s", "’s")) else found[0]
            return Found(mention, found[1], "according to", 0.85 if at == 0 else 0.75,
                          "according to X, “…”", found[2])
    named = _what_someone_called(text, toks) or _retorted(text, toks, colon) or \
        _quoted_as_saying(text, toks)
    if named is not None:
        return named
    for k in range(len(toks) - 1, -1, -1):
        word = lowers[k]
        if word in PARTICIPLES and word != "according":
            close = k and text[toks[k - 1].end : toks[k].start] == " "
            # "with Trump reportedly yelling: “…”": the adverb between is no name.
            name_end = k - 1 if close and k > 1 and toks[k - 1].lower.endswith("ly") \
                and text[toks[k - 2].end : toks[k - 1].start] == " " else k
            run = run_ending_at(toks, text, name_end) if close else []
            name = person_name([t.text for t in run]) if run else None
            found = (name, "name", run[0].start) if name else \
                sentence_subject(text, sentence, toks[k].start, known, whole=True)
            if found:
                return Found(found[0], found[1], toks[k].text, 0.8,
                              f"…, {word}{':' if colon else ''} “…”", found[2])
            return None
        if word in VERBS and k and (toks[k].capital or _state_as_noun(toks, k)):
            continue  # a name's word, not a verb: "the United States", "Washington Post"
        if word in VERBS and k and lowers[k - 1] in BE:
            if k + 2 < len(toks) and lowers[k + 1] == "by":
                # "Sanders was asked by host Bill Maher, who …, “…”": the agent speaks.
                found = speaker_phrase(text, toks[k + 2 :], from_end=False)
                if found and found[1] == "name":
                    return Found(found[0], found[1], toks[k].text, 0.75,
                                  f"X {lowers[k - 1]} {word} by X{':' if colon else ','} “…”",
                                  found[2])
            continue  # a passive: "… have been described as “…”" is no one's cue
        if word in VERBS and not (k and lowers[k - 1] in DETERMINERS):
            relative = _relative_speaker(text, toks, k)
            if relative is not None:
                return Found(relative[0], "name", toks[k].text, 0.85,
                             f"X, who {word}{':' if colon else ','} “…”", relative[1])
            inverted = not k or "," in text[toks[k - 1].end : toks[k].start]
            head = toks[k + 1 :]
            cut = next((j for j in range(1, len(head))
                        if "," in text[head[j - 1].end : head[j].start]), len(head))
            head = head[:cut]
            if inverted and head and head[0].capital and head[-1].capital and len(head) <= 8 \
                    and not any(t.lower in CLAUSE_WORDS for t in head):
                # "…, asks Policy Options editor Jennifer Ditchburn, “…”": the speaker
                # follows the verb.
                found = speaker_phrase(text, toks[k + 1 :], from_end=False)
                if found and found[1] == "name":
                    return Found(found[0], found[1], toks[k].text, 0.8,
                                  f"…, {word} X{':' if colon else ','} “…”", found[2])
            found = speaker_phrase(text, subject_tokens(text, toks, k), from_end=True)
            if found is None:
                found = sentence_subject(text, sentence, toks[k].start)
            if found:
                confidence = 0.9 if len(toks) - k <= 8 else 0.75
                return Found(found[0], found[1], toks[k].text, confidence,
                              f"X {word}{':' if colon else ''} “…”", found[2])
            return None
    if colon:
        labelled = _labelled(text, toks)
        if labelled is not None:
            return labelled
        found = sentence_subject(text, sentence, hi, known, whole=True)
        if found:
            return Found(found[0], found[1], None, 0.7,
                          "colon after a sentence naming the speaker", found[2])
    return None
