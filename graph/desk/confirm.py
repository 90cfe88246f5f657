"""Confirming a reviewed draft: the step that makes it a submitted intelligence form.

A person reviews the draft (edits the DOCX, text or JSON as they see fit) and confirms it.
:func:`confirm_draft` then ingests the file as an ``intel_form`` through the ordinary form
mapping (``ingest.extraction.form_document``), adding to its fields the provenance that
links it back: ``derived_from`` (the note's document id), ``draft_state`` ("confirmed by U
at T"), ``confirmed_by``, ``confirmed_at``, and the reference without its ``DRAFT-`` prefix
(the draft's is kept as ``draft_reference``); a "Confirmed: ..." line is appended to the
stored text, so whoever reads the document sees it. The document keeps the file's content
hash, so a later ``rhigraph ingest`` of the same folder finds it unchanged and leaves the
confirmation alone.

Refused, with nothing written: a file that is not a form, a form with no ``Derived from`` (not
made by ``draft-isf``), a note that is not in the store, a blank user, and a file whose name
is already the id of a stored document of another kind (the note itself, say).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.desk.state import CONFIRMED, DRAFT_PREFIX, confirmed_state
from graph.exc import InvalidValue, ReadError
from graph.store import Store
from ingest.batches import extraction_batch
from ingest.classify import classify
from ingest.extraction import document_id, form_document
from ingest.forms import parse_form_text
from ingest.readers import Source, read

CONFIRMED_PREFIX = "ISF-"


def confirm_draft(store: Store, path: Path, *, user: str, at: str) -> dict[str, Any]:
    """Ingest the reviewed draft at ``path`` as confirmed by ``user`` at ``at`` (ISO).

    Returns ``document_id``, ``outcome`` (``ingested``/``updated``, or ``unchanged`` when
    this very file was confirmed before, whose confirmation then stands), ``derived_from``,
    ``draft_state``, ``reference``, ``subjects`` and ``grading``.
    """
    if not (user or "").strip():
        raise InvalidValue("confirm-isf needs the name of the person confirming (--user)")
    source = read(path)
    if classify(source) != "intel_form":
        raise ReadError(str(path), "not an information-sharing form")
    derived = derived_from(source)
    if not derived:
        raise ReadError(str(path), "not a draft from rhigraph draft-isf: no 'Derived from' "
                                   "naming the RHI note", where="derived_from")
    if derived not in {d["id"] for d in store.documents("rhi_note")}:
        raise ReadError(str(path), "the RHI note it was drafted from is not in the store",
                        where="derived_from")
    doc_id = document_id(path)
    stored = next((d for d in store.documents() if d["id"] == doc_id), None)
    if stored and stored["kind"] != "intel_form":
        raise ReadError(str(path), f"a {stored['kind']} is already stored under this file "
                                   "name; rename the draft")
    if stored and store.document_hash(doc_id) == source.content_hash:
        if str(stored["fields"].get("draft_state") or "").startswith(CONFIRMED):
            return _outcome(stored["fields"], doc_id, "unchanged", stored)
        store.delete_document(doc_id)  # ingested unconfirmed by other means: confirm it now
    result = form_document(source)
    fields = result["document"]["fields"]
    fields.update(derived_from=derived, draft_state=confirmed_state(user.strip(), at),
                  confirmed_by=user.strip(), confirmed_at=at)
    reference = str(fields.get("reference") or "")
    if reference.upper().startswith(DRAFT_PREFIX):
        fields["draft_reference"] = reference
        fields["reference"] = CONFIRMED_PREFIX + reference[len(DRAFT_PREFIX):]
    # Appended, so every extracted span into the text stays where it was.
    result["text"] = (result.get("text") or source.text or "").rstrip("\n") + (
        f"\n\nConfirmed: {fields['draft_state']} (rhigraph confirm-isf)\n")
    outcome = store.write(extraction_batch(source, result))
    return _outcome(fields, doc_id, outcome, {"child_id": result["document"].get("child_id")},
                    subjects=sum(1 for e in result["entities"]
                                 if e.get("role") == "ADULT_OF_CONCERN"))


def derived_from(source: Source) -> str | None:
    """The note a draft names as its origin: ``derived_from`` (or ``draft.derived_from``)
    in JSON, the ``Derived from:`` line in a DOCX or text form."""
    if isinstance(source.data, dict):
        draft = source.data.get("draft")
        value = source.data.get("derived_from") or (
            draft.get("derived_from") if isinstance(draft, dict) else None)
        return str(value).strip() or None if value else None
    if source.text:
        value = parse_form_text(source.text, path=str(source.path)).other.get("derived_from")
        return value.strip() or None if value else None
    return None


def _outcome(fields: dict[str, Any], doc_id: str, outcome: str, stored: dict[str, Any],
             subjects: int | None = None) -> dict[str, Any]:
    grading = fields.get("grading") or {}
    return {"document_id": doc_id, "outcome": outcome, "derived_from": fields.get("derived_from"),
            "draft_state": fields.get("draft_state"), "reference": fields.get("reference"),
            "child_id": stored.get("child_id"), "subjects": subjects,
            "grading": "".join(grading.get(k) or "?" for k in (
                "source_evaluation", "intelligence_assessment", "handling_code"))}
