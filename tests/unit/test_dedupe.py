"""The dedupe core on small hand-made corpora: what is a duplicate, what is a passage."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest

from corpus_cli.dedupe.check import check_articles
from corpus_cli.dedupe.run import dedupe_store
from corpus_cli.dedupe.verify import verify
from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.parse import read_articles
from corpus_cli.ingest.run import ingest_paths
from corpus_cli.models import Article, DedupeResult
from corpus_cli.settings import DedupeSettings, Fingerprinting, IngestSettings
from corpus_cli.store import Store
from corpus_cli.text.frequency import BoilerplatePolicy
from tests.conftest import CORPUS, write_article

SETTINGS = DedupeSettings()


def paragraphs_of(name: str) -> tuple[str, list[str]]:
    text = next(CORPUS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    title, *rest = [block.strip() for block in text.split("\n\n") if block.strip()]
    return title.splitlines()[0], [p for p in rest if len(p.split()) >= 12]


def edited(paragraph: str, rate: float, rng: random.Random) -> str:
    words = paragraph.split()
    for i in rng.sample(range(len(words)), max(1, round(len(words) * rate))):
        words[i] = rng.choice(["quickly", "reportedly", "notably", "officially"])
    return " ".join(words)


def run(tmp_path: Path, files: dict[str, tuple[str, list[str]]],
        settings: DedupeSettings = SETTINGS, level: str = "all") -> DedupeResult:
    folder = tmp_path / "site"
    for name, (title, paragraphs) in files.items():
        path = folder / name  # a sub-folder is another source
        write_article(path.parent, path.name, title, paragraphs)
    with Store(tmp_path / "store.sqlite3") as store:
        results = list(ingest_paths(store, [str(folder)]))
        assert all(r.status == "added" for r in results)
        return dedupe_store(store, settings, level)


def names(members: object) -> list[str]:
    return sorted(Path(m.path).name for m in members)  # type: ignore[attr-defined]


def test_verify_full_partial_and_none() -> None:
    a = list(range(40))
    assert verify(a, a, SETTINGS)[0].matched == 40
    edited_b = [*a[:10], 999, *a[11:]]
    full = verify(a, edited_b, SETTINGS)
    assert len(full) == 1
    assert full[0].a_hi == 40
    assert full[0].matched == 39
    # The second half of a merged paragraph is the whole of a split one.
    half = verify(a, a[20:], SETTINGS)
    assert [(r.a_lo, r.a_hi, r.b_lo, r.b_hi) for r in half] == [(20, 40, 0, 20)]
    # A sentence shared inside otherwise different paragraphs...
    inner = verify(list(range(100, 120)) + a[:20] + list(range(200, 220)),
                   list(range(300, 315)) + a[:20] + list(range(400, 405)), SETTINGS)
    assert [(r.a_lo, r.a_hi, r.b_lo, r.b_hi) for r in inner] == [(20, 40, 15, 35)]
    # ...but a stock phrase of a few words inside both is not a passage.
    assert verify(list(range(100, 120)) + a[:12] + list(range(200, 220)),
                  list(range(300, 315)) + a[:12] + list(range(400, 405)), SETTINGS) == []
    assert verify(a, list(range(500, 540)), SETTINGS) == []
    assert verify(a[:5], a[:5], SETTINGS) == []  # shorter than min_words


def test_exact_reordered_edited_and_dropped_copies(tmp_path: Path) -> None:
    rng = random.Random(7)
    title, pars = paragraphs_of("003")
    other_title, other = paragraphs_of("002")
    files = {
        "a.txt": (title, pars),
        "b_exact.txt": (title, pars),
        "c_reorder.txt": (title, pars[::-1]),
        "d_edit.txt": (title, [edited(p, 0.05, rng) for p in pars]),
        "e_drop.txt": (title, pars[: len(pars) * 2 // 3]),
        "f_other.txt": (other_title, other),
    }
    result = run(tmp_path, files)
    exact = [g for g in result.duplicates if g.kind == "exact"]
    near = [g for g in result.duplicates if g.kind == "near"]
    assert [names(g.members) for g in exact] == [["a.txt", "b_exact.txt"]]
    assert [names(g.members) for g in near] == [
        ["a.txt", "b_exact.txt", "c_reorder.txt", "d_edit.txt", "e_drop.txt"]]
    group = near[0]
    assert 0.8 <= group.similarity < 1.0
    shares = {Path(m.path).name: m.shared for m in group.members}
    assert shares["e_drop.txt"] == pytest.approx(1.0)
    assert shares["a.txt"] == pytest.approx(1.0)
    assert sum(m.first for m in group.members) == 1
    assert all("f_other.txt" not in names(g.members) for g in result.duplicates)
    # Each group names the passage groups that make it a copy: reported ones, each found
    # in at least two of its members.
    reported = {p.group: p for p in result.passages}
    for g in result.duplicates:
        assert g.passages
        members = {m.seq for m in g.members}
        for pid in g.passages:
            assert len({o.seq for o in reported[pid].occurrences} & members) >= 2
    assert not run(tmp_path / "articles", files, SETTINGS, "article").duplicates[0].passages


def test_retitled_copy_is_near_not_exact(tmp_path: Path) -> None:
    title, pars = paragraphs_of("003")
    result = run(tmp_path, {"a.txt": (title, pars), "b.txt": ("Another headline", pars)})
    assert [(g.kind, g.similarity) for g in result.duplicates] == [("near", 1.0)]


def test_passage_shared_amid_different_text_with_split_and_spans(tmp_path: Path) -> None:
    _t3, p3 = paragraphs_of("003")
    _t2, p2 = paragraphs_of("002")
    letter = ["The officers wrote that the republic keeps full authority on its own territory "
              "and that joining the war would be an act of pure suicide for the country.",
              "They added that the country would become an outcast among civilised states "
              "for many years, and urged soldiers to refuse such criminal orders."]
    merged = letter[0] + " " + letter[1]
    result = run(tmp_path, {
        "x.txt": ("First story", p3[:3] + letter + p3[3:6]),
        "y.txt": ("Second story", [*p2[:2], merged.replace("pure", "utter"), *p2[2:5]]),
    })
    assert result.duplicates == ()
    assert len(result.passages) == 1
    group = result.passages[0]
    assert group.boilerplate is False
    assert group.words >= 40
    stored = {o.path: o for o in group.occurrences}
    for occurrence in group.occurrences:
        text = (tmp_path / "site" / Path(occurrence.path).name).read_text(encoding="utf-8")
        assert text[occurrence.start : occurrence.end] == occurrence.text
    x = next(o for p, o in stored.items() if p.endswith("x.txt"))
    assert x.text.startswith("The officers wrote")
    assert x.text.endswith("criminal orders.")


def test_groups_do_not_depend_on_input_order(tmp_path: Path) -> None:
    title, pars = paragraphs_of("003")
    files = {f"{i}.txt": (title if i else "Retitled", pars[i % 3 :] + pars[: i % 3])
             for i in range(4)}
    first = run(tmp_path / "one", files)
    second = run(tmp_path / "two", dict(reversed(list(files.items()))))
    assert [g.group for g in first.duplicates] == [g.group for g in second.duplicates]
    assert sorted(g.group for g in first.passages) == sorted(g.group for g in second.passages)


def test_common_paragraph_in_many_articles_is_one_group(tmp_path: Path) -> None:
    _t, pars = paragraphs_of("002")
    rng = random.Random(3)
    # (A paragraph repeated this often, yet not site furniture by any pattern: a credit
    # line such as "Reporting by ..." would be flagged and left out.)
    stock = ("Aid agencies working along the border say the newsroom staff of three "
             "countries have reported the same figures to them since the spring.")
    files = {}
    for i in range(80):  # more articles than the stock-phrase cap
        body = [edited(p, 0.5, rng) for p in rng.sample(pars, 3)]
        files[f"outlet{i:02}/{i:02}.txt"] = (f"Story {i}", [*body, stock])
    result = run(tmp_path, files, DedupeSettings(threshold=0.95))
    stock_groups = [g for g in result.passages if "newsroom staff" in g.text]
    assert len(stock_groups) == 1
    assert len(stock_groups[0].occurrences) == 80


def _new_articles(paths: list[Path], store: Store) -> list[Article]:
    items = list(read_articles(list(discover([str(p) for p in paths], ())),
                               IngestSettings(jobs=1), store.root))
    return [a for a in items if isinstance(a, Article)]


def test_check_uses_the_index_and_finds_only_new_matches(tmp_path: Path) -> None:
    title, pars = paragraphs_of("003")
    other_title, other = paragraphs_of("002")
    run(tmp_path, {"a.txt": (title, pars), "b.txt": (other_title, other)})
    new = tmp_path / "new"
    copy = write_article(new, "copy.txt", title, pars[:2] + pars[3:])
    fresh = write_article(new, "fresh.txt", "Unrelated", [
        "A completely different story about the weather in the mountains this winter, "
        "with snow forecast for most of the week and roads closed in several places."])
    with Store(tmp_path / "store.sqlite3") as store:
        assert store.db.execute("SELECT count(*) FROM indexed").fetchone()[0] == 2
        result = check_articles(store, _new_articles([copy, fresh], store), SETTINGS)
    [group] = result.duplicates
    assert group.kind == "near"
    assert names(group.members) == ["a.txt", "copy.txt"]
    assert all(any(o.seq < 0 for o in g.occurrences) for g in result.passages)
    assert not any("fresh" in o.path for g in result.passages for o in g.occurrences)


def test_a_reorder_is_not_exact_when_the_moved_paragraphs_are_flagged() -> None:
    # The frequency rule can flag story paragraphs that recur in a site's follow-ups;
    # leaving them out must not make a reordered copy identical to its original.
    from corpus_cli.dedupe.duplicates import exact_classes
    from corpus_cli.index.bodies import BodyParagraph, BodySource
    from corpus_cli.index.make import make_bodies
    from corpus_cli.store.records import Flagged

    texts = {"x": "Story paragraph x.", "b1": "Body one.", "y": "Story paragraph y.",
             "b2": "Body two.", "f": "Footer."}

    def source(key: int, order: list[str]) -> tuple[BodySource, list[Flagged]]:
        text, spans, at = "", [], 0
        for name in order:
            spans.append((name, at, at + len(texts[name])))
            text += texts[name] + "\n\n"
            at = len(text)
        body = [BodyParagraph(i, s, e, hash(n)) for i, (n, s, e) in enumerate(spans)
                if n in ("b1", "b2")]
        flagged = [Flagged(s, e, hash(n)) for n, s, e in spans if n not in ("b1", "b2")]
        return BodySource(key, f"id{key}", f"{key}.txt", "Title", None, text, body), flagged

    original = source(1, ["x", "b1", "y", "b2", "f"])
    reordered = source(2, ["b1", "b2", "x", "y", "f"])
    other_furniture = source(3, ["x", "b1", "y", "b2"])  # same order, no footer
    bodies = make_bodies([original[0], reordered[0], other_furniture[0]])
    assert len({b.body_hash for b in bodies}) == 1  # the flagged paragraphs are left out
    classes = exact_classes(bodies, {0: original[1], 1: reordered[1], 2: other_furniture[1]})
    assert sorted(classes) == [[0, 2], [1]]


def test_a_copy_leaving_out_flagged_story_paragraphs_is_not_exact() -> None:
    # A drop copy may leave out exactly the story paragraphs the frequency rule flagged in
    # the original: the same body hash, yet not the same article. Only paragraphs known to
    # be furniture (a pattern, or many articles) may differ between exact copies.
    from corpus_cli.dedupe.duplicates import exact_classes
    from corpus_cli.index.bodies import BodyParagraph, BodySource
    from corpus_cli.index.make import make_bodies
    from corpus_cli.store.records import Flagged

    texts = {"s": "A short story paragraph.", "b": "The body of the story.",
             "f": "Follow us on all the networks."}

    def source(key: int, order: list[str]) -> tuple[BodySource, list[Flagged]]:
        text, body, flagged = "", [], []
        for name in order:
            start = len(text)
            text += texts[name] + "\n\n"
            if name == "b":
                body.append(BodyParagraph(len(body), start, start + len(texts[name]),
                                          hash(name)))
            else:
                flagged.append(Flagged(start, start + len(texts[name]), hash(name)))
        return BodySource(key, f"id{key}", f"{key}.txt", "Title", None, text, body), flagged

    original = source(1, ["s", "b", "f"])
    dropped = source(2, ["b", "f"])  # left out the flagged story paragraph
    no_footer = source(3, ["s", "b"])  # left out the furniture only
    bodies = make_bodies([original[0], dropped[0], no_footer[0]])
    flagged = {0: original[1], 1: dropped[1], 2: no_footer[1]}
    asked: list[set[int]] = []

    def furniture(hashes: set[int], *, inside: bool = False) -> set[int]:
        asked.append(hashes)
        return hashes & {hash("f")}

    assert sorted(exact_classes(bodies, flagged, furniture)) == [[0, 2], [1]]
    assert asked == [{hash("s"), hash("f")}]  # one question per class of equal bodies
    assert sorted(exact_classes(bodies, flagged)) == [[0, 1, 2]]  # all flagged is furniture


def test_a_copy_leaving_out_a_label_inside_the_story_is_not_exact() -> None:
    # A results table's "Nine mths" recurs in thousands of tables: frequency makes it sure
    # furniture. Between story lines it is story all the same, unless a pattern flags it
    # (an "Advertisement" slot): a copy without it is near, not exact.
    from corpus_cli.dedupe.duplicates import exact_classes
    from corpus_cli.index.bodies import BodyParagraph, BodySource
    from corpus_cli.index.make import make_bodies
    from corpus_cli.store.records import Flagged

    texts = {"h": "Share this article", "a": "Shr 93 cts vs four cts",
             "n": "Nine mths", "ad": "Advertisement", "b": "Shr 16 cts vs 67 cts"}

    def source(key: int, order: list[str]) -> tuple[BodySource, list[Flagged]]:
        text, body, flagged = "", [], []
        for name in order:
            start = len(text)
            text += texts[name] + "\n\n"
            if name in ("a", "b"):
                body.append(BodyParagraph(len(body), start, start + len(texts[name]),
                                          hash(name)))
            else:
                flagged.append(Flagged(start, start + len(texts[name]), hash(name)))
        return BodySource(key, f"id{key}", f"{key}.txt", "Title", None, text, body), flagged

    table = source(1, ["h", "a", "n", "b"])
    no_label = source(2, ["a", "b"])
    no_advert = source(3, ["a", "ad", "n", "b"])
    bodies = make_bodies([table[0], no_label[0], no_advert[0]])
    flagged = {0: table[1], 1: no_label[1], 2: no_advert[1]}

    def furniture(hashes: set[int], *, inside: bool = False) -> set[int]:
        return hashes & ({hash("ad")} if inside else {hash("h"), hash("n"), hash("ad")})

    assert sorted(exact_classes(bodies, flagged, furniture)) == [[0, 2], [1]]


def test_furniture_is_a_pattern_or_many_articles(tmp_path: Path) -> None:
    folder = tmp_path / "outlet"
    for i in range(4):
        write_article(folder, f"{i}.txt", f"Story {i}", [
            f"Unique reporting {i} here.", f"More facts {i}.", f"And a quote {i}.",
            "A line the outlet repeats in four stories.", "Sign up for our newsletter"])
    with Store(tmp_path / "s.sqlite3") as store:
        list(ingest_paths(store, [str(folder)]))
        paragraphs = store.version(store.articles()[0].id).paragraphs
        story, repeated, signup = (p.hash for p in (paragraphs[0], *paragraphs[-2:]))
        assert [p.reason is not None for p in paragraphs] == [False] * 3 + [True] * 2
        def sure(articles: int, share: float = 0.01) -> BoilerplatePolicy:
            return BoilerplatePolicy(furniture_articles=articles, furniture_share=share)

        def furniture(hashes: list[int], policy: BoilerplatePolicy) -> set[int]:
            return store.furniture_hashes(hashes, policy.sure_furniture, policy.sample)

        assert furniture([story, repeated, signup], sure(10)) == {signup}
        assert furniture([repeated, signup], sure(4)) == {repeated, signup}
        assert furniture([repeated], sure(4, 0.8)) == {repeated}


def test_a_story_paragraph_other_outlets_copy_is_not_furniture(tmp_path: Path) -> None:
    # One outlet repeats a background paragraph in three follow-ups, so the frequency rule
    # flags it there; eight other outlets carry it once each, unflagged.
    background = "The company was founded in 1999 and employs 400 people in the town."
    for i in range(3):
        write_article(tmp_path / "outlet", f"{i}.txt", f"Follow-up {i}", [
            f"News of day {i} in the long running story.", f"Detail {i}.", f"Reaction {i}.",
            background])
    for i in range(8):
        write_article(tmp_path / f"other{i}", "copy.txt", f"Copy {i}", [
            f"Another outlet's take number {i}.", background])
    with Store(tmp_path / "s.sqlite3") as store:
        list(ingest_paths(store, [str(tmp_path / "outlet"),
                                  *(str(tmp_path / f"other{i}") for i in range(8))]))
        hashes = {p.hash for a in store.articles() for p in store.version(a.id).paragraphs
                  if p.reason is not None}
        assert len(hashes) == 1  # the background paragraph, flagged in the outlet only
        policy = BoilerplatePolicy(furniture_articles=10, furniture_share=0.01)
        assert store.furniture_hashes(hashes, policy.sure_furniture, 64) == hashes  # 11 carriers
        policy = BoilerplatePolicy(furniture_articles=10, furniture_share=0.8)
        assert store.furniture_hashes(hashes, policy.sure_furniture, 64) == set()


def test_short_paragraphs_keep_every_shingle() -> None:
    from corpus_cli.index.bodies import BodySource
    from corpus_cli.index.fingerprints import paragraph_fingerprints
    from corpus_cli.index.make import make_bodies
    from corpus_cli.store import BodyParagraph

    scheme = Fingerprinting()
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(5000)]
    short = " ".join(rng.choices(vocabulary, k=scheme.short - 1))
    long = " ".join(rng.choices(vocabulary, k=400))
    text = f"{short}\n\n{long}"
    [body] = make_bodies([BodySource(1, "a", "a.txt", "T", None, text,
                                     [BodyParagraph(0, 0, len(short), 1),
                                      BodyParagraph(1, len(short) + 2, len(text), 2)])])
    hashes, paragraphs = paragraph_fingerprints(body.tokens, scheme, np.diff(body.bounds))
    assert (paragraphs == 0).sum() == scheme.short - scheme.k  # every shingle of the short one
    assert 60 <= (paragraphs == 1).sum() <= 140  # about one in four of the long one's 397
    assert not (hashes >> np.uint64(64 - scheme.sample_bits)).any()  # as the index's buckets need


def test_short_paragraphs_with_edited_words_are_found(tmp_path: Path) -> None:
    # A 16-word paragraph with two words replaced (12 %) keeps 5 of its 13 shingles at
    # worst: sampled one in four, such pairs were often left with none in common.
    rng = random.Random(11)
    vocabulary = [f"{a}{b}" for a in ("ka", "lo", "mu", "ne", "pi", "ru", "so", "ta")
                  for b in ("bar", "den", "fim", "gol", "hux", "jat", "kes", "lor", "mip",
                            "nor", "pez", "quo", "ris", "sut", "tov", "vex")]

    def sentence(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n)).capitalize() + "."

    files = {}
    pairs = 30
    for i in range(pairs):
        shared = sentence(16).split()
        other = list(shared)
        for at in rng.sample(range(1, 15), 2):
            other[at] = "changed"
        files[f"a{i}/x.txt"] = (f"Story {i}", [sentence(30), " ".join(shared), sentence(30)])
        files[f"b{i}/y.txt"] = (f"Another {i}", [sentence(30), sentence(30), " ".join(other)])
    result = run(tmp_path, files)
    found = {tuple(sorted(Path(o.path).parent.name for o in g.occurrences))
             for g in result.passages}
    assert found == {(f"a{i}", f"b{i}") for i in range(pairs)}


def test_a_story_paragraph_one_outlet_repeats_is_still_a_shared_passage(tmp_path: Path) -> None:
    # The outlet's three follow-ups repeat a background paragraph (flagged there as
    # frequent in source); five outlets print it once, as part of their story. It is
    # compared as story text everywhere. A footer flagged in every article carrying it
    # stays boilerplate.
    background = ("The company was founded in 1999 in the old mill and now employs four "
                  "hundred people across the valley and the town.")
    footer = "The Valley Courier is an independent newspaper serving the valley since 1880."
    files = {}
    for i in range(3):
        files[f"outlet/{i}.txt"] = (f"Follow-up {i}", [
            f"News of day {i} in the long running story of the mill and its owners.",
            f"Detail number {i} given by the spokesman on the steps of the town hall.",
            background, footer])
    for i in range(5):
        files[f"other{i}/copy.txt"] = (f"Copy {i}", [
            f"Another outlet's take number {i} on the dispute over the future of the mill.",
            background])
    result = run(tmp_path, files)
    [group] = [g for g in result.passages if "founded in 1999" in g.text]
    assert group.boilerplate is False
    assert len(group.occurrences) == 8
    assert not any("independent newspaper" in g.text for g in result.passages)
    with_footer = run(tmp_path / "all", files, DedupeSettings(include_boilerplate=True))
    [furniture] = [g for g in with_footer.passages if "independent newspaper" in g.text]
    assert furniture.boilerplate is True
    # A new article checked against the store sees the paragraph as story text too.
    new = write_article(tmp_path / "new", "n.txt", "New", [
        "A new outlet's report on the dispute over the mill, filed this morning.", background])
    with Store(tmp_path / "store.sqlite3") as store:
        checked = check_articles(store, _new_articles([new], store), SETTINGS)
    [found] = [g for g in checked.passages if "founded in 1999" in g.text]
    assert len(found.occurrences) == 9


def test_articles_ingested_after_a_full_pass_join_the_index(tmp_path: Path) -> None:
    # A check indexes what was ingested since the last full pass, merging its postings
    # into the stored buckets: old and new articles are both found.
    title, pars = paragraphs_of("003")
    other_title, other = paragraphs_of("002")
    third_title, third = paragraphs_of("004")
    run(tmp_path, {"a.txt": (title, pars), "b.txt": (third_title, third)})
    later = write_article(tmp_path / "later", "c.txt", other_title, other)
    new = tmp_path / "new"
    copies = [write_article(new, "copy_a.txt", title, pars[1:]),
              write_article(new, "copy_c.txt", other_title, other[1:])]
    with Store(tmp_path / "store.sqlite3") as store:
        list(ingest_paths(store, [str(later)]))
        indexed = store.db.execute("SELECT count(*) FROM indexed").fetchone()[0]
        result = check_articles(store, _new_articles(copies, store), SETTINGS)
        assert store.db.execute("SELECT count(*) FROM indexed").fetchone()[0] == indexed + 1
    assert sorted(names(g.members) for g in result.duplicates) == [
        ["a.txt", "copy_a.txt"], ["c.txt", "copy_c.txt"]]


def test_a_checked_article_is_not_a_copy_of_its_own_stored_versions(tmp_path: Path) -> None:
    # A pre-commit hook or a CI job checks files that may be stored already (an edited
    # article, or one checked again after --ingest): the same location is the same article,
    # not a copy of it. A copy of it at another location still is.
    title, pars = paragraphs_of("003")
    other_title, other = paragraphs_of("002")
    run(tmp_path, {"a.txt": (title, pars), "b.txt": (other_title, other)})
    stored = tmp_path / "site" / "a.txt"
    elsewhere = write_article(tmp_path / "new", "a.txt", title, pars)
    with Store(tmp_path / "store.sqlite3") as store:
        unchanged = check_articles(store, _new_articles([stored], store), SETTINGS)
        assert (unchanged.duplicates, unchanged.passages) == ((), ())
        write_article(stored.parent, stored.name, title, pars[:-1])  # edited, not re-ingested
        edited_ = check_articles(store, _new_articles([stored], store), SETTINGS)
        assert (edited_.duplicates, edited_.passages) == ((), ())
        copied = check_articles(store, _new_articles([stored, elsewhere], store), SETTINGS)
    # The copy is an exact copy of the stored version, and near the edited one.
    kinds = {g.kind: sorted((Path(m.path).parent.name, m.seq < 0) for m in g.members)
             for g in copied.duplicates}
    assert kinds == {"exact": [("new", True), ("site", False)],
                     "near": [("new", True), ("site", False), ("site", True)]}


def test_an_index_built_with_another_fingerprint_scheme_is_rebuilt_not_misread(
        tmp_path: Path) -> None:
    from corpus_cli.dedupe import indexing

    title, pars = paragraphs_of("003")
    other_title, other = paragraphs_of("002")
    run(tmp_path, {"a.txt": (title, pars), "b.txt": (other_title, other)})  # default index
    rng = random.Random(3)
    new = write_article(tmp_path / "new", "copy.txt", title,
                        [edited(p, 0.05, rng) for p in pars])  # no exact copy: prints only
    five = DedupeSettings(fingerprints=Fingerprinting(k=5))
    with Store(tmp_path / "store.sqlite3") as store:
        assert indexing.postings(store, SETTINGS).same_scheme()
        assert not indexing.postings(store, five).same_scheme()
        result = check_articles(store, _new_articles([new], store), five)
        newest, flags = store.newest_seq(), store.flags_generation()
        assert indexing.postings(store, five).covers(newest, flags, 2)  # rebuilt with k = 5
        assert not indexing.postings(store, SETTINGS).covers(newest, flags, 2)
        # Back to the default scheme: rebuilt again, the same copy found.
        again = check_articles(store, _new_articles([new], store), SETTINGS)
    assert [names(g.members) for g in result.duplicates] == [["a.txt", "copy.txt"]]
    assert [names(g.members) for g in again.duplicates] == [["a.txt", "copy.txt"]]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("threshold", 0.0, "--threshold must be in (0, 1]"),
    ("min_words", 0, "--min-words must be at least 1"),
    ("rare", 1, "rare must be at least 2"),
    ("max_df", 4, "max_df must be at least rare (8)"),
    ("max_candidates", 0, "max_candidates must be at least 1"),
    ("same_span", 1.5, "same_span must be in (0, 1]"),
])
def test_dedupe_settings_are_validated(field: str, value: float, message: str) -> None:
    from corpus_cli.errors import UsageError

    with pytest.raises(UsageError, match=re.escape(message)):
        DedupeSettings(**{field: value})  # type: ignore[arg-type]


def test_fingerprint_schemes_are_validated_and_named() -> None:
    from corpus_cli.errors import UsageError
    from corpus_cli.settings import CheckRule

    assert Fingerprinting().key == "k4-sample2-short24"
    with pytest.raises(UsageError, match="fingerprint k must be 2 to 16 words"):
        Fingerprinting(k=1)
    with pytest.raises(UsageError, match="--max-shared must be given with --fail-on passage"):
        CheckRule(max_shared=0.5)
    with pytest.raises(UsageError, match="--fail-on must be duplicate or passage"):
        CheckRule(fail_on="quote")


def _table(company: str, figures: list[tuple[str, str]]) -> tuple[str, list[str]]:
    labels = ("Shr", "Net", "Revs", "Avg shrs")
    return (f"{company} third-quarter results",
            [f"{label} {now} vs {before}" for label, (now, before) in zip(labels, figures,
                                                                          strict=True)]
            + [f"NOTE: {company} is based in Toronto."])


def test_a_results_table_copied_with_one_figure_changed_is_a_near_copy(tmp_path: Path) -> None:
    # Every line is shorter than --min-words: together they still make the copy.
    figures = [("eight cts", "six cts"), ("22.1 mln", "18.3 mln"), ("339.6 mln", "705.9 mln"),
               ("107.9 mln", "98.3 mln")]
    changed = [*figures[:2], ("339.6 mln", "715.9 mln"), figures[3]]
    other_quarter = [("four cts", "nine cts"), ("12.4 mln", "31.7 mln"),
                     ("281.0 mln", "402.5 mln"), ("109.2 mln", "97.6 mln")]
    result = run(tmp_path, {
        "a/table.txt": _table("Acme Corp", figures),
        "b/copy.txt": _table("Acme Corp", changed),
        "c/other.txt": _table("Acme Corp", other_quarter),  # same lines, other figures
    })
    assert [names(g.members) for g in result.duplicates] == [["copy.txt", "table.txt"]]


def test_a_copy_with_a_sentence_moved_and_words_edited_is_near(tmp_path: Path) -> None:
    title, pars = paragraphs_of("003")
    rng = random.Random(9)
    long = " ".join(pars[1:5])  # one long paragraph of several sentences (not the notice)
    sentences = long.split(". ")
    moved = ". ".join(sentences[1:] + sentences[:1])  # the first sentence put last
    result = run(tmp_path, {
        "a/original.txt": (title, [long, *pars[5:7]]),
        "b/rewrite.txt": (title, [edited(moved, 0.05, rng), *pars[5:7]]),
    })
    assert [g.kind for g in result.duplicates] == ["near"]


def test_a_copy_with_a_fifth_of_its_words_edited_is_near(tmp_path: Path) -> None:
    title, pars = paragraphs_of("000")
    rng = random.Random(4)
    result = run(tmp_path, {
        "a/original.txt": (title, pars),
        "b/rewrite.txt": (title, [edited(p, 0.2, rng) for p in pars]),
    })
    assert [g.kind for g in result.duplicates] == ["near"]


def test_a_trimmed_reprint_keeps_its_headline(tmp_path: Path) -> None:
    # A reprint that kept the headline and two short paragraphs of a long story is a
    # copy; the same paragraphs under another headline are only shared passages.
    title, pars = paragraphs_of("000")
    total = sum(len(p.split()) for p in pars)
    kept: list[str] = []
    for p in pars:  # story order, until a fifth of the words
        if sum(len(k.split()) for k in kept) < 0.2 * total:
            kept.append(p)
    assert 0.15 * total < sum(len(k.split()) for k in kept) < 0.35 * total
    _t, other = paragraphs_of("002")
    result = run(tmp_path, {
        "a/original.txt": (title, pars),
        "b/trimmed.txt": (title, kept),
        "c/quoting.txt": ("Another story", [*other, *kept]),
    })
    assert [names(g.members) for g in result.duplicates] == [["original.txt", "trimmed.txt"]]
    assert any("quoting.txt" in names(g.occurrences) for g in result.passages)


def test_wire_furniture_is_not_counted_as_story(tmp_path: Path) -> None:
    # A short wire story printed twice, each time under its outlet's header, byline and
    # copyright lines, with two words changed: the furniture must not dilute the copy.
    title, pars = paragraphs_of("004")
    story = pars[:3]
    rng = random.Random(2)
    copy = [edited(p, 0.02, rng) for p in story]
    result = run(tmp_path, {
        "a/wire.txt": (title, ["The Daily Gazette | World | Published 11 September 2005 | "
                               "By Peter Roberts, foreign correspondent", *story,
                               "© 2005 The Daily Gazette. All rights reserved.",
                               "(Reporting by Peter Roberts; Editing by Anna Chen)"]),
        "b/reprint.txt": (title, ["Posted on Sept. 12, 2005 by Laura Brennan",
                                  "By LAURA BRENNAN, staff writer", *copy,
                                  "Copyright 2005 The Valley Herald"]),
    })
    assert [g.kind for g in result.duplicates] == ["near"]
    assert result.duplicates[0].similarity >= 0.9
