"""Draft an information-sharing form (FORMATS.md section 4) from one RHI note.

The draft carries only what the form needs: the categories, the persons of concern with the
identifiers the graph knows for them, the places, vehicles, phones and handles the note
names, the sentences that record them (never the practitioner's reflection, the actions,
the manager's response or the header; see :mod:`graph.desk.excerpts`), the coercion and
payment sentences, the source (the RHI, its date, worker and agency) and a proposed grading
(:mod:`graph.desk.grading`). It is a draft: reference ``DRAFT-<note>``, state
``unconfirmed``, ``derived_from`` the note, and it does not count as submitted until
``rhigraph confirm-isf`` records who confirmed it (:mod:`graph.desk.state`).

The narrative is a lead line (the interview, the episode and where the child was found),
then each quoted sentence on its own line, verbatim, then a line listing what the interview
named. The result is the §4 JSON shape plus: ``derived_from``, ``handling_conditions``,
``locations``/``vehicles``/``phones``/``handles`` (what the note names), per subject
``other_identifiers``, and a ``draft`` block for the reviewer (state, who drafted it and
when, the triage reasons, the grading reasons and where each identifier came from).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from graph.desk.concern import (
    EXPLOITATION_CODES,
    Finding,
    identifiers,
    locations_of_concern,
    persons_of_concern,
)
from graph.desk.context import GraphContext, build_context
from graph.desk.excerpts import Sentence, carried_sentences
from graph.desk.grading import HEARSAY, propose
from graph.desk.notes import NoteView, load_notes
from graph.desk.state import DRAFT_PREFIX, UNCONFIRMED, is_submitted
from graph.desk.subjects import subject
from graph.desk.triage import triage_note
from graph.exc import InvalidValue
from graph.store import Store
from graph.store.records import INDICATOR_CATEGORIES

MAX_SENTENCES = 20
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]|[-\u2022*])\s+")
#: Form categories in the order forms list them, from the indicator categories.
_CATEGORY_ORDER = ("CSE", "CCE", "gangs", "missing", "drugs")
_CATEGORY_OF = {"CSE": "CSE", "CCE": "CCE", "GANGS": "gangs", "DRUGS": "drugs"}


def draft_isf(store: Store, document_id: str, *, today: dt.date,
              drafted_by: str | None = None,
              context: GraphContext | None = None) -> dict[str, Any]:
    """The draft form for the RHI note ``document_id`` (module docstring)."""
    context = context or build_context(store)
    notes = load_notes(store, context, document_ids=[document_id])
    if not notes:
        raise InvalidValue(f"no RHI note with document id {document_id}: draft-isf drafts "
                           "from an ingested return home interview note")
    note = notes[0]
    sentences = carried_sentences(store.document_text(document_id) or "")
    persons = [p for p in persons_of_concern(note, context)
               if _quoted(p, sentences) and not _subject_child(p, note, sentences)]
    places = [p for p in locations_of_concern(note, context, persons) if _quoted(p, sentences)]
    idents = identifiers(note)
    chosen = _narrative_sentences(note, sentences, persons + places + idents)
    third = _third_parties(note, chosen)
    proposal = propose(corroboration=_corroboration(note, context, persons + places + idents),
                       named_third_parties=third,
                       hearsay=[s.clean for s in chosen if HEARSAY.search(s.text)])
    subjects = [subject(p, context, note.id) for p in persons]
    return {
        "form": "information_sharing",
        "reference": DRAFT_PREFIX + Path(note.id).stem,
        "submitted_by": note.worker, "agency": note.agency, "date": today.isoformat(),
        "child_id": note.child_id, "categories": _categories(note),
        "subjects": [{k: v for k, v in s.items() if k != "sources"} for s in subjects],
        "narrative": _narrative(note, chosen, places, idents),
        "source": _source(note),
        "third_party": proposal.third_party,
        "coercion_control": _joined(_with_indicator(note, sentences, "COERCION_CONTROL")),
        "payments": _joined(_with_indicator(note, sentences, "GIFTS_MONEY")),
        "grading": proposal.grading.as_dict(),
        "handling_conditions": proposal.conditions,
        "locations": [p.text for p in places],
        "vehicles": [f.text for f in idents if f.kind == "vehicle"],
        "phones": [f.text for f in idents if f.kind == "phone"],
        "handles": [f.text for f in idents if f.kind == "handle"],
        "derived_from": note.id,
        "draft": {
            "state": UNCONFIRMED, "derived_from": note.id, "drafted_by": drafted_by,
            "drafted_on": today.isoformat(),
            "triage": triage_note(note, context)["reasons"],
            "grading_reasons": proposal.reasons,
            "identifier_sources": {s["name"]: s["sources"] for s in subjects},
        },
    }


def _forms(finding: Finding) -> list[str]:
    return [f for f in dict.fromkeys((finding.text, *finding.aliases)) if f and f.strip()]


def _mentions(sentence: Sentence, forms: list[str]) -> bool:
    """Whether the sentence names any of ``forms`` as a whole word, whatever the case and
    however a PDF or Word export wrapped the line."""
    return any(re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, f.split())) + r"(?!\w)",
                         sentence.text, re.IGNORECASE) for f in forms)


def _quoted(finding: Finding, sentences: list[Sentence]) -> bool:
    """Named in a sentence the form may carry (not only in, say, the protective factors)."""
    return any(_mentions(s, _forms(finding)) for s in sentences)


def _subject_child(person: Finding, note: NoteView, sentences: list[Sentence]) -> bool:
    """A one-word name that is really the child's own nickname ("Kez" for Kieran):
    same initial as the child's first name and named in a third or more of the sentences,
    as only the child of an interview is."""
    first = (note.fields.get("child_name") or "").split()[:1]
    name = person.text.strip()
    if not first or " " in name or name[:1].casefold() != first[0][:1].casefold():
        return False
    hits = sum(_mentions(s, [name]) for s in sentences)
    return bool(sentences) and hits * 3 >= len(sentences)


def _narrative_sentences(note: NoteView, sentences: list[Sentence],
                         findings: list[Finding]) -> list[Sentence]:
    """Sentences naming a finding, or carrying a non-negated exploitation indicator outside
    the worker's risk-factor list; in the note's order, at most :data:`MAX_SENTENCES`."""
    forms = [f for finding in findings for f in _forms(finding)]
    spans = [(i["start"], i["end"]) for i in _live(note)]
    chosen = []
    for sentence in sentences:
        indicator = sentence.section != "risk_factors" and any(
            s is not None and sentence.start <= s < sentence.end for s, _ in spans)
        if indicator or _mentions(sentence, forms):
            chosen.append(sentence)
    return chosen[:MAX_SENTENCES]


def _live(note: NoteView, code: str | None = None) -> list[dict[str, Any]]:
    return [i for i in note.indicators if not i["negated"] and i.get("start") is not None
            and (i["code"] == code if code else i["code"] in EXPLOITATION_CODES)]


def _with_indicator(note: NoteView, sentences: list[Sentence], code: str) -> list[str]:
    """What the note says about ``code``: the whole sentence where the child's account
    carries it, only the indicator's own words inside the worker's risk-factor list."""
    out: list[str] = []
    for indicator in _live(note, code):
        for sentence in sentences:
            if sentence.start <= indicator["start"] < sentence.end:
                out.append(sentence.clean if sentence.section != "risk_factors" else
                           " ".join(str(indicator["text"]).split()))
    return list(dict.fromkeys(out))


def _joined(parts: list[str]) -> str | None:
    return " ".join(p if p.endswith((".", "!", "?", '"')) else p + "." for p in parts) or None


def _categories(note: NoteView) -> list[str]:
    found = {"missing"} | {_CATEGORY_OF[INDICATOR_CATEGORIES[i["code"]]]
                           for i in note.indicators
                           if not i["negated"] and i["code"] in INDICATOR_CATEGORIES}
    return [c for c in _CATEGORY_ORDER if c in found]


def _narrative(note: NoteView, chosen: list[Sentence], places: list[Finding],
               idents: list[Finding]) -> str:
    fields = note.fields
    episode = [f"missing episode {fields['episode_id']}" if fields.get("episode_id") else
               "a missing episode"]
    times = [f"{what} {_when(fields.get(key))}" for what, key in
             (("reported missing", "reported_missing_at"), ("returned", "returned_at"))
             if fields.get(key)]
    if fields.get("found_at"):
        times.append(f"found at {fields['found_at']}")
    lead = (f"Return home interview on {_when(note.date)} with {note.child_id or 'the child'}"
            f" after {episode[0]}" + (f" ({'; '.join(times)})" if times else "") + ".")
    named = [(kind, [f.text for f in group]) for kind, group in (
        ("places", places), ("vehicles", [f for f in idents if f.kind == "vehicle"]),
        ("phones", [f for f in idents if f.kind == "phone"]),
        ("online handles", [f for f in idents if f.kind == "handle"])) if group]
    parts = [lead, *(_LIST_MARK.sub("", s.clean) for s in chosen)]
    if named:
        parts.append("Named in the interview - " + "; ".join(
            f"{kind}: {', '.join(values)}" for kind, values in named) + ".")
    return "\n".join(p for p in parts if p)


def _source(note: NoteView) -> str:
    by = ", ".join(p for p in (note.worker, note.agency) if p) or "the RHI service"
    return (f"Return home interview on {_when(note.date)} by {by} (rhigraph document "
            f"{note.id}): the child's own account.")


def _third_parties(note: NoteView, chosen: list[Sentence]) -> list[str]:
    names = {m["text"] for m in note.mentions
             if m["type"] == "Person" and m.get("role") in ("PROFESSIONAL", "FAMILY")}
    return sorted(n for n in names if any(_mentions(s, [n]) for s in chosen))


def _corroboration(note: NoteView, context: GraphContext,
                   findings: list[Finding]) -> list[str]:
    """Independent records of what the draft carries: a document about another child, a
    submitted form, or the police episodes record (not this note, nor a form drafted from
    it, nor an unconfirmed draft)."""
    out = []
    for finding in findings:
        for document, child, kind in sorted(context.named_in.get(finding.cluster_id, ())):
            meta = context.documents.get(document, {})
            if document == note.id or (meta.get("fields") or {}).get("derived_from") == note.id:
                continue
            if kind == "intel_form" and not is_submitted(meta):
                continue
            if kind in ("intel_form", "episodes") or (child and child != note.child_id):
                what = {"intel_form": "a form", "episodes": "the police episodes record"}.get(
                    kind, "another child's note")
                out.append(f"{finding.text} is also in {what} ({document})")
                break
    return out


def _when(value: str | None) -> str:
    """An ISO date or date-time as forms write it (day first).

    >>> _when("2026-01-07T20:50"), _when("2026-01-10"), _when(None)
    ('07/01/2026 20:50', '10/01/2026', 'an unknown date')
    """
    if not value:
        return "an unknown date"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return moment.strftime("%d/%m/%Y %H:%M" if "T" in value else "%d/%m/%Y")
