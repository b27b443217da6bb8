"""The gender a given name suggests, from a table of names (``given_names.tsv``).

The table (written by ``bench/given_names.py``, where its source and thresholds are
described) holds names that most people bearing them share one gender: Donald,
Susan, Sviatlana; not Jordan or Kim. It is read once, the first time a gender is asked
for.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from corpus_cli.quotes.names import TITLES, fold

TABLE = Path(__file__).with_name("given_names.tsv")


@cache
def _table() -> dict[str, int]:
    out: dict[str, int] = {}
    with TABLE.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            name, _, sex = line.rstrip("\n").partition("\t")
            out[name] = 0 if sex == "m" else 1
    return out


def given_sex(name: str) -> int | None:
    """0 (a man) or 1 (a woman) for a name of two words or more whose first given name
    the table holds (titles skipped: "Sen. Bernie Sanders"); None otherwise. A lone
    word may be a surname ("Carolina", "York") and is never judged."""
    words = name.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    if len(words) < 2:
        return None
    return _table().get(fold(words[0].rstrip(".")))
