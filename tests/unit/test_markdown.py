from pathlib import Path

from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.frontmatter import front_matter
from corpus_cli.ingest.parse import read_articles
from corpus_cli.settings import IngestSettings


def read_one(path: Path):  # type: ignore[no-untyped-def]
    (article,) = read_articles(discover([str(path)]), IngestSettings(), path.parent)
    return article


def test_markdown_headline_loses_its_hash_marks(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Officers write to *Lukashenko* #\n\nFirst **para**.\n\nSecond.\n")
    article = read_one(path)
    assert article.title == "Officers write to *Lukashenko*"
    assert article.text[article.title_span.start : article.title_span.end] == article.title
    assert [p.text for p in article.paragraphs] == ["First **para**.", "Second."]


def test_front_matter_gives_metadata_and_is_not_article_text(tmp_path: Path) -> None:
    text = ("---\ntitle: \"Letter to Lukashenko\"\ndate: 2022-06-25\n"
            "url: https://news.example/letter\nsource: Example News\nauthors:\n"
            "  - Jane Roe\n  - John Doe\n---\n# Letter to Lukashenko\n\nThe officers wrote.\n")
    path = tmp_path / "b.md"
    path.write_text(text)
    article = read_one(path)
    assert article.title == "Letter to Lukashenko"
    assert article.title_span is not None
    assert article.document.date == "2022-06-25"
    assert article.document.byline == "Jane Roe, John Doe"
    assert article.source == "Example News"
    assert article.location == "https://news.example/letter"
    assert [p.text for p in article.paragraphs] == ["The officers wrote."]
    assert article.text == text


def test_front_matter_title_not_repeated_in_body(tmp_path: Path) -> None:
    path = tmp_path / "c.md"
    path.write_text("---\ntitle: Only in metadata\n---\nFirst paragraph.\n\nSecond.\n")
    article = read_one(path)
    assert article.title == "Only in metadata"
    assert article.title_span is None
    assert [p.text for p in article.paragraphs] == ["First paragraph.", "Second."]


def test_no_front_matter_and_unclosed_block() -> None:
    assert front_matter("Title\n\nBody") == ({}, 0)
    assert front_matter("---\ntitle: never closed\n\nBody") == ({}, 0)
