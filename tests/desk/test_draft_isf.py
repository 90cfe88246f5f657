"""Drafting a form from a note, and the round trip draft -> confirm -> intelligence form."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import docx
import pytest

from graph.desk.confirm import confirm_draft
from graph.desk.draft_isf import draft_isf
from graph.desk.excerpts import sentences
from graph.desk.render import write_draft
from graph.desk.triage import triage
from graph.exc import InvalidValue, ReadError
from graph.store import SQLiteStore
from graph.types import name as name_type
from ingest.forms import parse_form_json, parse_form_text
from ingest.notes import parse_note
from ingest.readers import read
from tests.desk.conftest import Area

TODAY = dt.date(2026, 4, 1)
AT = "2026-04-01T09:30:00+00:00"


def _intelligence_notes(store: SQLiteStore) -> list[str]:
    return [r["document_id"] for r in triage(store) if r["triage"] == "intelligence_bearing"]


#: Reflection headings as the generated templates write them (independent of the parser).
REFLECTION = re.compile(r"^[ \t]*(?:practitioner(?:'s)? reflection|worker(?:'s)? (?:view|analysis)"
                        r"|reflection|analysis)[ \t]*:?[ \t]*", re.IGNORECASE | re.MULTILINE)


def _reflection(text: str) -> list[str]:
    """The practitioner-reflection sentences of a note (three words or more): the note
    parser's reflection section, and the paragraph under any reflection heading."""
    spans = []
    sections = parse_note(text).sections
    if "practitioner_reflection" in sections:
        spans.append(sections["practitioner_reflection"])
    for heading in REFLECTION.finditer(text):
        end = text.find("\n\n", heading.end())
        spans.append((heading.end(), len(text) if end < 0 else end))
    found = [s for span in spans for s in sentences(text, *span, "practitioner_reflection")]
    return [s.clean for s in found if len(s.clean.split()) >= 3
            and not REFLECTION.match(s.clean)]


def _flat(value: str) -> str:
    return " ".join(value.split())


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_no_draft_carries_the_practitioners_reflection_or_the_whole_note(
        area: Area, store: SQLiteStore, tmp_path: Path) -> None:
    notes = _intelligence_notes(store)
    assert notes
    checked = 0
    for note_id in notes:
        text = store.document_text(note_id) or ""
        draft = draft_isf(store, note_id, today=TODAY)
        path = write_draft(draft, tmp_path / f"{Path(note_id).stem}.docx")
        outputs = [_flat(json.dumps(draft, ensure_ascii=False)), _flat(_docx_text(path))]
        for sentence in _reflection(text):
            checked += 1
            assert all(sentence not in out for out in outputs), (note_id, sentence)
        assert len(draft["narrative"]) < len(text)
        assert _flat(text) not in outputs[1]
    assert checked, "no note in the area has a practitioner reflection to check"


def test_narrative_quotes_only_sentences_of_the_note(store: SQLiteStore) -> None:
    for note_id in _intelligence_notes(store):
        text = _flat(store.document_text(note_id) or "")
        draft = draft_isf(store, note_id, today=TODAY)
        lead, *quoted = draft["narrative"].split("\n")
        assert lead.startswith("Return home interview on ")
        body = [q for q in quoted if not q.startswith("Named in the interview")]
        for line in body:
            for piece in re.split(r'(?<=[.!?"])\s+(?=["A-Z-])', line):
                assert piece in text, (note_id, piece)


def test_draft_fields(area: Area, store: SQLiteStore) -> None:
    docs = {d["id"]: d for d in store.documents("rhi_note")}
    for note_id in _intelligence_notes(store):
        draft = draft_isf(store, note_id, today=TODAY, drafted_by="tester")
        note = docs[note_id]
        assert draft["derived_from"] == note_id == draft["draft"]["derived_from"]
        assert draft["reference"] == "DRAFT-" + Path(note_id).stem
        assert draft["draft"]["state"] == "unconfirmed"
        assert draft["draft"]["drafted_by"] == "tester"
        assert draft["child_id"] == note["child_id"]
        assert draft["date"] == TODAY.isoformat()
        assert "missing" in draft["categories"]
        day = dt.date.fromisoformat(note["date"]).strftime("%d/%m/%Y")
        assert note_id in draft["source"] and day in draft["source"]
        assert note["agency"] is None or note["agency"] in draft["source"]
        grading = draft["grading"]
        assert grading["source_evaluation"] == "B"
        assert grading["intelligence_assessment"] in ("2", "3")
        assert grading["handling_code"] in ("P", "C")
        assert (grading["handling_code"] == "C") == bool(draft["handling_conditions"])
        parse_form_json(json.loads(json.dumps(draft)))  # the §4 parser accepts it


