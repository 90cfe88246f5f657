"""Resolution rules on small stores written through ingest's own mapping (real SQLite files).

Each test states one safeguarding rule: what must join, and what must never join.
"""

from __future__ import annotations

import pytest

from graph.exc import RhigraphError
from graph.resolve import resolve
from graph.resolve.review import judge
from graph.store import SQLiteStore
from tests.graph.resolve.conftest import person, phone, place, vehicle, write_doc


def clusters(store: SQLiteStore) -> dict[tuple[str, str], str]:
    """(entity id, document id) -> cluster id, as the store resolves each mention."""
    rows = {(r["entity_id"], r["document_id"]): r["cluster_id"]
            for r in store.entity_clusters()}
    out = {}
    for unit in store.resolution_units(("Person", "Location", "Vehicle", "Phone")):
        key = (unit["entity_id"], unit["document_id"])
        out[key] = rows.get(key) or rows.get((unit["entity_id"], "")) or unit["entity_id"]
    return out


def same(store: SQLiteStore, a: tuple[str, str], b: tuple[str, str]) -> bool:
    found = clusters(store)
    return found[a] == found[b]


def test_two_boys_both_called_ryan_stay_two_people(store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [person("Ryan", "PEER", age="15")], [("WITH", "CHILD", 0)])
    write_doc(store, "n2", "C-2", [person("Ryan", "PEER", age="14")], [("WITH", "CHILD", 0)])
    resolve(store)
    assert not same(store, ("Person:ryan", "n1"), ("Person:ryan", "n2"))
    rows = [r for r in store.entity_activity("Person") if "Person:ryan" in r["members"]]
    assert len(rows) == 2, "one entity key, two people: their children are never pooled"
    assert sorted(r["children"] for r in rows) == [1, 1]


def test_a_peer_and_an_adult_sharing_a_first_name_never_merge(store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [person("Kyle Pennington", "PEER", "Kyle", age="16")])
    write_doc(store, "n2", "C-1", [person("Kyle", "ADULT_OF_CONCERN", age="about 25")])
    write_doc(store, "n3", "C-2", [person("Kyle", "ADULT_OF_CONCERN")])
    resolve(store)
    assert not same(store, ("Person:kyle pennington", "n1"), ("Person:kyle", "n2"))
    assert not same(store, ("Person:kyle pennington", "n1"), ("Person:kyle", "n3"))
    assert store.resolution_candidates() == [], "not even worth an analyst's time"


def test_a_professional_and_an_adult_sharing_a_first_name_never_merge(
        store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [person("Mike", "PROFESSIONAL", job="night support worker")])
    write_doc(store, "n2", "C-1", [person("Mike", "ADULT_OF_CONCERN")])
    write_doc(store, "n3", "C-1", [person("Mike", "PROFESSIONAL", job="night support worker")])
    resolve(store)
    assert not same(store, ("Person:mike", "n1"), ("Person:mike", "n2"))
    assert not same(store, ("Person:mike", "n3"), ("Person:mike", "n2"))
    assert same(store, ("Person:mike", "n1"), ("Person:mike", "n3"))


def test_a_judgement_names_entities_not_the_clusters_a_name_was_split_into(
        store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [person("Mike", "PROFESSIONAL", job="night support worker")])
    write_doc(store, "n2", "C-1", [person("Mike", "ADULT_OF_CONCERN")])
    write_doc(store, "n3", "C-2", [person("Kyle Pennington", "PEER")])
    resolve(store)
    split = sorted({r["cluster_id"] for r in store.entity_clusters() if "#" in r["cluster_id"]})
    assert split, "the two Mikes are two clusters, one of them numbered"
    with pytest.raises(RhigraphError, match="no entity"):
        judge(store, split[0], "Person:kyle pennington", same=False, user="ana")
    assert judge(store, "Person:mike", "Person:kyle pennington", same=False, user="ana")


