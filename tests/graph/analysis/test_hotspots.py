"""Hotspots: places ranked by what happened there, with the context apart."""

from __future__ import annotations

import pytest

from graph.analysis.hotspots import context_of, rank_hotspots, score_of, trend_of
from graph.analysis.run import hotspots_rows
from graph.store import Filters


def place(entity_id: str, **signals: object) -> dict[str, object]:
    row: dict[str, object] = {"entity_id": entity_id, "label": entity_id, "children": 1}
    row.update(signals)
    return row


@pytest.mark.parametrize("row,expected", [
    (place("p", is_placement=True, direct_children=4), "placement"),
    (place("h", home_children=1, direct_children=3), "placement"),
    (place("t", props={"kind": "Town"}, direct_children=5), "area"),
    (place("s", direct_children=0, missing_from=3), "named"),
    (place("f", direct_children=0, adults_of_concern=1), None),
    (place("old", children=2), None),  # an entity_activity row: children count as direct
])
def test_context(row: dict[str, object], expected: str | None) -> None:
    assert context_of(row) == expected


def test_what_happened_there_outranks_how_many_were_found_there() -> None:
    park = place("park", children=6, direct_children=6, found_at=6)
    flat = place("flat", children=2, direct_children=2, concern_children=2,
                 adults_of_concern=1, intel_documents=2)
    assert score_of(flat) > score_of(park)
    assert [r["entity_id"] for r in rank_hotspots([park, flat])] == ["flat", "park"]


def test_placements_are_shown_apart_not_dropped() -> None:
    rows = [place("home", children=5, is_placement=True, direct_children=5),
            place("flat", children=2, direct_children=2)]
    assert [r["entity_id"] for r in rank_hotspots(rows)] == ["flat"]
    assert [r["entity_id"] for r in rank_hotspots(rows, context_only=True)] == ["home"]
    both = rank_hotspots(rows, include_placements=True)
    assert [(r["entity_id"], r["context"]) for r in both] == [("home", "placement"),
                                                              ("flat", None)]


def test_ties_go_to_more_children_then_recency() -> None:
    rows = [place("a", children=1, direct_children=2, recency=0.5),
            place("b", children=2, direct_children=2, recency=0.1),
            place("c", children=1, direct_children=2, recency=0.9)]
    assert [r["entity_id"] for r in rank_hotspots(rows)] == ["b", "c", "a"]


@pytest.mark.parametrize("recent,previous,trend,change", [
    (2, 0, "new", 2), (3, 1, "up", 2), (1, 3, "down", -2), (2, 2, "steady", 0)])
def test_trend_against_previous_period(recent: int, previous: int, trend: str,
                                       change: int) -> None:
    row = place("x", direct_children=1, recent_children=recent, previous_children=previous)
    assert trend_of(row) == trend
    assert rank_hotspots([row])[0]["change"] == change


def test_min_children_filters() -> None:
    rows = [place("a", children=1, direct_children=1), place("b", children=3,
                                                            direct_children=3)]
    assert [r["entity_id"] for r in rank_hotspots(rows, min_children=2)] == ["b"]


def test_on_the_store_the_flat_with_the_adult_ranks_first(world) -> None:
    rows = hotspots_rows(world)
    assert [r["entity_id"] for r in rows] == ["Location:18 mossfield court",
                                              "Location:queens park"]
    flat = rows[0]
    assert flat["adults_of_concern"] == 1 and flat["intel_documents"] == 1
    assert [c["child_id"] for c in flat["children_linked"]] == ["C-1", "C-2", "C-3"]
    assert {"the flat on Mossfield Court", "18 Mossfield Ct"} <= set(flat["variants"])
    assert {e["document_id"] for e in flat["evidence"]} >= {"n1", "n2", "f1", "episodes.csv"}
    context = {r["entity_id"]: r["context"] for r in hotspots_rows(world, placements=True)}
    assert context == {"Location:12 hind street": "placement", "Location:bolton": "area"}


@pytest.mark.parametrize("filters,expected", [
    (Filters(area="Wigan"), {"Location:18 mossfield court": 1, "Location:queens park": 1}),
    (Filters(area="BL1"), {"Location:18 mossfield court": 3}),
    (Filters(since="2026-02-01"), {"Location:18 mossfield court": 1,
                                   "Location:queens park": 2}),
    (Filters(categories=("CCE",)), {"Location:queens park": 1}),
    (Filters(min_grading=True, since="2026-02-15"), {}),
])
def test_filters_reach_the_ranking(world, filters: Filters, expected: dict[str, int]) -> None:
    assert {r["entity_id"]: r["children"] for r in hotspots_rows(world, filters)} == expected
