"""Running an analysis against a store: the one place that decides what to read.

The analysis modules are pure functions over rows and graphs; the CLI, the dashboard and the
meeting packs all need the same three steps around them, so they live here once:

1. the aggregation the analysis ranks runs in the store (SQL or Cypher), over every entity;
2. the pure function ranks the rows (and networkx works on a graph grown only from the
   entities that matter: the top-N, an ego network, a path search's frontier);
3. the details a row shows (variants as written, children by name, the documents behind it)
   are read for the rows shown, so showing costs what is shown.

``store`` is anything with the :class:`graph.store.base.Store` methods these call; nothing
here imports a store implementation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from graph.analysis import (
    associates,
    communities,
    episodes,
    escalation,
    graphs,
    hotspots,
    identifiers,
    novelty,
    paths,
    triangles,
)
from graph.analysis.rows import ADULT_OF_CONCERN, ROLE_ORDER, attach, key_of, type_of
from graph.exc import RhigraphError
from graph.store.records import Filters

#: Relations that place a child somewhere or with someone (what triangles and communities
#: read about the children they reach).
CHILD_RELATIONS = ("AT", "WITH", "TRANSPORTED_BY", "CONTACTED_BY", "FOUND_AT", "MISSING_FROM",
                   "PLACED_AT", "LIVES_AT", "MENTIONED_IN")
#: Node types a network picture leaves out: they join everything to everything.
HUB_TYPES = ("Organisation", "Document", "Episode", "Placement")


class NotFound(RhigraphError):
    """A name, alias or key that matches nothing in the store."""


def _filters(filters: Filters | None) -> Filters:
    return filters or Filters()


def _shown(rows: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    return rows if limit is None else rows[:limit]


# -- ranked entities ---------------------------------------------------------------------
def hotspots_rows(store: Any, filters: Filters | None = None, *, limit: int | None = 25,
                  min_children: int = 1, placements: bool = False,
                  include_placements: bool = False, period_days: int = 28,
                  details: bool = True) -> list[dict[str, Any]]:
    """Ranked hotspots (or, with ``placements``, the context places apart)."""
    activity = store.entity_signals("Location", _filters(filters))
    if _filters(filters) != Filters():
        hotspots.with_lasting_context(activity, store.context_places())
    rows = hotspots.rank_hotspots(activity, min_children=min_children,
                                  include_placements=include_placements,
                                  context_only=placements, limit=limit)
    if details and rows:
        ids = [r["entity_id"] for r in rows]
        trends = store.entity_trends(ids, filters, period_days=period_days)
        for row in rows:
            hotspots.with_trend(row, trends.get(row["entity_id"], {}))
        attach(rows, store.entity_details(ids, filters))
    return rows


def associates_rows(store: Any, filters: Filters | None = None, *, limit: int | None = 25,
                    min_children: int = 2, roles: Sequence[str] = ROLE_ORDER,
                    details: bool = True) -> list[dict[str, Any]]:
    """Ranked shared associates, one row per person and role written."""
    activity = store.person_activity(_filters(filters), min_children=min_children)
    _relations(store, activity, filters, roles, limit)
    rows = associates.rank_associates(activity, min_children=min_children, roles=roles,
                                      limit=limit)
    if details and rows:
        _person_details(store, rows, filters)
    return rows


def _relations(store: Any, activity: list[dict[str, Any]], filters: Filters | None,
               roles: Sequence[str], limit: int | None) -> None:
    """Add how each person is related (``direct_children``, ``link_types``,
    ``linked_ids``) to the rows that can rank in the top ``limit``: those at least as high as
    the ``limit``-th on role and children, the keys that come before the relations in the
    ranking. Rows below cannot rise into the top, so their relations are not read."""
    order = {role: position for position, role in enumerate(roles)}
    eligible = [r for r in activity if r["role"] in order
                and not associates.is_professional(r.get("roles") or ())]
    keyed = sorted((order[r["role"]], -r["children"]) for r in eligible)
    cut = keyed[limit - 1] if limit is not None and len(keyed) >= limit else None
    candidates = [r for r in eligible
                  if cut is None or (order[r["role"]], -r["children"]) <= cut]
    found = {(r["entity_id"], r["role"]): r for r in store.person_relations(
        sorted({r["entity_id"] for r in candidates}), filters)}
    for row in activity:
        extra = found.get((row["entity_id"], row["role"]), {})
        row["direct_children"] = extra.get("direct_children", 0)
        row["link_types"] = extra.get("link_types", [])
        row["linked_ids"] = extra.get("linked_ids", [])


def _person_details(store: Any, rows: list[dict[str, Any]], filters: Filters | None) -> None:
    """Variants, children and evidence per person *and role*, so that a peer "Jamie" and an
    adult "Jamie" never show each other's children."""
    per: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for mention in store.mentions_of([r["entity_id"] for r in rows], filters):
        per[(mention["entity_id"], mention["role"] or "UNKNOWN")].append(mention)
    for row in rows:
        found = per.get((row["entity_id"], row["role"]), [])
        variants: list[str] = []
        for mention in found:
            for form in (mention["text"], *mention["aliases"]):
                if form and form not in variants:
                    variants.append(form)
        children = {m["child_id"]: m["child_name"] for m in found if m["child_id"]}
        evidence: dict[str, dict[str, Any]] = {}
        for mention in found:
            evidence.setdefault(mention["document_id"], {
                "document_id": mention["document_id"], "kind": mention["kind"],
                "date": (mention["date"] or "")[:10] or None, "child_id": mention["child_id"],
                "role": mention["role"] or "UNKNOWN"})
        items = sorted(evidence.values(), key=lambda e: (e["date"] or "", e["document_id"]),
                       reverse=True)
        row.update(variants=variants, evidence=items[:20], evidence_total=len(items),
                   children_linked=[{"child_id": c, "name": children[c]}
                                    for c in sorted(children)])


