"""Records onto the graph: each parsed document becomes one store :class:`Batch`.

Mapping lives here, once, for every kind of record: an extracted note or form (FORMATS.md
section 5), a missing-episodes file and a placements file. Every entity a document names gets
a ``MENTIONED_IN`` link to the document, so each fact can be traced to its source and span.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from graph.exc import InvalidValue
from graph.provenance import Grading
from graph.schema import EXTRACTION_TYPES
from graph.store import (
    Batch,
    DocumentRecord,
    EntityRecord,
    IndicatorRecord,
    LinkRecord,
    MentionRecord,
)
from graph.store.records import nth_key
from graph.types import address, text
from ingest.readers import Source
from ingest.tabular import EpisodeRow, PlacementRow


class _Builder:
    """Collects one document's entities (deduplicated by id), mentions and links."""

    def __init__(self, document: DocumentRecord) -> None:
        self.document = document
        self.doc_entity = EntityRecord("Document", document.id, document.id,
                                       {"kind": document.kind})
        self.entities: dict[str, EntityRecord] = {self.doc_entity.id: self.doc_entity}
        self.mentions: list[MentionRecord] = []
        self.links: list[LinkRecord] = []
        self.indicators: list[IndicatorRecord] = []

    def entity(self, record: EntityRecord, child_id: str | None = None,
               start: int | None = None, end: int | None = None,
               observed_at: str | None = None) -> str:
        if record.id not in self.entities:
            self.entities[record.id] = record
            self.links.append(LinkRecord("MENTIONED_IN", record.id, self.doc_entity.id,
                                         child_id, start, end, observed_at))
        return record.id

    def link(self, link: LinkRecord) -> None:
        self.links.append(link)

    def batch(self) -> Batch:
        return Batch(self.document, list(self.entities.values()), self.mentions, self.links,
                     self.indicators)


def _child(child_id: str, name: str | None = None, **props: Any) -> EntityRecord:
    return EntityRecord("Child", child_id, name or child_id, {"child_id": child_id,
                                                              "name": name, **props})


def location_entity(written: str, **props: Any) -> EntityRecord | None:
    """A Location entity for an address or place as written, or ``None`` when it is empty."""
    try:
        parsed = address.parse(written)
        key = parsed.key
    except InvalidValue:
        return None
    return EntityRecord("Location", key, text.clean(address.without_remarks(written)) or key,
                        {"postcode": parsed.postcode, "town": parsed.town, **props})


def extraction_batch(source: Source, result: dict[str, Any]) -> Batch:
    """A note or form's section 5 structure as a batch; the document keeps its text."""
    doc = result["document"]
    fields = doc.get("fields") or {}
    grading = Grading(**fields["grading"]) if isinstance(fields.get("grading"), dict) else Grading()
    child_id = doc.get("child_id")
    record = DocumentRecord(
        id=doc["id"], kind=doc["kind"], content_hash=source.content_hash,
        source_path=str(source.path), format=source.format, child_id=child_id,
        date=doc.get("date"),
        submitted_by=fields.get("submitted_by") or fields.get("interviewer"),
        agency=fields.get("agency"), grading=grading, fields=fields,
        text=result.get("text") or source.text,
    )
    builder = _Builder(record)
    child_ref = None
    if child_id:
        child_ref = builder.entity(_child(child_id, fields.get("child_name")), child_id)
    ids: list[str | None] = []
    people: Counter[str] = Counter()
    for entity in result["entities"]:
        type_name = EXTRACTION_TYPES[entity["type"]]
        key = entity.get("normalised") or text.fold(entity["text"])
        if not key:
            ids.append(None)
            continue
        if type_name == "Person":  # two people of one name in one note stay two
            people[key] += 1
            key = nth_key(key, people[key])
        props = {k: v for k, v in (entity.get("attributes") or {}).items()
                 if isinstance(v, str | int | float | bool)}
        if entity.get("role"):
            props["role"] = entity["role"]
        entity_ref = builder.entity(EntityRecord(type_name, key, entity["text"], props),
                                    child_id, entity.get("start"), entity.get("end"))
        ids.append(entity_ref)
        builder.mentions.append(MentionRecord(
            entity_ref, entity["text"], entity.get("start"), entity.get("end"),
            entity.get("role"), tuple(entity.get("aliases") or ()),
            entity.get("attributes") or {}))
    builder.indicators.extend(
        IndicatorRecord(i["code"], i["text"], i.get("start"), i.get("end"),
                        bool(i.get("negated")), child_id)
        for i in result.get("indicators", [])
    )
    for relation in result.get("relations", []):
        source_ref = _endpoint(relation["source"], ids, child_ref)
        target_ref = _endpoint(relation["target"], ids, child_ref)
        if source_ref and target_ref and source_ref != target_ref:
            builder.link(LinkRecord(relation["type"], source_ref, target_ref, child_id,
                                    relation.get("start"), relation.get("end")))
    return builder.batch()


