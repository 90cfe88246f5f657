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


def _content(pack: dict) -> dict:
    """A pack without the moment it was made (two packs are seconds apart)."""
    return {k: v for k, v in pack.items() if k != "generated_at"}


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
        pack = _content(cse_mapping_pack(now, period, AS_OF))
        assert pack == _content(cse_mapping_pack(previous, period, AS_OF)), first
        drawn += len(section(pack, "network")["graph"]["nodes"])
    assert drawn, "some period draws a network"


@pytest.mark.parametrize("type_name", ["Person", "Location"])
def test_activity_by_id_is_the_rows_of_those_ids(area_store: SQLiteStore,
                                                 type_name: str) -> None:
    window = Filters(since="2025-12-20", until="2026-01-10", categories=("CSE", "MISSING"))
    every = area_store.entity_activity(type_name, window)
    wanted = sorted(r["entity_id"] for r in every)[::3] + [f"{type_name}:nobody at all"]
    assert len(wanted) > 1
    assert area_store.entity_activity(type_name, window, entity_ids=wanted) == [
        r for r in every if r["entity_id"] in wanted]


def test_adult_clusters_are_the_persons_written_as_adults_of_concern(
        area_store: SQLiteStore) -> None:
    from graph.store.window_reads import adult_clusters

    found = adult_clusters(area_store)
    assert found
    assert found == sorted(r["entity_id"] for r in area_store.entity_activity("Person")
                           if "ADULT_OF_CONCERN" in r["roles"])
