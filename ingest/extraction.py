"""One document to the FORMATS.md section 5 structure: header fields plus extracted entities.

This is the single path from a read :class:`~ingest.readers.Source` to "what this document
says": ``rhigraph extract`` prints it and ingest turns it into a store batch, so what an
analyst sees from ``extract`` is exactly what lands in the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.exc import InvalidValue
from graph.types import address, name
from ingest.forms import (
    CATEGORY_INDICATORS,
    FormRecord,
    Subject,
    parse_form_json,
    parse_form_text,
)
from ingest.notes import parse_note
from ingest.readers import Source
from ingest.subject_mentions import fold_subject_mentions
from nlp.extract import extract


def document_id(path: Path) -> str:
    """A document's id is its file name: stable across re-ingest, distinct per format."""
    return path.name


@dataclass(frozen=True)
class Request:
    """What one document asks of extraction, and how its result becomes the document.

    Splitting the two lets bulk ingest send ``text`` and ``options`` (the keywords of
    :func:`nlp.extract.extract`) to worker processes, many at a time, and finish each
    document here with what came back; :func:`note_document` and :func:`form_document` are
    the same two halves run one after the other.
    """

    text: str
    options: dict[str, Any]
    finish: Callable[[dict[str, Any]], dict[str, Any]]

    def run(self) -> dict[str, Any]:
        """Extract here, now, and finish: the document's section 5 structure."""
        return self.finish(extract(self.text, **self.options))


def note_request(source: Source) -> Request:
    """An RHI note's header parsed, and its text to extract with the subject child's name."""
    text = source.text or ""
    note = parse_note(text, path=str(source.path))
    fields = dict(note.fields)
    fields["nil_return"] = note.nil_return
    fields["actions"] = list(note.actions)
    subject = [fields[k] for k in ("child_name",) if fields.get(k)]
    date = (fields.get("interview_at") or fields.get("returned_at") or "")[:10] or None
    document = {"id": document_id(source.path), "kind": "rhi_note",
                "child_id": fields.get("child_id"), "date": date, "fields": fields}
    return Request(text, {"subject_names": subject, "kind": "rhi_note"},
                   lambda result: {"document": document, **result})


def form_request(source: Source) -> Request:
    """An information-sharing form (text, DOCX, PDF or JSON) parsed, and its free text."""
    if source.data is not None:
        form = parse_form_json(source.data, path=str(source.path))
        text = form_text(form)
    else:
        text = source.text or ""
        form = parse_form_text(text, path=str(source.path))

    def finish(result: dict[str, Any]) -> dict[str, Any]:
        if source.data is not None:
            _add_categories(result, form)
        _add_subjects(result, form, text)
        fields: dict[str, Any] = {
            "reference": form.reference, "submitted_by": form.submitted_by,
            "agency": form.agency, "categories": list(form.categories), "source": form.source,
            "third_party": form.third_party, "coercion_control": form.coercion_control,
            "payments": form.payments, "grading": form.grading.as_dict(),
        }
        return {
            "document": {"id": document_id(source.path), "kind": "intel_form",
                         "child_id": form.child_id, "date": form.date, "fields": fields},
            "text": text if source.data is not None else None,
            **result,
        }

    return Request(text, {"kind": "intel_form"}, finish)


def request(source: Source, kind: str) -> Request:
    """The :class:`Request` of a source classified as ``kind`` ("rhi_note" or a form)."""
    return note_request(source) if kind == "rhi_note" else form_request(source)


def note_document(source: Source) -> dict[str, Any]:
    """Section 5 structure for an RHI note."""
    return note_request(source).run()


def form_document(source: Source) -> dict[str, Any]:
    """Section 5 structure for an information-sharing form (text, DOCX, PDF or JSON)."""
    return form_request(source).run()


def form_text(form: FormRecord) -> str:
    """The free text of a JSON form, in the order a text form prints it, for extraction."""
    parts = [form.narrative, form.coercion_control, form.payments]
    return "\n\n".join(p for p in parts if p)


def _add_categories(result: dict[str, Any], form: FormRecord) -> None:
    """A JSON form's categories as indicators, as a text form's "Categories:" line gives them.

    The JSON's free text (:func:`form_text`) leaves the categories out, so extraction cannot
    see them there; the sender ticked them, so they are asserted, never negated, and stand
    beside the narrative's own mentions of the same codes as a text form's line does.
    """
    codes = [CATEGORY_INDICATORS[c] for c in form.categories if c in CATEGORY_INDICATORS]
    result["indicators"][:0] = [{"code": code, "text": category, "negated": False}
                                for code, category in zip(codes, [
                                    c for c in form.categories if c in CATEGORY_INDICATORS],
                                    strict=True)]


