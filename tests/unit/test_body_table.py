"""Bodies and flagged paragraphs kept as columns read back as the objects they stand for."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from corpus_cli.dedupe.flagged import FlaggedTable
from corpus_cli.index.bodies import (
    BodySource,
    BodyTable,
    body_column,
    sizes_at,
)
from corpus_cli.index.make import make_bodies
from corpus_cli.index.tokens import as_text
from corpus_cli.store.records import BodyParagraph, Flagged


def _source(key: int, paragraphs: list[str], title: str = "T") -> BodySource:
    text = "\n\n".join(paragraphs)
    spans, at = [], 0
    for n, p in enumerate(paragraphs):
        spans.append(BodyParagraph(n * 2, at, at + len(p), hash(p) & 0xFFFFFFF))
        at += len(p) + 2
    return BodySource(key, f"id{key}", f"a/{key}.txt", title, None, text, spans)


SOURCES = [
    _source(1, ["The officers wrote an open letter.", "It was signed by many."]),
    _source(2, []),  # a body with no story paragraph
    _source(-1, ["A new article, being checked.", "Two", "And a third paragraph here."]),
    _source(3, ["One paragraph only, quoting “the letter” again."], title="Other"),
]


def test_a_table_made_in_several_batches_reads_as_one_made_at_once() -> None:
    whole = make_bodies(SOURCES)
    table = BodyTable()
    for lo in range(0, len(SOURCES), 2):
        table.extend_table(make_bodies(SOURCES[lo : lo + 2]))
    assert len(table) == len(whole) == 4
    assert len(table.blocks) == 2
    for got, want in zip(table, whole, strict=True):
        assert (got.key, got.article_id, got.path, got.title, got.paragraphs, got.bounds,
                got.body_hash, got.text) == (want.key, want.article_id, want.path,
                                             want.title, want.paragraphs, want.bounds,
                                             want.body_hash, want.text)
        assert np.array_equal(got.tokens, want.tokens)
    assert table[-1].key == 3
    assert table[0].paragraphs[1] == SOURCES[0].paragraphs[1]
    assert len(as_text(table[0].tokens)) == table[0].words == 11
    with pytest.raises(IndexError):
        table[4]
    with pytest.raises(IndexError):
        table[-9]


def test_columns_agree_with_the_bodies() -> None:
    table = BodyTable()
    for src in SOURCES:  # a block per body: every lookup crosses blocks
        table.extend_table(make_bodies([src]))
    bodies = list(table)
    assert table.keys().tolist() == [1, 2, -1, 3]
    assert table.body_hashes().tolist() == [b.body_hash for b in bodies]
    assert body_column(table, "words").tolist() == body_column(bodies, "words").tolist() \
        == [11, 0, 11, 7]
    assert table.paragraph_sizes().tolist() == [n for b in bodies for n in np.diff(b.bounds)]
    assert table.paragraph_counts().tolist() == [2, 0, 3, 1]
    assert table.paragraph_column(3).tolist() == [p.hash for b in bodies for p in b.paragraphs]
    assert table.paragraph_offsets().tolist() == [q for b in bodies for q in b.bounds[:-1]]
    every = [(d, q) for d, b in enumerate(bodies) for q in range(len(b.paragraphs))]
    for g, (d, q) in enumerate(every):  # global paragraph numbers, across blocks
        b = bodies[d]
        assert np.array_equal(table.paragraph_tokens(g), b.tokens[b.bounds[q] : b.bounds[q + 1]])
    doc = np.array([d for d, _q in every], np.int64)
    pos = np.array([q for _d, q in every], np.int64)
    assert sizes_at(table, doc, pos).tolist() == sizes_at(bodies, doc, pos).tolist()
    assert np.array_equal(table.tokens_between(0, 4), np.concatenate([b.tokens for b in bodies]))
    assert np.array_equal(table.tokens_between(1, 3), bodies[2].tokens)


def test_texts_are_kept_by_the_table_and_stored_ones_can_be_left_out() -> None:
    table = make_bodies(SOURCES, keep_stored_text=False)
    assert [b.text is None for b in table] == [True, True, False, True]  # -1: not stored
    table[0].text = "fetched again"  # a body read from a table writes through to it
    assert table[0].text == "fetched again"
    assert table.texts[0] == "fetched again"
    table[0].text = None
    assert 0 not in table.texts
    with pytest.raises(AttributeError, match="columns"):
        table[0].paragraphs = []


def test_bodies_made_elsewhere_become_a_table_and_pickle_as_columns() -> None:
    bodies = list(make_bodies(SOURCES))
    table = BodyTable.of(bodies)
    again = pickle.loads(pickle.dumps(table))
    for got, want in zip(again, bodies, strict=True):
        assert (got.paragraphs, got.bounds, got.text) == (want.paragraphs, want.bounds, want.text)
        assert np.array_equal(got.tokens, want.tokens)
    assert len(BodyTable.of([])) == 0


def test_spilled_tokens_read_from_their_file_and_travel_as_its_name(tmp_path: Path) -> None:
    many = [_source(k, [f"Paragraph {k} {w} " * 50 for w in range(4)]) for k in range(40)]
    table = BodyTable()
    for lo in range(0, len(many), 16):
        table.extend_table(make_bodies(many[lo : lo + 16], keep_stored_text=False))
    want = [b.tokens.copy() for b in table]
    spill = tmp_path / "tokens.u32"
    table.spill_tokens(str(spill))
    assert spill.stat().st_size == 4 * sum(len(t) for t in want)  # every token, once
    sent = pickle.dumps(table)
    assert len(sent) < spill.stat().st_size / 4  # the file's name travels, not the tokens
    arrived = pickle.loads(sent)
    for copy in (table, arrived):
        for got, tokens in zip(copy, want, strict=True):
            assert np.array_equal(got.tokens, tokens)
        copy.release_tokens()  # pages given back; the file still answers
        assert np.array_equal(copy.tokens_between(0, len(copy)), np.concatenate(want))


def _resident_kib(path: Path) -> int:
    """KiB of ``path``'s maps resident in this process (``/proc/self/smaps``)."""
    resident, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if "-" in line.split(" ", 1)[0]:  # a map's header line
            inside = line.endswith(str(path))
        elif inside and line.startswith("Rss:"):
            resident += int(line.split()[1])
    return resident


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="needs Linux's /proc")
def test_spilled_tokens_read_hold_at_most_a_budget_of_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_cli.index import mapped

    many = [_source(k, [f"Word{k}x{w} " * 400 for w in range(5)]) for k in range(400)]
    table = BodyTable()
    for lo in range(0, len(many), 50):
        table.extend_table(make_bodies(many[lo : lo + 50], keep_stored_text=False))
    spill = tmp_path / "tokens.u32"
    table.spill_tokens(str(spill))
    size_kib = spill.stat().st_size // 1024
    assert size_kib > 3000  # 4 bytes a token, 800,000 tokens

    def resident_after_reading_all(budget: int) -> int:
        table.release_tokens()
        monkeypatch.setattr(mapped, "MAPPED_BUDGET", budget)
        table.release_tokens()  # the new budget in force
        for body in table:
            assert body.tokens.max() > 0  # each page of it read
        for paragraph in range(len(table.paragraph_column(0))):
            assert table.paragraph_tokens(paragraph).max() > 0
        return _resident_kib(spill)

    assert resident_after_reading_all(1 << 40) > size_kib * 0.9  # every page read stays
    assert resident_after_reading_all(256 << 10) < size_kib / 4  # pages given back


