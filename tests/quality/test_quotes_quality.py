"""Quality gate: quote extraction and attribution on the Gender Gap Tracker's annotated
articles (corpus_cli.evaluate.quotes), against the floors in tests/quality/baseline.json
(see tests/quality/baseline.py).
"""

from tests.quality.baseline import enforce, gates


def test_quote_quality_stays_within_its_baseline() -> None:
    enforce(gates()["quotes"])
