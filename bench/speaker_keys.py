"""Speaker keys across a set of articles: how many people, and which keys join spellings.

    python bench/speaker_keys.py ggt|polnear|bbc [--data DIR] [--list]

The quotes of every article of the set are found and keyed as ``corpus quotes`` keys them
over a store of those articles. Printed: speakers named (distinct names), keys, keys that
join more than one full name (two words or more, titles dropped), and of those the keys
whose full names disagree by the plain reading a person would apply: a different first
given name (not an initial of the other), or surnames that share no prefix of three
letters. Those are the candidate collisions: ``--list`` prints every key that joins
several full names, for reading, with the candidates marked ``?``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from corpus_cli.models import Document  # noqa: E402
from corpus_cli.quotes.corpus import article_quotes  # noqa: E402
from corpus_cli.quotes.names import TITLES, fold  # noqa: E402
from corpus_cli.quotes.speakers import SpeakerKeys  # noqa: E402
from corpus_cli.text.article import build_article  # noqa: E402

SHARED = REPO.parent / "shared" / "data"


def texts(kind: str, data: Path | None) -> list[tuple[str, str]]:
    if kind == "ggt":
        folder = data or SHARED / "quotes-ggt"
        out = []
        for note in sorted((folder / "annotations").glob("*.json")):
            article = json.loads(note.read_text(encoding="utf-8"))["article_file"]
            out.append((note.stem, (folder / article).read_text(encoding="utf-8")))
        return out
    if kind == "polnear":
        folder = data or SHARED / "polnear-dev"
        return [(p.stem, p.read_text(encoding="utf-8")) for split in ("train", "dev")
                for p in sorted((folder / split / "text").glob("*.txt"))]
    folder = data or SHARED / "bbc-news" / "bbc"
    return [(str(p.relative_to(folder)), p.read_text(encoding="latin-1"))
            for p in sorted(folder.glob("*/*.txt"))]


def _words(name: str) -> list[str]:
    words = [fold(w).strip(".") for w in name.split()]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def disagree(a: list[str], b: list[str]) -> bool:
    """Two full names a reader would take for two people."""
    ga, gb = a[0], b[0]
    given = not (ga == gb or (len(ga) == 1 and gb.startswith(ga))
                 or (len(gb) == 1 and ga.startswith(gb)) or ga[:3] == gb[:3])
    return given or a[-1][:3] != b[-1][:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("set", choices=("ggt", "polnear", "bbc"))
    parser.add_argument("--data", type=Path)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    articles = [build_article(Document(name=name, text=text, format="txt"), None)
                for name, text in texts(args.set, args.data)]
    located = article_quotes(articles)
    names = [(it.quote.speaker, it.quote.speaker_kind) for it in located
             if it.quote.speaker is not None and it.quote.speaker_kind == "name"]
    keys = SpeakerKeys(names)
    full: dict[str, set[str]] = defaultdict(set)
    for name, _ in set(names):
        key = keys.key(name)
        words = _words(name)
        if key is not None and len(words) > 1:
            full[key].add(" ".join(words))
    joined = {k: v for k, v in full.items() if len(v) > 1}
    suspects = {k for k, v in joined.items()
                if any(disagree(a.split(), b.split()) for a in v for b in v if a < b)}
    print(json.dumps({"set": args.set, "articles": len(articles),
                      "names": len({n for n, _ in names}),
                      "keys": len({keys.key(n) for n, _ in names}),
                      "keys_joining_full_names": len(joined),
                      "candidate_collisions": len(suspects)}))
    if args.list:
        for key in sorted(joined):
            print(f"{'?' if key in suspects else ' '} {key}: {' | '.join(sorted(joined[key]))}")


if __name__ == "__main__":
    main()
