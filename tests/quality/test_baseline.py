"""The baseline mechanism behind the quality gates, on small data and a fake evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.quality.baseline import Bound, Entry, Gate, check, checksum, enforce, load, save, update


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "annotations").mkdir(parents=True)
    (folder / "annotations" / "a.json").write_bytes(b'{"quote": "one"}')
    (folder / "b.txt").write_bytes(b"two")
    return folder


def fake_gate(folder: Path, scores: dict[str, Any]) -> Gate:
    return Gate("fake", folder, folder, lambda f: sorted(p for p in f.rglob("*") if p.is_file()),
                lambda _f: scores)


def write_baseline(path: Path, folder: Path, bounds: dict[str, Bound],
                   sha256: str | None = None) -> Path:
    save(path, {"fake": Entry(sha256 or checksum(folder), bounds, "data")})
    return path


# -- checksum ---------------------------------------------------------------------------------


def test_checksum_is_stable_and_follows_a_changed_byte(data: Path) -> None:
    before = checksum(data)
    assert checksum(data) == before
    (data / "b.txt").write_bytes(b"twO")
    assert checksum(data) != before
    (data / "b.txt").write_bytes(b"two")
    assert checksum(data) == before


def test_checksum_follows_a_renamed_file(data: Path) -> None:
    before = checksum(data)
    (data / "b.txt").rename(data / "c.txt")
    assert checksum(data) != before


def test_checksum_tells_a_file_name_from_its_bytes(tmp_path: Path) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    one.mkdir()
    other.mkdir()
    (one / "ab").write_bytes(b"c")
    (other / "a").write_bytes(b"bc")
    assert checksum(one) != checksum(other)


def test_checksum_covers_only_the_files_named(data: Path) -> None:
    used = [data / "b.txt"]
    before = checksum(data, used)
    (data / "annotations" / "a.json").write_bytes(b"changed")
    assert checksum(data, used) == before
    (data / "b.txt").write_bytes(b"changed")
    assert checksum(data, used) != before


# -- check ------------------------------------------------------------------------------------

BOUNDS: dict[str, Bound] = {"article.precision": {"min": 0.99},
                            "article.kinds.edit 5%.recall": {"min": 0.9},
                            "false_exact_groups": {"max": 0},
                            "pairs": {"min": 98, "max": 98}}


def scores_of(precision: float = 1.0, edit5: float = 0.95, false_exact: int = 0,
              pairs: int = 98) -> dict[str, Any]:
    return {"article": {"precision": precision, "kinds": {"edit 5%": {"recall": edit5}}},
            "false_exact_groups": false_exact, "pairs": pairs}


def test_check_passes_scores_within_every_bound() -> None:
    assert check(scores_of(), BOUNDS) == []
    assert check(scores_of(precision=0.99, edit5=0.9), BOUNDS) == []


def test_check_reports_a_metric_under_its_floor() -> None:
    failures = check(scores_of(edit5=0.8912), BOUNDS)
    assert failures == ["article.kinds.edit 5%.recall = 0.8912, under its floor min 0.9"]


def test_check_reports_a_metric_over_its_ceiling() -> None:
    failures = check(scores_of(false_exact=3), BOUNDS)
    assert failures == ["false_exact_groups = 3, over its ceiling max 0"]


def test_check_reports_an_exact_count_off_either_way() -> None:
    assert check(scores_of(pairs=97), BOUNDS) == ["pairs = 97, under its floor min 98"]
    assert check(scores_of(pairs=99), BOUNDS) == ["pairs = 99, over its ceiling max 98"]


def test_check_reports_a_metric_the_scores_lack() -> None:
    scores = scores_of()
    del scores["article"]["kinds"]["edit 5%"]
    [failure] = check(scores, BOUNDS)
    assert failure.startswith("article.kinds.edit 5%.recall: not measured")


# -- update -----------------------------------------------------------------------------------


def run_update(baseline: Path, gate: Gate, **options: Any) -> tuple[int, str]:
    lines: list[str] = []
    status = update(baseline, {"fake": gate}, out=lines.append, **options)
    return status, "\n".join(lines)


def test_update_writes_tighter_bounds(tmp_path: Path, data: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", data,
                              {"precision": {"min": 0.5}, "stitches": {"max": 5},
                               "pairs": {"min": 98, "max": 98}})
    gate = fake_gate(data, {"precision": 0.9234, "stitches": 2, "pairs": 98})
    status, output = run_update(baseline, gate)
    assert status == 0
    assert load(baseline)["fake"].bounds == {"precision": {"min": 0.918}, "stitches": {"max": 2},
                                             "pairs": {"min": 98, "max": 98}}
    assert "min 0.5 -> min 0.918" in output


def test_update_keeps_a_bound_that_still_holds(tmp_path: Path, data: Path) -> None:
    # the margin would give 0.898; the floor of 0.9 is met, so it stays and nothing is refused
    baseline = write_baseline(tmp_path / "baseline.json", data, {"precision": {"min": 0.9}})
    before = baseline.read_text(encoding="utf-8")
    status, output = run_update(baseline, fake_gate(data, {"precision": 0.9031}))
    assert status == 0
    assert baseline.read_text(encoding="utf-8") == before
    assert "no change" in output


def test_update_refuses_a_looser_bound_without_force(tmp_path: Path, data: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", data,
                              {"precision": {"min": 0.9}, "stitches": {"max": 2}})
    gate = fake_gate(data, {"precision": 0.8, "stitches": 3})
    before = baseline.read_text(encoding="utf-8")
    status, output = run_update(baseline, gate)
    assert status == 1
    assert baseline.read_text(encoding="utf-8") == before
    assert "LOOSER: min 0.9 -> min 0.795" in output
    assert "LOOSER: max 2 -> max 3" in output
    assert "--force" in output

    status, _output = run_update(baseline, gate, force=True)
    assert status == 0
    assert load(baseline)["fake"].bounds == {"precision": {"min": 0.795},
                                             "stitches": {"max": 3}}


def test_update_writes_the_tighter_bounds_and_refuses_the_looser(tmp_path: Path,
                                                                  data: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", data,
                              {"precision": {"min": 0.9}, "recall": {"min": 0.5}})
    status, _output = run_update(baseline, fake_gate(data, {"precision": 0.8, "recall": 0.9}))
    assert status == 1
    assert load(baseline)["fake"].bounds == {"precision": {"min": 0.9},
                                             "recall": {"min": 0.895}}


def test_update_refuses_a_changed_checksum_without_force(tmp_path: Path, data: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", data, {"precision": {"min": 0.9}},
                              sha256="0" * 64)
    gate = fake_gate(data, {"precision": 0.95})
    before = baseline.read_text(encoding="utf-8")
    status, output = run_update(baseline, gate)
    assert status == 1
    assert baseline.read_text(encoding="utf-8") == before
    assert "CHANGED" in output
    assert "refused" in output

    status, _output = run_update(baseline, gate, force=True)
    assert status == 0
    entry = load(baseline)["fake"]
    assert entry.sha256 == checksum(data)
    assert entry.bounds == {"precision": {"min": 0.945}}


def test_update_dry_run_writes_nothing(tmp_path: Path, data: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", data, {"precision": {"min": 0.5}})
    before = baseline.read_text(encoding="utf-8")
    status, output = run_update(baseline, fake_gate(data, {"precision": 0.9}), dry_run=True)
    assert status == 0
    assert "min 0.5 -> min 0.895" in output
    assert baseline.read_text(encoding="utf-8") == before


# -- the gate under pytest --------------------------------------------------------------------


def test_missing_data_fails_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=str(missing)):
        enforce(fake_gate(missing, {}), tmp_path / "baseline.json")


@pytest.mark.parametrize("ci", [None, "", "0", "false"])
def test_missing_data_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       ci: str | None) -> None:
    missing = tmp_path / "nowhere"
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="with CI set this fails"):
        enforce(fake_gate(missing, {}), tmp_path / "baseline.json")


def test_gate_fails_on_other_data_before_scoring(tmp_path: Path, data: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", data, {"precision": {"min": 0.9}},
                              sha256="0" * 64)

    def never(_folder: Path) -> dict[str, Any]:
        raise AssertionError("scored data the bounds were not measured on")

    gate = Gate("fake", data, data, lambda f: sorted(p for p in f.rglob("*") if p.is_file()),
                never)
    with pytest.raises(pytest.fail.Exception, match="measured on other data"):
        enforce(gate, baseline)


def test_gate_fails_naming_each_broken_bound(tmp_path: Path, data: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", data,
                              {"precision": {"min": 0.9}, "stitches": {"max": 2}})
    enforce(fake_gate(data, {"precision": 0.95, "stitches": 2}), baseline)
    with pytest.raises(pytest.fail.Exception) as failed:
        enforce(fake_gate(data, {"precision": 0.85, "stitches": 4}), baseline)
    assert "precision = 0.8500, under its floor min 0.9" in str(failed.value)
    assert "stitches = 4, over its ceiling max 2" in str(failed.value)
