"""corpus report in a real browser (headless chromium): it loads clean and fetches nothing,
shows what corpus/ holds, its tables filter and sort from the keyboard, it reads at phone
width and in print, and hostile article text shows as text and runs nothing."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from corpus_cli.dedupe.run import dedupe_paths
from corpus_cli.survey.run import write_report
from tests.browser.conftest import Opened, open_page
from tests.conftest import CORPUS
from tests.hostile import JS_URL, SCRIPT, SHOWN_ANSI, write_hostile

if TYPE_CHECKING:  # imported by the browser fixture, which skips when it is missing
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow
PHONE = 390


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus/'s report, from a store where corpus dedupe kept its groups."""
    folder = tmp_path_factory.mktemp("report")
    shutil.copytree(CORPUS, folder / "corpus")
    with contextlib.chdir(folder):
        store = Path(".corpus/corpus.sqlite3")
        dedupe_paths(store, ["corpus"])
        write_report(store, "report.html")
    return folder / "report.html"


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile articles' report, as one file and as a folder."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = write_hostile(folder / "in")
    store = folder / "store.sqlite3"
    dedupe_paths(store, [str(p) for p in paths])
    write_report(store, str(folder / "report.html"))
    write_report(store, str(folder / "site") + "/")
    return folder


@pytest.fixture
def report(browser: Browser, corpus_report: Path) -> Iterator[Opened]:
    opened = open_page(browser, corpus_report)
    yield opened
    opened.page.close()


def _visible_rows(opened: Opened, table: str) -> int:
    return int(opened.page.locator(f"#{table} tbody tr:visible").count())


def test_the_page_loads_with_no_console_error_and_no_request(report: Opened) -> None:
    assert report.page.title().startswith("Corpus report: 5 articles")
    assert report.console_errors == []
    assert report.page_errors == []
    assert report.requests == [report.url]


def test_the_sections_and_counts_of_corpus_are_on_the_page(report: Opened) -> None:
    page = report.page
    figures = {name: page.locator(f'[data-figure="{name}"]').inner_text()
               for name in ("articles", "sources", "duplicates", "passages", "dates")}
    assert figures == {"articles": "5", "sources": "2", "duplicates": "0", "passages": "5",
                       "dates": "no dates"}
    for section in ("overview", "stories", "quotes", "speakers", "articles", "diffs"):
        assert page.locator(f"section#{section} h2").is_visible(), section
    assert page.locator("#stories-table tbody tr").count() == 5
    assert page.locator("#quotes-table tbody tr").count() == 8
    assert page.locator("#articles-table tbody tr").count() == 5
    assert page.locator("article.story").count() == 5
    assert page.locator("article.story svg circle").count() == 10
    letter = page.locator("#g-p7dfd0785b036")
    assert "In an astonishing open letter addressed to the Belarus President" in \
        letter.inner_text()
    assert "Lukashenko says Russia 'must be ready' to use nuclear arsenal" in \
        page.locator("#g-pa7b0d36f781f .text").inner_text()
    speaker = page.locator("#s-svetlana-tikhanovskaya")
    said = speaker.inner_text()
    assert "Sviatlana Tsikhanouskaya" in said
    assert "Svetlana Tikhanovskaya" in said
    assert "Don't follow the regime's criminal orders" in said
    assert "Do not follow the criminal orders of the regime" in said


def test_a_search_filters_a_table(report: Opened) -> None:
    page = report.page
    search = page.locator("#stories-table-input")
    assert search.is_visible()  # shown once the script runs
    search.fill("astonishing")
    assert _visible_rows(report, "stories-table") == 1
    assert page.locator("#stories-table-status").inner_text() == "1 of 5 rows shown"
    search.fill("passage corpus/000")  # every word, in any column
    assert _visible_rows(report, "stories-table") == 5
    search.fill("nuclear SHARED")  # case aside
    assert _visible_rows(report, "stories-table") == 1
    search.fill("no such words")
    assert _visible_rows(report, "stories-table") == 0
    search.fill("")
    assert _visible_rows(report, "stories-table") == 5


def test_tables_sort_from_the_keyboard(report: Opened) -> None:
    page = report.page
    page.locator("#stories-table-input").focus()
    for _ in range(5):  # Story, Kind, Articles, Outlets, Words: header buttons in order
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Words"
    page.keyboard.press("Enter")

    def words() -> list[int]:
        return [int(t) for t in page.locator(
            "#stories-table tbody td:nth-child(5)").all_inner_texts()]

    assert words() == sorted(words())
    header = page.locator("#stories-table th", has_text="Words")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert words() == sorted(words(), reverse=True)
    assert header.get_attribute("aria-sort") == "descending"


def test_a_story_links_to_its_diff_and_back(report: Opened) -> None:
    page = report.page
    page.locator("#g-p7dfd0785b036 a", has_text="differences").click()
    assert page.url.endswith("#g-p7dfd0785b036-2-diff")
    diff = page.locator("#g-p7dfd0785b036-2-diff")
    assert diff.is_visible()
    assert diff.locator("del", has_text="a stunning").count() == 1
    assert diff.locator("ins", has_text="an astonishing").count() == 1
    diff.locator("a", has_text="back to the story").click()
    assert page.url.endswith("#g-p7dfd0785b036")


def test_screenshots_at_desktop_and_phone_width(browser: Browser, corpus_report: Path,
                                                artifacts: Path) -> None:
    for name, width in (("desktop", 1280), ("phone", PHONE)):
        opened = open_page(browser, corpus_report, width=width, height=900)
        page = opened.page
        page.screenshot(path=artifacts / f"report-{name}.png")
        page.screenshot(path=artifacts / f"report-{name}-full.png", full_page=True)
        page.goto(f"{opened.url}#g-p7dfd0785b036")
        page.screenshot(path=artifacts / f"report-{name}-letter.png")
        # Nothing wider than the screen: wide tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert opened.console_errors == []
        page.close()


def test_the_page_prints_with_every_fold_open(browser: Browser, corpus_report: Path,
                                              artifacts: Path) -> None:
    opened = open_page(browser, corpus_report)
    page = opened.page
    assert page.locator("details:not([open])").count() > 0
    page.emulate_media(media="print")
    assert not page.locator("nav.sections").is_visible()
    assert not page.locator("#stories-table-input").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    (artifacts / "report.pdf").write_bytes(page.pdf(format="A4"))
    assert opened.console_errors == []
    page.close()


@pytest.mark.parametrize("name", ["report.html", "site/index.html", "diff page"])
def test_hostile_article_text_shows_as_text_and_runs_nothing(
        browser: Browser, hostile_report: Path, name: str) -> None:
    path = next((hostile_report / "site" / "diffs").iterdir()) if name == "diff page" \
        else hostile_report / name
    opened = open_page(browser, path)
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.console_errors == []  # a script the policy blocked would say so here
    assert opened.page_errors == []
    assert opened.others() == []
    assert page.locator("img").count() == 0
    assert page.locator("[onerror], [onload], [onclick]").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    text = page.locator("body").inner_text()
    assert SCRIPT in text
    if name != "diff page":
        assert SHOWN_ANSI in text
        assert JS_URL in text
        search = page.locator("#stories-table-input")
        search.fill(SCRIPT)  # the hostile words typed in: they match as text
        assert _visible_rows(opened, "stories-table") == 1  # the copy, by its headline
        search.fill("")
        # Follow the links on the page: none runs anything or fetches anything.
        for link in page.locator("a[href^='#']:visible").all()[:40]:
            link.click()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert opened.others() == []
    page.close()
