"""Fixtures for the meeting-pack tests.

Two worlds, both real files ingested by the real pipeline into a real SQLite file:

- ``hand_store``: the hand-written episodes and placements in ``data/``, built for the edge
  cases (an RHI at exactly 72 hours and at 72 hours and a minute, an RHI recorded before the
  return, an open episode, a hosted child, a child placed out whose host LA only the
  placements list knows, weeks either side of the 2025/2026 ISO year boundary, a child
  named ``<script>alert(1)</script>``);
- ``meeting_area``: a generated fictional area spanning the year boundary, whose answers are
  computed independently from its ``episodes.csv``, ``placements.csv`` and ``truth.json``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths

DATA = Path(__file__).with_name("data")
#: A Monday four weeks before the ISO year boundary: weeks 2025-W50 to 2026-W03.
START = dt.date(2025, 12, 8)
CHILDREN, WEEKS, SEED = 24, 6, 1


def when(value: str) -> dt.datetime | None:
    """A day-first export date-time, parsed independently of the code under test."""
    return dt.datetime.strptime(value, "%d/%m/%Y %H:%M") if value else None


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def hand_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hand")
    for name in ("episodes.csv", "placements.csv"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    return folder


@pytest.fixture(scope="session")
def hand_db(hand_dir: Path) -> Path:
    db = hand_dir / "hand.db"
    store = SQLiteStore(db)
    try:
        summary = ingest_paths(store, [hand_dir / "episodes.csv", hand_dir / "placements.csv"])
        assert summary.rejected == 0 and summary.rows_rejected == 0, summary.rejections
    finally:
        store.close()
    return db


@pytest.fixture
def hand_store(hand_db: Path, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A private copy of the hand-made store, so tests that record actions do not meet."""
    copy = tmp_path / "hand.db"
    copy.write_bytes(hand_db.read_bytes())
    store = SQLiteStore(copy)
    try:
        yield store
    finally:
        store.close()


@dataclass(frozen=True)
class Area:
    """A generated area: its folder, truth, CSV rows and ingested store file."""

    folder: Path
    truth: dict
    episodes: list[dict[str, str]]
    placements: list[dict[str, str]]
    db: Path


@pytest.fixture(scope="session")
def meeting_area(tmp_path_factory: pytest.TempPathFactory) -> Area:
    from rhigraph.scenario import generate

    folder = tmp_path_factory.mktemp("meeting_area")
    truth = generate(folder, children=CHILDREN, weeks=WEEKS, seed=SEED, start=START,
                     formats={"txt": 1})
    db = tmp_path_factory.mktemp("meeting_db") / "area.db"
    store = SQLiteStore(db)
    try:
        summary = ingest_paths(store, [folder])
        assert summary.rejected == 0 and summary.rows_rejected == 0, summary.rejections
    finally:
        store.close()
    return Area(folder, truth, read_csv(folder / "episodes.csv"),
                read_csv(folder / "placements.csv"), db)


@pytest.fixture
def area_store(meeting_area: Area) -> Iterator[SQLiteStore]:
    store = SQLiteStore(meeting_area.db)
    try:
        yield store
    finally:
        store.close()
