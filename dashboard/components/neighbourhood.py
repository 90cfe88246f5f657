"""The bounded network behind the hotspot picture: top locations and their direct neighbours.

A pure function over plain rows (ranked hotspots, link dicts, entity dicts) so that it can be
tested without Streamlit or a store and could move to ``graph.analysis`` unchanged.

Why "direct neighbours only": the meeting asks *who is linked to this place*, and a two-hop
neighbourhood of a busy address pulls in half the county. Documents and missing episodes are
how a child reaches a place in the records (a note mentions the street; an episode ended
there), so those hops are folded into a child-place edge instead of being drawn as nodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

#: Entity types that stand between a child and a place in the records; a link through one of
#: them is drawn as an edge from the link's child to the place.
BRIDGING_TYPES = frozenset({"Document", "Episode"})

#: How each relation reads in a tooltip ("linked by: at, found at").
RELATION_WORDS: Mapping[str, str] = {
    "AT": "at",
    "WITH": "with",
    "TRANSPORTED_BY": "transported by",
    "CONTACTED_BY": "contacted by",
    "USES": "uses",
    "LIVES_AT": "lives at",
    "ASSOCIATE_OF": "associate of",
    "MISSING_EPISODE": "missing episode",
    "MISSING_FROM": "missing from",
    "FOUND_AT": "found at",
    "PLACED_AT": "placed at",
    "MENTIONED_IN": "mentioned",
}


def _type_of(entity_id: str) -> str:
    """The entity type of a ``"<Type>:<key>"`` id."""
    return entity_id.split(":", 1)[0]


def hotspot_graph(hotspots: Sequence[Mapping[str, Any]], links: Iterable[Mapping[str, Any]],
                  entities: Iterable[Mapping[str, Any]]) -> nx.Graph:
    """Build the network of the given hotspot locations and what links to them directly.

    Parameters
    ----------
    hotspots : ranked rows from :func:`graph.analysis.hotspots.rank_hotspots`, already cut to
        the locations to draw (``location_id``, ``label``, ``rank``, ``children``, ...).
    links : link rows as ``Store.links`` yields them (``type``, ``source_id``, ``target_id``,
        ``child_id``, ``document_id``, ``observed_at``); read once, only links touching a hotspot
        are kept.
    entities : entity rows (``id``, ``type``, ``key``, ``label``) used for labels.

    Returns
    -------
    An undirected graph. Nodes are entity ids with ``type`` and ``label`` (locations also
    ``rank``, ``children``, ``episodes``, ``mentions``, ``found_at``, ``variants``); edges
    carry ``relations`` (sorted relation types), ``documents`` (the records that support the
    edge), ``count`` (how many) and ``first_seen``/``last_seen``.

    Examples
    --------
    >>> spots = [{"location_id": "Location:a", "label": "A Street", "rank": 1, "children": 1}]
    >>> links = [
    ...     {"type": "MENTIONED_IN", "source_id": "Location:a", "target_id": "Document:d",
    ...      "child_id": "C1", "document_id": "d", "observed_at": "2026-01-02"},
    ...     {"type": "AT", "source_id": "Person:x", "target_id": "Location:a",
    ...      "child_id": "C1", "document_id": "d", "observed_at": "2026-01-02"},
    ...     {"type": "AT", "source_id": "Person:x", "target_id": "Location:far",
    ...      "child_id": "C1", "document_id": "d", "observed_at": "2026-01-02"},
    ... ]
    >>> g = hotspot_graph(spots, links, [{"id": "Child:C1", "label": "Amy"}])
    >>> sorted(g.nodes)
    ['Child:C1', 'Location:a', 'Person:x']
    >>> edge = g.edges["Child:C1", "Location:a"]
    >>> edge["relations"], edge["count"]
    (['AT', 'MENTIONED_IN'], 1)
    """
    graph = nx.Graph()
    places = {row["location_id"]: row for row in hotspots}
    for location_id, row in places.items():
        graph.add_node(location_id, type="Location", label=row.get("label") or location_id,
                       **{k: row.get(k) for k in ("rank", "children", "episodes", "mentions",
                                                  "found_at")},
                       variants=list(row.get("variants") or ()))

    for link in links:
        source, target = link["source_id"], link["target_id"]
        if source in places:
            place, other = source, target
        elif target in places:
            place, other = target, source
        else:
            continue
        child = f"Child:{link['child_id']}" if link.get("child_id") else None
        neighbours = {child} if child else set()
        if _type_of(other) not in BRIDGING_TYPES and other != place:
            neighbours.add(other)
        for neighbour in neighbours:
            _add_support(graph, place, neighbour, link)

    labels = {e["id"]: e.get("label") for e in entities if e["id"] in graph}
    for node, attrs in graph.nodes(data=True):
        attrs.setdefault("type", _type_of(node))
        attrs.setdefault("label", labels.get(node) or node.split(":", 1)[-1])
    return graph


def _add_support(graph: nx.Graph, place: str, neighbour: str, link: Mapping[str, Any]) -> None:
    """Count one link as support for the place-neighbour edge.

    Support is counted in documents, not links: one note saying the child was at the street
    and mentioning it is one record, and "three separate records put her there" is what the
    meeting weighs.
    """
    if neighbour not in graph:
        graph.add_node(neighbour)
    seen = link.get("observed_at")
    document = link.get("document_id") or f"link:{link.get('id')}"
    if not graph.has_edge(place, neighbour):
        graph.add_edge(place, neighbour, relations=[], documents=[], count=0,
                       first_seen=None, last_seen=None)
    edge = graph.edges[place, neighbour]
    edge["relations"] = sorted(set(edge["relations"]) | {link["type"]})
    edge["documents"] = sorted(set(edge["documents"]) | {document})
    edge["count"] = len(edge["documents"])
    if seen:
        edge["first_seen"] = min(filter(None, (edge["first_seen"], seen)))
        edge["last_seen"] = max(filter(None, (edge["last_seen"], seen)))
