"""Excel workbooks (.xlsx): the first worksheet with data, one dict per row.

Cells come back as the text a user sees; dates typed as Excel dates become ISO strings so
that the day-first rule for typed-in dates never flips them. A formula is read as its cached
value, or as its own text when the workbook has none (files written by scripts): a name
typed as ``=HYPERLINK(...)`` stays plain text for the output layer to neutralise.
Row numbers are the sheet's own, as Excel shows them.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from graph.exc import ReadError
from ingest.readers.source import Source, content_hash
from ingest.readers.support import cell_text, open_zip

FORMAT = "xlsx"
EXTENSIONS = (".xlsx", ".xlsm")
MIME_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
SCORE = 20
_PART = "xl/workbook.xml"
_KIND = "Excel workbook"


def sniff(data: bytes) -> bool:
    """A zip container holding a workbook part."""
    return data.startswith(b"PK\x03\x04") and _PART.encode() in data[-65536:]


def read(path: Path, data: bytes, *, max_bytes: int) -> Source:
    name = str(path)
    open_zip(data, name, kind=_KIND, required=_PART, max_bytes=max_bytes)
    sheet, formulas = _load(data, name, data_only=False)
    cached = formulas
    if _has_formula(formulas):
        cached = _load(data, name, data_only=True, sheet=sheet)[1]
    headers: list[str] | None = None
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, (raw, shown) in enumerate(zip(formulas, cached, strict=False), start=1):
        cells = [cell_text(s if s is not None else r)
                 for r, s in zip(raw, shown, strict=False)]
        if not any(cells):
            continue
        if headers is None:
            headers = _headers(cells, name, number)
            continue
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
        rows.append(row)
        numbers.append(number)
    if headers is None:
        raise ReadError(name, "empty workbook: no header row")
    return Source(path=path, format=FORMAT, content_hash=content_hash(data), rows=rows,
                  row_numbers=numbers, headers=[h for h in headers if h])


def _load(data: bytes, name: str, *, data_only: bool, sheet: int | None = None
          ) -> tuple[int, list[tuple[object, ...]]]:
    """Rows of the first worksheet with data (or of worksheet ``sheet``), padded to one width."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=data_only)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise ReadError(name, f"corrupt {_KIND}: it could not be opened") from None
    try:
        for index, worksheet in enumerate(book.worksheets):
            if sheet is not None and index != sheet:
                continue
            values = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
            if sheet is not None or any(any(v not in (None, "") for v in row) for row in values):
                width = max((len(row) for row in values), default=0)
                return index, [row + (None,) * (width - len(row)) for row in values]
        return 0, []
    except Exception:
        raise ReadError(name, f"corrupt {_KIND}: a worksheet could not be read") from None
    finally:
        book.close()


def _has_formula(rows: list[tuple[object, ...]]) -> bool:
    return any(isinstance(v, str) and v.startswith("=") for row in rows for v in row)


def _headers(cells: list[str], name: str, number: int) -> list[str]:
    seen: set[str] = set()
    for position, header in enumerate(cells, start=1):
        key = header.casefold()
        if key and key in seen:
            raise ReadError(name, "two columns have the same header",
                            where=f"row {number}, column {position}")
        seen.add(key)
    return cells
