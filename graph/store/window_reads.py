"""Reads that let a page look at a recent window without aggregating the whole history.

Why: "what is new this week" was answered by aggregating every link up to the week's end for
five entity types, then keeping the entities first seen in the week; on a store of 100,000
documents that took minutes a pack. An entity is new in a window exactly when it has links in
the window and none before it, so the window's own rows and one indexed look-up of earlier
links for those entities give the same answer. SQLite only (``read_sql``); callers fall
back to the full aggregation on other stores.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from graph.store.records import Filters
from graph.store.sqlite import filter_sql


def seen_before(store: Any, entity_ids: list[str], before: str, filters: Filters | None
                ) -> set[str]:
    """Which of ``entity_ids`` (resolved cluster ids, as ``entity_activity`` gives them) have
    a link observed before ``before`` within ``filters`` (whose dates are ignored), through
    any entity resolved into them."""
    if not entity_ids:
        return set()
    where, params = filter_sql(replace(filters, since=None, until=None) if filters else None)
    sql = f"""
        WITH wanted(id) AS (SELECT value FROM json_each(?)),
        members(id) AS (
            SELECT id FROM wanted
            UNION SELECT entity_id FROM entity_clusters WHERE cluster_id IN wanted
        ),
        earlier AS (
            SELECT l.source_id AS entity_id, l.document_id FROM links l
            WHERE l.source_id IN members AND l.observed_at < ? AND {where}
            UNION ALL
            SELECT l.target_id, l.document_id FROM links l
            WHERE l.target_id IN members AND l.observed_at < ? AND {where}
        )
        SELECT DISTINCT COALESCE(cd.cluster_id, ce.cluster_id, x.entity_id) FROM earlier x
        LEFT JOIN entity_clusters cd ON cd.entity_id = x.entity_id
             AND cd.document_id = x.document_id
        LEFT JOIN entity_clusters ce ON ce.entity_id = x.entity_id AND ce.document_id = ''
    """
    found = store.read_sql(sql, (json.dumps(sorted(set(entity_ids))), before, *params,
                                     before, *params))
    return {r[0] for r in found} & set(entity_ids)


def adult_clusters(store: Any) -> list[str]:
    """The (cluster) ids of the persons any mention writes as an adult of concern: the only
    persons a pack ranks, so a period's person activity can be read for these alone
    (through the mentions' role index) rather than for every person."""
    sql = """
        SELECT DISTINCT COALESCE(cd.cluster_id, ce.cluster_id, m.entity_id)
        FROM mentions m
        LEFT JOIN entity_clusters cd ON cd.entity_id = m.entity_id
             AND cd.document_id = m.document_id
        LEFT JOIN entity_clusters ce ON ce.entity_id = m.entity_id AND ce.document_id = ''
        WHERE m.role = 'ADULT_OF_CONCERN'
          AND m.entity_id >= 'Person:' AND m.entity_id < 'Person;'
    """
    return sorted(r[0] for r in store.read_sql(sql))


def clusters_with_children(store: Any, type_name: str, filters: Filters | None,
                           min_children: int) -> list[str]:
    """The (cluster) ids of ``type_name`` (a schema type) whose links within ``filters``
    join at least ``min_children`` distinct children and include no placement
    (``PLACED_AT``): the only rows of ``entity_activity`` a view of places linked to several
    children can show, so that aggregation can be read for these ids alone."""
    low, high = store._type_range(type_name)  # checked against the schema before SQL
    where, params = filter_sql(filters)
    sql = f"""
        WITH touching AS (
            SELECT l.target_id AS entity_id, l.type, l.child_id, l.document_id FROM links l
            WHERE l.target_id >= ? AND l.target_id < ? AND {where}
            UNION ALL
            SELECT l.source_id, l.type, l.child_id, l.document_id FROM links l
            WHERE l.source_id >= ? AND l.source_id < ? AND {where}
        )
        SELECT COALESCE(cd.cluster_id, ce.cluster_id, t.entity_id) AS cluster_id
        FROM touching t
        LEFT JOIN entity_clusters cd ON cd.entity_id = t.entity_id
             AND cd.document_id = t.document_id
        LEFT JOIN entity_clusters ce ON ce.entity_id = t.entity_id AND ce.document_id = ''
        GROUP BY 1 HAVING COUNT(DISTINCT t.child_id) >= ? AND MAX(t.type = 'PLACED_AT') = 0
        ORDER BY 1
    """
    return [r[0] for r in store.read_sql(
        sql, (low, high, *params, low, high, *params, min_children))]
