"""The examples in every analysis module's docstrings run (they are the documentation)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import graph.analysis

MODULES = sorted(f"graph.analysis.{m.name}" for m in pkgutil.iter_modules(
    graph.analysis.__path__))


def test_every_analysis_module_is_checked() -> None:
    assert {"graph.analysis.hotspots", "graph.analysis.associates", "graph.analysis.paths",
            "graph.analysis.triangles", "graph.analysis.communities"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module)
    assert result.failed == 0


#: run.py reads a store: its behaviour is shown by the tests that run it on real files.
PURE = [m for m in MODULES if m != "graph.analysis.run"]


@pytest.mark.parametrize("name", PURE)
def test_every_public_function_has_an_example(name: str) -> None:
    module = importlib.import_module(name)
    missing = [attr for attr, value in vars(module).items()
               if inspect.isfunction(value) and value.__module__ == name
               and not attr.startswith("_") and ">>>" not in (value.__doc__ or "")]
    assert not missing, f"{name}: no example in {missing}"
