"""The link explorer's reads, as a person may make them: what is shown, not the whole graph.

A mixin of :class:`~rhigraph.governance.service.Service`. The explorer draws the ego network
of one entity, grows a path outward from two, and looks names up; each of these needs only
the links around a handful of entities (:meth:`ExplorerReads.view_around`) and the names that
could match what was typed (:meth:`ExplorerReads.spellings`), never every link or entity of
the window, so a search answers in the same time on a store of 100,000 documents as on the
demo store.

Tiers are those of :meth:`Service.links` and :meth:`Service.entities`: a PARTNER gets only
its child-place links at places it may see, children as pseudonyms, and looks up only those
places and pseudonyms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.analysis.paths import TYPE_PREFERENCE, cleaned_keys
from graph.store import Filters, name_reads, sql_reader
from graph.types import text
from rhigraph.governance import reads
from rhigraph.governance.limits import filters_json, role_filters
from rhigraph.governance.roles import Policy, Tier
from rhigraph.governance.shaping import partner_link, partner_places

if TYPE_CHECKING:
    from graph.store import Store
    from rhigraph.governance.core import Governance
    from rhigraph.governance.gate import Gate

#: How many leading characters of each word of a search term pick the candidates that
#: rapidfuzz then scores: a close spelling (score 80 or more) keeps the start of a word.
STEM = 3


def stems(term: str) -> list[str]:
    """The start of each word of ``term`` (folded), the candidates' prefilter.

    >>> stems("  Dean  ASHWOTH ")
    ['ash', 'dea']
    """
    words = (text.fold(term) or "").split()
    return sorted({w[:STEM] for w in words if w})


def name_rows(entity: dict[str, Any]) -> list[dict[str, Any]]:
    """One ``names`` row (:func:`graph.analysis.paths.lookup`) per distinct way the entity
    is named: label, key, nickname and name, each with the ``cluster`` it is drawn as."""
    names = {str(entity.get(k) or "") for k in ("label", "key", "nickname", "name")}
    return [{"entity_id": entity["id"], "type": entity["type"], "name": name,
             "cluster": entity.get("cluster") or entity["id"]}
            for name in sorted(names) if name]


class ExplorerReads:
    """``Service.view_around``, ``Service.spellings`` and ``Service.document_kinds``."""

    store: Store
    gate: Gate
    governance: Governance

    if TYPE_CHECKING:
        def neighbourhood(self, entity_ids: list[str], filters: Filters | None = None
                          ) -> list[dict[str, Any]]: ...

        def _partner_entities(self, policy: Policy, type_name: str | None
                              ) -> list[dict[str, Any]]: ...

    def view_around(self, entity_ids: list[str], filters: Filters | None = None
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The links behind every edge of these (cluster) ids once documents and episodes
        are folded into their child, and the entities a drawing of them
        labels, as :meth:`entities_by_id` gives them: one step of the link explorer.

        The links: those touching the ids (``Store.neighbourhood``) and, for the children
        among them, every link about the child (``Store.child_links``: an episode's
        places, whatever a note about the child names); rows as :meth:`links`. The
        entities: every end as written and as resolved, and the child a document folds
        into. A PARTNER gets its child-place links at those ids that are places it may
        see and those of its pseudonymous children among the ids, pseudonymised, and the
        places among the ends it may see (worked out once for both)."""
        policy = self.gate.policy()
        effective = role_filters(policy, filters)
        ids = sorted(set(entity_ids))
        rows: list[dict[str, Any]] = []
        allowed: set[str] = set()
        if effective is not None and ids:
            if policy.tier >= Tier.FACTS:
                rows = self._facts_around(ids, effective)
            else:
                allowed = reads.partner_allowed(self.store, effective,
                                                policy.min_children_floor)
                rows = self._partner_around(allowed, ids, effective)
        self.gate.record("neighbourhood", filters=filters_json(effective), entities=len(ids),
                         rows=len(rows))
        wanted = _ends_of(rows) | set(ids)
        if policy.tier >= Tier.FACTS:
            entities = self.store.entities_by_id(sorted(wanted)) if wanted else []
        else:
            entities = reads.entities_with_ids(self.store, "Location", allowed & wanted)
        self.gate.record("entities", entities=len(wanted), rows=len(entities))
        return rows, entities

    def _facts_around(self, ids: list[str], effective: Filters) -> list[dict[str, Any]]:
        children = [i.split(":", 1)[1] for i in ids if i.startswith("Child:")]
        found = {link["id"]: link for link in self.store.neighbourhood(ids, effective)}
        if children:
            found.update((link["id"], link)
                         for link in self.store.child_links(children, effective))
        return [found[i] for i in sorted(found)]

    def _partner_around(self, allowed: set[str], ids: list[str], effective: Filters
                        ) -> list[dict[str, Any]]:
        """Partner links (``shaping.partner_places``) at the allowed places among ``ids``
        and of the children whose pseudonyms are among them, read through the indexed
        ``Store.neighbourhood`` and ``Store.child_links`` rather than every partner link."""
        places = allowed & set(ids)
        wanted = {i.split(":", 1)[1] for i in ids if i.startswith("Child:")}
        found: dict[Any, dict[str, Any]] = {}
        if places:
            # A link is at a place as written; asking for every cluster the place is in
            # as well brings the links that resolution drew elsewhere.
            clusters = self._clusters_of(sorted(places))
            for link in partner_places(self.store.neighbourhood(sorted(places | clusters),
                                                                effective), set(), 0)[0]:
                if places & {link["source_id"], link["target_id"]}:
                    found[link["id"]] = dict(link)
        if wanted:
            names = self.governance.pseudonyms
            real = [c for c in self._child_keys() if names.child(c) in wanted]
            about = self.store.child_links(real, effective) if real else []
            for link in partner_places(about, set(), 0)[0]:
                if allowed & {link["source_id"], link["target_id"]}:
                    found[link["id"]] = dict(link)
        return [partner_link(found[i], self.governance.pseudonyms) for i in sorted(found)]

    def _clusters_of(self, entity_ids: list[str]) -> set[str]:
        if sql_reader(self.store) is None:
            return {r["cluster_id"] for r in self.store.entity_clusters()
                    if r["entity_id"] in set(entity_ids)}
        return name_reads.clusters_of(self.store, entity_ids)

    def _child_keys(self) -> list[str]:
        if sql_reader(self.store) is None:
            return [e["key"] for e in self.store.entities("Child")]
        return name_reads.child_keys(self.store)

    def spellings(self, term: str) -> list[dict[str, Any]]:
        """The names (``entity_id``, ``type``, ``name``, ``cluster``) of the entities the
        role may see that ``term`` could mean: a word of a name starts as a word of the term
        does, the label or key contains the term, or the entity is the term itself or its
        cleaned phone, plate or handle. The candidates :func:`graph.analysis.paths.lookup`
        scores, and the cluster each :meth:`Service.search` hit is drawn as, read without
        reading every entity. Audited as a search (the term is written, as
        :meth:`Service.search` does)."""
        policy = self.gate.policy()
        starts = stems(term)
        needle = term.strip().casefold()
        ids = sorted({term.strip(), *cleaned_keys(term)})
        if policy.tier >= Tier.FACTS:
            entities = self._named(starts, ids, needle)
        else:
            entities = [e for e in self._partner_entities(policy, None)
                        if e["id"] in ids or _starts_with(e, starts) or contains(e, needle)]
        rows = [row for entity in entities for row in name_rows(entity)]
        self.gate.record("search", term=term.strip(), how="spellings", results=len(rows))
        return rows

    def _named(self, starts: list[str], ids: list[str], needle: str) -> list[dict[str, Any]]:
        answers_sql = sql_reader(self.store) is not None
        if not answers_sql:
            clusters: dict[str, str] = {}
            for row in self.store.entity_clusters():
                if row["document_id"] == "" or row["entity_id"] not in clusters:
                    clusters[row["entity_id"]] = row["cluster_id"]
            # the types one may look up by name (name_reads.candidates lists them too)
            candidates = [e for e in self.store.entities() if e["type"] in TYPE_PREFERENCE]
        else:
            candidates = name_reads.candidates(self.store, starts, ids, needle)
        found = [e for e in candidates
                 if e["id"] in ids or _starts_with(e, starts) or contains(e, needle)]
        if answers_sql:
            clusters = name_reads.drawn_as(self.store, [e["id"] for e in found])
        return [{**e, "nickname": e["props"].get("nickname"), "name": e["props"].get("name"),
                 "cluster": clusters.get(e["id"], e["id"])} for e in found]

    def document_kinds(self, document_ids: list[str]) -> dict[str, str]:
        """The kind of each of these documents (those with a handling code the role does
        not see left out): which of a link's snippets the role may read, without listing
        every document. FACTS tier."""
        policy = self.gate.policy()
        self.gate.require(policy.tier >= Tier.FACTS, "documents", "list documents")
        wanted = sorted(set(document_ids))
        if sql_reader(self.store) is not None:
            rows = name_reads.document_kinds(self.store, wanted)
        else:
            rows = [d for d in self.store.documents() if d["id"] in set(wanted)]
        kinds = {r["id"]: r["kind"] for r in rows
                 if r.get("handling_code") not in policy.withheld_handling_codes}
        self.gate.record("documents", documents=len(wanted), rows=len(kinds))
        return kinds

    def _containing(self, needle: str) -> list[dict[str, Any]]:
        """Entities (``id``, ``type``, ``key``, ``label``) whose label or key contains the
        casefolded ``needle``: one pass in SQL where the store has it (an ASCII needle
        folds there as in Python), else over ``Store.entities``."""
        if sql_reader(self.store) is not None and needle.isascii():
            return name_reads.containing(self.store, needle)
        return [e for e in self.store.entities() if contains(e, needle)]


def _ends_of(links: list[dict[str, Any]]) -> set[str]:
    """Every entity a drawing of ``links`` labels: each end as written and as resolved,
    and the child a document or episode folds into."""
    found = {link[key] for link in links for key in (
        "source_id", "target_id", "source_cluster", "target_cluster") if link.get(key)}
    return found | {f"Child:{link['child_id']}" for link in links if link.get("child_id")}


def contains(entity: dict[str, Any], needle: str) -> bool:
    """Whether the entity's label or key contains ``needle`` (casefolded)."""
    return bool(needle) and (needle in str(entity["label"]).casefold()
                             or needle in str(entity["key"]).casefold())


def _starts_with(entity: dict[str, Any], starts: list[str]) -> bool:
    props = entity.get("props") or {}
    words = " ".join(str(v or "") for v in (entity.get("label"), entity.get("key"),
                                            props.get("nickname"), props.get("name")))
    found = {w[:STEM] for w in (text.fold(words) or "").split()}
    return bool(found & set(starts))
