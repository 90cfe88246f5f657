"""Every export format, written from a real store and read back from the file.

The store holds text that would run as spreadsheet formulas (see conftest.py): each format
must write it neutralised, keep provenance (document, agency, 3x5x2 grading) on every link,
and read back with the same number of nodes and edges.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

from graph.export import FORMATS, export, i2
from graph.store import Filters, SQLiteStore
from tests.graph.export.conftest import HOSTILE

PROVENANCE = ("document_id", "agency", "source_evaluation", "intelligence_assessment",
              "handling_code", "grading", "observed_at", "submitted_by")


def _cells(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def _assert_neutralised(values: list[str], hostile_values: tuple[str, ...] = HOSTILE) -> None:
    for hostile in hostile_values:
        assert hostile not in values, f"{hostile!r} written as is"
        assert "'" + hostile in values, f"{hostile!r} missing from the export"


def test_i2_rows_carry_both_ends_and_provenance(store: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "i2.csv"
    counts = export("i2", store, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "Excel and i2 need the UTF-8 BOM"
    header, *rows = _cells(out, "utf-8-sig")
    assert tuple(header) == i2.COLUMNS
    assert len(rows) == counts["links"] == len(list(store.links()))
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert all(row["document"] and row["agency"] and row["grading"] for row in table)
    graded = next(r for r in table if r["link_type"] == "WITH")
    assert (graded["source_evaluation"], graded["intelligence_assessment"],
            graded["handling_code"], graded["grading"]) == ("B", "2", "C", "B2C")
    assert graded["entity1_type"] == "Child" and graded["entity1_label"] == "Jade Turner"
    assert graded["date"] == "2026-01-23" and graded["document"] == "isf1"
    timed = next(r for r in table if r["link_type"] == "AT" and r["document"] == "rhi1")
    assert (timed["date"], timed["time"], timed["grading"]) == ("2026-02-02", "14:05:00",
                                                                 "ungraded")
    # i2 rows hold labels and provenance (not entity props): the label and the submitter
    _assert_neutralised([cell for row in rows for cell in row], (HOSTILE[0], HOSTILE[3]))


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_parse_back_with_provenance(store: SQLiteStore, tmp_path: Path,
                                                  fmt: str, reader) -> None:
    out = tmp_path / f"graph.{fmt}"
    counts = export(fmt, store, out)
    graph = reader(out)
    assert graph.number_of_nodes() == counts["nodes"] == len(store.entities())
    assert graph.number_of_edges() == counts["edges"] == len(list(store.links()))
    for _, _, data in graph.edges(data=True):
        assert all(isinstance(data[k], str) for k in PROVENANCE)
        assert data["document_id"] in ("isf1", "rhi1") and data["agency"]
    with_edge = next(d for *_, d in graph.edges(data=True) if d.get("relation") == "WITH")
    assert (with_edge["grading"], with_edge["handling_code"]) == ("B2C", "C")
    assert with_edge["prop_note"] == "'" + HOSTILE[2]
    labels = [d.get("label") for _, d in graph.nodes(data=True)]
    props = [v for _, d in graph.nodes(data=True) for k, v in d.items() if k.startswith("prop_")]
    submitters = [d["submitted_by"] for *_, d in graph.edges(data=True)]
    _assert_neutralised(labels + props + submitters + [with_edge["prop_note"]])
    flat = next(d for _, d in graph.nodes(data=True) if d.get("entity_key") == "18 mossfield court")
    assert flat["sources"] == "isf1; rhi1" and flat["gradings"] == "B2C; ungraded"
    assert flat["prop_longitude"] == "-2.43", "numbers are not neutralised"


def test_neo4j_csv_files_follow_the_admin_import_layout(store: SQLiteStore,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "neo4j"
    counts = export("neo4j-csv", store, out)
    nodes = sorted(p.name for p in out.glob("*.nodes.*.csv"))
    rels = sorted(p.name for p in out.glob("*.relationships.*.csv"))
    assert nodes == [f"rhigraph.nodes.{t}.csv" for t in
                     ("Child", "Document", "Location", "Person", "Vehicle")]
    assert counts["files"] == len(nodes) + len(rels)
    header, *rows = _cells(out / "rhigraph.nodes.Person.csv")
    assert header[:3] == ["id:ID", "key", "label"] and header[-1] == ":LABEL"
    assert "age:long" in header and "aliases:string[]" in header and "_label" in header
    person = dict(zip(header, rows[0], strict=True))
    assert person[":LABEL"] == "Entity;Person" and person["aliases:string[]"] == "Deano;D"
    location = dict(zip(*_cells(out / "rhigraph.nodes.Location.csv"), strict=True))
    assert location["latitude:double"] == "53.58"
    header, *rows = _cells(out / "rhigraph.relationships.WITH.csv")
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    link = dict(zip(header, rows[0], strict=True))
    assert (link["document_id"], link["agency"], link["handling_code"]) == ("isf1", "GMP", "C")
    assert link["start:long"] == "0" and link["note"] == "'" + HOSTILE[2]
    every = [cell for path in out.glob("*.csv") for row in _cells(path) for cell in row]
    _assert_neutralised(every)
    assert "neo4j-admin database import full" in (out / "neo4j-admin-import.txt").read_text()


def test_filters_leave_out_withheld_facts_and_what_only_they_show(store: SQLiteStore,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "p.graphml"
    export("graphml", store, out, Filters(handling_codes=("P",)))
    graph = nx.read_graphml(out)
    assert {d["document_id"] for *_, d in graph.edges(data=True)} == {"rhi1"}
    assert not [n for n, d in graph.nodes(data=True) if d["entity_type"] == "Vehicle"], \
        "the car is known only from a handling-code C form"


def test_every_format_is_registered() -> None:
    assert FORMATS == ("i2", "graphml", "gexf", "neo4j-csv")
