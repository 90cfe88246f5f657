"""The named analyses and the RHI manager's desk, as a person may run them.

A mixin of :class:`~rhigraph.governance.service.Service` (kept in its own module so that the
service stays readable): the command line's ``rhigraph analyse ...``, ``triage``,
``unshared``, ``cross-worker`` and ``draft-isf`` call these, never the store. Each call

- applies the role's filters (handling code C withheld, minimum grading) inside the query;
- runs only what the role's tier allows: a PARTNER may rank places, with children as
  pseudonyms and no surface forms, and nothing else; the desk reads whole RHI notes, so it
  is for roles that read them (RHI_MANAGER);
- writes one audit entry with the analysis, the filters and the parameters. Parameters that
  name someone (``path``'s two ends) are written as keyed entity references, never as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graph.exc import InvalidValue
from graph.store import Filters
from rhigraph.governance.limits import filters_json, role_filters
from rhigraph.governance.roles import Policy, Tier

if TYPE_CHECKING:
    from graph.store import Store
    from rhigraph.governance.core import Governance
    from rhigraph.governance.gate import Gate

#: The analyses by name: ``graph.analysis.run`` function names.
ANALYSES = {
    "hotspots": "hotspots_rows", "associates": "associates_rows",
    "identifiers": "identifier_rows", "triangles": "triangle_rows",
    "communities": "community_rows", "new": "novelty_rows", "escalation": "escalation_rows",
    "episodes": "episode_rows", "path": "path_rows",
}
#: The analyses a role below the FACTS tier may run (places only, shaped for the tier).
AGGREGATE_ANALYSES = frozenset({"hotspots"})
#: What a PARTNER keeps of a ranked place: its rank, counts, trend and dates. An allow-list,
#: so a field the ranking adds later stays out until someone decides it is aggregate.
PARTNER_HOTSPOT_FIELDS = frozenset({
    "rank", "entity_id", "location_id", "type", "key", "label", "score", "children",
    "trend", "change", "why", "episodes", "found_at", "missing_from", "documents",
    "mentions", "first_seen", "last_seen", "recent_children", "previous_children",
    "direct_children", "concern_children", "adults_of_concern", "intel_documents",
})


def _plain(value: Any) -> Any:
    """A parameter as the audit log keeps it (dates as ISO text, tuples as lists)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        return [_plain(v) for v in value]
    return value


class AnalysisReads:
    """``Service.analysis`` and ``Service.desk``."""

    store: Store
    gate: Gate
    governance: Governance

    if TYPE_CHECKING:
        def _partner_view(self, policy: Policy, effective: Filters
                          ) -> tuple[list[dict[str, Any]], set[str]]: ...

    def analysis(self, name: str, filters: Filters | None = None, **params: Any
                 ) -> list[dict[str, Any]]:
        """Rows of the analysis ``name`` (:data:`ANALYSES`) as ``graph.analysis.run`` ranks
        them, over what the role may see. ``params`` are that function's keyword arguments;
        ``new`` takes ``since`` and ``path`` takes ``a`` and ``b`` among them."""
        from graph.analysis import run

        if name not in ANALYSES:
            raise InvalidValue(f"analysis must be one of {', '.join(sorted(ANALYSES))}")
        policy = self.gate.policy()
        self.gate.require(policy.tier >= Tier.FACTS or name in AGGREGATE_ANALYSES,
                          "analysis", f"run the {name} analysis", analysis=name)
        effective = role_filters(policy, filters)
        function: Callable[..., list[dict[str, Any]]] = getattr(run, ANALYSES[name])
        audited = {k: _plain(v) for k, v in params.items() if k not in ("a", "b")}
        args: tuple[Any, ...] = ()
        if name == "new":
            args = (params.pop("since"),)
        elif name == "path":
            ends = run.resolve(self.store, params.pop("a")), run.resolve(self.store,
                                                                       params.pop("b"))
            args = tuple(end["entity_id"] for end in ends)
            audited.update({"from": self.governance.pseudonyms.entity_ref(args[0]),
                            "to": self.governance.pseudonyms.entity_ref(args[1])})
        if policy.tier < Tier.FACTS:
            params.update(placements=False, include_placements=False,
                          min_children=max(int(params.get("min_children", 1)),
                                           policy.min_children_floor))
            audited.update({k: _plain(v) for k, v in params.items()})
        rows = [] if effective is None else function(self.store, *args, effective, **params)
        if policy.tier < Tier.FACTS:
            rows = self._aggregate_places(policy, rows, effective)
        self.gate.record("analysis", analysis=name, filters=filters_json(effective),
                         rows=len(rows), **audited)
        return rows

    def _aggregate_places(self, policy: Policy, rows: list[dict[str, Any]],
                          effective: Filters | None) -> list[dict[str, Any]]:
        """Ranked places as a PARTNER sees them: only places it may see (enough children,
        never a placement), children as pseudonyms, no surface forms or evidence."""
        if effective is None:
            return []
        allowed = self._partner_view(policy, effective)[1]
        names = self.governance.pseudonyms
        shaped = []
        for row in rows:
            if row["entity_id"] not in allowed:
                continue
            children = sorted(names.child(c["child_id"]) for c in row.get("children_linked", ()))
            shaped.append({**{k: v for k, v in row.items() if k in PARTNER_HOTSPOT_FIELDS},
                           "variants": [],
                           "children_linked": [{"child_id": p, "name": None}
                                               for p in children]})
        for rank, row in enumerate(shaped, start=1):
            row["rank"] = rank
        return shaped
