"""Files that leave rhigraph: meeting packs, interchange exports and copies of the store.

A mixin of :class:`~rhigraph.governance.service.Service`. The writers themselves
(:mod:`graph.report`, :mod:`graph.export`) read through the ``Store`` protocol; these
methods decide, for the person asking, what they may read:

- a pack (:meth:`ExportReads.authorise_pack`) is audited as an export and built from the
  role's export filters; a partner version (asked for, or forced for a PARTNER) is built from
  shareable facts only and redacted;
- an interchange file (:meth:`ExportReads.export_graph`) is written from the role's view:
  facts without what the role may not export for FACTS roles, and for a PARTNER the
  child-place links it may see, children as pseudonyms, document and episode ids as
  stand-ins, no names, spans or provenance text;
- a copy of the whole store into another database (:meth:`ExportReads.authorise_copy`)
  carries every document's text, so only a role that reads every document whole may make one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.store import Filters
from rhigraph.governance import reads
from rhigraph.governance.roles import ALL_KINDS, Policy, Role, Tier, policy_for

if TYPE_CHECKING:
    from graph.report.redact import Redaction
    from graph.store import Store
    from rhigraph.governance.core import Governance
    from rhigraph.governance.gate import Gate

#: The fields of a link the interchange writers read; a partner's links have only some.
_LINK_FIELDS = ("id", "type", "source_id", "target_id", "document_id", "child_id", "start",
                "end", "observed_at", "submitted_by", "agency", "source_evaluation",
                "intelligence_assessment", "handling_code")


class PartnerGraph:
    """What a PARTNER may export, behind the two ``Store`` methods the writers call."""

    def __init__(self, links: list[dict[str, Any]], places: list[dict[str, Any]]) -> None:
        self._links = [{**{k: None for k in _LINK_FIELDS}, "props": {}, **link, "id": n}
                       for n, link in enumerate(links, start=1)]
        known = {place["id"]: place for place in places}
        ends = {end for link in self._links for end in (link["source_id"], link["target_id"])}
        self._entities = [known.get(end) or self._stand_in(end) for end in sorted(ends)]

    @staticmethod
    def _stand_in(entity_id: str) -> dict[str, Any]:
        type_name, _, key = entity_id.partition(":")
        return {"id": entity_id, "type": type_name, "key": key, "label": key, "props": {}}

    def links(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        return list(self._links)

    def entities(self, type_name: str | None = None) -> list[dict[str, Any]]:
        return [e for e in self._entities if type_name in (None, e["type"])]


def pack_request(filters: Filters | None, partner: bool) -> Filters | None:
    """The filters a pack is asked for with: a partner version only from shareable facts
    (:func:`graph.meetings.load.shareable_filters`). The role's limits are added to them as
    to any export (:func:`rhigraph.governance.limits.role_filters` with ``export=True``)."""
    from graph.meetings.load import shareable_filters

    return shareable_filters(filters) if partner else filters


class ExportReads:
    """``Service.authorise_pack``, ``Service.export_graph`` and ``Service.authorise_copy``."""

    store: Store
    gate: Gate
    governance: Governance

    if TYPE_CHECKING:
        def authorise_export(self, what: str, filters: Filters | None = None, *,
                             facts: bool = True, target: str | None = None) -> Filters: ...

        def _partner_view(self, policy: Policy, effective: Filters
                          ) -> tuple[list[dict[str, Any]], set[str]]: ...

    def authorise_pack(self, what: str, filters: Filters | None = None, *,
                       partner: bool = False, target: str | None = None
                       ) -> tuple[Filters, Redaction | None]:
        """Audit a meeting pack as an export and return the filters to build it from and
        the redaction to apply (``None``: the role's own version). ``partner`` asks for the
        partner version; a PARTNER always gets it."""
        from graph.report.redact import redaction_for

        partner = partner or self.gate.policy().pseudonymise_children
        effective = self.authorise_export(
            what + (" (partner version)" if partner else ""),
            pack_request(filters, partner), facts=not partner, target=target)
        redaction = redaction_for(policy_for(Role.PARTNER), self.governance.pseudonyms) \
            if partner else None
        return effective, redaction

    def export_graph(self, fmt: str, out: Path, filters: Filters | None = None
                     ) -> dict[str, int]:
        """Write the graph as ``fmt`` (:data:`graph.export.FORMATS`) to ``out`` as the role
        may export it; every cell formula-neutralised by the writers."""
        from graph.export import export as write

        policy = self.gate.policy()
        facts = policy.tier >= Tier.FACTS
        effective = self.authorise_export(f"graph {fmt}", filters, facts=facts)
        if facts:
            return write(fmt, self.store, out, effective)
        links, allowed = self._partner_view(policy, effective)
        places = reads.entities_with_ids(self.store, "Location", allowed)
        return write(fmt, PartnerGraph(links, places), out, effective)  # type: ignore[arg-type]

    def authorise_copy(self, target: str) -> None:
        """Check and audit a copy of the whole store (every document with its text) into
        the database ``target`` names (``sync --to neo4j``)."""
        policy = self.gate.policy()
        self.gate.require(all(policy.reads_full_text(kind) for kind in ALL_KINDS), "sync",
                          "copy every document whole into another database", to=target)
        self.gate.record("sync", to=target)
