"""Readers: one module per file format, and the manager that picks one for a file.

Each reader module declares ``FORMAT``, ``EXTENSIONS``, ``MIME_TYPES`` and ``SCORE``, a
``sniff(data)`` that recognises its magic bytes, and ``read(path, data, max_bytes=...)``
returning a :class:`Source`. :func:`read` scores every reader on the file's content (magic
bytes count double) and name, and runs the best; a file nobody claims is
:class:`~graph.exc.UnsupportedFormat`. Adding a format is adding a module to ``READERS``.

Errors name the file and where (row, page, byte, line/column) and say what was expected;
they never quote the file's content, which is personal data.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from types import ModuleType

from graph.exc import ReadError, UnsupportedFormat
from ingest.readers import csv, docx, json, pdf, txt, xlsx
from ingest.readers.source import Source, content_hash

READERS: tuple[ModuleType, ...] = (txt, csv, xlsx, docx, pdf, json)
DEFAULT_MAX_BYTES = 10_000_000
OVERFLOW = csv.OVERFLOW

#: Formats people send that no reader handles, with the fix to suggest.
_KNOWN_UNSUPPORTED = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "legacy Word/Excel (.doc/.xls) or password-protected Office file: not supported; "
     "save it as .docx or .xlsx without a password"),
    (b"{\\rtf", "RTF files are not supported: save as .docx or .txt"),
)


def read(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read ``path`` with the best-matching reader.

    Size is checked before a byte is read, so an oversized file fails at once.
    """
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(name, "file not found") from None
    except OSError as err:
        raise ReadError(name, f"cannot be read ({type(err).__name__})") from None
    if not path.is_file():
        raise ReadError(name, "not a regular file")
    if size == 0:
        raise ReadError(name, "empty file")
    if size > max_bytes:
        raise ReadError(name, f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReadError(name, f"cannot be read ({type(err).__name__})") from None
    if len(data) > max_bytes:  # grew between stat and read
        raise ReadError(name, f"file is over the limit of {max_bytes:,} bytes")
    reader = choose_reader(path, data)
    return reader.read(path, data, max_bytes=max_bytes)


def choose_reader(path: Path, data: bytes) -> ModuleType:
    """The reader with the best score for this name and content, or UnsupportedFormat."""
    suffix = path.suffix.lower()
    mime = mimetypes.guess_type(path.name)[0]
    for magic, reason in _KNOWN_UNSUPPORTED:
        if data.startswith(magic):
            raise UnsupportedFormat(str(path), reason)
    scored = []
    for reader in READERS:
        score = 0
        if reader.sniff(data):
            score += 2 * reader.SCORE
        if suffix in reader.EXTENSIONS or (mime and mime in reader.MIME_TYPES):
            score += reader.SCORE
        if score:
            scored.append((score, reader))
    if not scored:
        known = ", ".join(sorted({e for r in READERS for e in r.EXTENSIONS}))
        raise UnsupportedFormat(str(path), f"format not supported: expected one of {known}")
    return max(scored, key=lambda pair: pair[0])[1]


__all__ = ["DEFAULT_MAX_BYTES", "OVERFLOW", "READERS", "Source", "choose_reader",
           "content_hash", "read"]
