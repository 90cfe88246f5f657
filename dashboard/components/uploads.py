"""Checks on uploaded files before anything is written, and rejections as a table.

Pure functions so the checks can be tested on names and sizes alone. Extension and size are
checked here (the browser's own checks are not trusted); the readers then identify each file
by its content and reject what does not match (:mod:`ingest.readers`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

import pandas as pd

from graph.store import Rejection
from ingest.readers import READERS

#: Extensions some reader handles, e.g. ``.txt``, ``.docx``, ``.csv``.
EXTENSIONS: tuple[str, ...] = tuple(sorted({e for r in READERS for e in r.EXTENSIONS}))
_UNSAFE = re.compile(r"[^\w .,()+@-]")


@dataclass(frozen=True)
class Checked:
    """One upload: its name as sent, the name it is saved under, and why it is refused
    (``None`` when accepted)."""

    name: str
    safe_name: str
    problem: str | None


def safe_name(name: str) -> str:
    """A plain file name: no folders, control or unusual characters, no leading dot (which
    ingest would skip as hidden).

    >>> safe_name("../../etc/passwd.txt"), safe_name(".x.txt")
    ('passwd.txt', 'x.txt')
    >>> safe_name("C:\\\\notes\\\\rhi 1.txt")
    'rhi 1.txt'
    """
    base = PureWindowsPath(PurePath(name).name).name
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE.sub("_", base).strip().lstrip(".")
    return base[:150] or "upload"


def check(files: Iterable[tuple[str, int]], *, max_bytes: int) -> list[Checked]:
    """Each (name, size) checked for a known extension, a size within ``max_bytes``, not
    empty, and a name not already in this upload.

    >>> [c.problem for c in check([("a.txt", 10), ("b.exe", 10), ("c.pdf", 99), ("a.txt", 1)],
    ...                           max_bytes=50)]
    [None, 'not a format rhigraph reads (.exe)', 'too large: 99 bytes, the limit is 50', \
'another file in this upload has the same name']
    """
    out, seen = [], set()
    for name, size in files:
        clean = safe_name(name)
        suffix = PurePath(clean).suffix.lower()
        problem = None
        if suffix not in EXTENSIONS:
            problem = f"not a format rhigraph reads ({suffix or 'no extension'})"
        elif size > max_bytes:
            problem = f"too large: {size:,} bytes, the limit is {max_bytes:,}"
        elif size == 0:
            problem = "empty file"
        elif clean.casefold() in seen:
            problem = "another file in this upload has the same name"
        seen.add(clean.casefold())
        out.append(Checked(name, clean, problem))
    return out


def rejection_frame(rejections: Sequence[Rejection]) -> pd.DataFrame:
    """Rejections as a table: when, which file (its name only), where in it, and why."""
    records = [{"When": str(getattr(r, "rejected_at", "") or "")[:16].replace("T", " "),
                "File": PurePath(r.path).name, "Where": r.where or "", "Why": r.reason}
               for r in rejections]
    return pd.DataFrame.from_records(records, columns=["When", "File", "Where", "Why"])
