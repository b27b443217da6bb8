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


UNTITLED = ("Inheritance is a basic concept of object-oriented programming where the idea is "
            "to create new classes that add extra detail to existing classes. This is done "
            "by allowing the new classes to reuse the methods and variables of the existing "
            "classes, and new methods and variables can be added.")


def test_untitled_text_keeps_every_word_as_body_and_gets_a_derived_title() -> None:
    text = UNTITLED + "\n\nIt is a way of building a hierarchy of classes.\n"
    article = build_article(doc(text=text), None)
    assert article.title_span is None
    assert article.title == ("Inheritance is a basic concept of object-oriented programming "
                             "where the idea is…")
    assert [p.text for p in article.paragraphs] == [UNTITLED, text.split("\n\n")[1].strip()]
    assert not any(p.boilerplate for p in article.paragraphs)  # no "headline repeated"


def test_a_one_line_file_is_body_not_title() -> None:
    article = build_article(doc(text=UNTITLED), None)
    assert [p.text for p in article.paragraphs] == [UNTITLED]
    assert article.title_span is None


def test_titled_text_keeps_its_headline() -> None:
    article = build_article(doc(), None)
    assert article.title == "Headline"
    assert article.title_span is not None
    assert [p.text for p in article.paragraphs] == ["First paragraph of reporting.",
                                                    "Second paragraph."]


def test_a_metadata_title_is_kept_whatever_the_first_line_is() -> None:
    # JSON keeps its title outside the text; HTML puts it on the first line.
    outside = build_article(doc(format="json", title="Classes", text=UNTITLED), None)
    assert (outside.title, outside.title_span) == ("Classes", None)
    assert [p.text for p in outside.paragraphs] == [UNTITLED]
    long_title = UNTITLED.split(".")[0] + "."
    html = build_article(doc(format="html", title=long_title,
                             text=f"{long_title}\n\nBody paragraph."), None)
    assert html.title == long_title
    assert html.title_span is not None
    assert [p.text for p in html.paragraphs] == ["Body paragraph."]
