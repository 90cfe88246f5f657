"""What a reader returns: the file's identity and its content in one plain shape.

Readers stop at text, rows or parsed JSON; mapping that content onto records (notes, forms,
episodes) is a separate step, so a new file format needs only a new reader.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Source:
    """One file as read.

    ``content_hash`` is the SHA-256 of the raw bytes, so re-ingesting the same file is a no-op.
    ``row_numbers`` runs beside ``rows``: the row number of each as the user sees it in a
    spreadsheet (header = 1); blank rows are left out of ``rows`` but still counted.
    ``headers`` are the header cells as written, so a file with no data rows still shows
    which columns it has.
    """

    path: Path
    format: str
    content_hash: str
    text: str | None = None
    rows: list[dict[str, str]] | None = None
    data: Any = None
    row_numbers: list[int] | None = None
    headers: list[str] | None = None


def content_hash(data: bytes) -> str:
    """SHA-256 hex digest of the raw bytes."""
    return hashlib.sha256(data).hexdigest()
