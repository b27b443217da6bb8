"""Colour, markup safety and the environment rules of the console factory."""

import io
import re
from pathlib import Path

import pytest

from corpus_cli.cli.console import Environment, color_enabled, safe
from tests.conftest import Run, write_article

ESC = "\x1b["


@pytest.mark.parametrize(("choice", "environ", "tty", "expected"), [
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"TERM": "dumb"}, True, False),
    ("auto", {}, True, True),
    ("auto", {}, False, False),
])
def test_color_rules(choice: str, environ: dict[str, str], tty: bool, expected: bool) -> None:
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ=environ,
                      stdout_isatty=tty, stderr_isatty=tty)
    assert color_enabled(choice, env, tty) is expected


def test_control_characters_are_escaped() -> None:
    assert safe("a\x1b[31mred\x07\nnext\tcol") == "a\\x1b[31mred\\x07\nnext\tcol"


def test_table_colour_follows_the_flags(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    plain = cli("articles", "-f", "table").stdout
    assert ESC not in plain
    assert ESC in cli("articles", "-f", "table", "--color", "always").stdout
    assert ESC in cli("articles", "-f", "table", env={"FORCE_COLOR": "1"}).stdout
    # The flag is the user's latest word: it beats NO_COLOR.
    assert ESC in cli("articles", "-f", "table", "--color", "always",
                      env={"NO_COLOR": "1"}).stdout


def test_article_text_is_never_markup_nor_raw_control(cli: Run, tmp_path: Path) -> None:
    path = write_article(tmp_path, "evil.txt", "Title [bold]x[/bold]", [
        "Read this [REPORT] and [sic] and [red]not red[/red].",
        "Bell\x07 and escape \x1b]0;pwned\x07 here.",
    ])
    cli("ingest", str(path), "-q")
    out = cli("show", "evil", "-f", "table", "--color", "always", columns=200).stdout
    assert "[REPORT]" in out
    assert "[sic]" in out
    assert "[red]not red[/red]" in out
    assert "\x07" not in out
    assert "\x1b]0;" not in out
    assert "\\x1b]0;pwned\\x07" in out


def test_progress_bar_only_on_a_terminal_without_quiet() -> None:
    from corpus_cli.cli.commands.ingest import progress_bar

    def env(tty: bool) -> Environment:
        return Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ={},
                           stdout_isatty=False, stderr_isatty=tty)

    with progress_bar(env(False), 10, False, "auto", "ingesting") as update:
        assert update is None
    with progress_bar(env(True), 10, True, "auto", "ingesting") as update:
        assert update is None
    shown = env(True)
    with progress_bar(shown, 10, False, "never", "ingesting") as update:
        assert update is not None
        update(10)
    drawn = shown.stderr.getvalue()  # type: ignore[attr-defined]
    assert "ingesting" in drawn
    assert "10/10" in drawn
    assert shown.stdout.getvalue() == ""  # type: ignore[attr-defined]


def _sgr(out: str) -> list[set[str]]:
    """The SGR parameter sets of every escape sequence in ``out``."""
    import re

    return [set(m.split(";")) for m in re.findall(r"\x1b\[([0-9;]*)m", out)]


@pytest.mark.parametrize("fmt", ["side", "inline", "unified"])
def test_changes_are_marked_beyond_colour(cli: Run, fmt: str) -> None:
    """Deletions struck through on a red background, insertions bold and underlined on a
    green one (delta, difftastic): readable without red-green colour vision."""
    cli("ingest", "corpus/", "-q")
    out = cli("diff", "000", "001", "-f", fmt, "--color", "always", columns=120).stdout
    codes = _sgr(out)
    assert {"9", "41"} in [c & {"9", "41"} for c in codes]  # strike on red
    assert {"1", "4", "42"} in [c & {"1", "4", "42"} for c in codes]  # bold underline on green
    # Every red or green background carries its non-colour mark too.
    assert all("9" in c for c in codes if "41" in c)
    assert all("4" in c for c in codes if "42" in c)
    assert "[-" not in out
    assert "{+" not in out
    if fmt != "side":  # one column: a replacement's two sides are kept apart
        assert "Earlier this month Last Sunday" in re.sub(r"\x1b\[[0-9;]*m", "", out)


def test_unified_is_coloured_only_when_asked(cli: Run) -> None:
    cli("ingest", "corpus/", "-q")
    piped = cli("diff", "000", "001", "-f", "unified").stdout
    assert ESC not in piped
    assert "[-Earlier this month-]{+Last Sunday+}" in piped
    coloured = cli("diff", "000", "001", "-f", "unified", "--color", "always").stdout
    assert "\x1b[36m@@ -1,10 +1,7 @@" in coloured
    # The same lines, colour aside: one per paragraph, never wrapped.
    assert len(coloured.splitlines()) == len(piped.splitlines())
