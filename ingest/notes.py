"""Return home interview notes as records: header fields, section spans, nil return, actions.

This is a mapping of a note's text onto a record, not a reader: the same function serves a
typed note, a Word note (tables rendered as ``Label: value``) and a PDF's text layer.

Two styles occur (FORMATS.md section 3, ``shared/samples``):

* **labelled** - ``Label: value`` header lines, possibly under block headings (CHILD,
  MISSING EPISODE), then headed sections (REASONS FOR GOING MISSING ...);
* **narrative** - a first paragraph such as ``Tyler HODGSON  C-1002  DOB 03/02/2010`` /
  ``Episode MP-2026-00004. Reported missing ... Found ... at ...`` / ``RHI 05/01/2026 11:00``
  / ``Worker: ...``, then prose with inline ``Worker view:``/``Actions:`` paragraphs.

Labels win; the first paragraph is read for whatever labels did not give. Unknown labels are
kept under their snake-cased label (``Placement:`` -> ``placement``) in labelled blocks, and
a date label whose value is not a date is kept as written under ``<field>_raw`` with a
warning, so nothing written in the header is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from graph.exc import ReadError
from graph.types import postcode
from ingest.readers.layout import (
    Label,
    Line,
    clean,
    find_datetime,
    fold_label,
    heading_key,
    labels_in,
    snake,
    split_lines,
)
from ingest.tabular import canonical_risk

SECTIONS = ("reasons", "experiences", "risk_factors", "protective_factors", "child_voice",
            "practitioner_reflection", "actions", "manager_response")
DATE_FIELDS = ("reported_missing_at", "returned_at", "interview_at")

#: Folded label -> canonical header field (FORMATS.md section 3 and variants seen in use).
LABELS: dict[str, str] = {
    **dict.fromkeys(["child", "young person", "name", "child name", "childs name",
                     "name of child", "young persons name", "yp", "yp name", "child / young person",
                     "child / young person / name", "young person / child", "full name"],
                    "child_name"),
    **dict.fromkeys(["dob", "date of birth", "birth date"], "dob"),
    **dict.fromkeys(["child ref", "id", "la ref", "child id", "child reference", "la reference",
                     "child ref / id", "child id / la ref", "child ref / id / la ref",
                     "lcs id", "lcs ref", "mosaic id", "case ref", "child number"], "child_id"),
    **dict.fromkeys(["address", "home address", "current address"], "address"),
    **dict.fromkeys(["episode", "mp ref", "episode id", "episode ref", "misper ref",
                     "police ref", "missing ref", "mp reference", "episode reference",
                     "episode / mp ref", "mp number", "misper number", "police reference"],
                    "episode_id"),
    **dict.fromkeys(["reported missing", "date reported missing", "reported", "date missing",
                     "went missing", "missing at", "reported missing at",
                     "date / time reported missing"], "reported_missing_at"),
    **dict.fromkeys(["returned", "found", "returned / found", "date returned", "date found",
                     "return date", "found / returned", "returned at", "date / time returned",
                     "date / time found", "date of return"], "returned_at"),
    **dict.fromkeys(["missing from", "location missing from"], "missing_from"),
    **dict.fromkeys(["found at", "returned to", "located at", "found location",
                     "location found", "returned from", "where found"], "found_at"),
    **dict.fromkeys(["police risk", "risk level", "police risk level", "risk grading",
                     "police risk grading", "risk category"], "police_risk"),
    **dict.fromkeys(["date of interview", "rhi date", "interview date", "date of rhi",
                     "date / rhi date", "date of interview / rhi date", "interview",
                     "date and time of interview", "rhi completed", "date rhi completed",
                     "interview date / time"], "interview_at"),
    **dict.fromkeys(["interviewer", "worker", "interviewer / worker", "completed by",
                     "rhi worker", "practitioner", "rhi completed by", "conducted by",
                     "name of worker", "name of interviewer"], "interviewer"),
    **dict.fromkeys(["agency", "organisation", "team", "service"], "agency"),
    **dict.fromkeys(["known to services", "services involved", "known to",
                     "services", "open to"], "known_to_services"),
    **dict.fromkeys(["responsible la", "home la", "placing authority", "responsible authority",
                     "placing la"], "responsible_la"),
    **dict.fromkeys(["host la", "host authority", "host local authority"], "host_la"),
}

#: Folded heading (on its own line, or as ``Heading: text``) -> canonical section.
SECTION_HEADINGS: dict[str, str] = {
    **dict.fromkeys(["reasons for going missing", "reasons", "reason for going missing",
                     "push / pull factors", "push and pull factors", "why they went missing",
                     "reasons for missing"], "reasons"),
    **dict.fromkeys(["experiences while missing", "experiences whilst missing", "experiences",
                     "what happened while missing", "what happened", "experience while missing",
                     "while missing"], "experiences"),
    **dict.fromkeys(["risk factors", "risks", "risk", "risk and protective factors",
                     "risk / protective factors", "risks and protective factors"],
                    "risk_factors"),
    **dict.fromkeys(["protective factors", "protective", "strengths",
                     "strengths / protective factors"], "protective_factors"),
    **dict.fromkeys(["childs comments", "voice of the child", "childs voice", "child comments",
                     "childs views", "young persons comments", "voice of the young person",
                     "childs comments / voice of the child", "young persons views"],
                    "child_voice"),
    **dict.fromkeys(["practitioner reflection", "reflection", "worker view", "workers view",
                     "practitioners reflection", "practitioner analysis", "analysis",
                     "workers reflection", "practitioners view", "worker reflection",
                     "assessment"], "practitioner_reflection"),
    **dict.fromkeys(["actions", "recommendations", "actions / recommendations",
                     "actions and recommendations", "next steps", "agreed actions",
                     "action plan", "actions agreed"], "actions"),
    **dict.fromkeys(["managers response", "manager response", "manager", "managers comments",
                     "management oversight", "manager comments", "managers oversight",
                     "management response"], "manager_response"),
}
#: Labels that may follow a value after a single space (multi-word, so rarely prose).
_SPLITTING = frozenset(k for k in LABELS if " " in k or k in ("agency", "dob", "id", "worker"))
#: Block headings whose lines are header labels, not free text.
BLOCK_HEADINGS = frozenset([
    "child", "child details", "young person", "young person details", "details",
    "missing episode", "episode", "episode details", "missing episode details",
    "interview details", "rhi details", "placement", "placement details", "personal details",
])
SERVICES_HEADINGS = frozenset(["services involved", "known to services", "services",
                               "agencies involved", "professionals involved"])

_NIL = re.compile(
    r"\b(?:nil[\s-]+return\b"
    r"|no\s+(?:safeguarding\s+|exploitation\s+|further\s+)?concerns?\b"
    r"(?=\s*(?:identified|raised|noted|disclosed|reported|were\s+raised)?\s*(?:[.;,\n]|$))"
    r"|did\s+not\s+disclose\s+anything\s*(?:[.;\n]|$)"
    r"|nothing\s+of\s+concern\b(?=\s*(?:was\s+)?(?:disclosed|reported|identified)?\s*[.;\n]|$))"
)  # matched against lower-cased text: case-sensitive matching is three times faster
_ORG_WORDS = re.compile(
    r"\b(?:team|service|services|mfh|council|agency|project|trust|barnardo'?s|society|"
    r"partnership|hub|unit|police|safeguarding|children'?s|care|mfht|nspcc|charity)\b",
    re.IGNORECASE,
)
_COUNCIL = re.compile(r"\s+(?:metropolitan\s+)?(?:borough\s+|city\s+|county\s+)?council$",
                      re.IGNORECASE)
_CHILD_ID = re.compile(r"(?<![\w-])([A-Z]{1,3}-\d{3,8})(?![\w-])")
_EPISODE_ID = re.compile(r"(?<![\w-])([A-Z]{2,6}-\d{4}-\d{3,7})(?![\w-])")
_DOB = re.compile(r"\b(?:dob|d\.o\.b\.?|date of birth|born)\b[:\s]*", re.IGNORECASE)
_CLAUSE = r"(?:^|(?<=[.;,:]\s)|(?<=\.\s\s))"
_MISSING = re.compile(_CLAUSE + r"(?:reported\s+)?missing\b", re.IGNORECASE | re.MULTILINE)
_FOUND = re.compile(_CLAUSE + r"(?:found|returned|came\s+home|located)\b",
                    re.IGNORECASE | re.MULTILINE)
_INTERVIEW = re.compile(r"\b(?:RHI|interview(?:ed)?|seen)\b[^\n\d]{0,25}?(?=\d)", re.IGNORECASE)
_TIME_ALONE = re.compile(r"\b(?:seen|interview(?:ed)?)\b[^\n]{0,60}?\b(\d{1,2}[:.]\d{2})\b",
                         re.IGNORECASE)
_WORKER = re.compile(r"\b(?:worker|interviewer)\s*:\s*(.+?)(?:(?<![\s.][A-Z])\.(?=\s|$)|$)",
                     re.IGNORECASE | re.MULTILINE)
_AT_PLACE = re.compile(
    r"\bat\s+(?!\d{1,2}[:.]\d{2})(?P<place>.+?)"
    r"(?=\s+(?:by|after|on|when|with)\b|\s+\d{1,2}[/.]\d{1,2}[/.]\d{2}|\s+\d{4}-\d{2}|$)",
    re.IGNORECASE,
)
#: How much of the start of a note can be its narrative header (a text layer with no blank
#: lines would otherwise make the whole note one "first paragraph").
_HEAD_LINES, _HEAD_CHARS = 12, 4000
#: A sentence boundary, but not after an initial ("M. Tonge").
_SENTENCE = re.compile(r"(?:(?<=\w\w[.!?])|(?<=[)\"'][.!?]))\s+(?=[A-Z])")
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-\u2022*\u00b7\u2013]|\([a-z0-9]{1,2}\)|[a-z][.)])\s+")


@dataclass
class NoteRecord:
    """What a note's layout says, before any NLP: header fields, section spans, flags."""

    fields: dict[str, str] = field(default_factory=dict)
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)
    nil_return: bool = False
    actions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_note(text: str, *, path: str = "") -> NoteRecord:
    """Map an RHI note's text onto a :class:`NoteRecord` (see the module docstring)."""
    if not text or not text.strip():
        raise ReadError(path, "empty note: no text")
    record = NoteRecord()
    raw = _Walker(text).walk(record)
    _type_fields(raw, record)
    _narrative_header(text, record)
    record.nil_return = says_nil_return(text)
    if "actions" in record.sections:
        start, end = record.sections["actions"]
        record.actions = split_actions(text[start:end])
    return record


