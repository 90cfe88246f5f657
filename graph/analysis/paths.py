"""How two entities are connected, with the document behind every hop.

"Is the man Chloe calls Tee connected to the flat on Moss Lane?" The answer is a chain of
links, and a chain is only as good as its weakest hop, so every hop names the records it
rests on. A and B are found by what a user types: an id, a key (a plate, a number), a name,
an alias as written, or something close to one (rapidfuzz), because analysts type what they
remember and notes are misspelt.

Pure functions: :func:`lookup` over the store's ``names`` rows, :func:`evidence_path` over an
evidence graph, and :func:`search_outward`, which grows that graph outward from A and B
through a read the caller gives (bounded by hops and by never crossing hubs: a path through
the episodes file or the police force says nothing), for the link explorer and
``rhigraph analyse path`` alike.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process

from graph.analysis.graphs import edge_evidence
from graph.analysis.rows import type_of
from graph.exc import InvalidValue
from graph.types import handle, phone, text, vrm

#: Lowest rapidfuzz score (0-100) a fuzzy candidate needs.
FUZZY_CUTOFF = 80.0
#: When names match equally, prefer the kinds of thing a path question is usually about.
TYPE_PREFERENCE = ("Person", "Child", "Location", "Vehicle", "Phone", "OnlineAccount",
                   "Organisation")


def cleaned_keys(query: str) -> list[str]:
    """Entity ids the query would have as a key once cleaned: a phone, plate or handle.

    >>> cleaned_keys("07700 900123")
    ['Phone:+447700900123']
    >>> cleaned_keys("MK15 XRT")
    ['Vehicle:MK15XRT']
    """
    found = []
    for type_name, cleaner in (("Phone", phone.clean),
                               ("Vehicle", lambda v: vrm.clean(v, allow_partial=True)),
                               ("OnlineAccount", handle.clean)):
        try:
            found.append(f"{type_name}:{cleaner(query)}")
        except (InvalidValue, ValueError):
            continue
    return found


def _preference(type_name: str) -> int:
    return TYPE_PREFERENCE.index(type_name) if type_name in TYPE_PREFERENCE else 99


def lookup(query: str, names: Iterable[Mapping[str, Any]], *, limit: int = 5,
           cutoff: float = FUZZY_CUTOFF) -> list[dict[str, Any]]:
    """Entities the query may mean, best first: an exact id, then a cleaned key (phone,
    plate, handle), then an exact name or alias (case and spacing folded), then fuzzy
    matches scoring at least ``cutoff``.

    Parameters
    ----------
    query : what the user typed.
    names : rows ``entity_id``, ``type``, ``name`` (``Store.names``).

    Returns
    -------
    Up to ``limit`` rows ``entity_id``, ``type``, ``name`` (the name matched), ``score``
    (100 for exact; 99 for an exact alias of an entity keyed otherwise) and ``how`` (``id``,
    ``key``, ``name`` or ``fuzzy``).

    Examples
    --------
    >>> names = [{"entity_id": "Person:dean ashworth", "type": "Person",
    ...           "name": "Dean Ashworth"},
    ...          {"entity_id": "Person:dean ashworth", "type": "Person", "name": "Deano"},
    ...          {"entity_id": "Phone:+447700900123", "type": "Phone",
    ...           "name": "07700 900123"}]
    >>> [(m["entity_id"], m["how"]) for m in lookup("deano", names)]
    [('Person:dean ashworth', 'name')]
    >>> lookup("07700900123", names)[0]["how"]
    'key'
    >>> lookup("Dean Ashwoth", names)[0]["entity_id"]
    'Person:dean ashworth'
    """
    rows = list(names)
    ids = {r["entity_id"]: r["type"] for r in rows}
    wanted = (text.fold(query) or "").strip()
    found: dict[str, dict[str, Any]] = {}

    def add(entity: str, name: str, score: float, how: str) -> None:
        if entity not in found or found[entity]["score"] < score:
            found[entity] = {"entity_id": entity, "type": ids.get(entity, type_of(entity)),
                             "name": name, "score": round(score, 1), "how": how}

    if query in ids:
        add(query, query, 100.0, "id")
    for key in cleaned_keys(query):
        if key in ids:
            add(key, query, 100.0, "key")
    if not found:
        for row in rows:
            if (text.fold(row["name"]) or "") == wanted:
                # The entity's own key beats another entity's alias written the same way.
                own = (text.fold(row["entity_id"].split(":", 1)[-1]) or "") == wanted
                add(row["entity_id"], row["name"], 100.0 if own else 99.0, "name")
    if not found and wanted:
        choices = [text.fold(r["name"]) or "" for r in rows]
        for _, score, index in process.extract(wanted, choices, scorer=fuzz.WRatio,
                                               limit=limit * 10, score_cutoff=cutoff):
            add(rows[index]["entity_id"], rows[index]["name"], score, "fuzzy")
    ordered = sorted(found.values(), key=lambda m: (-m["score"], _preference(m["type"]),
                                                    m["entity_id"]))
    return ordered[:limit]


def _cost(graph: nx.Graph, a: str, b: str) -> float:
    # Fewest hops first; among paths as short, the one whose hops rest on more records.
    return 1.0 + 0.5 / (1 + len(graph.edges[a, b].get("documents") or ()))


def evidence_path(graph: nx.Graph, source: str, target: str) -> list[dict[str, Any]]:
    """The shortest path from ``source`` to ``target`` as one row per hop, each with the
    relations and the documents behind it; ``[]`` when they are not connected.

    Among paths with the fewest hops, the one whose hops rest on more records wins.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("Person:tee", "Child:C1", relations={"WITH"}, documents={"n1"})
    >>> g.add_edge("Child:C1", "Location:flat", relations={"AT"}, documents={"n1", "n2"})
    >>> [(r["hop"], r["from_id"], r["entity_id"], r["documents"])
    ...  for r in evidence_path(g, "Person:tee", "Location:flat")]
    [(1, 'Person:tee', 'Child:C1', ['n1']), (2, 'Child:C1', 'Location:flat', ['n1', 'n2'])]
    """
    if source not in graph or target not in graph:
        return []
    try:
        nodes = nx.shortest_path(graph, source, target, weight=lambda a, b, _: _cost(graph,
                                                                                     a, b))
    except nx.NetworkXNoPath:
        return []
    return hops(graph, nodes)


#: Roles that say who a person is; two different ones on either side of a person may be two
#: people written the same way ("Jamie" the friend, "Jamie" the driver).
KNOWN_ROLES = frozenset({"ADULT_OF_CONCERN", "PEER", "FAMILY", "PROFESSIONAL"})


def hops(graph: nx.Graph, nodes: Sequence[str]) -> list[dict[str, Any]]:
    """One row per consecutive pair of ``nodes``: the hop's ends and its evidence.

    A hop that continues through a person whom the records on either side call different
    things (a peer in one note, an adult of concern in another) carries ``caution``: until
    resolution separates them, that may be two people with one name.

    >>> g = nx.Graph()
    >>> g.add_edge("Child:C1", "Person:jamie", person_roles={"PEER"}, documents={"n1"})
    >>> g.add_edge("Person:jamie", "Child:C4", person_roles={"ADULT_OF_CONCERN"},
    ...            documents={"n4"})
    >>> [r["caution"] is not None for r in hops(g, ["Child:C1", "Person:jamie", "Child:C4"])]
    [False, True]
    """
    rows = []
    for position, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False), start=1):
        evidence = edge_evidence(graph, a, b)
        caution = None
        if position > 1 and type_of(a) == "Person":
            before = set(edge_evidence(graph, nodes[position - 2], a)["person_roles"])
            after = set(evidence["person_roles"])
            if before & KNOWN_ROLES and after & KNOWN_ROLES and not before & after:
                caution = (f"{graph.nodes[a].get('label', a)} is written as "
                           f"{'/'.join(sorted(before & KNOWN_ROLES)).lower()} before this hop "
                           f"and {'/'.join(sorted(after & KNOWN_ROLES)).lower()} here: may be "
                           "two people with one name")
        rows.append({
            "hop": position, "rank": position,
            "from_id": a, "from_label": graph.nodes[a].get("label", a),
            "entity_id": b, "label": graph.nodes[b].get("label", b),
            "type": graph.nodes[b].get("type", type_of(b)), **evidence, "caution": caution,
        })
    return rows


# -- finding a path by reading outward ----------------------------------------------------
#: Reads the links around those of some entity ids not read yet and gives the evidence graph
#: of everything read so far: ``read(ids) -> graph``.
GrowingRead = Callable[[Iterable[str]], nx.Graph]
#: Whether a path may pass through ``node`` of the graph read: ``crossable(graph, node)``.
Crossable = Callable[[nx.Graph, str], bool]


class ReadOnce:
    """A :data:`GrowingRead` from a read of the links around some entity ids: each id is
    read once, each link kept once (by ``id``; a partner's links carry none, so by their
    content), and the evidence graph is ``build(every link read)`` after each new read, so
    an entity that was read carries all its edges."""

    def __init__(self, read_links: Callable[[list[str]], Iterable[Mapping[str, Any]]],
                 build: Callable[[list[Mapping[str, Any]]], nx.Graph]) -> None:
        self._read_links, self._build = read_links, build
        self.links: dict[Any, Mapping[str, Any]] = {}
        self._done: set[str] = set()
        self.graph = nx.Graph()

    def read(self, ids: Iterable[str]) -> nx.Graph:
        """Read the links around those of ``ids`` not read yet; the graph of all read."""
        fresh = sorted(set(ids) - self._done)
        if fresh:
            self._done |= set(fresh)
            for link in self._read_links(fresh):
                key = link["id"] if link.get("id") is not None else tuple(sorted(
                    (k, str(v)) for k, v in link.items()))
                self.links[key] = link
            self.graph = self._build(list(self.links.values()))
        return self.graph


def search_outward(read: GrowingRead, source: str, target: str, *,
                   crossable: Crossable, hub_types: Collection[str] = (),
                   max_hops: int, max_nodes: int | None = None
                   ) -> tuple[list[dict[str, Any]], nx.Graph, str | None]:
    """The shortest evidenced path from ``source`` to ``target`` (:func:`evidence_path`),
    found by reading outward from both ends at once (breadth first, the smaller side each
    step) until the two sides meet, so that a path costs the entities around it, not the
    whole graph. The link explorer and ``rhigraph analyse path`` both find paths this way;
    each says what it reads and what a path may cross.

    A path crosses no entity of ``hub_types`` (never read either: the police force, the
    episodes file join everything to everything) and no entity ``crossable`` refuses once
    it is read (a professional, say); the ends are always kept.

    Returns the hops, the graph read (for drawing) and, when there is no path, why: none
    within ``max_hops``, or the search reached ``max_nodes`` entities first (``None``:
    no such limit). Every entity within the radius each side reached is read, so every
    shortest path is in the graph with all its evidence; among them the one resting on
    more records wins.

    >>> whole = nx.Graph()
    >>> whole.add_edge("Person:tee", "Child:C1", documents={"n1"})
    >>> whole.add_edge("Child:C1", "Organisation:gmp", documents={"n1"})
    >>> whole.add_edge("Organisation:gmp", "Location:flat", documents={"n2"})
    >>> whole.add_edge("Child:C1", "Child:C2", documents={"n3"})
    >>> whole.add_edge("Child:C2", "Location:flat", documents={"n3"})
    >>> read = lambda ids: whole  # a store whose every link is already read
    >>> hops, _, why = search_outward(read, "Person:tee", "Location:flat",
    ...                               crossable=lambda g, n: True,
    ...                               hub_types={"Organisation"}, max_hops=6)
    >>> [h["entity_id"] for h in hops], why
    (['Child:C1', 'Child:C2', 'Location:flat'], None)
    >>> search_outward(read, "Person:tee", "Location:flat", crossable=lambda g, n: True,
    ...                hub_types={"Organisation"}, max_hops=2)[2]
    'no path within 2 hops'
    """
    ends = {source, target}

    def may_cross(graph: nx.Graph, node: str) -> bool:
        return node in ends or (type_of(node) not in hub_types and node in graph
                                and crossable(graph, node))

    distance = {source: {source: 0}, target: {target: 0}}
    frontier = {source: [source], target: [target]}
    graph = read(ends)
    hops_done = 0
    while True:
        met = set(distance[source]) & set(distance[target])
        if met:
            graph = read(met)  # whether a meeting entity may be crossed
            if any(may_cross(graph, n) for n in met):
                return _shortest_read(graph, source, target, may_cross), graph, None
        if hops_done >= max_hops:
            return [], graph, f"no path within {max_hops} hops"
        open_sides = [s for s in (source, target) if frontier[s]]
        if not open_sides:
            return [], graph, None
        side = min(open_sides, key=lambda s: len(frontier[s]))
        graph = read(n for n in frontier[side] if type_of(n) not in hub_types or n in ends)
        fresh: list[str] = []
        for node in frontier[side]:
            if not may_cross(graph, node) or node not in graph:
                continue
            for other in graph.neighbors(node):
                if other not in distance[side]:
                    distance[side][other] = distance[side][node] + 1
                    fresh.append(other)
        frontier[side] = sorted(set(fresh))
        hops_done += 1
        if max_nodes is not None and len(set(distance[source]) | set(distance[target])) \
                > max_nodes:
            return [], graph, f"the search reached {max_nodes} entities without a path"


def _shortest_read(graph: nx.Graph, source: str, target: str, may_cross: Crossable
                   ) -> list[dict[str, Any]]:
    """:func:`evidence_path` over the entities of ``graph`` a path may cross, kept to the
    paths with the fewest hops (every one of which was read whole): a longer path lying
    further out was not read whole, so it may not undercut them."""
    view = nx.Graph(graph.subgraph(n for n in graph.nodes if may_cross(graph, n)))
    if source not in view or target not in view:
        return []
    there = nx.single_source_shortest_path_length(view, source)
    back = nx.single_source_shortest_path_length(view, target)
    if target not in there:
        return []
    length = there[target]
    # In the graph's own order, so that paths as good are chosen between the same way
    # every run.
    keep = [n for n in view.nodes if there.get(n, length + 1) + back.get(n, length + 1)
            == length]
    on_a_path = set(keep)
    # Directed one level outward, so that no detour can undercut a shortest path.
    shortest = nx.DiGraph()
    shortest.add_nodes_from((n, view.nodes[n]) for n in keep)
    shortest.add_edges_from((a, b, view.edges[a, b]) for a in keep for b in view.neighbors(a)
                            if b in on_a_path and there[b] == there[a] + 1)
    return evidence_path(shortest, source, target)
