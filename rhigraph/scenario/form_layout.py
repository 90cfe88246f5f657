"""How an information-sharing form's content is laid out: text/Word/PDF blocks and JSON.

Three layouts follow the sample forms (a numbered police partner form, a multi-agency form
with lettered subjects and one-line grading, a partnership submission with the 3x5x2 grades
spelled out on one line); the JSON follows FORMATS.md section 4 like the sample
``isf_BOL-2026-0014.json``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import surfaces as S
from .document import Blank, Block, Field, Heading, Line, Relation
from .model import Child, Org, Person
from .template import Mention, Segs, Span, plain, raised, unraised
from .world import World

CATEGORY_CODES = {"CSE": "CSE", "CCE": "CCE", "gangs": "GANGS", "drugs": "DRUGS"}


@dataclass
class Subject:
    """One person of concern on a form; values are segments (annotated) or None."""

    name: Segs
    dob: str | None = None
    age: str | None = None
    address: Segs | None = None
    phone: Segs | None = None
    vehicle: Segs | None = None
    nicknames: list[Segs] = field(default_factory=list)
    handle: Segs | None = None
    features: str | None = None


@dataclass
class FormContent:
    reference: str
    date: dt.date
    child: Child | None
    submitted_by: Segs
    submitter: Person
    agency: Org
    categories: list[str]
    subjects: list[Subject]
    narrative: list[Segs]
    source: Segs
    third_party: str
    third_party_detail: Segs
    coercion: Segs
    payments: Segs
    grading: tuple[str, str, str]
    relations: list[Relation] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Coercion and payments sum up the narrative: tag only what it has not raised."""
        before = {(CATEGORY_CODES[c], False) for c in self.categories if c in CATEGORY_CODES}
        for paragraph in self.narrative:
            raised(paragraph, before)
        self.coercion = unraised(self.coercion, before)
        raised(self.coercion, before)
        self.payments = unraised(self.payments, before)


def _category_segs(categories: list[str], sep: str) -> Segs:
    out: Segs = []
    for i, category in enumerate(categories):
        if i:
            out.append(sep)
        code = CATEGORY_CODES.get(category)
        out.append(Span((code,), False, (category,)) if code else category)
    return out


def _subject_lines(subject: Subject, label: str, indent: str) -> list[Block]:
    rows: list[tuple[str, Segs | str | None]] = [
        ("Name", subject.name),
        ("DOB", subject.dob),
        ("Age", subject.age),
        ("Address", subject.address),
        ("Phone", subject.phone),
        ("Vehicle", subject.vehicle if subject.vehicle else "none known"),
        ("Nickname(s)", _nickname_segs(subject.nicknames) if subject.nicknames else None),
        ("Online handle", subject.handle),
        ("Identifying features", subject.features),
    ]
    lines: list[Block] = []
    first = True
    for name, value in rows:
        if value is None:
            continue
        prefix = f"{label} " if first else indent
        segs: Segs = [value] if isinstance(value, str) else list(value)
        lines.append(Line((f"{prefix}{name}: ", *segs)))
        first = False
    return lines


def _nickname_segs(nicknames: list[Segs]) -> Segs:
    out: Segs = []
    for i, nick in enumerate(nicknames):
        if i:
            out.append(", ")
        out += ['"', *nick, '"']
    return out


