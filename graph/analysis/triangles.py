"""The triangle: a child, a place and an adult of concern linked all three ways, and two
children who share both a place and an adult.

The problem-solving approach looks at the child, the location and the perpetrator together.
A closed triangle is the strongest picture the records can give: the child was at the place,
the child was with (or contacted by, or named alongside) the adult, and the adult is linked to
the place (lives there, was there, or intelligence names them together). Two children who
share a place and an adult, even where nothing yet links the adult to the place, are the
pattern the meeting must not miss.

A function over an evidence graph (:func:`graph.analysis.graphs.evidence_graph`), bounded by
the caller. Child-adult edges count only where the records wrote the person as an adult of
concern (or did not say): an edge resting only on a note that called the same name a peer is
not evidence about the adult.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.analysis.graphs import edge_evidence
from graph.analysis.rows import ADULT_OF_CONCERN, ranked, type_of

#: Roles that make a person's edge count as an edge to an adult (UNKNOWN: not said).
ADULT_EDGE_ROLES = frozenset({ADULT_OF_CONCERN, "UNKNOWN"})
#: Relations from a child that make a place the child's home or placement (context).
HOME_RELATIONS = frozenset({"PLACED_AT", "LIVES_AT"})
#: Relations that only name a place or say a child went missing from it.
NAMED_ONLY = frozenset({"MENTIONED_IN", "MISSING_FROM"})


def _is_adult(graph: nx.Graph, node: str, roles: Iterable[str]) -> bool:
    data = graph.nodes[node]
    if data.get("type", type_of(node)) != "Person":
        return False
    found = data.get("roles")
    if not found and not data.get("role"):
        return True  # a graph built without roles holds adults only (the meeting packs')
    return bool(set(found or [data.get("role")]) & set(roles))


def _adult_edge(graph: nx.Graph, child: str, adult: str) -> bool:
    written = graph.edges[child, adult].get("person_roles")
    return not written or bool(set(written) & ADULT_EDGE_ROLES)


def _is_context(graph: nx.Graph, place: str) -> bool:
    """A child's home or placement, or a place children were only named with or went
    missing from: context, as in :func:`graph.analysis.hotspots.context_of`."""
    if graph.nodes[place].get("context"):
        return True
    linked = []
    for neighbour in graph.neighbors(place):
        if type_of(neighbour) == "Child":
            data = graph.edges[place, neighbour]
            linked.append(set(data.get("relations") or data.get("types") or ()))
    if any(relations & HOME_RELATIONS for relations in linked):
        return True
    return bool(linked) and all(relations <= NAMED_ONLY for relations in linked)


def find_triangles(graph: nx.Graph, *, roles: Iterable[str] = (ADULT_OF_CONCERN,),
                   min_children: int = 1) -> list[dict[str, Any]]:
    """Child-place-adult triangles, one row per (place, adult), most children first.

    A row is ``closed`` when the adult and the place are linked (each child in ``children``
    closes a triangle) and ``shared`` when they are not but two or more children are linked
    to both. Places that are only homes, placements or where children went missing from
    are context and make no triangle.

    Parameters
    ----------
    graph : an evidence graph; nodes with ``type`` (and ``roles`` for persons, ``context``
        for places to skip), edges with ``relations`` (or ``types``) and ``documents``.
    roles : person roles that make an adult (default: adults of concern).
    min_children : fewest children for a closed row (shared rows need two).

    Returns
    -------
    Rows with ``rank``, ``kind``, ``location_id``, ``location``, ``adult_id``, ``adult``,
    ``children`` (child ids, as the meeting packs show them), ``child_count``,
    ``documents`` (ids behind every edge of the rows' triangles) and ``evidence``
    (``child_place``, ``child_adult`` per child, and ``adult_place``).

    Examples
    --------
    >>> g = nx.Graph()
    >>> for a, b, rel, doc in [("Child:C1", "Location:flat", "AT", "n1"),
    ...                        ("Child:C1", "Person:dean", "WITH", "n1"),
    ...                        ("Child:C2", "Location:flat", "AT", "n2"),
    ...                        ("Child:C2", "Person:dean", "WITH", "n2"),
    ...                        ("Person:dean", "Location:flat", "LIVES_AT", "isf1")]:
    ...     g.add_edge(a, b, relations={rel}, documents={doc})
    >>> for n in g:
    ...     g.nodes[n]["type"] = n.split(":")[0]
    >>> g.nodes["Person:dean"]["roles"] = ["ADULT_OF_CONCERN"]
    >>> [(r["kind"], r["location_id"], r["adult_id"], r["children"], r["documents"])
    ...  for r in find_triangles(g)]
    [('closed', 'Location:flat', 'Person:dean', ['C1', 'C2'], ['isf1', 'n1', 'n2'])]
    """
    roles = tuple(roles)
    rows = []
    adults = [n for n in graph.nodes if _is_adult(graph, n, roles)]
    for adult in sorted(adults):
        kids = {n for n in graph.neighbors(adult)
                if type_of(n) == "Child" and _adult_edge(graph, n, adult)}
        if not kids:
            continue
        places = {p for kid in kids for p in graph.neighbors(kid)
                  if type_of(p) == "Location"} | {p for p in graph.neighbors(adult)
                                                  if type_of(p) == "Location"}
        for place in sorted(places):
            if _is_context(graph, place):
                continue
            shared = sorted(k for k in kids if graph.has_edge(k, place))
            closed = graph.has_edge(adult, place)
            if len(shared) < (min_children if closed else 2):
                continue
            evidence = {
                "child_place": {k.split(":", 1)[1]: edge_evidence(graph, k, place)
                                for k in shared},
                "child_adult": {k.split(":", 1)[1]: edge_evidence(graph, k, adult)
                                for k in shared},
                "adult_place": edge_evidence(graph, adult, place) if closed else None,
            }
            documents = {d for part in ("child_place", "child_adult")
                         for item in evidence[part].values() for d in item["documents"]}
            if closed:
                documents |= set(evidence["adult_place"]["documents"])
            rows.append({
                "kind": "closed" if closed else "shared",
                "location_id": place, "location": graph.nodes[place].get("label", place),
                "adult_id": adult, "adult": graph.nodes[adult].get("label", adult),
                "children": [k.split(":", 1)[1] for k in shared],
                "child_count": len(shared), "documents": sorted(documents),
                "evidence": evidence,
            })
    return ranked(rows, key=lambda r: (-r["child_count"], r["kind"] != "closed",
                                       -len(r["documents"]), r["location"], r["adult"]))
