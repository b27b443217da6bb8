"""The fuzz targets, briefly: a few dozen generated inputs each (``bench/fuzz.py`` runs
them for minutes). Crashes they found are pinned as examples in ``test_regressions.py``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.targets import TARGETS

EXAMPLES = {"readers": 60, "normalize": 150, "quotes": 100, "diff": 60, "bounded lcs": 100}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_target_holds_on_generated_inputs(name: str) -> None:
    target = TARGETS[name]

    @settings(max_examples=EXAMPLES[name], deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(target.strategy)
    def run(value: object) -> None:
        target.check(value)

    run()
