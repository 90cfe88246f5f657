"""Same seed, same bytes; a different seed, a different area."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rhigraph.scenario import DEFAULT_START, generate

from .conftest import CHILDREN, SEED, WEEKS


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(scenario_dir, tmp_path):
    again = generate(tmp_path, children=CHILDREN, weeks=WEEKS, seed=SEED)
    first, second = _files(scenario_dir), _files(tmp_path)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    suffixes = {Path(name).suffix for name in first}
    assert {".txt", ".docx", ".pdf", ".json", ".csv"} <= suffixes
    assert again["summary"]["episodes"] > CHILDREN


def test_different_seed_gives_different_scenario(tmp_path):
    one = generate(tmp_path / "a", children=8, weeks=4, seed=1)
    two = generate(tmp_path / "b", children=8, weeks=4, seed=2)
    assert (tmp_path / "a" / "episodes.csv").read_bytes() != (
        tmp_path / "b" / "episodes.csv"
    ).read_bytes()
    assert [c["name"] for c in one["children"]] != [c["name"] for c in two["children"]]


def test_default_start_is_fixed_not_today(truth):
    assert dt.date(2026, 1, 5) == DEFAULT_START and DEFAULT_START.weekday() == 0
    assert truth["scenario"]["start"] == "2026-01-05"
    assert truth["scenario"]["end"] == (DEFAULT_START + dt.timedelta(weeks=WEEKS)).isoformat()


def test_regenerating_into_the_same_folder_replaces_old_documents(tmp_path):
    generate(tmp_path, children=8, weeks=4, seed=1, formats={"txt": 1})
    stray = tmp_path / "notes" / "keep_me.md"
    stray.write_text("not generated")
    truth = generate(tmp_path, children=6, weeks=3, seed=5, formats={"txt": 1})
    expected = {d["path"] for d in truth["documents"]}
    found = {
        str(p.relative_to(tmp_path))
        for p in tmp_path.rglob("*")
        if p.suffix in (".txt", ".docx", ".pdf")
        or (p.suffix == ".json" and not p.name.endswith(".gold.json") and p.name != "truth.json")
    }
    assert found == expected
    assert stray.exists()
