"""The scale-out store: the ``Store`` protocol on Neo4j, through the official driver.

Why Neo4j as well as SQLite: a force or a regional partnership holds years of episodes and
notes from many authorities, and analysts already run Cypher and Bloom against it. The same
protocol and the same contract tests keep the two stores interchangeable
(``RHIGRAPH_STORE=neo4j``); the graph layout is described in :mod:`graph.store.cypher`, which
holds every statement sent here.

How it keeps the SQLite store's promises:

* One driver per process (:func:`driver_for`, keyed by URI and user), closed at exit.
* ``write`` runs in one managed write transaction (``session.execute_write`` retries it on
  transient errors): the content-hash check, the removal of a changed document's old facts and
  orphans, and the batched ``UNWIND $rows ... MERGE`` writes commit together or not at all. A
  link or mention whose entity is missing fails the transaction, as SQLite's foreign keys do.
  Links get integer ids in write order (as SQLite's), from a counter node.
* Reads use ``driver.execute_query(..., routing_=READ)``; ``entity_activity`` is one Cypher
  aggregation in the database.
* Entity props become node properties (so Cypher and Bloom users can query them); a prop
  named like the store's own fields is kept under an escaped name (see
  :func:`graph.store.cypher.escape_property`). Neo4j cannot store maps or mixed lists, so such
  values are kept as JSON text; ``None`` and empty values are dropped, as in SQLite.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl

from graph.exc import StoreError
from graph.schema import model
from graph.store import cypher
from graph.store.neo4j_analysis import Neo4jAnalysis
from graph.store.records import Batch, Filters, Rejection, WriteOutcome

#: Rows per ``UNWIND`` statement: large batches (a POLE import) stay within one transaction
#: but no single statement carries an unbounded parameter list.
CHUNK = 5000

_DRIVERS: dict[tuple[str, str], Driver] = {}
_SCHEMA_READY: set[tuple[str, str, str | None]] = set()
_LOCK = threading.Lock()


def driver_for(uri: str, user: str, password: str) -> Driver:
    """The process's one driver for ``uri`` and ``user`` (drivers pool their connections)."""
    key = (uri, user)
    with _LOCK:
        driver = _DRIVERS.get(key)
        if driver is None:
            driver = GraphDatabase.driver(uri, auth=(user, password))
            _DRIVERS[key] = driver
        return driver


@atexit.register
def close_drivers() -> None:
    """Close every driver this process opened."""
    with _LOCK:
        for driver in _DRIVERS.values():
            driver.close()
        _DRIVERS.clear()
        _SCHEMA_READY.clear()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def neo4j_value(value: Any) -> Any:
    """A value Neo4j can store as a property: scalars and homogeneous lists as they are,
    anything else as JSON text.

    >>> neo4j_value(["a", "b"]), neo4j_value({"age": "20s"})
    (['a', 'b'], '{"age": "20s"}')
    """
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple) and value:
        kinds = {type(v) if isinstance(v, str | bool | int | float) else None for v in value}
        if len(kinds) == 1 and None not in kinds:
            return list(value)
        if kinds == {int, float}:  # a property list holds one type: numbers become floats
            return [float(v) for v in value]
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def pack(props: Mapping[str, Any], reserved: Iterable[str]) -> dict[str, Any]:
    """User properties as stored: empty values dropped, names escaped, values storable."""
    reserved = tuple(reserved)
    return {cypher.escape_property(k, reserved): neo4j_value(v)
            for k, v in props.items() if not _empty(v)}


