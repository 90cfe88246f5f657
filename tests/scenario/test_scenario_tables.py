"""episodes.csv and placements.csv in the FORMATS.md section 1 and 2 shapes."""

from __future__ import annotations

import csv
import datetime as dt

from dateutil import parser

from rhigraph.scenario.areas import GMP
from rhigraph.scenario.episodes import OUTCOMES
from rhigraph.scenario.tables import EPISODE_HEADERS, PLACEMENT_HEADERS


def _when(value: str) -> dt.datetime | None:
    return parser.parse(value, dayfirst=True) if value else None


def test_episode_headers_are_canonical(scenario_dir):
    with (scenario_dir / "episodes.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == EPISODE_HEADERS
    assert "reported_missing_at" in header and "rhi_outcome" in header


def test_dates_are_day_first_and_in_order(episodes):
    assert any(int(r["reported_missing_at"][:2]) > 12 for r in episodes), "day-first dates"
    for r in episodes:
        reported = _when(r["reported_missing_at"])
        returned = _when(r["returned_at"])
        assert dt.datetime.strptime(r["reported_missing_at"], "%d/%m/%Y %H:%M") == reported
        if returned:
            assert returned >= reported, r["episode_id"]
        offered, completed = _when(r["rhi_offered_at"]), _when(r["rhi_completed_at"])
        if completed:
            assert offered and returned and returned <= offered <= completed, r["episode_id"]


def test_open_episode_has_no_return_and_no_interview(episodes):
    open_rows = [r for r in episodes if not r["returned_at"]]
    assert open_rows
    for r in open_rows:
        assert r["found_at"] == r["rhi_offered_at"] == r["rhi_completed_at"] == ""
        assert r["rhi_outcome"] == ""


def test_outcomes_risks_and_authorities(episodes):
    outcomes = {r["rhi_outcome"] for r in episodes if r["rhi_outcome"]}
    assert outcomes <= set(OUTCOMES)
    assert {"completed", "declined_by_child", "not_offered", "missing_again"} <= outcomes
    assert {r["risk_level"] for r in episodes} <= {"no apparent risk", "low", "medium", "high"}
    for r in episodes:
        if r["rhi_outcome"] == "not_offered":
            assert not r["rhi_offered_at"]
        if r["rhi_outcome"] == "declined_by_parent":
            assert r["looked_after"] == "N"
        if r["host_force"]:
            assert r["host_force"] == GMP and r["home_force"] != GMP and r["host_la"]
    assert len({r["episode_id"] for r in episodes}) == len(episodes)


def test_every_outcome_occurs_in_a_full_size_area(tmp_path):
    from rhigraph.scenario import generate

    truth = generate(tmp_path, children=60, weeks=12, seed=3, formats={"txt": 1})
    assert all(count > 0 for count in truth["summary"]["rhi"]["outcomes"].values()), truth[
        "summary"
    ]["rhi"]["outcomes"]
    assert truth["summary"]["placed_from_outside_gm"] > 0


def test_placements_match_children(scenario_dir, truth):
    with (scenario_dir / "placements.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == PLACEMENT_HEADERS
        rows = list(reader)
    types = {
        "foster",
        "childrens_home_public",
        "childrens_home_private",
        "supported_accommodation",
        "secure",
        "family",
    }
    assert {r["placement_type"] for r in rows} <= types
    current = {r["child_id"]: r for r in rows if not r["end"]}
    assert set(current) == {c["id"] for c in truth["children"]}
    for child in truth["children"]:
        row = current[child["id"]]
        assert row["placement_type"] == child["placement_type"]
        assert row["responsible_la"] == child["responsible_la"]
        assert (row["host_la"] or row["responsible_la"]) == child["host_la"]
    for r in rows:
        if r["end"]:
            assert _when(r["start"]) <= _when(r["end"])
