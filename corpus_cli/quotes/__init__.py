"""``corpus quotes``: direct quotations, their speakers, and the same quote across sources.

``quotes_of_article`` works on one article's text and paragraphs: ``extract`` finds the
quotations, ``attribute`` their speakers (through ``cues`` and ``cues_before``, with
``phrases`` and ``cue_words``, then ``resolve`` with ``mentions`` (with ``capitals``),
``coreference`` (with ``openings``) and ``descriptions``); ``group.group_quotes`` gives every
quote of a set of articles its speaker key (``speakers``) and its group; ``corpus`` runs
that over a store or new articles (in the worker pool) and checks new quotes; ``run``
holds the workflows (``list_quotes``, ``check_quotes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus_cli.models import Paragraph, Quote, Span
from corpus_cli.quotes.attribute import MAX_ATTRIBUTED, Attribution, attribute
from corpus_cli.quotes.extract import QuoteSpan, extract, is_partial


def quotes_of_article(text: str, paragraphs: Sequence[Paragraph],
                      title_span: Span | None = None) -> list[Quote]:
    """Every direct quotation of one article with its attribution, in text order."""
    spans = extract(text, paragraphs, title_span)
    out = []
    whos = _same_words_elsewhere(text, spans, attribute(text, paragraphs, spans, title_span))
    for span, who in zip(spans, whos, strict=True):
        out.append(Quote(
            start=span.start, end=span.end, parts=span.parts, text=span.text(text),
            partial=is_partial(span.words(text)), speaker=who.speaker, mention=who.mention,
            cue=who.cue, speaker_kind=who.kind, confidence=who.confidence, reason=who.reason,
        ))
    return out


_WORD = re.compile(r"\w+")


def _same_words_elsewhere(text: str, spans: Sequence[QuoteSpan],
                          found: list[Attribution]) -> list[Attribution]:
    """A quote with no speaker whose words another quote of the article gives in full,
    with a speaker, is that speaker's: a headline quoting the body ("Lukashenko ‘held
    hostage’ by Putin" / "…, Viačorka said he was ‘held hostage’")."""
    # Only the quotes attribution looked at (a hostile article of thousands of quotes is
    # left unattributed beyond them), and only named donors, nearest first: the work
    # stays bounded.
    size = min(len(spans), MAX_ATTRIBUTED)
    words = [" " + " ".join(_WORD.findall(span.text(text).casefold())) + " "
             for span in spans[:size]]
    donors = [k for k in range(size) if found[k].speaker is not None and found[k].kind == "name"]
    out = list(found)
    for n in range(size):
        if found[n].speaker is not None or words[n].count(" ") < 3:
            continue  # no speaker needed, or one word ("No") any quote may hold
        donor = next((k for k in sorted(donors, key=lambda k: abs(k - n))
                      if words[n] in words[k]), None)
        if donor is not None:
            d = found[donor]
            out[n] = Attribution(d.speaker, d.mention, d.cue, d.kind,
                                 round(max(0.05, d.confidence - 0.3), 2),
                                 "the same words are quoted elsewhere in the article, "
                                 "attributed to this speaker")
    return out


__all__ = ["quotes_of_article"]
