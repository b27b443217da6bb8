"""The store's schema, as the migrations that build it, oldest first."""

from __future__ import annotations

# Each entry upgrades the schema from version i to i + 1. Never edit a released entry:
# add a new one, so stores written by older versions keep opening.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        location TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        source TEXT
    ) WITHOUT ROWID;
    CREATE TABLE versions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        format TEXT NOT NULL,
        text TEXT NOT NULL,
        raw BLOB,
        title TEXT NOT NULL,
        title_start INTEGER,
        title_end INTEGER,
        date TEXT,
        byline TEXT,
        url TEXT,
        seq INTEGER NOT NULL UNIQUE,
        PRIMARY KEY (article_id, version)
    );
    CREATE TABLE paragraphs (
        article_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        words INTEGER NOT NULL,
        pattern TEXT,
        frequent INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (article_id, version, idx),
        FOREIGN KEY (article_id, version) REFERENCES versions(article_id, version)
    ) WITHOUT ROWID;
    CREATE INDEX paragraphs_by_hash ON paragraphs(hash);
    CREATE VIEW current_versions AS
        SELECT v.* FROM versions v
        WHERE v.version = (SELECT MAX(version) FROM versions WHERE article_id = v.article_id);
    """,
    # v2: the dedupe index. ``indexed`` lists the versions whose fingerprints are in
    # ``postings``, with their exact-copy key; ``postings`` holds (fingerprint, seq) pairs
    # sorted by fingerprint, in 65,536 buckets by the fingerprint's top 16 bits, so a
    # lookup reads a few small rows and never the whole index.
    """
    CREATE TABLE indexed (
        seq INTEGER PRIMARY KEY,
        body_hash INTEGER NOT NULL
    );
    CREATE INDEX indexed_by_body_hash ON indexed(body_hash);
    CREATE TABLE postings (
        bucket INTEGER PRIMARY KEY,
        data BLOB NOT NULL
    );
    """,
    # v3: fingerprints come from token codes (corpus_cli/index/tokens.py) instead of
    # per-word BLAKE2 hashes, and postings are bucketed by 18 bits below the sampling
    # prefix (corpus_cli/index/postings.py). The index is derived data: emptied here, the
    # next dedupe or check rebuilds it from the stored texts. The partial index lists flagged
    # paragraphs, which dedupe reads in full on every run (a table scan at 200,000
    # articles took 3 s). Paragraphs of more than 60 words are no longer flagged by
    # frequency (BoilerplatePolicy.max_words); the next ingest recomputes every flag.
    """
    DELETE FROM postings;
    DELETE FROM indexed;
    UPDATE paragraphs SET frequent = 0 WHERE frequent = 1 AND words > 60;
    CREATE INDEX paragraphs_flagged ON paragraphs(hash)
        WHERE pattern IS NOT NULL OR frequent = 1;
    """,
    # v4: paragraphs of fewer than 24 words keep every shingle as a fingerprint, not one in
    # four (corpus_cli/index/fingerprints.py), and a posting is 8 bytes, not 16: the part
    # of the key below its bucket and the sequence number, 32 bits each
    # (corpus_cli/index/postings.py). The index is emptied and rebuilt as in v3.
    """
    DELETE FROM postings;
    DELETE FROM indexed;
    """,
    # v5: the hash index carries each paragraph's flags, so telling site furniture from a
    # repeated story paragraph (Store.furniture_hashes: the flags of up to 64 carriers of
    # a hash) reads the index alone. A row lookup per carrier was a fifth of a warm
    # ``dedupe --check`` at 200,000 articles.
    """
    DROP INDEX paragraphs_by_hash;
    CREATE INDEX paragraphs_by_hash ON paragraphs(hash, article_id, version, idx, pattern,
                                                  frequent);
    """,
    # v6: the fingerprint scheme the dedupe index was built with (settings.Fingerprinting),
    # so a pass with other settings rebuilds the index instead of misreading it. Indexes
    # built before this version used the default scheme.
    """
    CREATE TABLE meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO meta (name, value) VALUES ('index.fingerprints', 'k4-sample2-short24');
    """,
    # v7: the groups a dedupe pass found, with the settings that found them (a key of
    # DedupeSettings), so a group id printed once resolves later (``diff --group``,
    # ``show``) and keeps its id when the group gains a member. A member is an article
    # version (``seq``); a passage occurrence has its span in that version's text.
    """
    CREATE TABLE dedupe_groups (
        settings TEXT NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        similarity REAL NOT NULL,
        boilerplate INTEGER NOT NULL DEFAULT 0,
        passages TEXT NOT NULL DEFAULT '',
        pass INTEGER NOT NULL,
        PRIMARY KEY (settings, id)
    ) WITHOUT ROWID;
    CREATE INDEX dedupe_groups_by_id ON dedupe_groups(id);
    CREATE TABLE dedupe_members (
        settings TEXT NOT NULL,
        group_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        start INTEGER,
        end INTEGER,
        words INTEGER,
        shared REAL,
        first INTEGER NOT NULL,
        PRIMARY KEY (settings, group_id, position)
    ) WITHOUT ROWID;
    """,
    # v8: the dedupe index records the snapshot it covers ('index.through', a sequence
    # number: every version current then is indexed) and the boilerplate flags' generation
    # it was built with ('index.flags'); the flags carry a generation ('flags.generation')
    # and, while articles stored since were not counted in them, a marker ('flags.stale').
    # An index built before could miss articles a concurrent ingest committed while it
    # was loaded: emptied, it is rebuilt by the next dedupe or check. The flags of a store
    # whose last ingest was stopped before its refresh are refreshed by the next command.
    """
    DELETE FROM postings;
    DELETE FROM indexed;
    INSERT OR REPLACE INTO meta (name, value) VALUES ('flags.stale', '1');
    """,
    # v9: the charset each version's bytes were read with (a Python codec name; null for
    # versions stored before it was kept, and for text that came as text: stdin aside,
    # every input is bytes).
    """
    ALTER TABLE versions ADD COLUMN charset TEXT;
    """,
    # v10 (issue 21): the quotes of article versions, found once and kept (``corpus quotes``
    # writes them, corpus_cli/quotes/kept.py reads them). A row holds one version's quotes
    # (``seq``) under the version of the quote rules that found them, with the indexes of
    # the paragraphs that were boilerplate then (``aside``: the flags can change later).
    # Derived data: a row that no longer matches is found again and replaced.
    """
    CREATE TABLE kept_quotes (
        seq INTEGER NOT NULL,
        rules TEXT NOT NULL,
        aside TEXT NOT NULL,
        quotes TEXT NOT NULL,
        PRIMARY KEY (seq, rules)
    ) WITHOUT ROWID;
    """,
    # v11: the files ingest read, as git's index knows them (corpus_cli/ingest/known.py): a
    # file's stat when it was read, the moment that was, and the article version it gave,
    # per reading scheme (``settings``: ingest settings and reader code that change what the
    # same bytes give). A file whose stat still matches, recorded safely after its last
    # change, whose article still has that version as its latest, is not read again.
    # Inode and device are stored as signed 64-bit numbers (SQLite's integers). The title
    # and paragraph count of the version are kept here: a version's title comes after its
    # text in its row, and reading it there read the text's overflow pages.
    """
    CREATE TABLE ingested_files (
        settings TEXT NOT NULL,
        file TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        ctime_ns INTEGER NOT NULL,
        inode INTEGER NOT NULL,
        device INTEGER NOT NULL,
        recorded_ns INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        paragraphs INTEGER NOT NULL,
        PRIMARY KEY (settings, file)
    ) WITHOUT ROWID;
    CREATE INDEX ingested_files_by_article ON ingested_files(article_id);
    """,
    # v12 (issue 21): paragraphs keyed by their version's sequence number instead of
    # (article id, version). Ingest gives sequence numbers in order, so its rows are
    # appended at the end of the table instead of landing all over it by random article
    # id (bench/bench_paragraph_rows.py). The article id stays, after the key, so that the
    # hash index still lists a paragraph's carriers in random order: the first of them
    # are a sample of every source (Store.furniture_hashes).
    """
    CREATE TABLE paragraphs_by_seq (
        seq INTEGER NOT NULL REFERENCES versions(seq),
        idx INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        words INTEGER NOT NULL,
        pattern TEXT,
        frequent INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (seq, idx)
    ) WITHOUT ROWID;
    INSERT INTO paragraphs_by_seq (seq, idx, article_id, start, end, hash, words, pattern,
                                   frequent)
        SELECT v.seq, p.idx, p.article_id, p.start, p.end, p.hash, p.words, p.pattern, p.frequent
        FROM paragraphs p JOIN versions v
            ON v.article_id = p.article_id AND v.version = p.version
        ORDER BY v.seq, p.idx;
    DROP TABLE paragraphs;
    ALTER TABLE paragraphs_by_seq RENAME TO paragraphs;
    CREATE INDEX paragraphs_by_hash ON paragraphs(hash, article_id, seq, idx, pattern,
                                                  frequent);
    CREATE INDEX paragraphs_flagged ON paragraphs(hash)
        WHERE pattern IS NOT NULL OR frequent = 1;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# The indexes of paragraph hashes, as schema 12 builds them. A first ingest into an empty
