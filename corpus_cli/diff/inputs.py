"""What an article argument names: a file, stdin, a stored article, or one of its versions.

``corpus show`` and ``corpus diff`` read ``ID@N`` the same way; files are read through the
ingest readers without storing anything.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from corpus_cli.diff.model import Side
from corpus_cli.errors import InputError, NotFoundError, UsageError
from corpus_cli.ingest.discover import Input
from corpus_cli.models import Article
from corpus_cli.settings import IngestSettings


def split_ref(ref: str) -> tuple[str, int | None]:
    """``ID@N`` as ``(ID, N)``; a plain ``ID`` as ``(ID, None)``."""
    base, at, number = ref.rpartition("@")
    if not at:
        return ref, None
    if not number.isdigit() or int(number) < 1:
        raise UsageError(f"{ref!r}: a version is written ID@N with N = 1, 2, ...")
    return base, int(number)


def _read_one(name: str, inp: Input) -> Article:
    from corpus_cli.ingest.parse import read_articles

    # One article in this process: worker processes would only add start-up time.
    found = list(read_articles([inp], IngestSettings(jobs=1), Path.cwd()))
    for item in found:
        if isinstance(item, InputError):
            raise item
    if len(found) != 1:
        raise InputError(name, f"holds {len(found)} articles; ingest it and compare two of "
                         "them by id")
    article = found[0]
    assert isinstance(article, Article)
    return article


def _from_article(name: str, article: Article) -> Side:
    return Side(name=name, id=article.id, path=article.document.name, title=article.title,
                paragraphs=article.paragraphs)


def load_sides(refs: Sequence[str], store_path: Path) -> list[Side]:
    """The articles named by ``refs``: files and ``-`` are read, anything else is looked
    up in the store (opened once, only if needed)."""
    from corpus_cli.store import Store

    if sum(ref == "-" for ref in refs) > 1:
        raise UsageError("stdin (-) can be read only once")
    sides: list[Side] = []
    store: Store | None = None
    with ExitStack() as stack:  # the store, once opened, closed (and its errors told) at the end
        for ref in refs:
            if ref == "-":
                sides.append(_from_article(ref, _read_one(ref, Input("-", None))))
                continue
            if os.path.isdir(ref):
                raise InputError(ref, "is a folder; name one article")
            if os.path.exists(ref) or os.path.lexists(ref):
                sides.append(_from_article(ref, _read_one(ref, Input(ref, Path(ref)))))
                continue
            base, number = split_ref(ref)
            if store is None:
                if not store_path.exists():
                    raise NotFoundError(f"{ref!r} is not a file, and there is no corpus store "
                                        f"at {store_path} to look it up in")
                store = stack.enter_context(Store(store_path, create=False))
                store.refresh_if_stale()
            try:
                article_id = store.resolve(base)
            except NotFoundError as err:
                if "several" in str(err):
                    raise
                raise NotFoundError(f"no such file, and no stored article matches "
                                    f"{base!r}") from err
            version = store.version(article_id, number)
            sides.append(Side(name=ref, id=version.article_id, path=version.path,
                              title=version.title, paragraphs=version.paragraphs,
                              version=version.version))
    return sides
