"""No SQL in the governance package is built from values: every statement is a literal.

A static check over the source (the issue's "no SQL built from user text"): each call of
``execute``, ``executemany``, ``read``, ``stream`` or ``read_sql`` takes a string literal
(or a module constant holding one, optionally with a literal appended), and no f-string,
``%`` or ``.format`` anywhere builds text that looks like SQL.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "rhigraph" / "governance").glob("*.py")) + [
    ROOT / "rhigraph" / "commands" / "governance.py"]
SQL_CALLS = {"execute", "executemany", "read", "stream", "read_sql", "_read"}
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|WHERE|PRAGMA)\b")


def _constants(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            value = node.value
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _literal(node: ast.expr, constants: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constants or node.id in ("sql", "statement")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left, constants) and _literal(node.right, constants)
    return False


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sql_is_only_literals_with_parameters(path: Path) -> None:
    tree = ast.parse(path.read_text())
    constants = _constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            assert not SQL_WORDS.search(text), f"{path.name}:{node.lineno} f-string SQL"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(
                node.left, ast.Constant) and SQL_WORDS.search(str(node.left.value)):
            pytest.fail(f"{path.name}:{node.lineno} %-formatted SQL")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in SQL_CALLS and node.args:  # a bound ``read_sql``
            assert _literal(node.args[0], constants), \
                f"{path.name}:{node.lineno} SQL is not a literal"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format" and isinstance(node.func.value, ast.Constant) \
                    and SQL_WORDS.search(str(node.func.value.value)):
                pytest.fail(f"{path.name}:{node.lineno} .format SQL")
            if node.func.attr in SQL_CALLS and node.args:
                assert _literal(node.args[0], constants), \
                    f"{path.name}:{node.lineno} SQL is not a literal"


def test_the_check_would_catch_interpolation() -> None:
    bad = ast.parse('conn.execute(f"SELECT * FROM users WHERE name = {name}")')
    call = next(n for n in ast.walk(bad) if isinstance(n, ast.Call))
    assert not _literal(call.args[0], set())
