"""Quality gate: corpus dedupe on labelled corpora generated from the BBC set and PolNeAR.

bench/dedupe_corpus.py makes the corpus (copies, near copies, reordered, partial and
stitched articles, with ground truth), ``corpus ingest`` and ``corpus dedupe`` run on it as
a user runs them, and corpus_cli.evaluate.dedupe scores the output. The floors and ceilings
are in tests/quality/baseline.json (see tests/quality/baseline.py); bench/README.md has the
full-size figures.
"""

import pytest

from tests.quality.baseline import enforce, gates


# Two bases of real articles (copies are made of them): the BBC set, and PolNeAR's US
# political news, where wire stories and one outlet's editor's notes recur.
@pytest.mark.parametrize("gate", ["dedupe", "dedupe-polnear"])
def test_dedupe_quality_stays_within_its_baseline(gate: str) -> None:
    enforce(gates()[gate])
