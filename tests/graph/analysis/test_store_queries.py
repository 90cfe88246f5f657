"""The store reads the analyses rest on, on a real SQLite file (the semantics a Neo4j store
must mirror; see each method's docstring in graph/store/sqlite.py)."""

from __future__ import annotations

import pytest

from graph.store import Filters

FLAT, PARK = "Location:18 mossfield court", "Location:queens park"


def by_id(rows: list[dict], key: str = "entity_id") -> dict[str, dict]:
    return {r[key]: r for r in rows}


def by_role(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(r["entity_id"], r["role"]): r for r in rows}


def test_entity_signals_counts_what_happened_there(world) -> None:
    rows = by_id(world.entity_signals("Location"))
    flat = rows[FLAT]
    assert (flat["children"], flat["direct_children"], flat["concern_children"]) == (3, 3, 2)
    assert (flat["found_at"], flat["intel_documents"], flat["adults_of_concern"]) == (1, 1, 1)
    assert flat["documents"] == flat["mentions"] == 4  # n1, n2, f1 and the episodes file
    assert flat["adult_ids"] == ["Person:dean ashworth"]
    home = rows["Location:12 hind street"]
    assert home["is_placement"] and home["is_home"] and home["direct_children"] == 0
    assert home["episodes"] == home["missing_from"] == 4
    assert not rows[PARK]["is_home"] and rows[PARK]["found_at"] == 2


def test_entity_signals_for_some_ids_and_without_extras(world) -> None:
    everything = by_id(world.entity_signals("Vehicle"))
    (car,) = world.entity_signals("Vehicle", entity_ids=["Vehicle:MK15XRT"])
    assert car == everything["Vehicle:MK15XRT"]
    light = by_id(world.entity_signals("Vehicle", extras=False))["Vehicle:MK15XRT"]
    assert light["children"] == car["children"] == 2
    assert light["adults_of_concern"] is None and car["adult_ids"] == [
        "Person:dean ashworth", "Person:jamie"]  # the form names Deano; Jamie uses it
    assert world.entity_signals("Vehicle", entity_ids=[]) == []


def test_entity_trends_count_back_from_the_reference(world) -> None:
    # found there in January (C-1, C-2), at it in February (C-3, C-4)
    park = world.entity_trends([PARK], reference="2026-02-28")[PARK]
    assert (park["recent_children"], park["previous_children"]) == (2, 2)
    assert park["reference"] == "2026-02-28" and park["recency"] > 0
    january = world.entity_trends([PARK], reference="2026-01-31")[PARK]
    assert (january["recent_children"], january["previous_children"]) == (2, 0)
    assert world.entity_trends([PARK], Filters(until="2026-01-31"))[PARK]["reference"] \
        == "2026-01-31"
    # default: the latest of the latest document and the entity's own latest link
    assert world.entity_trends([PARK])[PARK]["reference"] == "2026-02-20"
    assert world.entity_trends(["Location:nowhere"])["Location:nowhere"]["recency"] == 0.0
    assert world.entity_trends([]) == {}


def test_entity_signals_refuses_unknown_types(world) -> None:
    from graph.exc import SchemaError

    with pytest.raises(SchemaError):
        world.entity_signals("Location' OR 1=1 --")


def test_person_activity_is_per_person_and_role(world) -> None:
    rows = {(r["entity_id"], r["role"]): r for r in world.person_activity()}
    assert {(e, r) for e, r in rows} == {(e, r) for e, r in by_role(
        world.person_activity(min_children=1))}
    assert all(r["children"] >= 2 for r in world.person_activity(min_children=2))
    assert rows[("Person:jamie", "PEER")]["children"] == 2
    assert rows[("Person:jamie", "PEER")]["roles"] == ["ADULT_OF_CONCERN", "PEER"]
    deano = rows[("Person:dean ashworth", "ADULT_OF_CONCERN")]
    assert (deano["documents"], deano["intel_documents"], deano["concern_children"]) == (3, 1, 2)
    assert rows[("Person:sue smith", "PROFESSIONAL")]["children"] == 4


def test_person_relations_are_attributed_to_the_role_written(world) -> None:
    rows = by_role(world.person_relations(["Person:jamie", "Person:dean ashworth"]))
    adult, peer = rows[("Person:jamie", "ADULT_OF_CONCERN")], rows[("Person:jamie", "PEER")]
    assert (adult["direct_children"], adult["linked_ids"]) == (2, ["Vehicle:MK15XRT"])
    assert (peer["direct_children"], peer["link_types"]) == (2, ["WITH"])
    deano = rows[("Person:dean ashworth", "ADULT_OF_CONCERN")]
    assert deano["link_types"] == ["LIVES_AT", "USES", "WITH"]
    assert world.person_relations([]) == []


