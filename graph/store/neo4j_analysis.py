"""The Neo4j store's reads behind ``graph.analysis`` (issue 6), as in the SQLite store.

Why a module of its own: the ranked aggregations (``entity_signals``, ``person_activity``,
``new_links``, ``new_children_at``, ``child_periods``) run as Cypher in the database, one
statement each from :mod:`graph.store.cypher`; the reads for the rows shown (trends, details,
relations, a neighbourhood) fetch the bounded set of links touching those entities with one
statement (:func:`graph.store.cypher.touching`) and shape them here, in pure functions that
take rows, so the shaping is the same whatever store the rows came from and can be checked
without a server. Semantics are the SQLite store's (its docstrings are the contract).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graph.schema import model
from graph.store import cypher
from graph.store.records import Filters, context_places_of

#: Relations that say a child was somewhere or with someone, not only named or placed.
NOT_DIRECT = ("MENTIONED_IN", "PLACED_AT", "LIVES_AT", "MISSING_FROM", "MISSING_EPISODE")


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filter_params(filters: Filters | None) -> dict[str, Any]:
    from graph.store.neo4j import filter_params

    return filter_params(filters)


def _canonical_row(record: Mapping[str, Any], type_name: str) -> dict[str, Any]:
    """``type``, ``key``, ``label`` and ``props`` of a row's shown entity, with the SQLite
    store's fallbacks when that entity is gone."""
    from graph.store.neo4j import unpack

    row = dict(record)
    row["type"] = row.get("type") or type_name
    row["key"] = row.get("key") or str(row["entity_id"]).split(":", 1)[-1]
    row["label"] = row.get("label") or row["key"]
    if "props" in row:
        row["props"] = unpack(row["props"] or {}, cypher.ENTITY_FIELDS)
    return row


def is_direct(row: Mapping[str, Any]) -> bool:
    """A touching link that relates a child to the entity (or finds a child there)."""
    return row["type"] == "FOUND_AT" or (row["type"] not in NOT_DIRECT
                                         and bool(row["other_is_child"]))


def link_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A touching row as ``links()`` gives the link (source and target in its direction)."""
    from graph.store.neo4j import unpack

    props = row["props"]
    ends = ((row["member_id"], row["entity_id"]), (row["other_id"], row["other_cluster"]))
    (source, source_cluster), (target, target_cluster) = ends if row["outgoing"] else ends[::-1]
    out = {"id": props.get("id"), "type": row["type"], "source_id": source,
           "target_id": target}
    out.update({f: props.get(f) for f in cypher.LINK_FIELDS if f not in ("id", "categories")})
    out["props"] = unpack(props, cypher.LINK_FIELDS)
    out["source_cluster"], out["target_cluster"] = source_cluster, target_cluster
    return out


def trends_from(rows: Iterable[Mapping[str, Any]], entity_ids: Iterable[str], *,
                reference: str | None, latest_document: str | None, period_days: int,
                half_life_days: float) -> dict[str, dict[str, Any]]:
    """``entity_trends`` from the touching rows of the entities (see the SQLite store)."""
    rows = list(rows)
    if reference is None:
        days = [d for d in (_day(r["props"].get("observed_at")) for r in rows) if d]
        # SQLite's two-argument MAX is NULL when either side is.
        reference = (max(latest_document, max(days)) if latest_document and days else None)
    day = _date(reference)
    period = dt.timedelta(days=int(period_days))
    half = float(half_life_days)
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        if not is_direct(row):
            continue
        entry = found.setdefault(row["entity_id"], {"recent": set(), "previous": set(),
                                                    "recency": 0.0})
        seen = _day(row["props"].get("observed_at"))
        when = _date(seen)
        if day is None or seen is None:
            continue
        child = row["props"].get("child_id")
        if str(day - period) < seen <= str(day) and child is not None:
            entry["recent"].add(child)
        if str(day - 2 * period) < seen <= str(day - period) and child is not None:
            entry["previous"].add(child)
        if when is not None:
            entry["recency"] += half / (half + max(0.0, float((day - when).days)))
    out = {}
    for entity in sorted(set(entity_ids)):
        entry = found.get(entity)
        out[entity] = {"recent_children": len(entry["recent"]) if entry else 0,
                       "previous_children": len(entry["previous"]) if entry else 0,
                       "recency": round(entry["recency"], 4) if entry else 0.0,
                       "reference": reference, "period_days": int(period_days)}
    return out


def relations_from(rows: Iterable[Mapping[str, Any]],
                   roles: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``person_relations`` from the touching rows of the persons and the role each
    document's mentions gave each member (``member_id``, ``document_id``, ``role``)."""
    given: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in roles:
        given[(r["member_id"], r["document_id"])].add(r["role"] or "UNKNOWN")
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row["type"] == "MENTIONED_IN":
            continue
        document = row["props"].get("document_id")
        for role in given.get((row["member_id"], document), ()):
            entry = grouped.setdefault((row["entity_id"], role), {
                "entity_id": row["entity_id"], "role": role, "link_types": set(),
                "children": set(), "linked_ids": set()})
            entry["link_types"].add(row["type"])
            if row["other_is_child"]:
                if row["props"].get("child_id") is not None:
                    entry["children"].add(row["props"]["child_id"])
            elif row["other_cluster"] is not None:
                entry["linked_ids"].add(row["other_cluster"])
    return [{"entity_id": e["entity_id"], "role": e["role"],
             "link_types": sorted(e["link_types"]), "direct_children": len(e["children"]),
             "linked_ids": sorted(e["linked_ids"])} for e in grouped.values()]


