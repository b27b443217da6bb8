"""Terminal injection (issue 20, item 5): article text never drives the terminal.

Two articles whose headline carries OSC 52 (a clipboard write), CSI 2J (clear the
screen), an OSC 8 link, backspaces, U+009B (CSI as one C1 character) and DEL, and whose
body quotes a colour sequence, go through every command and format with stdout on a real
pseudo-terminal: not one control character may come out raw. Into a pipe, CSV, TSV and
JSON keep the text exact (JSON with DEL and C1 as ``\\u`` escapes, as C0 always was).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import tty
from pathlib import Path

import pytest

from tests.cli.helpers import corpus_cmd, corpus_env, run_corpus

TITLE = ("Evil \x1b]52;c;cHduZWQ=\x07 clip \x1b[2J clear \x1b]8;;http://evil.example\x1b\\link"
         "\x1b]8;;\x1b\\ abc\x08\x08\x08xyz csi \u009b2J del \x7f end")
QUOTED = "this is \x1b[31mred\x1b[0m and \u009b31m C1 \x7f"
# Enough ordinary text that ingest does not take the files for binary ones.
FILLER = " ".join(f"Officials said on Tuesday that border talks number {k} would resume."
                  for k in range(60))
# What must never reach a terminal raw: C0 but newline and tab, DEL, C1 (as UTF-8).
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    body = (f"The minister said \u201c{QUOTED}\u201d, officials reported on Tuesday in a "
            "long sentence about the border talks and the sanctions.\n\n" + FILLER)
    (folder / "evil.txt").write_text(f"{TITLE}\n\n{body}\n", encoding="utf-8")
    edited = body.replace("on Tuesday in", "on Wednesday in")
    (folder / "evil2.txt").write_text(f"{TITLE} again\n\n{edited}\n", encoding="utf-8")
    ingested = run_corpus("ingest", "evil.txt", "evil2.txt", "-q", cwd=folder)
    assert ingested.returncode == 0, ingested.explain()
    return folder


def on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """Run ``corpus ARGS`` with stdout on a pseudo-terminal in raw mode (so the line
    discipline adds nothing): exit code, what the terminal received, and stderr."""
    master, slave = pty.openpty()
    tty.setraw(slave)
    env = corpus_env({"COLUMNS": "160", "LINES": "50"})
    env.pop("NO_COLOR", None)
    env["TERM"] = "xterm-256color"
    env["CORPUS_PAGER"] = "cat"  # a pager passes what it gets: what corpus wrote is checked
    proc = subprocess.Popen(corpus_cmd(*args), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    received = bytearray()
    assert proc.stderr is not None
    while True:
        ready, _w, _x = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError(f"corpus {args} wrote nothing for 60 s")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer of the terminal has gone
            break
        if not chunk:
            break
        received += chunk
    err = proc.stderr.read()
    proc.stderr.close()
    os.close(master)
    return proc.wait(timeout=60), bytes(received), err


COMMANDS = [
    *(["ingest", "evil.txt", "evil2.txt", "--dry-run", "-f", f] for f in
      ("table", "csv", "tsv", "json", "jsonl")),
    ["ingest", "evil.txt", "-f", "table", "-v"],  # per-file rows on a terminal need -v
    *(["ingest", "evil.txt", "-f", f] for f in ("csv", "tsv", "json", "jsonl")),
    *(["articles", "-f", f] for f in ("table", "csv", "tsv", "json", "jsonl")),
    *(["show", "evil.txt", "-f", f] for f in ("table", "csv", "tsv", "json", "jsonl")),
    ["show", "evil.txt", "--text"],
    *(["dedupe", "-f", f] for f in ("table", "csv", "tsv", "json", "jsonl")),
    ["dedupe", "--show"],
    ["dedupe", "--check", "evil2.txt", "--fail-on", "passage"],
    *(["quotes", "-f", f] for f in ("table", "csv", "tsv", "json", "jsonl")),
    ["quotes", "--by", "group", "-f", "table"],
    *(["diff", "evil.txt", "evil2.txt", "-f", f] for f in
      ("side", "inline", "unified", "json", "html")),
    ["diff", "evil.txt", "evil2.txt", "--color", "always"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_nothing_raw_reaches_a_terminal(project: Path, args: list[str]) -> None:
    colour = "--color" in args
    code, received, err = on_a_terminal(args if colour else [*args, "--color", "never"],
                                        project)
    assert code in (0, 1), err.decode(errors="replace")
    assert received, "nothing was written"
    if colour:  # the view's own colours are ESC [ ... m; nothing else may be
        received = re.sub(rb"\x1b\[[0-9;]*m", b"", received)
    raw = RAW_CONTROL.findall(received)
    assert not raw, f"raw control characters {raw[:5]} in:\n{received[:2000]!r}"
    assert not RAW_CONTROL.findall(err), err
    assert b"\\x1b" in received or b"\\u001b" in received  # shown, not dropped


def test_diff_of_a_group_on_a_terminal(project: Path) -> None:
    passages = run_corpus("dedupe", "--level", "passage", "-f", "jsonl", cwd=project)
    [group] = [r["group"] for r in passages.records()]
    for fmt in ("side", "json", "html"):
        code, received, _err = on_a_terminal(
            ["diff", "--group", group, "-f", fmt, "--color", "never"], project)
        assert code == 0
        assert not RAW_CONTROL.findall(received), (fmt, received[:2000])


def _unescaped(cell: str) -> str:
    """A CSV or TSV cell's text (README: backslash escapes ``\\\\``, ``\\n``, ``\\r``,
    ``\\t``)."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1),
                                                                        m.group(1)), cell)


def test_into_a_pipe_csv_tsv_and_json_keep_the_text_exact(project: Path) -> None:
    def titles(fmt: str) -> list[str]:
        run = run_corpus("articles", "-f", fmt, cwd=project)
        assert run.returncode == 0, run.explain()
        if fmt == "csv":  # backslash, newline, carriage return escaped: one line a record
            return [_unescaped(row["title"])
                    for row in csv.DictReader(io.StringIO(run.stdout))]
        if fmt == "tsv":
            rows = [line.split("\t") for line in run.stdout.splitlines()]
            at = rows[0].index("title")
            return [_unescaped(r[at]) for r in rows[1:]]
        if fmt == "json":
            return [r["title"] for r in json.loads(run.stdout)]
        return [r["title"] for r in run.records()]

    for fmt in ("csv", "tsv", "json", "jsonl"):
        assert sorted(titles(fmt)) == [TITLE, f"{TITLE} again"], fmt
    # JSON stays valid, and carries no raw DEL or C1 even into a pipe: a terminal at its
    # end (``| cat``) must not obey them either.
    for fmt in ("json", "jsonl"):
        out = run_corpus("articles", "-f", fmt, cwd=project).stdout.encode()
        assert not RAW_CONTROL.findall(out), fmt
        assert b"\\u009b2J" in out
        assert b"\\u007f" in out
    diff = run_corpus("diff", "evil.txt", "evil2.txt", "-f", "json", cwd=project)
    assert json.loads(diff.stdout)["a"]["title"] == TITLE
    assert not RAW_CONTROL.findall(diff.stdout.encode())
