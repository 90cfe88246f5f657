"""A draft form on paper: DOCX (python-docx), JSON (the §4 shape) or plain text, by extension.

The DOCX and text layouts are the labelled layout of the sample forms
(``shared/samples/isf_BOL-2026-0014.txt``): a title, ``Label: value`` header lines, the
numbered subjects, then headed sections, so ``rhigraph ingest`` and ``confirm-isf`` read the
file back with the ordinary form parser. The draft's reviewer notes (triage and grading
reasons, identifier sources) stay in the JSON ``draft`` block and on the terminal; the paper
form carries only the form.

Values are written as text, never interpreted: a name such as ``<script>`` or
``=HYPERLINK(...)`` appears in Word exactly as written (python-docx escapes it; Word does not
evaluate it). Only characters XML cannot hold (control characters) are dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from graph.exc import InvalidValue

SUFFIXES = (".docx", ".json", ".txt")
TITLE = "INFORMATION SHARING FORM - DRAFT"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SUBJECT_FIELDS = (("Name", "name"), ("DOB", "dob"), ("Address", "address"),
                   ("Phone", "phone"), ("Vehicle", "vehicle"), ("Nickname(s)", "nickname"),
                   ("Online handle", "online_handle"),
                   ("Identifying features", "identifying_features"),
                   ("Other identifiers", "other_identifiers"))

Line = tuple[str, str, str]  # (kind, label or text, value); kind: title|field|heading|para|blank


def write_draft(draft: dict[str, Any], path: Path) -> Path:
    """Write ``draft`` to ``path`` in the format its extension names."""
    data = to_bytes(draft, path.suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def to_bytes(draft: dict[str, Any], suffix: str) -> bytes:
    """The draft as the bytes of a ``.docx``, ``.json`` or ``.txt`` file (for a download
    button as much as for a file)."""
    suffix = suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidValue(f"draft-isf writes {', '.join(SUFFIXES)} files, not {suffix!r}")
    if suffix == ".json":
        return (json.dumps(draft, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if suffix == ".txt":
        return as_text(draft).encode("utf-8")
    return docx_bytes(draft)


def lines(draft: dict[str, Any]) -> list[Line]:
    """The form as labelled lines, in the order the sample forms print them."""
    grading = draft.get("grading") or {}
    out: list[Line] = [
        ("title", TITLE, ""),
        ("field", "Draft state", f"{draft['draft']['state']} - not submitted until a person "
                                 "confirms it (rhigraph confirm-isf)"),
        ("field", "Derived from", draft.get("derived_from") or ""),
        ("field", "Reference", draft.get("reference") or ""),
        ("field", "Submitted by", draft.get("submitted_by") or ""),
        ("field", "Agency", draft.get("agency") or ""),
        ("field", "Date", _day(draft.get("date"))),
        ("field", "Child ID (if known)", draft.get("child_id") or "not known"),
        ("field", "Categories", ", ".join(draft.get("categories") or [])),
        ("blank", "", ""), ("heading", "SUBJECT(S) OF CONCERN", ""),
    ]
    for number, subject in enumerate(draft.get("subjects") or [], 1):
        for index, (label, key) in enumerate(_SUBJECT_FIELDS):
            out.append(("field", f"{number}. {label}" if index == 0 else f"   {label}",
                        _value(subject.get(key), quote=key == "nickname")))
    if not draft.get("subjects"):
        out.append(("para", "None identified.", ""))
    for heading, key in (("NARRATIVE", "narrative"), ("SOURCE OF INFORMATION", "source")):
        out += [("blank", "", ""), ("heading", heading, "")]
        out += [("para", p, "") for p in (draft.get(key) or "not known").split("\n")]
    out.append(("field", "Third party", draft.get("third_party") or "not known"))
    for heading, key in (("COERCION OR CONTROL", "coercion_control"),
                         ("PAYMENTS / TRANSACTIONS", "payments")):
        out += [("blank", "", ""), ("heading", heading, ""),
                ("para", draft.get(key) or "not known", "")]
    out += [("blank", "", ""), ("heading", "GRADING (3x5x2)", ""),
            ("field", "Source evaluation", grading.get("source_evaluation") or ""),
            ("field", "Intelligence assessment", grading.get("intelligence_assessment") or ""),
            ("field", "Handling code", grading.get("handling_code") or "")]
    if draft.get("handling_conditions"):
        out.append(("field", "Handling conditions", draft["handling_conditions"]))
    return out


def as_text(draft: dict[str, Any]) -> str:
    """The labelled layout as plain text."""
    rendered = []
    for kind, first, value in lines(draft):
        rendered.append(f"{first}: {value}" if kind == "field" else first)
    return _xml_safe("\n".join(rendered)) + "\n"


def docx_bytes(draft: dict[str, Any]) -> bytes:
    """The labelled layout in Word: bold title and headings, ``Label: value`` paragraphs
    with the label in bold (read back by the DOCX reader as the same lines)."""
    import docx

    word = docx.Document()
    word.core_properties.title = _xml_safe(draft.get("reference") or "")
    word.core_properties.author = "rhigraph draft-isf"
    for kind, first, value in lines(draft):
        if kind == "blank":
            continue
        paragraph = word.add_paragraph()
        if kind == "field":
            paragraph.add_run(_xml_safe(f"{first}: ")).bold = True
            paragraph.add_run(_xml_safe(value))
        else:
            paragraph.add_run(_xml_safe(first)).bold = kind in ("title", "heading")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _value(value: Any, *, quote: bool = False) -> str:
    if value in (None, "", []):
        return "not known"
    if isinstance(value, list):
        return ", ".join(f'"{v}"' if quote else str(v) for v in value)
    return str(value)


def _day(value: str | None) -> str:
    try:
        return dt.date.fromisoformat(value or "").strftime("%d/%m/%Y")
    except ValueError:
        return value or ""


def _xml_safe(value: str) -> str:
    return _NOT_XML.sub("", value)
