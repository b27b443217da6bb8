"""Who said each quote, and with which cue verb, from the patterns news writing uses.

For each quote two short windows are read: the clause after its closing mark (up to the
next quote or the end of the sentence) and the sentence before its opening mark. The
patterns are tried in a fixed order, strongest first, and the first that fires gives the
speaker and the reason:

1. ``“…,” Belta cited X as saying`` / ``quoted X as saying``
2. ``“…,” said X`` (cue verb first)
3. ``“…,” according to X``
4. ``“…,” X said`` (cue verb within a short clause); after a quote closed by a comma, a
   question or an exclamation mark, any verb in the past is a cue (``“…,” exhorted X``,
   ``“…,” an angry Hollande retaliated.``)
5. ``X said: “…”``, ``X told Sky News: “…”``, ``according to X, “…”``, ``Y was asked by
   X, “…”``
6. ``…, saying: “…”`` and a colon closing a sentence that names its subject
7. a quote opening a paragraph after a paragraph that ends with such a colon, or
   standing alone before a paragraph that signs it (``- Sanders.``)
8. a quote continuing the previous speaker (same paragraph, or the paragraph after, or
   after one paragraph that neither quotes nor names anyone)

A quote that closes its own sentence is not attributed by the next sentence when that one
opens with a conjunction ("“… or not.” While some critics say …").

A quote with no cue goes to the speaker of reported speech in the sentence before it; one
that would continue the previous speaker's words goes instead to another person who is the
subject of a whole sentence between the two quotes.
"he" or "she" resolves to a person of a compatible gender (from the article's own words)
in the nearest sentence naming one, its subject first; a name to the fullest form the
article gives for its surname (``Mr Viačorka`` → ``Franak Viačorka``); a description
(``the Ukrainian President``) to the person the article names right after the same noun,
else (one person: ``the mayor``) to the subject of the nearest sentence naming anyone,
``the agency`` to the last body named, where it can; otherwise it stays as written. A
lone capitalised word the article also writes in lower case, never as a name, is no name
(``Officials said`` is a description).
Every penalty on a confidence keeps it within [0.05, 1].
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_cli.models import Paragraph, Span
from corpus_cli.quotes.coreference import ArticlePeople
from corpus_cli.quotes.cue_words import BODIES, DOCUMENTS, NOT_PEOPLE, PARTY_MEMBERS
from corpus_cli.quotes.cues import (
    WINDOW,
    Found,
    clause_after,
    sentence_before,
    sentence_start,
    sentence_subject,
)
from corpus_cli.quotes.descriptions import STATE_NAMES, DescribedPeople
from corpus_cli.quotes.extract import QuoteSpan, blocks
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
MAX_ATTRIBUTED = 500  # quotes attributed per article; real articles have far fewer
TOO_MANY = Attribution(None, None, None, "unknown", 0.0,
                       f"not attributed: more than {MAX_ATTRIBUTED} quotes in the article")


def attribute(text: str, paragraphs: Sequence[Paragraph], spans: Sequence[QuoteSpan],
              title_span: Span | None = None) -> list[Attribution]:
    """One attribution per quote of ``spans`` (as ``extract`` returned them)."""
    article = DescribedPeople(text, [Span(q.start, q.end) for q in spans])
    block_spans = dict(blocks(paragraphs, title_span))
    order = [i for i, _ in blocks(paragraphs, title_span)]
    previous_block = {b: order[k - 1] for k, b in enumerate(order) if k}
    next_block = {b: order[k + 1] for k, b in enumerate(order[:-1])}
    out: list[Attribution] = []
    last: tuple[Attribution, int] | None = None  # last attributed quote and its block
    for n, quote in enumerate(spans):
        if n >= MAX_ATTRIBUTED:
            # No article quotes this many times: hostile input. Its quotes are still
            # reported, but unattributed, so the work stays bounded.
            out.append(TOO_MANY)
            continue
        first = block_spans[quote.block]
        final = block_spans[quote.last_block]
        prev_end = spans[n - 1].end if n and spans[n - 1].last_block == quote.block \
            else first.start
        nxt = spans[n + 1].start if n + 1 < len(spans) and spans[n + 1].block == \
            quote.last_block else final.end
        open_at = max(first.start, quote.start - 1)
        found = clause_after(text, quote.end, nxt) or \
            sentence_before(text, prev_end, open_at, first.start, article.is_person)
        if found is None and quote.block >= 0 and not text[first.start:open_at].strip():
            prev = previous_block.get(quote.block)
            pspan = block_spans.get(prev) if prev is not None else None
            if pspan is not None and text[pspan.start : pspan.end].rstrip().endswith(":"):
                found = sentence_before(text, pspan.start, pspan.end, pspan.start)
                if found is not None:
                    found = Found(found.mention, found.kind, found.cue,
                                   _less(found.confidence, 0.1),
                                   found.reason + " (paragraph before)", found.pos)
        if found is None and quote.block >= 0 and not text[first.start:open_at].strip() \
                and not text[quote.end + 1 : final.end].strip(" .,\"'”’»"):
            found = _signed(text, block_spans.get(next_block.get(quote.last_block, -1)))
        if found is None:
            # No cue of its own: the speaker of the paragraph's quote before it, else the
            # subject of its sentence, else the speaker of reported speech just before
            # it, else a person the paragraph before introduced.
            result = _continuation(last, quote, previous_block, text, first, open_at)
            if result.reason.endswith("(same paragraph)"):
                # A sentence between the two quotes whose subject is someone else hands
                # the words to that person: "“…,” says House. Durning did not need
                # much coaxing. “I’m thankful …”".
                other = _subject_between(article, text, prev_end, open_at)
                if other is not None and other != result.speaker:
                    result = Attribution(other, None, None, "name",
                                         _less(result.confidence, 0.1),
                                         "opens a sentence after one whose subject is "
                                         "this person")
            else:
                subject = _subject_fallback(article, text, prev_end, open_at, first.start) \
                    if quote.block >= 0 else None
                reported = None
                after: str | None = None
                if subject is None and quote.block >= 0:
                    if text[first.start : open_at].strip():
                        reported = _reported(text, prev_end, open_at, prev_end)
                        # "Mr. Hannity is unapologetic about his aim. “I'm not hiding …”":
                        # a quote opening a sentence after one about a person.
                        after = _subject_between(article, text, prev_end, open_at,
                                                 prev_end == first.start) \
                            if reported is None else None
                    else:
                        prev = previous_block.get(quote.block)
                        pspan = block_spans.get(prev) if prev is not None else None
                        quoted = n and spans[n - 1].last_block == prev
                        if pspan is not None and not quoted:
                            reported = _reported(text, pspan.start, pspan.end, pspan.start)
                if subject is not None:
                    result = _resolve(article, subject, last, quote.start)
                elif reported is not None:
                    result = _resolve(article, reported, last, quote.start)
                elif after is not None and after != result.speaker:
                    result = Attribution(after, None, None, "name", 0.5,
                                         "opens a sentence after one whose subject is "
                                         "this person")
                elif not result.reason.endswith("(paragraph before)"):
                    result = _introduced(article, quote, previous_block, block_spans, text,
                                         first, open_at) or result
                if result.speaker is None:
                    result = _resumed(article, last, quote, n, spans, previous_block,
                                      block_spans, text, first, open_at) or result
        else:
            result = _resolve(article, found, last, quote.start)
        out.append(result)
        if result.speaker is not None:
            last = (result, quote.last_block)
    return out


_INDEFINITE = frozenset(("a", "an", "one", "another", "some", "several", "two", "three",
                         "many", "other"))
MIN_CONFIDENCE = 0.05  # an attributed speaker's confidence never falls below this
_OF_SOMEONE = re.compile(r"\s+(?:of|at|from|with|for)\s+(?:a|an|one|another)\s")


def _less(confidence: float, penalty: float) -> float:
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


def _signed(text: str, span: Span | None) -> Found | None:
    """A paragraph that only signs the quote standing alone before it, after a dash
    ("“… pay zero taxes.” / - Sanders.", "/ -President Obama, tweeting after …"): whom it
    names."""
    if span is None:
        return None
    signed = _SIGNATURE.fullmatch(text[span.start : span.end].strip())
    if signed is None:
        return None
    name = person_name(signed.group(1).split())
    if name is None:
        return None
    return Found(name, "name", None, 0.8, "a paragraph after the quote signs it", span.start)


# "- Sanders.", "-President Obama, tweeting after Clinton's speech."
_SIGNATURE = re.compile(r"[-–—]\s*((?:[A-Z][\w'’.-]*\s?){1,4})(?:,[^\n]{0,120})?\.?")


def _reported(text: str, lo: int, hi: int, block_start: int) -> Found | None:
    """A quote opening its sentence after a sentence that reports someone's words ("Mr.
    Hemming said his group intended … “The purpose …”"): that sentence's speaker."""
    # The sentence's own full stop is left out: it would end the sentence looked at.
    hi = len(text[lo:hi].rstrip().rstrip(".!?…\"'”’»)").rstrip()) + lo
    if hi <= lo:
        return None
    found = sentence_before(text, lo, hi, block_start)
    if found is None or found.cue is None:
        return None
    return Found(found.mention, found.kind, found.cue, _less(found.confidence, 0.25),
                  f"after a sentence reporting speech ({found.reason})", found.pos)


