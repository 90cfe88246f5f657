"""Patterns no single worker would see: the same adult, place or vehicle (or phone, or
handle) named in RHI notes written by different workers or different agencies.

Each RHI worker sees their own caseload; a manager reading notes one at a time will not
notice that "Gaz" came up with three workers in two teams. Entities are compared by
resolved cluster, and only what is of concern in at least one intelligence-bearing note
counts (the rules of :mod:`graph.desk.concern`; a nil return's loose tags do not make a
pattern): an adult of concern, a location of concern, or an identifier; a person recorded
as a professional or family member at least as often as of concern is left out. Once of
concern, every note naming it counts, nil returns included.
Workers are compared by initial and surname ("J Duffy" is "Jordan Duffy") and agencies by
their name without filler words ("Wigan MFH" is "Wigan Missing From Home Team"), so one
worker signing two ways is not a pattern.

A row qualifies with two or more distinct workers or two or more distinct agencies; rows
are ordered by the number of workers and agencies together, then children, then label.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from graph.desk.concern import identifiers, locations_of_concern, persons_of_concern
from graph.desk.context import GraphContext, build_context
from graph.desk.notes import NoteView, load_notes
from graph.desk.triage import triage_note
from graph.store import Store

KIND_OF_TYPE = {"Person": "adult", "Location": "place", "Vehicle": "vehicle",
                "Phone": "phone", "OnlineAccount": "handle"}


def cross_worker(store: Store, *, since: str | None = None) -> list[dict[str, Any]]:
    """Cross-worker rows (module docstring) over the notes dated on or after ``since``."""
    context = build_context(store)
    return cross_worker_rows(load_notes(store, context, since=since), context)


def cross_worker_rows(notes: list[NoteView], context: GraphContext) -> list[dict[str, Any]]:
    """The pure rule over loaded notes: ``entity_id`` (cluster), ``kind``, ``label``,
    ``variants``, ``workers``, ``agencies``, ``children``, ``first_seen``, ``last_seen``
    and ``notes`` (``document_id``, ``date``, ``child_id``, ``worker``, ``agency``)."""
    concern: set[str] = set()
    seen: dict[str, list[tuple[NoteView, str]]] = defaultdict(list)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for note in notes:
        if triage_note(note, context)["triage"] == "intelligence_bearing":
            persons = persons_of_concern(note, context)
            for finding in persons + locations_of_concern(note, context, persons) + \
                    identifiers(note):
                concern.add(finding.cluster_id)
        for mention in note.mentions:
            if mention["type"] in KIND_OF_TYPE:
                seen[mention["cluster_id"]].append((note, mention["text"]))
                roles[mention["cluster_id"]][mention.get("role") or ""] += 1
    rows = [_row(cluster, seen[cluster], context) for cluster in concern
            if not _staff_or_family(roles[cluster])]
    rows = [r for r in rows if len(r["workers"]) >= 2 or len(r["agencies"]) >= 2]
    return sorted(rows, key=lambda r: (-(len(r["workers"]) + len(r["agencies"])),
                                       -len(r["children"]), r["label"].casefold()))


def _staff_or_family(roles: Counter[str]) -> bool:
    """Recorded as a professional or family member at least as often as of concern: a key
    worker tagged once as an adult of concern is still a key worker."""
    known = roles["PROFESSIONAL"] + roles["FAMILY"]
    return known > 0 and known >= roles["ADULT_OF_CONCERN"]


def _row(cluster: str, sightings: list[tuple[NoteView, str]],
         context: GraphContext) -> dict[str, Any]:
    workers: dict[str, str] = {}
    agencies: dict[str, str] = {}
    documents: dict[str, dict[str, Any]] = {}
    for note, _text in sightings:
        if note.worker_key:
            workers.setdefault(note.worker_key, note.worker or "")
        if note.agency_key:
            agencies.setdefault(note.agency_key, note.agency or "")
        documents[note.id] = {"document_id": note.id, "date": note.date,
                              "child_id": note.child_id, "worker": note.worker,
                              "agency": note.agency}
    dates = sorted(d["date"] for d in documents.values() if d["date"])
    return {
        "entity_id": cluster, "kind": KIND_OF_TYPE.get(cluster.split(":", 1)[0], "other"),
        "label": context.label(cluster),
        "variants": sorted({text for _, text in sightings}, key=str.casefold),
        "workers": sorted(workers.values()), "agencies": sorted(agencies.values()),
        "children": sorted({d["child_id"] for d in documents.values() if d["child_id"]}),
        "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
        "notes": sorted(documents.values(), key=lambda d: (d["date"] or "", d["document_id"])),
    }
