"""Articles written to attack a page that shows them: markup, event handlers, script URLs
and terminal escapes in every field that the report prints. Two outlets carry the same
paragraphs and quotes, so everything hostile appears in a story, a diff and a quote group.

Whatever runs sets ``window.__pwned``; the tests check it never is.
"""

from __future__ import annotations

import json
from pathlib import Path

SCRIPT = "<script>window.__pwned='script'</script>"
IMG = "\"><img src=x onerror=\"window.__pwned='img'\">"
JS_URL = "javascript:window.__pwned='url'"
ANSI = "\x1b[31mRED ALERT\x1b[0m"
SHOWN_ANSI = "\\x1b[31mRED ALERT\\x1b[0m"  # how the page shows it: as text


def _article(outlet: str, url: str, edit: str) -> dict[str, str]:
    return {
        "title": f"{SCRIPT} Border talks stall {outlet}",
        "source": f"{outlet} {IMG}",
        "url": url,
        "date": "2022-03-01" if outlet == "Alpha" else "2022-03-02",
        "text": "\n\n".join([
            f"{outlet} has its own opening line about the weather in the capital today.",
            f"Officials said the plan {SCRIPT} would be announced on Friday in the capital "
            f"after weeks of {edit} talks between the parties and their advisers.",
            f"“We will not give up {IMG}, whatever they say about us in Moscow,” the "
            "minister Anna Kovalenko said.",
            f"{ANSI} the vote was delayed again, the speaker of the parliament told "
            f"reporters on Thursday evening, see {JS_URL} for the timetable.",
            f"A closing line that only {outlet} wrote, about something else entirely.",
        ]),
    }


def write_hostile(folder: Path) -> list[Path]:
    """Two hostile articles as JSON files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, outlet, url, edit in (("alpha.json", "Alpha", JS_URL, "difficult"),
                                    ("beta.json", "Beta", "https://example.org/beta",
                                     "tense")):
        path = folder / name
        path.write_text(json.dumps(_article(outlet, url, edit), ensure_ascii=False),
                        encoding="utf-8")
        paths.append(path)
    return paths
