"""The CSE mapping pack read by window and neighbourhood is the pack read from everything.

:func:`graph.meetings.load.cse_inputs` reads the network's links as the neighbourhood of
what it draws, and (on SQLite) only the period's forms and their children's episodes. The
previous path read every link of the period, every form and every episode: here it is the
same loader on the same store seen through the protocol alone (:class:`ProtocolOnly`, no
SQL), given every link of the period. Both packs must be equal, period by period and with
the filters a pack may carry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graph.meetings.cse_mapping import cse_mapping_pack
from graph.meetings.load import cse_inputs
from graph.meetings.periods import date_range
from graph.meetings.sections import section
from graph.store import Filters, SQLiteStore
from tests.governance.test_partner_reads import ProtocolOnly

FILTERS = (Filters(), Filters(categories=("CSE",)),
           Filters(min_grading=True, handling_codes=("P",)))
AS_OF = dt.datetime(2026, 6, 1)


def _periods(store: SQLiteStore) -> list[tuple[dt.date, dt.date]]:
    first, last = store.date_range()
    start, end = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    periods, day = [], start
    while day <= end:
        periods.append((day, day + dt.timedelta(days=20)))
        day += dt.timedelta(days=14)
    return periods


@pytest.mark.parametrize("filters", FILTERS, ids=("all", "cse", "shareable"))
def test_pack_by_neighbourhood_equals_pack_from_every_link(area_store: SQLiteStore,
                                                           filters: Filters) -> None:
    drawn = 0
    for first, last in _periods(area_store):
        period = date_range(first, last)
        window = dataclasses.replace(filters, since=first.isoformat(), until=last.isoformat())
        previous = dataclasses.replace(cse_inputs(ProtocolOnly(area_store), period, filters),
                                       links=list(area_store.links(window)))
        now = cse_inputs(area_store, period, filters)
        assert len(now.links) <= len(previous.links)
        assert cse_mapping_pack(now, period, AS_OF) == cse_mapping_pack(previous, period,
                                                                         AS_OF), first
        drawn += len(section(cse_mapping_pack(now, period, AS_OF), "network")["graph"]["nodes"])
    assert drawn, "some period draws a network"
