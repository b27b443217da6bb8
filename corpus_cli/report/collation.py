"""``corpus diff --group`` results as a JSON record (no terminal code here)."""

from __future__ import annotations

from typing import Any

from corpus_cli.diff.collate import Collation


def collation_record(collation: Collation) -> dict[str, Any]:
    """The record of ``--format json``: readings stripped of surrounding whitespace."""
    return {
        "type": "collation",
        "group": collation.group,
        "witnesses": [{"id": w.id, "path": w.path, "start": w.start, "end": w.end}
                      for w in collation.witnesses],
        "columns": [
            {
                "readings": [r.strip() if r is not None else None for r in c.readings],
                "variant": c.variant,
                "majority": c.majority,
                # Witnesses (by position) that have not begun yet or have already ended here.
                "trimmed": [k for k, t in enumerate(c.trimmed) if t],
            }
            for c in collation.columns
        ],
    }
