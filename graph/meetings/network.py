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


def bounded_graph(links: Iterable[Mapping[str, Any]], labels: Mapping[str, str],
                  focus: Sequence[str], max_nodes: int = 40) -> nx.Graph:
    """The focus entities, the children linked to them and the links among them.

    ``labels`` maps entity id to display label; ``focus`` lists entity ids, most
    significant first. Nodes carry ``type`` and ``label``; edges ``types`` and ``weight``.
    """
    full = nx.Graph()
    for link in links:
        if link["type"] in SKIPPED_LINKS:
            continue
        source, target = _endpoint(link["source_id"], link), _endpoint(link["target_id"], link)
        kinds = {source.split(":", 1)[0], target.split(":", 1)[0]}
        if source == target or not kinds <= DRAWN_TYPES:
            continue
        if full.has_edge(source, target):
            full[source][target]["weight"] += 1
            full[source][target]["types"].add(link["type"])
        else:
            full.add_edge(source, target, weight=1, types={link["type"]})
    keep: list[str] = []
    for entity in focus:
        if len(keep) >= max_nodes:
            break
        if entity not in full or entity in keep:
            continue
        keep.append(entity)
        for neighbour in sorted(full.neighbors(entity)):
            if (neighbour.startswith("Child:") and neighbour not in keep
                    and len(keep) < max_nodes):
                keep.append(neighbour)
    graph = nx.Graph(full.subgraph(keep))
    for node in graph.nodes:
        type_name, _, key = node.partition(":")
        label = key if type_name == "Child" else labels.get(node, key)
        graph.nodes[node].update(type=type_name, label=_short(label))
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
