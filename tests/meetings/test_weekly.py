"""The weekly pack on the hand-made records: either side of the ISO year boundary."""

from __future__ import annotations

import datetime as dt

from graph.meetings.load import weekly_inputs
from graph.meetings.periods import iso_week
from graph.meetings.sections import headline, section
from graph.meetings.weekly import weekly_pack

LATER = dt.datetime(2026, 1, 12, 9, 0)


def _pack(store, label: str, as_of: dt.datetime = LATER):
    week = iso_week(label)
    return weekly_pack(weekly_inputs(store, week), week, as_of)


def _ids(pack, section_id: str, key: str = "episode_id") -> list:
    return [row[key] for row in section(pack, section_id)["rows"]]


def test_each_week_holds_exactly_the_episodes_reported_in_it(hand_store) -> None:
    assert _ids(_pack(hand_store, "2025-W52"), "episodes") == ["MP-1"]
    assert _ids(_pack(hand_store, "2026-W01"), "episodes") == [
        "MP-2", "MP-5", "MP-6", "MP-10", "MP-9", "MP-3"]
    assert _ids(_pack(hand_store, "2026-W02"), "episodes") == ["MP-4"]


def test_week_one_of_2026(hand_store) -> None:
    pack = _pack(hand_store, "2026-W01")
    rows = {r["episode_id"]: r for r in section(pack, "episodes")["rows"]}
    assert rows["MP-9"]["episodes_90d"] == 3 and rows["MP-2"]["episodes_90d"] == 2
    assert rows["MP-3"]["hours_missing"] == 6.0
    assert rows["MP-3"]["category"] == "Hosted from elsewhere"
    assert rows["MP-10"]["category"] == "Placed out of area"
    assert rows["MP-5"]["rhi"] == "Check record: RHI before return"
    assert rows["MP-2"]["rhi"] == "Done late"
    assert rows["MP-6"]["rhi"] == "Not done: declined_by_child"
    repeat = section(pack, "repeat_missing")["rows"]
    assert {(r["child_id"], r["episodes"]) for r in repeat} == {("C-1", 2), ("C-6", 2)}
    assert _ids(pack, "still_missing") == ["MP-4"]
    assert {r["child_id"] for r in section(pack, "out_of_area")["rows"]} == {
        "C-2", "C-5", "C-7"}
    assert len(section(pack, "notifications")["rows"]) == 6 + 4 + 4
    figures = headline(pack)
    assert figures["Episodes reported"] == 6
    assert figures["Children reported missing"] == 6
    assert figures["High-risk episodes"] == 2
    assert figures["Children still missing"] == 1
    assert figures["RHIs overdue now"] == 2
    assert figures["Out-of-area children"] == 3
    assert figures["Notifications overdue"] == 14


def test_as_of_the_end_of_the_week(hand_store) -> None:
    pack = _pack(hand_store, "2026-W01", dt.datetime(2026, 1, 5, 0, 0))
    rows = {r["episode_id"]: r for r in section(pack, "rhi")["rows"]}
    assert rows["MP-3"]["status"] == "Still missing"
    assert rows["MP-9"]["status"] == "Due (inside 72 h)"
    assert set(_ids(pack, "still_missing")) == {"MP-3", "MP-4"}


def test_actions_outstanding_from_the_last_meeting(hand_store) -> None:
    first = hand_store.add_action(text="Strategy discussion for C-2",
                                  created_at="2026-01-05T10:00", child_id="C-2",
                                  meeting="weekly 2026-W01", due="2026-01-09")
    done = hand_store.add_action(text="Call carer", created_at="2026-01-05T10:00",
                                 child_id="C-5")
    hand_store.close_action(done, closed_at="2026-01-07T10:00", note="called")
    pack = _pack(hand_store, "2026-W02")
    assert _ids(pack, "actions", "id") == [first]
    assert section(pack, "actions")["rows"][0]["overdue"] is True
    assert _ids(pack, "actions_closed", "id") == [done]
    assert headline(pack)["Actions overdue"] == 1