def identifier_rows(store: Any, filters: Filters | None = None, *,
                    types: Sequence[str] = identifiers.IDENTIFIER_TYPES,
                    limit: int | None = 25, min_children: int = 2,
                    details: bool = True) -> list[dict[str, Any]]:
    """Ranked vehicles, phones and/or handles, each with the persons recorded using it.

    One full pass per type. (A two-step read, children first and adults of concern only
    for the rows that can reach the top, was slower where many identifiers tie on children,
    as in a store of copied areas; see the report of issue 6.)
    """
    activity = [row for type_name in types
                for row in store.entity_signals(type_name, _filters(filters))]
    rows = identifiers.rank_identifiers(activity, min_children=min_children, types=types,
                                        limit=limit)
    if not details or not rows:
        return rows
    ids = [r["entity_id"] for r in rows]
    attach(rows, store.entity_details(ids, filters))
    users: dict[str, set[str]] = defaultdict(set)
    for link in store.neighbourhood(ids, filters, types=("USES",)):
        if link["target_id"] in ids:
            users[link["target_id"]].add(link["source_id"])
    labels = {e["id"]: e["label"] for e in store.entities_by_id(
        sorted({u for found in users.values() for u in found}))}
    for row in rows:
        row["used_by"] = [{"entity_id": u, "label": labels.get(u, u)}
                          for u in sorted(users.get(row["entity_id"], ()))]
    return rows


# -- bounded graphs -----------------------------------------------------------------------
def _grow(store: Any, seeds: Iterable[str], filters: Filters | None) -> nx.Graph:
    """An evidence graph of ``seeds``, every child linked to them, and what the records
    say about those children: bounded by the seeds, not by the store."""
    seeds = sorted(set(seeds))
    first = store.neighbourhood(seeds, filters)
    children = sorted({link["child_id"] for link in first if link.get("child_id")}
                      | {s.split(":", 1)[1] for s in seeds if type_of(s) == "Child"})
    second = store.child_links(children, filters, types=CHILD_RELATIONS) if children else []
    links = {link["id"]: link for link in (*first, *second)}
    return _graph(store, list(links.values()), filters)


