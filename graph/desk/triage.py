"""Triage of every RHI note: nil return, welfare only, or intelligence-bearing, with reasons.

Police asked for "no nil returns" in the intelligence inbox, and an RHI manager needs to
see at a glance which notes carry something to share. The rules (the "of concern"
definitions are in :mod:`graph.desk.concern`):

* **intelligence_bearing**: the note names an adult of concern, a location of concern, a
  vehicle, a phone or an online handle, or carries a non-negated exploitation indicator.
* **nil_return**: the worker recorded a nil return ("nil return", "no concerns") and the
  note names no vehicle, phone or handle (other than one tied only to family or staff).
  The worker's own judgement is not overturned by what extraction infers from prose: a
  person or place it flagged, or an exploitation indicator (a missed negation such as
  "denied carrying a knife" across a line break reads as one), is listed under
  ``set_aside``, and an indicator also raises the flag ``check_indicators`` so the manager
  can look. A concrete identifier does overturn it (flag ``recorded_as_nil_return``): a
  plate or a phone number in a "nil" note is exactly what must not be filtered out of the
  police inbox.
* **welfare_only**: neither; the reasons list any welfare indicators (alcohol, mental
  health, family conflict...).

The queue lists intelligence-bearing notes first, then welfare only, then nil returns, each
oldest first.
"""

from __future__ import annotations

from typing import Any

from graph.desk.concern import (
    exploitation_indicators,
    identifiers,
    locations_of_concern,
    persons_of_concern,
    welfare_indicators,
)
from graph.desk.context import GraphContext, build_context
from graph.desk.notes import NoteView, load_notes
from graph.store import Store

TRIAGES = ("intelligence_bearing", "welfare_only", "nil_return")
_SNIPPET = 100


def triage(store: Store, *, since: str | None = None,
           context: GraphContext | None = None) -> list[dict[str, Any]]:
    """Every RHI note dated on or after ``since`` (all when ``None``), triaged: rows of
    ``document_id``, ``child_id``, ``date``, ``worker``, ``agency``, ``triage``,
    ``reasons`` (``kind``, ``text``, and ``entity_id``/``code`` and ``why``), ``headline``
    (counts, for a queue), ``summary`` (every reason on one line), ``flags`` and
    ``set_aside``; in queue order (module docstring)."""
    context = context or build_context(store)
    rows = [triage_note(note, context) for note in load_notes(store, context, since=since)]
    return sorted(rows, key=lambda r: (TRIAGES.index(r["triage"]), r["date"] or "9999",
                                       r["document_id"]))


def triage_note(note: NoteView, context: GraphContext) -> dict[str, Any]:
    """One note's triage and the reasons for it (module docstring)."""
    persons = persons_of_concern(note, context)
    soft = [f.as_reason() for f in persons + locations_of_concern(note, context, persons)]
    hard = [f.as_reason() for f in identifiers(note)]
    signals = [_indicator(i) for i in exploitation_indicators(note)]
    flags: list[str] = []
    set_aside: list[dict[str, Any]] = []
    if note.nil_return and not hard:
        verdict = "nil_return"
        reasons = [{"kind": "nil_return", "text": "the worker recorded a nil return"}]
        set_aside = soft + signals
        if signals:
            flags.append("check_indicators")
    elif hard or soft or signals:
        verdict = "intelligence_bearing"
        reasons = soft + hard + signals
        if note.nil_return:
            flags.append("recorded_as_nil_return")
    else:
        verdict = "welfare_only"
        reasons = [_indicator(i) for i in welfare_indicators(note)] or [
            {"kind": "no_intelligence", "text": "no adult, place, vehicle, phone, handle "
                                                "or exploitation indicator of concern"}]
    return {"document_id": note.id, "child_id": note.child_id, "date": note.date,
            "worker": note.worker, "agency": note.agency, "triage": verdict,
            "reasons": reasons, "headline": headline(verdict, reasons),
            "summary": summary(reasons), "flags": flags, "set_aside": set_aside}


_NOUNS = (("adult_of_concern", "adult"), ("location_of_concern", "place"),
          ("vehicle", "vehicle"), ("phone", "phone"), ("handle", "handle"))


def headline(verdict: str, reasons: list[dict[str, Any]]) -> str:
    """A short line for a queue: counts of what was found and the indicator codes.

    >>> headline("intelligence_bearing", [{"kind": "adult_of_concern"},
    ...     {"kind": "adult_of_concern"}, {"kind": "indicator", "code": "HOTEL"}])
    '2 adults; indicators: HOTEL'
    >>> headline("nil_return", [{"kind": "nil_return"}])
    'nil return'
    """
    if verdict == "nil_return":
        return "nil return"
    parts = []
    for kind, noun in _NOUNS:
        count = sum(r["kind"] == kind for r in reasons)
        if count:
            parts.append(f"{count} {noun}{'s' if count > 1 else ''}")
    codes = list(dict.fromkeys(r["code"] for r in reasons if r.get("code")))
    if codes:
        parts.append(("indicators: " if verdict != "welfare_only" else "welfare: ")
                     + ", ".join(codes))
    return "; ".join(parts) or "no intelligence found"


def summary(reasons: list[dict[str, Any]]) -> str:
    """One line for a table: each reason's kind and what the note says, deduplicated; a
    reason whose words are withheld from the reader (``text`` None) is named by kind only.

    >>> summary([{"kind": "vehicle", "text": "grey BMW"},
    ...          {"kind": "indicator", "code": "HOTEL", "text": "stayed at a hotel"}])
    'vehicle: grey BMW; HOTEL: stayed at a hotel'
    >>> summary([{"kind": "indicator", "code": "HOTEL", "text": None}])
    'HOTEL'
    """
    parts = [(r.get("code") or r["kind"].replace("_", " "))
             + (f": {r['text']}" if r.get("text") is not None else "") for r in reasons]
    return "; ".join(dict.fromkeys(parts))


def _indicator(indicator: dict[str, Any]) -> dict[str, Any]:
    snippet = " ".join(str(indicator["text"]).split())
    if len(snippet) > _SNIPPET:
        snippet = snippet[:_SNIPPET - 3].rstrip() + "..."
    return {"kind": "indicator", "code": indicator["code"], "text": snippet}
