"""Quality gate: HTML main-text extraction on the article-extraction benchmark's 181 pages
(corpus_cli.evaluate.html: each page read as corpus ingest reads it, its body scored by
word-level F1 against the annotated article), against the floors in
tests/quality/baseline.json (see tests/quality/baseline.py): mean precision, recall and
F1, and no page without text whose annotated body has 50 words or more.
"""

from tests.quality.baseline import enforce, gates


def test_html_extraction_quality_stays_within_its_baseline() -> None:
    enforce(gates()["html"])
