"""corpus report's page (corpus_cli/survey/page.py): self-contained, its policy, escaping,
and the files it writes. What a browser does with it: tests/browser/."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from corpus_cli.errors import OutputError
from corpus_cli.ingest.run import ingest_articles
from corpus_cli.settings import IngestSettings
from corpus_cli.store import Store
from corpus_cli.survey.content import ReportContent
from corpus_cli.survey.page import render, write_pages
from corpus_cli.survey.run import build_report
from tests.hostile import ANSI, IMG, JS_URL, SCRIPT, SHOWN_ANSI, write_hostile


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of script and style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.raw[self._in].append(data)
        else:
            self.text.append(data)


def parse(page: str) -> Elements:
    found = Elements()
    found.feed(page)
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> ReportContent:
    folder = tmp_path_factory.mktemp("hostile")
    paths = write_hostile(folder / "in")
    store = folder / "store.sqlite3"
    with Store(store) as s:
        ingest_articles(s, [str(p) for p in paths], IngestSettings(jobs=1)).ids()
    content, _ = build_report(store)
    return content


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_policy_lets_the_page_s_own_script_and_style_run_and_fetches_nothing(
        hostile: ReportContent) -> None:
    page = parse(render(hostile))
    policy = next(a["content"] for t, a in page.tags
                  if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["img-src"] == "'none'"
    (script,) = page.raw["script"]
    (style,) = page.raw["style"]
    assert rules["script-src"] == f"'{_sha(script)}'"
    assert rules["style-src"] == f"'{_sha(style)}'"
    assert "unsafe" not in policy
    # Nothing to fetch: no element names a resource.
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert tag not in ("link", "img", "iframe", "object", "embed")


def test_hostile_text_is_text_everywhere(hostile: ReportContent) -> None:
    html = render(hostile)
    page = parse(html)
    assert [t for t, _a in page.tags].count("script") == 1
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert (attrs["href"] or "").startswith(("#", "https://")), attrs
    text = "".join(page.text)
    for hostile_text in (SCRIPT, IMG.strip('"'), JS_URL, SHOWN_ANSI):
        assert hostile_text in text
    assert ANSI not in html
    assert "\x1b" not in html
    assert "https://example.org/beta" in html  # a web address is linked, a script one not


def test_a_report_written_as_a_folder_has_a_page_per_diff(hostile: ReportContent,
                                                          tmp_path: Path) -> None:
    written = write_pages(hostile, str(tmp_path / "out") + "/")
    index = tmp_path / "out" / "index.html"
    assert written[0] == index
    links = re.findall(r'href="(diffs/[^"#]+)"', index.read_text(encoding="utf-8"))
    assert links
    assert sorted({tmp_path / "out" / link for link in links}) == sorted(written[1:])
    for path in written[1:]:
        diff_page = path.read_text(encoding="utf-8")
        assert "default-src 'none'" in diff_page
        assert "<script" not in diff_page
        assert "../index.html#g-" in diff_page
    single = tmp_path / "one.html"
    assert write_pages(hostile, str(single)) == [single]
    assert 'id="diffs"' in single.read_text(encoding="utf-8")


def test_an_output_that_cannot_be_written_is_an_error(hostile: ReportContent,
                                                      tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match=r"cannot write .*a-file/report\.html"):
        write_pages(hostile, str(blocker / "report.html"))
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