def _endpoint(value: Any, ids: list[str | None], child_ref: str | None) -> str | None:
    if value == "CHILD":
        return child_ref
    if isinstance(value, int) and 0 <= value < len(ids):
        return ids[value]
    return None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def episodes_batch(source: Source, rows: Iterable[EpisodeRow]) -> Batch:
    """A missing-episodes file: children, episodes, and where each began and ended."""
    record = DocumentRecord(id=source.path.name, kind="episodes",
                            content_hash=source.content_hash, source_path=str(source.path),
                            format=source.format)
    builder = _Builder(record)
    for row in rows:
        when = _iso(row.reported_missing_at)
        child = builder.entity(_child(
            row.child_id, row.child_name, dob=_iso(row.dob), gender=row.gender,
            looked_after=row.looked_after, responsible_la=row.responsible_la,
            host_la=row.host_la, home_force=row.home_force, host_force=row.host_force,
        ), row.child_id, observed_at=when)
        episode = builder.entity(EntityRecord("Episode", row.episode_id, row.episode_id, {
            "episode_id": row.episode_id, "child_id": row.child_id,
            "reported_missing_at": when, "returned_at": _iso(row.returned_at),
            "risk_level": row.risk_level, "rhi_offered_at": _iso(row.rhi_offered_at),
            "rhi_completed_at": _iso(row.rhi_completed_at), "rhi_outcome": row.rhi_outcome,
            "missing_from": row.missing_from, "found_at": row.found_at,
            "responsible_la": row.responsible_la, "host_la": row.host_la,
            "home_force": row.home_force, "host_force": row.host_force,
            **{column: _iso(moment) for column, moment in row.notified.items()},
        }), row.child_id, observed_at=when)
        builder.link(LinkRecord("MISSING_EPISODE", child, episode, row.child_id,
                                observed_at=when))
        # "Larkfield House (returned of own accord)": the child came back home by
        # themselves, so nobody found them anywhere: no FOUND_AT place.
        found_at = None if address.came_back(row.found_at or "") else row.found_at
        for relation, place, at in (("MISSING_FROM", row.missing_from, when),
                                    ("FOUND_AT", found_at, _iso(row.returned_at) or when)):
            location = location_entity(place) if place else None
            if location:
                ref = builder.entity(location, row.child_id, observed_at=at)
                builder.link(LinkRecord(relation, episode, ref, row.child_id, observed_at=at))
    return builder.batch()


def placements_batch(source: Source, rows: Iterable[PlacementRow]) -> Batch:
    """A placements file: each child's placements and the addresses they are at."""
    record = DocumentRecord(id=source.path.name, kind="placements",
                            content_hash=source.content_hash, source_path=str(source.path),
                            format=source.format)
    builder = _Builder(record)
    for row in rows:
        start = _iso(row.start)
        child = builder.entity(_child(row.child_id, responsible_la=row.responsible_la),
                               row.child_id, observed_at=start)
        props = {"placement_id": row.placement_id, "child_id": row.child_id,
                 "placement_type": row.placement_type, "start": start, "end": _iso(row.end),
                 "responsible_la": row.responsible_la, "host_la": row.host_la,
                 "host_force": row.host_force}
        builder.entity(EntityRecord("Placement", row.placement_id, row.placement_id, props),
                       row.child_id, observed_at=start)
        location = location_entity(row.address) if row.address else None
        if location:
            ref = builder.entity(location, row.child_id, observed_at=start)
            builder.link(LinkRecord("PLACED_AT", child, ref, row.child_id,
                                    observed_at=start, props=props))
    return builder.batch()
