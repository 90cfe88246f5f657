"""What the link explorer answered when it built the graph of every link in the window: the
oracle :mod:`tests.dashboard.test_explore_reads` holds :func:`dashboard.components.explore.found`
and :func:`dashboard.components.explore.grow_path` to.

Why here and not in the explorer: the page reads only what it shows, so these functions are
no longer part of it; kept beside the tests, they say in a few lines what the reading
functions must answer, over a graph whose correctness is plain to see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from dashboard.components import explore
from graph.analysis import paths


def search_names(entities: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``names`` rows for :func:`graph.analysis.paths.lookup`: each searchable entity by its
    label, its key and any nickname or name recorded."""
    rows = []
    for entity in entities:
        if entity["type"] not in explore.SEARCHABLE_TYPES:
            continue
        props = entity.get("props") or {}
        names = {str(entity.get("label") or ""), str(entity.get("key") or ""),
                 str(props.get("nickname") or ""), str(props.get("name") or "")}
        rows += [{"entity_id": entity["id"], "type": entity["type"], "name": name}
                 for name in sorted(names) if name]
    return rows


def matches(term: str, found: Iterable[Mapping[str, Any]], entities: Sequence[Mapping[str, Any]],
            graph: nx.Graph, *, limit: int = 25) -> list[dict[str, Any]]:
    """Search results as nodes of ``graph``: the service's own matches (names containing
    the term) first, then close spellings (:func:`graph.analysis.paths.lookup`) of
    ``entities``; each mapped to the resolved node it is drawn as, once."""
    drawn = explore.member_map(graph)
    order = {t: i for i, t in enumerate(explore.SEARCHABLE_TYPES)}
    rows: dict[str, dict[str, Any]] = {}

    def add(entity_id: str, matched: str, how: str) -> None:
        node = drawn.get(entity_id)
        if node is None or node in rows or explore.type_of(node) not in order:
            return
        rows[node] = explore.result_row(graph, node, matched, how)

    hits = [f for f in found if f.get("kind") == "entity"]
    hits.sort(key=lambda f: (order.get(f["type"], 99), str(f["label"]).casefold()))
    for hit in hits:
        add(hit["id"], str(hit["label"]), "name contains")
    for hit in paths.lookup(term, search_names(entities), limit=limit):
        add(hit["entity_id"], str(hit["name"]),
            "close spelling" if hit["how"] == "fuzzy" else "same name")
    return list(rows.values())[:limit]


def path(graph: nx.Graph, source: str, target: str, *, professionals: bool = False
         ) -> list[dict[str, Any]]:
    """The shortest evidenced path between two nodes of ``graph``
    (:func:`graph.analysis.paths.evidence_path`), avoiding hubs and, unless
    ``professionals``, professionals; ``[]`` when they are not connected."""
    return paths.evidence_path(
        explore.pruned(graph, (source, target), professionals=professionals), source, target)
