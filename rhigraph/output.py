"""Printing rows for people and for programs: ``--format table`` or ``--format json``.

Tables go through rich with markup off, so a name such as ``[bold]x`` or ``<script>`` in the
data is printed as written and can never restyle or inject into the terminal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(highlight=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    return str(value)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None,
         title: str | None = None) -> None:
    """Print ``rows`` as JSON (all keys) or as a table of ``columns``."""
    if fmt == "json":
        print(json.dumps(list(rows), indent=2, ensure_ascii=False, default=str))
        return
    columns = list(columns or (rows[0].keys() if rows else []))
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table, markup=False)
