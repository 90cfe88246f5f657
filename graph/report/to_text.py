"""A readable summary of a pack for the terminal, when no ``--out`` file is asked for.

Plain text, never markup: values are printed as written (a name like ``[bold]`` stays text).
Tables show their first rows; the files carry everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.report.cells import cell, marking

MAX_ROWS = 12
MAX_WIDTH = 28


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(section: Mapping[str, Any], max_rows: int) -> list[str]:
    columns = section["columns"]
    rows = section["rows"]
    if not rows:
        return [f"  {section.get('empty') or 'None.'}"]
    if section.get("record"):
        return [f"  {c['label']}: {cell(rows[0].get(c['key']))}" for c in columns]
    shown = rows[:max_rows]
    grid = [[_clip(c["label"], MAX_WIDTH) for c in columns]]
    grid += [[_clip(cell(r.get(c["key"])), MAX_WIDTH) for c in columns] for r in shown]
    widths = [max(len(line[i]) for line in grid) for i in range(len(columns))]
    lines = ["  " + "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip()
             for line in grid]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    if len(rows) > len(shown):
        lines.append(f"  ... and {len(rows) - len(shown)} more (write the pack with --out)")
    return lines


def to_text(pack: Mapping[str, Any], max_rows: int = MAX_ROWS) -> str:
    """The headline figures and the first rows of every section."""
    lines = [marking(pack), pack["title"], f"as of {cell(pack['as_of'])}", ""]
    lines += [f"  {item['label']}: {cell(item['value'])}" for item in pack["headline"]]
    for note in pack.get("notes") or []:
        lines.append(f"  note: {note}")
    for section in pack["sections"]:
        lines += ["", section["title"]]
        if section["type"] == "figure":
            graph = section["graph"]
            lines.append(f"  {len(graph['nodes'])} things and {len(graph['edges'])} links "
                         "(drawn in the HTML and PDF)")
        else:
            lines += _table(section, max_rows)
    return "\n".join(lines) + "\n"
