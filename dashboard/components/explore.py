"""The link explorer's graph work: pure functions over the link and entity rows the service
gives, so they can be tested without Streamlit, a store or a role.

Why resolved clusters: "Jord", "Kane" and "Jordan GARDNER" may be one man. Entity resolution
does not rewrite ids; it maps each entity (or one mention of it) to a cluster, and every link
row carries ``source_cluster`` and ``target_cluster``. Drawing clusters shows the man once,
with every child linked to any of his names, which is the question the meeting asks; each
node keeps the ids and labels merged into it so nobody has to take the merge on trust.

Why documents and episodes are folded (:func:`graph.analysis.graphs.evidence_graph`): a
child reaches a place through an episode and a person through a note about the child; drawn
as nodes they would double every path. Every edge keeps the documents behind it, and
:func:`supporting_links` finds the link rows (with their provenance and text spans) behind
one edge, for the snippets a role may read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from graph.analysis import paths
from graph.analysis.graphs import _ends as folded_ends  # the fold the graph itself uses
from graph.analysis.graphs import evidence_graph
from graph.analysis.rows import PROFESSIONAL, type_of

#: Types that join everything to everything; a network or a path through them says nothing.
HUB_TYPES = frozenset({"Organisation", "Document", "Episode", "Placement"})
#: Types a person may search for and draw, in the order results list them (the order a
#: path question prefers them in, :data:`graph.analysis.paths.TYPE_PREFERENCE`).
SEARCHABLE_TYPES = paths.TYPE_PREFERENCE
#: Most nodes a drawn neighbourhood holds; the busiest neighbours are kept.
MAX_NODES = 150
#: Most hops a path search crosses, and most entities it reaches, before it gives up.
MAX_HOPS = 6
MAX_PATH_NODES = 5000

#: Reads the links around some (cluster) ids and the entities at their ends, as the role
#: sees them: ``read(ids) -> (links, entities)`` (``dashboard.data.explore_reader``).
Read = Callable[[Sequence[str]], tuple[Sequence[Mapping[str, Any]],
                                      Sequence[Mapping[str, Any]]]]


def clustered(links: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Link rows with each end replaced by the cluster it was resolved to (the entity
    itself when unresolved); the original ends are kept as ``source_member`` and
    ``target_member``.

    >>> clustered([{"source_id": "Person:jord", "source_cluster": "Person:jordan gardner",
    ...             "target_id": "Document:n1", "target_cluster": None}])[0]["source_id"]
    'Person:jordan gardner'
    """
    rows = []
    for link in links:
        source, target = link["source_id"], link["target_id"]
        rows.append({**link, "source_member": source, "target_member": target,
                     "source_id": link.get("source_cluster") or source,
                     "target_id": link.get("target_cluster") or target})
    return rows


def build(links: Iterable[Mapping[str, Any]], entities: Iterable[Mapping[str, Any]]
          ) -> nx.Graph:
    """The evidence graph of ``links`` over resolved clusters.

    Nodes: ``type``, ``label``, ``key``, ``members`` (entity ids merged into the node),
    ``variants`` (their labels), persons' ``roles``/``role`` (from the entity's recorded
    role), children's ``name``. Edges as :func:`graph.analysis.graphs.evidence_graph`.

    >>> links = [{"type": "AT", "source_id": "Child:C1", "target_id": "Location:x",
    ...           "child_id": "C1", "document_id": "n1", "observed_at": "2026-01-02"}]
    >>> g = build(links, [{"id": "Child:C1", "type": "Child", "key": "C1", "label": "Amy",
    ...                    "props": {"name": "Amy SMITH"}}])
    >>> g.nodes["Child:C1"]["label"], g.nodes["Child:C1"]["name"], g.nodes["Location:x"]["label"]
    ('Amy', 'Amy SMITH', 'x')
    """
    known = {e["id"]: e for e in entities}
    rows = clustered(links)
    members: dict[str, set[str]] = defaultdict(set)
    for link in rows:
        for end in ("source", "target"):
            members[link[f"{end}_id"]].add(link[f"{end}_member"])
    roles: dict[str, set[str]] = defaultdict(set)
    for cluster, found in members.items():
        for member in found | {cluster}:
            role = ((known.get(member) or {}).get("props") or {}).get("role")
            if role and type_of(cluster) == "Person":
                roles[cluster].add(str(role))
    labels = {i: str(e.get("label") or i.split(":", 1)[-1]) for i, e in known.items()}
    graph = evidence_graph(rows, labels=labels, roles=roles)
    for node, data in graph.nodes(data=True):
        merged = sorted(members.get(node, set()) | {node})
        data["key"] = node.split(":", 1)[-1]
        data["members"] = merged
        data["variants"] = sorted({labels.get(m, m.split(":", 1)[-1]) for m in merged})
        if data["type"] == "Child":
            props = (known.get(node) or {}).get("props") or {}
            data["name"] = props.get("name") or data["label"]
    return graph


