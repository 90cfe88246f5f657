"""Reads of missing episodes and RHI notes by window, for the meeting packs.

Why: a weekly pack was built from every episode and every RHI note in the store; on a store
of 100,000 documents (154,000 episodes) reading and typing them took most of a minute. A
week's pack needs only the episodes it can show or count: those reported in the week, the
90 days before them for the week's children, episodes open at the pack's moment (a child
still missing, an RHI not done), and episodes of children living out of area (whose
notifications may be overdue). These return a *superset* of those (day-level comparisons of
the ISO moments the store holds), and the pack's own rules then pick exactly as over the
whole history. Rows have the shapes ``entities`` and ``documents`` give. SQLite only
(``read_sql``); :mod:`graph.meetings.load` falls back to whole-history reads elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graph.store.sqlite import DOCUMENT_COLUMNS, document_row

#: Children who may live out of area by their placements (a placement naming a host
#: authority or force, with a start): whose episodes :func:`out_of_area_episodes` and a week's
#: pack read whatever the episode row says.
_HOSTED_CHILDREN = """hosted_children AS (
        SELECT DISTINCT json_extract(props, '$.child_id') AS child FROM entities
        WHERE type = 'Placement' AND ep_hosted
          AND COALESCE(json_extract(props, '$.start'), '') <> '')"""

#: The rows of the episodes (``rowid`` in ``chosen``) that can make a view.
_CHOSEN_EPISODES = """SELECT e.id, e.type, e.key, e.label, e.props FROM entities e
    WHERE e.rowid IN chosen AND e.child_ref IS NOT NULL AND e.ep_day IS NOT NULL
      AND COALESCE(json_extract(e.props, '$.episode_id'), '') <> ''
    ORDER BY e.id"""

#: Migration 0008 gives each Episode row generated columns (``child_ref``, ``ep_day``: the
#: report day, ``ep_returned``: the return day, ``ep_rhi_until``: the day an RHI owed after a
#: return stops being owed, ``ep_hosted``: the row names a host authority or force,
#: ``ep_host_la``, ``ep_responsible_la``; blank values as NULL) with partial indexes, so each
#: part of a week's choice is an index range and only the chosen rows' props are decoded.
_WEEK = f"""
    WITH week_children AS (
        SELECT DISTINCT child_ref AS child FROM entities INDEXED BY entities_episode_day
        WHERE type = 'Episode' AND ep_day BETWEEN :first AND :last),
    open_children AS (
        SELECT child_ref AS child FROM entities INDEXED BY entities_episode_returned
        WHERE type = 'Episode' AND ep_returned IS NULL AND ep_day <= :as_of
        UNION SELECT child_ref FROM entities INDEXED BY entities_episode_returned
        WHERE type = 'Episode' AND ep_returned >= :as_of AND ep_day <= :as_of),
    {_HOSTED_CHILDREN},
    chosen AS (
        SELECT rowid FROM entities INDEXED BY entities_episode_day
        WHERE type = 'Episode' AND ep_day BETWEEN :first AND :last
        UNION SELECT e.rowid FROM week_children w JOIN entities e
              INDEXED BY entities_episode_child ON e.type = 'Episode' AND e.child_ref = w.child
             AND e.ep_day BETWEEN :lookback AND :last
        UNION SELECT e.rowid FROM open_children o JOIN entities e
              INDEXED BY entities_episode_child ON e.type = 'Episode' AND e.child_ref = o.child
        UNION SELECT rowid FROM entities INDEXED BY entities_episode_rhi
              WHERE type = 'Episode' AND ep_rhi_until >= :as_of AND ep_returned <= :as_of
        UNION SELECT rowid FROM entities INDEXED BY entities_episode_hosted
              WHERE type = 'Episode' AND ep_hosted = 1 AND ep_day <= :as_of
        UNION SELECT e.rowid FROM hosted_children h JOIN entities e
              INDEXED BY entities_episode_child ON e.type = 'Episode' AND e.child_ref = h.child
             AND e.ep_day <= :as_of
    )
    {_CHOSEN_EPISODES}
