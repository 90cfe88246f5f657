"""Fixtures for the RHI manager's desk: one generated area, ingested by the real pipeline
into a real SQLite file, and its truth.json.

The area is generated once per session (about ten seconds). Tests that write (confirming a
draft) work on a copy of the database made with SQLite's backup API, so the shared file is
never changed under another test. Expected answers come from truth.json and the stored
header fields, never from the code under test.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths
from rhigraph.scenario import generate

CHILDREN, WEEKS, SEED = 20, 8, 1


@dataclass(frozen=True)
class Area:
    """A generated area: its folder, its ingested database and its answer key."""

    folder: Path
    db: Path
    truth: dict[str, Any]

    def truth_documents(self, kind: str | None = None) -> list[dict[str, Any]]:
        return [d for d in self.truth["documents"] if kind is None or d["kind"] == kind]

    def store_id(self, truth_id: str) -> str:
        """The store's document id (the file name) for a truth.json document id."""
        document = next(d for d in self.truth["documents"] if d["id"] == truth_id)
        return Path(document["path"]).name


@pytest.fixture(scope="session")
def area(tmp_path_factory: pytest.TempPathFactory) -> Area:
    folder = tmp_path_factory.mktemp("desk_area")
    truth = generate(folder, children=CHILDREN, weeks=WEEKS, seed=SEED)
    db = tmp_path_factory.mktemp("desk_db") / "desk.db"
    store = SQLiteStore(db)
    try:
        summary = ingest_paths(store, [folder])
        assert summary.rejected == 0, summary.rejections
    finally:
        store.close()
    assert json.loads((folder / "truth.json").read_text()) == truth
    return Area(folder, db, truth)


@pytest.fixture
def store(area: Area) -> Iterator[SQLiteStore]:
    """The shared area's store, opened read-mostly (tests here do not write to it)."""
    opened = SQLiteStore(area.db)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def writable(area: Area, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A private copy of the area's store for tests that confirm drafts."""
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(area.db)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    opened = SQLiteStore(copy)
    try:
        yield opened
    finally:
        opened.close()
