"""The filter widgets pages share, bound to fixed session-state keys.

Every page that filters shows the same inputs under the same keys, so a window, area or
category chosen on one page is the filter on the next (the weekly meeting moves from the pack
to the network to a child and back without setting them again). The values live in
``st.session_state``: defaults are set once per session with ``setdefault`` in
:func:`init_state`, which the entry script calls before any page runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import streamlit as st

from graph.meetings.periods import RECENT_DAYS, recent_since
from graph.store import Filters
from graph.store.records import CATEGORIES

SINCE = "window_since"
UNTIL = "window_until"
AREA = "filter_area"
CATEGORY = "filter_categories"
TOP_N = "network_top_n"

#: How far back a standing view may look when the sidebar sets no "Since": label -> days up
#: to the latest record (``None``: every date). The first is the default.
SPANS: Mapping[str, int | None] = MappingProxyType({
    "13 weeks": RECENT_DAYS,
    "12 months": 365,
    "All dates": None,
})

#: Session defaults: no date limit, every area and category, ten places drawn.
DEFAULTS: Mapping[str, Any] = MappingProxyType({
    SINCE: None,
    UNTIL: None,
    AREA: "",
    CATEGORY: [],
    TOP_N: 10,
})


@dataclass(frozen=True)
class Window:
    """A date window as the store's filters take it: ISO dates, ``None`` for no limit."""

    since: str | None
    until: str | None

    @property
    def reversed(self) -> bool:
        """True when the start is after the end (nothing can match)."""
        return bool(self.since and self.until and self.since > self.until)

    def describe(self) -> str:
        """The window in words for captions ("all dates", "from 01/01/2026 to ...")."""
        if self.since and self.until:
            return f"from {uk_date(self.since)} to {uk_date(self.until)}"
        if self.since:
            return f"from {uk_date(self.since)}"
        if self.until:
            return f"up to {uk_date(self.until)}"
        return "all dates"


def uk_date(iso: str) -> str:
    """An ISO date (or date-time) as the UK writes it.

    >>> uk_date("2026-03-09T10:00")
    '09/03/2026'
    """
    return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")


def init_state() -> None:
    """Give this session the shared defaults it does not have yet, and keep chosen values.

    Streamlit ties a widget's value to the page that drew it: the same widget on another page
    starts from its default, and a widget no page draws has its value dropped. Writing each
    value back through the Session State API before any widget runs makes it the session's
    value, which the next widget with that key, on whichever page, starts from.
    """
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, list(value) if isinstance(value, list) else value)
        st.session_state[key] = st.session_state[key]


def window_controls() -> Window:
    """The "since" and "until" date inputs; empty means no limit."""
    since = st.date_input("Since", value=None, key=SINCE, format="DD/MM/YYYY",
                          help="Only facts observed on or after this date. Empty: no limit.")
    until = st.date_input("Until", value=None, key=UNTIL, format="DD/MM/YYYY",
                          help="Only facts observed on or before this date. Empty: no limit.")
    return Window(since.isoformat() if since else None, until.isoformat() if until else None)


def span_control(key: str, *, disabled: bool = False) -> int | None:
    """How far back a standing view (out of area) looks: days up to the latest record, or
    ``None`` for every date. ``disabled`` when the sidebar's "Since" decides instead."""
    label = st.radio("Episodes reported in the last", list(SPANS), key=key, horizontal=True,
                     disabled=disabled,
                     help="Counted back from the latest record. Set 'Since' in the sidebar "
                          "for any other start.")
    return SPANS[label]


def standing_window(chosen: Window, latest: str | None, today: dt.date,
                    days: int | None = RECENT_DAYS) -> Window:
    """The window a standing view reads: the sidebar's when it sets "Since", else the
    ``days`` up to the latest record (:func:`graph.meetings.periods.recent_since`).

    >>> standing_window(Window(None, None), "2026-03-30", dt.date(2026, 11, 26), 7)
    Window(since='2026-03-24', until=None)
    >>> standing_window(Window("2026-01-05", None), "2026-03-30", dt.date(2026, 11, 26))
    Window(since='2026-01-05', until=None)
    """
    if chosen.since:
        return chosen
    start = recent_since(dt.date.fromisoformat(latest[:10]) if latest else None, today, days)
    return Window(start.isoformat() if start else None, chosen.until)


def area_control() -> str | None:
    """A local authority ("Bolton") or postcode district ("BL5"); empty means every area."""
    value = st.text_input("Area", key=AREA, max_chars=40, placeholder="e.g. Bolton or BL5",
                          help="A local authority (facts about children it is responsible for "
                               "or hosts) or a postcode district (facts at places there).")
    return " ".join(value.split()) or None


def category_control() -> tuple[str, ...]:
    """Document categories (CSE, CCE, ...); none chosen means every category."""
    chosen = st.multiselect("Category", CATEGORIES, key=CATEGORY,
                            help="Only facts from records in any of these categories "
                                 "(ticked on the form, or shown by an indicator).")
    return tuple(chosen)


def filter_controls() -> tuple[Window, Filters]:
    """The shared filters (window, area, category) drawn where they are called, and the
    store's :class:`Filters` for them. The role's own limits are added by the service."""
    window = window_controls()
    area = area_control()
    categories = category_control()
    return window, Filters(since=window.since, until=window.until, area=area,
                           categories=categories)


def top_n_control() -> int:
    """How many of the top locations the network draws."""
    return int(st.slider("Places in the network", min_value=1, max_value=25, key=TOP_N))
