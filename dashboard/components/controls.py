"""The filter widgets pages share, bound to fixed session-state keys.

Every page that filters shows the same inputs under the same keys, so a window chosen on one
page is the window on the next. The values live in ``st.session_state``: defaults are set once
per session with ``setdefault`` in :func:`init_state`, which the entry script calls before any
page runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import streamlit as st

SINCE = "window_since"
UNTIL = "window_until"
MIN_CHILDREN = "min_children"
TOP_N = "network_top_n"

#: Session defaults: no date limit, every location linked to a child, ten places drawn.
DEFAULTS: Mapping[str, Any] = MappingProxyType({
    SINCE: None,
    UNTIL: None,
    MIN_CHILDREN: 1,
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
        def uk(iso: str) -> str:
            return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
        if self.since and self.until:
            return f"from {uk(self.since)} to {uk(self.until)}"
        if self.since:
            return f"from {uk(self.since)}"
        if self.until:
            return f"up to {uk(self.until)}"
        return "all dates"


def init_state() -> None:
    """Give this session the shared defaults it does not have yet, and keep chosen values.

    Streamlit ties a widget's value to the page that drew it: the same widget on another page
    starts from its default, and a widget no page draws has its value dropped. Writing each
    value back through the Session State API before any widget runs makes it the session's
    value, which the next widget with that key, on whichever page, starts from.
    """
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
        st.session_state[key] = st.session_state[key]


def window_controls() -> Window:
    """The "since" and "until" date inputs; empty means no limit."""
    since = st.date_input("Since", value=None, key=SINCE, format="DD/MM/YYYY",
                          help="Only links observed on or after this date. Empty: no limit.")
    until = st.date_input("Until", value=None, key=UNTIL, format="DD/MM/YYYY",
                          help="Only links observed on or before this date. Empty: no limit.")
    return Window(since.isoformat() if since else None, until.isoformat() if until else None)


def min_children_control() -> int:
    """The smallest number of distinct children a location needs to be listed."""
    return int(st.number_input("Minimum distinct children", min_value=1, max_value=100,
                               step=1, key=MIN_CHILDREN))


def top_n_control() -> int:
    """How many of the top locations the network draws."""
    return int(st.slider("Places in the network", min_value=1, max_value=25, key=TOP_N))
