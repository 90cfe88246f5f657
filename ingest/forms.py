"""Information-sharing forms (FORMATS.md section 4) as records, from text or from JSON.

Partnerships' forms differ in wording ("Ref" / "Police ref (added on receipt)", "SUBJECT" /
"PERSON(S) OF CONCERN", "Grading: B / 3 / C" / three graded lines) but carry the same
fields. Both :func:`parse_form_text` and :func:`parse_form_json` build the raw values into a
record through one function, so a form gives the same :class:`FormRecord` whichever way it
arrived (only ``sections``, spans into text, and ``other``, unmapped labels, differ).

Values stay as written, with these exceptions, each so that one fact has one form:
the form date and a subject's date of birth become ISO dates; "not known", "none" and the
like become ``None``; categories become CSE, CCE, gangs, missing, drugs; the child id is the
reference alone ("C-1002 (Tyler HODGSON, Year 11)" -> "C-1002"). A subject's phone, plate
and handle are also offered as resolution keys (``phone_key`` etc.) when they are valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.exc import InvalidValue, ReadError
from graph.provenance import Grading
from graph.types import handle, phone, vrm
from graph.types import name as names
from ingest.readers.layout import (
    Label,
    clean,
    find_datetime,
    heading_key,
    is_placeholder,
    labels_in,
    snake,
    split_lines,
)

CATEGORIES = ("CSE", "CCE", "gangs", "missing", "drugs")
#: The indicator code (FORMATS.md section 5) each category raises; "missing" raises none.
CATEGORY_INDICATORS = {"CSE": "CSE", "CCE": "CCE", "gangs": "GANGS", "drugs": "DRUGS"}
_CATEGORY_ALIASES = {
    "cse": "CSE", "child sexual exploitation": "CSE", "sexual exploitation": "CSE",
    "cce": "CCE", "criminal exploitation": "CCE", "child criminal exploitation": "CCE",
    "county lines": "CCE", "county line": "CCE", "gangs": "gangs", "gang": "gangs",
    "gang affiliation": "gangs", "gang association": "gangs", "missing": "missing",
    "missing from home": "missing", "missing from care": "missing", "mfh": "missing",
    "drugs": "drugs", "drug": "drugs", "substance misuse": "drugs", "drug use": "drugs",
}

FORM_LABELS: dict[str, str] = {
    **dict.fromkeys(["ref", "reference", "police ref", "form ref", "isf ref", "our ref",
                     "reference number", "ref no", "isf reference", "form reference",
                     "intelligence ref"], "reference"),
    **dict.fromkeys(["submitted by", "completed by", "name of referrer", "referrer",
                     "reported by", "author", "submitted by / role", "name and role"],
                    "submitted_by"),
    **dict.fromkeys(["agency", "organisation", "organization", "agency / organisation",
                     "service", "submitting agency"], "agency"),
    **dict.fromkeys(["date", "date submitted", "date of submission", "date of report",
                     "submitted on", "date of form"], "date"),
    **dict.fromkeys(["child id", "child ref", "child", "young person", "la ref",
                     "child reference", "child / young person", "child id / ref"], "child_id"),
    **dict.fromkeys(["categories", "category", "concerns", "type of concern",
                     "exploitation type", "concern type", "concern categories"], "categories"),
    **dict.fromkeys(["third party", "is this third party", "third party information",
                     "hearsay", "third party / hearsay"], "third_party"),
    **dict.fromkeys(["source", "source of information", "source of the information",
                     "information source"], "source"),
    **dict.fromkeys(["coercion or control", "coercion / control", "coercion",
                     "coercion and control", "control"], "coercion_control"),
    **dict.fromkeys(["payments or transactions", "payments / transactions", "payments",
                     "transactions", "payments or other transactions", "payments and transactions"],
                    "payments"),
    **dict.fromkeys(["narrative", "information", "details", "intelligence", "summary",
                     "details of concern"], "narrative"),
    **dict.fromkeys(["grading", "grade", "3x5x2", "5x5x5", "intelligence grading",
                     "grading 3x5x2", "grading 5x5x5"], "grading"),
    **dict.fromkeys(["source evaluation", "source grading", "source eval"], "source_evaluation"),
    **dict.fromkeys(["intelligence assessment", "intel assessment", "information assessment",
                     "intelligence evaluation", "information / intelligence assessment"],
                    "intelligence_assessment"),
    **dict.fromkeys(["handling code", "handling"], "handling_code"),
}
SUBJECT_LABELS: dict[str, str] = {
    **dict.fromkeys(["name", "full name", "subject name", "names"], "name"),
    **dict.fromkeys(["dob", "date of birth"], "dob"),
    **dict.fromkeys(["age", "approx age", "approximate age", "age / dob"], "age"),
    **dict.fromkeys(["address", "addresses", "known address", "location", "address / location"],
                    "address"),
    **dict.fromkeys(["phone", "phone number", "phone numbers", "telephone", "mobile", "tel",
                     "mobile number"], "phone"),
    **dict.fromkeys(["vehicle", "vehicles", "car", "vrm", "vehicle details"], "vehicle"),
    **dict.fromkeys(["nickname", "nicknames", "alias", "aliases", "aka", "street name",
                     "known as"], "nicknames"),
    **dict.fromkeys(["online handle", "online", "social media", "handle", "online handles",
                     "username", "snapchat", "instagram"], "online_handle"),
    **dict.fromkeys(["identifying features", "description", "features",
                     "distinguishing features", "appearance", "physical description"],
                    "features"),
}
SECTION_HEADINGS: dict[str, str] = {
    **dict.fromkeys(["narrative", "details", "information", "intelligence",
                     "details of concern"], "narrative"),
    **dict.fromkeys(["source", "source of information", "source of the information"],
                    "source"),
    **dict.fromkeys(["coercion or control", "coercion / control", "coercion and control"],
                    "coercion_control"),
    **dict.fromkeys(["payments / transactions", "payments or transactions", "payments",
                     "payments and transactions"], "payments"),
    **dict.fromkeys(["grading", "intelligence grading", "evaluation"], "grading"),
    **dict.fromkeys(["subject", "subjects", "subject of concern", "subjects of concern",
                     "person of concern", "persons of concern", "people of concern",
                     "nominal", "nominals", "perpetrator", "perpetrators",
                     "alleged perpetrator"], "subjects"),
}
_FREE_TEXT = ("narrative", "source", "coercion_control", "payments")
_GRADE_PARTS = ("source_evaluation", "intelligence_assessment", "handling_code")
#: Labels that end a free-text block: the form has moved on to its next field.
_TERMINATORS = frozenset(["source", "third_party", "coercion_control", "payments", "grading",
                          *_GRADE_PARTS, "narrative"])
#: Labels that may follow a value after a single space (in a PDF's narrowed text layer).
_SPLITTING = frozenset(k for k in (*FORM_LABELS, *SUBJECT_LABELS)
                       if " " in k or k in ("agency", "dob", "date", "phone", "vehicle"))
_COMPACT_GRADE = re.compile(
    r"^\s*(?P<s>[A-Ea-eXx])\s*[/\-,.]?\s*(?P<a>[1-5])\s*[/\-,.]?\s*(?P<h>[PpCc1-5])"
    r"(?![A-Za-z0-9])\s*(?:[-\u2013:;,(]\s*)?(?P<rest>.*?)\)?\s*$"
)
_MIDLINE_THIRD_PARTY = re.compile(r"(?<=[.;])\s+third[\s-]party\s*:\s*", re.IGNORECASE)
_LEADING_ID = re.compile(r"([A-Za-z0-9][A-Za-z0-9/\-]*\d[A-Za-z0-9]*)\b(?=[\s,(;\-]|$)")


@dataclass
class Subject:
    """A person of concern as the form describes them."""

    name: str | None = None
    dob: str | None = None
    address: str | None = None
    phone: str | None = None
    vehicle: str | None = None
    nicknames: list[str] = field(default_factory=list)
    online_handle: str | None = None
    features: str | None = None
    age: str | None = None
    phone_key: str | None = None
    vehicle_key: str | None = None
    handle_key: str | None = None
    handle_platform: str | None = None
    other: dict[str, str] = field(default_factory=dict)


@dataclass
class FormRecord:
    """An information-sharing form's fields; free text kept as written."""

    reference: str | None = None
    submitted_by: str | None = None
    agency: str | None = None
    date: str | None = None
    child_id: str | None = None
    categories: list[str] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    narrative: str | None = None
    source: str | None = None
    third_party: bool | None = None
    third_party_text: str | None = None
    coercion_control: str | None = None
    payments: str | None = None
    grading: Grading = field(default_factory=Grading)
    handling_conditions: str | None = None
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)
    other: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def parse_form_text(text: str, *, path: str = "") -> FormRecord:
    """Map a form's text (typed, Word or PDF) onto a :class:`FormRecord`."""
    if not text or not text.strip():
        raise ReadError(path, "empty form: no text")
    walker = _FormWalker(text)
    walker.walk()
    raw = walker.fields
    grading = raw.pop("grading", None)
    parts = {k: raw.pop(k) for k in _GRADE_PARTS if k in raw}
    record = _build(raw, walker.subjects, path=path)
    record.sections = walker.sections
    record.other.update(walker.other)
    record.grading, record.handling_conditions = _grading(
        grading, parts, legacy=walker.legacy, path=path)
    return record