def test_a_nickname_a_form_states_joins_notes_about_other_children(
        store: SQLiteStore) -> None:
    write_doc(store, "isf", "C-3", [person("Dean ASHWORTH", "ADULT_OF_CONCERN", "Deano",
                                           "Mr ASHWORTH", dob="1997-06-14"),
                                    phone("07700 900118", "+447700900118")],
              [("USES", 0, 1)], kind="intel_form")
    write_doc(store, "n1", "C-1", [person("Deano", "ADULT_OF_CONCERN")],
              [("WITH", "CHILD", 0)])
    write_doc(store, "n2", "C-2", [person("deano", "ADULT_OF_CONCERN"),
                                   phone("07700 900118", "+447700900118")],
              [("CONTACTED_BY", "CHILD", 0), ("USES", 0, 1)])
    resolve(store)
    assert same(store, ("Person:dean ashworth", "isf"), ("Person:deano", "n1"))
    assert same(store, ("Person:dean ashworth", "isf"), ("Person:deano", "n2"))
    row = next(r for r in store.entity_activity("Person")
               if r["entity_id"] == "Person:dean ashworth")
    assert set(row["members"]) == {"Person:dean ashworth", "Person:deano"}
    assert {"Deano", "deano", "Dean ASHWORTH"} <= set(row["variants"])
    assert row["children"] == 3
    mapping = {r["entity_id"]: r for r in store.entity_clusters()}
    assert mapping["Person:deano"]["score"] >= 0.9 and mapping["Person:deano"]["reasons"]


def test_a_usual_diminutive_that_does_not_start_like_the_name_joins_on_a_shared_phone(
        store: SQLiteStore) -> None:
    # the hotel books the room under "Lawrence LLOYD"; a child knows him as "Laurie"
    write_doc(store, "isf", None, [person("Lawrence LLOYD", "ADULT_OF_CONCERN"),
                                   phone("+44 7700 900931", "+447700900931")],
              [("USES", 0, 1)], kind="intel_form")
    write_doc(store, "n1", "C-1", [person("Laurie", "ADULT_OF_CONCERN"),
                                   phone("07700 900931", "+447700900931")],
              [("CONTACTED_BY", "CHILD", 1), ("USES", 0, 1)])
    write_doc(store, "n2", "C-2", [person("Laurie", "PEER", age="15")],
              [("WITH", "CHILD", 0)])
    resolve(store)
    assert same(store, ("Person:lawrence lloyd", "isf"), ("Person:laurie", "n1"))
    assert not same(store, ("Person:lawrence lloyd", "isf"), ("Person:laurie", "n2"))


def test_partial_plate_joins_only_with_make_and_colour(store: SQLiteStore) -> None:
    write_doc(store, "isf", "C-5", [vehicle("silver Mercedes A-Class, reg MF67 LKW", "MF67LKW",
                                            make="Mercedes", colour="silver")],
              kind="intel_form")
    write_doc(store, "n1", "C-4", [vehicle("silver merc, reg started MF67", "MF67*",
                                           make="Mercedes", colour="silver")])
    write_doc(store, "n2", "C-6", [vehicle("car, reg started MF67", "MF67*")])
    write_doc(store, "n3", "C-7", [vehicle("red Audi, reg started MF67", "MF67*",
                                           make="Audi", colour="red")])
    resolve(store)
    assert same(store, ("Vehicle:MF67LKW", "isf"), ("Vehicle:MF67*", "n1"))
    assert not same(store, ("Vehicle:MF67LKW", "isf"), ("Vehicle:MF67*", "n2"))
    assert not same(store, ("Vehicle:MF67LKW", "isf"), ("Vehicle:MF67*", "n3"))
    queued = {(c["left_document"], c["right_document"]) for c in store.resolution_candidates()}
    assert ("isf", "n2") in queued or ("n2", "isf") in queued, "a partial alone is a candidate"
    assert not any("n3" in pair for pair in queued), "another make is not even a candidate"


