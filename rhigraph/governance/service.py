"""The service layer: the one way to read the graph as a person, with need-to-know enforced.

Every read path (the dashboard, the commands, any future API) calls a :class:`Service` made
for the signed-in user, never the store directly. Each method

1. re-reads the user's role (:class:`~rhigraph.governance.gate.Gate`) and refuses, with an
   audit entry, what the role may not do (the policy is :mod:`rhigraph.governance.roles`);
2. applies the role's filters inside the query (handling code C withheld, minimum grading),
   so withheld facts never leave the store, rather than hiding them afterwards;
3. shapes the rows to the role's tier (pseudonyms, no text, no names) with
   :mod:`rhigraph.governance.shaping`;
4. writes the audit entry before returning, so a view that cannot be audited is not shown.

Results are plain lists and dicts, the same rows the store and ``graph.analysis`` give, so
the dashboard's components work on them unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.exc import InvalidValue
from graph.export.cells import neutralise
from graph.store import Filters, Store, entity_id
from rhigraph.governance import boundary_reads, desk_reads, reads
from rhigraph.governance.analyses import AnalysisReads
from rhigraph.governance.audit import MAX_TERM
from rhigraph.governance.core import Governance
from rhigraph.governance.explorer import ExplorerReads, contains
from rhigraph.governance.exports import ExportReads
from rhigraph.governance.gate import Gate
from rhigraph.governance.limits import (
    document_passes,
    filters_json,
    indicator_counts,
    role_filters,
)
from rhigraph.governance.pseudonym import Pseudonyms
from rhigraph.governance.records import MeetingRecords
from rhigraph.governance.retention import due
from rhigraph.governance.review import ReviewReads
from rhigraph.governance.roles import Policy, Tier
from rhigraph.governance.shaping import (
    fact_fields,
    partner_link,
    pseudonymise_activity,
    snippet_window,
)
from rhigraph.governance.users import User

RESOLUTION_DECISIONS = frozenset({"merge", "keep_apart", "undo"})
EXPORTS = ("links", "hotspots")


class Service(AnalysisReads, ExportReads, ExplorerReads, ReviewReads, MeetingRecords):
    """The graph as ``user`` may see it. Cheap to make: one per request or session.

    Groups of methods live in their own modules: analyses and the desk
    (:mod:`~rhigraph.governance.analyses`), packs and exports
    (:mod:`~rhigraph.governance.exports`), the link explorer's reads
    (:mod:`~rhigraph.governance.explorer`), the review queue and records
    (:mod:`~rhigraph.governance.review`), ingest, actions and notifications
    (:mod:`~rhigraph.governance.records`)."""

    def __init__(self, store: Store, user: User, governance: Governance) -> None:
        self.store = store
        self.gate = Gate(user, governance)
        self.governance = governance

    @property
    def user(self) -> User:
        return self.gate.user

    @property
    def policy(self) -> Policy:
        """The user's current policy, for a UI deciding which controls to offer (the
        service enforces it whatever the UI offers)."""
        return self.gate.policy()

    # -- aggregates (every role) ----------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Entities by type, documents, links and mentions: numbers only."""
        self.gate.policy()
        result = self.store.counts()
        self.gate.record("counts")
        return result

    def hotspots(self, filters: Filters | None = None, *, min_children: int = 1,
                 include_placements: bool = False) -> list[dict[str, Any]]:
        """Places ranked as :func:`graph.analysis.hotspots.rank_hotspots` ranks them.

        For a PARTNER: at least ``min_children_floor`` children, never placements, children
        as pseudonyms, no surface forms.
        """
        from graph.analysis.hotspots import rank_hotspots

        policy = self.gate.policy()
        effective = role_filters(policy, filters)
        include = include_placements and policy.see_placements
        floor = max(min_children, policy.min_children_floor)
        rows = rank_hotspots(self._activity(policy, "Location", effective),
                             min_children=floor, include_placements=include)
        self.gate.record("hotspots", filters=filters_json(effective), min_children=floor,
                         include_placements=include, rows=len(rows))
        return rows

    def entity_activity(self, type_name: str, filters: Filters | None = None
                        ) -> list[dict[str, Any]]:
        """Per entity of ``type_name``: children, documents, episodes, first/last seen...
        (``Store.entity_activity``). A PARTNER may ask about places only."""
        policy = self.gate.policy()
        self.gate.require(policy.tier >= Tier.FACTS or type_name == "Location",
                          "entity_activity", "see activity other than places",
                          type=type_name)
        effective = role_filters(policy, filters)
        rows = self._activity(policy, type_name, effective)
        self.gate.record("entity_activity", type=type_name, filters=filters_json(effective),
                         rows=len(rows))
        return rows

    def _activity(self, policy: Policy, type_name: str, effective: Filters | None
                  ) -> list[dict[str, Any]]:
        if effective is None:
            return []
        rows = self.store.entity_activity(type_name, effective)
        if type_name == "Location":
            for row in rows:
                row.setdefault("location_id", row["entity_id"])
        if not policy.pseudonymise_children:
            return rows
        allowed = reads.partner_allowed(self.store, effective, policy.min_children_floor)
        return pseudonymise_activity(rows, self.governance.pseudonyms, allowed)

    def _partner_view(self, policy: Policy, effective: Filters
                      ) -> tuple[list[dict[str, Any]], set[str]]:
        allowed = reads.partner_allowed(self.store, effective, policy.min_children_floor)
        links = reads.partner_links(self.store, effective, allowed)
        return [partner_link(link, self.governance.pseudonyms) for link in links], allowed

    def latest_place_day(self, filters: Filters | None = None) -> str | None:
        """The day of the latest fact at any place the role may see (a date, no record):
        meeting pages open on it rather than on an empty current week."""
        policy = self.gate.policy()
        effective = role_filters(policy, filters)
        day = None
        if effective is not None:
            day = reads.latest_visible_day(self.store, effective, policy.min_children_floor,
                                           policy.pseudonymise_children)
        self.gate.record("latest_place_day", filters=filters_json(effective))
        return day

    # -- facts ----------------------------------------------------------------------------
    def entities(self, type_name: str | None = None) -> list[dict[str, Any]]:
        """Entities (id, type, key, label, props). A PARTNER gets only the places it may
        see and its children as pseudonyms."""
        policy = self.gate.policy()
        if policy.tier >= Tier.FACTS:
            rows = self.store.entities(type_name)
        else:
            self.gate.require(type_name in (None, "Location", "Child"), "entities",
                              "see entities other than places", type=type_name)
            rows = self._partner_entities(policy, type_name)
        self.gate.record("entities", type=type_name, rows=len(rows))
        return rows

    def _partner_entities(self, policy: Policy, type_name: str | None
                          ) -> list[dict[str, Any]]:
        effective = role_filters(policy, None)
        if effective is None:
            return []
        allowed = reads.partner_allowed(self.store, effective, policy.min_children_floor)
        rows: list[dict[str, Any]] = []
        if type_name in (None, "Location"):
            rows += reads.entities_with_ids(self.store, "Location", allowed)
        if type_name in (None, "Child"):
            names = self.governance.pseudonyms
            children = sorted({names.child(c) for c in
                               reads.partner_children(self.store, effective, allowed)})
            rows += [{"id": f"Child:{p}", "type": "Child", "key": p, "label": p, "props": {}}
                     for p in children]
        return rows

    def links(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Links with provenance. A PARTNER gets only child-place links, pseudonymised."""
        policy = self.gate.policy()
        effective = role_filters(policy, filters)
        if effective is None:
            rows: list[dict[str, Any]] = []
        elif policy.tier >= Tier.FACTS:
            rows = list(self.store.links(effective))
        else:
            rows = self._partner_view(policy, effective)[0]
        self.gate.record("links", filters=filters_json(effective), rows=len(rows))
        return rows

    def neighbourhood(self, entity_ids: list[str], filters: Filters | None = None
                      ) -> list[dict[str, Any]]:
        """The links touching these (cluster) ids, as :meth:`links` gives them to the role,
        read as the neighbourhood of the ids (``Store.neighbourhood``) rather than every
        link. A PARTNER gets the child-place links at those of the ids that are places it
        may see, pseudonymised."""
        policy = self.gate.policy()
        effective = role_filters(policy, filters)
        ids = sorted(set(entity_ids))
        if effective is None or not ids:
            rows: list[dict[str, Any]] = []
        elif policy.tier >= Tier.FACTS:
            rows = self.store.neighbourhood(ids, effective)
        else:
            allowed = reads.partner_allowed(self.store, effective, policy.min_children_floor)
            rows = [partner_link(link, self.governance.pseudonyms) for link in
                    reads.partner_links(self.store, effective, allowed & set(ids))]
        self.gate.record("neighbourhood", filters=filters_json(effective), entities=len(ids),
                         rows=len(rows))
        return rows

    def entities_by_id(self, entity_ids: list[str]) -> list[dict[str, Any]]:
        """These entities (id, type, key, label, props), looked up by id. A PARTNER gets
        only the places among them it may see (its children are pseudonyms, whose label is
        their key)."""
        policy = self.gate.policy()
        ids = set(entity_ids)
        if policy.tier >= Tier.FACTS:
            rows = self.store.entities_by_id(sorted(ids)) if ids else []
        else:
            effective = role_filters(policy, None)
            allowed = set() if effective is None else reads.partner_allowed(
                self.store, effective, policy.min_children_floor)
            rows = reads.entities_with_ids(self.store, "Location", allowed & ids)
        self.gate.record("entities", entities=len(ids), rows=len(rows))
        return rows

    def child(self, child_id: str, filters: Filters | None = None) -> dict[str, Any] | None:
        """One child: name and properties, the documents about them and every link.
        FACTS tier; ``None`` when there is no such child."""
        policy = self.gate.policy()
        self.gate.require(policy.tier >= Tier.FACTS, "child", "see a child's record",
                          target=f"Child:{child_id}")
        entity = next(iter(self.store.entities_by_id([entity_id("Child", child_id)])), None)
        if entity is None:
            self.gate.record("child", target=f"Child:{child_id}", outcome="not_found")
            return None
        effective = role_filters(policy, filters)
        links = [] if effective is None else [
            link for link in self.store.links(effective) if link["child_id"] == child_id]
        documents = sorted({link["document_id"] for link in links})
        self.gate.record("child", target=entity["id"], filters=filters_json(effective),
                         links=len(links))
        return {"child_id": child_id, "name": entity["label"], "props": entity["props"],
                "documents": documents, "links": links}

    def document(self, document_id: str) -> dict[str, Any] | None:
        """A document: provenance, grading, its facts, and its text where the role may read
        it (``text`` is ``None`` and ``text_withheld`` says why otherwise). FACTS tier."""
        policy = self.gate.policy()
        self.gate.require(policy.tier >= Tier.FACTS, "document", "see documents",
                          target=document_id)
        doc = reads.document(self.store, document_id)
        if doc is None:
            self.gate.record("document", target=document_id, outcome="not_found")
            return None
        self.gate.require(doc.get("handling_code") not in policy.withheld_handling_codes,
                          "document", "see documents with handling code C",
                          target=document_id)
        full = policy.reads_full_text(doc["kind"])
        effective = role_filters(policy, None)
        facts = [] if effective is None else [
            link for link in self.store.links(effective) if link["document_id"] == document_id]
        view = {key: doc.get(key) for key in (
            "id", "kind", "child_id", "date", "submitted_by", "agency", "source_evaluation",
            "intelligence_assessment", "handling_code", "ingested_at")}
        view["fields"] = dict(doc.get("fields") or {}) if full else fact_fields(
            doc.get("fields") or {})
        view["text"] = doc.get("text") if full else None
        view["text_withheld"] = None if full else (
            f"role {self.user.role.value} does not read the whole of a {doc['kind']};"
            " the words around each fact are available as snippets"
            if policy.reads_snippet(doc["kind"]) else
            f"role {self.user.role.value} does not read document text")
        view["facts"] = facts
        self.gate.record("document", target=document_id,
                         text="shown" if full else "withheld", facts=len(facts))
        return view

    def documents(self, kind: str | None = None, child_id: str | None = None
                  ) -> list[dict[str, Any]]:
        """Document metadata (no text), by kind and child when given, with only the fact
        fields unless the role reads that kind in full. FACTS tier."""
        policy = self.gate.policy()
        target = f"Child:{child_id}" if child_id else None
        self.gate.require(policy.tier >= Tier.FACTS, "documents", "list documents",
                          target=target, kind=kind)
        rows = []
        for doc in reads.documents(self.store, kind, child_id):
            if doc.get("handling_code") in policy.withheld_handling_codes:
                continue
            fields = doc.get("fields") or {}
            rows.append({**doc, "fields": dict(fields) if policy.reads_full_text(doc["kind"])
                         else fact_fields(fields)})
        self.gate.record("documents", target=target, kind=kind, rows=len(rows))
        return rows

    def indicators(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Exploitation indicators found in the documents (``Store.indicators``).

        FACTS tier: one row per indicator, its ``text`` (the words in the document) only
        where the role may read snippets of that kind. PARTNER: counts per code of
        indicators that were not negated, by documents and children, codes seen for fewer
        than ``min_children_floor`` children left out.
        """
        policy = self.gate.policy()
        effective = role_filters(policy, filters)
        rows: list[dict[str, Any]] = []
        if effective is not None:
            graded = {d["id"]: d for d in reads.documents(self.store)}
            for row in self.store.indicators(effective):
                doc = graded.get(row["document_id"], {})
                if not document_passes(doc, effective):
                    continue
                if not policy.reads_snippet(row.get("kind")):
                    row = {**row, "text": None}
                rows.append(row)
        if policy.tier < Tier.FACTS:
            rows = indicator_counts(rows, policy.min_children_floor)
        self.gate.record("indicators", filters=filters_json(effective), rows=len(rows))
        return rows

    def snippet(self, link_id: int) -> dict[str, Any] | None:
        """The words around one fact in its document: the link's stored span, capped, with
        a sentence or two of context. The span comes from the store, never from the caller,
        so a snippet cannot be stretched into the whole note."""
        policy = self.gate.policy()
        self.gate.require(policy.tier >= Tier.FACTS, "snippet", "see snippets",
                          link_id=int(link_id))
        link = reads.link(self.store, int(link_id))
        if link is None:
            self.gate.record("snippet", outcome="not_found", link_id=int(link_id))
            return None
        doc_id = link["document_id"]
        self.gate.require(link.get("handling_code") not in policy.withheld_handling_codes,
                          "snippet", "see facts with handling code C", target=doc_id,
                          link_id=int(link_id))
        doc = reads.document(self.store, doc_id) or {}
        self.gate.require(policy.reads_snippet(doc.get("kind")), "snippet",
                          f"see snippets of a {doc.get('kind')}", target=doc_id,
                          link_id=int(link_id))
        text, start, end = doc.get("text"), link.get("start"), link.get("end")
        result: dict[str, Any] = {"link_id": int(link_id), "document_id": doc_id,
                                  "kind": doc.get("kind"), "text": None, "offset": None,
                                  "highlight": None}
        if text and start is not None and end is not None:
            lo, hi, s, e = snippet_window(text, int(start), int(end))
            result.update(text=text[lo:hi], offset=lo, highlight=[s - lo, e - lo])
        self.gate.record("snippet", target=doc_id, link_id=int(link_id),
                         shown=result["text"] is not None)
        return result

    def search(self, term: str) -> list[dict[str, Any]]:
        """Entities whose label or key contains ``term`` (case-insensitive) and, for the
        kinds the role reads in full, documents whose text contains it. A PARTNER searches
        the places it may see. The term is written to the audit log (see its docstring)."""
        term = (term or "").strip()
        if not term or len(term) > MAX_TERM:
            raise InvalidValue(f"a search term is 1 to {MAX_TERM} characters")
        policy = self.gate.policy()
        needle = term.casefold()
        if policy.tier >= Tier.FACTS:
            candidates = self._containing(needle)
        else:
            candidates = [e for e in self._partner_entities(policy, "Location")
                          if contains(e, needle)]
        results: list[dict[str, Any]] = [
            {"kind": "entity", "id": e["id"], "type": e["type"], "label": e["label"]}
            for e in candidates]
        if policy.tier >= Tier.FACTS:
            results += [{"kind": "document", "id": d["id"], "type": d["kind"],
                         "label": d["id"], "child_id": d["child_id"], "date": d["date"]}
                        for d in reads.search_text(self.store, term, policy.full_text_kinds)
                        if d.get("handling_code") not in policy.withheld_handling_codes]
        self.gate.record("search", term=term, results=len(results))
        return results

    # -- exports and decisions -------------------------------------------------------------
    def export_rows(self, what: str = "links", filters: Filters | None = None, *,
                    min_children: int = 1) -> list[dict[str, Any]]:
        """Rows for a CSV or spreadsheet, every cell formula-safe (:func:`neutralise`).

        ``links`` (FACTS tier): one row per fact with both ends' labels and provenance.
        ``hotspots`` (every role): the ranked places as the role sees them. Handling code C
        facts are left out unless the role's policy allows exporting them.
        """
        if what not in EXPORTS:
            raise InvalidValue(f"export must be one of {', '.join(EXPORTS)}")
        policy = self.gate.policy()
        effective = role_filters(policy, filters, export=True)
        if what == "links":
            self.gate.require(policy.tier >= Tier.FACTS, "export", "export facts", what=what)
            rows = self._link_rows(effective)
        else:
            from graph.analysis.hotspots import rank_hotspots

            floor = max(min_children, policy.min_children_floor)
            ranked = rank_hotspots(self._activity(policy, "Location", effective),
                                   min_children=floor)
            rows = [{k: r.get(k) for k in ("rank", "label", "children", "episodes", "found_at",
                                           "mentions", "first_seen", "last_seen")}
                    | {"children_linked": [c["name"] or c["child_id"]
                                           for c in r["children_linked"]]} for r in ranked]
        safe = [{k: neutralise(v) for k, v in row.items()} for row in rows]
        self.gate.record("export", what=what, filters=filters_json(effective), rows=len(safe))
        return safe

    def authorise_export(self, what: str, filters: Filters | None = None, *,
                         facts: bool = True, target: str | None = None) -> Filters:
        """For exporters that write files themselves (i2, GraphML, GEXF, neo4j-admin CSV,
        meeting packs): check the role, audit the export, and return the filters to read
        with, which leave out what the role may not export (handling code C unless ANALYST
        or RHI_MANAGER; grading C/5 and C for PARTNER). ``facts``: the output names people
        and children (FACTS tier); a partner pack passes ``False`` and must be redacted
        (``graph.report.redact.redaction_for(service.policy, service.pseudonyms)``).
        ``target``: the child or document the export is about, for ``audit show --target``."""
        policy = self.gate.policy()
        effective = role_filters(policy, filters, export=True)
        self.gate.require(policy.tier >= Tier.FACTS or not facts, "export",
                          "export facts", target=target, what=what)
        if effective is None:
            self.gate.deny("export", "export facts with those handling codes", target=target,
                           what=what, filters=filters_json(filters))
        self.gate.record("export", target=target, what=what, filters=filters_json(effective))
        return effective

    @property
    def pseudonyms(self) -> Pseudonyms:
        """The installation's pseudonyms, for redacting a partner's copy of a pack."""
        return self.governance.pseudonyms

    def _link_rows(self, effective: Filters | None) -> list[dict[str, Any]]:
        if effective is None:
            return []
        labels = {e["id"]: e["label"] for e in self.store.entities()}
        return [{"type": link["type"], "source_id": link["source_id"],
                 "source": labels.get(link["source_id"]), "target_id": link["target_id"],
                 "target": labels.get(link["target_id"]), "child_id": link["child_id"],
                 "document_id": link["document_id"], "observed_at": link["observed_at"],
                 "agency": link["agency"],
                 "grading": "".join(link.get(k) or "?" for k in (
                     "source_evaluation", "intelligence_assessment", "handling_code"))}
                for link in self.store.links(effective)]

    def record_resolution(self, decision: str, entity_ids: list[str]) -> int:
        """Audit a resolution decision (merge two entities, keep them apart, undo one);
        the resolution feature calls this when an analyst decides. Returns the audit seq."""
        if decision not in RESOLUTION_DECISIONS:
            raise InvalidValue(f"decision must be one of {', '.join(sorted(RESOLUTION_DECISIONS))}")
        policy = self.gate.policy()
        refs = [self.governance.pseudonyms.entity_ref(e) for e in entity_ids]
        self.gate.require(policy.resolve_entities, "resolution", "decide entity resolution",
                          decision=decision, entities=refs)
        return self.gate.record("resolution", decision=decision, entities=refs)

    def erase_document(self, document_id: str) -> dict[str, Any]:
        """Remove a document and every fact resting only on it (``Store.delete_document``:
        facts other documents support stay) and record the erasure. The audit keeps the
        document id and the numbers removed, nothing of its content."""
        policy = self.gate.policy()
        self.gate.require(policy.erase, "erase", "erase documents", target=document_id)
        before = self.store.counts()
        erased = self.store.delete_document(document_id)
        after = self.store.counts()
        removed = {k: before[k] - after.get(k, 0) for k in before
                   if before[k] != after.get(k, 0) and k != "rejections"}
        if erased:
            self.governance.retention.forget(document_id)
            # Resolution rows name entities; re-resolving drops those of erased entities.
            from graph.resolve import resolve

            resolve(self.store)
        self.gate.record("erase", target=document_id,
                         outcome="ok" if erased else "not_found", removed=removed)
        return {"document_id": document_id, "erased": erased, "removed": removed}

    def retention_due(self, today: dt.date | None = None) -> list[dict[str, Any]]:
        """Documents whose review date has come (:mod:`rhigraph.governance.retention`)."""
        policy = self.gate.policy()
        self.gate.require(policy.review_retention, "retention.due", "review retention")
        day = today or dt.datetime.now(dt.UTC).date()
        settings = self.governance.retention
        rows = due(reads.documents(self.store), settings.periods(), settings.overrides(), day)
        self.gate.record("retention.due", today=day.isoformat(), rows=len(rows))
        return rows

    # -- the RHI manager's desk and out-of-area children (issues 13 and 11) ----------------
    # The rules live in desk_reads and boundary_reads; these only delegate.
    def triage_queue(self, since: str | None = None) -> list[dict[str, Any]]:
        """Every RHI note triaged, with reasons (:func:`desk_reads.triage_queue`)."""
        return desk_reads.triage_queue(self, since)

    def unshared(self, as_of: dt.date, window_days: int = 14, since: str | None = None
                 ) -> list[dict[str, Any]]:
        """Intelligence-bearing notes with no form yet (:func:`desk_reads.unshared`)."""
        return desk_reads.unshared(self, as_of, window_days, since)

    def cross_worker(self, since: str | None = None) -> list[dict[str, Any]]:
        """Patterns across workers and agencies (:func:`desk_reads.cross_worker`)."""
        return desk_reads.cross_worker(self, since)

    def draft_isf(self, document_id: str, today: dt.date) -> dict[str, Any]:
        """A draft information-sharing form from a note (:func:`desk_reads.draft_isf`)."""
        return desk_reads.draft_isf(self, document_id, today)

    def cross_boundary(self, as_of: dt.datetime, filters: Filters | None = None, *,
                       min_authorities: int = 2) -> dict[str, Any]:
        """The cross-boundary pack (:func:`boundary_reads.cross_boundary`)."""
        return boundary_reads.cross_boundary(self, as_of, filters,
                                             min_authorities=min_authorities)

    def out_of_area(self, as_of: dt.datetime, since: dt.date | None = None
                    ) -> dict[str, Any]:
        """Out-of-area children and notifications (:func:`boundary_reads.out_of_area`)."""
        return boundary_reads.out_of_area(self, as_of, since)

    def placement_packet(self, child_id: str, as_of: dt.datetime) -> dict[str, Any]:
        """A child's placement packet (:func:`boundary_reads.placement_packet`)."""
        return boundary_reads.placement_packet(self, child_id, as_of)
