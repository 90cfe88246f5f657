"""The episode view on the hand-made edge cases: authorities, groups, 90 days, still missing."""

from __future__ import annotations

import datetime as dt

from graph.meetings.episodes import (
    category,
    episodes_in_lookback,
    infer_area,
    placement_on,
    repeat_missing,
    still_missing,
)
from graph.meetings.load import episodes


def test_authorities_come_from_the_episode_then_the_placement(hand_store) -> None:
    views = {e.episode_id: e for e in episodes(hand_store)}
    hosted = views["MP-3"]
    assert (hosted.responsible_la, hosted.host_la) == ("Lancashire", "Bolton")
    assert (hosted.home_force, hosted.host_force) == ("Lancashire Constabulary",
                                                      "Greater Manchester Police")
    assert hosted.out_of_area and hosted.other_authority and hosted.other_force
    # The police row leaves host_la blank; the placements list knows the child lives in Wigan.
    finn = views["MP-10"]
    assert finn.host_la == "Wigan" and finn.sources["host_la"] == "placement"
    assert finn.placement_id == "PL-7b" and finn.out_of_area and not finn.other_force
    home = views["MP-1"]
    assert home.host_la is None and not home.out_of_area and home.living_in == "Bolton"


def test_groups_split_home_in_area_placed_out_and_hosted(hand_store) -> None:
    views = episodes(hand_store)
    area = infer_area(views)
    assert area == {"Bolton", "Wigan"}
    groups = {e.episode_id: category(e, area) for e in views}
    assert groups["MP-1"] == groups["MP-9"] == "missing_from_home"
    assert groups["MP-4"] == groups["MP-5"] == "looked_after_in_area"
    assert groups["MP-6"] == groups["MP-10"] == "placed_out_of_area"
    assert groups["MP-3"] == "hosted_from_elsewhere"
    # Seen from Lancashire, the same child is one of its own, placed out.
    assert category(next(e for e in views if e.episode_id == "MP-3"),
                    frozenset({"Lancashire"})) == "placed_out_of_area"


def test_episodes_in_90_days_include_the_boundary_and_the_episode_itself(hand_store) -> None:
    views = episodes(hand_store)
    latest = next(e for e in views if e.episode_id == "MP-9")
    # MP-7 was reported exactly 90 days before MP-9: it counts.
    assert episodes_in_lookback(views, "C-6", latest.reported_missing_at) == 3
    assert episodes_in_lookback(views, "C-6", latest.reported_missing_at
                                - dt.timedelta(minutes=1)) == 2


def test_still_missing_and_hours_so_far(hand_store) -> None:
    views = episodes(hand_store)
    as_of = dt.datetime(2026, 1, 6, 12, 0)
    open_now = still_missing(views, as_of)
    assert [e.episode_id for e in open_now] == ["MP-4"]
    assert open_now[0].hours_missing(as_of) == 36.0
    # Before MP-3's return was known, its child was still missing too.
    earlier = still_missing(views, dt.datetime(2026, 1, 5, 3, 0))
    assert [e.episode_id for e in earlier] == ["MP-3", "MP-4"]


def test_repeat_missing_counts_children_with_enough_episodes(hand_store) -> None:
    views = episodes(hand_store)
    rows = repeat_missing(views, dt.datetime(2025, 10, 1), dt.datetime(2026, 2, 1))
    assert [(r["child_id"], r["episodes"]) for r in rows] == [("C-6", 3), ("C-1", 2)]
    assert rows[0]["episode_ids"] == ["MP-7", "MP-8", "MP-9"]
    assert repeat_missing(views, dt.datetime(2025, 10, 1), dt.datetime(2026, 2, 1), 3)[0][
        "child_id"] == "C-6"


def test_placement_on_picks_the_placement_current_that_day() -> None:
    rows = [{"placement_id": "old", "start": "2024-01-01", "end": "2025-05-31"},
            {"placement_id": "new", "start": "2025-06-01"}]
    assert placement_on(rows, dt.date(2025, 5, 31))["placement_id"] == "old"
    assert placement_on(rows, dt.date(2025, 6, 1))["placement_id"] == "new"
    assert placement_on([], dt.date(2025, 6, 1)) is None