def test_a_flat_on_a_street_joins_the_only_numbered_address_there(
        store: SQLiteStore) -> None:
    write_doc(store, "isf", "C-1", [place("18 Mossfield Court, Bolton BL1 2RF",
                                          "18 mossfield court", postcode="BL1 2RF")],
              kind="intel_form")
    write_doc(store, "n1", "C-1", [place("flat on Mossfeild Ct", "mossfeild court",
                                         kind="flat")], [("AT", "CHILD", 0)])
    write_doc(store, "n2", "C-2", [place("Mossfield Court", "mossfield court", kind="street")],
              [("AT", "CHILD", 0)])
    resolve(store)
    assert same(store, ("Location:18 mossfield court", "isf"),
                ("Location:mossfeild court", "n1"))
    assert not same(store, ("Location:18 mossfield court", "isf"),
                    ("Location:mossfield court", "n2")), "a street is not a house on it"


def test_a_flat_on_a_street_of_several_addresses_is_not_merged(store: SQLiteStore) -> None:
    write_doc(store, "a", "C-1", [place("18 Moss Lane", "18 moss lane")], kind="intel_form")
    write_doc(store, "b", "C-2", [place("20 Moss Lane", "20 moss lane")], kind="intel_form")
    write_doc(store, "n1", "C-3", [place("flat on Moss Lane", "moss lane", kind="flat")])
    resolve(store)
    found = clusters(store)
    assert found[("Location:moss lane", "n1")] == "Location:moss lane"
    assert found[("Location:18 moss lane", "a")] != found[("Location:20 moss lane", "b")]


def test_children_are_never_resolved(store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [person("Kayla Brennan", "PEER", age="15")])
    write_doc(store, "n2", "C-2", [person("Kayla Brennan", "PEER", age="15")])
    resolve(store)
    assert not any(r["entity_id"].startswith("Child:") or r["cluster_id"].startswith("Child:")
                   for r in store.entity_clusters())


def test_links_carry_each_ends_cluster(store: SQLiteStore) -> None:
    write_doc(store, "isf", "C-3", [person("Dean ASHWORTH", "ADULT_OF_CONCERN", "Deano")],
              kind="intel_form")
    write_doc(store, "n1", "C-1", [person("Deano", "ADULT_OF_CONCERN")],
              [("WITH", "CHILD", 0)])
    resolve(store)
    (link,) = [x for x in store.links() if x["type"] == "WITH"]
    assert link["target_id"] == "Person:deano"
    assert link["target_cluster"] == "Person:dean ashworth"
    assert link["source_cluster"] == "Child:C-1"


def test_judgements_split_join_survive_reingest_and_undo(store: SQLiteStore) -> None:
    write_doc(store, "isf", "C-3", [person("Dean ASHWORTH", "ADULT_OF_CONCERN", "Deano")],
              kind="intel_form")
    write_doc(store, "n1", "C-1", [person("Deano", "ADULT_OF_CONCERN")])
    write_doc(store, "n2", "C-2", [person("Dino", "ADULT_OF_CONCERN")])
    write_doc(store, "n3", "C-4", [person("D", "ADULT_OF_CONCERN")])
    resolve(store)
    dean, deano = ("Person:dean ashworth", "isf"), ("Person:deano", "n1")
    assert same(store, dean, deano)
    split = store.add_judgement(left_id="Person:dean ashworth", right_id="Person:deano",
                                right_document="n1", same=False, user="ana", at="2026-02-01")
    resolve(store)
    assert not same(store, dean, deano), "not the same is a hard constraint that splits"
    store.add_judgement(left_id="Person:dino", left_document="n2", right_id="Person:deano",
                        right_document="n1", same=True, user="ana", at="2026-02-02")
    store.add_judgement(left_id="Person:dino", left_document="n2", right_id="Person:d",
                        right_document="n3", same=True, user="bo", at="2026-02-03")
    resolve(store)
    assert same(store, ("Person:deano", "n1"), ("Person:d", "n3")), "same-as is transitive"
    assert not same(store, dean, ("Person:d", "n3")), "and never crosses a not-the-same"
    write_doc(store, "n1", "C-1", [person("Deano", "ADULT_OF_CONCERN", age="25")],
              version="2")  # the note is re-ingested, changed
    resolve(store)
    assert not same(store, dean, deano), "judgements outlive re-ingest and re-resolution"
    assert store.undo_judgement(split, user="ana", at="2026-02-04")
    assert not store.undo_judgement(split, user="ana", at="2026-02-04")
    resolve(store)
    assert same(store, dean, deano)
    history = store.judgements(active=None)
    assert [j["user"] for j in history] == ["ana", "ana", "bo"]
    assert history[0]["undone_by"] == "ana" and not history[0]["active"]


