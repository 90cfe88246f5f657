"""The 72-hour clock and RHI indicators on the hand-made edge cases."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.meetings.episodes import infer_area
from graph.meetings.load import episodes
from graph.meetings.rhi import indicators, indicators_by_category, overdue_now, rhi_status

LATER = dt.datetime(2026, 1, 12, 9, 0)


@pytest.fixture
def views(hand_store):
    return {e.episode_id: e for e in episodes(hand_store)}


@pytest.mark.parametrize("episode_id,status,hours", [
    ("MP-1", "done_in_time", 72.0),          # exactly 72 hours after the return: in time
    ("MP-2", "done_late", 72.0),             # 72 hours and one minute: late
    ("MP-5", "done_before_return", -1.0),    # recorded before the return: a record to fix
    ("MP-9", "done_in_time", 48.0),
])
def test_completed_interviews_against_the_72_hour_standard(views, episode_id, status,
                                                           hours) -> None:
    row = rhi_status(views[episode_id], LATER)
    assert row["status"] == status
    assert row["hours_to_rhi"] == hours
    assert row["deadline"] == (views[episode_id].returned_at
                               + dt.timedelta(hours=72)).isoformat(timespec="minutes")


def test_not_done_due_overdue_and_still_missing(views) -> None:
    declined = rhi_status(views["MP-6"], LATER)
    assert (declined["status"], declined["reason"]) == ("not_done", "declined_by_child")
    assert rhi_status(views["MP-4"], LATER)["status"] == "still_missing"
    # MP-3 returned 05/01 06:00 with no interview and no outcome.
    assert rhi_status(views["MP-3"], dt.datetime(2026, 1, 8, 6, 0))["status"] == "due"
    late = rhi_status(views["MP-3"], dt.datetime(2026, 1, 8, 7, 0))
    assert late["status"] == "overdue" and late["hours_overdue"] == 1.0
    assert [e.episode_id for e in overdue_now(views.values(), LATER)] == ["MP-10", "MP-3"]


def test_statuses_are_judged_as_of_a_moment(views) -> None:
    # Before MP-1's interview happened it was due; before the return, the child was missing.
    assert rhi_status(views["MP-1"], dt.datetime(2025, 12, 31))["status"] == "due"
    assert rhi_status(views["MP-1"], dt.datetime(2025, 12, 29, 1))["status"] == "still_missing"


def test_indicators_count_episodes_and_children_separately(views) -> None:
    week = [views[i] for i in ("MP-1", "MP-2", "MP-3", "MP-5", "MP-6", "MP-9", "MP-10")]
    figures = indicators(week, LATER)
    assert (figures["episodes"], figures["children"]) == (7, 6)
    assert (figures["returned_episodes"], figures["returned_children"]) == (7, 6)
    # Offered: MP-1, 2, 3, 5, 6, 9 (MP-10 has nothing recorded).
    assert figures["offered"]["episodes"] == 6 and figures["offered"]["children"] == 5
    # Accepted: offered and not declined or uncontactable (MP-6 was declined).
    assert figures["accepted"]["episodes"] == 5
    assert figures["completed"] == {"episodes": 4, "episode_rate": 57.1, "children": 3,
                                    "child_rate": 50.0}
    assert figures["within_72h"]["episodes"] == 2 and figures["within_72h"]["children"] == 2
    assert figures["not_completed_reasons"] == {"no outcome recorded (overdue)": 2,
                                                "declined_by_child": 1}


def test_groups_add_up_to_all_episodes(views) -> None:
    everyone = list(views.values())
    groups = indicators_by_category(everyone, LATER, infer_area(everyone))
    assert set(groups) == {"missing_from_home", "looked_after_in_area", "placed_out_of_area",
                           "hosted_from_elsewhere"}
    assert sum(g["episodes"] for g in groups.values()) == len(everyone)
    assert groups["hosted_from_elsewhere"]["episodes"] == 1
    assert groups["placed_out_of_area"]["children"] == 2


def test_rates_without_a_denominator_are_blank() -> None:
    assert indicators([], LATER)["completed"]["episode_rate"] is None