"""

#: The authorities of every episode, as few rows as decide the area: one per authority an
#: episode names as host, one per responsible authority of children no placement hosts, and
#: the (child, day) rows left, which only the child's placement can resolve
#: (:func:`graph.meetings.episodes.area_of` reads them all alike).
_AUTHORITIES = """
    WITH valid AS MATERIALIZED (
        SELECT child_ref AS child, ep_day AS day, ep_host_la AS host_la,
               ep_responsible_la AS responsible_la
        FROM entities INDEXED BY entities_episode_authorities
        WHERE type = 'Episode' AND child_ref IS NOT NULL AND ep_day IS NOT NULL),
    hosted AS (
        SELECT DISTINCT json_extract(props, '$.child_id') AS child FROM entities
        WHERE type = 'Placement' AND ep_host_la IS NOT NULL)
    SELECT DISTINCT NULL AS child, NULL AS day, host_la, NULL AS responsible_la FROM valid
    WHERE host_la IS NOT NULL
    UNION ALL
    SELECT DISTINCT NULL, NULL, NULL, responsible_la FROM valid
    WHERE host_la IS NULL AND responsible_la IS NOT NULL AND child NOT IN hosted
    UNION ALL
    SELECT DISTINCT child, day, NULL, responsible_la FROM valid
    WHERE host_la IS NULL AND (responsible_la IS NULL OR child IN hosted)
"""


#: Episodes reported ``:since`` to ``:until`` (days) that may be out of area: the row names a
#: host authority or force, or the child has a placement that does (an episode's host comes
#: from its row, else from the placement current on its day; :class:`~graph.meetings.\
#: episodes.EpisodeView`). The view decides exactly; these are every episode it could pick.
_OUT_OF_AREA = f"""
    WITH {_HOSTED_CHILDREN},
    chosen AS (
        SELECT rowid FROM entities INDEXED BY entities_episode_hosted
              WHERE type = 'Episode' AND ep_hosted = 1 AND ep_day BETWEEN :since AND :until
        UNION SELECT e.rowid FROM hosted_children h JOIN entities e
              INDEXED BY entities_episode_child ON e.type = 'Episode' AND e.child_ref = h.child
             AND e.ep_day BETWEEN :since AND :until
    )
    {_CHOSEN_EPISODES}