def variants_from(mentions: Iterable[Mapping[str, Any]]) -> dict[str, tuple[list[str],
                                                                            list[str]]]:
    """Per entity: the forms as written (text, then aliases; earliest first use first,
    then text) and the roles, from ``mentions_of`` rows."""
    first: dict[tuple[str, str, str | None, str], str] = {}
    for m in mentions:
        key = (m["entity_id"], m["text"], m["role"], json.dumps(m["aliases"]))
        seen = m["date"] or ""
        first[key] = min(first.get(key, seen), seen)
    out: dict[str, tuple[list[str], list[str]]] = {}
    for (entity, text, role, aliases), _ in sorted(first.items(),
                                                   key=lambda kv: (kv[1], kv[0][1])):
        variants, roles = out.setdefault(entity, ([], []))
        for form in (text, *json.loads(aliases)):
            if form and form not in variants:
                variants.append(form)
        if role and role not in roles:
            roles.append(role)
    return out


def details_from(basics: Mapping[str, Mapping[str, Any]], rows: Iterable[Mapping[str, Any]],
                 documents: Mapping[str, Mapping[str, Any]], names: Mapping[str, Any],
                 forms: Mapping[str, tuple[list[str], list[str]]],
                 max_documents: int) -> dict[str, dict[str, Any]]:
    """``entity_details`` from the entities shown (``basics``, by id), their touching rows,
    the documents behind them (``kind``, ``date`` by id), child names and written forms."""
    out: dict[str, dict[str, Any]] = {}
    for entity, row in basics.items():
        variants, roles = forms.get(entity, ([], []))
        out[entity] = {"entity_id": entity, "type": row["type"], "key": row["key"],
                       "label": row["label"], "props": row["props"], "members": [],
                       "variants": list(variants), "roles": sorted(roles),
                       "children_linked": [], "evidence": [], "evidence_total": 0}
    members: dict[str, set[str]] = defaultdict(set)
    children: dict[str, set[str]] = defaultdict(set)
    per: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        entity, props = row["entity_id"], row["props"]
        members[entity].add(row["member_id"])
        if props.get("child_id") is not None:
            children[entity].add(props["child_id"])
        entry = per.setdefault((entity, props.get("document_id")), {
            "types": set(), "children": set(), "days": set(), "via": set()})
        entry["types"].add(row["type"])
        if props.get("child_id") is not None:
            entry["children"].add(props["child_id"])
        if _day(props.get("observed_at")):
            entry["days"].add(_day(props.get("observed_at")))
        if not str(row["other_id"]).startswith("Document:"):
            entry["via"].add(row["other_id"])
    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (entity, document), entry in per.items():
        doc = documents.get(document) or {}
        evidence[entity].append({
            "document_id": document, "kind": doc.get("kind"),
            "date": doc.get("date") or min(entry["days"], default=None),
            "link_types": sorted(entry["types"]),
            "child_id": min(entry["children"], default=None),
            "via": sorted(entry["via"])[:10]})
    for entity, entry in out.items():
        entry["members"] = sorted(members.get(entity, ()))
        entry["children_linked"] = [{"child_id": c, "name": names.get(c)}
                                    for c in sorted(children.get(entity, ()))]
        items = sorted(evidence.get(entity, ()),
                       key=lambda e: (e["date"] or "", e["document_id"] or ""), reverse=True)
        entry["evidence"], entry["evidence_total"] = items[:max_documents], len(items)
    return out


