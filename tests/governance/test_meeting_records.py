"""Ingest, meeting actions and notifications through the service, as each role: who may add
and record, what a partner sees of the actions, and what the audit keeps (counts and
references, never an action's words, an owner's name or an uploaded file's name)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from graph.exc import InvalidValue
from graph.store import Batch, DocumentRecord, EntityRecord, LinkRecord, SQLiteStore
from rhigraph.governance import AccessDenied, Governance, Role, Service

NOW = dt.datetime(2026, 2, 2, 9, 30)
#: Words an action, an owner or a closure note may hold that the audit must not.
ACTION_TEXT = '=HYPERLINK("http://evil.example") strategy meeting for Kayla Brennan'
OWNER = "Gemma Kershaw"
RECOMMENDATION = "Refer Kayla to the complex safeguarding team"
RECORDERS = (Role.ANALYST, Role.RHI_MANAGER, Role.ADMIN)


@pytest.fixture
def away(store: SQLiteStore) -> str:
    """An episode of C-1001, placed by Salford and living in Bolton (out of area), reported
    missing two days before :data:`NOW`, whose notifications are overdue; its id."""
    props = {"episode_id": "MP-7", "child_id": "C-1001",
             "reported_missing_at": "2026-01-31T22:00", "responsible_la": "Salford",
             "host_la": "Bolton", "home_force": "GMP", "host_force": "GMP"}
    document = DocumentRecord("episodes-2.csv", "episodes", "hash-episodes-2",
                              date="2026-02-01")
    episode = EntityRecord("Episode", "MP-7", "MP-7", props)
    child = EntityRecord("Child", "C-1001", "Kayla Brennan", {"name": "Kayla Brennan"})
    store.write(Batch(document, [EntityRecord("Document", "episodes-2.csv", "episodes-2.csv"),
                                 child, episode],
                      [], [LinkRecord("MISSING_EPISODE", child.id, episode.id, "C-1001")]))
    return "MP-7"


def entries(governance: Governance, role: Role) -> list[dict]:
    return governance.audit.entries(user=f"{role.value.lower()}-user")


def audit_text(governance: Governance) -> str:
    return json.dumps(governance.audit.entries(), ensure_ascii=False)


@pytest.mark.parametrize("role", RECORDERS)
def test_roles_that_record_add_update_and_close_actions_audited_without_their_words(
        service_as: Callable[[Role], Service], store: SQLiteStore, governance: Governance,
        role: Role) -> None:
    service = service_as(role)
    action = service.add_action(ACTION_TEXT, child_id="C-1001", episode_id="MP-1",
                                owner=OWNER, due=dt.date(2026, 2, 9), now=NOW)
    assert service.update_action(action, due=dt.date(2026, 2, 16))
    assert service.close_action(action, now=NOW, note=f"held with {OWNER}")
    assert not service.close_action(action, now=NOW)
    [row] = store.actions(child_id="C-1001")
    assert (row["text"], row["status"], row["due"]) == (ACTION_TEXT, "closed", "2026-02-16")
    assert row["created_by"] == row["closed_by"] == f"{role.value.lower()}-user"
    logged = entries(governance, role)
    assert [(e["action"], e["outcome"]) for e in reversed(logged)] == [
        ("action.add", "ok"), ("action.update", "ok"), ("action.close", "ok"),
        ("action.close", "not_found")]
    assert logged[-1]["target"] == "Child:C-1001"
    assert logged[-1]["query"]["action"] == action
    assert logged[-2]["query"]["changed"] == ["due"]
    for words in (ACTION_TEXT, OWNER, "HYPERLINK", "Kayla"):
        assert words not in audit_text(governance)


def test_partner_records_nothing_and_each_refusal_is_audited(
        service_as: Callable[[Role], Service], store: SQLiteStore,
        governance: Governance) -> None:
    action = service_as(Role.ANALYST).add_action("Visit", child_id="C-1001", now=NOW)
    partner = service_as(Role.PARTNER)
    for call in (lambda: partner.add_action("Visit", now=NOW),
                 lambda: partner.update_action(action, owner=OWNER),
                 lambda: partner.close_action(action, now=NOW),
                 lambda: partner.import_rhi_actions(now=NOW),
                 lambda: partner.record_notification("MP-1", body_role="responsible_la",
                                                     about="missing", notified_at=NOW,
                                                     now=NOW)):
        with pytest.raises(AccessDenied):
            call()
    assert [a["status"] for a in store.actions()] == ["open"] and not store.notifications()
    logged = entries(governance, Role.PARTNER)
    assert [e["outcome"] for e in logged] == ["denied"] * 5
    assert OWNER not in audit_text(governance)


def test_partner_lists_actions_as_the_partner_pack_shows_them(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    manager = service_as(Role.RHI_MANAGER)
    manager.add_action(ACTION_TEXT, child_id="C-1001", episode_id="MP-1", owner=OWNER,
                       due=dt.date(2026, 2, 9), now=NOW)
    full = manager.actions()
    partner = service_as(Role.PARTNER)
    [row] = partner.actions()
    assert full[0]["text"] == ACTION_TEXT and full[0]["child_id"] == "C-1001"
    assert row["child_id"] == governance.pseudonyms.child("C-1001")
    assert row["episode_id"] not in (None, "MP-1")
    assert row["due"] == "2026-02-09" and row["status"] == "open"
    assert not {"text", "owner", "created_by", "closure_note"} & set(row)
    with pytest.raises(AccessDenied):
        partner.actions(child_id="C-1001")


def test_recommendations_are_tracked_by_roles_that_read_notes_whole(
        service_as: Callable[[Role], Service], store: SQLiteStore, governance: Governance,
        world: SimpleNamespace) -> None:
    store.write(world.document_batch(
        "n9", "rhi_note", "C-1001", "Kayla talked about the weekend.\n", [],
        date="2026-01-30", fields={"child_id": "C-1001", "episode_id": "MP-1",
                                   "actions": [RECOMMENDATION, "Agreed"]}))
    for role in (Role.ANALYST, Role.ADMIN):
        with pytest.raises(AccessDenied):
            service_as(role).import_rhi_actions(now=NOW)
    manager = service_as(Role.RHI_MANAGER)
    assert manager.import_rhi_actions(now=NOW, since=dt.date(2026, 1, 1), due_days=7) == 1
    assert manager.import_rhi_actions(now=NOW) == 0, "each recommendation is tracked once"
    [action] = store.actions()
    assert (action["text"], action["source"], action["document_id"], action["due"]) == (
        RECOMMENDATION, "rhi", "n9", "2026-02-06")
    logged = entries(governance, Role.RHI_MANAGER)
    assert [e["query"]["rows"] for e in logged] == [0, 1]
    assert logged[-1]["query"]["since"] == "2026-01-01"
    assert RECOMMENDATION not in audit_text(governance)


@pytest.mark.parametrize("role", RECORDERS)
def test_notifications_are_recorded_by_the_acting_user_and_audited(
        service_as: Callable[[Role], Service], store: SQLiteStore, governance: Governance,
        away: str, role: Role) -> None:
    service = service_as(role)
    made = service.record_notification(away, body_role="responsible_la", about="missing",
                                       notified_at=NOW, now=NOW, note=f"rang {OWNER}")
    [record] = store.notifications(away)
    assert record["id"] == made["id"] and record["recorded_by"] == f"{role.value.lower()}-user"
    with pytest.raises(InvalidValue):
        service.record_notification("MP-404", body_role="host_la", about="rhi",
                                    notified_at=NOW, now=NOW)
    logged = entries(governance, role)
    assert [(e["action"], e["target"], e["outcome"]) for e in reversed(logged)] == [
        ("notification.record", away, "ok"), ("notification.record", "MP-404", "not_found")]
    assert logged[-1]["query"] == {"about": "missing", "body_role": "responsible_la",
                                   "record": made["id"], "notified_at": "2026-02-02T09:30"}
    assert OWNER not in audit_text(governance)
    done = service.notifications(NOW, episode_id=away, status="done_late")
    assert [(r["about"], r["body_role"]) for r in done] == [("missing", "responsible_la")]


def test_notification_lists_are_audited_and_a_partner_sees_pseudonyms(
        service_as: Callable[[Role], Service], governance: Governance, away: str) -> None:
    rows = service_as(Role.ANALYST).notifications(NOW, status="overdue")
    assert {(r["episode_id"], r["child_id"], r["body_role"]) for r in rows} == {
        (away, "C-1001", "responsible_la"), (away, "C-1001", "host_la")}
    [entry] = entries(governance, Role.ANALYST)
    assert entry["query"] == {"episode": None, "status": "overdue",
                              "as_of": "2026-02-02T09:30", "rows": 2}
    partner = service_as(Role.PARTNER)
    shown = partner.notifications(NOW, status="overdue")
    assert [(r["body_role"], r["body"], r["status"]) for r in shown] == [
        (r["body_role"], r["body"], r["status"]) for r in rows]
    assert {r["child_id"] for r in shown} == {governance.pseudonyms.child("C-1001")}
    assert away not in json.dumps(shown) and "Kayla" not in json.dumps(shown)
    with pytest.raises(AccessDenied):
        partner.notifications(NOW, episode_id=away)


def test_ingest_is_for_roles_that_add_records_and_audited_by_counts(
        service_as: Callable[[Role], Service], store: SQLiteStore, governance: Governance,
        samples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "upload"
    folder.mkdir()
    named = folder / "Kayla Brennan rhi.txt"  # a file name that names a child
    shutil.copy(next(samples_dir.glob("rhi_*.txt")), named)
    (folder / "Tyler Mason.pdf").write_bytes(b"not a pdf")
    before = store.counts()["documents"]
    with pytest.raises(AccessDenied):
        service_as(Role.PARTNER).ingest([folder], max_bytes=1_000_000)
    assert store.counts()["documents"] == before
    [refused] = entries(governance, Role.PARTNER)
    assert (refused["outcome"], refused["query"]) == ("denied", {"files": 2})
    summary = service_as(Role.ANALYST).ingest([folder], max_bytes=1_000_000,
                                              resolve_entities=False)
    assert (summary.ingested, summary.rejected) == (1, 1)
    assert store.counts()["documents"] == before + 1
    [entry] = entries(governance, Role.ANALYST)
    assert entry["action"] == "ingest" and entry["outcome"] == "ok"
    assert entry["query"] == {"files": 2, **summary.as_dict()}
    for name in ("Kayla", "Tyler", "upload", str(tmp_path)):
        assert name not in audit_text(governance)