"""

#: Above every character: ``day + _HIGHEST`` is above every string starting with ``day``.
_HIGHEST = "\U0010ffff"


def _rows(found: Iterable[Any]) -> list[dict[str, Any]]:
    return [{**dict(r), "props": json.loads(r["props"])} for r in found]


def week_episodes(store: Any, first: str, last: str, as_of: str, lookback: str
                  ) -> list[dict[str, Any]]:
    """Episode rows (id order) a week's pack can show or count: reported ``first`` to
    ``last`` (ISO days); the week's children's episodes from ``lookback``; every episode of
    a child whose episode may be open on ``as_of``; episodes whose RHI may be due or overdue
    then; and episodes reported by then of children who may live out of area."""
    return _rows(store.read_sql(_WEEK, {"first": first, "last": last, "as_of": as_of,
                                            "lookback": lookback}))


def children_rows(store: Any, child_ids: Iterable[str]) -> tuple[list[dict[str, Any]],
                                                                 list[dict[str, Any]]]:
    """The Child and the Placement rows (id order) of these children."""
    packed = json.dumps(sorted(set(child_ids)))
    children, placements = (store.read_sql(
        "SELECT id, type, key, label, props FROM entities INDEXED BY entities_child_ref"
        f" WHERE type = '{kind}' AND child_ref IN (SELECT value FROM json_each(?))"
        " ORDER BY id", (packed,)) for kind in ("Child", "Placement"))
    return _rows(children), _rows(placements)


def episode_authorities(store: Any) -> list[dict[str, Any]]:
    """Rows (``child``, ``day``, ``host_la``, ``responsible_la``) from which
    :func:`graph.meetings.episodes.area_of` infers the area a pack is for, given the Child
    and Placement rows of the children they name: the same area as from every episode, read
    from an index (see :data:`_AUTHORITIES`), without reading whole episodes."""
    return [dict(r) for r in store.read_sql(_AUTHORITIES)]


def rhi_notes_for(store: Any, first: str, last: str, child_ids: Iterable[str],
                  episode_ids: Iterable[str]) -> list[dict[str, Any]]:
    """RHI notes (``documents`` order and shape) dated ``first`` to ``last``, about one of
    ``child_ids``, or naming one of ``episode_ids``."""
    # Each part an index range (documents by kind and date, by child, by the episode the
    # note names: migration 0008); the date range is widened to whole strings, then exact.
    sql = (f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id IN ("
           " SELECT id FROM documents WHERE kind = 'rhi_note' AND date >= ? AND date <= ?"
           " AND substr(date, 1, 10) BETWEEN ? AND ?"
           " UNION SELECT id FROM documents WHERE kind = 'rhi_note'"
           " AND child_id IN (SELECT value FROM json_each(?))"
           " UNION SELECT id FROM documents WHERE kind = 'rhi_note'"
           " AND episode_ref IN (SELECT value FROM json_each(?)))"
           " ORDER BY d.date, d.id")
    found = store.read_sql(sql, (first, last + _HIGHEST, first, last,
                                     json.dumps(sorted(set(child_ids))),
                                     json.dumps(sorted(set(episode_ids)))))
    return [document_row(r) for r in found]


def out_of_area_episodes(store: Any, since: str | None, until: str) -> list[dict[str, Any]]:
    """Episode rows (id order) reported ``since`` (ISO day; ``None``: from the start) to
    ``until`` that may be of a child living out of area (see :data:`_OUT_OF_AREA`)."""
    return _rows(store.read_sql(_OUT_OF_AREA, {"since": since or "", "until": until}))


def rhi_notes_of(store: Any, episode_ids: Iterable[str]) -> list[dict[str, Any]]:
    """RHI notes (``documents`` order) naming one of ``episode_ids``: the only notes a
    notification status reads (:func:`graph.meetings.notifications.recorded`), each with
    what it reads (id, kind, date, agency, and of the fields the episode, agency and
    interview time): a note's other fields can be long, and a page may need 20,000 notes."""
    sql = ("SELECT id, kind, date, agency, json_object("
           "'episode_id', json_extract(fields, '$.episode_id'),"
           " 'agency', json_extract(fields, '$.agency'),"
           " 'interview_at', json_extract(fields, '$.interview_at')) AS fields"
           " FROM documents WHERE kind = 'rhi_note'"
           " AND episode_ref IN (SELECT value FROM json_each(?)) ORDER BY date, id")
    return [{**dict(r), "fields": json.loads(r["fields"])} for r in store.read_sql(
        sql, (json.dumps(sorted(set(episode_ids))),))]


def notifications_of(store: Any, episode_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Recorded notifications (every column, ``notifications`` order) of ``episode_ids``."""
    return [dict(r) for r in store.read_sql(
        "SELECT * FROM notifications WHERE episode_id IN (SELECT value FROM json_each(?))"
        " ORDER BY episode_id, notified_at, id", (json.dumps(sorted(set(episode_ids))),))]


#: Per child, the episodes from the day of the latest one naming its responsible authority
#: (all of them when none does): every episode that can decide the child's authority.
_DECIDING = """
    WITH wanted(child) AS (SELECT value FROM json_each(?)),
    last_named AS (
        SELECT child_ref AS child, MAX(ep_day) AS day
        FROM entities INDEXED BY entities_episode_child
        WHERE type = 'Episode' AND child_ref IN wanted AND ep_responsible_la IS NOT NULL
        GROUP BY child_ref)
    SELECT e.id, e.type, e.key, e.label, e.props FROM wanted w
    JOIN entities e INDEXED BY entities_episode_child
         ON e.type = 'Episode' AND e.child_ref = w.child
    LEFT JOIN last_named n ON n.child = w.child
    WHERE e.ep_day >= COALESCE(n.day, '')
    ORDER BY e.id
"""


def deciding_episodes(store: Any, child_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Episode rows (id order) that can decide these children's responsible authority
    (:func:`graph.meetings.cross_boundary.responsible_by_child`: the latest episode whose
    view names one): each child's episodes from the day of its latest episode whose own
    row names one, since that view names one and comes after every episode of an earlier
    day; all of a child's episodes when no row names one."""
    return _rows(store.read_sql(_DECIDING, (json.dumps(sorted(set(child_ids))),)))