def periods_from(episodes: Iterable[Mapping[str, Any]],
                 indicators: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``child_periods`` rows from the two Cypher aggregations, merged per child and period."""
    merged: dict[tuple[str, int], dict[str, Any]] = {}
    for r in [*episodes, *indicators]:
        row = merged.setdefault((r["child_id"], r["period"]), {
            "child_id": r["child_id"], "period": r["period"], "episodes": 0,
            "high_risk": 0, "indicators": 0, "codes": [], "documents": 0})
        for key in ("episodes", "high_risk", "indicators", "documents"):
            row[key] += r.get(key) or 0
        row["codes"] = sorted(set(row["codes"]) | set(r.get("codes") or ()))
    return sorted(merged.values(), key=lambda r: (r["child_id"], r["period"]))


class Neo4jAnalysis:
    """The analysis reads of the ``Store`` protocol; mixed into ``Neo4jStore``, which gives
    ``_read(statement, params)`` (declared here, defined there)."""

    _read: Callable[[str, dict[str, Any] | None], list[Any]]

    def _touching(self, entity_ids: Iterable[str], filters: Filters | None,
                  types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        for type_name in types:
            model().relation(type_name)
        return [dict(r) for r in self._read(cypher.touching(model().relations), {
            **_filter_params(filters), "ids": sorted(set(entity_ids)), "types": list(types)})]

    def entity_signals(self, type_name: str,
                       filters: Filters | None = None) -> list[dict[str, Any]]:
        """Per resolved entity of a type, what happened there (``SQLiteStore``'s rows):
        two Cypher aggregations, the signals and the adults of concern."""
        relations = model().relations
        params = _filter_params(filters)
        adults = {r["entity_id"]: (sorted(set(r["adult_ids"])), r["intel_documents"])
                  for r in self._read(cypher.entity_adults(type_name, relations), params)}
        rows = []
        for record in self._read(cypher.entity_signals(type_name, relations), params):
            row = _canonical_row(record, type_name)
            row["is_placement"], row["is_home"] = bool(row["is_placement"]), bool(row["is_home"])
            row["mentions"] = row["documents"]
            row["adult_ids"], row["intel_documents"] = adults.get(row["entity_id"], ([], 0))
            row["adults_of_concern"] = len(row["adult_ids"])
            rows.append(row)
        return rows

    def context_places(self) -> dict[str, dict[str, bool]]:
        """See :meth:`Store.context_places`: the flags of the unfiltered signals."""
        return context_places_of(self.entity_signals("Location"))

    def entity_trends(self, entity_ids: list[str], filters: Filters | None = None, *,
                      reference: str | None = None, period_days: int = 28,
                      half_life_days: float = 28.0) -> dict[str, dict[str, Any]]:
        if not entity_ids:
            return {}
        if reference is None and filters is not None and filters.until:
            reference = filters.until[:10]
        latest = None
        if reference is None:
            (record,) = self._read(cypher.LATEST_DOCUMENT_DATE)
            latest = record["latest"]
        return trends_from(self._touching(entity_ids, filters), entity_ids,
                           reference=reference, latest_document=latest,
                           period_days=period_days, half_life_days=half_life_days)

    def person_activity(self, filters: Filters | None = None,
                        min_children: int = 1) -> list[dict[str, Any]]:
        roles = {r["entity_id"]: sorted(set(r["roles"]))
                 for r in self._read(cypher.PERSON_ROLES)}
        rows = []
        for record in self._read(cypher.PERSON_ACTIVITY, {**_filter_params(filters),
                                                          "count": int(min_children)}):
            row = _canonical_row(record, "Person")
            row["roles"] = roles.get(row["entity_id"], [])
            rows.append(row)
        return rows

    def person_relations(self, entity_ids: list[str],
                         filters: Filters | None = None) -> list[dict[str, Any]]:
        if not entity_ids:
            return []
        rows = self._touching(entity_ids, filters)
        members = sorted({r["member_id"] for r in rows})
        roles = [dict(r) for r in self._read(cypher.MEMBER_ROLES, {"ids": members})]
        return relations_from(rows, roles)

    def neighbourhood(self, entity_ids: list[str], filters: Filters | None = None,
                      types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        links = {}
        for row in self._touching(entity_ids, filters, types):
            link = link_of(row)
            links.setdefault(link["id"], link)
        return [links[k] for k in sorted(links, key=lambda k: (k is None, k))]

    def child_links(self, child_ids: list[str], filters: Filters | None = None,
                    types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        from graph.store.neo4j import _link_row

        for type_name in types:
            model().relation(type_name)
        return [_link_row(r) for r in self._read(cypher.child_links(model().relations), {
            **_filter_params(filters), "ids": sorted(set(child_ids)), "types": list(types)})]

    def entity_details(self, entity_ids: list[str], filters: Filters | None = None,
                       max_documents: int = 20) -> dict[str, dict[str, Any]]:
        ids = sorted(set(entity_ids))
        if not ids:
            return {}
        rows = self._touching(ids, filters)
        documents = {r["id"]: dict(r) for r in self._read(cypher.DOCUMENTS_BY_ID, {
            "ids": sorted({r["props"].get("document_id") for r in rows} - {None})})}
        children = sorted({r["props"]["child_id"] for r in rows
                           if r["props"].get("child_id") is not None})
        names = {r["child_id"]: r["name"] for r in self._read(cypher.CHILD_NAMES,
                                                              {"ids": children})}
        basics = {e["id"]: e for e in self.entities_by_id(ids)}
        forms = variants_from(self.mentions_of(ids, filters))
        return details_from(basics, rows, documents, names, forms, int(max_documents))

    def mentions_of(self, entity_ids: list[str],
                    filters: Filters | None = None) -> list[dict[str, Any]]:
        return [{**dict(r), "aliases": list(r["aliases"] or [])} for r in self._read(
            cypher.MENTIONS_OF, {**_filter_params(filters),
                                 "ids": sorted(set(entity_ids))})]

    def entities_by_id(self, entity_ids: list[str]) -> list[dict[str, Any]]:
        from graph.store.neo4j import unpack

        return [{**dict(r), "props": unpack(r["props"], cypher.ENTITY_FIELDS)}
                for r in self._read(cypher.ENTITIES_BY_ID, {"ids": sorted(set(entity_ids))})]

    def names(self, types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        labels = [cypher.label(t) for t in types]
        return [{"entity_id": r["entity_id"], "type": r["type"], "name": r["name"]}
                for r in self._read(cypher.NAMES, {"types": labels}) if r["name"]]

    def new_links(self, since: str, filters: Filters | None = None) -> list[dict[str, Any]]:
        return [{**dict(r), "document_ids": sorted(r["document_ids"]),
                 "child_ids": sorted(r["child_ids"])}
                for r in self._read(cypher.new_links(model().relations),
                                    {**_filter_params(filters), "cutoff": since})]

    def new_children_at(self, type_name: str, since: str,
                        filters: Filters | None = None) -> list[dict[str, Any]]:
        return [{**dict(r), "document_ids": sorted(r["document_ids"])}
                for r in self._read(cypher.new_children_at(type_name, model().relations),
                                    {**_filter_params(filters), "cutoff": since})]

    def child_periods(self, boundaries: list[str],
                      filters: Filters | None = None) -> list[dict[str, Any]]:
        if len(boundaries) < 2:
            return []
        params = {**_filter_params(filters), "boundaries": list(boundaries)}
        return periods_from([dict(r) for r in self._read(cypher.CHILD_PERIOD_EPISODES, params)],
                            [dict(r) for r in self._read(cypher.CHILD_PERIOD_INDICATORS,
                                                         params)])

    def episode_facts(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        params = _filter_params(filters)
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self._read(cypher.EPISODE_COMPANY, params):
            episode = (json.loads(r["fields"] or "{}") or {}).get("episode_id")
            if episode is not None:
                found[f"Episode:{episode}"].append(
                    {"person_id": r["person_id"], "role": r["role"], "type": r["type"],
                     "document_id": r["document_id"]})
        rows = [dict(r) for r in self._read(cypher.EPISODE_FACTS, params)]
        for row in rows:
            row["with"] = found.get(row["episode_id"], [])
        return rows

    def date_range(self, filters: Filters | None = None) -> tuple[str | None, str | None]:
        records = self._read(cypher.date_range(model().relations), _filter_params(filters))
        return (records[0]["first"], records[0]["last"]) if records else (None, None)
