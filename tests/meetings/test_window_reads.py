"""What is new in a window, read from the window alone, is what the whole history says.

:func:`graph.meetings.load.first_seen_in` reads a window's activity and drops the entities
with an earlier link (SQL, :mod:`graph.store.window_reads`); on a store without SQL it
aggregates everything up to the window's end, as the packs always did. Both paths run on the
same generated, ingested area, week by week and with the filters a pack may carry.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.meetings import analyses
from graph.meetings.load import first_seen_in
from graph.meetings.periods import week_of
from graph.store import Filters, SQLiteStore
from tests.governance.test_partner_reads import ProtocolOnly

FILTERS = (Filters(), Filters(categories=("CSE",)),
           Filters(min_grading=True, handling_codes=("P",)))


def _weeks(store: SQLiteStore) -> list[tuple[str, str]]:
    first, last = store.date_range()
    day, end = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    weeks = []
    while day <= end:
        week = week_of(day)
        weeks.append((week.first.isoformat(), week.last.isoformat()))
        day += dt.timedelta(weeks=1)
    return weeks


def _key(rows: list[dict]) -> list[tuple]:
    return sorted((r["entity_id"], r["children"], r["documents"], r["first_seen"],
                   r["last_seen"]) for r in rows)


@pytest.mark.parametrize("filters", FILTERS, ids=("all", "cse", "shareable"))
def test_new_in_each_week_matches_the_whole_history(area_store: SQLiteStore,
                                                    filters: Filters) -> None:
    found = 0
    for first, last in _weeks(area_store):
        window = analyses.new_since(first_seen_in(area_store, filters, first, last), first)
        history = analyses.new_since(first_seen_in(ProtocolOnly(area_store), filters, first,
                                                   last), first)
        assert _key(window) == _key(history), first
        found += len(window)
    if filters == Filters():
        assert found, "the area has new entities in some week"
