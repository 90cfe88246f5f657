"""The store contract: what every Store implementation must do, tested on real databases."""

from __future__ import annotations

import pytest

from graph.provenance import Grading
from graph.store import (
    Batch,
    DocumentRecord,
    EntityRecord,
    Filters,
    LinkRecord,
    MentionRecord,
    Rejection,
    Store,
)

FLAT = EntityRecord("Location", "18 mossfield court", "18 Mossfield Court",
                    {"postcode": "BL1 2RF"})
PARK = EntityRecord("Location", "queens park", "Queens Park")
DEANO = EntityRecord("Person", "deano", "Deano", {"role": "ADULT_OF_CONCERN"})


def note(doc_id: str, child: str, content_hash: str, *places: EntityRecord,
         date: str = "2026-01-05", grading: Grading | None = None) -> Batch:
    """A note by ``child`` that places the child at each of ``places``."""
    document = DocumentRecord(doc_id, "rhi_note", content_hash, child_id=child, date=date,
                              agency="Bolton MFH", submitted_by="worker",
                              grading=grading or Grading())
    doc_entity = EntityRecord("Document", doc_id, doc_id)
    child_entity = EntityRecord("Child", child, f"Child {child}")
    entities = [doc_entity, child_entity, *places]
    mentions = [MentionRecord(p.id, p.label, 10 * i, 10 * i + len(p.label))
                for i, p in enumerate(places)]
    links = [LinkRecord("AT", child_entity.id, p.id, child, 10 * i, 10 * i + len(p.label))
             for i, p in enumerate(places)]
    links += [LinkRecord("MENTIONED_IN", p.id, doc_entity.id, child) for p in places]
    return Batch(document, entities, mentions, links)


def test_write_is_idempotent_by_content_hash(store: Store) -> None:
    batch = note("n1", "C-1", "hash-a", FLAT)
    assert store.write(batch) == "ingested"
    before = store.counts()
    assert store.write(batch) == "unchanged"
    assert store.counts() == before
    assert store.document_hash("n1") == "hash-a"


def test_updated_document_replaces_its_facts_and_drops_orphans(store: Store) -> None:
    store.write(note("n1", "C-1", "hash-a", FLAT, PARK))
    store.write(note("n2", "C-2", "hash-b", FLAT))
    assert store.write(note("n1", "C-1", "hash-c", FLAT)) == "updated"
    ids = {e["id"] for e in store.entities("Location")}
    assert ids == {FLAT.id}, "the park rested only on the old version of n1"
    links = [link for link in store.links() if link["type"] == "AT"]
    assert sorted((link["document_id"], link["child_id"]) for link in links) == [
        ("n1", "C-1"), ("n2", "C-2")]


def test_failed_write_keeps_nothing_and_prior_data_intact(store: Store) -> None:
    store.write(note("n1", "C-1", "hash-a", FLAT))
    before = store.counts()
    broken = note("n1", "C-1", "hash-new", FLAT)
    dangling = LinkRecord("AT", "Child:C-1", "Location:nowhere", "C-1")
    bad = Batch(broken.document, broken.entities, broken.mentions, [*broken.links, dangling])
    with pytest.raises(Exception):  # noqa: B017 - each store raises its driver's error
        store.write(bad)
    assert store.counts() == before
    assert store.document_hash("n1") == "hash-a"


def test_every_link_keeps_its_provenance(store: Store) -> None:
    grading = Grading("B", "2", "P")
    store.write(note("isf1", "C-3", "h", FLAT, date="2026-01-23", grading=grading))
    (link,) = [link for link in store.links() if link["type"] == "AT"]
    assert link["document_id"] == "isf1"
    assert (link["start"], link["end"]) == (0, len(FLAT.label))
    assert link["observed_at"] == "2026-01-23"
    assert link["agency"] == "Bolton MFH"
    assert link["submitted_by"] == "worker"
    graded = (link["source_evaluation"], link["intelligence_assessment"],
              link["handling_code"])
    assert graded == ("B", "2", "P")


