"""Reads behind the link explorer's name look-up, over a SQLite store, in the database.

Why: a search used to read every entity and every resolution row into Python to find the few
a term could mean; on a store of 100,000 documents (690,000 entities) that took tens of
seconds. These answer through the store's read-only
:meth:`~graph.store.sqlite.SQLiteStore.read_sql`, as :mod:`graph.store.place_reads`
does; the rules of who may see what stay in :mod:`rhigraph.governance.explorer`, which calls
these and falls back to the protocol's reads on a store without SQL. Every value is a
parameter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

# The entities that may be named as typed, in one pass over the entities in SQL: a word of
# the label or key starts with one of four stems, the props (nickname, name) hold one, the
# id is one of a JSON list, or the label or key holds the needle (LIKE patterns, escaped
# with a backslash: ASCII case-insensitive without lower-casing every row; unused slots
# hold a value no name holds). A superset: the caller keeps those a name of which matches.
# ``+e.type`` scans the table in order rather than reading a third of it through the type
# index.
_CANDIDATES = """
    SELECT e.id, e.type, e.label, e.key, e.props FROM entities e
    WHERE +e.type IN ('Person', 'Child', 'Location', 'Vehicle', 'Phone', 'OnlineAccount',
                      'Organisation')
      AND ((' ' || e.label || ' ' || e.key) LIKE ? ESCAPE '\\'
           OR (' ' || e.label || ' ' || e.key) LIKE ? ESCAPE '\\'
           OR (' ' || e.label || ' ' || e.key) LIKE ? ESCAPE '\\'
           OR (' ' || e.label || ' ' || e.key) LIKE ? ESCAPE '\\'
           OR e.props LIKE ? ESCAPE '\\' OR e.props LIKE ? ESCAPE '\\'
           OR e.props LIKE ? ESCAPE '\\' OR e.props LIKE ? ESCAPE '\\'
           OR e.id IN (SELECT value FROM json_each(?))
           OR e.label LIKE ? ESCAPE '\\' OR e.key LIKE ? ESCAPE '\\')
"""
# The cluster each of a JSON list of entities is drawn as: its entity-wide resolution row,
# else a document row's cluster (the first), else itself.
_DRAWN_AS = """
    SELECT i.value AS id,
           COALESCE((SELECT k.cluster_id FROM entity_clusters k
                     WHERE k.entity_id = i.value AND k.document_id = ''),
                    (SELECT MIN(k.cluster_id) FROM entity_clusters k
                     WHERE k.entity_id = i.value), i.value) AS cluster
    FROM json_each(?) i
"""
_CLUSTERS_OF = ("SELECT DISTINCT cluster_id FROM entity_clusters"
                " WHERE entity_id IN (SELECT value FROM json_each(?))")
_CHILD_KEYS = "SELECT key FROM entities WHERE type = 'Child'"
_KINDS = ("SELECT id, kind, handling_code FROM documents"
          " WHERE id IN (SELECT value FROM json_each(?))")
# Unordered: ordering by id walks the id index and reads every row out of order.
_CONTAINING = ("SELECT id, type, key, label FROM entities WHERE instr(lower(label), ?) > 0"
               " OR instr(lower(key), ?) > 0")


#: How many stems :data:`_CANDIDATES` takes (the longest words' first).
_STEM_SLOTS = 4
#: What fills a stem slot left unused: a control character no name holds.
_UNUSED = "\x1f\x1f"


def _like(value: str) -> str:
    """``value`` as literal text inside a LIKE pattern escaped with a backslash."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def candidates(store: Any, stems: Sequence[str], ids: Sequence[str], needle: str
               ) -> list[dict[str, Any]]:
    """Entities a term may name (a superset), with ``props`` parsed: a word of the label or
    key, or the props, holds one of the ``stems`` (the longest :data:`_STEM_SLOTS`); the id
    is one of ``ids``; or the label or key holds ``needle``."""
    longest = [_like(s) for s in sorted(stems, key=lambda w: (-len(w), w))][:_STEM_SLOTS]
    unused = [_UNUSED] * (_STEM_SLOTS - len(longest))
    spaced = [f"% {s}%" for s in longest] + unused
    bare = [f"%{s}%" for s in longest] + unused
    inside = f"%{_like(needle)}%"
    rows = store.read_sql(_CANDIDATES, (*spaced, *bare, json.dumps(list(ids)), inside,
                                        inside))
    return [{**dict(r), "props": json.loads(r["props"] or "{}")} for r in rows]


def drawn_as(store: Any, entity_ids: Sequence[str]) -> dict[str, str]:
    """The cluster each entity is drawn as (itself when it has none)."""
    return {r["id"]: r["cluster"]
            for r in store.read_sql(_DRAWN_AS, (json.dumps(list(entity_ids)),))}


def clusters_of(store: Any, entity_ids: Sequence[str]) -> set[str]:
    """Every cluster any of these entities belongs to, in any document."""
    return {r[0] for r in store.read_sql(_CLUSTERS_OF, (json.dumps(list(entity_ids)),))}


def child_keys(store: Any) -> list[str]:
    """The key (child_id) of every child entity."""
    return [r[0] for r in store.read_sql(_CHILD_KEYS)]


def document_kinds(store: Any, document_ids: Sequence[str]) -> list[dict[str, Any]]:
    """``id``, ``kind`` and ``handling_code`` of these documents."""
    return [dict(r) for r in store.read_sql(_KINDS, (json.dumps(list(document_ids)),))]


def containing(store: Any, needle: str) -> list[dict[str, Any]]:
    """Entities (``id``, ``type``, ``key``, ``label``) whose label or key contains the
    casefolded ASCII ``needle``, by id."""
    return sorted((dict(r) for r in store.read_sql(_CONTAINING, (needle, needle))),
                  key=lambda e: e["id"])
