"""Neo4j bulk-import CSVs (``neo4j-admin database import``) as one document of the graph.

Police analysts hold data in the POLE model (Person, Object, Location, Event) and exchange
it as neo4j-admin CSVs, such as Neo4j's POLE example for Greater Manchester. This reads such
a folder (or a zip of one) into entities and provenance-carrying links, written as one
document (the import) through ``Store.write``, so every analysis runs on it and
``delete_document`` takes it out again.

Files: ``*.nodes.*.csv`` and ``*.relationships.*.csv``, or any CSV whose header has ``:ID``
(nodes) or ``:START_ID``/``:END_ID`` (relationships). Header cells follow neo4j-admin:
``name:type`` (``int``, ``long``, ``float``, ``double``, ``boolean``, ``string``, dates ...,
``type[]`` for ``;``-separated arrays), ``:ID``/``name:ID(space)``, ``:LABEL`` (``;``-separated),
``:START_ID(space)``, ``:END_ID(space)``, ``:TYPE``, ``:IGNORE``. Without a ``:LABEL`` or
``:TYPE`` column the name after ``.nodes.`` or ``.relationships.`` gives it.

Mapping onto the domain model (tables below, as data):

* A label that is an entity type of the model maps onto it; :data:`LABELS` maps the POLE ones
  that are not (Officer -> Person with role PROFESSIONAL, Email -> OnlineAccount, Crime and
  PhoneCall -> Event, Object -> Item), with property renames and constants.
* :data:`ATTRIBUTE_LABELS` are values, not things: a PostCode or Area node linked to a
  Location sets that Location's ``postcode`` or ``area``.
* :data:`RELATIONS` maps relationship types (KNOWS*, FAMILY_REL -> ASSOCIATE_OF with a
  ``kind``; CURRENT_ADDRESS -> LIVES_AT; HAS_PHONE, HAS_EMAIL -> USES; OCCURRED_AT -> AT;
  PARTY_TO, INVESTIGATED_BY, CALLER, CALLED -> INVOLVED_IN with a ``kind``, turned round where
  the POLE direction runs from the event).
* Anything else is skipped and recorded as a rejection naming the file and the label or type.

Naming (:data:`NAME_LIKE`): an entity's label comes from the first group of name-like
properties it has, joined: ``name`` + ``surname`` gives "Jack Powell", ``address`` +
``postcode`` gives "178 Polding Street, WN3 4NL", ``reg``, ``phoneNo`` or ``email_address``
stand alone. Its key is that label through the model key's cleaner in ``graph/types``
(person names folded, addresses to "number street", plates compacted, phones to E.164), so a
POLE vehicle meets the same plate from an RHI note; a value the cleaner refuses keys on its
folded text (counted in the stats). Types keyed on an identifier (Event, Item, Child ...) use
that property when present (a crime's own reference), else the node's id within the import.
Nodes that land on one key merge (first values win; ``source_ids`` lists them all).

rhigraph's own export (``rhigraph export --format neo4j-csv``) round-trips: its nodes carry
``id``, ``key`` and ``label`` and keep them; its links' provenance columns become link
properties prefixed ``source_`` (the import is the link's document now).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from graph.exc import InvalidValue, ReadError
from graph.export.cells import restore
from graph.provenance import Grading
from graph.schema import model
from graph.store import Batch, DocumentRecord, EntityRecord, LinkRecord, Rejection
from graph.store.cypher import unescape_property
from graph.types import CLEANERS, dates, postcode, text
from ingest.readers.support import decode_text

ARRAY_DELIMITER = ";"
#: Largest total of CSV bytes read from a folder or zip (the POLE set is about 8 MB).
MAX_BYTES = 1_000_000_000


@dataclass(frozen=True)
class TypeMap:
    """A source label onto a model entity type: renamed properties, constant properties."""

    type: str
    props: Mapping[str, Any] = field(default_factory=dict)
    rename: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RelMap:
    """A source relationship type onto a model relation; ``reverse`` turns it round."""

    type: str
    kind: str | None = None
    reverse: bool = False


#: Source labels that are not model entity types (the POLE ones).
LABELS: Mapping[str, TypeMap] = MappingProxyType({
    "Officer": TypeMap("Person", {"role": "PROFESSIONAL"}),
    "Email": TypeMap("OnlineAccount", {"platform": "email"}),
    "Crime": TypeMap("Event", {"kind": "crime"},
                     {"id": "event_id", "type": "category", "last_outcome": "outcome"}),
    "PhoneCall": TypeMap("Event", {"kind": "phone_call"},
                         {"call_type": "category", "call_date": "date", "call_time": "time",
                          "call_duration": "duration"}),
    "Object": TypeMap("Item", {}, {"id": "item_id", "type": "category"}),
})
#: Labels whose nodes become a property of the entities they are linked to.
ATTRIBUTE_LABELS: Mapping[str, str] = MappingProxyType({"PostCode": "postcode",
                                                        "Area": "area"})
#: Source relationship types that are not model relation types (the POLE ones).
RELATIONS: Mapping[str, RelMap] = MappingProxyType({
    "CURRENT_ADDRESS": RelMap("LIVES_AT"),
    "HAS_PHONE": RelMap("USES"),
    "HAS_EMAIL": RelMap("USES"),
    "KNOWS": RelMap("ASSOCIATE_OF", "knows"),
    "KNOWS_LW": RelMap("ASSOCIATE_OF", "lives_with"),
    "KNOWS_SN": RelMap("ASSOCIATE_OF", "social_network"),
    "KNOWS_PHONE": RelMap("ASSOCIATE_OF", "phone_contact"),
    "FAMILY_REL": RelMap("ASSOCIATE_OF", "family"),
    "OCCURRED_AT": RelMap("AT"),
    "PARTY_TO": RelMap("INVOLVED_IN", "party_to"),
    "INVESTIGATED_BY": RelMap("INVOLVED_IN", "investigating_officer", reverse=True),
    "CALLER": RelMap("INVOLVED_IN", "caller", reverse=True),
    "CALLED": RelMap("INVOLVED_IN", "called", reverse=True),
})
#: Name-like properties, in order: the first group a node has names it. ``None`` as the
#: separator means the group's first present property alone.
NAME_LIKE: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (" ", ("first_name", "firstname", "forename", "given_name", "name", "middle_name",
           "surname", "last_name", "lastname", "family_name")),
    (", ", ("address", "street", "town", "city", "postcode")),
    (None, ("reg", "registration", "vrm", "plate")),
    (None, ("phoneNo", "phone_number", "phone", "number", "msisdn")),
    (None, ("email_address", "email", "handle", "username", "screen_name")),
    (None, ("code", "areaCode", "area_code")),
    (None, ("description", "title")),
    (" ", ("category", "date", "time")),
)
#: Properties that tell apart two nodes of one import resolving to one key: nodes that share
#: a key but differ here are kept apart. The POLE set has 266 "Parking Area" locations in
#: different postcodes and two different people called Anne Rice; one key for each would
#: make a false hotspot or merge two people. ``True``: the key gains the value itself (a
#: postcode reads well in an id); ``False``: it gains the node's import id (no personal
#: identifier in an id).
DISTINGUISHING: Mapping[str, tuple[bool, tuple[str, ...]]] = MappingProxyType({
    "Location": (True, ("postcode",)),
    "Person": (False, ("dob", "nhs_no", "badge_no")),
})
#: Node properties named like an entity record's own fields are kept as ``source_<name>``.
RESERVED_NODE = ("id", "type", "key", "label")
#: Relationship properties named like provenance the import sets are kept as ``source_<name>``.
RESERVED_LINK = ("id", "seq", "document_id", "submitted_by", "agency", "source_evaluation",
                 "intelligence_assessment", "handling_code", "categories")

_SPECIAL = {"ID": "id", "LABEL": "label", "START_ID": "start", "END_ID": "end", "TYPE": "type",
            "IGNORE": "ignore"}
_INTEGERS = {"int", "long", "short", "byte"}
_FLOATS = {"float", "double"}
_DATA_TYPES = _INTEGERS | _FLOATS | {"boolean", "char", "string", "date", "time", "localtime",
                                     "datetime", "localdatetime", "duration", "point"}
_HEADER = re.compile(r"^(?P<name>.*?):(?P<kind>[A-Za-z_]+)(?:\((?P<space>[^)]*)\))?"
                     r"(?P<array>\[\])?(?:\{.*\})?$")
_FILE = re.compile(r"^(?P<prefix>.*?)\.?(?P<what>nodes|relationships)\.(?P<name>[^.]+)\.csv$",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One header cell: what the column is and, for properties, its type."""

    name: str
    role: str  # id, label, start, end, type, ignore or property
    type: str = "string"
    array: bool = False
    id_space: str | None = None


