"""Actions: RHI recommendations read from notes, carried forward until closed, in the store."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.exc import StoreError
from graph.meetings import actions as tracked
from graph.store import SQLiteStore

NOTES = [
    {"id": "rhi_a", "child_id": "C-1", "date": "2026-01-02", "agency": "Bolton MFH",
     "fields": {"episode_id": "MP-1", "actions": [
         "NFA - close", "Refer to Bolton Complex Safeguarding Team",
         "Share information with GMP on an ISF", "Noted, no further action", "L. West"]}},
    {"id": "rhi_b", "child_id": "C-1", "date": "2026-01-09", "agency": "Bolton MFH",
     "fields": {"episode_id": "MP-2", "actions": [
         "Refer to  Bolton Complex Safeguarding Team.", "Agreed",
         "Marie Smith, Team Manager"]}},
]


def test_recommendations_leave_out_lines_that_decide_nothing() -> None:
    recs = tracked.recommendations(NOTES)
    assert [(r["document_id"], r["text"]) for r in recs] == [
        ("rhi_a", "Refer to Bolton Complex Safeguarding Team"),
        ("rhi_a", "Share information with GMP on an ISF"),
        ("rhi_b", "Refer to Bolton Complex Safeguarding Team."),
    ]
    assert recs[0]["episode_id"] == "MP-1" and recs[0]["child_id"] == "C-1"


def test_recommendations_made_again_and_again() -> None:
    rows = tracked.repeated(tracked.recommendations(NOTES))
    assert len(rows) == 1
    assert rows[0]["notes"] == 2 and rows[0]["document_ids"] == ["rhi_a", "rhi_b"]
    assert (rows[0]["first_made"], rows[0]["last_made"]) == ("2026-01-02", "2026-01-09")


def test_untracked_are_those_not_yet_recorded() -> None:
    recs = tracked.recommendations(NOTES)
    actions = [{"document_id": "rhi_a", "text": "Refer to Bolton Complex Safeguarding Team"}]
    assert [r["text"] for r in tracked.untracked(recs, actions)] == [
        "Share information with GMP on an ISF", "Refer to Bolton Complex Safeguarding Team."]


def test_actions_are_carried_forward_until_closed() -> None:
    rows = [
        {"id": 1, "created_at": "2026-01-05T10:00", "closed_at": None, "due": "2026-01-09"},
        {"id": 2, "created_at": "2026-01-05T10:00", "closed_at": "2026-01-08T12:00",
         "due": "2026-01-20"},
        {"id": 3, "created_at": "2026-01-13T10:00", "closed_at": None, "due": None},
    ]
    at = dt.datetime(2026, 1, 12, 9)
    open_now = tracked.outstanding(rows, at)
    assert [(r["id"], r["overdue"], r["days_open"]) for r in open_now] == [(1, True, 6)]
    earlier = tracked.outstanding(rows, dt.datetime(2026, 1, 7))
    assert [r["id"] for r in earlier] == [1, 2]
    assert not earlier[0]["overdue"]
    closed = tracked.closed_between(rows, dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 12))
    assert [r["id"] for r in closed] == [2]


def test_store_records_updates_and_closes_actions(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "actions.db")
    try:
        assert "0003_actions_and_notifications" in store.applied_migrations()
        first = store.add_action(text="Strategy discussion", created_at="2026-01-05T10:00",
                                 child_id="C-1", meeting="weekly 2026-W01", owner="SW",
                                 due="2026-01-09")
        rec = store.add_action(text="Refer to CST", created_at="2026-01-05T10:00",
                               child_id="C-1", source="rhi", document_id="rhi_a")
        again = store.add_action(text="Refer to CST", created_at="2026-01-06T10:00",
                                 child_id="C-1", source="rhi", document_id="rhi_a")
        other = store.add_action(text="Call carer", created_at="2026-01-06T10:00",
                                 child_id="C-2")
        assert rec == again and len({first, rec, other}) == 3
        assert store.update_action(rec, owner="MFH team", due="2026-01-16")
        assert store.close_action(first, closed_at="2026-01-08T12:00", closed_by="chair",
                                  note="held")
        assert not store.close_action(first, closed_at="2026-01-09T12:00")
        assert not store.update_action(first, owner="nobody")
        assert not store.close_action(9999, closed_at="2026-01-09T12:00")
        mine = store.actions(child_id="C-1")
        assert [a["id"] for a in mine] == [first, rec]
        assert mine[0]["status"] == "closed" and mine[0]["closure_note"] == "held"
        assert mine[1]["owner"] == "MFH team" and mine[1]["due"] == "2026-01-16"
        assert [a["id"] for a in store.actions(status="open")] == [rec, other]
        with pytest.raises(StoreError):
            store.add_action(text="  ", created_at="2026-01-05T10:00")
        with pytest.raises(StoreError):
            store.add_action(text="x", created_at="2026-01-05T10:00", source="rumour")
    finally:
        store.close()


def test_store_records_notifications(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "notices.db")
    try:
        store.record_notification(episode_id="MP-3", about="missing", body_role="host_la",
                                  notified_at="2026-01-05T08:00", body="Bolton",
                                  recorded_at="2026-01-05T09:00", recorded_by="duty")
        store.record_notification(episode_id="MP-1", about="rhi", body_role="home_force",
                                  notified_at="2026-01-02T08:00",
                                  recorded_at="2026-01-02T09:00")
        assert [n["episode_id"] for n in store.notifications()] == ["MP-1", "MP-3"]
        only = store.notifications("MP-3")
        assert len(only) == 1 and only[0]["body"] == "Bolton"
        assert only[0]["recorded_by"] == "duty"
        with pytest.raises(StoreError):
            store.record_notification(episode_id="MP-3", about="found", body_role="host_la",
                                      notified_at="x", recorded_at="y")
        with pytest.raises(StoreError):
            store.record_notification(episode_id="MP-3", about="rhi", body_role="school",
                                      notified_at="x", recorded_at="y")
    finally:
        store.close()


def test_a_file_from_before_actions_is_upgraded_in_place(tmp_path) -> None:
    import sqlite3

    from graph.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for migration in MIGRATIONS:
        if migration.name == "0003_actions_and_notifications":
            break
        conn.executescript(migration.sql)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01')", (migration.name,))
    conn.commit()
    conn.close()
    store = SQLiteStore(path)
    try:
        assert "0003_actions_and_notifications" in store.applied_migrations()
        store.add_action(text="Keep me", created_at="2026-01-05T10:00")
    finally:
        store.close()
    reopened = SQLiteStore(path)
    try:
        assert reopened.migrate() == []
        assert [a["text"] for a in reopened.actions()] == ["Keep me"]
    finally:
        reopened.close()
