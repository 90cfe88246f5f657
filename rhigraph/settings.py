"""Where things are: settings from command-line options, then the environment, then defaults.

One place resolves them so that the CLI, the dashboard and the tests open the same store the
same way. ``RHIGRAPH_DB`` names the SQLite file (default ``./rhigraph.db``); ``RHIGRAPH_STORE``
picks the implementation (``sqlite``; ``neo4j`` arrives with the Neo4j store).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.exc import StoreError
from graph.store import SQLiteStore, Store

DEFAULT_DB = "rhigraph.db"
DEFAULT_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one process."""

    db: Path
    store: str = "sqlite"
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def resolve(cls, db: str | os.PathLike[str] | None = None) -> Settings:
        """Option beats environment beats default."""
        path = Path(db or os.environ.get("RHIGRAPH_DB") or DEFAULT_DB)
        max_bytes = int(os.environ.get("RHIGRAPH_MAX_BYTES", DEFAULT_MAX_BYTES))
        return cls(db=path, store=os.environ.get("RHIGRAPH_STORE", "sqlite"),
                   max_bytes=max_bytes)


def open_store(settings: Settings) -> Store:
    """Open the store the settings name."""
    if settings.store == "sqlite":
        return SQLiteStore(settings.db)
    raise StoreError(f"unknown store {settings.store!r}; this version supports 'sqlite'")
