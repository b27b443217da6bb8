"""The cue patterns in the sentence before a quote's opening mark: "X said: “…”", "…,
saying: “…”", "according to X, “…”", "X, who said, “…”", a name labelling the quote
("Jeffrey M. Jones: “…”") and a colon closing a sentence that names its subject.
"""

from __future__ import annotations

from collections.abc import Callable

from corpus_cli.quotes.cue_words import (
    BE,
    CLAUSE_WORDS,
    DETERMINERS,
    IRREGULAR_PAST,
    PARTICIPLES,
)
from corpus_cli.quotes.cues import (
    WINDOW,
    Found,
    sentence_start,
    sentence_subject,
    state_as_noun,
)
from corpus_cli.quotes.names import (
    VERBS,
    Token,
    person_name,
    tokens,
)
from corpus_cli.quotes.phrases import (
    run_ending_at,
    speaker_phrase,
    subject_tokens,
)


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
        if word in VERBS and k and (toks[k].capital or state_as_noun(toks, k)):
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
