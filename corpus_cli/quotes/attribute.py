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
How the speaker's words become a speaker (pronouns, descriptions, documents) is
``resolve``'s job.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from corpus_cli.models import Paragraph, Span
from corpus_cli.quotes.coreference import ArticlePeople
from corpus_cli.quotes.cues import WINDOW, Found, clause_after, sentence_start, sentence_subject
from corpus_cli.quotes.cues_before import sentence_before
from corpus_cli.quotes.descriptions import DescribedPeople
from corpus_cli.quotes.extract import QuoteSpan, blocks
from corpus_cli.quotes.names import TITLES, person_name
from corpus_cli.quotes.resolve import UNKNOWN, Attribution, lowered, resolve

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
                                   lowered(found.confidence, 0.1),
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
                                         lowered(result.confidence, 0.1),
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
                    result = resolve(article, subject, last, quote.start)
                elif reported is not None:
                    result = resolve(article, reported, last, quote.start)
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
            result = resolve(article, found, last, quote.start)
        out.append(result)
        if result.speaker is not None:
            last = (result, quote.last_block)
    return out



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
    return Found(found.mention, found.kind, found.cue, lowered(found.confidence, 0.25),
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
                       lowered(min(previous.confidence, 0.9), 0.35),
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
                           lowered(min(previous.confidence, 0.9), 0.2),
                           f"continues the previous speaker ({where})")
    return UNKNOWN


__all__ = ["TITLES", "Attribution", "attribute"]