def member_map(graph: nx.Graph) -> dict[str, str]:
    """Every entity id drawn in ``graph`` (cluster or member) to the node it is drawn as."""
    found = {}
    for node, data in graph.nodes(data=True):
        for member in data.get("members") or ():
            found.setdefault(member, node)
        found[node] = node
    return found


def is_professional(graph: nx.Graph, node: str) -> bool:
    """A person recorded only as a professional (social worker, police officer...)."""
    roles = set(graph.nodes[node].get("roles") or ())
    return PROFESSIONAL in roles and roles <= {PROFESSIONAL, "UNKNOWN"}


def pruned(graph: nx.Graph, keep: Iterable[str] = (), *, professionals: bool = False
           ) -> nx.Graph:
    """``graph`` without hubs and (unless ``professionals``) professionals, except ``keep``."""
    kept = set(keep)
    drop = {n for n in graph.nodes if n not in kept and (
        type_of(n) in HUB_TYPES or (not professionals and is_professional(graph, n)))}
    return nx.Graph(graph.subgraph(set(graph.nodes) - drop))


def neighbourhood(graph: nx.Graph, focus: str, expand: Iterable[str] = (), *,
                  professionals: bool = False, max_nodes: int = MAX_NODES
                  ) -> tuple[nx.Graph, int]:
    """The ego network of ``focus`` plus the neighbours of each node in ``expand``, and how
    many neighbours were left out to stay within ``max_nodes`` (the weakest links go first).

    Focus and expanded nodes carry ``focus`` / ``expanded`` so the drawing can show them.

    >>> g = nx.Graph([("Person:a", "Child:C1"), ("Child:C1", "Location:x")])
    >>> sub, left_out = neighbourhood(g, "Person:a")
    >>> sorted(sub.nodes), left_out
    (['Child:C1', 'Person:a'], 0)
    >>> sorted(neighbourhood(g, "Person:a", ["Child:C1"])[0].nodes)
    ['Child:C1', 'Location:x', 'Person:a']
    """
    if focus not in graph:
        return nx.Graph(), 0
    centres = [focus, *(n for n in expand if n in graph and n != focus)]
    view = pruned(graph, centres, professionals=professionals)
    chosen: dict[str, float] = {c: float("inf") for c in centres}
    for centre in centres:
        for other in view.neighbors(centre):
            weight = float(view.edges[centre, other].get("weight") or 1)
            chosen[other] = max(chosen.get(other, 0.0), weight)
    ordered = sorted(chosen, key=lambda n: (-chosen[n], n))
    kept = ordered[:max(max_nodes, len(centres))]
    sub = nx.Graph(view.subgraph(kept))
    for node in sub.nodes:
        sub.nodes[node]["focus"] = node == focus
        sub.nodes[node]["expanded"] = node in centres[1:]
    return sub, len(ordered) - len(kept)


def _evidence_row(graph: nx.Graph, node: str, other: str) -> dict[str, Any]:
    edge = graph.edges[node, other]
    data = graph.nodes[other]
    return {"entity_id": other, "type": data.get("type", type_of(other)),
            "label": data.get("label", other), "key": data.get("key"),
            "relations": sorted(edge.get("relations") or ()),
            "records": len(edge.get("documents") or ()),
            "documents": sorted(edge.get("documents") or ()),
            "first_seen": edge.get("first_seen"), "last_seen": edge.get("last_seen")}


