"""Who must be told of an out-of-area episode and of its RHI, and whether they were."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graph.meetings import notifications as notices
from graph.meetings.load import episodes

LATER = dt.datetime(2026, 1, 12, 9, 0)


@pytest.fixture
def views(hand_store):
    return {e.episode_id: e for e in episodes(hand_store)}


def _needs(rows):
    return {(r["about"], r["body_role"], r["body"], r["due_at"]) for r in rows}


def test_a_hosted_child_in_another_force_needs_all_three_bodies(views) -> None:
    rows = notices.required(views["MP-3"], LATER)
    assert _needs(rows) == {
        ("missing", "responsible_la", "Lancashire", dt.datetime(2026, 1, 5, 23, 59)),
        ("missing", "host_la", "Bolton", dt.datetime(2026, 1, 5, 23, 59)),
        ("missing", "home_force", "Lancashire Constabulary", dt.datetime(2026, 1, 5, 23, 59)),
        # No interview: the RHI notice is due 24 h after the 72-hour deadline.
        ("rhi", "responsible_la", "Lancashire", dt.datetime(2026, 1, 9, 6, 0)),
        ("rhi", "host_la", "Bolton", dt.datetime(2026, 1, 9, 6, 0)),
        ("rhi", "home_force", "Lancashire Constabulary", dt.datetime(2026, 1, 9, 6, 0)),
    }


def test_placed_out_in_the_same_force_needs_no_home_force_notice(views) -> None:
    for episode_id in ("MP-6", "MP-10"):
        roles = {(r["about"], r["body_role"]) for r in notices.required(views[episode_id],
                                                                          LATER)}
        assert roles == {("missing", "responsible_la"), ("missing", "host_la"),
                         ("rhi", "responsible_la"), ("rhi", "host_la")}


def test_children_in_area_and_children_still_missing(views) -> None:
    assert notices.required(views["MP-1"], LATER) == []
    assert notices.required(views["MP-4"], LATER) == []
    # While a hosted child is still missing, only the missing-episode notices are owed.
    missing = notices.required(views["MP-3"], dt.datetime(2026, 1, 5, 3, 0))
    assert {r["about"] for r in missing} == {"missing"}


def test_statuses_from_recorded_notifications(views) -> None:
    records = [
        {"episode_id": "MP-3", "about": "missing", "body_role": "host_la",
         "notified_at": "2026-01-05T08:00", "recorded_by": "duty"},
        {"episode_id": "MP-3", "about": "missing", "body_role": "responsible_la",
         "notified_at": "2026-01-06T09:00", "recorded_by": "duty"},
        {"episode_id": "MP-3", "about": "missing", "body_role": "responsible_la",
         "notified_at": "2026-01-07T09:00", "recorded_by": "again"},
    ]
    rows = {(r["about"], r["body_role"]): r for r in notices.status(views["MP-3"], LATER,
                                                                   records)}
    assert rows[("missing", "host_la")]["status"] == "done"
    assert rows[("missing", "responsible_la")]["status"] == "done_late"
    assert rows[("missing", "responsible_la")]["notified_at"] == "2026-01-06T09:00"
    assert rows[("missing", "home_force")]["status"] == "overdue"
    assert rows[("rhi", "host_la")]["status"] == "overdue"
    # Judged before the host LA was told, and before the deadline, it was only due.
    early = {(r["about"], r["body_role"]): r["status"]
             for r in notices.status(views["MP-3"], dt.datetime(2026, 1, 5, 7, 0), records)}
    assert early[("missing", "host_la")] == "due"


def test_export_columns_and_the_authoritys_own_rhi_note_count_as_done(views) -> None:
    episode = dataclasses.replace(views["MP-3"], props={
        **views["MP-3"].props, "home_force_notified_at": "2026-01-05T01:00:00"})
    note = {"id": "rhi_C-2", "agency": "Bolton Missing From Home Team",
            "fields": {"episode_id": "MP-3", "interview_at": "2026-01-07T10:00"}}
    rows = {(r["about"], r["body_role"]): r for r in notices.status(episode, LATER, [],
                                                                   [note])}
    assert rows[("missing", "home_force")]["status"] == "done"
    assert rows[("missing", "home_force")]["source"] == "episode record"
    assert rows[("rhi", "host_la")]["status"] == "done"
    assert rows[("rhi", "host_la")]["source"] == "RHI note by that authority"
    assert rows[("rhi", "responsible_la")]["status"] == "overdue"


def test_child_summary_counts_by_status(views) -> None:
    chosen = [views["MP-3"], views["MP-6"], views["MP-1"]]
    rows = [r for e in chosen for r in notices.status(e, LATER, [])]
    summary = {r["child_id"]: r for r in notices.child_summary(chosen, rows)}
    assert set(summary) == {"C-2", "C-5"}
    assert summary["C-2"]["overdue"] == 6 and summary["C-2"]["episode_ids"] == ["MP-3"]
    assert summary["C-5"]["host_la"] == "Wigan" and summary["C-5"]["overdue"] == 4
