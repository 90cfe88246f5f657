"""Communities and brokers: groups of children, adults, places and identifiers that the
records tie together, and the few entities that bridge groups.

A network of exploitation shows up as a dense cluster: the same adults, car, phone and flat
around a handful of children. Community detection (Louvain modularity, seeded so a meeting
sees the same groups twice) finds the clusters; betweenness centrality finds the brokers, the
adult or the car that connects one group of children to another, which is often the person to
disrupt.

Functions over a bounded evidence graph (:func:`graph.analysis.graphs.evidence_graph`).
Professionals, organisations and placement addresses join everything to everything and are
left out by the caller (:func:`graph.analysis.graphs.without`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.analysis.rows import ADULT_OF_CONCERN, ranked, type_of

#: Above this many nodes betweenness is estimated from a seeded sample of sources.
EXACT_BETWEENNESS_NODES = 600


def _members(graph: nx.Graph, nodes: set[str], kind: str) -> list[dict[str, Any]]:
    return [{"entity_id": n, "label": graph.nodes[n].get("label", n)}
            for n in sorted(nodes) if graph.nodes[n].get("type", type_of(n)) == kind]


def betweenness(graph: nx.Graph, *, seed: int = 0) -> dict[str, float]:
    """Betweenness centrality, exact on small graphs and sampled (seeded) on larger ones.

    >>> b = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> max(b, key=b.get)
    'b'
    """
    if graph.number_of_nodes() == 0:
        return {}
    sample = None
    if graph.number_of_nodes() > EXACT_BETWEENNESS_NODES:
        sample = EXACT_BETWEENNESS_NODES
    return nx.betweenness_centrality(graph, k=sample, seed=seed, normalized=True)


def find_communities(graph: nx.Graph, *, seed: int = 0, resolution: float = 1.0,
                     min_children: int = 2,
                     centrality: Mapping[str, float] | None = None) -> list[dict[str, Any]]:
    """Louvain communities with two or more children, most children first, then most
    adults of concern, then most places and identifiers.

    Parameters
    ----------
    graph : a bounded evidence graph (nodes with ``type``, ``label``, ``role``; edges with
        ``weight``).
    seed : random seed for Louvain (the same seed gives the same communities).
    resolution : Louvain resolution; above 1 gives smaller communities.
    min_children : fewest children a community needs to be listed.
    centrality : precomputed betweenness (default: computed here).

    Returns
    -------
    Rows with ``rank``, ``community`` (a stable id: its most central member), ``size``,
    ``children`` (count), ``children_linked``, ``adults``, ``places``, ``identifiers``,
    ``others``, ``brokers`` (the three most central members that are not children),
    ``density`` and ``entity_id``/``label`` (the most central member).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edges_from([("Child:C1", "Person:dean"), ("Child:C2", "Person:dean"),
    ...                   ("Child:C1", "Location:flat"), ("Child:C2", "Location:flat"),
    ...                   ("Child:C3", "Location:park"), ("Child:C4", "Location:park")])
    >>> for n in g:
    ...     g.nodes[n].update(type=n.split(":")[0], label=n.split(":")[1])
    >>> [(r["rank"], r["children"], [a["label"] for a in r["adults"]])
    ...  for r in find_communities(g)]
    [(1, 2, ['dean']), (2, 2, [])]
    """
    if graph.number_of_nodes() == 0:
        return []
    central = dict(centrality) if centrality is not None else betweenness(graph, seed=seed)
    groups = nx.community.louvain_communities(graph, weight="weight", seed=seed,
                                              resolution=resolution)
    rows = []
    for group in groups:
        nodes = set(group)
        kids = [n for n in nodes if type_of(n) == "Child"]
        if len(kids) < min_children:
            continue
        by_centrality = sorted(nodes, key=lambda n: (-central.get(n, 0.0), n))
        adults = [m for m in _members(graph, nodes, "Person")
                  if graph.nodes[m["entity_id"]].get("role") in (ADULT_OF_CONCERN, None)]
        people = _members(graph, nodes, "Person")
        identifiers = [m for kind in ("Vehicle", "Phone", "OnlineAccount")
                       for m in _members(graph, nodes, kind)]
        head = next((n for n in by_centrality if type_of(n) != "Child"), by_centrality[0])
        rows.append({
            "community": head, "entity_id": head,
            "label": graph.nodes[head].get("label", head), "size": len(nodes),
            "children": len(kids),
            "children_linked": [{"child_id": k.split(":", 1)[1],
                                 "name": graph.nodes[k].get("name")} for k in sorted(kids)],
            "adults": adults,
            "others": [p for p in people if p not in adults],
            "places": _members(graph, nodes, "Location"),
            "identifiers": identifiers,
            "brokers": [{"entity_id": n, "label": graph.nodes[n].get("label", n),
                         "betweenness": round(central.get(n, 0.0), 4)}
                        for n in by_centrality if type_of(n) != "Child"][:3],
            "density": round(nx.density(graph.subgraph(nodes)), 3),
        })
    return ranked(rows, key=lambda r: (-r["children"], -len(r["adults"]),
                                       -(len(r["places"]) + len(r["identifiers"])),
                                       r["community"]))


def find_brokers(graph: nx.Graph, *, seed: int = 0, top: int = 25,
                 centrality: Mapping[str, float] | None = None,
                 communities: list[set[str]] | None = None) -> list[dict[str, Any]]:
    """Entities (not children) by betweenness: the ones most paths between others run
    through, with how many communities their neighbours belong to.

    Examples
    --------
    >>> g = nx.Graph([("Child:C1", "Person:dean"), ("Person:dean", "Child:C2"),
    ...               ("Child:C2", "Vehicle:MK15XRT")])
    >>> for n in g:
    ...     g.nodes[n].update(type=n.split(":")[0], label=n.split(":")[1])
    >>> [(r["rank"], r["entity_id"]) for r in find_brokers(g, top=1)]
    [(1, 'Person:dean')]
    """
    central = dict(centrality) if centrality is not None else betweenness(graph, seed=seed)
    if communities is None and graph.number_of_nodes():
        communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    member_of = {n: i for i, group in enumerate(communities or []) for n in group}
    rows = []
    for node, value in central.items():
        if type_of(node) == "Child" or value <= 0:
            continue
        around = {member_of.get(n) for n in graph.neighbors(node)} - {None}
        kids = sorted(n for n in graph.neighbors(node) if type_of(n) == "Child")
        rows.append({
            "entity_id": node, "label": graph.nodes[node].get("label", node),
            "type": graph.nodes[node].get("type", type_of(node)),
            "role": graph.nodes[node].get("role"), "betweenness": round(value, 4),
            "communities_bridged": len(around), "degree": graph.degree(node),
            "children": len(kids),
            "children_linked": [{"child_id": k.split(":", 1)[1],
                                 "name": graph.nodes[k].get("name")} for k in kids],
        })
    return ranked(rows, key=lambda r: (-r["betweenness"], -r["communities_bridged"],
                                       r["entity_id"]))[:top]
