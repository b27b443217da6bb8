"""corpus related and corpus report, the core (corpus_cli/survey): which groups are read,
who came first, what one article shares, and what the report gathers."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_cli.dedupe.run import dedupe_paths
from corpus_cli.ingest.run import ingest_articles
from corpus_cli.settings import IngestSettings
from corpus_cli.store import Store
from corpus_cli.survey import groups as survey_groups
from corpus_cli.survey.chronology import BY_DATE, BY_INGEST, chronological, day, moment
from corpus_cli.survey.content import gather
from corpus_cli.survey.groups import FRESH, KEPT, NONE, store_groups
from corpus_cli.survey.run import _quote_groups, build_report, related_articles
from corpus_cli.survey.timeline import Point, draw
from tests.conftest import CORPUS

LETTER = "p7dfd0785b036"  # the officers' open letter, as corpus/ gives it
CAPTION = "pa7b0d36f781f"  # "Lukashenko says Russia 'must be ready' to use nuclear arsenal"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """corpus/ ingested and deduplicated once: a pass is kept."""
    folder = tmp_path_factory.mktemp("survey")
    shutil.copytree(CORPUS, folder / "corpus")
    path = folder / ".corpus" / "corpus.sqlite3"
    with contextlib.chdir(folder):
        dedupe_paths(path, ["corpus"])
        yield path


def _ingest(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "store.sqlite3"
    with Store(path) as store:
        ingest_articles(store, [str(folder / n) for n in files], IngestSettings(jobs=1)).ids()
    return path


SHARED = ("The minister said on Tuesday that the new border rules would come into force "
          "next month, after a vote in parliament that had been delayed twice.")


def _dated(date: str | None, lead: str) -> str:
    front = f"---\ntitle: {lead} story\ndate: {date}\nsource: {lead} News\n---\n" if date \
        else f"---\ntitle: {lead} story\nsource: {lead} News\n---\n"
    return (f"{front}\n{lead} reporting opened this piece with a line of its own about the "
            f"weather in the capital.\n\n{SHARED}\n\nA closing line that only {lead} wrote.\n")


# -- chronology ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2022-03-01", "2022-03-01T10:00:00Z",
                                  "2022-03-01T10:00:00+00:00",
                                  "Tue, 01 Mar 2022 10:00:00 +0000",
                                  "published 2022-03-01 by the desk"])
def test_a_date_is_read_in_the_forms_sources_give(text: str) -> None:
    assert day(text) == "2022-03-01"


@pytest.mark.parametrize("text", [None, "", "yesterday", "2022-13-45"])
def test_what_names_no_date_has_none(text: str | None) -> None:
    assert moment(text) is None


def test_articles_go_by_date_only_when_every_one_has_a_date() -> None:
    items = [("b", "2022-03-02", 1), ("a", "2022-03-01", 2)]
    ordered, by = chronological(items, lambda i: i[1], lambda i: i[2])
    assert ([i[0] for i in ordered], by) == (["a", "b"], BY_DATE)
    undated = [*items, ("c", None, 3)]
    ordered, by = chronological(undated, lambda i: i[1], lambda i: i[2])
    assert ([i[0] for i in ordered], by) == (["b", "a", "c"], BY_INGEST)


# -- the groups read ------------------------------------------------------------------------


def test_the_kept_pass_reads_back_the_groups_the_pass_printed(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    path = tmp_path / "s.sqlite3"
    with contextlib.chdir(tmp_path):
        printed, _ = dedupe_paths(path, ["corpus"])
    with Store(path, create=False) as store:
        latest = store.latest_pass()
        assert latest is not None
        assert latest.stored_since == 0
        duplicates, passages = store.kept_pass(latest.settings)
        assert sorted(passages, key=lambda p: p.group) == sorted(printed.passages,
                                                                 key=lambda p: p.group)
        assert duplicates == list(printed.duplicates)
        for group in passages:
            assert store.kept_group(group.group) == group


def test_articles_stored_after_the_pass_are_counted(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    path = tmp_path / "s.sqlite3"
    with contextlib.chdir(tmp_path):
        dedupe_paths(path, ["corpus/000_6e919e2625b67137.txt",
                            "corpus/001_1d7cf624bd2e4224.txt"])
        with Store(path) as store:
            ingest_articles(store, ["corpus/002_791193985b6ef949.txt"],
                            IngestSettings(jobs=1)).ids()
            found = store_groups(store)
    assert (found.origin, found.stored_since) == (KEPT, 1)
    assert "1 article version(s) stored since are in none of them" in found.describe()


def test_kept_groups_are_read_without_a_pass(corpus_store: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pass(*_args: object) -> None:
        raise AssertionError("a pass ran although one was kept")

    monkeypatch.setattr(survey_groups, "dedupe_store", no_pass)
    with Store(corpus_store, create=False) as store:
        found = store_groups(store)
    assert found.origin == KEPT
    assert {p.group for p in found.result.passages} >= {LETTER, CAPTION}
    assert "no new pass was run" in found.describe()


def test_a_pass_is_run_and_kept_when_none_is_kept(tmp_path: Path) -> None:
    path = _ingest(tmp_path, {"a.md": _dated(None, "Alpha"), "b.md": _dated(None, "Beta")})
    with Store(path, create=False) as store:
        first = store_groups(store)
        again = store_groups(store)
    assert first.origin == FRESH
    assert "one was run now" in first.describe()
    assert again.origin == KEPT
    assert [p.group for p in again.result.passages] == [p.group for p in first.result.passages]
    assert len(first.result.passages) == 1


def test_a_store_of_one_article_has_no_groups(tmp_path: Path) -> None:
    path = _ingest(tmp_path, {"a.md": _dated(None, "Alpha")})
    with Store(path, create=False) as store:
        assert store_groups(store).origin == NONE


# -- corpus related -------------------------------------------------------------------------


def test_related_names_what_001_shares_with_000(corpus_store: Path) -> None:
    found, verdict = related_articles(corpus_store, "000")
    assert int(verdict.exit_code) == 0
    assert found.ordered_by == BY_INGEST
    assert [a.path for a in found.articles] == ["corpus/000_6e919e2625b67137.txt",
                                                "corpus/001_1d7cf624bd2e4224.txt"]
    given, other = found.articles
    assert given.given
    assert not other.given
    assert {p.group for p in other.passages} >= {LETTER, CAPTION}
    assert not other.duplicates
    assert any(q.text == "will continue to support Russia" for q in other.quotes)
    assert 0.3 < other.share < 0.8
    with Store(corpus_store, create=False) as store:
        theirs = store.version(other.id)
        mine = store.version(given.id)
    for p in other.passages:  # the paragraphs named hold the occurrence
        covered = [theirs.paragraphs[k] for k in p.paragraphs]
        assert covered[0].start <= p.end
        assert p.start <= covered[-1].end
        assert theirs.text[p.start:p.end].split()[0] in " ".join(c.text for c in covered)
        given_covered = [mine.paragraphs[k] for k in p.given_paragraphs]
        assert given_covered[0].start <= p.given_end
        assert p.given_start <= given_covered[-1].end
    letter = next(p for p in other.passages if p.group == LETTER)
    assert "astonishing open letter" in theirs.text[letter.start:letter.end]


def test_related_of_an_article_sharing_nothing_is_itself_alone(corpus_store: Path) -> None:
    found, _ = related_articles(corpus_store, "004")
    assert [a.given for a in found.articles] == [True]
    assert found.others == 0


def test_related_goes_by_date_when_every_article_has_one(tmp_path: Path) -> None:
    # The later story was ingested first: dates, not ingest order, say who came first.
    path = _ingest(tmp_path, {"late.md": _dated("2022-03-05", "Late"),
                              "early.md": _dated("2022-03-01T08:00:00Z", "Early")})
    found, _ = related_articles(path, str(tmp_path / "late.md"))
    assert found.ordered_by == BY_DATE
    assert [a.source for a in found.articles] == ["Early News", "Late News"]


def test_related_goes_by_ingest_order_when_one_has_no_date(tmp_path: Path) -> None:
    path = _ingest(tmp_path, {"late.md": _dated("2022-03-05", "Late"),
                              "early.md": _dated(None, "Early")})
    found, _ = related_articles(path, str(tmp_path / "early.md"))
    assert found.ordered_by == BY_INGEST
    assert [a.source for a in found.articles] == ["Late News", "Early News"]
    assert found.undated == 1


# -- corpus report: content -----------------------------------------------------------------


def test_the_report_gathers_corpus_stories_quotes_and_speakers(corpus_store: Path) -> None:
    content, _ = build_report(corpus_store)
    o = content.overview
    assert (o.articles, o.sources, o.exact, o.near, o.passages) == (5, 2, 0, 0, 5)
    assert o.dated == 0
    assert o.shared_quotes == len(content.quotes) == 8
    stories = {s.group: s for s in content.stories}
    assert "In an astonishing open letter" in stories[LETTER].text
    assert "must be ready" in stories[CAPTION].text
    assert all(s.members[0].diff is None for s in content.stories)
    assert all(m.diff is not None for s in content.stories for m in s.members[1:])
    assert len(content.diffs) == 5
    letter_diff = stories[LETTER].members[1].diff
    assert letter_diff is not None
    assert not letter_diff.identical
    assert "astonishing" in letter_diff.table
    tikhanovskaya = next(p for p in content.speakers if "tikhanovskaya" in p.key)
    assert {tikhanovskaya.name, *tikhanovskaya.spellings} == {"Sviatlana Tsikhanouskaya",
                                                              "Svetlana Tikhanovskaya"}
    assert tikhanovskaya.articles == 2
    headline = next(q for q in tikhanovskaya.groups if len(q.wordings) > 1)
    assert {w.text for w in headline.wordings} >= {"Don't follow the regime's criminal orders"}
    assert [s.source for s in content.sources] == ["corpus", "BalkanWeb"]
    assert [a.rank for a in content.articles] == [1, 2, 3, 4, 5]


def test_shared_quotes_mark_conflicts_and_variant_wordings(tmp_path: Path) -> None:
    quote_a = ("“We will not send our soldiers across the border, whatever Moscow asks of "
               "us,” Alexander Lukashenko said on Monday.")
    quote_b = ("“We will not send our soldiers over the border, whatever Moscow asks of us,” "
               "Viktor Orban said on Monday.")
    path = _ingest(tmp_path, {
        "a.txt": f"Alpha story\n\n{quote_a}\n\nAlpha reporters wrote the rest.\n",
        "b.txt": f"Beta story\n\n{quote_b}\n\nBeta reporters wrote the rest.\n"})
    with Store(path, create=False) as store:
        content = gather(store, store_groups(store), _quote_groups(store))
    shared = [q for q in content.quotes if q.articles == 2]
    assert len(shared) == 1
    assert shared[0].conflict
    assert shared[0].variant
    assert (content.overview.conflicts, content.overview.misquotes) == (1, 1)
    changed = [p for w in shared[0].wordings for p in w.pieces if p.op != "equal"]
    assert any("over" in p.text or "over" in p.was for p in changed)


# -- timeline -------------------------------------------------------------------------------


def test_the_timeline_places_articles_by_date_in_a_lane_per_outlet() -> None:
    points = [Point("BBC", "2022-03-01", "1", "", "#x-1", True),
              Point("CNN", "2022-03-02", "2", "", "#x-2"),
              Point("BBC", "2022-03-11", "3", "", "#x-3")]
    t = draw(points, BY_DATE)
    assert [lane.outlet for lane in t.lanes] == ["BBC", "CNN"]
    xs = [m.x for m in t.marks]
    assert xs[0] < xs[1] < xs[2]
    assert (xs[1] - xs[0]) < (xs[2] - xs[1]) / 5  # one day against nine
    assert t.marks[0].y == t.marks[2].y != t.marks[1].y
    assert [tick.text for tick in t.ticks] == ["2022-03-01", "2022-03-11"]


def test_the_timeline_spaces_articles_evenly_by_ingest_order_without_dates() -> None:
    points = [Point("A", None, str(k), "", f"#x-{k}") for k in range(1, 5)]
    t = draw(points, BY_INGEST)
    gaps = [b.x - a.x for a, b in zip(t.marks, t.marks[1:], strict=False)]
    assert max(gaps) - min(gaps) <= 0.2
    assert "ingest order" in t.caption
    alone = draw(points[:1], BY_INGEST)
    assert alone.marks[0].x == (alone.left + 12 + alone.right - 12) / 2
