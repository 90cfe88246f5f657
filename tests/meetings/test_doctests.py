"""The examples in the meeting and report modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.meetings.periods", "graph.meetings.episodes", "graph.meetings.actions",
           "graph.report.cells"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
