"""The examples in the ingest modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["ingest.readers.layout", "ingest.readers.support", "ingest.readers.csv",
           "ingest.readers.docx", "ingest.readers.pdf", "ingest.notes", "ingest.forms",
           "ingest.tabular"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
