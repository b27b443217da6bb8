"""trafilatura as the HTML reader runs it: the page chrome it prunes, its settings for the
main (precise) extraction and its retry, and the page's metadata when it extracts nothing.

The chrome is named here once because the reader's own readings of a page (the fallback,
twin containers) leave out the same chrome as trafilatura does. Nothing here imports
trafilatura at module level: it is slow to import, and few inputs are HTML.
"""

from __future__ import annotations

import copy
import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from configparser import ConfigParser

# Page chrome removed before extraction. trafilatura already drops most of it, but when its
# main extractor finds little text it falls back to the page's whole text, which on a page
# with no article is exactly this chrome. Headers inside an article hold its title/byline.
PRUNE_XPATH = [
    "//nav",
    "//aside",
    "//footer",
    "//header[not(ancestor::article) and not(ancestor::main)]",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']",
    # Share buttons and cookie banners anywhere; the length test spares an article whose
    # wrapper's class merely mentions sharing ("post share-enabled").
    "//*[(contains(@class, 'share') or contains(@id, 'share') or contains(@class, 'social')"
    " or contains(@id, 'social') or contains(@class, 'cookie') or contains(@id, 'cookie'))"
    " and string-length(normalize-space(.)) < 200]",
]
UNSEEN = "//script | //style | //noscript | //template | //head | //form | //button | //select"


def metadata(tree: Any, url: str | None) -> Any:
    from trafilatura.metadata import extract_metadata

    return extract_metadata(tree, default_url=url, date_config=_date_params(),
                            extensive=True)


def _date_params() -> dict[str, Any]:
    # Extensive search guesses dates from free text: a footer's "© 2024" became the
    # publication date 2024-01-01. Only structured dates (meta, JSON-LD, <time>, URL).
    return {"original_date": True, "extensive_search": False,
            "max_date": datetime.date.today().isoformat()}


def extracted_length(result: Any) -> int:
    return len(result.text or "") if result is not None else 0


def bare_extraction(trafilatura: Any, tree: Any, url: str | None, *, low_threshold: bool) -> Any:
    from trafilatura.settings import DEFAULT_CONFIG

    # trafilatura copies a tree it is given, so the same tree serves a retry.
    return trafilatura.bare_extraction(
        tree,
        url=url,
        config=_low_threshold_config() if low_threshold else DEFAULT_CONFIG,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        include_images=False,
        include_links=False,
        prune_xpath=PRUNE_XPATH,
        date_extraction_params=_date_params(),
    )


@cache
def _low_threshold_config() -> ConfigParser:
    from trafilatura.settings import DEFAULT_CONFIG

    config: ConfigParser = copy.deepcopy(DEFAULT_CONFIG)
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config
