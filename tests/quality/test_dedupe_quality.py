"""Quality gate: corpus dedupe on a labelled corpus generated from the BBC set.

bench/dedupe_corpus.py makes the corpus (copies, near copies, reordered, partial and
stitched articles, with ground truth), ``corpus ingest`` and ``corpus dedupe`` run on it as
a user runs them, and corpus_cli.evaluate.dedupe scores the output. The floors and ceilings
are in tests/quality/baseline.json (see tests/quality/baseline.py); bench/README.md has the
full-size figures.
"""

from tests.quality.baseline import enforce, gates


def test_dedupe_quality_stays_within_its_baseline() -> None:
    enforce(gates()["dedupe"])
