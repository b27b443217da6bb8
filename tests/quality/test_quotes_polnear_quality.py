"""Quality gate: quote extraction and attribution on PolNeAR's held-out dev split, US
political news of seven publishers (corpus_cli.evaluate.polnear), against the floors in
tests/quality/baseline.json (see tests/quality/baseline.py).
"""

from tests.quality.baseline import enforce, gates


def test_polnear_quality_stays_within_its_baseline() -> None:
    enforce(gates()["quotes-polnear"])