def _graph(store: Any, links: list[dict[str, Any]], filters: Filters | None) -> nx.Graph:
    """The evidence graph of ``links``, with labels, roles per person and per document,
    and information-sharing forms joining what they name."""
    ids = {graphs.end(link, side) for link in links for side in ("source", "target")}
    ids |= {f"Child:{link['child_id']}" for link in links if link.get("child_id")}
    documents = {f"Document:{link['document_id']}" for link in links}
    known = {e["id"]: e for e in store.entities_by_id(sorted(ids | documents))}
    intel = sorted(i.split(":", 1)[1] for i in documents
                   if known.get(i, {}).get("props", {}).get("kind") == "intel_form")
    if intel:
        extra = store.neighbourhood([f"Document:{d}" for d in intel], filters,
                                    types=("MENTIONED_IN",))
        have = {y["id"] for y in links}
        links = [*links, *(x for x in extra if x["id"] not in have)]
        new = {graphs.end(x, "source") for x in extra} - set(known)
        known.update({e["id"]: e for e in store.entities_by_id(sorted(new))})
    persons = sorted(i for i in known if type_of(i) == "Person")
    roles: dict[str, set[str]] = defaultdict(set)
    document_roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mention in store.mentions_of(persons, None) if persons else []:
        role = mention["role"] or "UNKNOWN"
        roles[mention["entity_id"]].add(role)
        document_roles[(mention["entity_id"], mention["document_id"])].add(role)
    labels = {i: e["label"] for i, e in known.items()}
    graph = graphs.evidence_graph(links, labels=labels, roles=roles,
                                  document_roles=document_roles, co_mention_documents=intel)
    for node in graph.nodes:
        props = known.get(node, {}).get("props") or {}
        if type_of(node) == "Child":
            graph.nodes[node]["name"] = props.get("name") or known.get(node, {}).get("label")
        elif type_of(node) == "Location" and str(props.get("kind") or "").lower() in \
                hotspots.BROAD_KINDS:
            graph.nodes[node]["context"] = "area"
    return graph


def _variants(store: Any, rows: list[dict[str, Any]], filters: Filters | None,
              id_key: str = "entity_id", into: str = "variants") -> None:
    """The variants as written of each row's ``id_key`` entity, read for the rows shown."""
    ids = sorted({r[id_key] for r in rows if r.get(id_key)})
    found = store.entity_details(ids, filters, max_documents=0) if ids else {}
    for row in rows:
        row[into] = (found.get(row.get(id_key)) or {}).get("variants", [])


def _pruned(graph: nx.Graph) -> nx.Graph:
    """Without hubs (organisations), professionals and family, placement or home
    addresses, and whole towns."""
    view = graphs.without(graph, types=HUB_TYPES, roles=("PROFESSIONAL", "FAMILY"))
    homes = {n for n in view.nodes if type_of(n) == "Location" and (
        view.nodes[n].get("context") or any(
            set(view.edges[n, m].get("relations") or ()) & {"PLACED_AT", "LIVES_AT"}
            for m in view.neighbors(n) if type_of(m) == "Child"))}
    return nx.Graph(view.subgraph(n for n in view.nodes if n not in homes))


def _focus(store: Any, filters: Filters | None, top: int) -> list[str]:
    """The entities a network picture is grown from: the top hotspots, adults of concern
    and unknown associates, and identifiers, each shared by two or more children."""
    places = hotspots_rows(store, filters, limit=top, min_children=2, details=False)
    people = associates_rows(store, filters, limit=top, min_children=2,
                             roles=(ADULT_OF_CONCERN, "UNKNOWN"), details=False)
    things = identifier_rows(store, filters, limit=top, min_children=2, details=False)
    return [r["entity_id"] for r in (*places, *people, *things)]


def triangle_rows(store: Any, filters: Filters | None = None, *, limit: int | None = 25,
                  top: int = 50, min_children: int = 1) -> list[dict[str, Any]]:
    """Child-place-adult triangles around the ``top`` adults of concern."""
    adults = associates_rows(store, filters, limit=top, min_children=1,
                             roles=(ADULT_OF_CONCERN,), details=False)
    if not adults:
        return []
    graph = _grow(store, [r["entity_id"] for r in adults], filters)
    rows = _shown(triangles.find_triangles(graph, min_children=min_children), limit)
    for row in rows:
        row["entity_id"], row["label"] = row["location_id"], row["location"]
        row["children_linked"] = [{"child_id": c, "name": graph.nodes[f"Child:{c}"].get("name")}
                                  for c in row["children"]]
    _variants(store, rows, filters)
    _variants(store, rows, filters, id_key="adult_id", into="adult_variants")
    return rows


