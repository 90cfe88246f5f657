"""What is new since a date, and who is escalating."""

from __future__ import annotations

import pytest

from graph.analysis.escalation import boundaries, rising
from graph.analysis.novelty import new_since, novelty
from graph.analysis.run import escalation_rows, novelty_rows
from graph.store import Filters


def test_new_since_leaves_out_professionals_peers_and_placements() -> None:
    rows = [
        {"entity_id": "Person:tee", "type": "Person", "label": "Tee", "children": 1,
         "first_seen": "2026-02-02", "roles": ["ADULT_OF_CONCERN"]},
        {"entity_id": "Person:kai", "type": "Person", "label": "Kai", "children": 1,
         "first_seen": "2026-02-02", "roles": ["PEER"]},
        {"entity_id": "Location:home", "type": "Location", "label": "Home", "children": 1,
         "first_seen": "2026-02-02", "is_placement": True},
        {"entity_id": "Phone:+447700900123", "type": "Phone", "label": "p", "children": 0,
         "first_seen": "2026-02-02"},
    ]
    assert [r["entity_id"] for r in new_since(rows, "2026-02-01")] == ["Person:tee"]


def test_a_new_child_at_a_known_hotspot_is_said_once() -> None:
    rows = novelty(new_entities=[], new_links=[
        {"type": "AT", "source_id": "Child:C3", "target_id": "Location:flat",
         "first_seen": "2026-02-04", "document_ids": ["n8"], "child_ids": ["C3"]}],
        new_children=[{"entity_id": "Location:flat", "child_id": "C3",
                       "first_seen": "2026-02-04", "document_ids": ["n8"],
                       "children_before": 2}], hotspots=["Location:flat"])
    assert [r["kind"] for r in rows] == ["new_child_at_hotspot"]


def test_links_to_professionals_are_not_news() -> None:
    rows = novelty(new_entities=[], new_links=[
        {"type": "WITH", "source_id": "Child:C1", "target_id": "Person:sw",
         "first_seen": "2026-02-04", "document_ids": ["n8"], "child_ids": ["C1"]}],
        roles={"Person:sw": ["PROFESSIONAL"]})
    assert rows == []


def test_on_the_store_new_since(world) -> None:
    rows = novelty_rows(world, "2026-02-01")
    first = rows[0]
    assert (first["kind"], first["entity_id"], first["child_ids"]) == (
        "new_child_at_hotspot", "Location:queens park", ["C-3", "C-4"])
    kinds = {(r["kind"], r["entity_id"]) for r in rows}
    assert ("new_child_at_hotspot", "Location:18 mossfield court") in kinds
    assert ("new_link", "Person:jamie") in kinds
    assert ("new_entity", "Vehicle:MK15*") in kinds
    assert not any(r["entity_id"] == "Person:dean ashworth" for r in rows)


@pytest.mark.parametrize("end,periods,days,expected", [
    ("2026-03-01", 2, 7, ["2026-02-16", "2026-02-23", "2026-03-02"]),
    ("2026-03-01T23:59", 1, 28, ["2026-02-02", "2026-03-02"]),
])
def test_boundaries(end: str, periods: int, days: int, expected: list[str]) -> None:
    assert boundaries(end, periods=periods, days=days) == expected


def test_rising_compares_the_latest_period_with_the_average_before() -> None:
    rows = [{"child_id": "C1", "period": p, "episodes": n, "indicators": 0, "codes": []}
            for p, n in enumerate([2, 2, 2])]
    rows += [{"child_id": "C2", "period": p, "episodes": n, "indicators": 0, "codes": []}
             for p, n in enumerate([0, 1, 3])]
    out = rising(rows, periods=3)
    assert [(r["child_id"], r["episode_change"]) for r in out] == [("C2", 2.5)]


def test_push_factors_are_not_new_exploitation_codes() -> None:
    rows = [{"child_id": "C1", "period": 1, "episodes": 0, "indicators": 1,
             "codes": ["MENTAL_HEALTH"]}]
    (row,) = rising(rows, periods=2)
    assert row["new_codes"] == [] and row["indicator_change"] == 1


def test_on_the_store_cara_is_escalating(world) -> None:
    rows = escalation_rows(world, Filters(until="2026-02-28"), periods=2, days=28)
    assert rows[0]["child_id"] == "C-3" and rows[0]["label"] == "Cara Cole"
    assert rows[0]["episodes"] == [0, 3]
    assert rows[0]["periods"][-1] == {"from": "2026-02-01", "to": "2026-02-28"}
