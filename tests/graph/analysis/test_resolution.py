"""The analyses read entity resolution's clusters (issue 5): what resolution merges, they
count as one; what it splits (one first name, two people), they never pool."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.analysis.run import (
    associates_rows,
    hotspots_rows,
    identifier_rows,
    path_rows,
    triangle_rows,
)
from graph.store import SQLiteStore

CLUSTERS = [
    # the partial plate in Dee's note is the Golf's
    ("Vehicle:MK15*", "", "Vehicle:MK15XRT"),
    # "Jamie" in Amy's and Beth's notes is the 15-year-old friend, split from the driver
    ("Person:jamie", "n1", "Person:jamie#2"), ("Person:jamie", "n2", "Person:jamie#2"),
]


@pytest.fixture
def resolved(make_world: Callable[[], SQLiteStore]) -> SQLiteStore:
    store = make_world()
    store.replace_resolution(
        [{"entity_id": e, "document_id": d, "cluster_id": c,
          "canonical_id": c.split("#")[0], "score": 1.0, "reasons": ["test"]}
         for e, d, c in CLUSTERS], [], resolved_at="2026-03-01T00:00:00+00:00",
        fingerprint="test")
    return store


def test_a_merged_partial_plate_counts_with_the_full_one(resolved) -> None:
    rows = identifier_rows(resolved, types=("Vehicle",), min_children=1)
    assert [(r["entity_id"], [c["child_id"] for c in r["children_linked"]]) for r in rows] \
        == [("Vehicle:MK15XRT", ["C-1", "C-3", "C-4"])]
    assert set(rows[0]["members"]) == {"Vehicle:MK15XRT", "Vehicle:MK15*"}
    assert "MK15" in rows[0]["variants"]


def test_a_split_first_name_is_two_people(resolved) -> None:
    rows = associates_rows(resolved)
    found = {(r["entity_id"], r["role"]): r for r in rows}
    driver, friend = found[("Person:jamie", "ADULT_OF_CONCERN")], \
        found[("Person:jamie#2", "PEER")]
    assert [c["child_id"] for c in driver["children_linked"]] == ["C-3", "C-4"]
    assert [c["child_id"] for c in friend["children_linked"]] == ["C-1", "C-2"]
    assert not driver["ambiguous"] and not friend["ambiguous"]
    assert friend["label"] == "Jamie"


def test_graphs_use_the_clusters(resolved) -> None:
    hops = path_rows(resolved, "Amy Ash", "Dee Dale")
    assert "Person:jamie" not in {h["entity_id"] for h in hops}, \
        "the friend and the driver no longer make one node to pass through"
    assert all(r["adult_id"] != "Person:jamie#2" for r in triangle_rows(resolved))
    assert hotspots_rows(resolved)[0]["entity_id"] == "Location:18 mossfield court"