def _subject_between(article: ArticlePeople, text: str, lo: int, hi: int,
                     paragraph_start: bool = False) -> str | None:
    """The person who is the subject of the last sentence of ``text[lo:hi]``, when that
    stretch holds a whole sentence (the quote after it opens a new one) naming a person
    of the article as its subject. ``lo`` is where the quote before ends, or with
    ``paragraph_start`` where the paragraph starts."""
    # The sentence's own full stop is left out: it would end the sentence looked at.
    end = len(text[lo:hi].rstrip().rstrip("\"'“”‘’«»„").rstrip()) + lo
    if end <= lo or text[end - 1] not in ".!?…":
        return None  # no sentence ends before the quote: it is inside one
    end = len(text[lo:end].rstrip(".!?…\"'”’»)").rstrip()) + lo
    # From the quote's last character: its closing full stop ends a sentence too.
    sentence = sentence_start(text, max(lo - 1, end - WINDOW, 0), end)
    if paragraph_start:
        sentence = max(sentence, lo)
    elif sentence <= lo:
        return None  # the quote before is part of that sentence
    found = sentence_subject(text, sentence, end, article.is_person, whole=True)
    if found is None or found[1] != "name" or not article.is_person(found[0]):
        return None
    name = article.fullest(found[0], found[2])
    # A lone word never given in full, of unknown gender, is as likely a body or a
    # band ("Fosters", "Labour") as a person.
    return name if " " in name or article.gender(name) is not None else None