def parse_column(cell: str) -> Column:
    """Read one neo4j-admin header cell.

    >>> parse_column("latitude:double")
    Column(name='latitude', role='property', type='double', array=False, id_space=None)
    >>> parse_column("personId:ID(Person)").role, parse_column(":START_ID(Person)").id_space
    ('id', 'Person')
    >>> parse_column("address").type, parse_column("tags:string[]").array
    ('string', True)
    """
    cell = cell.strip().lstrip("\ufeff")
    match = _HEADER.match(cell)
    if match:
        kind = match["kind"]
        if kind in _SPECIAL:
            return Column(match["name"], _SPECIAL[kind], id_space=match["space"] or None)
        if kind.lower() in _DATA_TYPES:
            return Column(match["name"], "property", kind.lower(), bool(match["array"]))
    return Column(cell, "property")


def _scalar(raw: str, kind: str) -> Any:
    value = restore(raw)
    try:
        if kind in _INTEGERS:
            return int(value)
        if kind in _FLOATS:
            return float(value)
    except ValueError:
        return value
    if kind == "boolean":
        return value.strip().lower() == "true"
    return value


def convert(raw: str, column: Column) -> Any:
    """A cell's value by its column type; empty cells are ``None``."""
    if raw == "":
        return None
    if column.array:
        return [_scalar(v, column.type) for v in raw.split(ARRAY_DELIMITER) if v != ""]
    return _scalar(raw, column.type)