def unpack(stored: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """User properties of a stored node or relationship (the store's own fields removed)."""
    fields = set(fields)
    return {cypher.unescape_property(k): v for k, v in stored.items() if k not in fields}


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


def _until(value: str | None) -> str | None:
    """A date-only upper bound includes that whole day (same rule as ``filter_sql``)."""
    return value + "T99" if value and len(value) == 10 else value


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def area_params(area: str | None) -> dict[str, str | None]:
    """``Filters.area`` as ``district`` (a postcode district and a space) or ``la`` (a local
    authority's name, lower case), by the same rule as ``filter_sql``.

    >>> area_params("bl5"), area_params(" Bolton ")["la"], area_params(None)["district"]
    ({'district': 'BL5 ', 'la': None}, 'bolton', None)
    """
    if not area or not area.strip():
        return {"district": None, "la": None}
    compact = "".join(area.split()).upper()
    letters = len(compact) - len(compact.lstrip(_LETTERS))
    if (1 <= letters <= 2 and letters < len(compact) <= 4 and compact[letters].isdigit()
            and compact.isalnum()):
        return {"district": compact + " ", "la": None}
    return {"district": None, "la": area.strip().lower()}


def filter_params(filters: Filters | None) -> dict[str, Any]:
    """:class:`Filters` as the parameters of the link filter in :mod:`graph.store.cypher`."""
    f = filters or Filters()
    return {"since": f.since or None, "until": _until(f.until or None),
            "min_grading": bool(f.min_grading), "handling_codes": list(f.handling_codes),
            "categories": [c.upper() for c in f.categories],
            **area_params(getattr(f, "area", None))}


@dataclass
class Prepared:
    """One batch as the parameters of the write statements (pure; testable without a server)."""

    document: dict[str, Any]
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    link_order: list[dict[str, Any]] = field(default_factory=list)  # rows in batch order
    indicators: list[dict[str, Any]] = field(default_factory=list)


def prepare(batch: Batch) -> Prepared:
    """Rows for ``write``: provenance from the document is copied onto every link."""
    doc, grading = batch.document, batch.document.grading
    categories = batch.categories()
    document = {k: v for k, v in {
        "kind": doc.kind, "content_hash": doc.content_hash, "source_path": doc.source_path,
        "format": doc.format, "child_id": doc.child_id, "date": doc.date,
        "submitted_by": doc.submitted_by, "agency": doc.agency,
        "source_evaluation": grading.source_evaluation,
        "intelligence_assessment": grading.intelligence_assessment,
        "handling_code": grading.handling_code,
        "fields": json.dumps(doc.fields, ensure_ascii=False, sort_keys=True, default=str),
        "text": doc.text, "ingested_at": _now(), "categories": categories,
    }.items() if not _empty(v)}
    prepared = Prepared(document)
    entities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in batch.entities:
        entities[cypher.label(entity.type)].append({
            "id": entity.id, "key": entity.key, "label": entity.label,
            "props": pack(entity.props, cypher.ENTITY_FIELDS)})
    prepared.entities = dict(entities)
    prepared.mentions = [
        {"entity_id": m.entity_id, "seq": seq, "props": {
            k: neo4j_value(v) for k, v in {
                "text": m.text, "start": m.start, "end": m.end, "role": m.role,
                "aliases": list(m.aliases), "attributes": m.attributes,
            }.items() if not _empty(v)}}
        for seq, m in enumerate(batch.mentions)]
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in batch.links:
        provenance = {
            "document_id": doc.id, "child_id": link.child_id,
            "start": link.start, "end": link.end, "observed_at": link.observed_at or doc.date,
            "submitted_by": doc.submitted_by, "agency": doc.agency,
            "source_evaluation": grading.source_evaluation,
            "intelligence_assessment": grading.intelligence_assessment,
            "handling_code": grading.handling_code, "categories": categories,
        }
        props = pack(link.props, cypher.LINK_FIELDS)
        props.update({k: v for k, v in provenance.items() if not _empty(v)})
        row = {"id": None, "source_id": link.source_id, "target_id": link.target_id,
               "props": props}  # the id is allocated just before writing (number_links)
        links[cypher.rel_type(link.type)].append(row)
        prepared.link_order.append(row)
    prepared.links = dict(links)
    prepared.indicators = [{"id": f"{doc.id}#{seq}", "props": {k: v for k, v in {
        "seq": seq, "document_id": doc.id, "child_id": i.child_id or doc.child_id,
        "code": i.code, "text": i.text, "start": i.start, "end": i.end,
        "negated": bool(i.negated)}.items() if v is not None}}
        for seq, i in enumerate(batch.indicators)]
    return prepared


def _run_counted(tx: ManagedTransaction, statement: str, rows: list[dict[str, Any]],
                 what: str, **params: Any) -> None:
    """Run a ``RETURN count(..) AS written`` statement per chunk; fewer than sent fails."""
    for chunk in _chunks(rows):
        written = tx.run(statement, {**params, "rows": chunk}).single(strict=True)["written"]
        if written != len(chunk):
            raise StoreError(f"{len(chunk) - written} {what} name an entity that is not stored")


def _delete_facts(tx: ManagedTransaction, document_id: str) -> None:
    """A document's indicators, mentions, node and links, then the orphaned entities."""
    tx.run(cypher.DELETE_INDICATORS, {"id": document_id}).consume()
    record = tx.run(cypher.DELETE_DOCUMENT_NODE, {"id": document_id}).single()
    touched = set(record["touched"]) if record else set()
    for name in model().relations:
        touched.update(tx.run(cypher.delete_links(name), {"id": document_id})
                       .single(strict=True)["touched"])
    ids = sorted(touched)
    for start in range(0, len(ids), CHUNK):
        tx.run(cypher.DELETE_ORPHANS, {"ids": ids[start:start + CHUNK]}).consume()


def _stored_hash(tx: ManagedTransaction, document_id: str) -> str | None:
    record = tx.run(cypher.DOCUMENT_HASH, {"id": document_id}).single()
    return record["content_hash"] if record else None


def _reserve(tx: ManagedTransaction, name: str, count: int) -> int:
    """The last id used before ``count`` new ones of counter ``name``."""
    return int(tx.run(cypher.RESERVE_IDS, {"name": name, "count": count})
               .single(strict=True)["last"])


def number_links(prepared: Prepared, last: int) -> None:
    """Give the batch's links consecutive integer ids after ``last``, in batch order."""
    for seq, row in enumerate(prepared.link_order):
        row["id"] = last + 1 + seq


def _write(tx: ManagedTransaction, document_id: str, content_hash: str,
           prepared: Prepared) -> WriteOutcome:
    """The whole of ``write`` inside one transaction (re-run as a whole on retry)."""
    previous = _stored_hash(tx, document_id)
    if previous == content_hash:
        return "unchanged"
    if previous is not None:
        _delete_facts(tx, document_id)
    tx.run(cypher.MERGE_DOCUMENT, {"id": document_id, "props": prepared.document}).consume()
    for name, rows in prepared.entities.items():
        for chunk in _chunks(rows):
            tx.run(cypher.merge_entities(name), {"rows": chunk}).consume()
    _run_counted(tx, cypher.MERGE_MENTIONS, prepared.mentions, "mentions",
                 document_id=document_id)
    for name, rows in prepared.links.items():
        _run_counted(tx, cypher.merge_links(name), rows, f"{name} links")
    _run_counted(tx, cypher.MERGE_INDICATORS, prepared.indicators, "indicators",
                 document_id=document_id)
    return "ingested" if previous is None else "updated"


def _delete(tx: ManagedTransaction, document_id: str) -> bool:
    if _stored_hash(tx, document_id) is None:
        return False
    _delete_facts(tx, document_id)
    return True


def _next_id(tx: ManagedTransaction, name: str) -> int:
    return _reserve(tx, name, 1) + 1


def _add_action(tx: ManagedTransaction, props: dict[str, Any]) -> int:
    if props.get("document_id") is not None:
        found = tx.run(cypher.FIND_ACTION, {"document_id": props["document_id"],
                                            "text": props["text"]}).single()
        if found:
            return int(found["id"])
    action_id = _next_id(tx, cypher.ACTION_SEQUENCE)
    tx.run(cypher.CREATE_ACTION, {"props": {**props, "id": action_id}}).consume()
    return action_id


def _add_notification(tx: ManagedTransaction, props: dict[str, Any]) -> int:
    notification_id = _next_id(tx, cypher.NOTIFICATION_SEQUENCE)
    tx.run(cypher.CREATE_NOTIFICATION, {"props": {**props, "id": notification_id}}).consume()
    return notification_id


def _entity_row(record: Mapping[str, Any], type_name: str) -> dict[str, Any]:
    return {"id": record["id"], "type": type_name, "key": record["key"],
            "label": record["label"], "props": unpack(record["props"], cypher.ENTITY_FIELDS)}


def _link_row(record: Mapping[str, Any]) -> dict[str, Any]:
    stored = record["props"]
    row = {"id": stored.get("id"), "type": record["type"], "source_id": record["source_id"],
           "target_id": record["target_id"]}
    row.update({f: stored.get(f) for f in cypher.LINK_FIELDS
                if f not in ("id", "categories")})
    row["props"] = unpack(stored, cypher.LINK_FIELDS)
    row["source_cluster"] = record["source_cluster"]
    row["target_cluster"] = record["target_cluster"]
    return row


def _activity_row(record: Mapping[str, Any], type_name: str,
                  forms: Mapping[str, tuple[list[str], list[str]]]) -> dict[str, Any]:
    row = dict(record)
    row["type"] = row["type"] or type_name
    row["props"] = unpack(row["props"] or {}, cypher.ENTITY_FIELDS)
    row["members"] = sorted(row["members"])
    row["children_linked"] = sorted(row["children_linked"], key=lambda c: c["child_id"])
    texts, roles = forms.get(row["entity_id"], ([], []))
    row["variants"] = sorted(set(texts))
    row["roles"] = sorted({r for r in roles if r})
    row["is_placement"] = bool(row["is_placement"])
    return row


def _mention(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A MENTIONS relationship's properties as SQLite's mention row gives them."""
    attributes = stored.get("attributes")
    return {"text": stored.get("text"), "role": stored.get("role"),
            "aliases": list(stored.get("aliases") or []),
            "attributes": json.loads(attributes) if isinstance(attributes, str) else {},
            "start": stored.get("start"), "end": stored.get("end")}


def _pair(row: Mapping[str, Any]) -> str:
    return json.dumps([row["left_id"], row.get("left_document") or "", row["right_id"],
                       row.get("right_document") or ""])


def _replace_resolution(tx: ManagedTransaction, clusters: list[dict[str, Any]],
                        candidates: list[dict[str, Any]], resolved_at: str,
                        run: dict[str, Any]) -> None:
    """The whole of ``replace_resolution`` in one transaction."""
    tx.run(cypher.DELETE_CLUSTER_MAP).consume()
    rows = [{"entity_id": c["entity_id"], "document_id": c.get("document_id") or "",
             "props": {"cluster_id": c["cluster_id"],
                       "canonical_id": c.get("canonical_id") or c["cluster_id"],
                       "score": float(c["score"]), "resolved_at": resolved_at,
                       "reasons": json.dumps(list(c.get("reasons") or []),
                                             ensure_ascii=False)}} for c in clusters]
    for chunk in _chunks(rows):
        tx.run(cypher.MERGE_CLUSTER_MAP, {"rows": chunk}).consume()
    pairs = [_pair(c) for c in candidates]
    known = {r["pair"]: (r["id"], r["status"])
             for r in tx.run(cypher.CANDIDATES_BY_PAIR, {"pairs": pairs})}
    fresh = [p for p in dict.fromkeys(pairs) if p not in known]
    last = _reserve(tx, cypher.CANDIDATE_SEQUENCE, len(fresh)) if fresh else 0
    ids = {p: last + 1 + i for i, p in enumerate(fresh)}
    updates = []
    for candidate, pair in zip(candidates, pairs, strict=True):
        if pair in known and known[pair][1] != "open":
            continue  # decided pairs keep their row and are not reopened
        props = {"type": candidate["type"], "left_id": candidate["left_id"],
                 "left_document": candidate.get("left_document") or "",
                 "right_id": candidate["right_id"],
                 "right_document": candidate.get("right_document") or "",
                 "left_cluster": candidate.get("left_cluster"),
                 "right_cluster": candidate.get("right_cluster"),
                 "score": float(candidate["score"]),
                 "reasons": json.dumps(list(candidate.get("reasons") or []),
                                       ensure_ascii=False)}
        if pair not in known:
            props.update({"id": ids[pair], "status": "open", "created_at": resolved_at})
        updates.append({"pair": pair, "props": {k: v for k, v in props.items()
                                                if v is not None}})
    for chunk in _chunks(updates):
        tx.run(cypher.MERGE_CANDIDATES, {"rows": chunk}).consume()
    tx.run(cypher.DELETE_STALE_CANDIDATES, {"pairs": pairs}).consume()
    run_id = _reserve(tx, cypher.RUN_SEQUENCE, 1) + 1
    tx.run(cypher.CREATE_RUN, {"props": {**run, "id": run_id}}).consume()


def _add_judgement(tx: ManagedTransaction, props: dict[str, Any],
                   candidate_id: int | None) -> int:
    judgement_id = _reserve(tx, cypher.JUDGEMENT_SEQUENCE, 1) + 1
    tx.run(cypher.CREATE_JUDGEMENT, {"props": {**props, "id": judgement_id}}).consume()
    if candidate_id is not None:
        tx.run(cypher.DECIDE_CANDIDATE, {
            "candidate_id": int(candidate_id), "judgement_id": judgement_id,
            "status": "accepted" if props["same"] else "rejected"}).consume()
    return judgement_id


def _undo_judgement(tx: ManagedTransaction, judgement_id: int, user: str, at: str) -> bool:
    changed = tx.run(cypher.UNDO_JUDGEMENT, {"judgement_id": judgement_id, "user": user,
                                             "at": at}).single(strict=True)["changed"]
    if changed:
        tx.run(cypher.REOPEN_CANDIDATES, {"judgement_id": judgement_id}).consume()
    return bool(changed)


class Neo4jStore(Neo4jAnalysis):
    """:class:`graph.store.base.Store` on a Neo4j 5 database (the analysis reads are in
    :mod:`graph.store.neo4j_analysis`)."""

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri, self.user, self.database = uri, user, database or None
        self._driver = driver_for(uri, user, password)
        key = (uri, user, self.database)
        if key not in _SCHEMA_READY:
            self.ensure_schema()
            _SCHEMA_READY.add(key)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Neo4jStore:
        """Open the store named by ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
        ``NEO4J_DATABASE`` (default database when unset)."""
        env = os.environ if environ is None else environ
        uri = env.get("NEO4J_URI")
        if not uri:
            raise StoreError("RHIGRAPH_STORE=neo4j needs NEO4J_URI (e.g. bolt://localhost:7687)")
        return cls(uri, env.get("NEO4J_USER", "neo4j"), env.get("NEO4J_PASSWORD", ""),
                   env.get("NEO4J_DATABASE") or None)

    # -- schema ---------------------------------------------------------------------------
    def ensure_schema(self) -> list[str]:
        """Create every constraint and index that is missing; return the names created now.

        Re-runnable: each statement says ``IF NOT EXISTS``.
        """
        applied = []
        for name, statement in cypher.schema_statements():
            summary = self._driver.execute_query(statement, database_=self.database).summary
            if summary.counters.constraints_added or summary.counters.indexes_added:
                applied.append(name)
        return applied

    def migrate(self) -> list[str]:
        return self.ensure_schema()

    # -- helpers --------------------------------------------------------------------------
    def _read(self, statement: str, params: dict[str, Any] | None = None) -> list[Any]:
        return self._driver.execute_query(statement, params or {}, database_=self.database,
                                          routing_=RoutingControl.READ).records

    def _execute_write(self, work: Any, *args: Any) -> Any:
        with self._driver.session(database=self.database) as session:
            return session.execute_write(work, *args)

    # -- writing --------------------------------------------------------------------------
    def document_hash(self, document_id: str) -> str | None:
        records = self._read(cypher.DOCUMENT_HASH, {"id": document_id})
        return records[0]["content_hash"] if records else None

    def write(self, batch: Batch) -> WriteOutcome:
        """Write one document in one transaction.

        Link ids are reserved first in a short transaction of their own, so the counter is
        not locked while a large document is written; ids a failed write reserved are simply
        never used. An unchanged document reserves nothing.
        """
        doc = batch.document
        if self.document_hash(doc.id) == doc.content_hash:
            return "unchanged"
        prepared = prepare(batch)
        if prepared.link_order:
            number_links(prepared, self._execute_write(
                _reserve, cypher.LINK_SEQUENCE, len(prepared.link_order)))
        return self._execute_write(_write, doc.id, doc.content_hash, prepared)

    def delete_document(self, document_id: str) -> bool:
        return bool(self._execute_write(_delete, document_id))

    def reject(self, rejection: Rejection) -> None:
        props = {"seq": time.time_ns(), "path": rejection.path, "location": rejection.where,
                 "reason": rejection.reason, "content_hash": rejection.content_hash,
                 "rejected_at": rejection.rejected_at or _now()}
        self._driver.execute_query(cypher.REJECT,
                                   {"props": {k: v for k, v in props.items() if v is not None}},
                                   database_=self.database)

    # -- reading --------------------------------------------------------------------------
    def rejections(self) -> list[Rejection]:
        return [Rejection(r["path"], r["reason"], r["location"], r["content_hash"],
                          r["rejected_at"]) for r in self._read(cypher.REJECTIONS)]

    def counts(self) -> dict[str, int]:
        names = list(model().entities)
        (record,) = self._read(cypher.counts(names))
        result = {name: record[name] for name in sorted(names) if record[name]}
        for total in ("documents", "mentions", "links", "indicators", "rejections"):
            result[total] = record[total]
        return result

    def entities(self, type_name: str | None = None) -> list[dict[str, Any]]:
        if type_name:
            return [_entity_row(r, type_name)
                    for r in self._read(cypher.entities_of(type_name))]
        return [_entity_row(r, r["type"]) for r in self._read(cypher.ENTITIES)]

    def links(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        records = self._read(cypher.links(model().relations), filter_params(filters))
        for record in records:
            yield _link_row(record)

    def entity_activity(self, type_name: str,
                        filters: Filters | None = None) -> list[dict[str, Any]]:
        """Per resolved cluster of ``type_name`` (``entity_id`` is the cluster id,
        ``members`` the entity ids pooled), as the SQLite store returns it."""
        statement = cypher.entity_activity(type_name, model().relations)
        forms = {r["cluster_id"]: (r["texts"], r["roles"])
                 for r in self._read(cypher.mention_forms(type_name))}
        return [_activity_row(r, type_name, forms)
                for r in self._read(statement, filter_params(filters))]

    def location_activity(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Transitional name for ``entity_activity("Location", filters)`` (as in SQLite)."""
        rows = self.entity_activity("Location", filters)
        for row in rows:
            row["location_id"] = row["entity_id"]
        return rows

    def documents(self, kind: str | None = None,
                  child_id: str | None = None) -> list[dict[str, Any]]:
        rows = []
        for record in self._read(cypher.DOCUMENTS, {"kind": kind or None,
                                                    "child_id": child_id or None}):
            row = dict(record["document"])
            row["fields"] = json.loads(row["fields"]) if row["fields"] else {}
            row["categories"] = sorted(row["categories"] or [])
            rows.append(row)
        return rows

    def document_text(self, document_id: str) -> str | None:
        records = self._read(cypher.DOCUMENT_TEXT, {"id": document_id})
        return records[0]["text"] if records else None

    def indicators(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        f = filters or Filters()
        params = {"since": f.since or None, "until": f.until or None,
                  "categories": [c.upper() for c in f.categories]}
        rows = []
        for record in self._read(cypher.INDICATORS, params):
            indicator = dict(record["indicator"])
            rows.append({"document_id": indicator["document_id"],
                         "child_id": indicator["child_id"], "code": indicator["code"],
                         "text": indicator["text"], "start": indicator["start"],
                         "end": indicator["end"], "negated": bool(indicator["negated"]),
                         "date": record["date"], "kind": record["kind"]})
        return rows

    # -- actions and notifications ---------------------------------------------------------
    def add_action(self, *, text: str, created_at: str, child_id: str | None = None,
                   episode_id: str | None = None, source: str = "meeting",
                   meeting: str | None = None, document_id: str | None = None,
                   owner: str | None = None, due: str | None = None,
                   created_by: str | None = None) -> int:
        """Record an open action and return its id (an RHI recommendation already recorded
        with the same document and text returns the existing id)."""
        if not (text or "").strip():
            raise StoreError("an action needs text")
        if source not in ("meeting", "rhi"):
            raise StoreError("action source must be 'meeting' or 'rhi'")
        props = {"text": text.strip(), "child_id": child_id, "episode_id": episode_id,
                 "source": source, "meeting": meeting, "document_id": document_id,
                 "owner": owner, "due": due, "status": "open", "created_at": created_at,
                 "created_by": created_by}
        return int(self._execute_write(
            _add_action, {k: v for k, v in props.items() if v is not None}))

    def update_action(self, action_id: int, *, owner: str | None = None,
                      due: str | None = None) -> bool:
        records = self._driver.execute_query(
            cypher.UPDATE_ACTION, {"id": int(action_id), "owner": owner, "due": due},
            database_=self.database).records
        return bool(records and records[0]["changed"])

    def close_action(self, action_id: int, *, closed_at: str, closed_by: str | None = None,
                     note: str | None = None) -> bool:
        records = self._driver.execute_query(
            cypher.CLOSE_ACTION, {"id": int(action_id), "closed_at": closed_at,
                                  "closed_by": closed_by, "note": note},
            database_=self.database).records
        return bool(records and records[0]["changed"])

    def actions(self, *, child_id: str | None = None,
                status: str | None = None) -> list[dict[str, Any]]:
        return [dict(r["action"]) for r in self._read(
            cypher.ACTIONS, {"child_id": child_id, "status": status})]

    def record_notification(self, *, episode_id: str, about: str, body_role: str,
                            notified_at: str, recorded_at: str, body: str | None = None,
                            recorded_by: str | None = None, note: str | None = None) -> int:
        """Append a record that a body was told of an episode or its RHI; return its id."""
        if about not in ("missing", "rhi"):
            raise StoreError("a notification is about 'missing' or 'rhi'")
        if body_role not in ("responsible_la", "host_la", "home_force"):
            raise StoreError("body_role must be responsible_la, host_la or home_force")
        props = {"episode_id": episode_id, "about": about, "body_role": body_role,
                 "body": body, "notified_at": notified_at, "recorded_by": recorded_by,
                 "note": note, "recorded_at": recorded_at}
        return int(self._execute_write(
            _add_notification, {k: v for k, v in props.items() if v is not None}))

    def notifications(self, episode_id: str | None = None) -> list[dict[str, Any]]:
        return [dict(r["notification"]) for r in self._read(
            cypher.NOTIFICATIONS, {"episode_id": episode_id})]

    # -- resolution (issue 5) ------------------------------------------------------------
    def resolution_units(self, types: tuple[str, ...]) -> list[dict[str, Any]]:
        units = []
        for type_name in types:
            for record in self._read(cypher.resolution_units(type_name)):
                unit = dict(record)
                unit["type"] = type_name
                unit["props"] = unpack(unit["props"], cypher.ENTITY_FIELDS)
                unit["mentions"] = [_mention(m) for m in
                                    sorted(unit["mentions"], key=lambda m: m["seq"])]
                unit["linked"] = [dict(x) for x in unit["linked"]]
                units.append(unit)
        return units

    def replace_resolution(self, clusters: list[dict[str, Any]],
                           candidates: list[dict[str, Any]], *, resolved_at: str,
                           fingerprint: str, summary: dict[str, Any] | None = None) -> None:
        """Replace the cluster mapping and the open review queue in one transaction (the
        rules of ``SQLiteStore.replace_resolution``)."""
        run = {"resolved_at": resolved_at, "fingerprint": fingerprint,
               "summary": json.dumps(summary or {}, ensure_ascii=False, sort_keys=True,
                                     default=str)}
        self._execute_write(_replace_resolution, clusters, candidates, resolved_at, run)

    def entity_clusters(self, type_name: str | None = None) -> list[dict[str, Any]]:
        prefix = f"{model().entity(type_name).name}:" if type_name else None
        return [{**dict(r["row"]), "reasons": json.loads(r["row"]["reasons"] or "[]")}
                for r in self._read(cypher.CLUSTER_MAP_ROWS, {"prefix": prefix})]

    def resolution_candidates(self, status: str | None = "open", *,
                              candidate_id: int | None = None) -> list[dict[str, Any]]:
        rows = []
        for record in self._read(cypher.CANDIDATES, {
                "status": status,
                "candidate_id": int(candidate_id) if candidate_id is not None else None}):
            row = dict(record["row"])
            row.pop("pair", None)
            row["reasons"] = json.loads(row["reasons"] or "[]")
            rows.append(row)
        return rows

    def add_judgement(self, *, left_id: str, right_id: str, same: bool, user: str, at: str,
                      left_document: str = "", right_document: str = "",
                      note: str | None = None, candidate_id: int | None = None) -> int:
        if not (user or "").strip():
            raise StoreError("a judgement records who made it")
        if left_id == right_id and (left_document or "") == (right_document or ""):
            raise StoreError("a judgement needs two different things")
        props = {"left_id": left_id, "left_document": left_document or "",
                 "right_id": right_id, "right_document": right_document or "",
                 "same": bool(same), "user": user.strip(), "at": at, "note": note,
                 "active": True}
        return int(self._execute_write(
            _add_judgement, {k: v for k, v in props.items() if v is not None}, candidate_id))

    def judgements(self, *, active: bool | None = True) -> list[dict[str, Any]]:
        return [{**dict(r["row"]), "same": bool(r["row"]["same"]),
                 "active": bool(r["row"]["active"])}
                for r in self._read(cypher.JUDGEMENTS, {
                    "active": None if active is None else bool(active)})]

    def undo_judgement(self, judgement_id: int, *, user: str, at: str) -> bool:
        return bool(self._execute_write(_undo_judgement, int(judgement_id), user, at))

    def resolution_fingerprint(self) -> str:
        (r,) = self._read(cypher.RESOLUTION_FINGERPRINT)
        return json.dumps([r["documents"], r["latest"], r["mentions"], r["links"],
                           r["judgements"], r["active"]], ensure_ascii=False)

    def last_resolution(self) -> dict[str, Any] | None:
        records = self._read(cypher.LAST_RUN)
        if not records:
            return None
        row = records[0]["row"]
        return {"resolved_at": row["resolved_at"], "fingerprint": row["fingerprint"],
                "summary": json.loads(row["summary"] or "{}")}

    def document_mentions(self, document_ids: list[str] | None = None, *,
                          kind: str | None = None) -> list[dict[str, Any]]:
        ids = sorted(set(document_ids)) if document_ids is not None else None
        rows = []
        for record in self._read(cypher.DOCUMENT_MENTIONS, {"ids": ids, "kind": kind or None}):
            row = {k: record[k] for k in ("document_id", "kind", "date", "child_id",
                                          "entity_id", "cluster_id", "type", "key", "label")}
            row["props"] = unpack(record["props"], cypher.ENTITY_FIELDS)
            mention = _mention(record["mention"])
            row.update({k: mention[k] for k in ("text", "start", "end", "role", "aliases",
                                                "attributes")})
            rows.append(row)
        return rows

    def close(self) -> None:
        """Nothing to release per store: the driver is shared by the process (see
        :func:`close_drivers`)."""
