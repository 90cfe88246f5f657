"""A partner's places, links and children counted in SQL agree with the rule in Python.

``rhigraph.governance.reads`` answers the partner view with SQL on a SQLite store and with
:func:`~rhigraph.governance.shaping.partner_places` over ``Store.links`` on any other store.
Both run here on the same real store file: the SQL path directly, the other through
:class:`ProtocolOnly`, which hides ``read_sql`` as a Neo4j store would not have it.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.store import Filters, SQLiteStore
from rhigraph.governance import Role, reads
from rhigraph.governance.limits import role_filters
from rhigraph.governance.roles import policy_for
from tests.governance.conftest import FLAT, LARKFIELD, PARK


class ProtocolOnly:
    """A store seen through the ``Store`` protocol alone: everything but ``read_sql``."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name == "read_sql":
            raise AttributeError(name)
        return getattr(self._store, name)


PARTNER = policy_for(Role.PARTNER)
FILTERS = {
    "partner": role_filters(PARTNER, None),
    "everything": Filters(),
    "from March": role_filters(PARTNER, Filters(since="2026-03-01")),
    "CSE only": role_filters(PARTNER, Filters(categories=("CSE",))),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_sql_and_protocol_paths_agree(store: SQLiteStore, name: str) -> None:
    filters = FILTERS[name]
    plain = ProtocolOnly(store)
    floor = PARTNER.min_children_floor
    allowed = reads.partner_allowed(store, filters, floor)
    assert allowed == reads.partner_allowed(plain, filters, floor)
    key = lambda rows: sorted((r["type"], r["source_id"], r["target_id"], r["child_id"],  # noqa: E731
                               r["document_id"]) for r in rows)
    assert key(reads.partner_links(store, filters, allowed)) == key(
        reads.partner_links(plain, filters, allowed))
    assert reads.partner_children(store, filters, allowed) == reads.partner_children(
        plain, filters, allowed)
    assert reads.latest_place_day(store, filters, allowed) == reads.latest_place_day(
        plain, filters, allowed)
    assert reads.latest_place_day(store, filters) == reads.latest_place_day(plain, filters)


def test_partner_sees_the_shared_hotspot_only(store: SQLiteStore) -> None:
    allowed = reads.partner_allowed(store, FILTERS["partner"], PARTNER.min_children_floor)
    assert FLAT.id in allowed
    assert PARK.id not in allowed  # one child a partner may see: suppressed
    assert LARKFIELD.id not in allowed  # a placement address, whatever its children
    links = reads.partner_links(store, FILTERS["partner"], allowed)
    assert links and all(FLAT.id in (r["source_id"], r["target_id"]) for r in links)
    assert reads.partner_children(store, FILTERS["partner"], allowed) == ["C-1001", "C-1002",
                                                                          "C-1003"]