@dataclass
class Table:
    """One CSV file: its name, kind (nodes or relationships), columns and rows."""

    name: str
    kind: str
    columns: list[Column]
    rows: list[list[str]]
    label: str | None = None  # from the file name when there is no :LABEL/:TYPE column


def _sources(path: Path) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of every CSV in a folder (recursive) or a zip, by name."""
    found: list[tuple[str, bytes]] = []
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*.csv") if p.is_file()):
            found.append((file.relative_to(path).as_posix(), file.read_bytes()))
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = sorted((i for i in archive.infolist()
                              if i.filename.lower().endswith(".csv") and not i.is_dir()),
                             key=lambda i: i.filename)
            if sum(i.file_size for i in members) > MAX_BYTES:
                raise ReadError(str(path), "zip expands beyond the import size limit")
            found = [(i.filename, archive.read(i)) for i in members]
    else:
        raise ReadError(str(path), "expected a folder or a zip of neo4j-admin import CSVs")
    if sum(len(data) for _, data in found) > MAX_BYTES:
        raise ReadError(str(path), "CSV files exceed the import size limit")
    return found


def read_tables(sources: list[tuple[str, bytes]], origin: str) -> list[Table]:
    """Parse each CSV that is a node or relationship file; others are left alone."""
    tables = []
    for name, data in sources:
        if not data.strip():
            continue
        records = [r for r in csv.reader(io.StringIO(decode_text(data, f"{origin}/{name}")))
                   if r]
        columns = [parse_column(c) for c in records[0]]
        roles = {c.role for c in columns}
        match = _FILE.match(Path(name).name)
        if {"start", "end"} <= roles:
            kind = "relationships"
        elif "id" in roles:
            kind = "nodes"
        else:
            continue
        label = match["name"] if match and match["what"].lower() == kind else None
        tables.append(Table(name, kind, columns, records[1:], label))
    return tables


def namespace_of(path: Path, names: list[str]) -> str:
    """The import's name: the prefix every file shares (``crime-investigation`` of
    ``crime-investigation.nodes.Person.csv``), else the folder's or zip's name. Stable
    however the files were unpacked, so a re-import replaces the same document."""
    matches = [_FILE.match(Path(n).name) for n in names]
    prefixes = {m["prefix"] for m in matches if m}
    if matches and all(matches) and len(prefixes) == 1 and "" not in prefixes:
        return prefixes.pop()
    return path.stem


@dataclass
class _Entity:
    type: str
    key: str
    label: str
    props: dict[str, Any]
    marker: Any = None  # the DISTINGUISHING value, if the node has one
    suffix: str = ""  # what its key gains when it must be kept apart


def name_of(props: Mapping[str, Any]) -> str | None:
    """The display name from the first :data:`NAME_LIKE` group a node has.

    >>> name_of({"surname": "Powell", "name": "Jack", "nhs_no": "249-54-6589"})
    'Jack Powell'
    >>> name_of({"address": "178 Polding Street", "postcode": "WN3 4NL", "latitude": 53.5})
    '178 Polding Street, WN3 4NL'
    """
    for separator, names in NAME_LIKE:
        values = [text.clean(str(props[n])) for n in names if props.get(n) not in (None, "")]
        values = [v for v in values if v]
        if values:
            return values[0] if separator is None else separator.join(values)
    return None


def key_of(type_name: str, label: str | None, props: Mapping[str, Any],
           fallback: str) -> tuple[str, bool]:
    """``(key, cleaned)``: through the model key's cleaner; ``cleaned`` is False when the
    cleaner refused the value and the folded text was used instead."""
    entity_type = model().entity(type_name)
    if entity_type.key.endswith("_id"):  # identifiers are kept as written
        value = props.get(entity_type.key)
        return (text.clean(str(value)) or fallback if value not in (None, "") else fallback,
                True)
    if not label:
        return fallback, True
    cleaner = CLEANERS.get(entity_type.properties.get(entity_type.key, "text"), CLEANERS["text"])
    try:
        return cleaner(label), True
    except InvalidValue:
        return text.fold(label) or fallback, False


@lru_cache(maxsize=65536)
def _clean_typed(kind: str, value: str) -> str:
    """Cached because an export repeats the same few hundred dates thousands of times."""
    try:
        if kind == "date":
            return dates.parse_date(value).isoformat()
        if kind == "datetime":
            return dates.parse_datetime(value).isoformat()
        if kind == "postcode":
            return postcode.clean(value)
    except InvalidValue:
        pass
    return value


def _typed(type_name: str, props: dict[str, Any]) -> dict[str, Any]:
    """Dates to ISO (UK day-first) and postcodes cleaned, where the model types them."""
    types = model().entity(type_name).properties
    for name, value in props.items():
        kind = types.get(name)
        if isinstance(value, str) and kind in ("date", "datetime", "postcode"):
            props[name] = _clean_typed(kind, value)
    return props


def _type_map(labels: list[str]) -> tuple[str | None, TypeMap | None]:
    entities = model().entities
    folded = {name.lower(): name for name in entities}
    for label in labels:
        if label in LABELS:
            return label, LABELS[label]
        if label.lower() in folded:
            return label, TypeMap(folded[label.lower()])
    return None, None


def _renamed(props: dict[str, Any], rename: Mapping[str, str],
             reserved: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in props.items():
        name = rename.get(name, name)
        out[f"source_{name}" if name in reserved else name] = value
    return out


@dataclass
class ImportResult:
    """The batch to write, the rejections to record, and what happened (counts only)."""

    batch: Batch
    rejections: list[Rejection]
    stats: dict[str, Any]


class _Builder:
    """Collects entities (merged by id), attribute values and links."""

    def __init__(self, namespace: str, origin: str) -> None:
        self.namespace, self.origin = namespace, origin
        self.entities: dict[str, _Entity] = {}
        self.nodes: dict[tuple[str, str], str] = {}  # (id space, id) -> entity id
        self.attributes: dict[tuple[str, str], tuple[str, Any]] = {}
        self.links: list[LinkRecord] = []
        self.stats: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.uncleaned: Counter[str] = Counter()
        self.rejections: dict[tuple[str, str], int] = defaultdict(int)
        self.pending: list[tuple[tuple[str, str], _Entity]] = []

    def _row(self, table: Table, row: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
        special: dict[str, Any] = {}
        props: dict[str, Any] = {}
        for column, raw in zip(table.columns, row, strict=False):
            if column.role == "property":
                value = convert(raw, column)
                if value is not None and column.name:
                    props[column.name] = value
            elif column.role != "ignore":
                special[column.role] = restore(raw)
                special[f"{column.role}_space"] = column.id_space or ""
                if column.role == "id" and column.name and raw:
                    props[column.name] = restore(raw)
        return special, props

    def node(self, table: Table, row: list[str]) -> None:
        special, props = self._row(table, row)
        ref = (special.get("id_space", ""), special.get("id", ""))
        labels = [x for x in (special.get("label") or table.label or "").split(ARRAY_DELIMITER)
                  if x]
        self.stats["nodes_read"] += 1
        source_label, mapping = _type_map(labels)
        if mapping is None:
            attribute = next((ATTRIBUTE_LABELS[x] for x in labels if x in ATTRIBUTE_LABELS), None)
            if attribute:
                self.attributes[ref] = (attribute, name_of(props))
                return
            self.rejections[(table.name, f"label {'/'.join(labels) or '(none)'}")] += 1
            self.skipped["nodes of unmapped labels"] += 1
            return
        type_name = mapping.type
        key, label = props.get("key"), props.get("label")
        if key is not None and label is not None and props.get("id") == f"{type_name}:{key}":
            entity = _Entity(type_name, str(key), str(label), {
                unescape_property(k): v for k, v in props.items()
                if k not in ("id", "key", "label")})  # rhigraph's own export
        else:
            entity = self._mapped(type_name, source_label or type_name, mapping, props, ref)
        self.pending.append((ref, entity))

    def resolve(self) -> None:
        """Merge the nodes read onto entities, keeping apart those that share a key but not
        their :data:`DISTINGUISHING` value (their key gains that value, or their import id)."""
        groups: dict[tuple[str, str], list[tuple[tuple[str, str], _Entity]]] = defaultdict(list)
        for ref, entity in self.pending:
            groups[(entity.type, entity.key)].append((ref, entity))
        for members in groups.values():
            markers = {e.marker for _, e in members if e.marker is not None}
            suffixes: dict[Any, str] = {}
            for ref, entity in members:
                if len(markers) > 1 and entity.marker is not None:
                    suffix = suffixes.setdefault(entity.marker, entity.suffix)
                    entity.key = f"{entity.key} {suffix}"
                    self.stats["nodes_kept_apart"] += 1
                self._merge(ref, entity)
        self.pending.clear()

    def _merge(self, ref: tuple[str, str], entity: _Entity) -> None:
        entity_id = f"{entity.type}:{entity.key}"
        if entity_id in self.entities:
            self.stats["nodes_merged"] += 1
            existing = self.entities[entity_id].props
            for name, value in entity.props.items():
                if name == "source_ids":
                    existing.setdefault(name, []).extend(value)
                else:
                    existing.setdefault(name, value)
        else:
            self.entities[entity_id] = entity
        self.nodes[ref] = entity_id

    def _mapped(self, type_name: str, source_label: str, mapping: TypeMap,
                props: dict[str, Any], ref: tuple[str, str]) -> _Entity:
        props = _typed(type_name, _renamed(props, mapping.rename, RESERVED_NODE))
        for name, value in mapping.props.items():
            props.setdefault(name, value)
        fallback = f"{self.namespace}:{ref[0] + '/' if ref[0] else ''}{ref[1]}"
        written = name_of(props)
        key, cleaned = key_of(type_name, written, props, fallback)
        if not cleaned:
            self.uncleaned[type_name] += 1
        props["source_label"] = source_label
        props["source_ids"] = [fallback]
        entity = _Entity(type_name, key, written or f"{source_label} {ref[1]}", props)
        shown, names = DISTINGUISHING.get(type_name, (False, ()))
        marker = next((props[n] for n in names if props.get(n) not in (None, "")), None)
        if marker is not None:
            entity.marker = marker
            entity.suffix = text.fold(str(marker)) if shown else f"[{fallback}]"
        return entity

    def relationship(self, table: Table, row: list[str]) -> None:
        special, props = self._row(table, row)
        self.stats["relationships_read"] += 1
        start = (special.get("start_space", ""), special.get("start", ""))
        end = (special.get("end_space", ""), special.get("end", ""))
        rel_type = special.get("type") or table.label or ""
        if start in self.attributes or end in self.attributes:
            self._attribute(start, end)
            return
        source, target = self.nodes.get(start), self.nodes.get(end)
        if source is None or target is None:
            self.skipped["relationships to nodes not imported"] += 1
            return
        mapping = RELATIONS.get(rel_type) or (
            RelMap(rel_type) if rel_type in model().relations else None)
        if mapping is None:
            self.rejections[(table.name, f"relationship type {rel_type or '(none)'}")] += 1
            self.skipped["relationships of unmapped types"] += 1
            return
        if mapping.reverse:
            source, target = target, source
        if source == target:
            self.skipped["relationships from an entity to itself (merged ends)"] += 1
            return
        self.links.append(self._link(mapping, source, target, props))

    def _link(self, mapping: RelMap, source: str, target: str,
              props: dict[str, Any]) -> LinkRecord:
        child_id = props.pop("child_id", None)
        when = props.pop("observed_at", None) or props.pop("date", None)
        span = props.pop("start", None), props.pop("end", None)
        props = _renamed(props, {}, RESERVED_LINK)
        if mapping.kind:
            props.setdefault("kind", mapping.kind)
        if isinstance(when, str):
            kind = "datetime" if "T" in when or ":" in when else "date"
            cleaned = _clean_typed(kind, when)
            when = cleaned if cleaned != when or when[:4].isdigit() else None
        when = when or self.event_date(source) or self.event_date(target)
        start, end = (v if isinstance(v, int) else None for v in span)
        return LinkRecord(mapping.type, source, target, child_id, start, end, when, props)

    def event_date(self, entity_id: str) -> str | None:
        entity = self.entities[entity_id]
        value = entity.props.get("date") if entity.type == "Event" else None
        return value if isinstance(value, str) else None

    def _attribute(self, start: tuple[str, str], end: tuple[str, str]) -> None:
        entity_ref, attribute_ref = (start, end) if end in self.attributes else (end, start)
        entity_id = self.nodes.get(entity_ref)
        if entity_id is None:
            self.skipped["relationships between attribute nodes"] += 1
            return
        name, value = self.attributes[attribute_ref]
        if value is None:
            return
        if model().entity(self.entities[entity_id].type).properties.get(name) == "postcode":
            with contextlib.suppress(InvalidValue):
                value = postcode.clean(value)
        self.entities[entity_id].props.setdefault(name, value)
        self.stats["attributes_set"] += 1


def import_graph(path: Path, *, namespace: str | None = None, agency: str | None = None,
                 submitted_by: str | None = None,
                 grading: Grading | None = None) -> ImportResult:
    """Read neo4j-admin CSVs at ``path`` (folder or zip) into one batch.

    Raises :class:`ReadError` when there is nothing to import.
    """
    sources = _sources(path)
    tables = read_tables(sources, str(path))
    if not any(t.kind == "nodes" for t in tables):
        raise ReadError(str(path), "no neo4j-admin node files (a CSV with an :ID column)")
    namespace = namespace or namespace_of(path, [t.name for t in tables])
    builder = _Builder(namespace, str(path))
    for table in (t for t in tables if t.kind == "nodes"):
        for row in table.rows:
            builder.node(table, row)
    builder.resolve()
    for table in (t for t in tables if t.kind == "relationships"):
        for row in table.rows:
            builder.relationship(table, row)
    digest = hashlib.sha256()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    stats = {**builder.stats, "entities": len(builder.entities), "links": len(builder.links),
             "skipped": dict(builder.skipped), "uncleaned_keys": dict(builder.uncleaned),
             "files": [t.name for t in tables], "namespace": namespace}
    document = DocumentRecord(
        id=f"neo4j-csv:{namespace}", kind="neo4j_csv", content_hash=digest.hexdigest(),
        source_path=str(path), format="neo4j-csv", submitted_by=submitted_by, agency=agency,
        grading=grading or Grading(), fields={k: v for k, v in stats.items() if k != "files"})
    rejections = [Rejection(f"{path}/{name}", f"{what} has no counterpart in the domain model;"
                            f" {count} rows skipped", "file", document.content_hash)
                  for (name, what), count in sorted(builder.rejections.items())]
    return ImportResult(_batch(document, builder), rejections, stats)


def _batch(document: DocumentRecord, builder: _Builder) -> Batch:
    doc_entity = EntityRecord("Document", document.id, f"Import {builder.namespace}",
                              {"kind": document.kind})
    entities = [doc_entity, *(EntityRecord(e.type, e.key, e.label, e.props)
                              for e in builder.entities.values())]
    mentioned = [LinkRecord("MENTIONED_IN", entity_id, doc_entity.id,
                            observed_at=builder.event_date(entity_id))
                 for entity_id in builder.entities]
    return Batch(document, entities, [], [*builder.links, *mentioned])