def layout_blocks(content: FormContent, layout: int, world: World) -> list[Block]:
    gmp = world.org("GMP")
    child = content.child
    se, ia, hc = content.grading
    if child is None:
        child_value: Segs = ["not known"]
    elif layout == 1:
        child_value = [f"{child.id} - {child.caps}, {child.age_on(content.date)}"]
    else:
        child_value = [child.id]
    title = (
        "INFORMATION SHARING FORM",
        "MULTI-AGENCY INFORMATION SHARING FORM",
        "PARTNERSHIP INTELLIGENCE SUBMISSION",
    )[layout]
    blocks: list[Block] = [
        Heading(title),
        Field("To", (Mention(gmp, gmp.name), " (partner information)")),
        Field("Reference" if layout == 0 else "Ref", (content.reference,)),
        Field("Submitted by", tuple(content.submitted_by)),
        Field("Agency", (S.org(content.agency),)),
        Field("Date", (content.date.strftime("%d/%m/%Y"),)),
        Field("Child ID (if known)" if layout != 1 else "Child ID", tuple(child_value)),
        Field(
            "Categories", tuple(_category_segs(content.categories, "; " if layout == 1 else ", "))
        ),
        Blank(),
    ]
    blocks.append(
        Heading(("SUBJECT(S) OF CONCERN", "Subjects of concern", "PERSONS OF CONCERN")[layout])
    )
    for i, subject in enumerate(content.subjects):
        label = f"{i + 1}." if layout != 1 else f"({'abcdef'[i]})"
        blocks += _subject_lines(subject, label, " " * (len(label) + 1))
    blocks += [Blank(), Heading(("NARRATIVE", "Narrative", "NARRATIVE")[layout])]
    blocks += [Line(tuple(p)) for p in content.narrative]
    blocks.append(Blank())
    if layout == 0:
        blocks += [
            Heading("SOURCE OF INFORMATION"),
            Line((*content.source, " Third party: ", *content.third_party_detail, ".")),
            Blank(),
            Heading("COERCION OR CONTROL"),
            Line(tuple(content.coercion)),
            Blank(),
            Heading("PAYMENTS / TRANSACTIONS"),
            Line(tuple(content.payments)),
            Blank(),
            Heading("GRADING (3x5x2)"),
            Field("Source evaluation", (se,)),
            Field("Intelligence assessment", (ia,)),
            Field("Handling code", (hc,)),
        ]
    else:
        blocks += [
            Field("Source", tuple(content.source)),
            Field("Third party", tuple(content.third_party_detail)),
            Field("Coercion or control", tuple(content.coercion)),
            Field("Payments or transactions", tuple(content.payments)),
        ]
        if layout == 1:
            blocks.append(Field("Grading", (f"{se} / {ia} / {hc}",)))
        else:
            blocks.append(
                Line(
                    (
                        f"Source evaluation: {se} / Intelligence assessment: {ia} / "
                        f"Handling code: {hc}",
                    )
                )
            )
    return blocks


def json_payload(content: FormContent) -> dict[str, Any]:
    """Section 4 JSON, field for field like ``samples/isf_BOL-2026-0014.json``."""

    def text(segs: Segs | None) -> str | None:
        return plain(segs) if segs else None

    subjects = []
    for s in content.subjects:
        subjects.append(
            {
                "name": plain(s.name),
                "dob": (
                    dt.datetime.strptime(s.dob, "%d/%m/%Y").date().isoformat() if s.dob else None
                ),
                "address": text(s.address),
                "phone": text(s.phone),
                "vehicle": text(s.vehicle),
                "nickname": [plain(n) for n in s.nicknames],
                "online_handle": text(s.handle),
                "identifying_features": s.features
                if not s.age
                else ", ".join(x for x in (f"age {s.age}", s.features) if x),
            }
        )
    se, ia, hc = content.grading
    return {
        "form": "information_sharing",
        "reference": content.reference,
        "submitted_by": plain(content.submitted_by),
        "agency": content.agency.name,
        "date": content.date.isoformat(),
        "child_id": content.child.id if content.child else None,
        "categories": list(content.categories),
        "subjects": subjects,
        "narrative": "\n".join(plain(p) for p in content.narrative),
        "source": plain(content.source),
        "third_party": plain(content.third_party_detail),
        "coercion_control": plain(content.coercion),
        "payments": plain(content.payments),
        "grading": {"source_evaluation": se, "intelligence_assessment": ia, "handling_code": hc},
    }


def json_blocks(content: FormContent) -> list[Block]:
    """What of the form is visible in its JSON, as blocks, so JSON gold has the same things."""
    lines: list[Block] = [
        Line(tuple(content.submitted_by)),
        Line((S.org(content.agency),)),
        Line(tuple(_category_segs(content.categories, ", "))),
    ]
    for s in content.subjects:
        for segs in (s.name, s.address, s.phone, s.vehicle, s.handle):
            if segs:
                lines.append(Line(tuple(segs)))
        for nick in s.nicknames:
            lines.append(Line(tuple(nick)))
    lines += [Line(tuple(p)) for p in content.narrative]
    lines += [
        Line(tuple(content.source)),
        Line(tuple(content.third_party_detail)),
        Line(tuple(content.coercion)),
        Line(tuple(content.payments)),
    ]
    return lines
