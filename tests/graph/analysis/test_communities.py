"""Communities and brokers on small known graphs."""

from __future__ import annotations

import networkx as nx

from graph.analysis.communities import betweenness, find_brokers, find_communities
from graph.analysis.run import community_rows


def two_groups_and_a_bridge() -> nx.Graph:
    g = nx.Graph()
    left = [("Child:A1", "Person:dean"), ("Child:A2", "Person:dean"),
            ("Child:A1", "Location:flat"), ("Child:A2", "Location:flat"),
            ("Child:A3", "Person:dean"), ("Child:A3", "Location:flat")]
    right = [("Child:B1", "Person:tee"), ("Child:B2", "Person:tee"),
             ("Child:B1", "Location:park"), ("Child:B2", "Location:park"),
             ("Child:B3", "Person:tee"), ("Child:B3", "Location:park")]
    bridge = [("Child:A3", "Vehicle:MK15XRT"), ("Child:B3", "Vehicle:MK15XRT")]
    g.add_edges_from(left + right + bridge, weight=1)
    for node in g:
        g.nodes[node].update(type=node.split(":")[0], label=node.split(":")[1])
    return g


def test_two_groups_are_found_and_the_car_is_the_broker() -> None:
    g = two_groups_and_a_bridge()
    groups = find_communities(g, seed=1)
    assert sorted(sorted(c["child_id"] for c in r["children_linked"]) for r in groups) == [
        ["A1", "A2", "A3"], ["B1", "B2", "B3"]]
    brokers = find_brokers(g, seed=1, top=1)
    assert brokers[0]["entity_id"] == "Vehicle:MK15XRT"
    assert brokers[0]["communities_bridged"] == 2


def test_the_same_seed_gives_the_same_communities() -> None:
    g = two_groups_and_a_bridge()
    first = [r["community"] for r in find_communities(g, seed=3)]
    assert first == [r["community"] for r in find_communities(g, seed=3)]


def test_large_graphs_sample_betweenness() -> None:
    g = nx.path_graph(700)
    values = betweenness(g, seed=0)
    assert len(values) == 700 and max(values, key=values.get) in range(250, 450)


def test_empty_graph() -> None:
    assert find_communities(nx.Graph()) == [] and find_brokers(nx.Graph()) == []


def test_on_the_store_professionals_and_placements_are_left_out(world) -> None:
    rows = community_rows(world)
    members = {m["entity_id"] for r in rows for key in ("adults", "others", "places")
               for m in r[key]}
    assert "Person:sue smith" not in members
    assert "Location:12 hind street" not in members and "Location:bolton" not in members
    brokers = community_rows(world, brokers=True)
    assert all(r["type"] != "Child" for r in brokers)
    assert {r["entity_id"] for r in brokers} >= {"Vehicle:MK15XRT", "Phone:+447700900123"}
