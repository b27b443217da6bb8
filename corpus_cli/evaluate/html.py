"""Quality of HTML main-text extraction (``corpus ingest`` of a page) against annotated bodies.

    python -m corpus_cli.evaluate.html [--data DIR] [--half dev|held|all] [--reference]
                                       [--errors N] [--json]

The data is a folder holding ``ground-truth.json`` (``{"<stem>": {"url", "articleBody"}}``)
and ``html/<stem>.html`` (the article-extraction benchmark's layout), read from ``--data``,
``$CORPUS_HTML_DATA`` or the checkout's ``../shared/data/article-extraction-html``; it is
never copied into the repository.

Each page is read as ``corpus ingest`` reads it (``read_html``, then the article's pattern
boilerplate flags): its body is the text of its paragraphs not flagged as boilerplate,
the title left out. Scores, per page, compare the bags of lower-cased ``\\w+`` words of
that body and of ``articleBody``: precision, recall and F1 (a page with no text found
scores 0). Reported: the mean of each over the pages, the count of pages giving no text,
and of those among them whose annotated body has at least ``LONG_BODY`` words.

``--half`` picks a fixed half of the pages by sorted stem: ``dev`` the first
``ceil(n / 2)``, ``held`` the rest, ``all`` every page (default). ``--reference`` also
scores trafilatura's ``extract()`` with its defaults on the same pages, in the same run.
``score`` returns what ``--json`` prints, for callers in Python.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from corpus_cli.errors import InputError
from corpus_cli.ingest.html import read_html
from corpus_cli.text.article import build_article
from corpus_cli.workers import ordered_map, pool_size

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-extraction-html"
LONG_BODY = 50  # an annotated body this long holds an article: "no text" there is a miss
HALVES = ("dev", "held", "all")
_WORD = re.compile(r"\w+")
_CHUNK = 4  # pages per message to a worker: pages vary a lot in size


def data_dir(override: str | None = None) -> Path:
    return Path(override or os.environ.get("CORPUS_HTML_DATA") or DEFAULT_DATA)


def stems(data: Path, half: str = "all") -> list[str]:
    """The pages of ``half``, by sorted stem."""
    if half not in HALVES:
        raise ValueError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    names = sorted(truth)
    cut = (len(names) + 1) // 2
    return names[:cut] if half == "dev" else names[cut:] if half == "held" else names


def words(text: str) -> Counter[str]:
    return Counter(m.group().lower() for m in _WORD.finditer(text))


@dataclass(frozen=True)
class PageScore:
    stem: str
    precision: float
    recall: float
    f1: float
    no_text: bool
    truth_words: int
    reason: str | None = None  # why no text was found


def compare(found: str | None, truth: str, stem: str, reason: str | None = None) -> PageScore:
    """One page's scores: ``found`` is the extracted body, None when there was none."""
    want = words(truth)
    n_want = sum(want.values())
    if found is None:
        return PageScore(stem, 0.0, 0.0, 0.0, True, n_want, reason)
    got = words(found)
    n_got = sum(got.values())
    common = sum((got & want).values())
    precision = common / n_got if n_got else 0.0
    recall = common / n_want if n_want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return PageScore(stem, precision, recall, f1, False, n_want)


def corpus_body(data: bytes, name: str) -> str:
    """The body ``corpus ingest`` keeps for a page: its non-boilerplate paragraphs.

    Raises ``InputError`` when the page gives no article text.
    """
    article = build_article(read_html(data, name), None)
    return "\n\n".join(p.text for p in article.paragraphs if not p.boilerplate)


def trafilatura_body(data: bytes, name: str) -> str:
    """trafilatura's ``extract()`` with its defaults: the reference."""
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    text = trafilatura.extract(data)
    if not text or not text.strip():
        raise InputError(name, "no text")
    return str(text)


Extractor = Callable[[bytes, str], str]


def _score_page(stem: str, data_folder: Path, truth: dict[str, Any],
                extractor: Extractor) -> PageScore:
    page = (data_folder / "html" / f"{stem}.html").read_bytes()
    try:
        found: str | None = extractor(page, stem)
        reason = None
    except InputError as err:
        found, reason = None, err.reason
    return compare(found, truth[stem]["articleBody"], stem, reason)


def score_pages(data: Path, pages: Sequence[str], extractor: Extractor = corpus_body,
                jobs: int = 0) -> list[PageScore]:
    """Every page of ``pages`` scored, in order; pages are dealt to worker processes."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    work = partial(_score_page, data_folder=data, truth=truth, extractor=extractor)
    return list(ordered_map(work, list(pages), pool_size(len(pages), 2 * _CHUNK, jobs),
                            chunk=_CHUNK))


def summary(scores: Sequence[PageScore]) -> dict[str, float | int]:
    n = len(scores)

    def mean(values: Sequence[float]) -> float:
        return round(sum(values) / n, 4) if n else 0.0

    return {
        "pages": n,
        "f1": mean([s.f1 for s in scores]),
        "precision": mean([s.precision for s in scores]),
        "recall": mean([s.recall for s in scores]),
        "no_text": sum(s.no_text for s in scores),
        "no_text_long": sum(s.no_text and s.truth_words >= LONG_BODY for s in scores),
    }


def score(data: Path, half: str = "all", reference: bool = False,
          jobs: int = 0) -> dict[str, Any]:
    """The figures ``--json`` prints: ``corpus`` (and ``trafilatura`` with ``reference``)."""
    pages = stems(data, half)
    out: dict[str, Any] = {"half": half, "corpus": summary(score_pages(data, pages, jobs=jobs))}
    if reference:
        out["trafilatura"] = summary(score_pages(data, pages, trafilatura_body, jobs))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m corpus_cli.evaluate.html",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", help="the article-extraction-html folder")
    parser.add_argument("--half", choices=HALVES, default="all",
                        help="dev: first half of the pages by sorted name; held: the rest")
    parser.add_argument("--reference", action="store_true",
                        help="also score trafilatura's extract() with its defaults")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="list the N pages of lowest F1")
    parser.add_argument("-j", "--jobs", type=int, default=0,
                        help="worker processes (0: one per core, up to 4; 1: none)")
    parser.add_argument("--json", action="store_true",
                        help="print the scores as JSON (the only output there is)")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    if not (data / "ground-truth.json").is_file():
        sys.exit(f"no annotated pages at {data} (set CORPUS_HTML_DATA)")
    pages = stems(data, args.half)
    scores = score_pages(data, pages, jobs=args.jobs)
    result: dict[str, Any] = {"half": args.half, "corpus": summary(scores)}
    if args.reference:
        result["trafilatura"] = summary(score_pages(data, pages, trafilatura_body, args.jobs))
    for s in sorted(scores, key=lambda s: s.f1)[: args.errors]:
        print(f"{s.stem[:16]}  f1 {s.f1:.3f}  p {s.precision:.3f}  r {s.recall:.3f}  "
              f"truth {s.truth_words} words" + (f"  NO TEXT: {s.reason}" if s.no_text else ""),
              file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
