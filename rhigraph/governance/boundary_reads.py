"""Out-of-area children through the service: the cross-boundary view, notification status
and a child's placement packet, each checked against the role and audited (issue 11).

:class:`~rhigraph.governance.service.Service` delegates here (``cross_boundary``,
``out_of_area``, ``placement_packet``). The first two are packs (:mod:`graph.meetings.sections`)
read with the role's filters (handling codes, grading) and, for a role that pseudonymises
children (PARTNER), redacted as every partner pack is (:mod:`graph.report.redact`): children
as pseudonyms, episode ids as stand-ins, names left out, adults of concern left out, rows on
fewer than two children dropped. A placement packet names the child, so it needs the FACTS
tier; it is built from shareable facts only (handling code P, nothing graded C or 5).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

from graph.store import Filters, Store
from rhigraph.governance.limits import filters_json, role_filters
from rhigraph.governance.roles import Tier

if TYPE_CHECKING:
    from graph.meetings.out_of_area import OutOfAreaInputs
    from rhigraph.governance.service import Service


def cross_boundary(service: Service, as_of: dt.datetime, filters: Filters | None = None,
                   *, min_authorities: int = 2) -> dict[str, Any]:
    """Places and adults of concern linked to children of ``min_authorities`` or more
    responsible authorities (:func:`graph.meetings.cross_boundary.cross_boundary_pack`).

    The rows do not depend on the moment, so they are counted once per state of the store
    and set of filters (:func:`graph.store.state_memo.remember`): the page asks again every
    minute; any write, deletion or erasure counts afresh. Each call gets its own copy, built
    into a pack and redacted for the role as ever."""
    from graph.meetings.cross_boundary import rows_pack

    effective = role_filters(service.gate.policy(), filters)
    rows = boundary_rows(service.store, effective, min_authorities)
    result = pack_as_role_sees(service, rows_pack(copy.deepcopy(list(rows)), as_of,
                                              min_authorities=min_authorities))
    service.gate.record("cross_boundary", filters=filters_json(effective),
                        min_authorities=min_authorities, rows=_rows(result))
    return result


def boundary_rows(store: Store, effective: Filters | None, min_authorities: int = 2
                  ) -> tuple[dict[str, Any], ...]:
    """The cross-boundary rows under ``effective`` (the caller's filters with the role's
    limits added; ``None``: nothing permitted), counted once per state of the store and set
    of filters (:func:`graph.store.state_memo.remember`). Shared and frozen: callers copy
    before changing them. Nothing is shown, so nothing is audited here; the caller records
    what it shows."""
    from graph.meetings.cross_boundary import cross_boundary_rows
    from graph.meetings.load import cross_boundary_inputs
    from graph.store import state_memo

    def counted() -> tuple[dict[str, Any], ...]:
        if effective is None:
            return ()
        inputs = cross_boundary_inputs(store, effective, min_children=min_authorities)
        return tuple(cross_boundary_rows(inputs, min_authorities=min_authorities))

    return state_memo.remember(store, ("cross_boundary_rows", effective, min_authorities),
                               counted)


def out_of_area_read(store: Store, day: dt.date, since: dt.date | None) -> OutOfAreaInputs:
    """What an out-of-area pack judged on ``day`` reads (:func:`graph.meetings.load.
    out_of_area_inputs`: it depends on the day, not the minute), read once per state of the
    store, day and window (:func:`graph.store.state_memo.remember`), so that the dashboard
    can read it before the first visit (:func:`dashboard.data.prepare_views_at`). Shared:
    the pack only reads it. Nothing is shown, so nothing is audited here."""
    from graph.meetings.load import out_of_area_inputs
    from graph.store import state_memo

    return state_memo.remember(
        store, ("out_of_area_inputs", day, since),
        lambda: out_of_area_inputs(store, dt.datetime.combine(day, dt.time()), since))


def out_of_area(service: Service, as_of: dt.datetime, since: dt.date | None = None
                ) -> dict[str, Any]:
    """Out-of-area children and the notifications their episodes need, overdue first
    (:func:`graph.meetings.out_of_area.out_of_area_pack`)."""
    from graph.meetings.out_of_area import out_of_area_pack

    service.gate.policy()
    result = pack_as_role_sees(service, out_of_area_pack(
        out_of_area_read(service.store, as_of.date(), since), as_of, since=since))
    service.gate.record("out_of_area", as_of=as_of.isoformat(timespec="minutes"),
                        since=since.isoformat() if since else None, rows=_rows(result))
    return result


def placement_packet(service: Service, child_id: str, as_of: dt.datetime) -> dict[str, Any]:
    """A child's placement packet (:func:`graph.meetings.placement_packet.placement_packet`)
    from shareable facts; FACTS tier."""
    from graph.meetings.load import packet_inputs
    from graph.meetings.placement_packet import placement_packet as build

    policy = service.gate.policy()
    target = f"Child:{child_id}"
    service.gate.require(policy.tier >= Tier.FACTS, "placement_packet",
                         "see a child's placement packet", target=target)
    result = build(packet_inputs(service.store, child_id), as_of)
    service.gate.record("placement_packet", target=target, rows=_rows(result))
    return result


def pack_as_role_sees(service: Service, pack: dict[str, Any], *, shared: bool = False
                      ) -> dict[str, Any]:
    """``pack`` as the service's role may see it: redacted (a new pack) for a role that
    does not see facts, else ``pack`` itself, or a copy of it when ``shared`` (a pack kept
    for every caller, which the caller may then change)."""
    from graph.report.redact import redact, redaction_for

    redaction = redaction_for(service.policy, service.pseudonyms)
    if redaction is not None:
        return redact(pack, redaction)
    return copy.deepcopy(pack) if shared else pack


def _rows(pack: dict[str, Any]) -> int:
    return sum(len(s.get("rows") or ()) for s in pack.get("sections") or ())
