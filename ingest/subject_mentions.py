"""A form's subject of concern and the narrative's own mentions of them: one entity.

A JSON form states its subject in fields ("name": "Keith BRAY", "nickname": ["Keefy"],
"vehicle": "black Nissan Qashqai, reg MF20 RMX") that are not in the free text extraction
reads, and the narrative then says "Keefy", "Mr BRAY" and "a black Nissan". Extraction of the
narrative alone cannot know that these are the subject and the subject's car. Left apart,
the one document names three people and two cars, and resolution keeps them apart for good
("one record names them as two different things"). A text form has its nickname and vehicle
lines in the text, where extraction joins them; this does the same for the fields.

Only what the form itself states is joined: a name the subject is given (full name or
nickname), the subject's surname after a title, and a car without a full plate whose make
or colour agrees with the subject's car (and nothing in its description differs). A
professional or a peer is never the subject, and a mention that fits two subjects stays
apart.
"""

from __future__ import annotations

from typing import Any

from graph.exc import InvalidValue
from graph.resolve.keys import person_forms
from graph.types import name, vrm
from ingest.forms import Subject
from nlp.components.grouping import vehicles_agree
from nlp.components.vehicles import find as find_vehicles

#: Roles a form's subject of concern never has.
NOT_A_SUBJECT = frozenset({"PROFESSIONAL", "PEER"})


def _key(written: str | None) -> str | None:
    if not written:
        return None
    try:
        return name.clean(written)
    except InvalidValue:
        return None


def _names(subject: Subject) -> tuple[set[str], str | None]:
    """The keys of every name the form gives the subject, and their surname."""
    keys = {k for k in (_key(w) for w in [subject.name, *subject.nicknames]) if k}
    full = _key(subject.name)
    surname = full.split()[-1] if full and len(full.split()) > 1 else None
    return keys, surname


def _is_named(entity: dict[str, Any], keys: set[str], surname: str | None) -> bool:
    """Is a PERSON entity written as one of the subject's names, or as a title and the
    subject's surname ("Mr BRAY")?"""
    written = [entity.get("text") or "", *entity.get("aliases", [])]
    if keys & ({entity.get("normalised")} | {_key(w) for w in written}):
        return True
    return bool(surname) and any(f.kind == "surname" and f.first == surname
                                 for w in written for f in person_forms(w))


def _described(entity: dict[str, Any], written: str | None) -> dict[str, Any]:
    """The subject's car with the make, colour and model its field gives."""
    attributes = entity.setdefault("attributes", {})
    for mention in find_vehicles(written or ""):
        if mention.normalised in (None, entity.get("normalised")):
            for key in ("make", "colour", "model"):
                if mention.attrs.get(key) and not attributes.get(key):
                    attributes[key] = mention.attrs[key]
    return attributes


def _plateless(entity: dict[str, Any]) -> bool:
    plate = entity.get("normalised")
    return not plate or vrm.is_partial(plate)


def fold_subject_mentions(result: dict[str, Any], people: list[tuple[int, Subject]],
                          cars: list[tuple[int, Subject]]) -> None:
    """Join into each subject (``people``: entity index and subject) and each subject's car
    (``cars``) the other entities of ``result`` that are them (see the module docstring),
    renumbering the relations."""
    entities: list[dict[str, Any]] = result["entities"]
    subjects = {i for i, _ in people} | {i for i, _ in cars}
    owners: dict[int, set[int]] = {}
    for person, subject in people:
        keys, surname = _names(subject)
        for i, entity in enumerate(entities):
            if (i not in subjects and entity["type"] == "PERSON"
                    and entity.get("role") not in NOT_A_SUBJECT
                    and _is_named(entity, keys, surname)):
                owners.setdefault(i, set()).add(person)
    for car, subject in cars:
        mine = entities[car]
        attributes = _described(mine, subject.vehicle)
        for i, entity in enumerate(entities):
            if (i not in subjects and entity["type"] == "VEHICLE" and _plateless(entity)
                    and vehicles_agree(mine.get("normalised"), attributes,
                                       entity.get("normalised"),
                                       entity.get("attributes") or {})):
                owners.setdefault(i, set()).add(car)
    # a subject is never folded into anything, so every fold ends at a subject
    merged = {i: next(iter(found)) for i, found in owners.items() if len(found) == 1}
    for drop, keep in sorted(merged.items()):
        _absorb(entities[keep], entities[drop])
    _renumber(result, merged)


def _absorb(keep: dict[str, Any], drop: dict[str, Any]) -> None:
    """``drop``'s wordings and attributes into ``keep``; the first span in the text wins,
    as the section 5 ``text`` is the first named mention."""
    wordings = [keep["text"], drop["text"], *keep.get("aliases", []), *drop.get("aliases", [])]
    if drop.get("start") is not None and (keep.get("start") is None
                                          or drop["start"] < keep["start"]):
        keep.update(text=drop["text"], start=drop["start"], end=drop["end"])
    keep["aliases"] = sorted({w for w in wordings if w and w != keep["text"]})
    attributes = keep.setdefault("attributes", {})
    for key, value in (drop.get("attributes") or {}).items():
        if value not in (None, "", []) and attributes.get(key) in (None, "", []):
            attributes[key] = value


def _renumber(result: dict[str, Any], merged: dict[int, int]) -> None:
    if not merged:
        return
    entities = result["entities"]
    position: dict[int, int] = {}
    kept: list[dict[str, Any]] = []
    for i, entity in enumerate(entities):
        if i not in merged:
            position[i] = len(kept)
            kept.append(entity)

    def moved(end: Any) -> Any:
        return position[merged.get(end, end)] if isinstance(end, int) else end

    relations: list[dict[str, Any]] = []
    for relation in result["relations"]:
        renumbered = {**relation, "source": moved(relation["source"]),
                      "target": moved(relation["target"])}
        if renumbered["source"] != renumbered["target"] and renumbered not in relations:
            relations.append(renumbered)
    result["entities"][:] = kept
    result["relations"][:] = relations
