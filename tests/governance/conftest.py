"""A small graph with every case the policy distinguishes, in a real SQLite store.

- FLAT: three children (C-1001 and C-1002 by RHI notes, C-1003 by a B2P form): a hotspot
  every role sees.
- PARK: C-1002 (note), C-1004 (a handling code C form), C-1005 (a C3P form, unreliable):
  three children for an analyst, one for a partner (so suppressed).
- HIDDEN: only in the handling code C form.
- LARKFIELD: a placement address two children went missing from.
- DEANO: an adult of concern named in a note and a form.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

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
from rhigraph.governance import Governance

FLAT = EntityRecord("Location", "18 mossfield court", "18 Mossfield Court",
                    {"postcode": "BL1 2RF"})
PARK = EntityRecord("Location", "queens park", "Queens Park")
HIDDEN = EntityRecord("Location", "7 hidden row", "7 Hidden Row")
LARKFIELD = EntityRecord("Location", "larkfield house", "Larkfield House")
DEANO = EntityRecord("Person", "deano", "Deano", {"role": "ADULT_OF_CONCERN"})

NAMES = {"C-1001": "Kayla Brennan", "C-1002": "Tyler Mason", "C-1003": "Millie Ward",
         "C-1004": "Jade Turner", "C-1005": "Chloe Dunn"}

#: Words of the whole note that no snippet, partner view, audit entry or log may contain.
NOTE_SECRET = "She said she was frightened of going back because of what happened at night."
SECTION_SECRET = "Practitioner reflection: worried about grooming by older males."

NOTE_N1 = ("Kayla said she stayed at 18 Mossfield Court with Deano on Saturday. "
           "She was given vodka there.\n\n" + NOTE_SECRET + "\n")
NOTE_N2 = "Tyler was at 18 Mossfield Court and later at Queens Park with friends.\n"
FORM_F1 = "Millie was seen at 18 Mossfield Court getting into a car driven by Deano.\n"
FORM_FC = "Jade is taken to 7 Hidden Row and met at Queens Park by older males.\n"
FORM_LOW = "Rumour that Chloe hangs around Queens Park late at night.\n"


def document_batch(doc_id: str, kind: str, child_id: str, text: str,
                   facts: list[tuple[str, EntityRecord, str]], *,
                   grading: Grading | None = None, date: str = "2026-01-05",
                   fields: dict[str, object] | None = None,
                   indicators: tuple[tuple[str, str, bool], ...] = ()) -> Batch:
    """A note or form about ``child_id``; each fact is (relation, entity, words in text),
    each indicator (code, words in text, negated)."""
    document = DocumentRecord(doc_id, kind, f"hash-{doc_id}", child_id=child_id, date=date,
                              submitted_by="Gemma Kershaw", agency="Bolton MFH",
                              grading=grading or Grading(), text=text,
                              fields=fields or {"child_name": NAMES[child_id],
                                                "child_id": child_id})
    doc_entity = EntityRecord("Document", doc_id, doc_id, {"kind": kind})
    child = EntityRecord("Child", child_id, NAMES[child_id],
                         {"child_id": child_id, "name": NAMES[child_id]})
    entities = [doc_entity, child]
    mentions: list[MentionRecord] = []
    links = [LinkRecord("MENTIONED_IN", child.id, doc_entity.id, child_id)]
    for relation, entity, words in facts:
        start = text.index(words)
        end = start + len(words)
        if entity not in entities:
            entities.append(entity)
            mentions.append(MentionRecord(entity.id, words, start, end))
            links.append(LinkRecord("MENTIONED_IN", entity.id, doc_entity.id, child_id,
                                    start, end))
        links.append(LinkRecord(relation, child.id, entity.id, child_id, start, end))
    found = [IndicatorRecord(code, words, text.index(words), text.index(words) + len(words),
                             negated, child_id) for code, words, negated in indicators]
    return Batch(document, entities, mentions, links, found)


def episodes_batch() -> Batch:
    """Two children who went missing from their placement (Larkfield House)."""
    document = DocumentRecord("episodes.csv", "episodes", "hash-episodes", date="2026-01-02")
    doc_entity = EntityRecord("Document", "episodes.csv", "episodes.csv", {"kind": "episodes"})
    entities, links = [doc_entity, LARKFIELD], []
    for child_id, episode_id in (("C-1001", "MP-1"), ("C-1002", "MP-2")):
        child = EntityRecord("Child", child_id, NAMES[child_id], {"name": NAMES[child_id]})
        episode = EntityRecord("Episode", episode_id, episode_id, {"child_id": child_id})
        entities += [child, episode]
        links += [LinkRecord("MISSING_EPISODE", child.id, episode.id, child_id),
                  LinkRecord("MISSING_FROM", episode.id, LARKFIELD.id, child_id),
                  LinkRecord("PLACED_AT", child.id, LARKFIELD.id, child_id)]
    return Batch(document, entities, [], links)


BATCHES = (
    document_batch("n1", "rhi_note", "C-1001", NOTE_N1,
                   [("AT", FLAT, "18 Mossfield Court"), ("WITH", DEANO, "Deano")],
                   fields={"child_name": NAMES["C-1001"], "child_id": "C-1001",
                           "interviewer": "Gemma Kershaw", "reflection": SECTION_SECRET},
                   indicators=(("CSE", "with Deano", False), ("ALCOHOL", "given vodka", False))),
    document_batch("n2", "rhi_note", "C-1002", NOTE_N2,
                   [("AT", FLAT, "18 Mossfield Court"), ("AT", PARK, "Queens Park")],
                   indicators=(("DRUGS", "with friends", True),)),
    document_batch("f1", "intel_form", "C-1003", FORM_F1,
                   [("AT", FLAT, "18 Mossfield Court"), ("TRANSPORTED_BY", DEANO, "Deano")],
                   grading=Grading("B", "2", "P"), date="2026-01-20",
                   indicators=(("CSE", "getting into a car", False),
                               ("DRUGS", "driven by Deano", False))),
    document_batch("fc", "intel_form", "C-1004", FORM_FC,
                   [("AT", HIDDEN, "7 Hidden Row"), ("AT", PARK, "Queens Park")],
                   grading=Grading("B", "2", "C"), date="2026-01-21",
                   indicators=(("CSE", "met at Queens Park by older males", False),)),
    document_batch("flow", "intel_form", "C-1005", FORM_LOW,
                   [("AT", PARK, "Queens Park")], grading=Grading("C", "3", "P"),
                   date="2026-01-22"),
    episodes_batch(),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A real SQLite store file holding :data:`BATCHES`."""
    opened = SQLiteStore(tmp_path / "rhigraph.db")
    for batch in BATCHES:
        opened.write(batch)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def governance(tmp_path: Path) -> Iterator[Governance]:
    """A fresh governance file beside the store."""
    opened = Governance.beside(tmp_path / "rhigraph.db")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(autouse=True)
def _no_configured_governance_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests place their own governance file; a developer's setting must not leak in."""
    monkeypatch.delenv("RHIGRAPH_GOVERNANCE_DB", raising=False)


@pytest.fixture
def world() -> SimpleNamespace:
    """The constants above, for test modules (which cannot import conftest)."""
    return SimpleNamespace(FLAT=FLAT, PARK=PARK, HIDDEN=HIDDEN, LARKFIELD=LARKFIELD,
                           DEANO=DEANO, NAMES=NAMES, NOTE_SECRET=NOTE_SECRET,
                           SECTION_SECRET=SECTION_SECRET, NOTE_N1=NOTE_N1, BATCHES=BATCHES,
                           document_batch=document_batch)
