"""Reference duplicate finder for the dedupe benchmark: datasketch MinHash + MinHashLSH.

The straightforward pipeline issue 3 (§5) measures ``corpus dedupe`` against, written the
way its documentation suggests, in one process:

1. read every article's text (from a generated corpus folder's ``articles/`` files, or
   from a corpus-cli store: the current version of every article);
2. lower-case words (``\\w+``), the set of 5-word shingles (``--shingle``);
3. ``MinHash(num_perm=128)`` per article, filled with ``update_batch``;
4. ``MinHashLSH(threshold=--lsh-threshold, num_perm=128)``: insert every article, then
   query every article;
5. keep a candidate pair when the MinHash estimate of Jaccard is >= ``--threshold``;
6. union-find over the kept pairs and over exact copies (identical lower-cased word
   sequence, found by hashing it) into groups.

Settings, chosen for recall on the benchmark rather than speed (it is the reference, not a
strawman): the LSH is built for Jaccard 0.4 and the verification keeps pairs at >= 0.4
estimated Jaccard, below issue's default 0.5, because a copy with another site's header
and footer, 5 % word edits or a third of its paragraphs dropped lands around 0.45-0.65
on 5-word shingles of the whole text (boilerplate included). Articles with fewer than 5
words get one shingle of all their words.

Prints one JSON object per group, in the ``corpus dedupe --format jsonl`` contract:
``{"type": "duplicate", "group", "kind": "exact"|"near", "similarity", "members":
[{"id", "path", "title"}]}``. ``kind`` is exact when every member has the same word
sequence (whole text: boilerplate counts, so a copy with other boilerplate is near);
``similarity`` is the mean estimated Jaccard of the group's kept pairs (1.0 for exact);
``path`` is relative to the corpus folder's ``articles/`` (or as stored). Timing and
counts go to stderr.

Run:  /work/venv/bin/python bench/dedupe_reference.py DIR_OR_STORE [...] [--threshold 0.4]
      [--lsh-threshold 0.4] [--num-perm 128] [--shingle 5]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path

WORD = re.compile(r"\w+")


def read_folder(folder: Path) -> Iterator[tuple[str, str, str]]:
    """``(path, title, text)`` of every ``*.txt`` under ``folder/articles`` (or ``folder``)."""
    root = folder / "articles" if (folder / "articles").is_dir() else folder
    for path in sorted(root.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        yield path.relative_to(root).as_posix(), text.partition("\n")[0].strip(), text


def read_store(store: Path) -> Iterator[tuple[str, str, str]]:
    """``(path, title, text)`` of the current version of every article in a store."""
    uri = f"file:{store}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        rows = db.execute(
            "SELECT a.path, v.title, v.text FROM articles a JOIN versions v ON v.article_id = "
            "a.id WHERE v.version = (SELECT MAX(version) FROM versions WHERE article_id = a.id)"
            " ORDER BY a.path")
        for path, title, text in rows:
            yield str(path), str(title), str(text)


def read(inputs: Sequence[Path]) -> Iterator[tuple[str, str, str]]:
    for item in inputs:
        yield from (read_folder(item) if item.is_dir() else read_store(item))


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("inputs", nargs="+", type=Path, metavar="DIR_OR_STORE",
                        help="a generated corpus folder (its articles/) or a store file")
    parser.add_argument("--threshold", type=float, default=0.4,
                        help="minimum estimated Jaccard of a kept pair (0.4)")
    parser.add_argument("--lsh-threshold", type=float, default=0.4,
                        help="the Jaccard MinHashLSH is built for (0.4)")
    parser.add_argument("--num-perm", type=int, default=128, help="MinHash permutations (128)")
    parser.add_argument("--shingle", type=int, default=5, help="words per shingle (5)")
    args = parser.parse_args(argv)
    for item in args.inputs:
        if not item.exists():
            print(f"error: {item} does not exist", file=sys.stderr)
            return 2

    from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

    started = time.perf_counter()
    paths: list[str] = []
    titles: list[str] = []
    exact: list[bytes] = []
    hashes = []
    k = args.shingle
    for path, title, text in read(args.inputs):
        words = WORD.findall(text.lower())
        shingles = {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}
        m = MinHash(num_perm=args.num_perm)
        m.update_batch([s.encode("utf-8") for s in shingles])
        paths.append(path)
        titles.append(title)
        exact.append(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest())
        hashes.append(m)
    read_done = time.perf_counter()
    lsh = MinHashLSH(threshold=args.lsh_threshold, num_perm=args.num_perm)
    for i, m in enumerate(hashes):
        lsh.insert(i, m)
    indexed = time.perf_counter()
    groups = UnionFind(len(paths))
    similarity: dict[tuple[int, int], float] = {}
    candidates = 0
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j <= i:
                continue
            candidates += 1
            if exact[i] == exact[j]:
                similarity[(i, j)] = 1.0
                groups.union(i, j)
                continue
            estimate = float(m.jaccard(hashes[j]))
            if estimate >= args.threshold:
                similarity[(i, j)] = estimate
                groups.union(i, j)
    # exact copies the LSH missed (impossible in theory: identical signatures collide)
    first: dict[bytes, int] = {}
    for i, digest in enumerate(exact):
        if digest in first:
            groups.union(first[digest], i)
            similarity.setdefault((first[digest], i), 1.0)
        else:
            first[digest] = i
    queried = time.perf_counter()

    members: dict[int, list[int]] = {}
    for i in range(len(paths)):
        members.setdefault(groups.find(i), []).append(i)
    edges: dict[int, list[float]] = {}
    for (i, _j), value in similarity.items():
        edges.setdefault(groups.find(i), []).append(value)
    out = sys.stdout
    count = 0
    for root, group in sorted(members.items()):
        if len(group) < 2:
            continue
        count += 1
        kind = "exact" if len({exact[i] for i in group}) == 1 else "near"
        values = edges.get(root, [1.0])
        record = {
            "type": "duplicate",
            "group": hashlib.blake2b("\n".join(sorted(paths[i] for i in group)).encode(),
                                     digest_size=8).hexdigest(),
            "kind": kind,
            "similarity": 1.0 if kind == "exact" else round(sum(values) / len(values), 4),
            "members": [{"id": str(i), "path": paths[i], "title": titles[i]} for i in group],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"reference: {len(paths):,} articles, {candidates:,} candidate pairs, "
          f"{len(similarity):,} kept, {count:,} groups; read+minhash {read_done - started:.1f} s,"
          f" LSH insert {indexed - read_done:.1f} s, query+verify {queried - indexed:.1f} s, "
          f"total {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
