"""The governance file: accounts, the audit log, the pseudonym secret and retention settings.

Why a file of its own, beside the store rather than inside it: the store may be SQLite or
Neo4j, and the audit log must outlive a rebuilt or re-ingested store; erasing a document from
the store must not touch the record that it was erased. By default it is
``<store stem>.governance.db`` in the store's folder; ``RHIGRAPH_GOVERNANCE_DB`` names another.
It holds password hashes and the pseudonym key, so it is created readable by its owner only.

Schema changes are named, recorded migrations (as in the store); each is a tuple of
statements so that trigger bodies, which contain semicolons, are never split.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV_VAR = "RHIGRAPH_GOVERNANCE_DB"

#: (name, statements). Append new migrations; never edit one that has shipped.
MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("0001_governance", (
        "CREATE TABLE users (username TEXT PRIMARY KEY, role TEXT NOT NULL,"
        " password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL,"
        " role TEXT NOT NULL, action TEXT NOT NULL, target TEXT, outcome TEXT NOT NULL,"
        " query TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
        "CREATE INDEX audit_user ON audit(user)",
        # Append-only: the database itself refuses to change or remove an entry, and refuses
        # an entry that does not continue the chain. Dropping these triggers takes write
        # access to the file; `rhigraph audit verify` then finds what was changed.
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_chain BEFORE INSERT ON audit WHEN"
        " NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit), 0) + 1"
        " OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),"
        " '0000000000000000000000000000000000000000000000000000000000000000')"
        " BEGIN SELECT RAISE(ABORT, 'an audit entry must continue the chain'); END",
        "CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
        "CREATE TABLE retention_periods (kind TEXT PRIMARY KEY, days INTEGER NOT NULL,"
        " set_at TEXT NOT NULL, set_by TEXT NOT NULL)",
        "CREATE TABLE retention_reviews (document_id TEXT PRIMARY KEY, review_on TEXT NOT NULL,"
        " set_at TEXT NOT NULL, set_by TEXT NOT NULL)",
    )),
)


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds (audit and account timestamps)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def governance_path(store_db: str | os.PathLike[str] | None) -> Path:
    """Where the governance file is: ``RHIGRAPH_GOVERNANCE_DB``, else beside the store.

    >>> governance_path("/data/area.db").as_posix()
    '/data/area.governance.db'
    """
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    store = Path(store_db or "rhigraph.db")
    return store.with_name(f"{store.stem}.governance.db")


def _create_private(path: Path) -> None:
    """Create ``path`` readable and writable by its owner only, if it does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class GovernanceDB:
    """One SQLite connection to the governance file, shared by threads behind a lock.

    Writes go through :meth:`transaction` (``BEGIN IMMEDIATE``), which also serialises
    writers in different processes (the CLI and the dashboard), so two audit entries can
    never claim the same place in the chain.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        _create_private(self.path)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._conn.execute("PRAGMA busy_timeout = 10000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        self.migrate()

    def migrate(self) -> list[str]:
        """Apply the migrations this file has not had; return their names."""
        applied = []
        with self._lock:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
            for name, statements in MIGRATIONS:
                with self.transaction() as conn:
                    if conn.execute("SELECT 1 FROM _migrations WHERE name = ?",
                                    (name,)).fetchone():
                        continue
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute("INSERT INTO _migrations VALUES (?, ?)", (name, now()))
                applied.append(name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def read(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        """Run one parameterised read."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def stream(self, sql: str, params: tuple[object, ...] = ()) -> Iterator[sqlite3.Row]:
        """Rows of one parameterised read, one at a time, on a read-only connection of its
        own, so that walking a long audit log neither loads it whole nor blocks writers."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            yield from conn.execute(sql, params)
        finally:
            conn.close()

    def close(self) -> None:
        """Close the connection (SQLite folds the WAL back into the file)."""
        with self._lock:
            self._conn.close()
