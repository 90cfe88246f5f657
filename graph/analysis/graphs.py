"""Bounded networkx graphs built from link rows, with the documents behind every edge.

Why fold: in the store a child reaches a place through an episode (child -> episode -> place)
and a thing through a document that names it (thing -> document, about a child). Drawn as
nodes, episodes and documents would make every path two hops longer and every triangle a
pentagon. So an episode's places attach to its child, and whatever a record about a child
names attaches to that child; the link type, document, child and date stay on the edge.

The caller bounds the graph by what it reads (a window, an ego network, the top-N);
nothing here reads a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

import networkx as nx

from graph.analysis.rows import ROLE_ORDER, type_of

#: Types that stand between a child and what is linked, and are folded away.
FOLDED_TYPES = frozenset({"Episode", "Document", "Placement"})
#: Links that say nothing about who or what a child is linked to.
SKIPPED_LINKS = frozenset({"MISSING_EPISODE"})
#: The relation written on an edge for "named in a record about the child".
NAMED = "MENTIONED_IN"
#: The relation written on an edge for "named together in one information-sharing form".
NAMED_TOGETHER = "NAMED_TOGETHER"


def end(link: Mapping[str, Any], side: str) -> str:
    """A link's ``source`` or ``target`` end as resolved (its ``*_cluster`` when the store
    gave one, issue 5), else as written.

    >>> end({"source_id": "Person:deano", "source_cluster": "Person:dean ashworth"}, "source")
    'Person:dean ashworth'
    >>> end({"target_id": "Location:flat"}, "target")
    'Location:flat'
    """
    return link.get(f"{side}_cluster") or link[f"{side}_id"]


def _ends(link: Mapping[str, Any]) -> tuple[str, str] | None:
    """The two entities a link joins once episodes and documents are folded, or ``None``."""
    source, target, child = end(link, "source"), end(link, "target"), link.get("child_id")
    if link["type"] in SKIPPED_LINKS:
        return None
    if type_of(source) == "Episode" and child:
        source = f"Child:{child}"
    if type_of(target) in ("Document", "Episode") and child:
        target = f"Child:{child}"
    if source == target or {type_of(source), type_of(target)} & FOLDED_TYPES:
        return None
    return source, target


def _add(graph: nx.Graph, a: str, b: str, relation: str, link: Mapping[str, Any],
         roles: set[str]) -> None:
    when = link.get("observed_at")
    if graph.has_edge(a, b):
        edge = graph.edges[a, b]
    else:
        graph.add_edge(a, b, relations=set(), documents=set(), children=set(),
                       person_roles=set(), first_seen=when, last_seen=when, weight=0)
        edge = graph.edges[a, b]
    edge["relations"].add(relation)
    if link.get("document_id") and link["document_id"] not in edge["documents"]:
        edge["documents"].add(link["document_id"])
        edge["weight"] = len(edge["documents"])
    if link.get("child_id"):
        edge["children"].add(link["child_id"])
    edge["person_roles"] |= roles
    if when:
        edge["first_seen"] = min(filter(None, (edge["first_seen"], when)))
        edge["last_seen"] = max(filter(None, (edge["last_seen"], when)))


def evidence_graph(links: Iterable[Mapping[str, Any]], *,
                   labels: Mapping[str, str] | None = None,
                   roles: Mapping[str, Iterable[str]] | None = None,
                   document_roles: Mapping[tuple[str, str], Iterable[str]] | None = None,
                   co_mention_documents: Iterable[str] = ()) -> nx.Graph:
    """An undirected graph of entities, one edge per linked pair, with its evidence.

    Parameters
    ----------
    links : link rows as ``Store.links`` / ``Store.neighbourhood`` give them; an end's
        ``source_cluster`` / ``target_cluster`` (entity resolution) is the node when given.
    labels : entity id to display label (default: the key).
    roles : person id to every role its mentions carry; nodes get ``roles`` and ``role``
        (the most serious, adults of concern first).
    document_roles : (person id, document id) to the roles that document gave the person;
        an edge to a person records them in ``person_roles``, so a later step can tell the
        peer "Jamie" of one note from the adult "Jamie" of another.
    co_mention_documents : documents (information-sharing forms) whose named entities are
        joined pairwise by a ``NAMED_TOGETHER`` edge: intelligence that names an adult and an
        address together links them.

    Returns
    -------
    ``nx.Graph``. Nodes: ``type``, ``label`` (and ``roles``/``role`` for persons). Edges:
    ``relations`` (set of link types, ``MENTIONED_IN`` meaning "named in a record about the
    child"), ``documents``, ``children``, ``person_roles``, ``first_seen``, ``last_seen``,
    ``weight`` (number of documents).

    Examples
    --------
    >>> links = [
    ...     {"type": "FOUND_AT", "source_id": "Episode:E1", "target_id": "Location:park",
    ...      "child_id": "C1", "document_id": "episodes.csv", "observed_at": "2026-01-02"},
    ...     {"type": "MENTIONED_IN", "source_id": "Person:tee", "target_id": "Document:n1",
    ...      "child_id": "C1", "document_id": "n1", "observed_at": "2026-01-03"},
    ... ]
    >>> g = evidence_graph(links)
    >>> sorted(g.edges)
    [('Child:C1', 'Location:park'), ('Child:C1', 'Person:tee')]
    >>> sorted(g.edges["Child:C1", "Location:park"]["relations"])
    ['FOUND_AT']
    """
    graph = nx.Graph()
    document_roles = document_roles or {}
    together = set(co_mention_documents)
    named: dict[str, dict[str, Mapping[str, Any]]] = {}
    for link in links:
        if (link["type"] == NAMED and link.get("document_id") in together
                and type_of(link["source_id"]) not in FOLDED_TYPES | {"Child"}):
            named.setdefault(link["document_id"], {})[end(link, "source")] = link
        ends = _ends(link)
        if ends is None:
            continue
        a, b = ends
        document = link.get("document_id")
        person_roles = set()
        for node in (a, b):
            if type_of(node) == "Person":
                person_roles |= set(document_roles.get((node, document), ()))
        _add(graph, a, b, link["type"], link, person_roles)
    for document, members in named.items():
        for (a, link), (b, _) in combinations(sorted(members.items()), 2):
            roles_here = set()
            for node in (a, b):
                if type_of(node) == "Person":
                    roles_here |= set(document_roles.get((node, document), ()))
            _add(graph, a, b, NAMED_TOGETHER, link, roles_here)
    labels = labels or {}
    roles = roles or {}
    for node in graph.nodes:
        data = graph.nodes[node]
        data["type"] = type_of(node)
        data["label"] = labels.get(node) or node.split(":", 1)[-1]
        if data["type"] == "Person":
            found = sorted(set(roles.get(node, ())))
            data["roles"] = found
            data["role"] = next((r for r in ROLE_ORDER if r in found),
                                "PROFESSIONAL" if "PROFESSIONAL" in found else "UNKNOWN")
    return graph


def edge_evidence(graph: nx.Graph, a: str, b: str) -> dict[str, Any]:
    """An edge's evidence as plain data (sorted lists), for rows and JSON.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", relations={"AT"}, documents={"d2", "d1"}, children={"C1"},
    ...            first_seen="2026-01-01", last_seen="2026-01-09")
    >>> edge_evidence(g, "a", "b")["documents"]
    ['d1', 'd2']
    """
    data = graph.edges[a, b]
    relations = data.get("relations") or data.get("types") or ()
    return {"relations": sorted(relations), "documents": sorted(data.get("documents") or ()),
            "children": sorted(data.get("children") or ()),
            "person_roles": sorted(data.get("person_roles") or ()),
            "first_seen": data.get("first_seen"), "last_seen": data.get("last_seen")}


def without(graph: nx.Graph, *, types: Iterable[str] = (),
            roles: Iterable[str] = ()) -> nx.Graph:
    """A view of ``graph`` without nodes of ``types`` or persons of only ``roles``.

    >>> g = nx.Graph([("Child:C1", "Person:sw"), ("Child:C1", "Organisation:gmp")])
    >>> g.nodes["Person:sw"].update(type="Person", roles=["PROFESSIONAL"])
    >>> g.nodes["Organisation:gmp"].update(type="Organisation")
    >>> g.nodes["Child:C1"].update(type="Child")
    >>> sorted(without(g, types=["Organisation"], roles=["PROFESSIONAL"]).nodes)
    ['Child:C1']
    """
    types, roles = set(types), set(roles)

    def keep(node: str) -> bool:
        data = graph.nodes[node]
        if data.get("type", type_of(node)) in types:
            return False
        found = set(data.get("roles") or ())
        return not (found and roles and found <= roles | {"UNKNOWN"} and found & roles)

    return nx.subgraph_view(graph, filter_node=keep)
