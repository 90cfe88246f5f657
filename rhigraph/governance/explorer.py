"""The link explorer's reads, as a person may make them: what is shown, not the whole graph.

A mixin of :class:`~rhigraph.governance.service.Service`. The explorer draws the ego network
of one entity, grows a path outward from two, and looks names up; each of these needs only
the links around a handful of entities (:meth:`ExplorerReads.around`) and the names that
could match what was typed (:meth:`ExplorerReads.spellings`), never every link or entity of
the window, so a search answers in the same time on a store of 100,000 documents as on the
demo store.

Tiers are those of :meth:`Service.links` and :meth:`Service.entities`: a PARTNER gets only
its child-place links at places it may see, children as pseudonyms, and looks up only those
places and pseudonyms.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from graph.analysis.paths import TYPE_PREFERENCE
from graph.analysis.paths import _keys as cleaned_keys
from graph.store import Filters
from graph.types import text
from rhigraph.governance import reads
from rhigraph.governance.limits import filters_json, role_filters
from rhigraph.governance.roles import Policy, Tier
from rhigraph.governance.shaping import partner_link, partner_places

if TYPE_CHECKING:
    from graph.store import Store
    from rhigraph.governance.core import Governance
    from rhigraph.governance.gate import Gate

#: Types a person may look up by name in the explorer (the SQL below lists them too).
NAMED_TYPES = TYPE_PREFERENCE
#: How many leading characters of each word of a search term pick the candidates that
#: rapidfuzz then scores: a close spelling (score 80 or more) keeps the start of a word.
STEM = 3

# Every name of a searchable entity (label, key, nickname, name) with the cluster it is
# drawn as (its entity-wide resolution row, else a document row's cluster, else itself), for
# the entities a word of whose names starts with one of the stems (a JSON list, each with a
# leading space), whose id is one of a JSON list, or whose label or key holds the needle.
# One pass over the entities in SQL: nothing is parsed in Python but the candidates.
_NAMES = """
    SELECT e.id, e.type, e.label, e.key, json_extract(e.props, '$.nickname') AS nickname,
           json_extract(e.props, '$.name') AS name,
           COALESCE((SELECT k.cluster_id FROM entity_clusters k
                     WHERE k.entity_id = e.id AND k.document_id = ''),
                    (SELECT MIN(k.cluster_id) FROM entity_clusters k
                     WHERE k.entity_id = e.id), e.id) AS cluster
    FROM entities e
    WHERE e.type IN ('Person', 'Child', 'Location', 'Vehicle', 'Phone', 'OnlineAccount',
                     'Organisation')
      AND (EXISTS (SELECT 1 FROM json_each(?) s WHERE instr(' ' || lower(e.label || ' '
                   || e.key || ' ' || COALESCE(json_extract(e.props, '$.nickname'), '')
                   || ' ' || COALESCE(json_extract(e.props, '$.name'), '')), s.value) > 0)
           OR e.id IN (SELECT value FROM json_each(?))
           OR instr(lower(e.label), ?) > 0 OR instr(lower(e.key), ?) > 0)
