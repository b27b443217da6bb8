import os
from pathlib import Path

from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.formats import format_of, sniff


def touch(path: Path, text: str = "T\n\nBody.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def names(args: list[str], globs: tuple[str, ...] = ()) -> list[str]:
    return [i.name for i in discover(args, globs)]


def test_walks_folders_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    for rel in ("b/2.TXT", "a/1.md", "a/.hidden.txt", ".git/x.txt", "a/image.png",
                "c/page.HTML", "c/feed.jsonl.gz", "c/crawl.warc.gz"):
        touch(tmp_path / rel)
    got = names([str(tmp_path)])
    assert got == [str(tmp_path / r) for r in
                   ("a/1.md", "b/2.TXT", "c/crawl.warc.gz", "c/feed.jsonl.gz", "c/page.HTML")]


def test_glob_option_chooses_other_files(tmp_path: Path) -> None:
    touch(tmp_path / "x.article")
    touch(tmp_path / "y.txt")
    assert names([str(tmp_path)], ("*.article",)) == [str(tmp_path / "x.article")]


def test_shell_style_globs_and_explicit_files(tmp_path: Path) -> None:
    touch(tmp_path / "n" / "a.txt")
    touch(tmp_path / "n" / "b.txt")
    odd = touch(tmp_path / "odd.data")
    assert names([str(tmp_path / "n" / "*.txt"), str(odd)]) == [
        str(tmp_path / "n" / "a.txt"), str(tmp_path / "n" / "b.txt"), str(odd)]
    missing = list(discover([str(tmp_path / "none" / "*.txt")]))
    assert missing[0].error == "no files match this pattern"


def test_symlink_loops_end_and_broken_links_are_reported(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "real.txt")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "a" / "dangling.txt")
    items = list(discover([str(tmp_path / "a")]))
    good = [i.name for i in items if i.error is None]
    assert good == [str(tmp_path / "a" / "real.txt")]
    assert [(Path(i.name).name, i.error) for i in items if i.error] == [
        ("dangling.txt", "broken symbolic link")]
    explicit = list(discover([str(tmp_path / "a" / "dangling.txt")]))
    assert explicit[0].error == "broken symbolic link"


def test_stdin_and_missing(tmp_path: Path) -> None:
    items = list(discover(["-", str(tmp_path / "missing.txt")]))
    assert items[0].path is None
    assert items[0].error is None
    assert items[1].error == "no such file or directory"


def test_formats_by_extension_and_sniffing() -> None:
    assert format_of("A.TXT") == "txt"
    assert format_of("x.warc.gz") == "warc"
    assert format_of("x.bin") is None
    assert sniff(b"WARC/1.0\r\n") == "warc"
    assert sniff(b"  <!DOCTYPE html><html>") == "html"
    assert sniff(b'{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert sniff(b'{\n  "text": "a"\n}') == "json"
    assert sniff(b"[{}]") == "json"
    assert sniff("Plain “text”".encode()) == "txt"


def test_files_that_are_not_articles_are_skipped_in_folders_and_counted(tmp_path: Path,
                                                                        ) -> None:
    for rel in ("README.TXT", "LICENSE.md", "a/Changelog.txt", "a/story.txt", "a/.draft.txt",
                "a/readme-not.txt", "news.txt", "a/CONTRIBUTING.md"):
        touch(tmp_path / rel)
    skipped: list[str] = []
    got = [i.name for i in discover([str(tmp_path)], (), skipped)]
    assert got == [str(tmp_path / r) for r in ("news.txt", "a/readme-not.txt", "a/story.txt")]
    assert sorted(skipped) == sorted(str(tmp_path / r) for r in (
        "README.TXT", "LICENSE.md", "a/Changelog.txt", "a/.draft.txt", "a/CONTRIBUTING.md"))
    # Named explicitly, a README is read: the user asked for it.
    assert names([str(tmp_path / "README.TXT")]) == [str(tmp_path / "README.TXT")]
