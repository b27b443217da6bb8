"""Memory habits of big passes: no cycle collection.

A fixed malloc mapping threshold (every block over 1 MiB mapped, returned when freed) once
cut dedupe's peak by a third; with the passes' arrays now smaller it saved 50-80 MiB at
200,000 articles (1.61 against 1.66-1.69 GiB) and cost 5 s of a 35 s pass (medians of
three, every block re-mapped and page-faulted afresh), so glibc's own adaptive threshold
is left alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector while a pass builds many objects that form no cycles
    (refcounting frees them): its full collections, triggered by allocation counts alone,
    cost a quarter of a dedupe and a tenth of a quotes pass."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
