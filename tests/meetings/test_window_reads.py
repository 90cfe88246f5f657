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


def _reference(store: SQLiteStore, type_name: str, window: Filters) -> dict[str, tuple]:
    """Per resolved entity of ``type_name``: its children, documents and first and last
    seen, counted in Python from the window's links (the links read resolves each end)."""
    found: dict[str, tuple[set, set, list]] = {}
    for link in store.links(window):
        for end in ("source", "target"):
            if not link[f"{end}_id"].startswith(f"{type_name}:"):
                continue
            children, documents, seen = found.setdefault(link[f"{end}_cluster"],
                                                         (set(), set(), []))
            if link["child_id"]:
                children.add(link["child_id"])
            documents.add(link["document_id"])
            seen.append(link["observed_at"])
    return {entity: (len(children), len(documents), min(seen), max(seen))
            for entity, (children, documents, seen) in found.items()}


@pytest.mark.parametrize("type_name", ("Location", "Person", "Vehicle"))
def test_a_windowed_activity_read_counts_the_window_links(area_store: SQLiteStore,
                                                          type_name: str) -> None:
    """A window is read through the links' date index, and the names, surface forms and
    roles of the rows found only: the same counts as the window's links, and the same forms
    and roles as the whole history gives each entity."""
    whole = {r["entity_id"]: r for r in area_store.entity_activity(type_name)}
    names = {c["key"]: c["label"] for c in area_store.entities("Child")}
    compared = 0
    for first, last in _weeks(area_store):
        window = Filters(since=first, until=last)
        rows = area_store.entity_activity(type_name, window)
        assert {r["entity_id"]: (r["children"], r["documents"], r["first_seen"],
                                 r["last_seen"]) for r in rows} \
            == _reference(area_store, type_name, window), (type_name, first)
        for row in rows:
            assert (row["variants"], row["roles"]) == (whole[row["entity_id"]]["variants"],
                                                       whole[row["entity_id"]]["roles"])
            assert all(c["name"] == names.get(c["child_id"]) for c in row["children_linked"])
        compared += len(rows)
    assert compared
