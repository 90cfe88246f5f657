"""Delimited exports (.csv, .tsv): one dict per data row, keyed by the header as written.

Police and council systems export with commas, semicolons (European Excel) or tabs, so the
delimiter is chosen from those three by which one splits the first records most
consistently. Quoted cells may hold commas and newlines. Row numbers are record numbers
with the header as row 1, which is what a user opening the file in Excel sees.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from graph.exc import ReadError
from ingest.readers.source import Source, content_hash
from ingest.readers.support import decode_text

FORMAT = "csv"
EXTENSIONS = (".csv", ".tsv", ".tab")
MIME_TYPES = ("text/csv", "text/tab-separated-values")
SCORE = 10
DELIMITERS = (",", ";", "\t")
#: Key under which a row's cells beyond the last header are kept (joined with the
#: delimiter), so that the row can be reported rather than silently shifted.
OVERFLOW = "\x00overflow"
_SAMPLE_RECORDS = 20


def sniff(data: bytes) -> bool:
    """CSV has no magic; the extension decides."""
    return False


def choose_delimiter(text: str) -> str:
    """The delimiter giving the widest header that the next records agree with.

    >>> choose_delimiter("a;b;c\\n1;2,5;3\\n")
    ';'
    >>> choose_delimiter("a,b\\n1,2\\n")
    ','
    """
    best, best_score = ",", (0, 0.0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        records = []
        try:
            for record in reader:
                if record:
                    records.append(record)
                if len(records) > _SAMPLE_RECORDS:
                    break
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        agree = sum(len(r) == width for r in records[1:]) / max(len(records) - 1, 1)
        score = (round(agree, 1) >= 0.8, width) if len(records) > 1 else (True, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read(path: Path, data: bytes, *, max_bytes: int) -> Source:
    name = str(path)
    text = decode_text(data, name)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    headers: list[str] | None = None
    number = 0
    try:
        for record in reader:
            if headers is None:
                if not any(cell.strip() for cell in record):
                    continue  # blank lines before the header are not rows
                headers = _headers(record, name)
                number = 1
                continue
            number += 1
            if not any(cell.strip() for cell in record):
                continue
            row = {h: (record[i].strip() if i < len(record) else "")
                   for i, h in enumerate(headers) if h}
            extra = [c for c in record[len(headers):] if c.strip()]
            if extra:
                row[OVERFLOW] = delimiter.join(extra)
            rows.append(row)
            numbers.append(number)
    except csv.Error as err:
        raise ReadError(name, f"malformed CSV ({type(err).__name__})",
                        where=f"row {number + 1}") from None
    if headers is None:
        raise ReadError(name, "empty file: no header row")
    return Source(path=path, format=FORMAT, content_hash=content_hash(data), rows=rows,
                  row_numbers=numbers, headers=[h for h in headers if h])


def _headers(record: list[str], name: str) -> list[str]:
    headers = [cell.strip() for cell in record]
    seen: set[str] = set()
    for position, header in enumerate(headers, start=1):
        key = header.casefold()
        if key and key in seen:
            raise ReadError(name, "two columns have the same header",
                            where=f"row 1, column {position}")
        seen.add(key)
    return headers
