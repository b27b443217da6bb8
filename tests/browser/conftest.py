"""A real browser for the report's tests: Debian's chromium, driven through Playwright.

Playwright's Python package talks to the browser over the Chrome DevTools Protocol and
reports every console message, page error and network request as an event, which is what
these tests check; it drives a browser installed apart (``executable_path``) without
downloading its own. ``.ci/run`` installs chromium, so CI always runs them; elsewhere they
are skipped, saying why, when chromium or Playwright is missing (with ``CI`` set they
fail, as the quality gates do: tests/quality/baseline.py).

Screenshots and the printed PDF go to ``test-artifacts/`` at the repository root (or
``$CORPUS_TEST_ARTIFACTS``), which git ignores: look at them after a change of the page.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import REPO
from tests.quality.baseline import ci_is_set

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def _missing(what: str) -> None:
    if ci_is_set():
        pytest.fail(f"{what} (CI is set, so the browser tests fail rather than skip)",
                    pytrace=False)
    pytest.skip(f"{what}; the browser tests are skipped outside CI (.ci/run installs "
                "chromium; with CI set they fail)")


def chromium_path() -> str | None:
    return os.environ.get("CORPUS_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Per module, not per session: the driver and the browser are child processes, and
    # none may outlive these tests (tests/unit/test_workers.py checks that no child is
    # left behind).
    executable = chromium_path()
    if executable is None:
        _missing("no chromium found on PATH (Debian: apt-get install chromium; or set "
                 "CORPUS_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install '.[test]')")
    assert executable is not None
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("CORPUS_TEST_ARTIFACTS") or REPO / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Opened:
    """A page with everything it did while loading and after."""

    page: Page
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def others(self) -> list[str]:
        """Requests for anything but the page itself."""
        return [r for r in self.requests if r.split("#")[0] != self.url.split("#")[0]]


def open_page(browser: Browser, path: Path, width: int = 1280, height: int = 900,
              **options: Any) -> Opened:
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    page.set_default_timeout(10_000)
    opened = Opened(page, path.resolve().as_uri())
    page.on("console", lambda m: opened.console_errors.append(m.text)
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))
    page.on("request", lambda r: opened.requests.append(r.url))
    page.goto(opened.url, wait_until="load")
    return opened
