"""The examples in the interchange modules' docstrings, and the store records', run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.export.cells", "graph.export.neo4j_csv", "graph.store.cypher",
           "graph.store.neo4j", "graph.store.records", "ingest.neo4j_csv"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