def test_flagged_paragraphs_read_back_body_by_body() -> None:
    flagged = {0: [Flagged(0, 5, 11), Flagged(9, 20, -3)], 7: [Flagged(1, 2, 3)]}
    table = FlaggedTable()
    for doc in range(10):
        table.add(doc, flagged.get(doc, []))
    assert table == flagged
    assert 7 in table
    assert 1 not in table
    assert "7" not in table
    assert table.get(3) is None
    assert table[0][1].hash == -3
    assert list(table) == [0, 7]
    assert len(table) == 2
    with pytest.raises(ValueError, match="out of order"):
        table.add(5, [Flagged(0, 1, 2)])
    other = FlaggedTable()
    other.add(1, [Flagged(4, 8, 99)])
    table.extend_table(pickle.loads(pickle.dumps(other)), first=10)
    assert dict(table.items()) == {**flagged, 11: [Flagged(4, 8, 99)]}
    with pytest.raises(KeyError):
        table[10]


def test_flagged_paragraphs_of_many_bodies_cross_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_cli.dedupe import flagged as module

    monkeypatch.setattr(module, "BLOCK", 3)
    want = {d: [Flagged(d, d + 1, d * 7)] * (d % 3) for d in range(0, 40, 2) if d % 3}
    table = FlaggedTable()
    for d in range(40):
        table.add(d, want.get(d, []))
    assert len(table._blocks) >= 4
    assert table == want
    assert pickle.loads(pickle.dumps(table)) == want