@pytest.mark.parametrize("filters,expected", [
    (Filters(min_grading=True), {("Person:jamie", "ADULT_OF_CONCERN"): 1}),
    (Filters(area="Wigan"), {("Person:dean ashworth", "ADULT_OF_CONCERN"): 1,
                             ("Person:jamie", "PEER"): 1}),
    (Filters(until="2026-01-31"), {("Person:jamie", "ADULT_OF_CONCERN"): None}),
])
def test_person_activity_filters_by_document(world, filters: Filters, expected: dict) -> None:
    rows = by_role(world.person_activity(filters))
    for key, children in expected.items():
        assert (rows[key]["children"] if key in rows else None) == children


@pytest.mark.parametrize("filters,expected", [
    (Filters(area="wigan"), {"C-2"}),
    (Filters(area="Bolton"), {"C-1", "C-3", "C-4"}),
    (Filters(area="BL1"), {"C-1", "C-2", "C-3"}),   # links at the flat (BL1 2RF)
    (Filters(area="BL2"), {"C-1", "C-3"}),          # children placed in BL2
    (Filters(area="M1"), set()),
])
def test_area_filter(world, filters: Filters, expected: set[str]) -> None:
    assert {link["child_id"] for link in world.links(filters)} - {None} == expected


def test_neighbourhood_reads_links_touching_the_ids(world) -> None:
    links = world.neighbourhood(["Vehicle:MK15XRT"])
    assert {link["type"] for link in links} == {"MENTIONED_IN", "TRANSPORTED_BY", "USES"}
    assert {link["type"] for link in world.neighbourhood(["Vehicle:MK15XRT"],
                                                          types=("USES",))} == {"USES"}
    assert world.neighbourhood([]) == []


def test_child_links_reads_everything_about_the_children(world) -> None:
    links = world.child_links(["C-3"], types=("FOUND_AT", "AT"))
    assert {(link["type"], link["target_id"]) for link in links} == {
        ("FOUND_AT", FLAT), ("AT", PARK)}


def test_entity_details_are_filtered_like_everything_else(world) -> None:
    details = world.entity_details([PARK, "Person:nobody"])
    assert set(details) == {PARK}
    park = details[PARK]
    assert park["variants"] == ["Queens Park", "Queens Pk"]
    assert [c["child_id"] for c in park["children_linked"]] == ["C-1", "C-2", "C-3", "C-4"]
    assert park["evidence"][0]["document_id"] == "n4"
    graded = world.entity_details([PARK], Filters(min_grading=True))[PARK]
    assert graded["variants"] == ["Queens Park"], "the C-graded note's wording is left out"


def test_mentions_of_gives_the_role_per_document(world) -> None:
    rows = world.mentions_of(["Person:jamie"])
    assert [(r["document_id"], r["role"], r["child_name"]) for r in rows] == [
        ("n1", "PEER", "Amy Ash"), ("n2", "PEER", "Beth Birch"),
        ("n3", "ADULT_OF_CONCERN", "Cara Cole"), ("n4", "ADULT_OF_CONCERN", "Dee Dale")]


def test_names_cover_labels_keys_and_what_was_written(world) -> None:
    names = {(r["entity_id"], r["name"]) for r in world.names(("Person",))}
    assert ("Person:dean ashworth", "Deano") in names
    assert ("Person:dean ashworth", "dean ashworth") in names
    assert all(e.startswith("Person:") for e, _ in names)


def test_new_links_and_new_children(world) -> None:
    links = {(r["type"], r["source_id"], r["target_id"]) for r in world.new_links("2026-02-01")}
    assert ("WITH", "Child:C-3", "Person:jamie") in links
    assert ("WITH", "Child:C-1", "Person:jamie") not in links
    arrivals = {(r["entity_id"], r["child_id"]): r["children_before"]
                for r in world.new_children_at("Location", "2026-02-01")}
    assert arrivals[(PARK, "C-3")] == 2 and arrivals[(FLAT, "C-3")] == 2


def test_child_periods(world) -> None:
    rows = {(r["child_id"], r["period"]): r for r in world.child_periods(
        ["2026-01-01", "2026-02-01", "2026-03-01"])}
    assert rows[("C-3", 1)]["episodes"] == 3 and rows[("C-3", 1)]["high_risk"] == 3
    assert rows[("C-1", 0)]["codes"] == ["CSE", "MENTAL_HEALTH"]
    assert ("C-2", 0) in rows and rows[("C-2", 0)]["codes"] == ["GIFTS_MONEY"]


def test_episode_facts(world) -> None:
    facts = by_id(world.episode_facts(), "episode_id")
    assert facts["Episode:E3"]["found_at"] == FLAT
    assert facts["Episode:E2"]["missing_from"] is None
    assert facts["Episode:E1"]["risk_level"] == "high"


def test_date_range(world) -> None:
    assert world.date_range(Filters(since="2026-01-01")) == ("2026-01-03T21:00:00",
                                                             "2026-02-22T20:00:00")
