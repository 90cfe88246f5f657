"""A small known world in a real SQLite store, written through the store's own ``write``.

Four children. Amy (C-1) and Beth (C-2) were at the flat at 18 Mossfield Court with "Deano"
(Dean Ashworth, an adult of concern who lives there, named with the flat in an
information-sharing form); both have a 15-year-old friend called Jamie. Cara (C-3) and Dee
(C-4) were at Queens Park with another Jamie, an adult who drives a car (MK15XRT) that also
picked up Amy. A social worker, Sue Smith, is in every note. Amy and Cara are placed at
Sycamore View; the police found Amy and Beth at Queens Park and Cara at the flat.

Each test reads what it needs: the expected answers are in the tests, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.provenance import Grading
from graph.store import (
    Batch,
    DocumentRecord,
    EntityRecord,
    IndicatorRecord,
    LinkRecord,
    MentionRecord,
    SQLiteStore,
)

FLAT = EntityRecord("Location", "18 mossfield court", "18 Mossfield Court, Bolton BL1 2RF",
                    {"postcode": "BL1 2RF", "kind": "flat"})
PARK = EntityRecord("Location", "queens park", "Queens Park", {"kind": "park"})
HOME = EntityRecord("Location", "12 hind street", "Sycamore View, 12 Hind Street",
                    {"postcode": "BL2 6BN"})
TOWN = EntityRecord("Location", "bolton", "Bolton", {"kind": "town"})
DEANO = EntityRecord("Person", "dean ashworth", "Dean Ashworth")
JAMIE = EntityRecord("Person", "jamie", "Jamie")
SUE = EntityRecord("Person", "sue smith", "Sue Smith")
CAR = EntityRecord("Vehicle", "MK15XRT", "MK15 XRT")
PART = EntityRecord("Vehicle", "MK15*", "MK15")
PHONE = EntityRecord("Phone", "+447700900123", "07700 900123")
CHILDREN = {"C-1": ("Amy Ash", "Bolton"), "C-2": ("Beth Birch", "Wigan"),
            "C-3": ("Cara Cole", "Bolton"), "C-4": ("Dee Dale", "Bolton")}


@dataclass
class Doc:
    """One note or form: what it names (with the role written) and what it relates."""

    id: str
    child: str | None
    date: str
    kind: str = "rhi_note"
    named: list[tuple[EntityRecord, str | None, str]] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # type, src, target
    indicators: list[tuple[str, bool]] = field(default_factory=list)
    grading: Grading = Grading()
    categories: tuple[str, ...] = ()


def _child(child_id: str) -> EntityRecord:
    name, la = CHILDREN[child_id]
    return EntityRecord("Child", child_id, name, {"child_id": child_id, "name": name,
                                                  "responsible_la": la})


def batch(doc: Doc) -> Batch:
    """The batch ingest would write for ``doc`` (MENTIONED_IN for everything named)."""
    record = DocumentRecord(doc.id, doc.kind, f"hash-{doc.id}", child_id=doc.child,
                            date=doc.date, agency="Bolton MFH", submitted_by="worker",
                            grading=doc.grading,
                            fields={"categories": list(doc.categories)})
    document = EntityRecord("Document", doc.id, doc.id, {"kind": doc.kind})
    entities = [document]
    links = []
    mentions = []
    if doc.child:
        child = _child(doc.child)
        entities.append(child)
        links.append(LinkRecord("MENTIONED_IN", child.id, document.id, doc.child))
    for entity, role, text in doc.named:
        if entity.id not in {e.id for e in entities}:
            entities.append(entity)
            links.append(LinkRecord("MENTIONED_IN", entity.id, document.id, doc.child))
        mentions.append(MentionRecord(entity.id, text, role=role))
    for kind, source, target in doc.relations:
        links.append(LinkRecord(kind, source, target, doc.child))
    indicators = [IndicatorRecord(code, code.lower(), negated=negated, child_id=doc.child)
                  for code, negated in doc.indicators]
    return Batch(record, entities, mentions, links, indicators)


def records_batch() -> Batch:
    """Placements and episodes, as the police and placement files would give them."""
    record = DocumentRecord("episodes.csv", "episodes", "hash-episodes")
    document = EntityRecord("Document", "episodes.csv", "episodes.csv", {"kind": "episodes"})
    entities = [document, HOME, PARK, FLAT] + [_child(c) for c in CHILDREN]
    links = [LinkRecord("MENTIONED_IN", e.id, document.id, None) for e in (HOME, PARK, FLAT)]
    episodes = [("E1", "C-1", "2026-01-03T21:00:00", "2026-01-04T02:00:00", HOME, PARK, "high"),
                ("E2", "C-2", "2026-01-03T22:00:00", "2026-01-04T03:00:00", None, PARK, "low"),
                ("E3", "C-3", "2026-02-08T20:00:00", "2026-02-09T01:00:00", HOME, FLAT, "high"),
                ("E4", "C-3", "2026-02-18T20:00:00", "2026-02-19T01:00:00", HOME, None,
                 "high"),
                ("E5", "C-3", "2026-02-22T20:00:00", "2026-02-23T01:00:00", HOME, None,
                 "high")]
    for episode_id, child, missing, found, start, end, risk in episodes:
        episode = EntityRecord("Episode", episode_id, episode_id, {
            "episode_id": episode_id, "child_id": child, "reported_missing_at": missing,
            "returned_at": found, "risk_level": risk})
        entities.append(episode)
        links.append(LinkRecord("MISSING_EPISODE", f"Child:{child}", episode.id, child,
                                observed_at=missing))
        if start is not None:
            links.append(LinkRecord("MISSING_FROM", episode.id, start.id, child,
                                    observed_at=missing))
        if end is not None:
            links.append(LinkRecord("FOUND_AT", episode.id, end.id, child, observed_at=found))
    for child in ("C-1", "C-3"):
        links.append(LinkRecord("PLACED_AT", f"Child:{child}", HOME.id, child,
                                observed_at="2025-09-01"))
    return Batch(record, entities, [], links)


DOCS = [
    Doc("n1", "C-1", "2026-01-05", named=[(FLAT, None, "the flat on Mossfield Court"),
                                          (DEANO, "ADULT_OF_CONCERN", "Deano"),
                                          (JAMIE, "PEER", "jamie"), (CAR, None, "MK15 XRT"),
                                          (SUE, "PROFESSIONAL", "Sue Smith"),
                                          (TOWN, None, "Bolton")],
        relations=[("AT", "Child:C-1", FLAT.id), ("WITH", "Child:C-1", DEANO.id),
                   ("WITH", "Child:C-1", JAMIE.id), ("TRANSPORTED_BY", "Child:C-1", CAR.id),
                   ("AT", "Child:C-1", TOWN.id)],
        indicators=[("CSE", False), ("MENTAL_HEALTH", False)]),
    Doc("n2", "C-2", "2026-01-20", named=[(FLAT, None, "18 Mossfield Ct"),
                                          (DEANO, "ADULT_OF_CONCERN", "Dean Ashworth"),
                                          (JAMIE, "PEER", "Jamie"),
                                          (PHONE, None, "07700 900123"),
                                          (SUE, "PROFESSIONAL", "Sue Smith"),
                                          (TOWN, None, "Bolton")],
        relations=[("AT", "Child:C-2", FLAT.id), ("WITH", "Child:C-2", DEANO.id),
                   ("WITH", "Child:C-2", JAMIE.id), ("CONTACTED_BY", "Child:C-2", PHONE.id),
                   ("AT", "Child:C-2", TOWN.id)],
        indicators=[("GIFTS_MONEY", False), ("DRUGS", True)]),
    Doc("f1", None, "2026-02-01", kind="intel_form", categories=("CSE",),
        grading=Grading("B", "2", "P"),
        named=[(DEANO, "ADULT_OF_CONCERN", "Dean ASHWORTH"), (FLAT, None, "18 Mossfield Court"),
               (PHONE, None, "07700900123"), (CAR, None, "MK15XRT")],
        relations=[("LIVES_AT", DEANO.id, FLAT.id), ("USES", DEANO.id, PHONE.id)]),
    Doc("n3", "C-3", "2026-02-10", named=[(PARK, None, "Queens Park"),
                                          (JAMIE, "ADULT_OF_CONCERN", "Jamie"),
                                          (CAR, None, "grey Golf MK15 XRT"),
                                          (SUE, "PROFESSIONAL", "Sue Smith")],
        relations=[("AT", "Child:C-3", PARK.id), ("WITH", "Child:C-3", JAMIE.id),
                   ("TRANSPORTED_BY", "Child:C-3", CAR.id), ("USES", JAMIE.id, CAR.id)],
        indicators=[("TRANSPORTED", False), ("OLDER_ADULTS", False)]),
    Doc("n4", "C-4", "2026-02-20", named=[(PARK, None, "Queens Pk"),
                                          (JAMIE, "ADULT_OF_CONCERN", "Jamie"),
                                          (PHONE, None, "+44 7700 900123"),
                                          (PART, None, "MK15"),
                                          (SUE, "PROFESSIONAL", "Sue Smith")],
        relations=[("AT", "Child:C-4", PARK.id), ("WITH", "Child:C-4", JAMIE.id),
                   ("CONTACTED_BY", "Child:C-4", PHONE.id),
                   ("TRANSPORTED_BY", "Child:C-4", PART.id)],
        indicators=[("CCE", False), ("CSE", False)],
        grading=Grading("C", "3", "C")),
]


def build(path: Path) -> SQLiteStore:
    """Write the world into a new SQLite file at ``path``."""
    store = SQLiteStore(path)
    store.write(records_batch())
    for doc in DOCS:
        store.write(batch(doc))
    return store


@pytest.fixture
def make_world(tmp_path: Path) -> Iterator[Callable[[], SQLiteStore]]:
    """Build a fresh copy of the world that a test may change."""
    opened: list[SQLiteStore] = []

    def make() -> SQLiteStore:
        opened.append(build(tmp_path / f"world{len(opened)}.db"))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    """The small known world, read-only for the tests of one module."""
    store = build(tmp_path_factory.mktemp("world") / "world.db")
    try:
        yield store
    finally:
        store.close()
