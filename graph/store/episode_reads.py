"""Reads of missing episodes and RHI notes by window, for the meeting packs.

Why: a weekly pack was built from every episode and every RHI note in the store; on a store
of 100,000 documents (154,000 episodes) reading and typing them took most of a minute. A
week's pack needs only the episodes it can show or count: those reported in the week, the
90 days before them for the week's children, episodes open at the pack's moment (a child
still missing, an RHI not done), and episodes of children living out of area (whose
notifications may be overdue). These return a *superset* of those (day-level comparisons of
the ISO moments the store holds), and the pack's own rules then pick exactly as over the
whole history. Rows have the shapes ``entities`` and ``documents`` give. SQLite only
(``execute_read``); :mod:`graph.meetings.load` falls back to whole-history reads elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graph.store.sqlite import DOCUMENT_COLUMNS, document_row

#: One row per episode with the facts a window is chosen by (blank values as NULL).
_EPISODES = """
    ep AS MATERIALIZED (
        SELECT id, json_extract(props, '$.child_id') AS child,
               substr(json_extract(props, '$.reported_missing_at'), 1, 10) AS day,
               NULLIF(json_extract(props, '$.returned_at'), '') AS returned,
               NULLIF(json_extract(props, '$.rhi_completed_at'), '') AS completed,
               NULLIF(json_extract(props, '$.rhi_outcome'), '') AS outcome,
               NULLIF(json_extract(props, '$.host_la'), '') AS host_la,
               NULLIF(json_extract(props, '$.host_force'), '') AS host_force,
               NULLIF(json_extract(props, '$.responsible_la'), '') AS responsible_la
        FROM entities WHERE type = 'Episode'
          AND COALESCE(json_extract(props, '$.episode_id'), '') <> ''
          AND COALESCE(json_extract(props, '$.child_id'), '') <> ''
          AND COALESCE(json_extract(props, '$.reported_missing_at'), '') <> ''
    ),
    pl AS MATERIALIZED (
        SELECT id, json_extract(props, '$.child_id') AS child,
               json_extract(props, '$.start') AS start,
               NULLIF(json_extract(props, '$.end'), '') AS finish,
               NULLIF(json_extract(props, '$.host_la'), '') AS host_la,
               NULLIF(json_extract(props, '$.host_force'), '') AS host_force,
               NULLIF(json_extract(props, '$.responsible_la'), '') AS responsible_la
        FROM entities WHERE type = 'Placement'
          AND COALESCE(json_extract(props, '$.child_id'), '') <> ''
          AND COALESCE(json_extract(props, '$.start'), '') <> ''
    )"""

_WEEK = f"""
    WITH {_EPISODES},
    week_children AS (SELECT DISTINCT child FROM ep WHERE day BETWEEN :first AND :last),
    open_children AS (
        SELECT DISTINCT child FROM ep
        WHERE day <= :as_of AND (returned IS NULL OR substr(returned, 1, 10) >= :as_of)),
    hosted_children AS (
        SELECT DISTINCT child FROM pl WHERE host_la IS NOT NULL OR host_force IS NOT NULL),
    chosen AS (
        SELECT id FROM ep WHERE day BETWEEN :first AND :last
        UNION SELECT id FROM ep WHERE child IN week_children
                                  AND day BETWEEN :lookback AND :last
        UNION SELECT id FROM ep WHERE child IN open_children
        UNION SELECT id FROM ep
              WHERE returned IS NOT NULL AND substr(returned, 1, 10) <= :as_of
                AND COALESCE(outcome, 'completed') = 'completed'
                AND (completed IS NULL OR substr(completed, 1, 10) >= :as_of)
        UNION SELECT id FROM ep
              WHERE day <= :as_of AND (host_la IS NOT NULL OR host_force IS NOT NULL
                                       OR child IN hosted_children)
    )
    SELECT e.id, e.type, e.key, e.label, e.props FROM entities e
    WHERE e.id IN chosen ORDER BY e.id
"""

_AUTHORITIES = f"""
    WITH {_EPISODES}
    SELECT DISTINCT child, day, host_la, responsible_la FROM ep ORDER BY child, day
"""


def _rows(found: Iterable[Any]) -> list[dict[str, Any]]:
    return [{**dict(r), "props": json.loads(r["props"])} for r in found]


def week_episodes(store: Any, first: str, last: str, as_of: str, lookback: str
                  ) -> list[dict[str, Any]]:
    """Episode rows (id order) a week's pack can show or count: reported ``first`` to
    ``last`` (ISO days); the week's children's episodes from ``lookback``; every episode of
    a child whose episode may be open on ``as_of``; episodes whose RHI may be due or overdue
    then; and episodes reported by then of children who may live out of area."""
    return _rows(store.execute_read(_WEEK, {"first": first, "last": last, "as_of": as_of,
                                            "lookback": lookback}))


def children_rows(store: Any, child_ids: Iterable[str]) -> tuple[list[dict[str, Any]],
                                                                 list[dict[str, Any]]]:
    """The Child and the Placement rows (id order) of these children."""
    packed = json.dumps(sorted(set(child_ids)))
    children = store.execute_read(
        "SELECT id, type, key, label, props FROM entities WHERE type = 'Child'"
        " AND COALESCE(NULLIF(json_extract(props, '$.child_id'), ''), key)"
        " IN (SELECT value FROM json_each(?)) ORDER BY id", (packed,))
    placements = store.execute_read(
        "SELECT id, type, key, label, props FROM entities WHERE type = 'Placement'"
        " AND json_extract(props, '$.child_id') IN (SELECT value FROM json_each(?))"
        " ORDER BY id", (packed,))
    return _rows(children), _rows(placements)


def episode_authorities(store: Any) -> list[dict[str, Any]]:
    """Each distinct (child, report day, host and responsible authority as the episode row
    gives them) over every episode: what the area a pack is for is inferred from
    (:func:`graph.meetings.episodes.area_of`), without reading whole episodes."""
    return [dict(r) for r in store.execute_read(_AUTHORITIES)]


def rhi_notes_for(store: Any, first: str, last: str, child_ids: Iterable[str],
                  episode_ids: Iterable[str]) -> list[dict[str, Any]]:
    """RHI notes (``documents`` order and shape) dated ``first`` to ``last``, about one of
    ``child_ids``, or naming one of ``episode_ids``."""
    sql = (f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.kind = 'rhi_note' AND ("
           " substr(d.date, 1, 10) BETWEEN ? AND ?"
           " OR d.child_id IN (SELECT value FROM json_each(?))"
           " OR json_extract(d.fields, '$.episode_id') IN (SELECT value FROM json_each(?)))"
           " ORDER BY d.date, d.id")
    found = store.execute_read(sql, (first, last, json.dumps(sorted(set(child_ids))),
                                     json.dumps(sorted(set(episode_ids)))))
    return [document_row(r) for r in found]
