"""Stores behind one protocol; :func:`open_store` picks the one the settings name."""

from __future__ import annotations

from graph.store.base import Store
from graph.store.records import (
    Batch,
    DocumentRecord,
    EntityRecord,
    Filters,
    IndicatorRecord,
    LinkRecord,
    MentionRecord,
    Rejection,
    entity_id,
)
from graph.store.sqlite import SQLiteStore, sql_reader

__all__ = ["Batch", "DocumentRecord", "EntityRecord", "Filters", "IndicatorRecord",
           "LinkRecord", "MentionRecord", "Rejection", "SQLiteStore", "Store", "entity_id",
           "sql_reader"]
