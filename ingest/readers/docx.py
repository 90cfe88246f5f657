"""Word documents (.docx): paragraphs in order, tables as ``Label: Value`` lines.

RHI templates are often a two-column table of labels and values followed by headed
paragraphs. Rendering each table row as ``Label: Value`` lets the same note mapping read a
Word note and a typed one. A row of four cells that alternate label and value becomes
``L1: V1 | L2: V2``; any other wide row is its cells joined with `` | ``. Merged cells
(which Word repeats across the columns they span) are read once.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from graph.exc import ReadError
from ingest.readers.source import Source, content_hash
from ingest.readers.support import open_zip

FORMAT = "docx"
EXTENSIONS = (".docx", ".docm")
MIME_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
SCORE = 20
_PART = "word/document.xml"
_KIND = "Word document"


def sniff(data: bytes) -> bool:
    """A zip container holding a Word document part."""
    return data.startswith(b"PK\x03\x04") and _PART.encode() in data[-65536:]


def read(path: Path, data: bytes, *, max_bytes: int) -> Source:
    import docx
    from docx.table import Table

    name = str(path)
    open_zip(data, name, kind=_KIND, required=_PART, max_bytes=max_bytes)
    try:
        document = docx.Document(BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(table_lines(block))
            else:
                lines.append(block.text)
    except Exception:  # python-docx and lxml raise many kinds on a damaged document
        raise ReadError(name, f"corrupt {_KIND}: its content could not be read") from None
    text = "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(name, "empty document: no text")
    return Source(path=path, format=FORMAT, content_hash=content_hash(data), text=text)


def table_lines(table: object) -> list[str]:
    """One line (or a label with a multi-line value) per non-empty table row."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip())
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            lines.append(render_row(cells))
    return lines


def render_row(cells: list[str]) -> str:
    """Render one row's cell texts.

    >>> render_row(["Name", "Kayla BRENNAN"])
    'Name: Kayla BRENNAN'
    >>> render_row(["DOB:", "22/09/2010", "Child ref", "C-1001"])
    'DOB: 22/09/2010 | Child ref: C-1001'
    >>> render_row(["Date", "Time", "Place"])
    'Date | Time | Place'
    """
    if len(cells) == 1:
        return cells[0]
    if len(cells) % 2 == 0 and all(_label_like(c) for c in cells[::2]):
        return " | ".join(_pair(cells[i], cells[i + 1]) for i in range(0, len(cells), 2))
    return " | ".join(cells)


def _pair(label: str, value: str) -> str:
    label = label.rstrip().rstrip(":").rstrip()
    if not label:
        return value
    return f"{label}: {value}" if value else f"{label}:"


def _label_like(cell: str) -> bool:
    return bool(cell) and "\n" not in cell and len(cell.split()) <= 6 and len(cell) <= 60