def _add_subjects(result: dict[str, Any], form: FormRecord, text: str) -> None:
    """Persons of concern and their identifiers from the form's subject fields.

    The form states them outright, so they are added even where the free text never repeats
    them, and merged with what extraction found by (type, normalised key); then the
    narrative's other mentions of them ("Keefy", "Mr BRAY", "the black Nissan") are folded
    in (:mod:`ingest.subject_mentions`).
    """
    entities: list[dict[str, Any]] = result["entities"]
    index = {(e["type"], e.get("normalised")): i for i, e in enumerate(entities)}

    def add(kind: str, written: str | None, key: str | None, **extra: Any) -> int | None:
        if not written or not key:
            return None
        found = index.get((kind, key))
        if found is not None:
            entity = entities[found]
            if kind == "PERSON":
                entity["role"] = "ADULT_OF_CONCERN"
            return found
        start = text.find(written)
        entity = {"type": kind, "text": written, "start": start if start >= 0 else None,
                  "end": start + len(written) if start >= 0 else None, "normalised": key,
                  "aliases": [], "attributes": {}, **extra}
        entities.append(entity)
        index[(kind, key)] = len(entities) - 1
        return len(entities) - 1

    relations: list[dict[str, Any]] = result["relations"]
    people: list[tuple[int, Subject]] = []
    cars: list[tuple[int, Subject]] = []
    for subject in form.subjects:
        written = subject.name or next(iter(subject.nicknames), None)
        key = _clean(name.clean, written)
        known = _person_named(entities, [written or "", *subject.nicknames])
        if known is not None and key:
            index[("PERSON", key)] = known
            if subject.name and entities[known].get("normalised") != key:
                # The form names the person outright: that name, not the nickname the
                # narrative used ("Johnno"), is who they are; the nickname stays an alias.
                found = entities[known]
                found["aliases"] = sorted({*found.get("aliases", []), found["text"]})
                found["normalised"] = key
        person = add("PERSON", written, key, role="ADULT_OF_CONCERN")
        if person is None:  # unnamed: its phone, car and handle are still intelligence
            for kind, value, ident, _ in _identifiers(subject):
                add(kind, value, ident)
            continue
        entity = entities[person]
        others = {a for a in (written, *subject.nicknames) if a and a != entity["text"]}
        entity["aliases"] = sorted(set(entity.get("aliases", [])) | others)
        attributes = entity.setdefault("attributes", {})
        attributes.update({k: v for k, v in (("dob", subject.dob),
                                             ("features", subject.features)) if v})
        people.append((person, subject))
        for kind, written, key, relation in _identifiers(subject):
            target = add(kind, written, key)
            link = {"type": relation, "source": person, "target": target}
            if target is not None and link not in relations:
                relations.append(link)
            if target is not None and kind == "VEHICLE":
                cars.append((target, subject))
    fold_subject_mentions(result, people, cars)


def _person_named(entities: list[dict[str, Any]], written: list[str]) -> int | None:
    """The PERSON extraction already found under any of the subject's names, if one."""
    keys = {k for k in (_clean(name.clean, w) for w in written) if k}
    for i, entity in enumerate(entities):
        if entity["type"] != "PERSON":
            continue
        names = [entity.get("normalised"), *(_clean(name.clean, a)
                                             for a in entity.get("aliases", []))]
        if keys & {n for n in names if n}:
            return i
    return None


def _identifiers(subject: Subject) -> list[tuple[str, str | None, str | None, str]]:
    """The subject's identifiers with the keys the form parser already cleaned."""
    return [
        ("PHONE", subject.phone, subject.phone_key, "USES"),
        ("VEHICLE", subject.vehicle, subject.vehicle_key, "USES"),
        ("ONLINE_HANDLE", subject.online_handle, subject.handle_key, "USES"),
        ("LOCATION", subject.address, _clean(address.clean, subject.address), "LIVES_AT"),
    ]


def _clean(cleaner: Any, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return cleaner(value)
    except InvalidValue:
        return None


def as_json(result: dict[str, Any]) -> dict[str, Any]:
    """Drop internal keys so the printed structure is exactly FORMATS.md section 5."""
    return {k: result[k] for k in ("document", "entities", "indicators", "relations")}


__all__ = ["Request", "as_json", "document_id", "form_document", "form_request",
           "note_document", "note_request", "request"]