def community_rows(store: Any, filters: Filters | None = None, *, limit: int | None = 25,
                   top: int = 30, seed: int = 0, brokers: bool = False,
                   resolution: float = 1.0) -> list[dict[str, Any]]:
    """Communities (or, with ``brokers``, broker entities) of the network grown from the
    top hotspots, associates and identifiers."""
    graph = _pruned(_grow(store, _focus(store, filters, top), filters))
    central = communities.betweenness(graph, seed=seed)
    if brokers:
        rows = _shown(communities.find_brokers(graph, seed=seed, centrality=central,
                                               top=limit or 25), limit)
    else:
        rows = _shown(communities.find_communities(graph, seed=seed, resolution=resolution,
                                                   centrality=central), limit)
    _variants(store, rows, filters)
    return rows


# -- paths --------------------------------------------------------------------------------
def resolve(store: Any, query: str) -> dict[str, Any]:
    """The entity ``query`` names (id, key, name, alias or a close spelling); raises
    :class:`NotFound` naming the nearest candidates when nothing matches well enough."""
    names = store.names()
    found = paths.lookup(query, names)
    if not found:
        close = paths.lookup(query, names, cutoff=50)
        hint = "; nearest: " + ", ".join(m["entity_id"] for m in close) if close else ""
        raise NotFound(f"nothing in the store matches {query!r}{hint}")
    return {**found[0], "alternatives": found[1:]}


def _links_around(store: Any, filters: Filters | None
                  ) -> Callable[[list[str]], list[dict[str, Any]]]:
    """The read ``rhigraph analyse path`` grows by: each entity's links, and every link
    about a child among them."""
    def read(ids: list[str]) -> list[dict[str, Any]]:
        children = [key_of(n) for n in ids if type_of(n) == "Child"]
        return [*store.neighbourhood(ids, filters),
                *(store.child_links(children, filters) if children else [])]
    return read


def path_rows(store: Any, a: str, b: str, filters: Filters | None = None, *,
              max_hops: int = 6, max_degree: int = 200,
              professionals: bool = False) -> list[dict[str, Any]]:
    """The shortest evidenced path between the entities ``a`` and ``b`` name.

    Found as the link explorer finds one (:func:`graph.analysis.paths.search_outward`):
    reading outward from both ends one hop at a time (the smaller side first) until they
    meet, or for ``max_hops``. A node with more than ``max_degree`` links is not crossed:
    a path through it says nothing. Professionals and organisations are left out unless
    ``professionals``.
    """
    source, target = resolve(store, a), resolve(store, b)

    def crossable(graph: nx.Graph, node: str) -> bool:
        return graph.degree(node) <= max_degree and (
            professionals or not _professional(graph, node))

    rows, graph, _ = paths.search_outward(
        paths.ReadOnce(_links_around(store, filters),
                       lambda links: _graph(store, links, filters)).read,
        source["entity_id"], target["entity_id"],
        crossable=crossable, hub_types=() if professionals else HUB_TYPES, max_hops=max_hops)
    for row in rows:
        row["children_linked"] = [
            {"child_id": c, "name": graph.nodes.get(f"Child:{c}", {}).get("name")}
            for c in row["children"]]
        row["query"] = {"from": source, "to": target}
    _variants(store, rows, filters)
    return rows


def _professional(graph: nx.Graph, node: str) -> bool:
    found = set(graph.nodes[node].get("roles") or ())
    return "PROFESSIONAL" in found and ADULT_OF_CONCERN not in found


# -- time ---------------------------------------------------------------------------------
def _day_before(day: str) -> str:
    return (dt.date.fromisoformat(day[:10]) - dt.timedelta(days=1)).isoformat()


