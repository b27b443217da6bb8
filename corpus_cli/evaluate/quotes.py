"""Quality of `corpus quotes` against the Gender Gap Tracker's annotated articles.

    python -m corpus_cli.evaluate.quotes [--data DIR] [--errors] [--json]

Direct quotations only: annotations whose quote begins with a quotation mark.

- recall: a gold quote is found when predicted quote spans cover >= 80 % of its words;
- precision: a prediction (partial fragments of 1-3 words aside) is right when >= 80 %
  of its words lie inside an annotated quotation (direct or indirect);
- speaker accuracy: over found gold quotes, the speaker of the prediction covering most
  of its words names the annotated ``reference`` (same surname after folding accents and
  transliteration, or one name containing the other).

The data is read from ``--data``, ``$CORPUS_QUOTES_GGT`` or the checkout's
``../shared/data/quotes-ggt``; it is never copied into the repository. The scores are
printed as one JSON object (``--json`` asks for what is printed anyway).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from corpus_cli.models import Document, Quote
from corpus_cli.quotes import quotes_of_article
from corpus_cli.quotes.speakers import same_person
from corpus_cli.text.article import build_article

# The data set sits beside the checkout (corpus_cli/evaluate/ is two levels down).
REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "quotes-ggt"
OPENING = tuple("\"“”«‘'„")
_WORD = re.compile(r"\w+")
THRESHOLD = 0.8


def data_dir(override: str | None = None) -> Path:
    return Path(override or os.environ.get("CORPUS_QUOTES_GGT") or DEFAULT_DATA)


@dataclass
class Scores:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    right: int = 0
    attributed: int = 0
    speaker_right: int = 0
    attributed_named: int = 0  # found gold quotes whose gold speaker is a name
    speaker_right_named: int = 0
    # Where a reader has recorded whom a pronoun or a description means (``GoldQuote.
    # read``), the speaker judged against that person instead of the rule's stand-in.
    read: int = 0  # found gold quotes with a reading
    speaker_right_read: int = 0  # right by the reading, or by the rule where none is recorded
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "articles_gold_quotes": self.gold,
            "recall": _share(self.found, self.gold),
            "precision": _share(self.right, self.predicted),
            "speaker_accuracy": _share(self.speaker_right, self.attributed),
            "speaker_accuracy_named": _share(self.speaker_right_named,
                                             self.attributed_named),
            "predictions": self.predicted,
            "found": self.found,
        } | ({"speaker_accuracy_read": _share(self.speaker_right_read, self.attributed),
              "read": self.read} if self.read else {})


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@dataclass(frozen=True)
class GoldQuote:
    """One annotated direct quote, as every scorer hands it to ``score_article``."""

    words: list[tuple[int, int]]  # the spans of its quoted words in the article
    accepts: Callable[[str | None], bool]  # is a predicted speaker right?
    named: bool  # is the annotated speaker a name (not a pronoun or a description)?
    want: str  # the annotated speaker, for error lines
    # A reader's judgement of whom an unnamed speaker ("he", "the mayor") is, where one is
    # recorded: is a predicted speaker that one?
    read: Callable[[str | None], bool] | None = None


def words_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text, start, end)]


def _covered(words: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[bool]:
    return [any(a <= ws and we <= b for a, b in spans) for ws, we in words]


def score_article(name: str, text: str, quotes: Sequence[Quote], golds: Sequence[GoldQuote],
                  annotated: list[tuple[int, int]], scores: Scores) -> None:
    """The scoring rules every annotated set shares:

    - a gold quote is found when predicted spans cover >= 80 % of its quoted words;
    - its speaker is the speaker of the prediction covering most of those words, right
      when the gold quote ``accepts`` it;
    - a prediction (fragments of three words or fewer aside) is right when >= 80 % of
      its words lie inside ``annotated`` (the content of any annotated attribution,
      direct or indirect).
    """
    pred_spans = [(p.start, p.end) for q in quotes for p in q.parts]
    for gold in golds:
        scores.gold += 1
        words = gold.words
        if not words:
            continue
        quoted = text[words[0][0] : words[-1][1]]
        if sum(_covered(words, pred_spans)) / len(words) < THRESHOLD:
            scores.errors.append(f"{name} MISSED {quoted[:100]!r}")
            continue
        scores.found += 1
        best = max(quotes, key=lambda qq: sum(_covered(words, [(p.start, p.end)
                                                                for p in qq.parts])))
        scores.attributed += 1
        scores.attributed_named += gold.named
        right = gold.accepts(best.speaker)
        if right:
            scores.speaker_right += 1
            scores.speaker_right_named += gold.named
        right_read = right if gold.read is None else gold.read(best.speaker)
        scores.read += gold.read is not None
        scores.speaker_right_read += right_read
        if not right or not right_read:
            verdict = "" if right == right_read else \
                " (right by the reading)" if right_read else " (wrong by the reading)"
            scores.errors.append(
                f"{name} SPEAKER{verdict} got {best.speaker!r} ({best.reason}) want "
                f"{gold.want} for {quoted[:60]!r}")
    for quote in quotes:
        if quote.partial:
            continue
        scores.predicted += 1
        words = [w for p in quote.parts for w in words_in(text, p.start, p.end)]
        inside = _covered(words, annotated)
        if words and sum(inside) / len(words) >= THRESHOLD:
            scores.right += 1
        else:
            scores.errors.append(f"{name} WRONG {quote.text[:100]!r}")


def quotes_of_text(name: str, text: str) -> list[Quote]:
    """What ``corpus quotes`` finds in a plain-text article."""
    article = build_article(Document(name=name, text=text, format="txt"), None)
    return quotes_of_article(text, article.paragraphs, article.title_span)


def _same_person(reference: str, speaker: str | None) -> bool:
    return speaker is not None and same_person(speaker, reference)


def evaluate(data: Path, scores: Scores | None = None) -> Scores:
    scores = scores or Scores()
    for ann_path in sorted((data / "annotations").glob("*.json")):
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        text = (data / ann["article_file"]).read_text(encoding="utf-8")
        quotes = quotes_of_text(ann_path.stem, text)
        annotated: list[tuple[int, int]] = []
        golds: list[GoldQuote] = []
        for q in ann["quotations"]:
            span = q.get("quote_span_in_article_txt")
            if span is None:
                at = text.find(q["quote"].strip())
                if at < 0:
                    continue
                span = [at, at + len(q["quote"].strip())]
            annotated.append((span[0], span[1]))
            if not q["quote"].lstrip().startswith(OPENING):
                continue
            reference = q["reference"]
            golds.append(GoldQuote(
                words_in(text, span[0], span[1]),
                partial(_same_person, reference),
                named=True, want=f"{reference!r} [{q['speaker']}]"))
        score_article(ann["id"], text, quotes, golds, annotated, scores)
    return scores


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m corpus_cli.evaluate.quotes",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", help="the quotes-ggt folder")
    parser.add_argument("--errors", action="store_true", help="print every error")
    parser.add_argument("--json", action="store_true",
                        help="print the scores as JSON (the only output there is)")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    if not (data / "annotations").is_dir():
        sys.exit(f"no annotated data at {data} (set CORPUS_QUOTES_GGT)")
    scores = evaluate(data)
    if args.errors:
        for line in scores.errors:
            print(line)
    print(json.dumps(scores.as_dict()))


if __name__ == "__main__":
    main()