def parse_form_json(data: dict[str, Any], *, path: str = "") -> FormRecord:
    """Map a form in JSON (FORMATS.md section 4, ``isf_BOL-2026-0014.json``)."""
    if not isinstance(data, dict):
        raise ReadError(path, "expected a JSON object for an information sharing form")
    raw: dict[str, str] = {}
    other: dict[str, str] = {}
    subjects: list[dict[str, Any]] = []
    grading: Any = None
    for key, value in data.items():
        name = snake(str(key))
        if name in ("form", "form_type", "kind", "type"):
            continue
        if name == "subjects":
            if not isinstance(value, list) or not all(isinstance(s, dict) for s in value):
                raise ReadError(path, "expected a list of objects", where="field subjects")
            subjects = value
        elif name == "grading":
            grading = value
        elif name == "categories" and isinstance(value, list):
            raw["categories"] = ", ".join(str(v) for v in value)
        elif name == "third_party" and isinstance(value, bool):
            raw["third_party"] = "yes" if value else "no"
        elif name in FORM_LABELS.values() or name in _GRADE_PARTS:
            if value is not None and not isinstance(value, (str, int, float)):
                raise ReadError(path, "expected text", where=f"field {name}")
            if value is not None:
                raw[name] = str(value)
        elif value is not None:
            other[name] = str(value)
    parts = {k: raw.pop(k) for k in _GRADE_PARTS if k in raw}
    legacy = False
    if isinstance(grading, dict):
        legacy = "5x5x5" in str(grading.get("model", "")) or bool(grading.get("legacy"))
        parts.update({k: str(grading[k]) for k in _GRADE_PARTS if grading.get(k) is not None})
        grading = None
    elif grading is not None and not isinstance(grading, str):
        raise ReadError(path, "expected an object or text", where="field grading")
    record = _build(raw, [_json_subject(s, path, i) for i, s in enumerate(subjects, 1)],
                    path=path)
    record.other.update(other)
    record.grading, record.handling_conditions = _grading(grading, parts, legacy=legacy,
                                                          path=path)
    return record


