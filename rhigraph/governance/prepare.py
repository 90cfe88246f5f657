"""Working out, before anyone asks, what the first view of each role would wait for.

Why: some answers are counted once per state of the store (the places a partner may see,
:func:`rhigraph.governance.reads.partner_allowed`; the cross-boundary rows,
:func:`rhigraph.governance.boundary_reads.boundary_rows`) and on a store of 100,000 documents
counting them takes seconds to tens of seconds. The dashboard calls :func:`prepare_views` at
server start (:mod:`dashboard.serve`), so the first person in the meeting room does not pay
for them. It fills the same per-state answers (:mod:`graph.store.state_memo`) with the same
keys the service would, under every role's limits (and, through the caller, the default
meeting packs, kept the same way): answers stay exact because any write after it is
counted afresh as before.

Nothing here is shown to anyone, so nothing is audited: the audit log records what a person
was shown, and each person's view is recorded when the service gives it to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.store import Filters, Store
from rhigraph.governance import reads
from rhigraph.governance.boundary_reads import boundary_rows
from rhigraph.governance.exports import pack_request
from rhigraph.governance.limits import role_filters
from rhigraph.governance.roles import Role, policy_for


def prepare_views(store: Store, windows: Callable[[str | None], Iterable[Filters]],
                  packs: Callable[[str | None, Filters], object] | None = None) -> int:
    """For every role, count what its views read per store state under each of
    ``windows(latest_day)`` (the filters the first pages open with, given the day of the
    latest fact at a place that role may see): the partner's places and the cross-boundary
    rows; and, when given, call ``packs(latest_day, pack_filters)`` once per distinct set of
    filters a role's meeting packs are built from (the caller builds its default packs).
    Returns how many distinct sets of view filters were prepared."""
    prepared: set[Filters] = set()
    pack_filters: set[tuple[str | None, Filters]] = set()
    for role in Role:
        policy = policy_for(role)
        base = role_filters(policy, Filters())
        if base is None:
            continue
        floor = policy.min_children_floor
        latest = reads.latest_visible_day(store, base, floor, policy.pseudonymise_children)
        for_packs = role_filters(policy, pack_request(Filters(), policy.pseudonymise_children),
                                 export=True)
        if packs is not None and for_packs is not None \
                and (latest, for_packs) not in pack_filters:
            pack_filters.add((latest, for_packs))
            packs(latest, for_packs)
        for window in windows(latest):
            effective = role_filters(policy, window)
            if effective is None:
                continue
            if policy.pseudonymise_children:
                reads.partner_allowed(store, effective, floor)
            boundary_rows(store, effective)
            prepared.add(effective)
    return len(prepared)
