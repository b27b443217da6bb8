"""The corpus store: one SQLite file holding every article version losslessly.

``connection`` opens it (settings, schema checks, migrations, write transactions);
``queries`` reads it; ``files`` keeps the files ingest read, by their stat; ``groups``
keeps the groups dedupe passes found; ``writes`` holds ``Store``, which adds writing
articles; ``schema`` has its migrations; ``records`` the
rows written and read back; ``paths`` where the file lives.
"""

from corpus_cli.project import find_project
from corpus_cli.store.connection import WAIT_SECONDS, waiting
from corpus_cli.store.files import FileEntry, FileStat, KnownFile, signed64
from corpus_cli.store.paths import DEFAULT_STORE, STORE_ENV, resolve_store_path, store_root
from corpus_cli.store.records import (
    ArticleRows,
    BodyParagraph,
    CurrentText,
    Flagged,
    Latest,
    StoredVersion,
    article_rows,
)
from corpus_cli.store.schema import MIGRATIONS, SCHEMA_VERSION
from corpus_cli.store.writes import Store

__all__ = [
    "DEFAULT_STORE", "MIGRATIONS", "SCHEMA_VERSION", "STORE_ENV", "WAIT_SECONDS", "ArticleRows",
    "BodyParagraph", "CurrentText", "FileEntry", "FileStat", "Flagged", "KnownFile", "Latest",
    "Store", "StoredVersion", "article_rows", "find_project", "resolve_store_path", "signed64",
    "store_root", "waiting",
]