def _json_subject(data: dict[str, Any], path: str, number: int) -> dict[str, str]:
    subject: dict[str, str] = {}
    for key, value in data.items():
        name = snake(str(key))
        target = SUBJECT_LABELS.get(name.replace("_", " "), name)
        if name in ("nickname", "nicknames", "aliases") and isinstance(value, list):
            subject["nicknames"] = ", ".join(f'"{v}"' for v in value)
        elif name == "identifying_features":
            subject["features"] = "" if value is None else str(value)
        elif value is None:
            continue
        elif isinstance(value, (str, int, float)):
            subject[target] = str(value)
        else:
            raise ReadError(path, "expected text", where=f"subject {number}, field {name}")
    return subject


def _build(raw: dict[str, str], subjects: list[dict[str, str]], *, path: str) -> FormRecord:
    """Type the raw values; the one place both input styles meet."""
    record = FormRecord()
    for name in ("reference", "submitted_by", "agency"):
        setattr(record, name, clean(raw.pop(name, None)))
    for name in ("narrative", "source", "coercion_control", "payments"):
        value = (raw.pop(name, None) or "").strip()
        setattr(record, name, None if is_placeholder(value) else value)
    date = clean(raw.pop("date", None))
    if date:
        found = find_datetime(date)
        if found and found.iso:
            record.date = found.iso[:10]
        else:
            record.other["date_raw"] = date
            record.warnings.append("date: not a date; kept as written in other['date_raw']")
    child = clean(raw.pop("child_id", None))
    if child and not is_placeholder(child):
        match = _LEADING_ID.match(child)
        record.child_id = match.group(1) if match else child
    record.categories, unknown = canonical_categories(raw.pop("categories", ""))
    if unknown:
        record.other["categories_unrecognised"] = ", ".join(unknown)
    third = clean(raw.pop("third_party", None))
    if third:
        record.third_party_text = third.rstrip(".")
        record.third_party = third_party_flag(third)
    record.other.update({k: v for k, v in raw.items() if clean(v)})
    record.subjects = [_subject(s) for s in subjects if any(clean(v) for v in s.values())]
    return record