def novelty_rows(store: Any, since: str, filters: Filters | None = None, *,
                 limit: int | None = 50) -> list[dict[str, Any]]:
    """What is new on or after ``since``: new children at known hotspots, new shared
    entities, new relations to a child, new entities (see :mod:`graph.analysis.novelty`)."""
    history = dataclasses.replace(_filters(filters), since=None)
    before = dataclasses.replace(history, until=_day_before(since))
    people = store.person_activity(history)
    roles: dict[str, set[str]] = defaultdict(set)
    for row in people:
        roles[row["entity_id"]] |= set(row["roles"]) | {row["role"]}
    activity = []
    for type_name in novelty.NEW_TYPES:
        for row in store.entity_signals(type_name, history):
            if type_name == "Person":
                row["roles"] = sorted(roles.get(row["entity_id"], ()))
            activity.append(row)
    known = [r["entity_id"] for r in hotspots.rank_hotspots(
        store.entity_signals("Location", before), min_children=2)]
    rows = novelty.novelty(
        new_entities=novelty.new_since(activity, since),
        new_links=store.new_links(since, history),
        new_children=store.new_children_at("Location", since, history),
        hotspots=known, roles=roles)
    rows = _shown(rows, limit)
    details = store.entity_details(sorted({r["entity_id"] for r in rows}), history)
    for row in rows:
        found = details.get(row["entity_id"], {})
        row.setdefault("label", found.get("label", row["entity_id"]))
        row["variants"] = found.get("variants", [])
        names = {c["child_id"]: c["name"] for c in found.get("children_linked", [])}
        row["child_ids"] = row.get("child_ids") or sorted(names)
        row["children_linked"] = [{"child_id": c, "name": names.get(c)}
                                  for c in row["child_ids"]]
    return rows


def escalation_rows(store: Any, filters: Filters | None = None, *, periods: int = 4,
                    days: int = 28, limit: int | None = 25) -> list[dict[str, Any]]:
    """Children whose episodes or indicators rose in the latest of ``periods`` periods of
    ``days`` (ending at ``until``, or the latest record); with ``since`` and ``until`` both
    set, the window between them is split into ``periods`` instead."""
    given = _filters(filters)
    end = given.until or (store.date_range(given)[1] or dt.date.today().isoformat())
    if given.since and given.until:
        span = (dt.date.fromisoformat(given.until[:10])
                - dt.date.fromisoformat(given.since[:10])).days + 1
        days = max(1, span // periods)
    bounds = escalation.boundaries(end[:10], periods=periods, days=days)
    counted = dataclasses.replace(given, since=None, until=None)
    rows = _shown(escalation.rising(store.child_periods(bounds, counted), periods=periods),
                  limit)
    names = {e["id"]: (e["props"].get("name") or e["label"])
             for e in store.entities_by_id([r["entity_id"] for r in rows])}
    for row in rows:
        row["label"] = names.get(row["entity_id"], row["child_id"])
        row["variants"] = [row["label"]]
        row["children_linked"] = [{"child_id": row["child_id"], "name": row["label"]}]
        row["periods"] = [{"from": lo, "to": _day_before(hi)}
                          for lo, hi in zip(bounds, bounds[1:], strict=False)]
    return rows


def episode_rows(store: Any, filters: Filters | None = None, *,
                 kinds: Sequence[str] = ("found_at", "found_with", "missing_together"),
                 min_children: int = 2, limit: int | None = 25) -> list[dict[str, Any]]:
    """Found-at places, found-with persons and children missing together, each kind
    ranked on its own (``limit`` rows of each)."""
    facts = store.episode_facts(_filters(filters))
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        rows += _shown(episodes.episode_patterns(facts, kinds=(kind,),
                                                 min_children=min_children), limit)
    ids = {r["entity_id"] for r in rows} | {f"Child:{c}" for r in rows for c in r["child_ids"]}
    known = {e["id"]: e for e in store.entities_by_id(sorted(ids))}
    _variants(store, rows, filters)
    for row in rows:
        entity = known.get(row["entity_id"], {})
        row["label"] = (entity.get("props") or {}).get("name") or entity.get("label") \
            or row["entity_id"]
        row["children_linked"] = [
            {"child_id": c, "name": (known.get(f"Child:{c}", {}).get("props") or {}).get(
                "name")} for c in row["child_ids"]]
        if row["kind"] == "missing_together":
            row["label"] = " & ".join(c["name"] or c["child_id"]
                                      for c in row["children_linked"])
    return rows


def labels_of(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The labels of ``rows`` in order (for quick checks and tests).

    >>> labels_of([{"label": "Flat"}, {"entity_id": "Vehicle:MK15XRT"}])
    ['Flat', 'Vehicle:MK15XRT']
    """
    return [str(r.get("label") or r.get("entity_id")) for r in rows]
