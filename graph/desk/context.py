"""The graph around the notes, read once: homes, who was where, identifiers, clusters.

Triage, drafting and cross-worker analysis all ask the same questions of the wider graph
(is this place a child's home? who else was there? which phones does this adult use across
every document?). :func:`build_context` answers them from one pass over ``Store.links()``
plus the entity and document lists, so a whole queue costs one read, not one per note.
Entities are compared by resolved cluster (``source_cluster``/``target_cluster``), so once
resolution has joined "Gaz" and "Gareth BLAKE" every answer here follows it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.desk.state import is_submitted
from graph.store import Store
from graph.types import text

#: Relations that put a child at a place (the note's AT, the police record's FOUND_AT).
PRESENCE = frozenset({"AT", "FOUND_AT"})
#: Relations that make a place someone's home or placement, not a place of concern.
HOME = frozenset({"LIVES_AT", "PLACED_AT", "MISSING_FROM"})
#: Relations that tie an identifier or an address to a person.
IDENTIFYING = frozenset({"USES", "LIVES_AT"})


def type_of(entity_id: str) -> str:
    """The entity type of an id (``"Person:gaz"`` -> ``"Person"``)."""
    return entity_id.split(":", 1)[0]


@dataclass
class GraphContext:
    """What the desk needs to know about the graph beyond one note."""

    labels: dict[str, str] = field(default_factory=dict)
    props: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Entity id -> resolved cluster id (an unresolved entity is its own cluster).
    cluster: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    child_names: set[str] = field(default_factory=set)
    #: Location clusters that are some child's home, placement or missing-from address.
    homes: set[str] = field(default_factory=set)
    #: Location cluster -> children put there (AT, FOUND_AT) by any document.
    children_at: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: Cluster -> (document id, child id, document kind) of every document naming it.
    named_in: dict[str, set[tuple[str, str | None, str]]] = field(
        default_factory=lambda: defaultdict(set))
    #: Person cluster -> identifying links: (relation, target cluster, target entity as
    #: linked, document id). The entity is kept beside its cluster because a cluster's
    #: label is its longest wording ("red Audi, partial reg MB65 O") while the link may
    #: name the full plate a form should carry.
    identifiers: dict[str, set[tuple[str, str, str, str]]] = field(
        default_factory=lambda: defaultdict(set))
    #: Document id -> its relations other than MENTIONED_IN (the links store rows).
    doc_links: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    def cluster_of(self, entity_id: str) -> str:
        return self.cluster.get(entity_id, entity_id)

    def label(self, cluster_id: str) -> str:
        """The most specific label among a cluster's members (the longest written form)."""
        names = [self.labels.get(m, m) for m in self.members.get(cluster_id, ())]
        return max(names, key=lambda n: (len(n), n)) if names else \
            self.labels.get(cluster_id, cluster_id.split(":", 1)[-1])

    def submitted_forms(self) -> list[dict[str, Any]]:
        return [d for d in self.documents.values()
                if d["kind"] == "intel_form" and is_submitted(d)]


def build_context(store: Store) -> GraphContext:
    """Read the graph once into a :class:`GraphContext`."""
    context = GraphContext()
    for entity in store.entities():
        context.labels[entity["id"]] = entity["label"]
        context.props[entity["id"]] = entity.get("props") or {}
        if entity["type"] == "Child":
            for name in (entity["label"], (entity.get("props") or {}).get("name")):
                if name and text.fold(name) and text.fold(name) != text.fold(entity["key"]):
                    context.child_names.add(text.fold(name) or "")
    context.documents = {d["id"]: d for d in store.documents()}
    for link in store.links():
        _take(context, link)
    return context


def _take(context: GraphContext, link: dict[str, Any]) -> None:
    source, target = link["source_id"], link["target_id"]
    source_cluster = link.get("source_cluster") or source
    target_cluster = link.get("target_cluster") or target
    for entity, cluster in ((source, source_cluster), (target, target_cluster)):
        context.cluster[entity] = cluster
        context.members[cluster].add(entity)
    kind = link["type"]
    document = link["document_id"]
    if kind == "MENTIONED_IN":
        doc_kind = context.documents.get(document, {}).get("kind", "")
        context.named_in[source_cluster].add((document, link.get("child_id"), doc_kind))
        return
    context.doc_links[document].append(link)
    if type_of(target) == "Location":
        if kind in HOME and type_of(source) in ("Child", "Episode", "Placement"):
            context.homes.add(target_cluster)
        if kind in PRESENCE and link.get("child_id"):
            context.children_at[target_cluster].add(link["child_id"])
    if kind in IDENTIFYING and type_of(source) == "Person":
        context.identifiers[source_cluster].add((kind, target_cluster, target, document))
