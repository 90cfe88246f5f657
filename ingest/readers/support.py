"""Shared help for the readers: text decoding, zip safety, and cell values as strings.

Agencies send files saved by Word, Excel, case-management exports and Notepad on old
Windows machines, so text arrives as UTF-8 (with or without a byte-order mark), UTF-16 with a
BOM, or Windows-1252. Decoding tries those in that order and never crashes: bytes that no
encoding explains become U+FFFD rather than an exception half-way through an ingest.

cp1252 is tried *before* charset-normalizer on purpose: on short UK notes the detector reads
"£" as cp1250 "Ł" or cp932, while cp1252 is what these files almost always are. The detector
is only asked about bytes that cp1252 cannot decode at all, and only if it is importable.
"""

from __future__ import annotations

import codecs
import datetime as dt
import zipfile
from io import BytesIO

from graph.exc import ReadError

#: Decompressed size a Word or Excel file may expand to, relative to ``max_bytes``: a guard
#: against zip bombs, generous enough for any real note or export.
ZIP_EXPANSION_LIMIT = 20

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: str) -> str:
    """Decode a text file and normalise line ends to ``"\\n"``.

    Raises :class:`ReadError` for a file with no text or with NUL bytes outside UTF-16/32
    (a binary file given a text name).
    """
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise ReadError(path, f"not valid {encoding.upper()} text despite its "
                                      "byte-order mark", where=f"byte {err.start}") from None
            break
    if text is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ReadError(path, "binary file: NUL bytes found where text was expected",
                            where=f"byte {nul}")
        text = _decode_unmarked(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "empty file: no text")
    return text


def _decode_unmarked(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: not a dependency of rhigraph
        return data.decode("cp1252", errors="replace")
    best = from_bytes(data).best()
    if best is None:
        return data.decode("cp1252", errors="replace")
    return str(best)


def open_zip(data: bytes, path: str, *, kind: str, required: str, max_bytes: int
             ) -> zipfile.ZipFile:
    """Open an Office file's zip container, checking it is whole, of the right kind and small.

    ``required`` is a member every file of the kind has (``word/document.xml``).
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = set(archive.namelist())
        bad = archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise ReadError(path, f"corrupt {kind}: not a readable zip container") from None
    except Exception:  # zlib and struct errors from a damaged archive
        raise ReadError(path, f"corrupt {kind}: the zip container is damaged") from None
    if bad is not None:
        raise ReadError(path, f"corrupt {kind}: a part of the zip container is damaged")
    if required not in names:
        raise ReadError(path, f"not a {kind}: the zip container has no {required}")
    expanded = sum(info.file_size for info in archive.infolist())
    if expanded > max_bytes * ZIP_EXPANSION_LIMIT:
        raise ReadError(path, f"{kind} expands to more than {ZIP_EXPANSION_LIMIT} times the "
                              "size limit when unzipped")
    return archive


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a user sees, with dates in ISO so they are unambiguous.

    >>> cell_text(dt.datetime(2026, 1, 2, 19, 45))
    '2026-01-02T19:45'
    >>> cell_text(dt.datetime(2010, 9, 22))
    '2010-09-22'
    >>> cell_text(1042.0)
    '1042'
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