def test_entity_activity_counts_distinct_children(store: Store) -> None:
    store.write(note("n1", "C-1", "a", FLAT, PARK))
    store.write(note("n2", "C-1", "b", FLAT))
    store.write(note("n3", "C-2", "c", FLAT))
    rows = {r["entity_id"]: r for r in store.entity_activity("Location", )}
    assert rows[FLAT.id]["children"] == 2
    assert rows[FLAT.id]["mentions"] == 3
    assert rows[PARK.id]["children"] == 1
    assert [c["child_id"] for c in rows[FLAT.id]["children_linked"]] == ["C-1", "C-2"]
    assert rows[FLAT.id]["variants"] == ["18 Mossfield Court"]


def test_filters_limit_dates_and_grading(store: Store) -> None:
    store.write(note("n1", "C-1", "a", FLAT, date="2026-01-05"))
    store.write(note("n2", "C-2", "b", FLAT, date="2026-02-05",
                     grading=Grading("C", "3", "P")))
    children = {r["entity_id"]: r["children"] for r in
                store.entity_activity("Location", Filters(since="2026-02-01"))}
    assert children[FLAT.id] == 1
    graded = {r["entity_id"]: r["children"] for r in
              store.entity_activity("Location", Filters(min_grading=True))}
    assert graded[FLAT.id] == 1, "source evaluation C is excluded; ungraded notes stay"
    until = {r["entity_id"]: r["children"] for r in
             store.entity_activity("Location", Filters(until="2026-01-05"))}
    assert until[FLAT.id] == 1


def test_rejections_are_recorded_newest_first(store: Store) -> None:
    store.reject(Rejection("a.csv", "missing column child_id"))
    store.reject(Rejection("b.docx", "not a valid DOCX file", "file"))
    assert [r.path for r in store.rejections()] == ["b.docx", "a.csv"]
    assert store.counts()["rejections"] == 2


def test_entity_properties_merge_across_documents(store: Store) -> None:
    store.write(note("n1", "C-1", "a", FLAT))
    richer = EntityRecord("Location", FLAT.key, "18 Mossfield Court, Bolton",
                          {"town": "bolton"})
    store.write(note("n2", "C-2", "b", richer))
    (flat,) = [e for e in store.entities("Location") if e["id"] == FLAT.id]
    assert flat["props"] == {"postcode": "BL1 2RF", "town": "bolton"}
    assert flat["label"] == "18 Mossfield Court"


def test_unknown_relation_type_is_refused_before_any_query() -> None:
    from graph.exc import SchemaError

    with pytest.raises(SchemaError):
        LinkRecord("OWNS; DROP TABLE links", "a", "b")


def test_delete_document_keeps_facts_other_documents_support(store: Store) -> None:
    store.write(note("n1", "C-1", "a", FLAT, PARK))
    store.write(note("n2", "C-2", "b", FLAT))
    assert store.delete_document("n1") is True
    assert store.document_hash("n1") is None
    assert {e["id"] for e in store.entities("Location")} == {FLAT.id}
    assert {link["document_id"] for link in store.links()} == {"n2"}
    assert store.delete_document("n1") is False


def test_indicators_put_documents_in_categories_for_filters(store: Store) -> None:
    from dataclasses import replace

    from graph.store import IndicatorRecord

    cse = note("n1", "C-1", "a", FLAT)
    cse = replace(cse, indicators=[IndicatorRecord("CSE", "asked for pictures", 5, 24),
                                   IndicatorRecord("DRUGS", "offered weed", 30, 42,
                                                   negated=True)])
    store.write(cse)
    store.write(note("n2", "C-2", "b", FLAT))
    rows = store.indicators()
    assert {(r["code"], r["negated"], r["child_id"]) for r in rows} == {
        ("CSE", False, "C-1"), ("DRUGS", True, "C-1")}
    only_cse = {r["entity_id"]: r["children"] for r in
                store.entity_activity("Location", Filters(categories=("cse",)))}
    assert only_cse == {FLAT.id: 1}
    drugs = store.entity_activity("Location", Filters(categories=("DRUGS",)))
    assert drugs == [], "a negated indicator does not put a document in a category"
    store.delete_document("n1")
    assert store.indicators() == []


