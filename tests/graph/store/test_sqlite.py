"""What only the SQLite store promises: one file, WAL, recorded migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graph.store import SQLiteStore
from graph.store.migrations import MIGRATIONS


def test_file_uses_wal_and_records_migrations(tmp_path: Path) -> None:
    path = tmp_path / "one.db"
    store = SQLiteStore(path)
    assert store.applied_migrations() == [m.name for m in MIGRATIONS]
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened = SQLiteStore(path)
    assert reopened.migrate() == [], "a migrated file is not migrated again"
    reopened.close()


def test_read_sql_refuses_writes(tmp_path: Path) -> None:
    import pytest

    from graph.exc import StoreError

    store = SQLiteStore(tmp_path / "r.db")
    with pytest.raises(StoreError):
        store.read_sql("DELETE FROM links")
    assert store.read_sql("SELECT COUNT(*) FROM links")[0][0] == 0
    store.close()
