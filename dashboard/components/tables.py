"""Ranked rows as the table the meeting reads: named columns, UK dates, children by name.

Cell text is passed through unchanged: ``st.dataframe`` draws cells as text, so a name like
``<img src=x onerror=alert(1)>`` shows as those characters; escaping here would show ``&lt;``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

#: Row key -> column heading, in display order.
HOTSPOT_COLUMNS: Mapping[str, str] = {
    "rank": "Rank",
    "label": "Place",
    "children": "Distinct children",
    "episodes": "Episodes",
    "mentions": "Mentions",
    "found_at": "Found there",
    "first_seen": "First seen",
    "last_seen": "Last seen",
    "children_linked": "Children linked",
}


def _date(value: Any) -> dt.date | None:
    """The calendar date of an ISO date or datetime string (``None`` when absent or bad)."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def children_text(children: Iterable[Mapping[str, Any]]) -> str:
    """``"Name (ref)"`` for each linked child, the reference alone when no name is known.

    >>> children_text([{"child_id": "C1", "name": "Amy"}, {"child_id": "C2", "name": None}])
    'Amy (C1); C2'
    """
    parts = []
    for child in children:
        ref, name = child.get("child_id"), child.get("name")
        parts.append(f"{name} ({ref})" if name and name != ref else str(ref))
    return "; ".join(parts)


def hotspot_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The hotspot table: one row per ranked location, columns as :data:`HOTSPOT_COLUMNS`."""
    records = [{
        **{key: row.get(key) for key in HOTSPOT_COLUMNS},
        "first_seen": _date(row.get("first_seen")),
        "last_seen": _date(row.get("last_seen")),
        "children_linked": children_text(row.get("children_linked") or ()),
    } for row in rows]
    frame = pd.DataFrame.from_records(records, columns=list(HOTSPOT_COLUMNS))
    return frame.rename(columns=dict(HOTSPOT_COLUMNS))


def hotspot_column_config() -> dict[str, Any]:
    """Column formats for ``st.dataframe``: numbers sized to their headings, UK dates."""
    number = st.column_config.NumberColumn
    date = st.column_config.DateColumn
    return {
        "Rank": number(),
        "Place": st.column_config.TextColumn(),
        "Distinct children": number(help="Distinct children linked to the place"),
        "Episodes": number(help="Missing episodes that began or ended here"),
        "Mentions": number(help="Records that mention the place"),
        "Found there": number(help="Episodes in which a child was found here"),
        "First seen": date(format="DD/MM/YYYY"),
        "Last seen": date(format="DD/MM/YYYY"),
        "Children linked": st.column_config.TextColumn(),
    }
