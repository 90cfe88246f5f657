"""ISO weeks and periods, across the year boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.exc import InvalidValue
from graph.meetings.periods import date_range, iso_week, parse_moment, week_of


@pytest.mark.parametrize("label,monday", [
    ("2026-W01", dt.date(2025, 12, 29)),
    ("2026-W11", dt.date(2026, 3, 9)),
    ("2020-W53", dt.date(2020, 12, 28)),
    ("2027-W01", dt.date(2027, 1, 4)),
    ("2026W5", dt.date(2026, 1, 26)),
])
def test_iso_week_starts_on_the_iso_monday(label: str, monday: dt.date) -> None:
    week = iso_week(label)
    assert week.first == monday and week.last == monday + dt.timedelta(days=6)
    assert week.first.weekday() == 0 and week.days == 7
    assert week.first.isocalendar()[:2] == (int(label[:4]), int(label.split("W")[1]))


@pytest.mark.parametrize("label", ["2026-W54", "2025-W53", "2026-11", "", "W11", "2026-W00"])
def test_impossible_weeks_are_refused(label: str) -> None:
    with pytest.raises(InvalidValue):
        iso_week(label)


def test_week_bounds_are_monday_midnight_to_next_monday_midnight() -> None:
    week = iso_week("2026-W01")
    assert week.contains(dt.datetime(2025, 12, 29, 0, 0))
    assert week.contains(dt.datetime(2026, 1, 4, 23, 59, 59))
    assert not week.contains(dt.datetime(2026, 1, 5, 0, 0))
    assert not week.contains(dt.datetime(2025, 12, 28, 23, 59))
    assert not week.contains(None)


def test_previous_period_has_equal_length_and_ends_the_day_before() -> None:
    assert iso_week("2026-W01").previous().label == "2025-W52"
    period = date_range(dt.date(2026, 2, 16), dt.date(2026, 3, 15))
    before = period.previous()
    assert before.days == period.days == 28
    assert before.last == dt.date(2026, 2, 15)
    with pytest.raises(InvalidValue):
        date_range(dt.date(2026, 3, 1), dt.date(2026, 2, 1))


def test_week_of_a_day_and_moments() -> None:
    assert week_of(dt.date(2026, 1, 1)).label == "2026-W01"
    assert week_of(dt.date(2025, 12, 28)).label == "2025-W52"
    assert parse_moment("2026-01-01T10:00:00+00:00") == dt.datetime(2026, 1, 1, 10)
    assert parse_moment("") is None
    with pytest.raises(InvalidValue):
        parse_moment("yesterday")
