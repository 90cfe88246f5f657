"""Resolution fixtures: real SQLite files, documents written through ingest's own mapping."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.store import SQLiteStore
from ingest import batches
from ingest.readers import Source


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh store file."""
    opened = SQLiteStore(tmp_path / "resolve.db")
    try:
        yield opened
    finally:
        opened.close()


def person(text: str, role: str | None = None, *aliases: str, **attributes: Any
           ) -> dict[str, Any]:
    """A PERSON entity as extraction gives it (key: the name, folded)."""
    from graph.types import name

    return {"type": "PERSON", "text": text, "role": role, "aliases": list(aliases),
            "normalised": name.clean(max([text, *aliases], key=lambda t: len(t.split()))),
            "attributes": attributes}


def place(text: str, key: str, *aliases: str, **attributes: Any) -> dict[str, Any]:
    return {"type": "LOCATION", "text": text, "normalised": key, "aliases": list(aliases),
            "attributes": attributes}


def vehicle(text: str, key: str, **attributes: Any) -> dict[str, Any]:
    return {"type": "VEHICLE", "text": text, "normalised": key, "aliases": [],
            "attributes": attributes}


def phone(text: str, key: str) -> dict[str, Any]:
    return {"type": "PHONE", "text": text, "normalised": key, "aliases": [], "attributes": {}}


def write_doc(store: SQLiteStore, doc_id: str, child_id: str | None,
              entities: Sequence[dict[str, Any]],
              relations: Sequence[tuple[str, Any, Any]] = (), *, kind: str = "rhi_note",
              date: str = "2026-01-10", version: str = "1") -> None:
    """Write one document the way ingest does (``extraction_batch``): ``relations`` are
    (type, source, target) with entity indexes or ``"CHILD"``."""
    result = {
        "document": {"id": doc_id, "kind": kind, "child_id": child_id, "date": date,
                     "fields": {}},
        "entities": [dict(e) for e in entities],
        "indicators": [],
        "relations": [{"type": t, "source": s, "target": o} for t, s, o in relations],
    }
    digest = hashlib.sha256((json.dumps(result, sort_keys=True) + version).encode()).hexdigest()
    source = Source(Path(doc_id), "txt", digest, text="")
    store.write(batches.extraction_batch(source, result))
