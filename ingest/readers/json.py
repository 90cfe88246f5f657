"""JSON forms (.json), e.g. an information-sharing form exported by a partner's system.

A parse error reports line and column (from :mod:`json`) but never the text around it.
"""

from __future__ import annotations

import json
from pathlib import Path

from graph.exc import ReadError
from ingest.readers.source import Source, content_hash
from ingest.readers.support import decode_text

FORMAT = "json"
EXTENSIONS = (".json",)
MIME_TYPES = ("application/json",)
SCORE = 10


def sniff(data: bytes) -> bool:
    """JSON has no magic; the extension decides."""
    return False


def read(path: Path, data: bytes, *, max_bytes: int) -> Source:
    text = decode_text(data, str(path))
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReadError(str(path), f"not valid JSON: {err.msg}",
                        where=f"line {err.lineno}, column {err.colno}") from None
    except RecursionError:
        raise ReadError(str(path), "not valid JSON: nested too deeply") from None
    return Source(path=path, format=FORMAT, content_hash=content_hash(data), data=parsed)
