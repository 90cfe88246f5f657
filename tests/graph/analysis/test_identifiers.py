"""Vehicles, phones and handles across children."""

from __future__ import annotations

import pytest

from graph.analysis.identifiers import is_description, may_be, rank_identifiers
from graph.analysis.run import identifier_rows
from graph.store import Filters


@pytest.mark.parametrize("partial,keys,expected", [
    ("Vehicle:MK15*", ["Vehicle:MK15XRT", "Vehicle:MK16XRT"], ["Vehicle:MK15XRT"]),
    ("Vehicle:MK15XRT", ["Vehicle:MK15XRY"], []),
    ("Vehicle:MK15*", ["Phone:MK15"], []),
])
def test_partial_plates_name_what_they_may_be(partial: str, keys: list[str],
                                              expected: list[str]) -> None:
    assert may_be(partial, keys) == expected


@pytest.mark.parametrize("entity_id,expected", [
    ("Vehicle:grey volkswagen", True), ("Vehicle:MK15XRT", False), ("Vehicle:MK15*", False),
    ("Phone:+447700900123", False)])
def test_descriptions_are_not_plates(entity_id: str, expected: bool) -> None:
    assert is_description(entity_id) is expected


def test_descriptions_rank_last_and_adults_break_ties() -> None:
    rows = [{"entity_id": "Vehicle:grey golf", "label": "grey golf", "children": 5},
            {"entity_id": "Vehicle:AB12CDE", "label": "AB12 CDE", "children": 2},
            {"entity_id": "Vehicle:MK15XRT", "label": "MK15 XRT", "children": 2,
             "adults_of_concern": 1}]
    assert [r["entity_id"] for r in rank_identifiers(rows)] == [
        "Vehicle:MK15XRT", "Vehicle:AB12CDE", "Vehicle:grey golf"]


def test_types_choose_what_is_ranked() -> None:
    rows = [{"entity_id": "Phone:+447700900123", "label": "p", "children": 2},
            {"entity_id": "Vehicle:MK15XRT", "label": "v", "children": 3}]
    assert [r["entity_id"] for r in rank_identifiers(rows, types=("Phone",))] == [
        "Phone:+447700900123"]


def test_on_the_store_the_car_and_phone_link_two_children_each(world) -> None:
    rows = identifier_rows(world)
    assert [(r["entity_id"], [c["child_id"] for c in r["children_linked"]]) for r in rows] == [
        ("Vehicle:MK15XRT", ["C-1", "C-3"]), ("Phone:+447700900123", ["C-2", "C-4"])]
    car, phone = rows
    assert [u["entity_id"] for u in car["used_by"]] == ["Person:jamie"]
    assert [u["entity_id"] for u in phone["used_by"]] == ["Person:dean ashworth"]
    assert {"07700 900123", "+44 7700 900123"} <= set(phone["variants"])
    partial = identifier_rows(world, types=("Vehicle",), min_children=1)[-1]
    assert partial["entity_id"] == "Vehicle:MK15*" and partial["may_be"] == ["Vehicle:MK15XRT"]


def test_min_grading_drops_the_unreliable_note(world) -> None:
    rows = identifier_rows(world, Filters(min_grading=True), types=("Phone",), min_children=1)
    assert [c["child_id"] for c in rows[0]["children_linked"]] == ["C-2"]
