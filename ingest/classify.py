"""What kind of record a file holds: episodes, placements, an RHI note or an intel form.

The format says how to read a file; the kind says which mapping to apply. Spreadsheets are
told apart by their headers (after any column mapping), JSON by its keys, and documents by
their title ("INFORMATION SHARING FORM", "Return Home Interview", "RHI") or, failing that,
by which labels they use. A file that gives no clear answer is an error, not a guess: a form
read as a note would put intelligence in the wrong place.
"""

from __future__ import annotations

import re

from graph.exc import ReadError
from ingest import forms, notes, tabular
from ingest.readers import Source
from ingest.readers.layout import fold_label, heading_key, labels_in, split_lines

KINDS = ("episodes", "placements", "rhi_note", "intel_form")

_FORM_TITLE = re.compile(
    r"information[\s-]+sharing|intelligence\s+(?:report|submission|form|log)"
    r"|partner(?:ship)?\s+intelligence|\bisf\b", re.IGNORECASE)
_NOTE_TITLE = re.compile(r"return\s+home\s+interview|\brhi\b", re.IGNORECASE)
_FORM_ONLY_LABELS = frozenset(
    ["source evaluation", "intelligence assessment", "handling code", "grading", "3x5x2",
     "5x5x5", "categories", "submitted by", "coercion or control", "payments or transactions",
     "third party", "subject of concern", "subjects of concern", "person of concern"])
_NOTE_ONLY_LABELS = frozenset(
    ["mp ref", "reported missing", "returned", "found at", "missing from", "police risk",
     "date of interview", "rhi date", "interviewer", "worker", "episode",
     *notes.SECTION_HEADINGS])
_TITLE_LINES = 4


def classify(source: Source, *, mapping: dict[str, str] | None = None) -> str:
    """Return one of :data:`KINDS` for ``source`` or raise :class:`ReadError`."""
    path = str(source.path)
    if source.rows is not None:
        headers = source.headers or list(dict.fromkeys(h for r in source.rows for h in r))
        return _by_headers(headers, mapping, path)
    if source.data is not None:
        return _by_json(source.data, mapping, path)
    if source.text is not None:
        return _by_text(source.text, path)
    raise ReadError(path, "nothing was read from the file")


def _by_headers(headers: list[str], mapping: dict[str, str] | None, path: str) -> str:
    folded_mapping = {tabular.fold_header(k): v for k, v in (mapping or {}).items()}
    columns = {folded_mapping.get(tabular.fold_header(h), tabular.fold_header(h))
               for h in headers}
    if set(tabular.EPISODE_REQUIRED) <= columns:
        return "episodes"
    if set(tabular.PLACEMENT_REQUIRED) <= columns:
        return "placements"
    labels = {fold_label(h) for h in headers}
    if len(labels & set(notes.SECTION_HEADINGS)) >= 1 and len(labels & set(notes.LABELS)) >= 2:
        return "rhi_note"
    raise ReadError(path, "cannot tell what kind of spreadsheet this is: expected episode "
                          f"columns ({', '.join(tabular.EPISODE_REQUIRED)}) or placement "
                          f"columns ({', '.join(tabular.PLACEMENT_REQUIRED)}); map other "
                          "headers with a mapping file", where="header row")


def _by_json(data: object, mapping: dict[str, str] | None, path: str) -> str:
    if isinstance(data, dict):
        keys = {fold_label(str(k)) for k in data}
        if str(data.get("form", "")).casefold().startswith(("information", "intel", "isf")) \
                or {"subjects", "grading"} & keys \
                or ({"categories", "submitted by"} <= keys):
            return "intel_form"
        raise ReadError(path, "cannot tell what kind of JSON document this is: expected an "
                              "information sharing form (subjects, grading, categories)")
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return _by_headers(list(dict.fromkeys(str(k) for item in data for k in item)),
                           mapping, path)
    raise ReadError(path, "cannot tell what kind of JSON document this is: expected an object")


def _by_text(text: str, path: str) -> str:
    lines = split_lines(text)
    title = " ".join(line.text for line in [x for x in lines if not x.blank][:_TITLE_LINES])
    form_title, note_title = _FORM_TITLE.search(title), _NOTE_TITLE.search(title)
    if form_title and (not note_title or form_title.start() < note_title.start()):
        return "intel_form"
    if note_title:
        return "rhi_note"
    form_score = note_score = 0
    for line in lines:
        keys = [label.key for label in labels_in(line)] or [heading_key(line) or ""]
        for key in keys:
            form_score += key in _FORM_ONLY_LABELS or key in forms.SECTION_HEADINGS
            note_score += key in _NOTE_ONLY_LABELS
    if max(form_score, note_score) >= 2 and form_score != note_score:
        return "intel_form" if form_score > note_score else "rhi_note"
    raise ReadError(path, "cannot tell what kind of document this is: expected a return home "
                          "interview note or an information sharing form (title or labels)")
