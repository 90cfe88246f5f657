"""The places a partner may see, counted once per state of the store and never served stale.

``reads.partner_allowed`` keeps its answer under the store's ``data_version`` token
(:mod:`graph.store.state_memo`). These check, on a real store file, that the kept answer is
the one counting afresh gives, and that a deletion or an erasure (on this connection or on
another one, as a CLI erasure beside a running dashboard would be) changes what the partner
sees at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from graph.store import Filters, SQLiteStore, place_reads, state_memo
from rhigraph.governance import Role, Service, reads
from rhigraph.governance.limits import role_filters
from rhigraph.governance.roles import policy_for
from rhigraph.governance.shaping import PARTNER_ENDPOINTS, PARTNER_LINK_TYPES

PARTNER = policy_for(Role.PARTNER)
FLOOR = PARTNER.min_children_floor
WINDOWS = (None, Filters(since="2026-01-10"), Filters(until="2026-01-10"))


def counted_afresh(store: SQLiteStore, filters: Filters) -> set[str]:
    """The rule counted in SQL with no memory in between."""
    return place_reads.places_with_children(store, filters, link_types=PARTNER_LINK_TYPES,
                                            end_types=PARTNER_ENDPOINTS, floor=FLOOR)


@pytest.mark.parametrize("window", WINDOWS)
def test_kept_answer_is_the_counted_one(store: SQLiteStore, window: Filters | None) -> None:
    filters = role_filters(PARTNER, window)
    first = reads.partner_allowed(store, filters, FLOOR)
    again = reads.partner_allowed(store, filters, FLOOR)
    assert first == again == counted_afresh(store, filters)
    again.clear()  # a caller changing its copy must not change what is kept
    assert reads.partner_allowed(store, filters, FLOOR) == first


def test_the_answer_is_counted_once_per_state(store: SQLiteStore,
                                              world: SimpleNamespace) -> None:
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    assert state_memo.remember(store, "probe", count) == 1
    assert state_memo.remember(store, "probe", count) == 1
    store.delete_document("flow")
    assert state_memo.remember(store, "probe", count) == 2


def test_erasure_changes_the_partners_places_at_once(
        service_as: Callable[[Role], Service], store: SQLiteStore,
        world: SimpleNamespace) -> None:
    partner = service_as(Role.PARTNER)
    filters = role_filters(PARTNER, None)
    shown = lambda: {e["id"] for e in partner.entities("Location")}  # noqa: E731
    assert world.FLAT.id in shown()  # three children: C-1001, C-1002 (notes), C-1003 (form)
    service_as(Role.ADMIN).erase_document("n1")
    assert world.FLAT.id in shown()  # two children left: still at the floor
    assert reads.partner_allowed(store, filters, FLOOR) == counted_afresh(store, filters)
    service_as(Role.ADMIN).erase_document("n2")
    assert world.FLAT.id not in shown()  # one child left: suppressed
    assert reads.partner_allowed(store, filters, FLOOR) == counted_afresh(store, filters)
    assert partner.latest_place_day() is None  # no place a partner may see is left


def test_a_deletion_on_another_connection_is_seen(store: SQLiteStore, tmp_path: Path,
                                                  world: SimpleNamespace) -> None:
    filters = role_filters(PARTNER, None)
    assert world.FLAT.id in reads.partner_allowed(store, filters, FLOOR)
    other = SQLiteStore(tmp_path / "rhigraph.db")  # as a CLI erasure in another process
    try:
        assert other.delete_document("n1") and other.delete_document("f1")
    finally:
        other.close()
    assert world.FLAT.id not in reads.partner_allowed(store, filters, FLOOR)
    assert reads.partner_allowed(store, filters, FLOOR) == counted_afresh(store, filters)
