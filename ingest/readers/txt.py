"""Plain-text notes and forms (.txt): decoded, with ``\\n`` line ends.

Character offsets in extraction output index this text, so nothing but the encoding and
the line ends is changed.
"""

from __future__ import annotations

from pathlib import Path

from ingest.readers.source import Source, content_hash
from ingest.readers.support import decode_text

FORMAT = "txt"
EXTENSIONS = (".txt", ".text")
MIME_TYPES = ("text/plain",)
SCORE = 10


def sniff(data: bytes) -> bool:
    """Plain text has no magic; the extension decides."""
    return False


def read(path: Path, data: bytes, *, max_bytes: int) -> Source:
    return Source(path=path, format=FORMAT, content_hash=content_hash(data),
                  text=decode_text(data, str(path)))