def test_planted_adults_named_in_a_note_are_subjects(area: Area, store: SQLiteStore) -> None:
    """Where triage found a planted adult in a note (by a surface form truth.json records
    for that note), the draft lists the adult as a subject, by name or nickname."""
    rows = {r["document_id"]: r for r in triage(store)}
    checked = 0
    for pattern in area.truth["patterns"]:
        if pattern["kind"] != "adult":
            continue
        for doc, forms in pattern["occurrences"].items():
            note_id = area.store_id(doc)
            if note_id not in rows or rows[note_id]["triage"] != "intelligence_bearing":
                continue
            folded = {f.casefold() for f in forms}
            named = [r["text"] for r in rows[note_id]["reasons"]
                     if r["kind"] == "adult_of_concern" and r["text"].casefold() in folded]
            if not named:
                continue
            draft = draft_isf(store, note_id, today=TODAY)
            written = {n.casefold() for s in draft["subjects"]
                       for n in [s["name"], *s["nickname"]]}
            assert {n.casefold() for n in named} & written, (note_id, named)
            checked += 1
    assert checked


def test_subject_identifiers_come_from_the_graph(store: SQLiteStore) -> None:
    """Every identifier a subject carries is linked to that person by some document, and
    at least one came from a document other than the note being drafted."""
    links = [link for link in store.links() if link["type"] in ("USES", "LIVES_AT")]
    labels = {e["id"]: e["label"] for e in store.entities()}
    from_elsewhere = 0
    for note_id in _intelligence_notes(store):
        draft = draft_isf(store, note_id, today=TODAY)
        for subject in draft["subjects"]:
            sources = draft["draft"]["identifier_sources"][subject["name"]]
            for key in ("phone", "vehicle", "online_handle", "address"):
                if subject[key]:
                    documents = sources[subject[key]]
                    assert documents
                    assert any(labels.get(link["target_id"]) == subject[key]
                               or link["target_id"].split(":", 1)[1] in subject[key]
                               for link in links if link["document_id"] in documents)
                    from_elsewhere += any(d != note_id for d in documents)
    assert from_elsewhere


def _round_trip(writable: SQLiteStore, path: Path, note_id: str) -> None:
    outcome = confirm_draft(writable, path, user="amanda", at=AT)
    assert outcome["outcome"] == "ingested"
    stored = next(d for d in writable.documents("intel_form") if d["id"] == path.name)
    fields = stored["fields"]
    assert fields["derived_from"] == note_id
    assert fields["draft_state"] == f"confirmed by amanda at {AT}"
    assert fields["confirmed_by"] == "amanda" and fields["confirmed_at"] == AT
    assert fields["reference"] == "ISF-" + Path(note_id).stem
    source = read(path)
    form = parse_form_json(source.data) if source.data else parse_form_text(source.text)
    links = [link for link in writable.links() if link["document_id"] == path.name]
    mentions = writable.document_mentions([path.name])
    assert form.subjects
    for subject in form.subjects:
        person = "Person:" + name_type.clean(subject.name)
        assert any(m["entity_id"] == person and m["role"] == "ADULT_OF_CONCERN"
                   for m in mentions), subject.name
        for prefix, key in (("Phone:", subject.phone_key), ("Vehicle:", subject.vehicle_key),
                            ("OnlineAccount:", subject.handle_key)):
            if key:
                assert any(link["type"] == "USES" and link["source_id"] == person
                           and link["target_id"] == prefix + key for link in links)
    again = confirm_draft(writable, path, user="someone.else", at="2026-04-02T10:00:00+00:00")
    assert again["outcome"] == "unchanged"
    assert again["draft_state"] == f"confirmed by amanda at {AT}"


@pytest.mark.parametrize("suffix", [".json", ".docx", ".txt"])
def test_a_drafted_form_round_trips_through_confirm(store: SQLiteStore, writable: SQLiteStore,
                                                   tmp_path: Path, suffix: str) -> None:
    note_id = next(n for n in _intelligence_notes(store)
                   if draft_isf(store, n, today=TODAY)["subjects"])
    draft = draft_isf(writable, note_id, today=TODAY)
    path = write_draft(draft, tmp_path / f"isf_{Path(note_id).stem}{suffix}")
    _round_trip(writable, path, note_id)


def test_confirm_refuses_what_is_not_a_draft(area: Area, store: SQLiteStore,
                                             writable: SQLiteStore, tmp_path: Path) -> None:
    form = next(area.folder.glob("forms/isf_*.txt"))
    with pytest.raises(ReadError, match="not a draft"):
        confirm_draft(writable, form, user="amanda", at=AT)
    note_id = next(n for n in _intelligence_notes(store) if n.endswith((".txt", ".docx")))
    draft = draft_isf(store, note_id, today=TODAY)
    path = write_draft(draft, tmp_path / "d.json")
    with pytest.raises(InvalidValue):
        confirm_draft(writable, path, user="  ", at=AT)
    clash = write_draft(draft, tmp_path / "clash" / note_id)  # named like the note itself
    with pytest.raises(ReadError, match="already stored"):
        confirm_draft(writable, clash, user="amanda", at=AT)
    assert next(d for d in writable.documents() if d["id"] == note_id)["kind"] == "rhi_note"
    assert not any(d["id"] == "d.json" for d in writable.documents())


def test_drafting_an_unknown_document_is_a_clear_error(store: SQLiteStore) -> None:
    with pytest.raises(InvalidValue, match="no RHI note"):
        draft_isf(store, "no_such_note.txt", today=TODAY)
