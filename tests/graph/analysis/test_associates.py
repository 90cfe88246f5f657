"""Shared associates: adults of concern first, professionals never, names never pooled
across roles."""

from __future__ import annotations

import pytest

from graph.analysis.associates import is_professional, rank_associates, role_of
from graph.analysis.run import associates_rows
from graph.store import Filters


def person(entity_id: str, role: str | None, children: int, roles: list[str],
           **extra: object) -> dict[str, object]:
    row: dict[str, object] = {"entity_id": entity_id, "label": entity_id.split(":")[1],
                              "children": children, "documents": children, "roles": roles}
    if role:
        row["role"] = role
    row.update(extra)
    return row


@pytest.mark.parametrize("roles,expected", [
    (["PROFESSIONAL"], True), (["PROFESSIONAL", "UNKNOWN"], True),
    (["PROFESSIONAL", "ADULT_OF_CONCERN"], False), (["UNKNOWN"], False), ([], False)])
def test_who_counts_as_a_professional(roles: list[str], expected: bool) -> None:
    assert is_professional(roles) is expected


def test_order_is_role_before_children() -> None:
    rows = [person("Person:peer", "PEER", 9, ["PEER"]),
            person("Person:unknown", "UNKNOWN", 5, []),
            person("Person:adult", "ADULT_OF_CONCERN", 2, ["ADULT_OF_CONCERN"]),
            person("Person:sw", "UNKNOWN", 12, ["PROFESSIONAL", "UNKNOWN"]),
            person("Person:mum", "FAMILY", 3, ["FAMILY"])]
    ranked = rank_associates(rows)
    assert [r["entity_id"] for r in ranked] == ["Person:adult", "Person:unknown",
                                                "Person:peer", "Person:mum"]


def test_a_professional_written_once_as_an_adult_of_concern_ranks_on_that_role_only() -> None:
    rows = [person("Person:steph", "PROFESSIONAL", 4, ["PROFESSIONAL", "ADULT_OF_CONCERN"]),
            person("Person:steph", "ADULT_OF_CONCERN", 2, ["PROFESSIONAL", "ADULT_OF_CONCERN"])]
    assert [(r["role"], r["children"]) for r in rank_associates(rows)] == [
        ("ADULT_OF_CONCERN", 2)]


@pytest.mark.parametrize("min_children,expected", [(1, 2), (2, 1), (3, 0)])
def test_min_children(min_children: int, expected: int) -> None:
    rows = [person("Person:a", "UNKNOWN", 1, []), person("Person:b", "UNKNOWN", 2, [])]
    assert len(rank_associates(rows, min_children=min_children)) == expected


def test_entity_activity_rows_rank_under_their_most_serious_role() -> None:
    rows = [person("Person:x", None, 3, ["PEER", "ADULT_OF_CONCERN"])]
    (row,) = rank_associates(rows)
    assert row["role"] == role_of(rows[0]) == "ADULT_OF_CONCERN"
    assert row["ambiguous"] and row["other_roles"] == ["PEER"]


def test_ties_within_a_role_go_to_relations_then_intelligence() -> None:
    rows = [person("Person:a", "UNKNOWN", 2, [], direct_children=0),
            person("Person:b", "UNKNOWN", 2, [], direct_children=2),
            person("Person:c", "UNKNOWN", 2, [], direct_children=2, intel_documents=1)]
    assert [r["entity_id"] for r in rank_associates(rows)] == ["Person:c", "Person:b",
                                                               "Person:a"]


def test_on_the_store_the_two_jamies_never_share_children(world) -> None:
    rows = associates_rows(world)
    shown = [(r["entity_id"], r["role"], [c["child_id"] for c in r["children_linked"]])
             for r in rows]
    assert shown == [
        ("Person:dean ashworth", "ADULT_OF_CONCERN", ["C-1", "C-2"]),
        ("Person:jamie", "ADULT_OF_CONCERN", ["C-3", "C-4"]),
        ("Person:jamie", "PEER", ["C-1", "C-2"]),
    ]
    assert all(r["entity_id"] != "Person:sue smith" for r in rows)
    deano = rows[0]
    assert deano["variants"][:2] == ["Deano", "Dean Ashworth"]
    assert {e["document_id"] for e in deano["evidence"]} == {"n1", "n2", "f1"}
    assert deano["link_types"] == ["LIVES_AT", "USES", "WITH"]
    assert rows[1]["ambiguous"] and rows[1]["first_name_only"]


def test_roles_option_keeps_only_adults(world) -> None:
    rows = associates_rows(world, roles=("ADULT_OF_CONCERN",))
    assert {r["role"] for r in rows} == {"ADULT_OF_CONCERN"}


def test_category_filter_counts_children_in_those_documents_only(world) -> None:
    rows = associates_rows(world, Filters(categories=("CSE",)), min_children=1)
    assert {(r["entity_id"], r["role"]): r["children"] for r in rows} == {
        ("Person:dean ashworth", "ADULT_OF_CONCERN"): 1,
        ("Person:jamie", "ADULT_OF_CONCERN"): 1, ("Person:jamie", "PEER"): 1}