class _Walker:
    """One pass over the lines: headings open regions, labels fill fields, spans close."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.region = "header"  # header | block | services | section | prose
        self.section: str | None = None
        self.inline = False
        self.span: list[int] | None = None
        self.services: list[str] = []
        self.pending: list[Label] = []
        self.paragraph_known = False

    def walk(self, record: NoteRecord) -> dict[str, str]:
        fields: dict[str, str] = {}
        for line in self.lines:
            if line.blank:
                self._end_paragraph(fields)
                if self.inline:
                    self._close(record)
                    self.region = "prose"
                continue
            key = heading_key(line)
            if key is not None and self._heading(key, record):
                continue
            labels = labels_in(line, _SPLITTING)
            first = labels[0] if labels else None
            if first and first.key in SECTION_HEADINGS and not first.enumerated:
                self._open(record, SECTION_HEADINGS[first.key], first.start, inline=True)
                self._extend(first.start, line.end)
                continue
            if self.region == "section":
                self._extend(line.start + len(line.text) - len(line.text.lstrip()), line.end)
                continue
            if labels:
                self._labels(labels, fields)
            elif self.region == "services":
                self.services.append(line.text.strip())
        self._end_paragraph(fields)
        self._close(record)
        if self.services and "known_to_services" not in fields:
            fields["known_to_services"] = " ".join(self.services)
        return fields

    def _heading(self, key: str, record: NoteRecord) -> bool:
        if key in SECTION_HEADINGS:
            self._open(record, SECTION_HEADINGS[key], None, inline=False)
            return True
        if key in BLOCK_HEADINGS or key in SERVICES_HEADINGS or "return home interview" in key:
            self._close(record)
            self.region = "services" if key in SERVICES_HEADINGS else (
                "header" if "return home interview" in key else "block")
            return True
        return False

    def _open(self, record: NoteRecord, name: str, start: int | None, *, inline: bool) -> None:
        self._close(record)
        self.region, self.section, self.inline = "section", name, inline
        self.span = [start, start] if start is not None else None

    def _extend(self, start: int, end: int) -> None:
        if self.span is None:
            self.span = [start, end]
        else:
            self.span[1] = end

    def _close(self, record: NoteRecord) -> None:
        if self.section and self.span and self.span[1] > self.span[0]:
            record.sections.setdefault(self.section, (self.span[0], self.span[1]))
        self.section, self.span, self.inline = None, None, False
        if self.region == "section":
            self.region = "prose"

    def _labels(self, labels: list[Label], fields: dict[str, str]) -> None:
        for label in labels:
            if label.key in LABELS:
                self.paragraph_known = True
                fields.setdefault(LABELS[label.key], label.value)
            else:
                self.pending.append(label)
        if self.region in ("block", "services"):
            self._end_paragraph(fields, force=True)

    def _end_paragraph(self, fields: dict[str, str], *, force: bool = False) -> None:
        if force or self.paragraph_known:
            for label in self.pending:
                if label.value:
                    fields.setdefault(snake(label.raw), label.value)
        self.pending = []
        if not force:
            self.paragraph_known = False


def says_nil_return(text: str) -> bool:
    """True when the note says nothing of concern ("nil return", "no concerns identified").

    >>> says_nil_return("Nil return - no exploitation concerns.")
    True
    >>> says_nil_return("This is not a nil return. No concerns about this - Mike was on shift.")
    False
    """
    lowered = text.lower()
    for match in _NIL.finditer(lowered):
        if not lowered[max(0, match.start() - 7):match.start()].endswith(("not a ", "not ")):
            return True
    return False


def _type_fields(raw: dict[str, str], record: NoteRecord) -> None:
    """Clean values; dates to ISO; risk, child id, worker and LA names to their keys."""
    fields = record.fields
    for name, value in raw.items():
        cleaned = clean(value)
        if cleaned:
            fields[name] = cleaned
    for name in (*DATE_FIELDS, "dob"):
        if name not in fields:
            continue
        found = find_datetime(fields[name])
        if found and found.iso:
            iso = found.iso[:10] if name == "dob" else found.iso
            fields[name] = iso
        else:
            fields[f"{name}_raw"] = fields.pop(name)
            record.warnings.append(f"{name}: not a date; kept as written in {name}_raw")
    if "police_risk" in fields:
        fields["police_risk"] = canonical_risk(fields["police_risk"]) or fields["police_risk"]
    if "child_id" in fields:
        fields["child_id"] = _leading_id(fields["child_id"])
    if "interviewer" in fields:
        worker, agency = split_worker(fields["interviewer"])
        fields["interviewer"] = worker
        if agency:
            fields.setdefault("agency", agency)
    for name in ("responsible_la", "host_la"):
        if name in fields:
            fields[name] = _COUNCIL.sub("", fields[name])


def _leading_id(value: str) -> str:
    """``"C-1002 (Tyler HODGSON, Year 11)"`` -> ``"C-1002"``; other values as written."""
    match = re.match(r"([A-Za-z0-9][A-Za-z0-9/\-]*\d[A-Za-z0-9]*)\b(?=[\s,(;-]|$)", value)
    return match.group(1) if match else value


def split_worker(value: str) -> tuple[str, str | None]:
    """Split ``"Name, Agency"`` or ``"Name (Agency)"`` when the rest names an organisation.

    A trailing remark in brackets after the agency ("(on behalf of ...)") is dropped from
    the agency; it stays in the note's text.

    >>> split_worker("Gemma Kershaw (Bolton MFH)")
    ('Gemma Kershaw', 'Bolton MFH')
    >>> split_worker("Lee Fairclough, Wigan Missing From Home Team (on behalf of Wigan)")
    ('Lee Fairclough', 'Wigan Missing From Home Team')
    >>> split_worker("Gemma Kershaw, Social Worker")
    ('Gemma Kershaw, Social Worker', None)
    """
    value = value.strip().rstrip(".")
    match = re.match(r"^(?P<name>[^,(]+?)\s*(?:,\s*(?P<rest>.+)|\((?P<bracket>[^)]+)\))$", value)
    if not match:
        return value, None
    agency = match.group("rest") or match.group("bracket") or ""
    agency = re.sub(r"\s*\([^)]*\)\s*$", "", agency).strip()
    if agency and _ORG_WORDS.search(agency):
        return match.group("name").strip(), agency
    return value, None


def _narrative_header(text: str, record: NoteRecord) -> None:
    """Fill fields the labels did not give from the first paragraph (narrative style)."""
    first: list[Line] = []
    for line in split_lines(text[:_HEAD_CHARS]):
        if (line.blank and first) or len(first) == _HEAD_LINES:
            break
        if not line.blank:
            first.append(line)
    if not first:
        return
    head_start, head_end = first[0].start, first[-1].end
    head = text[head_start:head_end]
    fields = record.fields

    def put(name: str, value: str | None) -> None:
        cleaned = clean(value)
        if cleaned and name not in fields and f"{name}_raw" not in fields:
            fields[name] = cleaned

    child = _CHILD_ID.search(head)
    if child:
        put("child_id", child.group(1))
        line_start = head.rfind("\n", 0, child.start()) + 1
        put("child_name", _name_before(head[line_start:child.start()]))
    episode = _EPISODE_ID.search(head)
    if episode:
        put("episode_id", episode.group(1))
    dob = _DOB.search(head)
    if dob:
        found = find_datetime(head, dob.end(), dob.end() + 30)
        if found and found.iso and found.start == dob.end():
            put("dob", found.iso[:10])
    put("interview_at", _interview(head))
    _missing_and_found(head, put)
    _worker(head, put)
    if "agency" not in fields:
        for part in re.split(r"\s+[-\u2013]\s+", first[0].text):
            if _ORG_WORDS.search(part) and "interview" not in part.casefold():
                put("agency", part.strip())
                break


def _name_before(segment: str) -> str | None:
    parts = [p.strip(" (\"'\u201c") for p in re.split(r"\s+[-\u2013|]\s+|\s{2,}|,|:", segment)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    candidate = parts[-1].strip()
    words = candidate.split()
    if not 1 <= len(words) <= 6 or re.search(r"\d", candidate):
        return None
    if re.search(r"\b(?:rhi|ref|interview|notes?|record|id|child)\b", candidate, re.IGNORECASE):
        return None
    return candidate


def _interview(head: str) -> str | None:
    for match in _INTERVIEW.finditer(head):
        found = find_datetime(head, match.end(), match.end() + 40)
        if found and found.iso and found.start == match.end():
            return found.iso
    for line in head.split("\n"):
        found = find_datetime(line)
        if found and found.iso and found.start == 0 and re.search(
                r"\b(?:rhi|interview|return home)\b", line, re.IGNORECASE):
            if "T" not in found.iso:
                clock = _TIME_ALONE.search(head)
                if clock:
                    hour, minute = re.split(r"[:.]", clock.group(1))
                    if int(hour) < 24 and int(minute) < 60:
                        return f"{found.iso}T{int(hour):02d}:{minute}"
            return found.iso
    return None


_Put = Callable[[str, "str | None"], None]


def _missing_and_found(head: str, put: _Put) -> None:
    """``Reported missing ... <date> from <place>`` and ``Found <date> at <place>``."""
    for match in _MISSING.finditer(head):
        line_end = head.find("\n", match.end())
        line_end = len(head) if line_end < 0 else line_end
        found = find_datetime(head, match.end(), line_end)
        if not found or not found.iso:
            continue
        gap = head[match.end():found.start]
        if re.search(r"\b(?:found|returned)\b", gap, re.IGNORECASE) or len(gap) > 160:
            continue
        put("reported_missing_at", found.iso)
        clause_end = _clause_end(head, found.end, line_end)
        origin = re.search(r"\bfrom\s+(.+)", gap) or re.search(
            r"^\s*from\s+(.+)", head[found.end:clause_end])
        if origin:
            put("missing_from", _postal_address(origin.group(1)))
        break
    for match in _FOUND.finditer(head):
        line_end = head.find("\n", match.end())
        line_end = len(head) if line_end < 0 else line_end
        found = find_datetime(head, match.end(), line_end)
        if not found or not found.iso or found.start - match.end() > 120:
            continue
        put("returned_at", found.iso)
        clause = head[match.end():_clause_end(head, found.end, line_end)]
        place = _AT_PLACE.search(clause)
        if place:
            put("found_at", place.group("place").strip(" ,"))
        break


def _clause_end(head: str, start: int, line_end: int) -> int:
    stop = re.compile(r"[.;](?:\s|$)").search(head, start, line_end)
    return stop.start() if stop else line_end


def _postal_address(phrase: str) -> str:
    """The postal address inside a phrase, if it has one ("home, 17 Leader Street, ... WN1 3JH")."""
    phrase = phrase.strip().rstrip(".;,")
    code = postcode.IN_TEXT.search(phrase)
    if code:
        number = re.search(r"\b\d{1,4}[a-z]?\s+[A-Z][a-z]", phrase[: code.start()])
        if number:
            return phrase[number.start(): code.end()]
    return phrase.strip(" ()")


def _worker(head: str, put: _Put) -> None:
    match = _WORKER.search(head)
    if match:
        worker, agency = split_worker(match.group(1))
        put("interviewer", worker)
        put("agency", agency)


def split_actions(body: str) -> list[str]:
    """Numbered or bulleted items; else ``;``-separated items; else sentences.

    >>> split_actions("1. Share with GMP.\\n2. Strategy\\n   discussion.")
    ['Share with GMP', 'Strategy discussion']
    >>> split_actions("ISF to GMP (phone; car); discuss at MACE.")
    ['ISF to GMP (phone; car)', 'discuss at MACE']
    """
    items: list[str] = []
    loose: list[str] = []
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        item = _ITEM.match(line)
        if item:
            items.append(line[item.end():].strip())
        elif items:
            items[-1] += " " + stripped
        else:
            loose.append(stripped)
    if items:
        pieces = [" ".join(loose)] + items if loose else items
    else:
        pieces = []
        for part in _top_level_split(" ".join(loose)):
            pieces.extend(_SENTENCE.split(part))
    return [p.strip().rstrip(".;").strip() for p in pieces if p.strip().rstrip(".;").strip()]


def _top_level_split(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def note_text_from_row(row: dict[str, str]) -> str:
    """Render one row of an RHI export (CSV/XLSX, one note per row) as a labelled note.

    Each non-empty cell becomes ``Header: value``: header columns first, as one labelled
    block, then each section column ("Reasons for going missing") as its own paragraph, so
    :func:`parse_note` reads them as fields and sections.
    """
    header, sections = [], []
    for name, value in row.items():
        value = " ".join((value or "").split())
        if not name or not value:
            continue
        line = f"{name.strip()}: {value}"
        (sections if fold_label(name) in SECTION_HEADINGS else header).append(line)
    return "\n\n".join(["\n".join(header), *sections]).strip() + "\n"
