"""Rendering a meeting pack: print-ready HTML, PDF, JSON, or a readable text summary.

Every renderer draws the same pack (:mod:`graph.meetings.sections`), so the HTML, the PDF
and the JSON of a meeting always agree. :func:`write` picks the format by the file's
extension. Partner versions are made before rendering by :func:`graph.report.redact.redact`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph.exc import InvalidValue

FORMATS = (".html", ".pdf", ".json")


def render(pack: Mapping[str, Any], suffix: str) -> bytes:
    """The pack as the bytes of a ``.html``, ``.pdf`` or ``.json`` file."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        from graph.report.to_html import to_html

        return to_html(pack).encode("utf-8")
    if suffix == ".pdf":
        from graph.report.to_pdf import to_pdf

        return to_pdf(pack)
    if suffix == ".json":
        from graph.report.to_json import to_json

        return to_json(pack).encode("utf-8")
    raise InvalidValue(f"cannot write a pack as {suffix or 'a file without extension'}: "
                       f"use one of {', '.join(FORMATS)}")


def write(pack: Mapping[str, Any], path: Path) -> Path:
    """Write the pack to ``path`` in the format its extension names, all or nothing."""
    data = render(pack, Path(path).suffix)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path
