"""The desk and the out-of-area views through the governance service, as each role.

Expected answers come from truth.json and episodes.csv of the generated area, never from the
code under test: which notes are nil returns, which carry a planted pattern, which children
live outside their responsible authority.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.meetings.sections import section
from graph.store import SQLiteStore
from rhigraph.governance import AccessDenied, Governance, Role, Service, User
from tests.desk.conftest import Area

TODAY = dt.date(2026, 4, 1)
AS_OF = dt.datetime(2026, 4, 1, 9, 0)
PSEUDONYM = "Child "


@pytest.fixture
def governance(tmp_path: Path) -> Iterator[Governance]:
    opened = Governance(tmp_path / "governance.db")
    try:
        yield opened
    finally:
        opened.close()


def _planted_notes(area: Area) -> set[str]:
    notes = {d["id"] for d in area.truth_documents("rhi_note")}
    return {area.store_id(doc) for p in area.truth["patterns"] for doc in p["documents"]
            if doc in notes}


def _entries(governance: Governance, role: Role) -> list[dict]:
    return governance.audit.entries(user=f"{role.value.lower()}-user")


@pytest.mark.parametrize("role", [Role.RHI_MANAGER, Role.ANALYST, Role.ADMIN])
def test_planted_notes_are_intelligence_and_nil_returns_nil_for_every_facts_role(
        area: Area, service_as: Callable[[Role], Service], role: Role) -> None:
    rows = {r["document_id"]: r for r in service_as(role).triage_queue()}
    planted = _planted_notes(area)
    assert planted and all(rows[d]["triage"] == "intelligence_bearing" for d in planted)
    nils = [area.store_id(d["id"]) for d in area.truth_documents("rhi_note") if d["nil_return"]]
    assert nils and all(rows[d]["triage"] == "nil_return" for d in nils)


def test_indicator_words_reach_only_roles_that_read_snippets_of_notes(
        store: SQLiteStore, service_as: Callable[[Role], Service]) -> None:
    def indicator_texts(role: Role) -> list[str | None]:
        return [r["text"] for row in service_as(role).triage_queue()
                for r in row["reasons"] if r["kind"] == "indicator"]

    manager, analyst, admin = (indicator_texts(r) for r in (
        Role.RHI_MANAGER, Role.ANALYST, Role.ADMIN))
    assert manager and all(manager) and analyst == manager
    assert admin and not any(admin)
    words = {t for t in manager if t and len(t) > 12}
    summaries = " ".join(r["summary"] for r in service_as(Role.ADMIN).triage_queue())
    assert words and not any(w in summaries for w in words)
    waiting = service_as(Role.ADMIN).unshared(TODAY)
    assert waiting and all(r["text"] is None for row in waiting for r in row["reasons"]
                           if r["kind"] == "indicator")


def test_partner_is_refused_the_desk_and_each_refusal_is_audited(
        store: SQLiteStore, governance: Governance,
        service_as: Callable[[Role], Service]) -> None:
    partner = service_as(Role.PARTNER)
    note = store.documents("rhi_note")[0]["id"]
    for call in (partner.triage_queue, lambda: partner.unshared(TODAY), partner.cross_worker,
                 lambda: partner.draft_isf(note, TODAY),
                 lambda: partner.placement_packet("C-1001", AS_OF)):
        with pytest.raises(AccessDenied):
            call()
    entries = _entries(governance, Role.PARTNER)
    assert [e["outcome"] for e in entries] == ["denied"] * 5
    assert {e["action"] for e in entries} == {"triage", "unshared", "cross_worker",
                                               "draft_isf", "placement_packet"}


def test_only_the_rhi_manager_drafts_a_form_and_the_draft_is_audited_without_text(
        area: Area, store: SQLiteStore, governance: Governance,
        service_as: Callable[[Role], Service]) -> None:
    note = sorted(_planted_notes(area))[0]
    for role in (Role.ANALYST, Role.ADMIN):
        with pytest.raises(AccessDenied):
            service_as(role).draft_isf(note, TODAY)
    draft = service_as(Role.RHI_MANAGER).draft_isf(note, TODAY)
    assert draft["derived_from"] == note and draft["draft"]["state"] == "unconfirmed"
    assert draft["draft"]["drafted_by"] == "rhi_manager-user"
    (entry,) = [e for e in _entries(governance, Role.RHI_MANAGER) if e["action"] == "draft_isf"]
    assert entry["target"] == note and entry["outcome"] == "ok"
    logged = json.dumps(entry)
    assert all(s["name"] not in logged for s in draft["subjects"])
    assert draft["narrative"].split("\n")[1][:40] not in logged
    with pytest.raises(Exception, match="no RHI note"):
        service_as(Role.RHI_MANAGER).draft_isf("no-such-note.txt", TODAY)


def test_cross_worker_rows_name_at_least_two_workers_or_agencies(
        service_as: Callable[[Role], Service]) -> None:
    rows = service_as(Role.ANALYST).cross_worker()
    assert rows
    assert all(len(r["workers"]) >= 2 or len(r["agencies"]) >= 2 for r in rows)


# -- out of area ------------------------------------------------------------------------------
def _placed_out(area: Area) -> set[str]:
    """Children with an episode whose host LA or host force differs from the home one,
    read from the generated episodes.csv."""
    with (area.folder / "episodes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {r["child_id"] for r in rows
            if (r["host_la"] and r["host_la"] != r["responsible_la"])
            or (r["host_force"] and r["host_force"] != r["home_force"])}


def test_out_of_area_children_match_the_episodes_and_a_partner_gets_pseudonyms(
        area: Area, service_as: Callable[[Role], Service]) -> None:
    expected = _placed_out(area)
    assert expected, "the generated area places no child out of area"
    pack = service_as(Role.RHI_MANAGER).out_of_area(AS_OF)
    children = section(pack, "out_of_area")["rows"]
    assert {r["child_id"] for r in children} == expected
    names = {c["id"]: c["name"] for c in area.truth["children"]}
    assert all(r["child_name"] == names[r["child_id"]] for r in children)
    notices = section(pack, "notifications")["rows"]
    assert {r["child_id"] for r in notices} == expected
    assert {r["status"] for r in notices} <= {"done", "done_late", "overdue", "due"}
    order = ["overdue", "due", "done_late", "done"]
    assert [order.index(r["status"]) for r in notices] == sorted(
        order.index(r["status"]) for r in notices)

    partner = service_as(Role.PARTNER).out_of_area(AS_OF)
    text = json.dumps(partner)
    assert partner["redacted"]
    assert not any(c in text for c in expected)
    assert not any(names[c] in text for c in expected)
    assert all(r["child_id"].startswith(PSEUDONYM)
               for r in section(partner, "out_of_area")["rows"])


def test_recording_a_notification_turns_it_from_overdue_to_done(
        writable: SQLiteStore, governance: Governance) -> None:
    service = Service(writable, User("manager", Role.RHI_MANAGER, source="test"), governance)
    before = section(service.out_of_area(AS_OF), "notifications")["rows"]
    overdue = next(r for r in before if r["status"] == "overdue" and r["about"] ==
                   "missing episode" and r["body_role"] == "Responsible LA")
    reported = dt.datetime.fromisoformat(overdue["due_at"]) - dt.timedelta(hours=23)
    writable.record_notification(
        episode_id=overdue["episode_id"], about="missing", body_role="responsible_la",
        body=overdue["body"], notified_at=reported.isoformat(timespec="minutes"),
        recorded_at=AS_OF.isoformat(), recorded_by="manager", note=None)
    after = section(service.out_of_area(AS_OF), "notifications")["rows"]
    same = [r for r in after if (r["episode_id"], r["about"], r["body_role"]) == (
        overdue["episode_id"], overdue["about"], overdue["body_role"])]
    assert [r["status"] for r in same] == ["done"]
    assert sum(r["status"] == "overdue" for r in after) == \
        sum(r["status"] == "overdue" for r in before) - 1


def test_cross_boundary_rows_span_two_responsible_authorities_and_partners_see_places_only(
        area: Area, service_as: Callable[[Role], Service]) -> None:
    responsible = {c["id"]: c["responsible_la"] for c in area.truth["children"]}
    pack = service_as(Role.ANALYST).cross_boundary(AS_OF)
    places, adults = section(pack, "places")["rows"], section(pack, "adults")["rows"]
    assert places, "the generated area has a place shared across authorities"
    for row in [*places, *adults]:
        assert len({responsible[c] for c in row["child_ids"]}) >= 2, row["label"]
    partner = service_as(Role.PARTNER).cross_boundary(AS_OF)
    assert section(partner, "adults")["rows"] == []
    text = json.dumps(section(partner, "places"))
    assert not any(c in text for c in responsible)
    assert {r["label"] for r in section(partner, "places")["rows"]} <= {
        r["label"] for r in places}


def test_placement_packet_is_audited_as_a_view_of_the_child(
        area: Area, governance: Governance, service_as: Callable[[Role], Service]) -> None:
    child = sorted(_placed_out(area))[0]
    packet = service_as(Role.ANALYST).placement_packet(child, AS_OF)
    assert packet["kind"] == "placement_packet" and child in packet["title"]
    (entry,) = [e for e in _entries(governance, Role.ANALYST)
                if e["action"] == "placement_packet"]
    assert entry["target"] == f"Child:{child}"