def test_erased_documents_leave_no_mapping(store: SQLiteStore) -> None:
    write_doc(store, "isf", "C-3", [person("Dean ASHWORTH", "ADULT_OF_CONCERN", "Deano")],
              kind="intel_form")
    write_doc(store, "n1", "C-1", [person("Deano", "ADULT_OF_CONCERN")])
    resolve(store)
    assert store.entity_clusters()
    assert store.delete_document("isf")
    resolve(store)
    assert all("ashworth" not in r["entity_id"] + r["cluster_id"]
               for r in store.entity_clusters())


def test_resolve_if_changed_skips_an_unchanged_store(store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [person("Zee", "ADULT_OF_CONCERN")])
    assert not resolve(store, only_if_changed=True)["skipped"]
    assert resolve(store, only_if_changed=True)["skipped"]
    write_doc(store, "n2", "C-1", [person("Zee", "ADULT_OF_CONCERN")])
    assert not resolve(store, only_if_changed=True)["skipped"]


def test_a_worker_signed_with_the_initial_a_joins_her_full_name(store: SQLiteStore) -> None:
    # "A Hewitt" in a later note of the child is Angela Hewitt, the return home interview
    # worker; Nicola Hewitt, another worker, is not her (the decoy: same surname, other
    # initial). "A" was read as the article, so the initial was lost and nothing joined.
    job = "return home interview worker"
    write_doc(store, "n1", "C-1", [person("Angela Hewitt", "PROFESSIONAL", job=job)])
    write_doc(store, "n2", "C-1", [person("A Hewitt", "PROFESSIONAL", job=job)],
              date="2026-02-10")
    write_doc(store, "n3", "C-1", [person("Nicola Hewitt", "PROFESSIONAL", job=job)],
              date="2026-03-10")
    resolve(store)
    assert same(store, ("Person:angela hewitt", "n1"), ("Person:a hewitt", "n2"))
    assert not same(store, ("Person:nicola hewitt", "n3"), ("Person:a hewitt", "n2"))


def kerry(home: str) -> dict:
    return person("Kerry", "PROFESSIONAL", job=f"key worker, {home}")


def test_a_worker_s_first_name_at_one_workplace_is_one_worker(store: SQLiteStore) -> None:
    # two children's notes name "Kerry, key worker, Hawthorn House": the people that name
    # could be are Hawthorn House's staff, not every Kerry in the area
    write_doc(store, "n1", "C-1", [kerry("Hawthorn House")])
    write_doc(store, "n2", "C-2", [kerry("Hawthorn House")])
    write_doc(store, "n3", "C-3", [kerry("Birch House")])  # the decoy: another home's Kerry
    resolve(store)
    assert same(store, ("Person:kerry", "n1"), ("Person:kerry", "n2"))
    assert not same(store, ("Person:kerry", "n1"), ("Person:kerry", "n3"))


def test_decoy_two_workers_of_that_name_at_the_workplace_keep_it_apart(
        store: SQLiteStore) -> None:
    # Hawthorn House has Kerry Walsh and Kerry Dunn: a bare "Kerry" there may be either
    write_doc(store, "n0", "C-9", [
        person("Kerry Walsh", "PROFESSIONAL", job="key worker, Hawthorn House"),
        person("Kerry Dunn", "PROFESSIONAL", job="night support worker, Hawthorn House")])
    write_doc(store, "n1", "C-1", [kerry("Hawthorn House")])
    write_doc(store, "n2", "C-2", [kerry("Hawthorn House")])
    resolve(store)
    assert not same(store, ("Person:kerry", "n1"), ("Person:kerry", "n2"))
    assert not same(store, ("Person:kerry", "n1"), ("Person:kerry walsh", "n0"))