def _subject_fallback(article: ArticlePeople, text: str, lo: int, hi: int,
                      block_start: int) -> Found | None:
    """A quote inside a sentence with no cue verb ("Musk called it “production hell”"):
    the sentence's subject, with little confidence. A lone capitalised word must be a
    person the article names ("Immediately after the attacks, Trump issued …", "Using
    “illegal alien” …" name no one by their first word)."""
    sentence = sentence_start(text, max(block_start, hi - WINDOW), hi)
    if not text[max(lo, sentence) : hi].strip():
        return None  # the quote opens its sentence: nothing before it to go by
    found = sentence_subject(text, sentence, hi, article.is_person)
    if found is None:
        return None
    return Found(found[0], found[1], None, 0.45, "the subject of the sentence quoting",
                  found[2])


def _introduced(article: ArticlePeople, quote: QuoteSpan, previous_block: dict[int, int],
                block_spans: dict[int, Span], text: str, first: Span,
                open_at: int) -> Attribution | None:
    """A quote opening a paragraph, after a paragraph that names a person outside its
    quotes ("Will Young, a mechanic, said cold weather …" / "“Things break …”")."""
    if text[first.start : open_at].strip():
        return None
    prev = previous_block.get(quote.block)
    span = block_spans.get(prev) if prev is not None else None
    if span is None:
        return None
    people = article.people()
    k = bisect_right(people, (span.end, "")) - 1
    if k < 0 or people[k][0] < span.start:
        return None
    name = article.fullest(people[k][1])
    return Attribution(name, None, None, "name", 0.6,
                       "opens a paragraph after one naming this person")


def _resumed(article: ArticlePeople, last: tuple[Attribution, int] | None, quote: QuoteSpan,
             n: int, spans: Sequence[QuoteSpan], previous_block: dict[int, int],
             block_spans: dict[int, Span], text: str, first: Span,
             open_at: int) -> Attribution | None:
    """A quote opening a paragraph after one paragraph that neither quotes nor names
    anyone, itself after the last speaker's paragraph: the speaker resumes ("“…,”
    Gajewski said. / For cities like Ottawa, … / “We're going to have to shovel more
    often.”")."""
    if last is None or quote.block < 0 or text[first.start : open_at].strip():
        return None
    prev = previous_block.get(quote.block)
    if prev is None or previous_block.get(prev) != last[1]:
        return None
    if n and spans[n - 1].last_block == prev:
        return None  # the paragraph between quotes someone
    span = block_spans[prev]
    people = article.people()
    k = bisect_right(people, (span.end, "")) - 1
    if k >= 0 and people[k][0] >= span.start:
        return None  # it names someone, who may be the one speaking now
    previous = last[0]
    return Attribution(previous.speaker, previous.mention, previous.cue, previous.kind,
                       _less(min(previous.confidence, 0.9), 0.35),
                       "continues the previous speaker (after a paragraph naming no one)")


