"""The corpus store: one SQLite file holding every article version losslessly.

``db`` has the ``Store`` itself; ``schema`` its migrations; ``records`` the rows written
and the versions read back; ``paths`` where the file lives.
"""

from corpus_cli.store.db import FREQUENT_REASON, Store
from corpus_cli.store.paths import DEFAULT_STORE, STORE_ENV, resolve_store_path, store_root
from corpus_cli.store.records import ArticleRows, Latest, StoredVersion, article_rows
from corpus_cli.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "DEFAULT_STORE", "FREQUENT_REASON", "MIGRATIONS", "SCHEMA_VERSION", "STORE_ENV",
    "ArticleRows", "Latest", "Store", "StoredVersion", "article_rows", "resolve_store_path",
    "store_root",
]
