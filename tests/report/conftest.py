"""Fixtures for the rendering tests: the hand-made records of tests/meetings/data (with a
child named ``<script>alert(1)</script>``) ingested into a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths

DATA = Path(__file__).resolve().parents[1] / "meetings" / "data"
AS_OF = dt.datetime(2026, 1, 12, 9, 0)


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    for name in ("episodes.csv", "placements.csv"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    db = tmp_path_factory.mktemp("report_db") / "report.db"
    store = SQLiteStore(db)
    try:
        summary = ingest_paths(store, [folder])
        assert summary.rejected == 0 and summary.rows_rejected == 0
    finally:
        store.close()
    return db


@pytest.fixture(scope="session")
def weekly(report_db: Path) -> dict:
    """The 2026-W01 pack (six episodes either side of the new year, the hostile name)."""
    from graph.meetings.load import weekly_inputs
    from graph.meetings.periods import iso_week
    from graph.meetings.weekly import weekly_pack

    store = SQLiteStore(report_db)
    try:
        week = iso_week("2026-W01")
        return weekly_pack(weekly_inputs(store, week), week, AS_OF)
    finally:
        store.close()
