"""Tiers enforced in the service layer, called directly as each role."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from graph.store import Filters, SQLiteStore
from rhigraph.governance import AccessDenied, Governance, Role, Service

PSEUDONYM = re.compile(r"Child [0-9A-F]{4}-[0-9A-F]{4}")
DOC_IDS = {"n1", "n2", "f1", "fc", "flow", "episodes.csv"}


def strings(value: Any) -> Iterator[str]:
    """Every string inside ``value`` (keys and values, nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from strings(item)


def link_id(store: SQLiteStore, document_id: str, type_name: str, target: str) -> int:
    return next(link["id"] for link in store.links() if link["document_id"] == document_id
                and link["type"] == type_name and link["target_id"] == target)


# -- PARTNER -----------------------------------------------------------------------------
def everything_a_partner_can_get(service: Service) -> list[Any]:
    return [service.counts(), service.hotspots(), service.hotspots(include_placements=True),
            service.entity_activity("Location"), service.entities(),
            service.entities("Location"), service.entities("Child"), service.links(),
            service.export_rows("hotspots"), service.search("court"), service.search("park"),
            service.indicators()]


def test_partner_sees_pseudonymised_children_and_no_names_text_or_ids(
        service_as: Callable[[Role], Service], world: SimpleNamespace) -> None:
    views = everything_a_partner_can_get(service_as(Role.PARTNER))
    forbidden = [*world.NAMES, *world.NAMES.values(), "deano", "Deano", "7 hidden row",
                 "MP-1", "MP-2", "Gemma", "vodka", world.NOTE_SECRET[:30],
                 world.SECTION_SECRET[:30]]
    for text in strings(views):
        assert not any(word.lower() in text.lower() for word in forbidden), text
        assert text not in DOC_IDS and not text.startswith(("Document:n", "Document:f"))
    (flat,) = views[1]
    assert flat["entity_id"] == world.FLAT.id
    assert flat["children"] == 3
    names = [c["child_id"] for c in flat["children_linked"]]
    assert all(PSEUDONYM.fullmatch(n) for n in names) and len(set(names)) == 3
    assert all(c["name"] is None for c in flat["children_linked"])
    assert flat["variants"] == []


def test_partner_pseudonyms_are_stable_and_distinct(
        service_as: Callable[[Role], Service]) -> None:
    first = service_as(Role.PARTNER).hotspots()[0]["children_linked"]
    again = service_as(Role.PARTNER).hotspots()[0]["children_linked"]
    assert first == again
    links = service_as(Role.PARTNER).links()
    assert {c["child_id"] for c in first} == {link["child_id"] for link in links}


def test_partner_never_gets_a_handling_code_c_or_low_graded_fact(
        service_as: Callable[[Role], Service], governance: Governance,
        world: SimpleNamespace) -> None:
    partner = service_as(Role.PARTNER)
    withheld = {governance.pseudonyms.child("C-1004"), governance.pseudonyms.child("C-1005")}
    seen = set(strings(everything_a_partner_can_get(partner)))
    assert not withheld & seen, "the C-handled and the C3 graded children stay out"
    assert world.HIDDEN.id not in seen and world.PARK.id not in seen
    assert partner.links(Filters(handling_codes=("C",))) == []
    assert partner.hotspots(Filters(handling_codes=("C",))) == []


def test_partner_never_sees_placement_addresses_or_places_of_one_child(
        service_as: Callable[[Role], Service], world: SimpleNamespace) -> None:
    partner = service_as(Role.PARTNER)
    places = {r["entity_id"] for r in partner.hotspots(include_placements=True,
                                                       min_children=1)}
    assert places == {world.FLAT.id}
    assert {e["id"] for e in partner.entities("Location")} == {world.FLAT.id}
    analyst = {r["entity_id"] for r in service_as(Role.ANALYST).hotspots(
        include_placements=True)}
    assert {world.PARK.id, world.LARKFIELD.id, world.HIDDEN.id} <= analyst


@pytest.mark.parametrize("call", [
    lambda s: s.document("n2"), lambda s: s.snippet(1), lambda s: s.child("C-1001"),
    lambda s: s.entity_activity("Person"), lambda s: s.entities("Person"),
    lambda s: s.export_rows("links"), lambda s: s.record_resolution("merge", ["Person:a"]),
    lambda s: s.erase_document("n1"), lambda s: s.retention_due(),
])
def test_partner_is_refused_facts_text_and_decisions(
        service_as: Callable[[Role], Service], call: Callable[[Service], Any]) -> None:
    with pytest.raises(AccessDenied) as refused:
        call(service_as(Role.PARTNER))
    assert "PARTNER" in str(refused.value) and "C-10" not in str(refused.value)


# -- ANALYST -----------------------------------------------------------------------------
def test_analyst_cannot_read_a_whole_rhi_note_but_gets_its_facts_and_snippets(
        service_as: Callable[[Role], Service], store: SQLiteStore,
        world: SimpleNamespace) -> None:
    analyst = service_as(Role.ANALYST)
    note = analyst.document("n1")
    assert note is not None
    assert note["text"] is None and "snippets" in note["text_withheld"]
    assert world.SECTION_SECRET not in json.dumps(note)
    assert world.NOTE_SECRET not in json.dumps(note)
    assert note["fields"]["child_name"] == world.NAMES["C-1001"]
    assert {f["target_id"] for f in note["facts"]} >= {world.FLAT.id, world.DEANO.id}
    snippet = analyst.snippet(link_id(store, "n1", "AT", world.FLAT.id))
    assert snippet is not None and "18 Mossfield Court" in snippet["text"]
    start, end = snippet["highlight"]
    assert snippet["text"][start:end] == "18 Mossfield Court"
    assert world.NOTE_SECRET not in snippet["text"]


def test_analyst_reads_whole_information_sharing_forms(
        service_as: Callable[[Role], Service]) -> None:
    form = service_as(Role.ANALYST).document("f1")
    assert form is not None and form["text"].startswith("Millie was seen")


def test_a_snippet_cannot_be_stretched_into_the_whole_note(
        service_as: Callable[[Role], Service], store: SQLiteStore,
        world: SimpleNamespace) -> None:
    long_text = "Intro. " + "word " * 2000 + "the end."
    batch = world.document_batch("long", "rhi_note", "C-1001", long_text,
                                 [("AT", world.FLAT, long_text)])
    store.write(batch)
    snippet = service_as(Role.ANALYST).snippet(
        link_id(store, "long", "AT", world.FLAT.id))
    assert snippet is not None and len(snippet["text"]) <= 320 + 2 * 160


def test_analyst_sees_handling_code_c_facts_and_chooses_grading(
        service_as: Callable[[Role], Service], world: SimpleNamespace) -> None:
    analyst = service_as(Role.ANALYST)
    park = {r["entity_id"]: r for r in analyst.hotspots()}[world.PARK.id]
    assert park["children"] == 3
    assert {c["name"] for c in park["children_linked"]} >= {world.NAMES["C-1004"]}
    graded = {r["entity_id"]: r for r in analyst.hotspots(Filters(min_grading=True))}
    assert graded[world.PARK.id]["children"] == 2


def test_search_follows_the_tier(service_as: Callable[[Role], Service],
                                 world: SimpleNamespace) -> None:
    analyst = {r["id"] for r in service_as(Role.ANALYST).search("deano")}
    assert world.DEANO.id in analyst and "f1" in analyst, "form text is searched"
    assert "n1" not in analyst, "an analyst does not search inside RHI notes"
    assert "n1" in {r["id"] for r in service_as(Role.RHI_MANAGER).search("VODKA")}
    assert {r["id"] for r in service_as(Role.PARTNER).search("deano")} == set()


def test_hostile_search_terms_are_data(service_as: Callable[[Role], Service],
                                       store: SQLiteStore) -> None:
    before = store.counts()
    for term in ("'; DROP TABLE links; --", "%", "_", "\" OR 1=1 --", "<script>x</script>"):
        assert service_as(Role.RHI_MANAGER).search(term) == []
    assert store.counts() == before
    with pytest.raises(ValueError):
        service_as(Role.ANALYST).search("x" * 201)


# -- RHI_MANAGER and ADMIN ---------------------------------------------------------------
def test_rhi_manager_reads_the_whole_note(service_as: Callable[[Role], Service],
                                          world: SimpleNamespace) -> None:
    note = service_as(Role.RHI_MANAGER).document("n1")
    assert note is not None and note["text"] == world.NOTE_N1
    assert note["fields"]["reflection"] == world.SECTION_SECRET


def test_admin_sees_facts_but_no_text(service_as: Callable[[Role], Service],
                                      store: SQLiteStore, world: SimpleNamespace) -> None:
    admin = service_as(Role.ADMIN)
    note = admin.document("n1")
    assert note is not None and note["text"] is None and "reflection" not in note["fields"]
    form = admin.document("f1")
    assert form is not None and form["text"] is None
    with pytest.raises(AccessDenied):
        admin.snippet(link_id(store, "n1", "AT", world.FLAT.id))
    assert any(link["document_id"] == "fc" for link in admin.links())


def test_exports_leave_out_handling_code_c_except_for_analysts_and_rhi_managers(
        service_as: Callable[[Role], Service]) -> None:
    for role, includes in ((Role.ANALYST, True), (Role.RHI_MANAGER, True),
                           (Role.ADMIN, False)):
        rows = service_as(role).export_rows("links")
        assert any(r["document_id"] == "fc" for r in rows) is includes, role
        assert all(not str(r["grading"]).endswith("C") for r in rows) or includes


def test_exports_neutralise_formulas(service_as: Callable[[Role], Service],
                                     store: SQLiteStore, world: SimpleNamespace) -> None:
    from graph.store import EntityRecord

    evil = EntityRecord("Location", "=hyperlink(x)", '=HYPERLINK("http://evil","x")')
    text = 'Met at =HYPERLINK("http://evil","x") today.'
    store.write(world.document_batch("evil", "intel_form", "C-1002", text,
                                     [("AT", evil, '=HYPERLINK("http://evil","x")')]))
    rows = service_as(Role.ANALYST).export_rows("links")
    cells = [str(v) for r in rows for v in r.values() if v is not None]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


# -- every call is audited ---------------------------------------------------------------
CALLS: dict[str, Callable[[Service], Any]] = {
    "counts": lambda s: s.counts(),
    "hotspots": lambda s: s.hotspots(),
    "entity_activity": lambda s: s.entity_activity("Location"),
    "entity_activity_person": lambda s: s.entity_activity("Person"),
    "entities": lambda s: s.entities(),
    "links": lambda s: s.links(),
    "child": lambda s: s.child("C-1001"),
    "document": lambda s: s.document("n1"),
    "snippet": lambda s: s.snippet(2),
    "search": lambda s: s.search("court"),
    "export_hotspots": lambda s: s.export_rows("hotspots"),
    "export_links": lambda s: s.export_rows("links"),
    "resolution": lambda s: s.record_resolution("keep_apart", ["Person:deano", "Person:kyle"]),
    "retention": lambda s: s.retention_due(),
    "documents": lambda s: s.documents(),
    "indicators": lambda s: s.indicators(),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(CALLS))
def test_every_call_leaves_exactly_one_audit_entry(
        service_as: Callable[[Role], Service], governance: Governance, role: Role,
        name: str) -> None:
    before = len(governance.audit.entries())
    with contextlib.suppress(AccessDenied):
        CALLS[name](service_as(role))
    entries = governance.audit.entries()
    assert len(entries) == before + 1
    assert entries[0]["user"] == f"{role.value.lower()}-user"
    assert entries[0]["role"] == role.value
    assert governance.audit.verify().ok


def test_resolution_decisions_are_audited_without_names(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    service_as(Role.ANALYST).record_resolution("merge", ["Person:deano", "Person:dean ashworth"])
    (entry,) = governance.audit.entries(limit=1)
    assert entry["action"] == "resolution" and entry["query"]["decision"] == "merge"
    assert "deano" not in json.dumps(entry).lower()
    assert all(ref.startswith("Person#") for ref in entry["query"]["entities"])


# -- documents and indicators ------------------------------------------------------------
def test_document_lists_follow_the_tier(service_as: Callable[[Role], Service],
                                        world: SimpleNamespace) -> None:
    notes = service_as(Role.ANALYST).documents("rhi_note")
    assert {d["id"] for d in notes} == {"n1", "n2"}
    assert all("text" not in d for d in notes)
    assert world.SECTION_SECRET not in json.dumps(notes)
    managed = service_as(Role.RHI_MANAGER).documents(child_id="C-1001")
    assert world.SECTION_SECRET in json.dumps(managed)
    with pytest.raises(AccessDenied):
        service_as(Role.PARTNER).documents()


def test_indicators_follow_the_tier(service_as: Callable[[Role], Service]) -> None:
    analyst = service_as(Role.ANALYST).indicators()
    assert {(r["document_id"], r["code"]) for r in analyst} >= {("n1", "ALCOHOL"), ("fc", "CSE")}
    assert next(r for r in analyst if r["code"] == "ALCOHOL")["text"] == "given vodka"
    admin = service_as(Role.ADMIN).indicators()
    assert admin and all(r["text"] is None for r in admin)
    partner = service_as(Role.PARTNER).indicators()
    assert partner == [{"code": "CSE", "documents": 2, "children": 2}], \
        "fc (handling C) withheld; ALCOHOL and DRUGS seen for one child only"


def test_the_roles_limits_keep_the_callers_other_filters(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    service_as(Role.PARTNER).hotspots(Filters(since="2026-01-01", categories=("CSE",)))
    (entry,) = governance.audit.entries(limit=1)
    applied = entry["query"]["filters"]
    assert applied["categories"] == ["CSE"] and applied["since"] == "2026-01-01"
    assert applied["min_grading"] is True and applied["handling_codes"] == ["P"]


def test_exporters_writing_their_own_files_are_authorised_and_audited(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    analyst = service_as(Role.ANALYST).authorise_export("i2", Filters(since="2026-01-01"))
    assert analyst.handling_codes == () and analyst.since == "2026-01-01"
    assert service_as(Role.ADMIN).authorise_export("graphml").handling_codes == ("P",)
    partner = service_as(Role.PARTNER).authorise_export("report.cse_mapping", facts=False)
    assert partner.handling_codes == ("P",) and partner.min_grading
    with pytest.raises(AccessDenied):
        service_as(Role.PARTNER).authorise_export("i2")
    with pytest.raises(AccessDenied):
        service_as(Role.ADMIN).authorise_export("i2", Filters(handling_codes=("C",)))
    outcomes = [(e["query"]["what"], e["outcome"]) for e in governance.audit.entries(limit=5)]
    assert outcomes == [("i2", "denied"), ("i2", "denied"), ("report.cse_mapping", "ok"),
                        ("graphml", "ok"), ("i2", "ok")]


def test_partner_activity_rows_are_an_allow_list() -> None:
    from rhigraph.governance.pseudonym import Pseudonyms
    from rhigraph.governance.shaping import pseudonymise_activity

    row = {"entity_id": "Location:x", "label": "X", "children": 2, "adult_ids": ["Person:deano"],
           "variants": ["the flat deano uses"], "children_linked": [
               {"child_id": "C-1", "name": "Amy"}, {"child_id": "C-2", "name": "Bea"}],
           "something_new": "Deano"}
    (shaped,) = pseudonymise_activity([row], Pseudonyms(b"k" * 32), {"Location:x"})
    assert "deano" not in json.dumps(shaped).lower() and "Amy" not in json.dumps(shaped)
    assert shaped["children"] == 2 and len(shaped["children_linked"]) == 2
