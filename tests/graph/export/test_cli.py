"""``rhigraph export``: each format from the command line, on a real store file."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.store import SQLiteStore
from rhigraph.cli import main


@pytest.mark.parametrize("fmt,name", [("i2", "net.csv"), ("graphml", "net.graphml"),
                                      ("gexf", "net.gexf"), ("neo4j-csv", "neo4j")])
def test_export_command_writes_each_format(store: SQLiteStore, tmp_path: Path, fmt: str,
                                           name: str) -> None:
    out = tmp_path / "out" / name
    result = CliRunner().invoke(main, ["--db", store.path, "export", "--format", fmt,
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_export_command_filters_by_handling_code(store: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "p.graphml"
    result = CliRunner().invoke(main, ["--db", store.path, "export", "--format", "graphml",
                                       "--out", str(out), "--handling-code", "P"])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    assert {d["handling_code"] for *_, d in graph.edges(data=True)} == {""}
