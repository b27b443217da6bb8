"""The cue patterns around one quote: whom the clause after it names as the speaker, with
which cue verb, and how sure that is; and the sentence reading both sides share (where a
sentence starts, its subject). The sentence before a quote is ``cues_before``' job.

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
    CLAUSE_BREAKS,
    CLAUSE_OPENERS,
    DETERMINERS,
    INTRODUCTIONS,
    IRREGULAR_PAST,
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


def state_as_noun(toks: list[Token], k: int) -> bool:
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
        sure = lowers[k] in VERBS and not state_as_noun(toks, k)
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