def neighbour_rows(graph: nx.Graph, node: str) -> list[dict[str, Any]]:
    """What ``node`` is linked to directly, most records first, with the evidence."""
    if node not in graph:
        return []
    rows = [_evidence_row(graph, node, other) for other in graph.neighbors(node)]
    order = {t: i for i, t in enumerate(SEARCHABLE_TYPES)}
    return sorted(rows, key=lambda r: (order.get(r["type"], 99), -r["records"], r["label"],
                                       r["entity_id"]))


def children_linked(graph: nx.Graph, node: str) -> list[dict[str, Any]]:
    """The children linked directly to ``node``, most records first.

    >>> g = build([{"type": "WITH", "source_id": "Child:C1", "target_id": "Person:a",
    ...             "child_id": "C1", "document_id": "n1", "observed_at": "2026-01-02"}], [])
    >>> [(r["child_id"], r["records"]) for r in children_linked(g, "Person:a")]
    [('C1', 1)]
    """
    rows = [{**r, "child_id": r["key"], "name": graph.nodes[r["entity_id"]].get("name")}
            for r in neighbour_rows(graph, node) if r["type"] == "Child"]
    return sorted(rows, key=lambda r: (-r["records"], r["child_id"]))


def path_graph(graph: nx.Graph, hops: Sequence[Mapping[str, Any]]) -> nx.Graph:
    """The nodes and edges of a path only, ends marked as focus."""
    sub = nx.Graph()
    for hop in hops:
        a, b = hop["from_id"], hop["entity_id"]
        for node in (a, b):
            sub.add_node(node, **graph.nodes[node])
        sub.add_edge(a, b, **graph.edges[a, b])
    if hops:
        ends = {hops[0]["from_id"], hops[-1]["entity_id"]}
        for node in sub.nodes:
            sub.nodes[node]["focus"] = node in ends
    return sub


def supporting_links(links: Iterable[Mapping[str, Any]], a: str, b: str
                     ) -> list[dict[str, Any]]:
    """The link rows behind the drawn edge ``a``-``b`` (after resolution and folding), newest
    first: each has its ``id``, document, date and grading, for its snippet."""
    wanted = {a, b}
    found = [link for link in clustered(links)
             if (ends := folded_ends(link)) is not None and set(ends) == wanted]
    return sorted(found, key=lambda r: (str(r.get("observed_at") or ""), r.get("id") or 0),
                  reverse=True)


def result_row(graph: nx.Graph, node: str, matched: str, how: str) -> dict[str, Any]:
    """One search result: the node drawn, what matched and how, its links, other names."""
    data = graph.nodes[node]
    return {"entity_id": node, "type": data.get("type", type_of(node)),
            "label": data.get("label", node), "matched": matched, "how": how,
            "links": graph.degree(node),
            "also": [v for v in data.get("variants") or () if v != data.get("label")]}


def counts_by_type(graph: nx.Graph) -> Counter[str]:
    """Nodes by type, for a caption."""
    return Counter(data.get("type", type_of(n)) for n, data in graph.nodes(data=True))


# -- reading what is shown ------------------------------------------------------------------
# The functions below take a ``Read`` rather than every link of the window: an ego network,
# a path and a search result each need the links around a few entities only, and give the
# same answer as :func:`neighbourhood`, :func:`neighbour_rows` and a search or a path over
# the graph of the whole window would (``tests/dashboard/whole_graph.py`` keeps that graph's
# search and path, as the oracle the tests hold these functions to).

class Reader(paths.ReadOnce):
    """What has been read so far through ``read`` (:class:`graph.analysis.paths.ReadOnce`:
    each entity's links once), the entities at their ends, and the evidence graph of it,
    in which an entity that was read carries all its edges, members and roles, exactly as
    in the graph of the whole window."""

    def __init__(self, read: Read) -> None:
        self.entities: dict[str, Mapping[str, Any]] = {}

        def read_links(ids: list[str]) -> Sequence[Mapping[str, Any]]:
            links, entities = read(ids)
            self.entities.update((e["id"], e) for e in entities)
            return links

        super().__init__(read_links, lambda links: build(links, self.entities.values()))


