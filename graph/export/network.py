"""The graph as a networkx multigraph with provenance on every edge, for GraphML and GEXF.

Attribute values are all strings (through :func:`graph.export.cells.text`), because Gephi
and yEd type a column from its first values and a mixed column breaks their import. Names are
chosen so that neither format's reserved attributes are hit: GEXF treats ``start``/``end`` as
time spans and ``type`` as edge direction, so spans are ``span_start``/``span_end`` and the
relation type is ``relation`` (also the edge ``label``); networkx reserves ``key`` for edge
keys, so an entity's key is ``entity_key``. Entity and link properties are ``prop_<name>``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from graph.export.cells import text
from graph.provenance import Grading
from graph.store import Filters, Store

#: Provenance attributes every edge carries (empty when unknown or ungraded).
EDGE_ATTRIBUTES = ("label", "relation", "link_id", "document_id", "child_id", "span_start",
                   "span_end", "observed_at", "submitted_by", "agency", "source_evaluation",
                   "intelligence_assessment", "handling_code", "grading")
#: Attributes every node carries: its sources are the documents of the exported links that
#: touch it, and the gradings those links have.
NODE_ATTRIBUTES = ("label", "entity_type", "entity_key", "sources", "gradings")


def grading_code(link: dict[str, Any]) -> str:
    """``B2P`` style code of a link's grading, or ``ungraded``."""
    code = Grading(link.get("source_evaluation"), link.get("intelligence_assessment"),
                   link.get("handling_code")).code
    return code or "ungraded"


def selected(store: Store, filters: Filters | None) -> tuple[dict[str, dict[str, Any]],
                                                             list[dict[str, Any]]]:
    """Entities and links to export: with filters, only entities the kept links touch, so
    nothing known only from withheld facts leaves in the file."""
    links = list(store.links(filters))
    entities = {e["id"]: e for e in store.entities()}
    if filters is not None:
        touched = {link["source_id"] for link in links} | {link["target_id"] for link in links}
        entities = {k: v for k, v in entities.items() if k in touched}
    return entities, links


def build(store: Store, filters: Filters | None = None) -> nx.MultiDiGraph:
    """A ``MultiDiGraph``: one node per entity, one keyed edge per link."""
    entities, links = selected(store, filters)
    sources: dict[str, set[str]] = defaultdict(set)
    gradings: dict[str, set[str]] = defaultdict(set)
    for link in links:
        for end in (link["source_id"], link["target_id"]):
            sources[end].add(link["document_id"])
            gradings[end].add(grading_code(link))
    graph = nx.MultiDiGraph()
    for entity_id, entity in entities.items():
        attrs = {"label": text(entity["label"]), "entity_type": text(entity["type"]),
                 "entity_key": text(entity["key"]),
                 "sources": text("; ".join(sorted(sources[entity_id]))),
                 "gradings": text("; ".join(sorted(gradings[entity_id])))}
        attrs.update({f"prop_{k}": text(v) for k, v in sorted(entity["props"].items())})
        graph.add_node(text(entity_id), **attrs)
    for link in links:
        attrs = {"label": link["type"], "relation": link["type"],
                 "link_id": link["id"], "document_id": link["document_id"],
                 "child_id": link["child_id"], "span_start": link["start"],
                 "span_end": link["end"], "observed_at": link["observed_at"],
                 "submitted_by": link["submitted_by"], "agency": link["agency"],
                 "source_evaluation": link["source_evaluation"],
                 "intelligence_assessment": link["intelligence_assessment"],
                 "handling_code": link["handling_code"], "grading": grading_code(link)}
        attrs = {k: text(v) for k, v in attrs.items()}
        attrs.update({f"prop_{k}": text(v) for k, v in sorted(link["props"].items())})
        graph.add_edge(text(link["source_id"]), text(link["target_id"]),
                       key=text(link["id"]), **attrs)
    return graph
