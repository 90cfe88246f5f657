"""The network picture of the CSE mapping pack: a bounded graph, laid out once.

Why bounded: a picture on a printed page can show a few dozen things, not the whole graph.
The graph holds the period's top places, adults of concern and identifiers (in the order
given, most significant first), the children linked to them, and the links among those only,
capped at ``max_nodes``. Episodes are folded into their child, so "found at" reads as a link
from the child to the place, and a thing named in a note or form about a child links to that
child. Children are labelled by reference, never by name.

The layout (networkx spring layout with a fixed seed) is computed here so that the HTML, the
PDF and the JSON show the same picture; :mod:`graph.report.svg` draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

DRAWN_TYPES = frozenset({"Child", "Person", "Location", "Vehicle", "Phone", "OnlineAccount"})
SKIPPED_LINKS = frozenset({"MISSING_EPISODE", "PLACED_AT"})
MAX_LABEL = 28


def _endpoint(entity_id: str, link: Mapping[str, Any]) -> str:
    """Episodes and documents stand for their child: an episode's places, and whatever a
    note or form about a child names, attach to that child."""
    if entity_id.startswith(("Episode:", "Document:")) and link.get("child_id"):
        return f"Child:{link['child_id']}"
    return entity_id


def _ends(link: Mapping[str, Any]) -> tuple[str, str] | None:
    """The two nodes a link joins, or ``None`` when it is not drawn. An end is its resolved
    cluster (``source_cluster`` / ``target_cluster``) when the row gives one, as the focus
    ids are cluster ids."""
    if link["type"] in SKIPPED_LINKS:
        return None
    source = _endpoint(link.get("source_cluster") or link["source_id"], link)
    target = _endpoint(link.get("target_cluster") or link["target_id"], link)
    kinds = {source.split(":", 1)[0], target.split(":", 1)[0]}
    if source == target or not kinds <= DRAWN_TYPES:
        return None
    return source, target


def kept_nodes(links: Iterable[Mapping[str, Any]], focus: Sequence[str],
               max_nodes: int = 40) -> list[str]:
    """The nodes :func:`bounded_graph` draws: each focus entity with a drawn link, followed
    by the children linked to it (sorted), until ``max_nodes``. Only the links touching a
    focus entity decide this, so a store can be asked for that neighbourhood alone."""
    neighbours: dict[str, set[str]] = {}
    for link in links:
        ends = _ends(link)
        if ends is not None:
            a, b = ends
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    keep: list[str] = []
    for entity in focus:
        if len(keep) >= max_nodes:
            break
        if entity not in neighbours or entity in keep:
            continue
        keep.append(entity)
        for neighbour in sorted(neighbours[entity]):
            if (neighbour.startswith("Child:") and neighbour not in keep
                    and len(keep) < max_nodes):
                keep.append(neighbour)
    return keep


def bounded_graph(links: Iterable[Mapping[str, Any]], labels: Mapping[str, str],
                  focus: Sequence[str], max_nodes: int = 40) -> nx.Graph:
    """The focus entities, the children linked to them and the links among them.

    ``links`` must hold every link touching a focus entity or a child drawn (more is
    fine: the links of the whole period); ``labels`` maps entity id to display label;
    ``focus`` lists (cluster) entity ids, most significant first. Nodes carry ``type`` and
    ``label``; edges ``types`` and ``weight`` (links, each counted once by ``id``). Nodes and
    edges are added in sorted order, so the layout depends on the picture alone, not on
    how many other links were read.

    >>> links = [{"id": 1, "type": "AT", "source_id": "Child:C1", "target_id": "Location:x",
    ...           "child_id": "C1"},
    ...          {"id": 2, "type": "AT", "source_id": "Child:C2", "target_id": "Location:y",
    ...           "child_id": "C2"}]
    >>> sorted(bounded_graph(links, {}, ["Location:x"]).nodes)
    ['Child:C1', 'Location:x']
    """
    rows = list(links)
    keep = kept_nodes(rows, focus, max_nodes)
    kept = set(keep)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    seen: set[Any] = set()
    for link in rows:
        if link.get("id") is not None:
            if link["id"] in seen:
                continue
            seen.add(link["id"])
        ends = _ends(link)
        if ends is None or not set(ends) <= kept:
            continue
        edge = edges.setdefault((min(ends), max(ends)), {"weight": 0, "types": set()})
        edge["weight"] += 1
        edge["types"].add(link["type"])
    graph = nx.Graph()
    for node in sorted(kept):
        type_name, _, key = node.partition(":")
        label = key if type_name == "Child" else labels.get(node, key)
        graph.add_node(node, type=type_name, label=_short(label))
    for (a, b), data in sorted(edges.items()):
        graph.add_edge(a, b, **data)
    return graph


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, Any]:
    """Nodes with positions in [0, 1] and edges, as plain data for the renderers."""
    if graph.number_of_nodes() == 0:
        return {"nodes": [], "edges": []}
    spacing = 2.5 / max(1, graph.number_of_nodes()) ** 0.5
    positions = nx.spring_layout(graph, seed=seed, k=spacing, iterations=200)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    nodes = [
        {"id": node, "type": data["type"], "label": data["label"],
         "x": round(float((positions[node][0] - min(xs)) / span_x), 4),
         "y": round(float((positions[node][1] - min(ys)) / span_y), 4)}
        for node, data in sorted(graph.nodes(data=True))
    ]
    edges = [
        {"source": a, "target": b, "types": sorted(data["types"]), "weight": data["weight"]}
        for a, b, data in sorted(graph.edges(data=True))
    ]
    return {"nodes": nodes, "edges": edges}