# store drops them and builds them once at its end (``Store.refresh_frequency_flags``)
# rather than entry by entry: its rows are then appended, and sorting them once is cheaper
# than inserting each at random (bench/README.md). While the meta row below says so, a
# store may lack them; the next refresh of its flags builds them.
PARAGRAPH_INDEXES: dict[str, str] = {
    "paragraphs_by_hash": "CREATE INDEX IF NOT EXISTS paragraphs_by_hash ON paragraphs(hash,"
                          " article_id, seq, idx, pattern, frequent)",
    "paragraphs_flagged": "CREATE INDEX IF NOT EXISTS paragraphs_flagged ON paragraphs(hash)"
                          " WHERE pattern IS NOT NULL OR frequent = 1",
}
UNINDEXED = "paragraphs.unindexed"  # the meta row marking them missing
# What the migrations build (SQLite's own automatic indexes aside): a store lacking one of
# these is damaged, and is refused when opened rather than failing halfway through a
# command. tests/unit/test_store.py checks this against the migrations.
SCHEMA_OBJECTS: frozenset[tuple[str, str]] = frozenset({
    ("table", "articles"), ("table", "versions"), ("table", "paragraphs"),
    ("table", "indexed"), ("table", "postings"), ("table", "meta"),
    ("table", "dedupe_groups"), ("table", "dedupe_members"), ("table", "kept_quotes"),
    ("table", "ingested_files"),
    ("view", "current_versions"),
    ("index", "paragraphs_by_hash"), ("index", "paragraphs_flagged"),
    ("index", "indexed_by_body_hash"), ("index", "dedupe_groups_by_id"),
    ("index", "ingested_files_by_article"),
})
