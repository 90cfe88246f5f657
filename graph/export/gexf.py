"""GEXF 1.2 for Gephi: nodes and edges with provenance attributes.

Written with networkx from :func:`graph.export.network.build`. GEXF gives ``label`` its own
place (node and edge labels show on Gephi's canvas); the other attributes become Gephi data
columns, all strings, with document, agency and 3x5x2 grading on every edge.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.export.network import build
from graph.store import Filters, Store


def write(store: Store, out: Path, filters: Filters | None = None) -> dict[str, int]:
    """Write ``out`` (a ``.gexf`` file); return node and edge counts."""
    graph = build(store, filters)
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(graph, out, encoding="utf-8", version="1.2draft")
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
