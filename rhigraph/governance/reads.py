"""Reads of documents and single links for the service layer, on any store.

The ``Store`` protocol gives document metadata (``documents``) and text (``document_text``)
but no "one document", "one link" or "text search". These functions use the SQLite store's
read-only ``read_sql`` (parameters only; :func:`graph.store.sql_reader`) for those when it
is there, and otherwise fall back to the protocol (a scan), so the service works the same on
SQLite and Neo4j. Only the service layer calls these: they return text that tiers must gate.
"""

from __future__ import annotations

import json
from typing import Any

from graph.store import Filters, Store, place_reads, sql_reader, state_memo
from rhigraph.governance.shaping import PARTNER_ENDPOINTS, PARTNER_LINK_TYPES, partner_places

_DOCUMENT = ("SELECT id, kind, child_id, date, submitted_by, agency, source_evaluation,"
             " intelligence_assessment, handling_code, fields, text, ingested_at"
             " FROM documents WHERE id = ?")
_LINK = ('SELECT id, type, source_id, target_id, child_id, document_id, start, "end",'
         " observed_at, source_evaluation, intelligence_assessment, handling_code"
         " FROM links WHERE id = ?")
_SEARCH = ("SELECT id, kind, child_id, date, handling_code FROM documents"
           " WHERE instr(lower(COALESCE(text, '')), lower(?)) > 0"
           " AND kind IN (SELECT value FROM json_each(?)) ORDER BY id")


def document(store: Store, document_id: str) -> dict[str, Any] | None:
    """The stored document ``document_id`` with its fields and text, or ``None``."""
    read_sql = sql_reader(store)
    if read_sql is not None:
        rows = [dict(r) for r in read_sql(_DOCUMENT, (document_id,))]
        if not rows:
            return None
        fields = rows[0]["fields"]
        return {**rows[0], "fields": json.loads(fields) if isinstance(fields, str) else {}}
    meta = next((d for d in store.documents() if d["id"] == document_id), None)
    return None if meta is None else {**meta, "text": store.document_text(document_id)}


def documents(store: Store, kind: str | None = None,
              child_id: str | None = None) -> list[dict[str, Any]]:
    """Document metadata and fields (no text), as ``Store.documents`` gives them."""
    return store.documents(kind, child_id)


def link(store: Store, link_id: int) -> dict[str, Any] | None:
    """The stored link ``link_id`` with its provenance, or ``None``."""
    read_sql = sql_reader(store)
    if read_sql is not None:
        rows = [dict(r) for r in read_sql(_LINK, (int(link_id),))]
        return rows[0] if rows else None
    return next((dict(row) for row in store.links() if row.get("id") == link_id), None)


def search_text(store: Store, term: str, kinds: frozenset[str]) -> list[dict[str, Any]]:
    """Documents of ``kinds`` whose text contains ``term`` (case-insensitive), as metadata.

    ``instr`` over a parameter, not ``LIKE``, so ``%`` and ``_`` in the term stay literal.
    (SQLite's ``lower`` folds ASCII only; the fallback folds all of Unicode.)
    """
    if not kinds:
        return []
    read_sql = sql_reader(store)
    if read_sql is not None:
        return [dict(r) for r in read_sql(_SEARCH, (term, json.dumps(sorted(kinds))))]
    needle = term.casefold()
    return [{k: d.get(k) for k in ("id", "kind", "child_id", "date", "handling_code")}
            for d in store.documents() if d["kind"] in kinds
            and needle in (store.document_text(d["id"]) or "").casefold()]


# -- what a partner may see (the rule is shaping.partner_places; the SQL is in the store) ----
def _placements(store: Store) -> set[str]:
    return {link["target_id"] for link in store.links() if link["type"] == "PLACED_AT"}


_RULE = {"link_types": PARTNER_LINK_TYPES, "end_types": PARTNER_ENDPOINTS}


def partner_allowed(store: Store, filters: Filters, floor: int) -> set[str]:
    """The places a partner may see under ``filters``: linked to at least ``floor`` distinct
    children by links a partner may see, and never a placement address
    (:func:`~rhigraph.governance.shaping.partner_places`). Counted in the database when the
    store has SQL, so no link row is read into Python, and counted once per state of the
    store (:func:`graph.store.state_memo.remember`): a page asks several times between two
    writes, and any write, deletion or erasure counts afresh."""
    if sql_reader(store) is None:
        return partner_places(store.links(filters), _placements(store), floor)[1]
    return set(state_memo.remember(store, ("partner_allowed", filters, floor), lambda: frozenset(
        place_reads.places_with_children(store, filters, floor=floor, **_RULE))))


def partner_links(store: Store, filters: Filters, allowed: set[str]) -> list[dict[str, Any]]:
    """The links a partner may see under ``filters``: partner links at an ``allowed`` place
    (unmasked: the caller masks them with ``shaping.partner_link``)."""
    if not allowed:
        return []
    if sql_reader(store) is None:
        return [link for link in partner_places(store.links(filters), set(), 0)[0]
                if allowed & {link["source_id"], link["target_id"]}]
    return place_reads.links_at_places(store, filters, allowed, **_RULE)


def partner_children(store: Store, filters: Filters, allowed: set[str]) -> list[str]:
    """The children (real references) linked by partner links to ``allowed`` places."""
    if not allowed:
        return []
    if sql_reader(store) is None:
        return sorted({link["child_id"] for link in partner_links(store, filters, allowed)
                       if link["child_id"]})
    return place_reads.children_at_places(store, filters, allowed, **_RULE)


def entities_with_ids(store: Store, type_name: str, ids: set[str]) -> list[dict[str, Any]]:
    """The entities of ``type_name`` whose ids are in ``ids`` (id order), without reading
    every entity of the type where the store can look them up."""
    if not ids:
        return []
    if sql_reader(store) is None:
        return [e for e in store.entities(type_name) if e["id"] in ids]
    return place_reads.entities_with_ids(store, type_name, ids)


def latest_visible_day(store: Store, filters: Filters, floor: int, pseudonymise: bool
                       ) -> str | None:
    """The day of the latest fact at a place a role may see: any place, or for a partner
    (``pseudonymise``) only the places :func:`partner_allowed` gives it. Meeting pages
    open on this day, and the start-up step prepares views for the same one."""
    allowed = partner_allowed(store, filters, floor) if pseudonymise else None
    return latest_place_day(store, filters, allowed)


def latest_place_day(store: Store, filters: Filters, places: set[str] | None = None
                     ) -> str | None:
    """The day (ISO) of the latest fact at any place (or at one of ``places``)."""
    if sql_reader(store) is None:
        days = [str(r["last_seen"])[:10] for r in store.entity_activity("Location", filters)
                if r.get("last_seen") and (places is None or r["entity_id"] in places)]
        return max(days) if days else None
    latest = place_reads.latest_place_fact(store, filters, places)
    return str(latest)[:10] if latest else None