def test_documents_list_metadata_and_text_is_separate(store: Store) -> None:
    from dataclasses import replace

    first = note("n1", "C-1", "a", FLAT, date="2026-01-05")
    first = replace(first, document=replace(first.document, text="Seen at the flat.",
                                            fields={"categories": ["CSE"]}))
    store.write(first)
    store.write(note("n2", "C-2", "b", PARK, date="2026-01-04"))
    rows = store.documents()
    assert [r["id"] for r in rows] == ["n2", "n1"]
    assert "text" not in rows[0]
    assert rows[1]["categories"] == ["CSE"] and rows[1]["fields"] == {"categories": ["CSE"]}
    assert [r["id"] for r in store.documents(child_id="C-2")] == ["n2"]
    assert store.documents(kind="intel_form") == []
    assert store.document_text("n1") == "Seen at the flat."
    assert store.document_text("missing") is None


def test_analysis_reads_on_the_known_world(store: Store) -> None:
    """The reads behind graph.analysis, on the small world of tests/graph/analysis (its
    docstring says who was where); every expectation below follows from that story."""
    from tests.graph.analysis import conftest as world

    store.write(world.records_batch())
    for doc in world.DOCS:
        store.write(world.batch(doc))
    flat, home, car, deano = world.FLAT.id, world.HOME.id, world.CAR.id, world.DEANO.id
    places = {r["entity_id"]: r for r in store.entity_signals("Location")}
    # Amy and Beth were at the flat, Cara was found there; Deano lives there (form f1).
    assert places[flat]["children"] == places[flat]["direct_children"] == 3
    assert (places[flat]["found_at"], places[flat]["adult_ids"]) == (1, [deano])
    assert places[flat]["intel_documents"] == 1 and not places[flat]["is_placement"]
    assert places[home]["is_placement"] and places[home]["is_home"]
    # The placements began on 2025-09-01: a later window leaves their links out, but the
    # home stays a placement whatever the window, and the flat never becomes one.
    in_february = {r["entity_id"]: r for r in store.entity_signals(
        "Location", Filters(since="2026-02-01"))}
    assert not in_february[home]["is_placement"]
    assert store.context_places() == {home: {"is_placement": True, "is_home": True}}
    people = {(r["entity_id"], r["role"]): r for r in store.person_activity(min_children=2)}
    assert people[(deano, "ADULT_OF_CONCERN")]["children"] == 2
    assert people[(deano, "ADULT_OF_CONCERN")]["intel_documents"] == 1
    assert people[(world.JAMIE.id, "PEER")]["children"] == 2
    new = {(r["type"], r["source_id"], r["target_id"]) for r in store.new_links("2026-02-01")}
    assert ("USES", world.JAMIE.id, car) in new
    assert ("WITH", "Child:C-1", deano) not in new
    assert {x["type"] for x in store.neighbourhood([car])} >= {"TRANSPORTED_BY", "USES"}
    details = store.entity_details([flat])[flat]
    assert [c["child_id"] for c in details["children_linked"]] == ["C-1", "C-2", "C-3"]
    assert "18 Mossfield Ct" in details["variants"]
    episodes = {r["episode_id"]: r for r in store.episode_facts()}
    assert (episodes["Episode:E1"]["missing_from"], episodes["Episode:E1"]["found_at"]) == (
        home, world.PARK.id)
    assert store.date_range(Filters(until="2025-12-31")) == ("2025-09-01", "2025-09-01")
