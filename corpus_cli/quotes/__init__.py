"""``corpus quotes``: direct quotations, their speakers, and the same quote across sources.

``quotes_of_article`` works on one article's text and paragraphs: ``extract`` finds the
quotations, ``attribute`` their speakers (through ``cues``, ``mentions`` and
``coreference``); ``group.group_quotes`` gives every quote of a set of articles its
speaker key (``speakers``) and its group; ``corpus`` runs that over a store or new
articles (in the worker pool) and checks new quotes; ``run`` holds the workflows
(``list_quotes``, ``check_quotes``).
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus_cli.models import Paragraph, Quote, Span
from corpus_cli.quotes.attribute import attribute
from corpus_cli.quotes.extract import extract, is_partial


def quotes_of_article(text: str, paragraphs: Sequence[Paragraph],
                      title_span: Span | None = None) -> list[Quote]:
    """Every direct quotation of one article with its attribution, in text order."""
    spans = extract(text, paragraphs, title_span)
    out = []
    for span, who in zip(spans, attribute(text, paragraphs, spans, title_span), strict=True):
        out.append(Quote(
            start=span.start, end=span.end, parts=span.parts, text=span.text(text),
            partial=is_partial(span.words(text)), speaker=who.speaker, mention=who.mention,
            cue=who.cue, speaker_kind=who.kind, confidence=who.confidence, reason=who.reason,
        ))
    return out


__all__ = ["quotes_of_article"]
