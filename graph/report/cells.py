"""How a value reads in a cell, the same in HTML, PDF and text."""

from __future__ import annotations

import re
from typing import Any

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:00)?(\.\d+)?$")

MARKING = "OFFICIAL-SENSITIVE"


def cell(value: Any) -> str:
    """Text for one value: blank for nothing, yes/no, lists joined, ISO moments readable.

    >>> cell("2026-03-13T21:30:00"), cell(["C-1", "C-2"]), cell(None), cell(True)
    ('2026-03-13 21:30', 'C-1, C-2', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    text = str(value)
    match = _ISO.match(text)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    return text


def marking(pack: dict[str, Any] | Any) -> str:
    """The protective marking printed on every page."""
    return f"{MARKING} - partner version" if pack.get("redacted") else MARKING
