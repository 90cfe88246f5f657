"""The examples in the nlp modules' docstrings run (they document what each rule reads)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import nlp.components

MODULES = sorted(["nlp.extract", "nlp.scoring", "nlp.evaluate", "nlp.pipeline"]
                 + [f"nlp.components.{m.name}" for m in pkgutil.iter_modules(
                     nlp.components.__path__)])


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
