"""neo4j-admin bulk-import CSVs: the graph as Neo4j's own loader and ``rhigraph import`` read it.

One file per entity type, ``rhigraph.nodes.<Type>.csv`` (``id:ID``, ``key``, ``label``, the
properties, ``:LABEL`` = ``Entity;<Type>``), and one per relation type,
``rhigraph.relationships.<TYPE>.csv`` (``:START_ID``, ``:END_ID``, ``:TYPE``, then the link id
and its provenance: document, child, span, observed_at, submitter, agency and the 3x5x2
grading, then the link's properties). The layout is the Neo4j store's, so

    neo4j-admin database import full --nodes=rhigraph.nodes.Location.csv ... neo4j

(the exact command is written beside the files as ``neo4j-admin-import.txt``) builds the same
graph as ``rhigraph sync --to neo4j``, minus the received documents' own nodes. Property
columns are typed (``:long``, ``:double``, ``:boolean``, ``:string[]`` with ``;`` between
items) when every value in the column has that type; other values are text. Text cells are
formula-neutralised; ``rhigraph import neo4j-csv`` restores them.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.export.cells import neutralise, text
from graph.export.network import selected
from graph.store import Filters, Store
from graph.store.cypher import ENTITY, ENTITY_FIELDS, LINK_FIELDS, escape_property

PREFIX = "rhigraph"
ARRAY_DELIMITER = ";"
#: Link columns after the three ``:START_ID``, ``:END_ID``, ``:TYPE``.
LINK_COLUMNS = ("id", "document_id", "child_id", "start:long", "end:long", "observed_at",
                "submitted_by", "agency", "source_evaluation", "intelligence_assessment",
                "handling_code")


def column_type(values: Iterable[Any]) -> str:
    """The neo4j-admin type of a property column, from its non-empty values.

    >>> column_type([1, 2]), column_type([1, 2.5]), column_type([True]), column_type(["a", 1])
    ('long', 'double', 'boolean', 'string')
    >>> column_type([["a", "b"], ["c"]])
    'string[]'
    """
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool)
                       for v in present):
        return "double"
    if present and all(isinstance(v, list) and v and all(
            isinstance(i, str) and ARRAY_DELIMITER not in i for i in v) for v in present):
        return "string[]"
    return "string"


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "double":
        return repr(float(value))
    if kind == "string[]":
        return ARRAY_DELIMITER.join(neutralise(i) for i in value)
    return text(value)


def _column(name: str, reserved: Iterable[str]) -> str:
    return escape_property(name, reserved).replace(":", "_")


def _props_table(rows: list[dict[str, Any]], reserved: tuple[str, ...]
                 ) -> tuple[list[str], list[str], list[str]]:
    """(property names, header cells, types) for the props of ``rows``."""
    names = sorted({k for row in rows for k in row["props"]})
    kinds = [column_type(row["props"].get(n) for row in rows) for n in names]
    header = [_column(n, reserved) + ("" if k == "string" else f":{k}")
              for n, k in zip(names, kinds, strict=True)]
    return names, header, kinds


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write(store: Store, out: Path, filters: Filters | None = None) -> dict[str, int]:
    """Write the CSVs into directory ``out``; return node, relationship and file counts."""
    entities, links = selected(store, filters)
    out.mkdir(parents=True, exist_ok=True)
    node_files, rel_files = [], []
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in entities.values():
        by_type[entity["type"]].append(entity)
    for type_name, rows in sorted(by_type.items()):
        names, header, kinds = _props_table(rows, ENTITY_FIELDS)
        path = out / f"{PREFIX}.nodes.{type_name}.csv"
        _write_csv(path, ["id:ID", "key", "label", *header, ":LABEL"], (
            [text(row["id"]), text(row["key"]), text(row["label"]),
             *(_cell(row["props"].get(n), k) for n, k in zip(names, kinds, strict=True)),
             f"{ENTITY}{ARRAY_DELIMITER}{type_name}"] for row in rows))
        node_files.append(path.name)
    by_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        by_rel[link["type"]].append(link)
    for rel_type, rows in sorted(by_rel.items()):
        names, header, kinds = _props_table(rows, LINK_FIELDS)
        path = out / f"{PREFIX}.relationships.{rel_type}.csv"
        _write_csv(path, [":START_ID", ":END_ID", ":TYPE", *LINK_COLUMNS, *header], (
            [text(row["source_id"]), text(row["target_id"]), rel_type,
             *(text(row[c.split(":")[0]]) for c in LINK_COLUMNS),
             *(_cell(row["props"].get(n), k) for n, k in zip(names, kinds, strict=True))]
            for row in rows))
        rel_files.append(path.name)
    command = ["neo4j-admin database import full", f'--array-delimiter="{ARRAY_DELIMITER}"',
               *(f"--nodes={name}" for name in node_files),
               *(f"--relationships={name}" for name in rel_files), "neo4j"]
    (out / "neo4j-admin-import.txt").write_text(" \\\n  ".join(command) + "\n", "utf-8")
    return {"nodes": len(entities), "relationships": len(links),
            "files": len(node_files) + len(rel_files)}
