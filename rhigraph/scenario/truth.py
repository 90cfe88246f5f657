"""truth.json: the answer key of a scenario, built from what was actually written.

Surface forms, documents and children of each planted pattern are collected from the rendered
mentions, not from the plan, so the key cannot claim a link the records do not contain.
Resolution, graph analysis and the benchmarks score themselves against it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .document import Document, Rendered
from .episodes import OUTCOMES
from .model import Episode, Handle, Network, Pattern, Person, Phone, Place, Vehicle
from .world import World

VERSION = 1


@dataclass(frozen=True, slots=True)
class DocRecord:
    """What truth.json needs of a written document (the document itself is let go)."""

    id: str
    kind: str
    nil_return: bool
    fmt: str
    style: str
    child_id: str | None
    date: dt.date
    episode_id: str | None


@dataclass(frozen=True, slots=True)
class Written:
    doc: DocRecord
    mentions: tuple[tuple[str, str], ...]  # (thing id, surface text) in order
    path: str  # relative to the scenario directory

    @classmethod
    def of(cls, doc: Document, rendered: Rendered, path: str) -> Written:
        record = DocRecord(
            doc.id,
            doc.kind,
            doc.nil_return,
            doc.fmt,
            doc.style,
            doc.child_id,
            doc.date,
            doc.episode_id,
        )
        mentions = tuple(dict.fromkeys((m.thing.id, m.text) for m, _, _ in rendered.mentions))
        return cls(record, mentions, path)


def _occurrences(written: list[Written]) -> dict[str, dict[str, list[str]]]:
    """thing id -> document id -> surface forms used there (in order of first use)."""
    out: dict[str, dict[str, list[str]]] = {}
    for item in written:
        for thing_id, text in item.mentions:
            forms = out.setdefault(thing_id, {}).setdefault(item.doc.id, [])
            if text not in forms:
                forms.append(text)
    return out


def _pattern_value(pattern: Pattern) -> dict[str, Any]:
    thing = pattern.thing
    if isinstance(thing, Place) and thing.kind == "flat":
        return {
            "value": thing.full,
            "normalised": thing.normalised,
            "postcode": thing.postcode,
            "latitude": thing.latitude,
            "longitude": thing.longitude,
        }
    if isinstance(thing, Place):
        return {
            "value": thing.full,
            "normalised": thing.normalised,
            "name": thing.name,
            "town": thing.town,
            "latitude": thing.latitude,
            "longitude": thing.longitude,
        }
    if isinstance(thing, Person):
        return {
            "value": thing.full,
            "normalised": thing.normalised,
            "aliases": list(thing.nicknames) or [thing.first, f"{thing.first} {thing.last[0]}"],
            "dob": thing.dob.isoformat() if thing.dob else None,
            "age": thing.age,
            "role": thing.role,
        }
    if isinstance(thing, Vehicle):
        return {
            "value": thing.vrm,
            "normalised": thing.vrm,
            "plate": thing.plate,
            "make": thing.make,
            "model": thing.model,
            "colour": thing.colour,
        }
    if isinstance(thing, Phone):
        return {"value": thing.e164, "normalised": thing.e164}
    if isinstance(thing, Handle):
        return {"value": thing.handle, "normalised": thing.normalised, "platform": thing.platform}
    raise TypeError(f"unexpected pattern thing {thing!r}")


def _pattern_entry(
    pattern: Pattern, occurrences: dict[str, dict[str, list[str]]], child_of: dict[str, str | None]
) -> dict[str, Any]:
    seen = occurrences.get(pattern.thing.id, {})
    documents = sorted(seen)
    forms = sorted({form for doc_forms in seen.values() for form in doc_forms})
    children = sorted({c for d in documents if (c := child_of[d]) is not None})
    kind = pattern.kind
    driver = kind == "adult" and pattern.thing is pattern.network.driver
    return {
        "id": pattern.thing.id,
        "kind": kind,
        "detail": "driver" if driver else kind,
        "network": pattern.network.id,
        **_pattern_value(pattern),
        "surface_forms": forms,
        "children": children,
        "planted_children": [c.id for c in pattern.children],
        "documents": documents,
        "occurrences": {d: seen[d] for d in documents},
    }


def _person(p: Person) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": p.id, "name": p.full, "role": p.role}
    for key in ("job", "relationship", "age"):
        value = getattr(p, key)
        if value:
            entry[key] = value
    return entry


def _network_entry(network: Network) -> dict[str, Any]:
    return {
        "id": network.id,
        "authority": network.team.authority.name,
        "adult": network.adult.id,
        "driver": network.driver.id,
        "house": network.house.id,
        "vehicle": network.vehicle.id,
        "phone": network.phone.id,
        "handle": network.handle.id,
        "hotel": network.hotel.id,
        "children": sorted(c.id for c in network.pool),
        "links": [
            ["LIVES_AT", network.adult.id, network.house.id],
            ["USES", network.adult.id, network.phone.id],
            ["USES", network.adult.id, network.handle.id],
            ["USES", network.driver.id, network.vehicle.id],
            ["ASSOCIATE_OF", network.driver.id, network.adult.id],
        ],
    }


def build(
    world: World, episodes: list[Episode], written: list[Written], *, seed: int, weeks: int
) -> dict[str, Any]:
    occurrences = _occurrences(written)
    child_of = {w.doc.id: w.doc.child_id for w in written}
    patterns = [
        _pattern_entry(p, occurrences, child_of)
        for network in world.networks
        for p in network.patterns
    ]
    decoys = []
    for network in world.networks:
        peer, driver = network.decoy_peer, network.driver
        decoys.append(
            {
                "first_name": driver.first,
                "ids": [peer.id, driver.id],
                "must_not_merge": True,
                "people": [
                    {**_person(peer), "documents": sorted(occurrences.get(peer.id, {}))},
                    {**_person(driver), "documents": sorted(occurrences.get(driver.id, {}))},
                ],
                "why": "a teenage peer and an adult driver of concern share a first name",
            }
        )

    by_child: dict[str, list[Episode]] = {}
    for e in episodes:
        by_child.setdefault(e.child.id, []).append(e)
    docs_by_child: dict[str, list[str]] = {}
    for w in written:
        if w.doc.child_id:
            docs_by_child.setdefault(w.doc.child_id, []).append(w.doc.id)

    completed = [e for e in episodes if e.outcome == "completed"]
    outcome_counts = Counter(e.outcome for e in episodes if e.outcome)
    notes = [w.doc for w in written if w.doc.kind == "rhi_note"]
    summary = {
        "children": len(world.children),
        "looked_after": sum(c.looked_after for c in world.children),
        "out_of_area": sum(c.out_of_area for c in world.children),
        "placed_from_outside_gm": sum(not c.responsible.in_gm for c in world.children),
        "repeat_missing_children": sum(len(v) > 1 for v in by_child.values()),
        "episodes": len(episodes),
        "open_episodes": sum(e.open for e in episodes),
        "rhi": {
            "offered": sum(e.offered is not None for e in episodes),
            "completed": len(completed),
            "within_72h": sum(e.within_72h for e in completed),
            "late": sum(not e.within_72h for e in completed),
            "outcomes": {o: outcome_counts.get(o, 0) for o in OUTCOMES},
        },
        "documents": {
            "total": len(written),
            "by_kind": {
                "rhi_note": sum(not d.nil_return for d in notes),
                "nil_return": sum(d.nil_return for d in notes),
                "intel_form": sum(w.doc.kind == "intel_form" for w in written),
                "intel_form_without_child": sum(
                    w.doc.kind == "intel_form" and w.doc.child_id is None for w in written
                ),
            },
            "by_format": dict(sorted(Counter(w.doc.fmt for w in written).items())),
            "by_style": dict(sorted(Counter(w.doc.style for w in written).items())),
        },
        "patterns_by_kind": dict(sorted(Counter(p["kind"] for p in patterns).items())),
        "networks": len(world.networks),
        "decoys": len(decoys),
    }
    return {
        "scenario": {
            "generator": "rhigraph.scenario",
            "version": VERSION,
            "seed": seed,
            "children": len(world.children),
            "weeks": weeks,
            "start": world.start.isoformat(),
            "end": world.end.isoformat(),
            "fictional": "All people, phones, plates, handles, hotels and homes are fictional; "
            "addresses are real places from the POLE gazetteer used only as places.",
        },
        "summary": summary,
        "patterns": patterns,
        "decoys": decoys,
        "networks": [_network_entry(n) for n in world.networks],
        "children": [
            {
                "id": c.id,
                "name": c.full,
                "dob": c.dob.isoformat(),
                "gender": c.gender,
                "looked_after": c.looked_after,
                "placement_type": c.placement_type,
                "responsible_la": c.responsible.name,
                "host_la": c.host.name,
                "home": c.home.id,
                "network": c.network.id if c.network else None,
                "patterns": [p.thing.id for p in c.exposures],
                "episodes": [e.id for e in by_child.get(c.id, [])],
                "documents": sorted(docs_by_child.get(c.id, [])),
            }
            for c in world.children
        ],
        "people": {
            "professionals": [_person(p) for p in world.professionals],
            "family": [_person(p) for p in world.family],
            "peers": [_person(p) for p in world.peers],
            "adults_of_concern": [_person(p) for n in world.networks for p in (n.adult, n.driver)],
            "never_of_concern": "professionals, family and peers are never persons of concern",
        },
        "places": {
            "background": [_place(p) for t in world.teams for p in t.background],
            "homes": [_place(c.home) for c in _unique_homes(world)],
            "towns": [_place(p) for p in world.towns.values()],
        },
        "documents": [
            {
                "id": w.doc.id,
                "path": w.path,
                "kind": w.doc.kind,
                "nil_return": w.doc.nil_return,
                "format": w.doc.fmt,
                "style": w.doc.style,
                "child_id": w.doc.child_id,
                "date": w.doc.date.isoformat(),
                "episode_id": w.doc.episode_id,
            }
            for w in written
        ],
    }


def _unique_homes(world: World):
    seen: set[str] = set()
    for child in world.children:
        if child.home.id not in seen:
            seen.add(child.home.id)
            yield child


def _place(p: Place) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "address": p.full,
        "town": p.town,
        "postcode": p.postcode,
        "latitude": p.latitude,
        "longitude": p.longitude,
    }