def test_a_flat_on_a_misspelt_street_joins_the_one_address_there_not_the_street(
        store: SQLiteStore) -> None:
    # "flat on Chveiot Close" (its note also says "Cheviot Close") is the child's flat at
    # 158 Cheviot Close; the street where he was picked up is the street, not the flat; and
    # a flat on Chester Close is another street altogether (the decoy)
    house = place("158 Cheviot Close, Salford M6 8QZ", "158 cheviot close", kind="house",
                  postcode="M6 8QZ", town="Salford")
    write_doc(store, "n1", "C-1", [house], date="2026-02-17")
    write_doc(store, "n2", "C-1", [place("flat on Chveiot Close", "chveiot close",
                                         "Cheviot Close", kind="flat")], date="2026-02-04")
    write_doc(store, "n3", "C-1", [place("Cheviot Close", "cheviot close", kind="street")],
              date="2026-02-25")
    write_doc(store, "n4", "C-1", [place("flat on Chester Close", "chester close",
                                         kind="flat")], date="2026-03-02")
    resolve(store)
    assert same(store, ("Location:158 cheviot close", "n1"), ("Location:chveiot close", "n2"))
    assert not same(store, ("Location:cheviot close", "n3"), ("Location:chveiot close", "n2"))
    assert not same(store, ("Location:cheviot close", "n3"),
                    ("Location:158 cheviot close", "n1"))
    assert not same(store, ("Location:chester close", "n4"),
                    ("Location:158 cheviot close", "n1"))


def test_a_building_named_like_a_street_joins_the_hotel_of_that_name(
        store: SQLiteStore) -> None:
    # "ended up at the Irwell View" and "found at Irwell View" in a child's notes are the
    # Irwell View Hotel her other note names ("View" also ends streets); a different named
    # building on the same word ("Irwell Court") stays apart
    write_doc(store, "n1", "C-1", [place("Irwell View", "irwell view", kind="building",
                                         name="Irwell View")], date="2026-01-23")
    write_doc(store, "n2", "C-1", [place("Irwell View Hotel", "irwell view hotel",
                                         kind="hotel")], date="2026-02-21")
    write_doc(store, "n3", "C-2", [place("Irwell Court", "irwell court", kind="building",
                                         name="Irwell Court")], date="2026-02-25")
    resolve(store)
    assert same(store, ("Location:irwell view", "n1"), ("Location:irwell view hotel", "n2"))
    assert not same(store, ("Location:irwell court", "n3"), ("Location:irwell view", "n1"))


def _rachael_notes(store: SQLiteStore, shared: list[dict]) -> None:
    """A key worker "Rachael" in child C-2's notes; "Rachael Rees", key worker, in child
    C-1's; the notes of both children also name ``shared``."""
    write_doc(store, "n1", "C-1", [person("Rachael Rees", "PROFESSIONAL", job="key worker"),
                                   *shared], date="2026-01-07")
    write_doc(store, "n2", "C-2", [person("Rachael", "PROFESSIONAL", job="key worker"),
                                   *shared], date="2026-01-19")


def test_two_workers_of_one_first_name_named_at_one_childrens_home_are_one(
        store: SQLiteStore) -> None:
    # a worker is named where they work: both notes name Holly Bank, the home
    _rachael_notes(store, [place("Holly Bank", "holly bank", kind="childrens_home",
                                 name="Holly Bank")])
    resolve(store)
    assert same(store, ("Person:rachael", "n2"), ("Person:rachael rees", "n1"))


def test_decoy_workers_of_one_first_name_in_notes_naming_one_network_stay_apart(
        store: SQLiteStore) -> None:
    # the two children's notes name the same man, hotel and flat: that says who exploits
    # them, not which Rachael is their key worker
    _rachael_notes(store, [person("Dean ASHWORTH", "ADULT_OF_CONCERN"),
                           place("Pennine Gateway Hotel", "pennine gateway hotel",
                                 kind="hotel", name="Pennine Gateway Hotel"),
                           place("18 Mossfield Court", "18 mossfield court", kind="flat"),
                           phone("07700 900123", "+447700900123")])
    resolve(store)
    assert not same(store, ("Person:rachael", "n2"), ("Person:rachael rees", "n1"))
