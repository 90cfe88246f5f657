"""Periods a meeting looks at: an ISO week, a date range, and the period before it.

Why ISO weeks: the weekly missing meeting reviews Monday to Sunday, and week numbers must mean
the same thing on both sides of a year boundary (2026-W01 starts on Monday 29 December 2025).
Moments are naive local date-times, the clock police and LA records are written in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from graph.exc import InvalidValue

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """Whole days from ``first`` to ``last`` inclusive, with a label for titles."""

    first: dt.date
    last: dt.date
    label: str

    @property
    def start(self) -> dt.datetime:
        """The first moment of the period."""
        return dt.datetime.combine(self.first, dt.time.min)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def contains(self, moment: dt.datetime | dt.date | None) -> bool:
        """Whether ``moment`` falls within the period."""
        if moment is None:
            return False
        if not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time.min)
        return self.start <= moment < self.end

    def previous(self) -> Period:
        """The period of equal length just before this one (trends compare against it).

        >>> iso_week("2026-W01").previous().label
        '2025-W52'
        """
        last = self.first - dt.timedelta(days=1)
        first = last - dt.timedelta(days=self.days - 1)
        if self.days == 7 and self.first.weekday() == 0:
            year, week, _ = first.isocalendar()
            return Period(first, last, f"{year}-W{week:02d}")
        return Period(first, last, f"{first.isoformat()} to {last.isoformat()}")


def iso_week(label: str) -> Period:
    """The Monday-to-Sunday ISO week ``label`` (``2026-W11``; the ISO year, not the calendar
    year, so ``2026-W01`` starts in December 2025).

    >>> week = iso_week("2026-W01")
    >>> week.first.isoformat(), week.last.isoformat()
    ('2025-12-29', '2026-01-04')
    """
    match = _WEEK.match(label or "")
    if not match:
        raise InvalidValue("week must look like 2026-W11 (ISO year, W, week number)")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        first = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InvalidValue(f"{year} has no ISO week {week}") from None
    return Period(first, first + dt.timedelta(days=6), f"{year}-W{week:02d}")


def week_of(day: dt.date) -> Period:
    """The ISO week containing ``day``."""
    year, week, _ = day.isocalendar()
    return iso_week(f"{year}-W{week:02d}")


def date_range(first: dt.date, last: dt.date) -> Period:
    """The days from ``first`` to ``last`` inclusive."""
    if last < first:
        raise InvalidValue("the period ends before it starts")
    return Period(first, last, f"{first.isoformat()} to {last.isoformat()}")


#: How far back a standing view (out-of-area children, cross-boundary places) looks unless
#: asked for more: a quarter, 13 whole weeks, so a child placed out of area last term is
#: still on it while a force's whole history is not read on every visit.
RECENT_DAYS = 91


def recent_since(latest: dt.date | None, today: dt.date, days: int | None = RECENT_DAYS
                 ) -> dt.date | None:
    """The first day of the ``days`` up to the latest record (``latest``; today when there
    is none, or when it is later than today); ``None`` (no limit) when ``days`` is.

    Anchored on the latest record as the meeting pages are, so a store whose records end
    before today (an archive, a demo) opens on its own latest quarter, not on empty weeks.

    >>> recent_since(dt.date(2026, 3, 30), dt.date(2026, 11, 26)).isoformat()
    '2025-12-30'
    >>> recent_since(None, dt.date(2026, 11, 26), 7).isoformat()
    '2026-11-20'
    >>> recent_since(dt.date(2026, 3, 30), dt.date(2026, 11, 26), None) is None
    True
    """
    if days is None:
        return None
    anchor = min(latest or today, today)
    return anchor - dt.timedelta(days=days - 1)


#: The CSE mapping meeting's default period: the four weeks to the latest record.
MAPPING_DAYS = 28


def meeting_week(latest: dt.date | None, today: dt.date) -> Period:
    """The week a weekly meeting opens on: the week of the latest record (today's when
    there is none), not an empty current week."""
    return week_of(latest or today)


def meeting_day_for(week: Period, today: dt.date) -> dt.date:
    """The day a week's meeting is held by default: the Monday after it, or today while
    that is still to come."""
    return min(week.last + dt.timedelta(days=1), today)


def meeting_moment(meeting_day: dt.date, now: dt.datetime) -> dt.datetime:
    """When a weekly pack is judged: ``now`` for a meeting today (or later), else 09:00 on
    the meeting's day, so the clocks read as they did in that meeting.

    >>> meeting_moment(dt.date(2026, 3, 31), dt.datetime(2026, 11, 26, 14, 5)).isoformat()
    '2026-03-31T09:00:00'
    """
    if meeting_day >= now.date():
        return now
    return dt.datetime.combine(meeting_day, dt.time(9, 0))


#: How finely a dashboard's clock moves when it judges "now" (RHI 72 hours, notifications).
JUDGING_STEP_MINUTES = 15


def judging_clock(now: dt.datetime) -> dt.datetime:
    """``now`` down to its quarter hour: the moment a pack opened "now" is judged at.

    Why: a pack is kept per store state and judging moment (:mod:`graph.store.state_memo`);
    judged to the minute, a live store's weekly pack was built afresh every minute, which on
    a large store is a wait of many seconds for whoever opened it first. To the quarter hour,
    a clock in the pack is at most 15 minutes behind the wall, and the dashboard builds the
    next quarter's packs before it starts (:func:`dashboard.serve.keep_prepared`).

    >>> judging_clock(dt.datetime(2026, 11, 26, 14, 29, 59)).isoformat()
    '2026-11-26T14:15:00'
    """
    floored = now.replace(second=0, microsecond=0)
    return floored - dt.timedelta(minutes=floored.minute % JUDGING_STEP_MINUTES)


def mapping_period(since: dt.date | None, until: dt.date | None, latest: dt.date | None,
                   today: dt.date, days: int = MAPPING_DAYS) -> Period:
    """The CSE mapping meeting's period: the chosen dates, else the ``days`` to the latest
    record (to today when there is none).

    >>> mapping_period(None, None, dt.date(2026, 3, 30), dt.date(2026, 11, 26)).label
    '2026-03-03 to 2026-03-30'
    """
    last = until or latest or today
    first = since or last - dt.timedelta(days=days - 1)
    return Period(first, last, f"{first.isoformat()} to {last.isoformat()}")


def parse_moment(value: object) -> dt.datetime | None:
    """An ISO date or date-time as stored (``2026-03-13T21:30:00``), or ``None`` when blank.

    >>> parse_moment("2026-03-13T21:30:00")
    datetime.datetime(2026, 3, 13, 21, 30)
    >>> parse_moment("2026-03-13")
    datetime.datetime(2026, 3, 13, 0, 0)
    """
    if value is None or value == "":
        return None
    if value.__class__ is str:  # what the store holds: the common case, read first
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min)
    try:
        parsed = dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidValue("not an ISO date or date-time") from None
    return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed


def parse_day(value: str) -> dt.date:
    """An ISO date given on a command line."""
    moment = parse_moment(value)
    if moment is None:
        raise InvalidValue("a date is required (YYYY-MM-DD)")
    return moment.date()
