"""Finding A and B by what a user types, and the evidenced path between them."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.paths import evidence_path, lookup
from graph.analysis.run import NotFound, path_rows

NAMES = [
    {"entity_id": "Person:dean ashworth", "type": "Person", "name": "Dean Ashworth"},
    {"entity_id": "Person:dean ashworth", "type": "Person", "name": "Deano"},
    {"entity_id": "Person:deano", "type": "Person", "name": "deano"},
    {"entity_id": "Vehicle:MK15XRT", "type": "Vehicle", "name": "MK15 XRT"},
    {"entity_id": "Phone:+447700900123", "type": "Phone", "name": "07700 900123"},
    {"entity_id": "OnlineAccount:deano.bl1", "type": "OnlineAccount", "name": "deano.bl1"},
    {"entity_id": "Location:18 mossfield court", "type": "Location",
     "name": "18 Mossfield Court"},
]


@pytest.mark.parametrize("query,entity_id,how", [
    ("Person:dean ashworth", "Person:dean ashworth", "id"),
    ("mk15 xrt", "Vehicle:MK15XRT", "key"),
    ("+44 7700 900123", "Phone:+447700900123", "key"),
    ("@Deano.BL1", "OnlineAccount:deano.bl1", "key"),
    ("DEANO", "Person:deano", "name"),          # its own key beats the other's alias
    ("18 mosfield court", "Location:18 mossfield court", "fuzzy"),
    ("Dean Ashwroth", "Person:dean ashworth", "fuzzy"),
])
def test_lookup(query: str, entity_id: str, how: str) -> None:
    best = lookup(query, NAMES)[0]
    assert (best["entity_id"], best["how"]) == (entity_id, how)


def test_lookup_of_nothing_close_is_empty() -> None:
    assert lookup("zzqx", NAMES) == []


def test_path_prefers_hops_with_more_records() -> None:
    g = nx.Graph()
    g.add_edge("a", "x", documents={"d1"})
    g.add_edge("x", "b", documents={"d1"})
    g.add_edge("a", "y", documents={"d1", "d2", "d3"})
    g.add_edge("y", "b", documents={"d4", "d5"})
    assert [r["entity_id"] for r in evidence_path(g, "a", "b")] == ["y", "b"]


def test_no_path() -> None:
    g = nx.Graph([("a", "b")])
    g.add_node("c")
    assert evidence_path(g, "a", "c") == [] and evidence_path(g, "a", "zzz") == []


def test_on_the_store_every_hop_names_its_documents(world) -> None:
    rows = path_rows(world, "Deano", "MK15")
    assert rows[0]["query"]["from"]["entity_id"] == "Person:dean ashworth"
    assert rows[-1]["entity_id"] == "Vehicle:MK15*"
    assert all(r["documents"] for r in rows)
    assert [r["hop"] for r in rows] == list(range(1, len(rows) + 1))


def test_on_the_store_professionals_are_not_a_shortcut(world) -> None:
    around = path_rows(world, "Amy Ash", "Dee Dale")
    assert "Person:sue smith" not in {r["entity_id"] for r in around}
    assert len(around) == 2
    # a professional asked about is an end of the path, so it is kept
    (hop,) = path_rows(world, "Sue Smith", "Dee Dale")
    assert hop["relations"] == ["MENTIONED_IN"] and hop["documents"] == ["n4"]


def test_a_path_through_a_name_written_as_two_roles_carries_a_caution(world) -> None:
    g = nx.Graph()
    g.add_edge("Child:C-1", "Person:jamie", person_roles={"PEER"}, documents={"n1"})
    g.add_edge("Person:jamie", "Child:C-4", person_roles={"ADULT_OF_CONCERN"},
               documents={"n4"})
    rows = evidence_path(g, "Child:C-1", "Child:C-4")
    assert rows[0]["caution"] is None and "two people" in rows[1]["caution"]


def test_on_the_store_unknown_names_fail_clearly(world) -> None:
    with pytest.raises(NotFound, match="nothing in the store matches"):
        path_rows(world, "zzqx", "Deano")
