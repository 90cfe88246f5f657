"""Triage on a generated area: nil returns stay nil, every planted pattern's notes carry
intelligence; and the rules themselves on small hand-made notes."""

from __future__ import annotations

from graph.desk.context import GraphContext
from graph.desk.notes import NoteView
from graph.desk.triage import TRIAGES, triage, triage_note
from graph.store import SQLiteStore
from tests.desk.conftest import Area


def _rows(store: SQLiteStore, **kwargs: str) -> dict[str, dict]:
    return {r["document_id"]: r for r in triage(store, **kwargs)}


def test_every_note_is_triaged_once(area: Area, store: SQLiteStore) -> None:
    rows = triage(store)
    expected = {area.store_id(d["id"]) for d in area.truth_documents("rhi_note")}
    assert sorted(r["document_id"] for r in rows) == sorted(expected)
    assert all(r["triage"] in TRIAGES and r["reasons"] for r in rows)


def test_nil_returns_are_triaged_nil(area: Area, store: SQLiteStore) -> None:
    rows = _rows(store)
    nils = [area.store_id(d["id"]) for d in area.truth_documents("rhi_note") if d["nil_return"]]
    assert nils, "the generated area has no nil returns"
    wrong = {doc: rows[doc]["summary"] for doc in nils if rows[doc]["triage"] != "nil_return"}
    assert not wrong


def test_every_planted_pattern_note_is_intelligence_bearing(area: Area,
                                                            store: SQLiteStore) -> None:
    rows = _rows(store)
    notes = {d["id"] for d in area.truth_documents("rhi_note")}
    planted = {doc for pattern in area.truth["patterns"] for doc in pattern["documents"]
               if doc in notes}
    assert planted, "the generated area plants no pattern in a note"
    wrong = {doc: rows[area.store_id(doc)]["triage"] for doc in planted
             if rows[area.store_id(doc)]["triage"] != "intelligence_bearing"}
    assert not wrong
    for doc in planted:
        row = rows[area.store_id(doc)]
        assert row["headline"] != "no intelligence found"
        assert all(r["kind"] != "nil_return" for r in row["reasons"])


def test_planted_identifiers_are_among_the_reasons(area: Area, store: SQLiteStore) -> None:
    """A planted phone or handle shows as a reason in at least one of its notes."""
    rows = _rows(store)
    notes = {d["id"] for d in area.truth_documents("rhi_note")}
    prefix = {"phone": "Phone:", "handle": "OnlineAccount:"}
    checked = 0
    for pattern in area.truth["patterns"]:
        if pattern["kind"] not in prefix:
            continue
        wanted = prefix[pattern["kind"]] + pattern["normalised"]
        docs = [area.store_id(d) for d in pattern["documents"] if d in notes]
        assert any(r.get("entity_id") == wanted for d in docs for r in rows[d]["reasons"])
        checked += 1
    assert checked


def test_since_keeps_notes_on_or_after_the_date(area: Area, store: SQLiteStore) -> None:
    dates = sorted(d["date"] for d in area.truth_documents("rhi_note"))
    since = dates[len(dates) // 2]
    rows = triage(store, since=since)
    expected = {area.store_id(d["id"]) for d in area.truth_documents("rhi_note")
                if d["date"] >= since}
    assert {r["document_id"] for r in rows} == expected


def test_queue_order_is_intelligence_then_welfare_then_nil_each_oldest_first(
        store: SQLiteStore) -> None:
    rows = triage(store)
    keys = [(TRIAGES.index(r["triage"]), r["date"]) for r in rows]
    assert keys == sorted(keys)


# -- the rules on hand-made notes --------------------------------------------------------------

def _note(*, nil: bool = False, mentions: list[dict] | None = None,
          indicators: list[dict] | None = None, links: list[dict] | None = None) -> NoteView:
    return NoteView(id="n.txt", child_id="C-1", date="2026-01-10", worker="Jo Bloggs",
                    agency="MFH", nil_return=nil, fields={"missing_from": "Oak House"},
                    mentions=mentions or [], indicators=indicators or [], links=links or [])


def _mention(entity_id: str, text: str, role: str | None = None) -> dict:
    kind = entity_id.split(":", 1)[0]
    return {"entity_id": entity_id, "cluster_id": entity_id, "type": kind, "text": text,
            "label": text, "role": role, "aliases": []}


def _indicator(code: str, negated: bool = False) -> dict:
    return {"code": code, "text": f"{code} words", "negated": negated, "start": 0, "end": 5}


def test_no_concern_and_a_welfare_indicator_is_welfare_only() -> None:
    note = _note(mentions=[_mention("Person:sue", "Sue", "FAMILY")],
                 indicators=[_indicator("ALCOHOL"), _indicator("CSE", negated=True)])
    row = triage_note(note, GraphContext())
    assert row["triage"] == "welfare_only"
    assert [r.get("code") for r in row["reasons"]] == ["ALCOHOL"]


def test_a_phone_overturns_a_recorded_nil_return() -> None:
    note = _note(nil=True, mentions=[_mention("Phone:+447700900001", "07700 900001")])
    row = triage_note(note, GraphContext())
    assert row["triage"] == "intelligence_bearing"
    assert "recorded_as_nil_return" in row["flags"]


def test_a_phone_tied_only_to_family_does_not() -> None:
    note = _note(nil=True, mentions=[_mention("Person:mum", "Mum", "FAMILY"),
                                     _mention("Phone:+447700900001", "07700 900001")],
                 links=[{"type": "USES", "source_id": "Person:mum",
                         "target_id": "Phone:+447700900001"}])
    assert triage_note(note, GraphContext())["triage"] == "nil_return"


def test_an_indicator_in_a_nil_return_is_set_aside_and_flagged() -> None:
    note = _note(nil=True, indicators=[_indicator("WEAPONS")],
                 mentions=[_mention("Person:ryan", "Ryan", "ADULT_OF_CONCERN")])
    row = triage_note(note, GraphContext())
    assert row["triage"] == "nil_return"
    assert row["flags"] == ["check_indicators"]
    assert {r["kind"] for r in row["set_aside"]} == {"adult_of_concern", "indicator"}


def test_an_adult_of_concern_alone_makes_a_note_intelligence_bearing() -> None:
    note = _note(mentions=[_mention("Person:gaz", "Gaz", "ADULT_OF_CONCERN")])
    row = triage_note(note, GraphContext())
    assert row["triage"] == "intelligence_bearing"
    assert row["reasons"][0]["entity_id"] == "Person:gaz"


def test_a_childs_own_home_is_not_a_location_of_concern() -> None:
    context = GraphContext()
    context.children_at["Location:oak house"] = {"C-1", "C-2"}
    note = _note(mentions=[_mention("Location:oak house", "Oak House")])
    assert triage_note(note, context)["triage"] == "welfare_only"
    context.children_at["Location:moss lane"] = {"C-2"}
    note = _note(mentions=[_mention("Location:moss lane", "flat on Moss Lane")])
    assert triage_note(note, context)["reasons"][0]["why"].startswith("other children")