def canonical_categories(value: str) -> tuple[list[str], list[str]]:
    """Canonical categories in order written, and those not recognised.

    >>> canonical_categories("CSE; county lines, Drugs and gangs")
    (['CSE', 'CCE', 'drugs', 'gangs'], [])
    """
    found: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,;/|]|\band\b|\n", value or "", flags=re.IGNORECASE):
        folded = " ".join(re.sub(r"[^a-z ]", " ", part.casefold()).split())
        if not folded:
            continue
        category = _CATEGORY_ALIASES.get(folded)
        if category and category not in found:
            found.append(category)
        elif not category:
            unknown.append(part.strip())
    return found, unknown


def third_party_flag(value: str) -> bool | None:
    """True when any of the information is third party (hearsay), False when none is.

    >>> third_party_flag("No for the car; yes for the information about Ash")
    True
    >>> third_party_flag("partly - the tenancy information"), third_party_flag("No")
    (True, False)
    """
    folded = value.casefold()
    if re.match(r"\s*(?:not known|unknown|n/?k)\b", folded):
        return None
    if re.search(r"\b(?:yes|partly|partially|some|mixed|true)\b", folded):
        return True
    if re.match(r"\s*(?:no|none|false|n)\b", folded):
        return False
    return None


def _subject(raw: dict[str, str]) -> Subject:
    subject = Subject()
    for name, value in raw.items():
        value = clean(value) or ""
        if name == "nicknames":
            subject.nicknames = [] if is_placeholder(value) else split_nicknames(value)
        elif name in ("name", "address", "phone", "vehicle", "online_handle", "features", "age",
                      "dob"):
            setattr(subject, name, None if is_placeholder(value) else value)
        elif value:
            subject.other[name] = value
    if subject.name:
        _split_name(subject)
    if subject.dob:
        found = find_datetime(subject.dob)
        if found and found.iso and found.start == 0:
            subject.dob = found.iso[:10]
    subject.phone_key = _phone_key(subject.phone)
    subject.vehicle_key = _vehicle_key(subject.vehicle)
    if subject.online_handle:
        subject.handle_key, subject.handle_platform = _handle(subject.online_handle)
    return subject


