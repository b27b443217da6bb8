"""Writes ``corpus_cli/quotes/given_names.tsv``: given names that tell a person's gender.

    pip install nomquamgender   # its data only; this script never imports the package
    python bench/given_names.py [--min-count 1000] [--share 0.85]

"he" and "she" are resolved to a person of a compatible gender (``corpus_cli.quotes.
coreference``); the article's own words tell it for a titled name or one a pronoun
follows, and for the rest the given name is the evidence a reader uses. The table is
derived from the name data of the ``nomquamgender`` package (Ian Van Buskirk, MIT
licence: name counts and the share of them borne by women, from 36 sources): a name is
kept when it is written in plain ASCII letters, at least ``--min-count`` people of the
sources bear it, and at least ``--share`` of them are of one gender (Donald, Susan; not
Jordan, Leslie, Kim). The result is checked in; rerun this script to change it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "corpus_cli" / "quotes" / "given_names.tsv"  # read by corpus_cli.quotes.names
HEADER = """\
# Given names and the gender they tell: m (men) or f (women), one name a line.
# Written by bench/given_names.py from the name data of the nomquamgender package
# (Copyright (c) 2022 Ian Van Buskirk, MIT licence): names borne by at least {count}
# people in its sources, at least {share:.0%} of them of one gender.
"""


def name_data() -> dict[str, list[float]]:
    """nomquamgender's ``name_data.json``, found without importing the package (which
    imports pandas)."""
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("error: nomquamgender is not installed (pip install nomquamgender)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    with (folder / "name_data.json").open(encoding="utf-8") as handle:
        data: dict[str, list[float]] = json.load(handle)
    return data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--min-count", type=int, default=1000)
    parser.add_argument("--share", type=float, default=0.85)
    args = parser.parse_args(argv)
    rows = []
    for name, entry in name_data().items():
        count, women = entry[1], entry[2]
        if not (name.isascii() and name.isalpha() and count >= args.min_count):
            continue
        if women >= args.share:
            rows.append(f"{name.lower()}\tf")
        elif women <= 1 - args.share:
            rows.append(f"{name.lower()}\tm")
    OUT.write_text(HEADER.format(count=args.min_count, share=args.share)
                   + "\n".join(sorted(set(rows))) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(rows)} names")


if __name__ == "__main__":
    main()
