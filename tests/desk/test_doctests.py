"""The examples in the desk modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.desk.state", "graph.desk.notes", "graph.desk.triage", "graph.desk.unshared",
           "graph.desk.excerpts", "graph.desk.grading", "graph.desk.subjects",
           "graph.desk.draft_isf"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