def _split_name(subject: Subject) -> None:
    """Name, nicknames and remarks from the name field ('"Zee" (real name not known)').

    The field as written stays in ``other["name_written"]`` when it was more than a name.
    """
    assert subject.name is not None
    written = names.parse_written(subject.name)
    if written.name != subject.name:
        subject.other["name_written"] = subject.name
    subject.name = written.name
    known = {tuple(names.tokens(n)) for n in subject.nicknames}
    subject.nicknames += [a for a in written.aliases if tuple(names.tokens(a)) not in known]
    if written.remarks:
        subject.other["name_remarks"] = written.remarks


def split_nicknames(value: str) -> list[str]:
    """``'"Deano", "Ash"'`` -> ``['Deano', 'Ash']``; unquoted lists split on commas."""
    found = names.quoted(value)
    if not found:
        found = re.split(r"[,;/]|\s+or\s+|\s+and\s+", value)
    return [n.strip(" '") for n in found if n.strip(" '")]


def _phone_key(value: str | None) -> str | None:
    if not value:
        return None
    for candidate in [m.group(0) for m in phone.IN_TEXT.finditer(value)] or [value]:
        try:
            return phone.clean(candidate)
        except InvalidValue:
            continue
    return None


def _vehicle_key(value: str | None) -> str | None:
    if not value:
        return None
    candidates = [m.group(0) for m in vrm.IN_TEXT.finditer(value)]
    for candidate in candidates or [value]:
        try:
            return vrm.clean(candidate, allow_partial=not candidates)
        except InvalidValue:
            continue
    return None


def _handle(value: str) -> tuple[str | None, str | None]:
    for candidate in (value, value.split()[0] if value.split() else value):
        try:
            key, platform = handle.split(candidate)
        except InvalidValue:
            continue
        if platform is None:
            named = re.search(r"\b(?:on|via)\s+(\w+)", value, re.IGNORECASE)
            platform = handle.PLATFORMS.get(named.group(1).lower()) if named else None
        return key, platform
    return None, None


def _grading(compact: str | None, parts: dict[str, str], *, legacy: bool, path: str
             ) -> tuple[Grading, str | None]:
    """Grading from three labelled parts or a compact "B2P" / "B / 3 / C - conditions"."""
    conditions = None
    values = {k: (clean(v) or "") for k, v in parts.items()}
    if compact and not is_placeholder(compact):
        match = _COMPACT_GRADE.match(compact)
        if not match:
            raise ReadError(path, "grading not understood: expected e.g. B2P or B / 2 / P "
                                  "(3x5x2), or B/2/4 (5x5x5)", where="grading")
        values = {"source_evaluation": match.group("s"),
                  "intelligence_assessment": match.group("a"),
                  "handling_code": match.group("h"), **values}
        conditions = clean(match.group("rest"))
    code = values.get("handling_code", "").strip()[:1]
    legacy = legacy or code.isdigit() or values.get("source_evaluation", "")[:1].upper() in "DEX"
    try:
        grading = Grading.parse(values.get("source_evaluation"),
                                values.get("intelligence_assessment"),
                                values.get("handling_code"), legacy=legacy)
    except InvalidValue as err:
        raise ReadError(path, f"grading: {err}", where="grading") from None
    return grading, conditions


