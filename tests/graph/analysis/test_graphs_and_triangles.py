"""Evidence graphs (folding episodes and documents) and the triangles found in them."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.graphs import evidence_graph, without
from graph.analysis.run import triangle_rows
from graph.analysis.triangles import find_triangles


def link(kind: str, source: str, target: str, child: str | None = None, doc: str = "d",
         when: str = "2026-01-05") -> dict[str, object]:
    return {"id": id(object()), "type": kind, "source_id": source, "target_id": target,
            "child_id": child, "document_id": doc, "observed_at": when}


def test_episodes_and_documents_fold_into_their_child() -> None:
    g = evidence_graph([
        link("MISSING_EPISODE", "Child:C1", "Episode:E1", "C1", "episodes.csv"),
        link("FOUND_AT", "Episode:E1", "Location:park", "C1", "episodes.csv"),
        link("MENTIONED_IN", "Vehicle:MK15XRT", "Document:n1", "C1", "n1"),
        link("MENTIONED_IN", "Child:C1", "Document:n1", "C1", "n1"),
        link("MENTIONED_IN", "Phone:+447700900123", "Document:f1", None, "f1"),
    ])
    assert sorted(map(sorted, g.edges)) == [["Child:C1", "Location:park"],
                                            ["Child:C1", "Vehicle:MK15XRT"]]
    assert g.edges["Child:C1", "Location:park"]["documents"] == {"episodes.csv"}


def test_intelligence_joins_what_it_names_together() -> None:
    g = evidence_graph([
        link("MENTIONED_IN", "Person:dean", "Document:f1", None, "f1"),
        link("MENTIONED_IN", "Location:flat", "Document:f1", None, "f1"),
    ], co_mention_documents=["f1"])
    assert g.edges["Person:dean", "Location:flat"]["relations"] == {"NAMED_TOGETHER"}


def test_edges_remember_the_role_each_document_gave_a_person() -> None:
    g = evidence_graph([link("WITH", "Child:C1", "Person:jamie", "C1", "n1")],
                       document_roles={("Person:jamie", "n1"): ["PEER"]},
                       roles={"Person:jamie": ["PEER", "ADULT_OF_CONCERN"]})
    assert g.edges["Child:C1", "Person:jamie"]["person_roles"] == {"PEER"}
    assert g.nodes["Person:jamie"]["role"] == "ADULT_OF_CONCERN"


def test_without_drops_professionals_and_hubs_but_keeps_mixed_roles() -> None:
    g = nx.Graph([("Child:C1", "Person:sw"), ("Child:C1", "Person:steph"),
                  ("Child:C1", "Organisation:gmp")])
    g.nodes["Person:sw"]["roles"] = ["PROFESSIONAL", "UNKNOWN"]
    g.nodes["Person:steph"]["roles"] = ["PROFESSIONAL", "ADULT_OF_CONCERN"]
    kept = without(g, types=["Organisation"], roles=["PROFESSIONAL"])
    assert sorted(kept.nodes) == ["Child:C1", "Person:steph"]


def triangle_graph(edges: list[tuple[str, str, str, str]],
                   roles: dict[str, list[str]] | None = None) -> nx.Graph:
    g = nx.Graph()
    for a, b, relation, doc in edges:
        g.add_edge(a, b, relations={relation}, documents={doc})
    for node in g:
        g.nodes[node]["type"] = node.split(":")[0]
    for node, found in (roles or {}).items():
        g.nodes[node]["roles"] = found
    return g


ADULT = {"Person:dean": ["ADULT_OF_CONCERN"]}


@pytest.mark.parametrize("edges,expected", [
    # closed with one child
    ([("Child:C1", "Location:flat", "AT", "n1"), ("Child:C1", "Person:dean", "WITH", "n1"),
      ("Person:dean", "Location:flat", "LIVES_AT", "f1")], [("closed", ["C1"])]),
    # two children share place and adult, adult not linked to the place
    ([("Child:C1", "Location:park", "AT", "n1"), ("Child:C1", "Person:dean", "WITH", "n1"),
      ("Child:C2", "Location:park", "AT", "n2"), ("Child:C2", "Person:dean", "WITH", "n2")],
     [("shared", ["C1", "C2"])]),
    # one child, open: nothing
    ([("Child:C1", "Location:park", "AT", "n1"), ("Child:C1", "Person:dean", "WITH", "n1")],
     []),
    # the place is a child's placement: context, nothing
    ([("Child:C1", "Location:home", "PLACED_AT", "p"), ("Child:C1", "Person:dean", "WITH", "n1"),
      ("Child:C2", "Location:home", "AT", "n2"), ("Child:C2", "Person:dean", "WITH", "n2")],
     []),
])
def test_triangles(edges: list[tuple[str, str, str, str]],
                   expected: list[tuple[str, list[str]]]) -> None:
    rows = find_triangles(triangle_graph(edges, ADULT))
    assert [(r["kind"], r["children"]) for r in rows] == expected


def test_an_edge_resting_only_on_a_peer_note_is_not_evidence_about_the_adult() -> None:
    g = triangle_graph([("Child:C1", "Location:park", "AT", "n1"),
                        ("Child:C1", "Person:jamie", "WITH", "n1"),
                        ("Child:C2", "Location:park", "AT", "n2"),
                        ("Child:C2", "Person:jamie", "WITH", "n2")],
                       {"Person:jamie": ["ADULT_OF_CONCERN", "PEER"]})
    g.edges["Child:C1", "Person:jamie"]["person_roles"] = {"PEER"}
    assert find_triangles(g) == []


def test_a_meeting_pack_graph_without_roles_or_documents_works() -> None:
    g = nx.Graph()
    g.add_edge("Child:C1", "Location:flat", types={"AT"}, weight=1)
    g.add_edge("Child:C1", "Person:dean", types={"WITH"}, weight=1)
    g.add_edge("Person:dean", "Location:flat", types={"LIVES_AT"}, weight=1)
    for node in g:
        g.nodes[node].update(type=node.split(":")[0], label=node.split(":")[1])
    (row,) = find_triangles(g)
    assert (row["location"], row["adult"], row["children"], row["documents"]) == (
        "flat", "dean", ["C1"], [])


def test_on_the_store(world) -> None:
    rows = triangle_rows(world)
    top = rows[0]
    assert (top["kind"], top["location_id"], top["adult_id"], top["children"]) == (
        "closed", "Location:18 mossfield court", "Person:dean ashworth", ["C-1", "C-2"])
    assert "f1" in top["evidence"]["adult_place"]["documents"]
    assert {"n1", "n2", "f1"} <= set(top["documents"])
    assert [c["name"] for c in top["children_linked"]] == ["Amy Ash", "Beth Birch"]
    jamie = [r for r in rows if r["adult_id"] == "Person:jamie"]
    assert [(r["location_id"], r["children"]) for r in jamie] == [
        ("Location:queens park", ["C-3", "C-4"])], "the peer Jamie's notes make no triangle"