def ego_graph(read: Read, centres: Sequence[str]) -> tuple[nx.Graph, list[Mapping[str, Any]]]:
    """A graph around ``centres`` on which :func:`neighbourhood`, :func:`neighbour_rows` and
    :func:`children_linked` answer as on the whole window's graph, and the links read
    around the first centre (for :func:`supporting_links`).

    Two reads: the centres, then every neighbour that is not a hub, so that the edges
    between neighbours (drawn with the ego network), and each neighbour's roles (a
    professional is left out) are all there."""
    reader = Reader(read)
    graph = reader.read(centres)
    around = list(reader.links.values())
    ring = {n for c in centres if c in graph for n in graph.neighbors(c)
            if type_of(n) not in HUB_TYPES}
    return reader.read(ring), around


def grow_path(read: Read, source: str, target: str, *, professionals: bool = False,
              max_hops: int = MAX_HOPS, max_nodes: int = MAX_PATH_NODES
              ) -> tuple[list[dict[str, Any]], nx.Graph, str | None]:
    """The shortest evidenced path between two nodes, one row per hop with the documents
    behind it, as the whole window's graph gives it, found by reading outward from both
    ends (:func:`graph.analysis.paths.search_outward`, as ``rhigraph analyse path`` does)
    through ``read``, crossing no hub and (unless ``professionals``) no professional.

    Returns the hops, the graph read (for :func:`path_graph`) and, when there is no path,
    why: none within ``max_hops``, or the search reached ``max_nodes`` entities first.
    """
    def crossable(graph: nx.Graph, node: str) -> bool:
        return professionals or not is_professional(graph, node)

    return paths.search_outward(Reader(read).read, source, target, crossable=crossable,
                                hub_types=HUB_TYPES, max_hops=max_hops, max_nodes=max_nodes)


def found(term: str, hits: Iterable[Mapping[str, Any]], names: Sequence[Mapping[str, Any]],
          read: Read, *, limit: int = 25, batch: int = 25) -> list[dict[str, Any]]:
    """Search results as nodes to draw, reading only the candidates: ``hits`` (the
    service's names containing the term) first, then close spellings
    (:func:`graph.analysis.paths.lookup`) among ``names`` (``Service.spellings``: each row
    with the ``cluster`` its entity is drawn as); each mapped to the resolved node it is
    drawn as, once (:func:`result_row`). A candidate is a result when it has links in the
    window; its ``links`` are its neighbours there, as in the whole window's graph."""
    order = {t: i for i, t in enumerate(SEARCHABLE_TYPES)}
    cluster = {}
    for row in names:
        cluster.setdefault(row["entity_id"], row.get("cluster") or row["entity_id"])
    wanted: dict[str, tuple[str, str]] = {}
    entity_hits = sorted((f for f in hits if f.get("kind") == "entity"),
                         key=lambda f: (order.get(f["type"], 99), str(f["label"]).casefold()))
    for hit in entity_hits:
        wanted.setdefault(cluster.get(hit["id"], hit["id"]), (str(hit["label"]),
                                                               "name contains"))
    for hit in paths.lookup(term, names, limit=limit):
        wanted.setdefault(cluster.get(hit["entity_id"], hit["entity_id"]), (
            str(hit["name"]), "close spelling" if hit["how"] == "fuzzy" else "same name"))
    candidates = [n for n in wanted if type_of(n) in order]
    rows: list[dict[str, Any]] = []
    for start in range(0, len(candidates), batch):
        chunk = candidates[start:start + batch]
        graph = Reader(read).read(chunk)
        for node in chunk:
            if node not in graph or len(rows) >= limit:
                continue
            rows.append(result_row(graph, node, *wanted[node]))
        if len(rows) >= limit:
            break
    return rows
