"""Memory habits of big passes: freed memory given back, no cycle collection.

glibc's malloc serves a block of more than 128 KiB with its own mapping, returned on
free, but each such free raises that threshold (up to 32 MiB), after which big numpy
arrays come from the heap and their memory stays with the process once freed. Dedupe
frees arrays of hundreds of MiB phase after phase; fixing the threshold keeps its peak
to what is really alive (a third less at 200,000 articles).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_M_MMAP_THRESHOLD = -3
THRESHOLD = 1 << 20


def return_freed_memory() -> bool:
    """Fix the mapping threshold at ``THRESHOLD``; False where malloc is not glibc's."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here: most commands never need it

    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, THRESHOLD))
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False


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
