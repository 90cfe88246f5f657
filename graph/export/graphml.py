"""GraphML (yEd, Gephi, Cytoscape, networkx): nodes and edges with provenance attributes.

Written with networkx from :func:`graph.export.network.build`; every attribute is a string and
every edge carries its document, agency and 3x5x2 grading.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.export.network import build
from graph.store import Filters, Store


def write(store: Store, out: Path, filters: Filters | None = None) -> dict[str, int]:
    """Write ``out`` (a ``.graphml`` file); return node and edge counts."""
    graph = build(store, filters)
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(graph, out, encoding="utf-8")
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