class _FormWalker:
    """One pass over a form's lines, collecting raw fields, subjects and section spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.fields: dict[str, str] = {}
        self.subjects: list[dict[str, str]] = []
        self.sections: dict[str, tuple[int, int]] = {}
        self.other: dict[str, str] = {}
        self.legacy = False  # set by a "5x5x5" label or heading, not by prose mentioning it
        self.region = "header"  # header | subjects | section | grading
        self.section: str | None = None
        self.inline = False
        self.span: list[int] | None = None
        self.subjects_span: list[int] | None = None

    def walk(self) -> None:
        for line in split_lines(self.text):
            if line.blank:
                if self.inline:
                    self._close()
                continue
            key = heading_key(line)
            if key in SECTION_HEADINGS:
                self._close()
                name = SECTION_HEADINGS[key]
                self.legacy = self.legacy or (name == "grading" and "5x5x5" in line.text)
                self.region = "subjects" if name == "subjects" else (
                    "grading" if name == "grading" else "section")
                self.section = name if name in _FREE_TEXT else None
                continue
            if key and ("information sharing" in key or "intelligence report" in key):
                self._close()
                self.region = "header"
                continue
            labels = labels_in(line, _SPLITTING)
            first = labels[0] if labels else None
            form_key = FORM_LABELS.get(first.key) if first else None
            if self.region == "section" and form_key not in _TERMINATORS:
                self._extend(line.start + len(line.text) - len(line.text.lstrip()), line.end)
                continue
            if self.region == "subjects" and first and (
                    first.key in SUBJECT_LABELS or not form_key):
                self._subject_line(labels, line.start, line.end)
                continue
            if self.region == "subjects" and not first:
                self._subject_note(line.text, line.start, line.end)
                continue
            if labels:
                self._labels(labels)
        self._close()
        self._split_third_party()
        if self.subjects_span:
            self.sections["subjects"] = (self.subjects_span[0], self.subjects_span[1])

    def _labels(self, labels: list[Label]) -> None:
        for label in labels:
            name = FORM_LABELS.get(label.key)
            if name in ("grading", *_GRADE_PARTS) and "5x5x5" in label.raw:
                self.legacy = True
            if name in _FREE_TEXT:
                self._close()
                self.region, self.section, self.inline = "section", name, True
                self.span = [label.start, label.end]
            elif name:
                if self.region == "section":
                    self._close()
                if name not in self.fields:
                    self.fields[name] = label.value
                    self.sections.setdefault(name, (label.start, label.end))
            elif label.value:
                self.other.setdefault(snake(label.raw), label.value)

    def _subject_line(self, labels: list[Label], start: int, end: int) -> None:
        for index, label in enumerate(labels):
            name = SUBJECT_LABELS.get(label.key, snake(label.raw))
            current = self.subjects[-1] if self.subjects else None
            if current is None or (index == 0 and label.enumerated) or name in current:
                current = {}
                self.subjects.append(current)
            current[name] = label.value
        self._grow_subjects(start, end)

    def _subject_note(self, text: str, start: int, end: int) -> None:
        if self.subjects:
            notes = self.subjects[-1].get("notes")
            self.subjects[-1]["notes"] = f"{notes} {text.strip()}" if notes else text.strip()
            self._grow_subjects(start, end)

    def _grow_subjects(self, start: int, end: int) -> None:
        if self.subjects_span is None:
            self.subjects_span = [start, end]
        self.subjects_span[1] = end

    def _extend(self, start: int, end: int) -> None:
        if self.span is None:
            self.span = [start, end]
        else:
            self.span[1] = end

    def _close(self) -> None:
        if self.section and self.span and self.section not in self.fields:
            self.sections[self.section] = (self.span[0], self.span[1])
            self.fields[self.section] = self.text[self.span[0]:self.span[1]]
        if self.region == "section":
            self.region = "header"
        self.section, self.span, self.inline = None, None, False

    def _split_third_party(self) -> None:
        """``... Sue Haworth. Third party: partly - ...`` inside the source section."""
        if "source" not in self.sections or "third_party" in self.fields:
            return
        start, end = self.sections["source"]
        match = _MIDLINE_THIRD_PARTY.search(self.text, start, end)
        if not match:
            return
        line_end = self.text.find("\n", match.end(), end)
        line_end = end if line_end < 0 else line_end
        self.fields["third_party"] = self.text[match.end():line_end]
        self.sections["third_party"] = (match.end(), line_end)
        self.sections["source"] = (start, match.start())
        self.fields["source"] = self.text[start:match.start()]
