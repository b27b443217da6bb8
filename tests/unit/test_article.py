"""Who an article is and where it comes from: locations, ids, source inference."""

from pathlib import Path

from corpus_cli.models import Document
from corpus_cli.text.article import article_id, build_article, identify, url_host

BODY = "Headline\n\nFirst paragraph of reporting.\n\nSecond paragraph."


def doc(**fields: object) -> Document:
    values: dict[str, object] = {"name": "x.txt", "text": BODY, "format": "txt"}
    values.update(fields)
    return Document(**values)  # type: ignore[arg-type]


def test_source_precedence_metadata_then_url_then_credit_then_folder(tmp_path: Path) -> None:
    folder = str(tmp_path / "outlet-folder" / "x.txt")
    credited = BODY + "\n\n(Reuters)"
    assert build_article(doc(file=folder, source="The Outlet", url="https://www.ex.org/a"),
                         tmp_path).source == "The Outlet"
    assert build_article(doc(file=folder, url="https://www.ex.org/a", text=credited),
                         tmp_path).source == "ex.org"
    assert build_article(doc(file=folder, text=credited), tmp_path).source == "Reuters"
    assert build_article(doc(file=folder), tmp_path).source == "outlet-folder"
    assert build_article(doc(), None).source is None  # stdin, nothing known


def test_locations_url_then_relative_path_then_absolute_then_stdin(tmp_path: Path) -> None:
    inside = str(tmp_path / "news" / "a.txt")
    outside = "/elsewhere/b.txt"
    assert identify(doc(file=inside, url="https://ex.org/a"), tmp_path).location == (
        "https://ex.org/a")
    assert identify(doc(file=inside), tmp_path).location == "news/a.txt"
    assert identify(doc(file=inside, record=3), tmp_path).location == "news/a.txt#3"
    assert identify(doc(file=outside), tmp_path).location == outside
    stdin = identify(doc(name="-"), None)
    assert stdin.location.startswith("stdin:")
    assert stdin.location == identify(doc(name="-"), None).location  # same text, same place
    assert identify(doc(name="-", text=BODY + "!"), None).location != stdin.location
    named = identify(doc(name="https://ex.org/piped"), None)
    assert named.location == "https://ex.org/piped"


def test_ids_are_stable_hashes_of_the_location() -> None:
    assert article_id("news/a.txt") == article_id("news/a.txt")
    assert article_id("news/a.txt") != article_id("news/b.txt")
    assert len(article_id("x")) == 16
    # Pinned: ids must not change between versions or machines.
    assert article_id("corpus/000_6e919e2625b67137.txt") == "9a20fd58e631088a"


def test_content_hash_covers_text_and_metadata_title() -> None:
    a = identify(doc(title="One"), None)
    b = identify(doc(title="Two"), None)
    c = identify(doc(title="One", text=BODY + " "), None)
    assert a.content_hash != b.content_hash
    assert a.content_hash != c.content_hash


def test_url_host() -> None:
    assert url_host("https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert url_host("not a url") is None
    assert url_host(None) is None
