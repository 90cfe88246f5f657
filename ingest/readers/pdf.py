"""PDF notes and forms (.pdf): the text layer of each page, pages joined with ``\\n``.

A PDF without an end-of-file marker is refused rather than read in part, because half a
note is worse than none. Scans (no text layer) are refused with a clear reason: rhigraph
does no OCR. PDFs locked only by an owner password open with the empty user password, as
they do in any viewer.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from graph.exc import ReadError
from ingest.readers.source import Source, content_hash

FORMAT = "pdf"
EXTENSIONS = (".pdf",)
MIME_TYPES = ("application/pdf",)
SCORE = 20
_EOF_WINDOW = 2048


def sniff(data: bytes) -> bool:
    """The ``%PDF`` header, allowing for junk some generators put before it."""
    return b"%PDF-" in data[:1024]


def read(path: Path, data: bytes, *, max_bytes: int) -> Source:
    from pypdf import PdfReader

    name = str(path)
    if not sniff(data):
        raise ReadError(name, "not a PDF: no %PDF header")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise ReadError(name, "truncated or corrupt PDF: no end-of-file marker")
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception:  # pypdf raises many kinds on a damaged file
        raise ReadError(name, "corrupt PDF: its structure could not be read") from None
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise ReadError(name, "encrypted PDF: it needs a password to open")
    try:
        pages = list(reader.pages)
    except Exception:
        raise ReadError(name, "corrupt PDF: its pages could not be read") from None
    texts = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception:
            raise ReadError(name, "corrupt PDF: a page's text could not be read",
                            where=f"page {number}") from None
    text = "\n".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(name, "PDF has no text layer (a scanned image?); OCR is not supported")
    return Source(path=path, format=FORMAT, content_hash=content_hash(data), text=text)
