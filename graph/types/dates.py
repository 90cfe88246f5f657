"""Dates and date-times as agencies write them: UK day-first unless told otherwise.

``03/04/2026`` is 3 April. Parsing is python-dateutil's; this module adds the rules the domain
needs: day-first by default, ISO accepted as written, and an error rather than a guess when a
value is not a date.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

from graph.exc import InvalidValue

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def parse_datetime(value: str, *, dayfirst: bool = True) -> dt.datetime:
    """Parse a date or date-time; raise :class:`InvalidValue` when it is not one.

    >>> parse_datetime("03/04/2026 21:30")
    datetime.datetime(2026, 4, 3, 21, 30)
    >>> parse_datetime("2026-04-03T21:30")
    datetime.datetime(2026, 4, 3, 21, 30)
    """
    raw = (value or "").strip()
    if not raw:
        raise InvalidValue("empty date")
    first = not _ISO.match(raw) and dayfirst
    try:
        # dateutil fills missing parts from a default date; parsing against two different
        # defaults shows whether the value itself gave a day, a month and a year.
        parsed = dateutil_parser.parse(raw, dayfirst=first, default=_DEFAULTS[0])
        check = dateutil_parser.parse(raw, dayfirst=first, default=_DEFAULTS[1])
    except (ValueError, OverflowError) as err:
        raise InvalidValue("not a date") from err
    if parsed.date() != check.date():
        raise InvalidValue("not a full date: a day, a month and a year are needed")
    return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed


def parse_date(value: str, *, dayfirst: bool = True) -> dt.date:
    """Parse a date (a time, if present, is dropped)."""
    return parse_datetime(value, dayfirst=dayfirst).date()
