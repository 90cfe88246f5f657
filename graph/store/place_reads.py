"""Reads about places over a SQLite store's links, counted in the database.

Why: a partner's view of the graph (places with enough children, never placements; see
:func:`rhigraph.governance.shaping.partner_places`) was worked out by reading every link into
Python, several times a page; on a store of 100,000 documents (2.4 million links) that took
minutes. These build the same answers with ``GROUP BY`` and ``json_each`` through the store's
read-only :meth:`~graph.store.sqlite.SQLiteStore.read_sql`, with the filters the store
applies everywhere (:func:`graph.store.sqlite.filter_sql`). Link and entity types reach SQL
only after they are checked against the schema; every value is a parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graph.schema import model
from graph.store.records import Filters
from graph.store.sqlite import filter_sql


def _type(column: str) -> str:
    return f"substr({column}, 1, instr({column}, ':') - 1)"


def _names(values: Iterable[str], known: set[str]) -> str:
    chosen = sorted(set(values))
    unknown = [v for v in chosen if v not in known]
    if unknown or not chosen:
        raise ValueError(f"not a known type: {unknown or 'none given'}")
    return ", ".join(f"'{v}'" for v in chosen)


def _place_links(where: str, link_types: Iterable[str], end_types: Iterable[str]) -> str:
    """Links of ``link_types`` between entities of ``end_types`` with exactly one place
    among their ends (the ``place`` column)."""
    schema = model()
    types = _names(link_types, set(schema.relations))
    ends = _names(end_types, set(schema.entities))
    source_place = "(substr(l.source_id, 1, 9) = 'Location:')"
    target_place = "(substr(l.target_id, 1, 9) = 'Location:')"
    return (f"SELECT l.id, l.type, l.source_id, l.target_id, l.child_id, l.document_id,"
            f" l.observed_at, CASE WHEN {source_place} THEN l.source_id ELSE l.target_id END"
            f" AS place FROM links l WHERE l.type IN ({types})"
            f" AND {_type('l.source_id')} IN ({ends}) AND {_type('l.target_id')} IN ({ends})"
            f" AND {source_place} + {target_place} = 1 AND {where}")


def places_with_children(store: Any, filters: Filters | None, *, link_types: Iterable[str],
                         end_types: Iterable[str], floor: int) -> set[str]:
    """Places joined to at least ``floor`` distinct children by such links, placement
    addresses (the target of any ``PLACED_AT`` link) left out."""
    where, params = filter_sql(filters)
    sql = (f"SELECT place FROM ({_place_links(where, link_types, end_types)}) k"
           " WHERE COALESCE(k.child_id, '') <> '' AND k.place NOT IN"
           " (SELECT target_id FROM links WHERE type = 'PLACED_AT')"
           " GROUP BY k.place HAVING COUNT(DISTINCT k.child_id) >= ?")
    return {r[0] for r in store.read_sql(sql, (*params, floor))}


def links_at_places(store: Any, filters: Filters | None, places: set[str], *,
                    link_types: Iterable[str], end_types: Iterable[str]
                    ) -> list[dict[str, Any]]:
    """Such links at one of ``places``, in link order (id, type, ends, child, document,
    date)."""
    where, params = filter_sql(filters)
    sql = ("SELECT id, type, source_id, target_id, child_id, document_id, observed_at"
           f" FROM ({_place_links(where, link_types, end_types)}) k"
           " WHERE k.place IN (SELECT value FROM json_each(?)) ORDER BY k.id")
    return [dict(r) for r in store.read_sql(sql, (*params, json.dumps(sorted(places))))]


def children_at_places(store: Any, filters: Filters | None, places: set[str], *,
                       link_types: Iterable[str], end_types: Iterable[str]) -> list[str]:
    """The children such links join to one of ``places``, sorted."""
    where, params = filter_sql(filters)
    sql = (f"SELECT DISTINCT child_id FROM ({_place_links(where, link_types, end_types)}) k"
           " WHERE COALESCE(k.child_id, '') <> ''"
           " AND k.place IN (SELECT value FROM json_each(?)) ORDER BY 1")
    return [r[0] for r in store.read_sql(sql, (*params, json.dumps(sorted(places))))]


def entities_with_ids(store: Any, type_name: str, ids: set[str]) -> list[dict[str, Any]]:
    """The entities of ``type_name`` with these ids, in id order."""
    rows = store.read_sql(
        "SELECT id, type, key, label, props FROM entities WHERE type = ?"
        " AND id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (type_name, json.dumps(sorted(ids))))
    return [{**dict(r), "props": json.loads(r["props"])} for r in rows]


def latest_place_fact(store: Any, filters: Filters | None, places: set[str] | None = None
                      ) -> str | None:
    """When the latest link touching a place (one of ``places`` when given) was observed,
    as stored; ``None`` when there is none.

    Read newest first down the date index, stopping at the first such link: a ``MAX`` over
    every link at a place reads hundreds of thousands of rows on a large store, and the
    latest fact is almost always among the newest links."""
    where, params = filter_sql(filters)
    if places is None:
        touching = ("(substr(l.source_id, 1, 9) = 'Location:'"
                    " OR substr(l.target_id, 1, 9) = 'Location:')")
        args: tuple[Any, ...] = tuple(params)
    elif not places:
        return None
    else:
        touching = ("(l.source_id IN (SELECT value FROM json_each(?))"
                    " OR l.target_id IN (SELECT value FROM json_each(?)))")
        packed = json.dumps(sorted(places))
        args = (packed, packed, *params)
    sql = ("SELECT l.observed_at FROM links l INDEXED BY links_observed WHERE"
           f" l.observed_at IS NOT NULL AND {touching} AND {where}"
           " ORDER BY l.observed_at DESC LIMIT 1")
    rows = store.read_sql(sql, args)
    return rows[0][0] if rows else None