"""
_KINDS = ("SELECT id, kind, handling_code FROM documents"
          " WHERE id IN (SELECT value FROM json_each(?))")
_CONTAINING = ("SELECT id, type, key, label FROM entities WHERE instr(lower(label), ?) > 0"
               " OR instr(lower(key), ?) > 0 ORDER BY id")


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
    """``Service.around``, ``Service.spellings`` and ``Service.document_kinds``."""

    store: Store
    gate: Gate
    governance: Governance

    if TYPE_CHECKING:
        def neighbourhood(self, entity_ids: list[str], filters: Filters | None = None
                          ) -> list[dict[str, Any]]: ...

        def _partner_entities(self, policy: Policy, type_name: str | None
                              ) -> list[dict[str, Any]]: ...

    def around(self, entity_ids: list[str], filters: Filters | None = None
               ) -> list[dict[str, Any]]:
        """The links behind every edge of these (cluster) ids once documents and episodes
        are folded into their child: the links touching them (``Store.neighbourhood``) and,
        for the children among them, every link about the child (``Store.child_links``: an
        episode's places, whatever a note about the child names). Rows as :meth:`links`.

        A PARTNER gets its child-place links at those ids that are places it may see, and
        those of its pseudonymous children among the ids, pseudonymised."""
        policy = self.gate.policy()
        effective = role_filters(policy, filters)
        ids = sorted(set(entity_ids))
        rows: list[dict[str, Any]] = []
        if effective is not None and ids:
            if policy.tier >= Tier.FACTS:
                rows = self._facts_around(ids, effective)
            else:
                rows = self._partner_around(policy, ids, effective)
        self.gate.record("neighbourhood", filters=filters_json(effective), entities=len(ids),
                         rows=len(rows))
        return rows

    def _facts_around(self, ids: list[str], effective: Filters) -> list[dict[str, Any]]:
        children = [i.split(":", 1)[1] for i in ids if i.startswith("Child:")]
        found = {link["id"]: link for link in self.store.neighbourhood(ids, effective)}
        if children:
            found.update((link["id"], link)
                         for link in self.store.child_links(children, effective))
        return [found[i] for i in sorted(found)]

    def _partner_around(self, policy: Policy, ids: list[str], effective: Filters
                        ) -> list[dict[str, Any]]:
        allowed = reads.partner_allowed(self.store, effective, policy.min_children_floor)
        found = {link["id"]: link
                 for link in reads.partner_links(self.store, effective, allowed & set(ids))}
        wanted = {i.split(":", 1)[1] for i in ids if i.startswith("Child:")}
        if wanted:
            names = self.governance.pseudonyms
            real = [c for c in reads.partner_children(self.store, effective, allowed)
                    if names.child(c) in wanted]
            about = self.store.child_links(real, effective) if real else []
            found.update((link["id"], link) for link in partner_places(about, set(), 0)[0]
                         if allowed & {link["source_id"], link["target_id"]})
        return [partner_link(found[i], self.governance.pseudonyms) for i in sorted(found)]

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
        execute_read = getattr(self.store, "execute_read", None)
        if execute_read is None:
            clusters = {}
            for row in self.store.entity_clusters():
                if row["document_id"] == "" or row["entity_id"] not in clusters:
                    clusters[row["entity_id"]] = row["cluster_id"]
            return [{**e, "nickname": (e.get("props") or {}).get("nickname"),
                     "name": (e.get("props") or {}).get("name"),
                     "cluster": clusters.get(e["id"], e["id"])}
                    for e in self.store.entities() if e["type"] in NAMED_TYPES
                    and (e["id"] in ids or _starts_with(e, starts) or contains(e, needle))]
        # A word starts with the stem: at the start of the text or after a space.
        params = (json.dumps([f" {s}" for s in starts]), json.dumps(ids), needle, needle)
        return [dict(r) for r in execute_read(_NAMES, params)]


    def document_kinds(self, document_ids: list[str]) -> dict[str, str]:
        """The kind of each of these documents (those with a handling code the role does
        not see left out): which of a link's snippets the role may read, without listing
        every document. FACTS tier."""
        policy = self.gate.policy()
        self.gate.require(policy.tier >= Tier.FACTS, "documents", "list documents")
        wanted = sorted(set(document_ids))
        execute_read = getattr(self.store, "execute_read", None)
        if execute_read is not None:
            rows = [dict(r) for r in execute_read(_KINDS, (json.dumps(wanted),))]
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
        execute_read = getattr(self.store, "execute_read", None)
        if execute_read is not None and needle.isascii():
            return [dict(r) for r in execute_read(_CONTAINING, (needle, needle))]
        return [e for e in self.store.entities() if contains(e, needle)]


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