def _continuation(last: tuple[Attribution, int] | None, quote: QuoteSpan,
                  previous_block: dict[int, int], text: str, first: Span,
                  open_at: int) -> Attribution:
    if last is None:
        return UNKNOWN
    previous, block = last
    same = block == quote.block
    opens = not text[first.start : open_at].strip()
    if same or (opens and previous_block.get(quote.block) == block):
        where = "same paragraph" if same else "paragraph before"
        return Attribution(previous.speaker, previous.mention, previous.cue, previous.kind,
                           _less(min(previous.confidence, 0.9), 0.2),
                           f"continues the previous speaker ({where})")
    return UNKNOWN


def _resolve(article: DescribedPeople, found: Found, last: tuple[Attribution, int] | None,
             pos: int) -> Attribution:
    if found.kind == "pronoun" and found.mention.lower() in ("he", "she"):
        at = min(pos, found.pos)
        person = article.antecedent(at, found.mention, found.pos)
        if person is not None:
            return Attribution(person, found.mention, found.cue, "name",
                               _less(found.confidence, 0.1),
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
                               _less(found.confidence, 0.2),
                               f"{found.reason}; “it” is the last body named speaking")
    if found.kind == "pronoun" and found.mention.lower() == "they":
        pair = article.pair_before(min(pos, found.pos), within=400)
        if pair is not None:
            # Two people are no one person: keyed by their names, as written.
            return Attribution(pair, found.mention, found.cue, "description",
                               _less(found.confidence, 0.15),
                               f"{found.reason}; “they” are the two people named last")
    if found.kind == "pronoun":
        if last is not None and last[0].speaker is not None:
            prev = last[0]
            return Attribution(prev.speaker, found.mention, found.cue, prev.kind,
                               _less(found.confidence, 0.1),
                               f"{found.reason}; “{found.mention}” is the last speaker")
        return Attribution(found.mention, found.mention, found.cue, "description",
                           _less(found.confidence, 0.4),
                           f"{found.reason}; “{found.mention}” unresolved")
    if found.kind == "name" and " " not in found.mention \
            and article.common_word(found.mention):
        # A lone capitalised word the article also writes in lower case, and never as a
        # name, is a sentence's first word: "Officials said" is a description,
        # "Repeatedly, …" or "Guns …" no one.
        if not found.mention.endswith("s") or found.mention.endswith("ss"):
            return UNKNOWN
        return Attribution(found.mention.lower(), found.mention, found.cue, "description",
                           _less(found.confidence, 0.2), found.reason)
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
                               _less(found.confidence, 0.2),
                               f"{found.reason}; “{words[0]}” is the nearest person named")
    if len(words) == 2 and words[0].lower() == "the" and head in DOCUMENTS:
        # "“…,” the statement said": whoever the article said issued it.
        issuer = _issuer(article, min(pos, found.pos), head)
        if issuer is not None:
            return Attribution(issuer[0], found.mention, found.cue, issuer[1],
                               _less(found.confidence, 0.2),
                               f"{found.reason}; “{found.mention}” is {issuer[0]}'s")
    if len(words) == 2 and words[0].lower() == "the" and head in BODIES:
        body = article.last_body_named(min(pos, found.pos), within=1500, head=head)
        if body is not None:
            return Attribution(body, found.mention, found.cue, "description",
                               _less(found.confidence, 0.25),
                               f"{found.reason}; “{found.mention}” is the last body named")
    # A definite description may be someone the article names ("the minority leader":
    # "Harry Reid (D-Nev.), the Senate minority leader"); "one district GOP leader",
    # "another supporter" are people it does not name.
    named = article.describe(found.mention) if person_noun(found.mention) and \
        found.mention.split()[0].lower() not in _INDEFINITE else None
    if named is not None:
        return Attribution(article.fullest(named), found.mention, found.cue, "name",
                           _less(found.confidence, 0.1),
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
                               _less(found.confidence, 0.25),
                               f"{found.reason}; “{found.mention}” is the nearest person "
                               "named, subject first")
    mention = found.mention
    words = mention.split()
    if words[0] in ("The", "A", "An") and len(words) > 1 and not words[1][0].isupper():
        mention = mention[0].lower() + mention[1:]  # "The soldiers" → "the soldiers"
    elif len(words) == 1 and article.common_word(mention):
        mention = mention.lower()  # "Officials said" → "officials"
    return Attribution(mention, found.mention, found.cue, "description",
                       _less(found.confidence, 0.2), found.reason)


__all__ = ["TITLES", "Attribution", "attribute"]
