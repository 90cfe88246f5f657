"""Interchange: the graph written for the tools analysts already use, one module per format.

``i2`` (Analyst's Notebook import), ``graphml`` and ``gexf`` (Gephi, yEd, networkx) and
``neo4j_csv`` (neo4j-admin bulk import). Every exporter reads through the ``Store`` protocol
(``entities()`` and ``links()``), never SQL or Cypher, so it works on either store; every
text cell goes through :func:`graph.export.cells.neutralise`; every link carries its source
document, agency and 3x5x2 grading. :data:`FORMATS` maps the CLI's format names to writers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.store import Filters, Store

#: A writer: (store, output path, filters) -> counts of what was written.
Writer = Callable[[Store, Path, Filters | None], dict[str, int]]


def _writers() -> dict[str, Writer]:
    from graph.export import gexf, graphml, i2, neo4j_csv

    return {"i2": i2.write, "graphml": graphml.write, "gexf": gexf.write,
            "neo4j-csv": neo4j_csv.write}


FORMATS = ("i2", "graphml", "gexf", "neo4j-csv")


def export(fmt: str, store: Store, out: Path, filters: Filters | None = None) -> dict[str, int]:
    """Write the graph in format ``fmt`` (one of :data:`FORMATS`) to ``out``."""
    return _writers()[fmt](store, out, filters)
