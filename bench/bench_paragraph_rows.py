"""What writing paragraph rows costs SQLite, by how they are keyed (issue 21, target 3).

Ingest writes one row per paragraph into ``paragraphs``, with a covering index by hash and
a partial index of flagged rows. Until schema 11 the rows were keyed by (article id,
version, index): the article id is random, so rows landed all over the table's B-tree, as
hashes do in the hash index. This writes ``--articles`` articles of ``--paragraphs``
paragraphs (random ids and hashes, as the store's are) in transactions of 20,000 articles,
with the store's settings (WAL, synchronous NORMAL, 32 MiB of cache), in six layouts:

- ``v11``: the schema up to version 11, keyed by (article id, version, index);
- ``present``: schema 12 (corpus_cli/store/schema.py), keyed by (sequence number, index),
  the article id kept in the row and in the hash index (its carriers in random order);
- ``present-first-ingest``: schema 12 as a first ingest into an empty store writes it,
  the hash indexes built once at the end (their build is timed too);
- ``by-seq``: keyed by (sequence number, index), without the article id;
- ``by-seq-no-index``: keyed so, without the hash index (a floor, not a schema);
- ``packed``: one row of spans per version and a narrow (hash, seq, index) table.

Prints the wall time of each (Python's share, making the rows, is the same in all of them).

Run:  python bench/bench_paragraph_rows.py [--articles 200000] [--paragraphs 10]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

LAYOUTS = {
    "v11": (
        "CREATE TABLE paragraphs (article_id TEXT NOT NULL, version INTEGER NOT NULL,"
        " idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
        " hash INTEGER NOT NULL, words INTEGER NOT NULL, pattern TEXT,"
        " frequent INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (article_id, version, idx))"
        " WITHOUT ROWID;"
        "CREATE INDEX by_hash ON paragraphs(hash, article_id, version, idx, pattern, frequent);"
        "CREATE INDEX flagged ON paragraphs(hash) WHERE pattern IS NOT NULL OR frequent = 1;",
        "INSERT INTO paragraphs (article_id, version, idx, start, end, hash, words, pattern)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    "present": (
        "CREATE TABLE paragraphs (seq INTEGER NOT NULL, idx INTEGER NOT NULL,"
        " article_id TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
        " hash INTEGER NOT NULL, words INTEGER NOT NULL, pattern TEXT,"
        " frequent INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (seq, idx)) WITHOUT ROWID;"
        "CREATE INDEX by_hash ON paragraphs(hash, article_id, seq, idx, pattern, frequent);"
        "CREATE INDEX flagged ON paragraphs(hash) WHERE pattern IS NOT NULL OR frequent = 1;",
        "INSERT INTO paragraphs (seq, idx, article_id, start, end, hash, words, pattern)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    "present-first-ingest": (
        "CREATE TABLE paragraphs (seq INTEGER NOT NULL, idx INTEGER NOT NULL,"
        " article_id TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
        " hash INTEGER NOT NULL, words INTEGER NOT NULL, pattern TEXT,"
        " frequent INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (seq, idx)) WITHOUT ROWID;",
        "INSERT INTO paragraphs (seq, idx, article_id, start, end, hash, words, pattern)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    "by-seq": (
        "CREATE TABLE paragraphs (seq INTEGER NOT NULL, idx INTEGER NOT NULL,"
        " start INTEGER NOT NULL, end INTEGER NOT NULL, hash INTEGER NOT NULL,"
        " words INTEGER NOT NULL, pattern TEXT, frequent INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (seq, idx)) WITHOUT ROWID;"
        "CREATE INDEX by_hash ON paragraphs(hash, seq, idx, pattern, frequent);"
        "CREATE INDEX flagged ON paragraphs(hash) WHERE pattern IS NOT NULL OR frequent = 1;",
        "INSERT INTO paragraphs (seq, idx, start, end, hash, words, pattern)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"),
    "by-seq-no-index": (
        "CREATE TABLE paragraphs (seq INTEGER NOT NULL, idx INTEGER NOT NULL,"
        " start INTEGER NOT NULL, end INTEGER NOT NULL, hash INTEGER NOT NULL,"
        " words INTEGER NOT NULL, pattern TEXT, frequent INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (seq, idx)) WITHOUT ROWID;",
        "INSERT INTO paragraphs (seq, idx, start, end, hash, words, pattern)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"),
    "packed": (
        "CREATE TABLE spans (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);"
        "CREATE TABLE hashes (hash INTEGER NOT NULL, seq INTEGER NOT NULL,"
        " idx INTEGER NOT NULL, PRIMARY KEY (hash, seq, idx)) WITHOUT ROWID;",
        ""),
}
# The indexes the first ingest builds at its end (corpus_cli/store/schema.py).
AT_THE_END = (
    "CREATE INDEX by_hash ON paragraphs(hash, article_id, seq, idx, pattern, frequent);"
    "CREATE INDEX flagged ON paragraphs(hash) WHERE pattern IS NOT NULL OR frequent = 1")
WRITE_EVERY = 250  # versions per executemany, as the store writes them
COMMIT_EVERY = 20_000  # versions per transaction


def write(layout: str, path: Path, articles: int, paragraphs: int, seed: int) -> float:
    rng = random.Random(seed)
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -32768",
                   "wal_autocheckpoint = 10000"):
        db.execute(f"PRAGMA {pragma}")
    schema, insert = LAYOUTS[layout]
    db.executescript(schema)
    started = time.perf_counter()
    db.execute("BEGIN")
    rows: list[tuple[object, ...]] = []
    packed: list[tuple[int, list[int]]] = []
    for seq in range(1, articles + 1):
        article_id = f"{rng.getrandbits(64):016x}"
        hashes = [rng.getrandbits(63) for _ in range(paragraphs)]
        if layout == "packed":
            packed.append((seq, hashes))
        elif layout == "v11":
            rows += [(article_id, 1, i, 100 * i, 100 * i + 90, h, 40, None)
                     for i, h in enumerate(hashes)]
        elif layout.startswith("present"):
            rows += [(seq, i, article_id, 100 * i, 100 * i + 90, h, 40, None)
                     for i, h in enumerate(hashes)]
        else:
            rows += [(seq, i, 100 * i, 100 * i + 90, h, 40, None) for i, h in enumerate(hashes)]
        if seq % WRITE_EVERY == 0 or seq == articles:
            if layout == "packed":
                db.executemany("INSERT INTO spans VALUES (?, ?)",
                               [(s, bytes(20 * paragraphs)) for s, _ in packed])
                db.executemany("INSERT INTO hashes VALUES (?, ?, ?)",
                               [(h, s, i) for s, hs in packed for i, h in enumerate(hs)])
                packed.clear()
            else:
                db.executemany(insert, rows)
                rows.clear()
        if seq % COMMIT_EVERY == 0:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    if layout == "present-first-ingest":
        db.executescript(f"BEGIN; {AT_THE_END}; COMMIT;")
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--paragraphs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{args.articles:,} articles x {args.paragraphs} paragraphs, transactions of "
          f"{COMMIT_EVERY:,}")
    with tempfile.TemporaryDirectory() as scratch:
        for layout in LAYOUTS:
            seconds = write(layout, Path(scratch) / f"{layout}.sqlite3", args.articles,
                            args.paragraphs, args.seed)
            print(f"  {layout:<21} {seconds:6.1f} s", flush=True)


if __name__ == "__main__":
    main()
