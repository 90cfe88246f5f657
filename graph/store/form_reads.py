"""Reads of information-sharing forms by date, and of the episodes of given children.

Why: the CSE mapping pack counts the forms dated in its period by the area their child
lives in, which it reads from that child's episodes. It read every form and every episode in
the store (154,000 episodes on a store of 100,000 documents: most of a minute) to use the
few of the period. These return a *superset* of what the pack uses (forms whose ISO day is
within a day of the period, every episode of the forms' children), in the shapes
``documents`` and ``entities`` give, and the pack's own rules then pick exactly as over the
whole store. SQLite only (``read_sql``); :mod:`graph.meetings.load` falls back to the
protocol elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graph.store.sqlite import DOCUMENT_COLUMNS, document_row


def forms_about(store: Any, first: str, last: str) -> list[dict[str, Any]]:
    """Information-sharing forms (``documents`` order and shape) whose date's ISO day falls
    from ``first`` to ``last`` (ISO days, the caller widens them to be safe)."""
    sql = (f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.kind = 'intel_form'"
           " AND substr(d.date, 1, 10) BETWEEN ? AND ? ORDER BY d.date, d.id")
    return [document_row(r) for r in store.read_sql(sql, (first, last))]


def episodes_of(store: Any, child_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Every Episode row (id order, ``entities`` shape) of these children."""
    rows = store.read_sql(
        "SELECT id, type, key, label, props FROM entities INDEXED BY entities_episode_child"
        " WHERE type = 'Episode' AND child_ref IN (SELECT value FROM json_each(?))"
        " ORDER BY id", (json.dumps(sorted(set(child_ids))),))
    return [{**dict(r), "props": json.loads(r["props"])} for r in rows]
