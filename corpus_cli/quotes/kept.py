"""Quotes kept in the store: what an article version's quotes are keyed by, and how they
are written down and read back.

An article version's quotes depend on its text, paragraph spans and headline (all fixed
for a version), on which of its paragraphs are boilerplate (the frequency flags change as
the store grows: ``aside``), and on the rules (``rules_key``). The store keeps them under
the version's sequence number and the rules key, with the ``aside`` they were found with;
a later run uses them only when all three still hold, and finds them again otherwise.

A quote is kept as its spans into the stored text (its words are cut from that text when
read back) and its attribution.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from corpus_cli.digest import blake2b
from corpus_cli.models import Paragraph, Quote, Span

# Bump when extraction or attribution changes what it finds. The key also hashes the
# modules and data they read (``_RULE_FILES``), so an edit that forgets the bump still
# finds every quote again rather than reading stale ones.
RULES_VERSION = 1
_RULE_FILES = ("__init__.py", "extract.py", "attribute.py", "cues.py", "cue_words.py",
               "phrases.py", "mentions.py", "coreference.py", "names.py", "given_names.tsv")


@cache
def rules_key() -> str:
    """The version of the quote rules the kept quotes were found with."""
    digest = blake2b(str(RULES_VERSION).encode(), digest_size=8)
    here = Path(__file__).parent
    for name in _RULE_FILES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:  # an install without sources: the version number alone
            digest.update(name.encode())
    return f"{RULES_VERSION}-{digest.hexdigest()}"


def aside(paragraphs: Sequence[Paragraph]) -> str:
    """The indexes of a version's boilerplate paragraphs, as the store lists them."""
    return ",".join(str(p.index) for p in paragraphs if p.boilerplate)


def encode(quotes: Sequence[Quote]) -> str:
    """One version's quotes as the store keeps them (JSON: spans and attribution)."""
    return json.dumps(
        [[[n for part in q.parts for n in (part.start, part.end)], q.partial, q.speaker,
          q.mention, q.cue, q.speaker_kind, q.confidence, q.reason] for q in quotes],
        ensure_ascii=False, separators=(",", ":"))


def decode(data: str, text: str) -> list[Quote]:
    """The quotes ``encode`` wrote, their words cut from the version's ``text``."""
    out = []
    for flat, partial, speaker, mention, cue, kind, confidence, reason in json.loads(data):
        parts = tuple(Span(flat[n], flat[n + 1]) for n in range(0, len(flat), 2))
        out.append(Quote(
            start=parts[0].start, end=parts[-1].end, parts=parts,
            # As QuoteSpan.text joins them: a multi-paragraph quote's parts by a blank line.
            text="\n\n".join(text[p.start : p.end] for p in parts), partial=partial,
            speaker=speaker, mention=mention, cue=cue, speaker_kind=kind,
            confidence=confidence, reason=reason))
    return out
