"""Long lists bound into ``IN (...)`` clauses a slice at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

MAX_PARAMS = 500  # SQLite caps bound parameters per statement (999 in older builds)


def in_batches(values: Sequence[T]) -> Iterator[tuple[Sequence[T], str]]:
    """``values`` in slices one statement can bind, each with its ``?,?,...`` placeholders."""
    for at in range(0, len(values), MAX_PARAMS):
        batch = values[at : at + MAX_PARAMS]
        yield batch, ",".join("?" * len(batch))
