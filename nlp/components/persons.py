"""PERSON: people named in a note, from rules first and the statistical model second.

The small English model misses half the people in a practitioner's note and invents others
("Moss Lane", "Audi A3"). The rules read names the way an analyst does:

* header labels ("Social worker: Nadia Hussain", "Interviewer:", "Worker:", "Submitted by:");
* a kin, job or peer word before the name ("his mate Kyle", "SW Nadia Hussain", "dad's
  (Craig Lomax)") or a job after it ("Mike (night support worker)", "Angela Rigby, Team
  Manager");
* "a man called X", "known as X", a quoted nickname ("Deano's" flat), "Mr ASHWORTH", a
  SURNAME in capitals, a sign-off at the end of the manager's response ("Agree NFA. M. Tonge");
* a first name from a names list (Faker's English lists), and a lower-case one right after a
  cue ("out with kyle");
* whatever the model calls PERSON that survives those checks.

Each mention carries hints (``attrs``) that ``rhigraph_roles`` turns into a role. The subject
child (``doc._.rhi_subjects`` plus the name in the note's own header) is never a mention.

>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("rhigraph_persons")
>>> doc = nlp("He went out with his mate Kyle (Kyle Pennington, 16) and a man called Zee.")
>>> sorted({doc.text[m.start:m.end] for m in doc._.rhi_mentions})
['Kyle', 'Kyle Pennington', 'Zee']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.types.name import known_first_names
from nlp.components.base import Mention, add, mentions, text_of, words_alternation
from nlp.components.layout import layout
from nlp.components.names import (
    ADULTS,
    COMMON,
    END,
    FAMILY,
    FN,
    INITIAL_NAME,
    JOBS,
    LABELS,
    NAME,
    PEERS,
    SN,
    STOP,
    SUBJECT_LABELS,
    plausible,
)
from nlp.components.subject import is_subject, subject_forms

_REL_WORDS = words_alternation([w for w in list(FAMILY) + JOBS + PEERS + ADULTS
                                if w not in {"staff", "night staff", "member of staff",
                                             "child", "kid"}])
_JOB_WORDS = words_alternation(JOBS)
#: A job written where the model saw a name: "Foster carer Samantha Armstrong" is read as
#: the person "Foster carer Samantha" or "Foster" by the small model.
_JOB_AT = re.compile(rf"(?i:{_JOB_WORDS})(?![\w-])[ \t]*")

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rel-before", re.compile(
        rf"(?<![\w-])(?:(?P<poss>(?i:his|her|their|my|your)|[A-Z][a-z]+['’]s)\s+)?"
        rf"(?P<rel>(?i:{_REL_WORDS}))(?:['’]s)?\s*[,:]?\s*(?P<paren>\()?\s*"
        rf"(?P<name>{NAME}|{INITIAL_NAME}){END}(?:\s+and\s+(?P<name2>{NAME}){END})?")),
    ("job-after", re.compile(
        # on one line: "Alan\n- staff saw her" is a bullet, not Alan's job
        rf"(?P<name>{NAME}|{INITIAL_NAME})[ \t]*(?:,|\(|-)[ \t]*(?:(?i:the|a|an|his|her)\s+)?"
        rf"(?P<job>(?:[A-Za-z-]+\s){{0,3}}?(?i:{_JOB_WORDS}))(?![\w])")),
    ("age", re.compile(
        rf"(?P<name>{NAME})\s*(?:\(|,)\s*(?:aged?\s*)?(?P<age>1[0-9]|[2-9][0-9]|[5-9])(?:\)|,|\s+years?)")),
    ("full-paren", re.compile(
        rf"(?P<short>{FN}|[a-z]{{3,}})\s*\(\s*(?P<name>{FN}(?:[ ]{SN}){{1,2}}){END}")),
    ("called", re.compile(
        r"(?i:\b(?:called|named|known\s+as|knows?\s+as|aka|a\.k\.a\.?|nicknamed?|goes\s+by|"
        r"calls?\s+(?:himself|herself|him|her|them)|calls\s+the\s+\w+(?:\s+\w+){0,4}))\s+"
        rf"[\"“']?(?P<name>{NAME}){END}")),
    ("quoted", re.compile(
        rf"[\"“](?P<name>{FN}(?:[ ](?:{SN}|[A-Z]))?)(?:['’]s)?[\"”]")),
    ("title", re.compile(
        rf"\b(?P<name>(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC|DS|DI|Sgt|PCSO|Cllr)\.?[ ]"
        rf"(?:{FN}[ ])?{SN}){END}")),
    ("caps-surname", re.compile(
        rf"(?<![\w'’-])(?P<name>{FN}(?:[ ][\"“(](?P<nick>{FN})[\"”)])?"
        rf"[ ][A-Z]{{3,}}(?:-[A-Z]{{2,}})?)(?![\w])")),
    ("lower-cue", re.compile(
        r"(?i:(?:\b(?:with|and|met|meet|meeting|mate|friend|boyfriend|girlfriend|called|named|by)"
        r"|\bw/)\s+)(?P<name>[a-z]{3,})\b(?!['’]s\s+(?:house|flat|mum|dad))")),
    ("possessive", re.compile(
        rf"(?<![\w'’-])(?P<name>{FN})['’]s\s+(?:(?:older|new|best|little|big)\s+)?"
        r"(?:mates?|friends?|boyfriend|girlfriend|brother|sister|cousin|driver|flat|house|place|"
        r"car|phone|number|address|mum|dad)\b")),
    ("initials", re.compile(  # adults known by initials: "CP told him", "with JG, who is 25"
        r"(?<![\w'’-])(?P<name>[A-Z]{2})(?![\w-])"
        r"(?=['’]s\s+(?:flat|place|house|mate|number|car)\b|\s+(?:said|says|told|tells|took|"
        r"takes|gave|gives|bought|buys|picked|drove|drives|rang|rings|messaged|messages|is|was|"
        r"has|got|owes|lets|sorts|calls|booked|paid)\b|,\s+who\b)")),
    ("staff-paren", re.compile(
        r"(?i:\b(?:(?:night|day|residential|care|home|agency)\s+)?staff(?:\s+member)?"
        rf"|\bmember\s+of\s+staff)\s*\(\s*(?P<name>{NAME}){END}")),
)
#: Two capitals that name a role or a thing when they "say" or "have" something.
_NOT_INITIALS = frozenset((  # noqa: SIM905 - a word list reads better as text
    "SW GP PC DC DS DI IRO DSL LA MP OK TV UK ID PE AE IT NB PM AM RE UN EU NHS GMP BTP"
).split())
_NOT_A_NAME_AFTER = re.compile(r"(?:Year['’]s|Christmas|Valentine['’]s)\s$")
#: A capitalised word and maybe a surname, tried at every word ("Inform Andrea Stewart" must
#: give "Andrea Stewart" although "Inform Andrea" matches first), hence the lookahead.
_FIRST_NAME = re.compile(rf"(?<![\w'’-])(?=(?P<name>{FN}(?:[ ]{SN})?){END})")
_ROLE_OF_TITLE = {"pc": "PROFESSIONAL", "dc": "PROFESSIONAL", "ds": "PROFESSIONAL",
                  "di": "PROFESSIONAL", "sgt": "PROFESSIONAL", "pcso": "PROFESSIONAL",
                  "dr": "PROFESSIONAL", "cllr": "PROFESSIONAL"}
_SIGNATURE = re.compile(
    rf"(?:^|[.!?;:)]\s+|-\s+)(?P<name>{NAME}|{INITIAL_NAME})"
    rf"(?:,\s*(?P<job>[A-Za-z ]{{3,40}}))?\s*$", re.MULTILINE)


def _value_name(value: str) -> re.Match[str] | None:
    return re.match(rf"\s*[\"“]?(?P<name>{NAME}|{INITIAL_NAME})[\"”]?{END}", value)


def _from_fields(doc: Doc) -> Iterator[Mention]:
    text = text_of(doc)
    lay = layout(doc)
    for field in lay.fields:
        label = field.label.strip()
        base = re.sub(r"\s*\(.*\)$", "", label)
        value = text[field.start:field.end]
        section = lay.section(field.start)
        hint: dict[str, object] = {}
        if label in LABELS or base in LABELS or label.startswith("manager ("):
            hint = {"hint": "PROFESSIONAL", "job": base}
        elif label in SUBJECT_LABELS and (section == "subject" or doc._.rhi_kind == "intel_form"):
            hint = {"hint": "ADULT_OF_CONCERN", "subject_of_concern": True}
        elif label in SUBJECT_LABELS:
            continue  # the subject child: recorded by subject_forms
        elif label in FAMILY:
            hint = {"hint": "FAMILY", "relationship": FAMILY[label]}
        else:
            continue
        if label.startswith("manager (") or (label == "manager" and "(" in field.label):
            inner = re.search(rf"\((?P<name>{NAME}|{INITIAL_NAME})\)", field.label)
            if inner:
                continue  # handled by the rel-before rule on the label text itself
        m = _value_name(value)
        if not m or not plausible(m.group("name")):
            continue
        start = field.start + m.start("name")
        end = field.start + m.end("name")
        attrs = dict(hint)
        rest = value[m.end():]
        job = re.match(r"\s*,\s*([A-Za-z][A-Za-z '()-]{2,50})", rest)
        if job and attrs.get("hint") == "PROFESSIONAL":
            attrs["job"] = job.group(1).strip().lower()
        yield Mention("PERSON", start, end, text[start:end], None, attrs, 88, "field")


def _from_rules(text: str) -> Iterator[Mention]:
    for source, rule in _RULES:
        for m in rule.finditer(text):
            groups = ["name", "name2"] if source == "rel-before" else ["name"]
            for group in groups:
                if group not in rule.groupindex or not m.group(group):
                    continue
                raw = m.group(group)
                attrs: dict[str, object] = {}
                if source == "lower-cue":
                    if raw not in known_first_names() or raw in COMMON or raw in STOP:
                        continue
                elif source == "initials":
                    if raw in _NOT_INITIALS:
                        continue  # "SW said", "GP says": a role, not a person's initials
                elif not plausible(raw.split(" ", 1)[-1] if source == "title" else raw):
                    continue
                if source == "rel-before":
                    rel = m.group("rel").lower()
                    poss = m.group("poss") or ""
                    attrs["cue"] = rel
                    if rel in FAMILY:
                        attrs["relationship"] = FAMILY[rel]
                        own = poss.lower() in {"his", "her", "their", "my", "your", ""}
                        attrs["hint"] = "FAMILY" if own else None
                        if not own:
                            attrs["relationship"] = f"{poss} {rel}"
                            attrs["possessor"] = poss[:-2]
                    elif rel in JOBS:
                        attrs["hint"] = "PROFESSIONAL"
                        attrs["job"] = rel
                    elif rel in PEERS:
                        attrs["hint"] = "PEER"
                    else:
                        attrs["hint"] = "ADULT"
                elif source == "job-after":
                    attrs["hint"] = "PROFESSIONAL"
                    attrs["job"] = m.group("job").lower()
                elif source == "staff-paren":
                    attrs["hint"] = "PROFESSIONAL"
                    attrs["job"] = "staff"
                elif source == "age":
                    attrs["age"] = m.group("age")
                elif source == "full-paren":
                    attrs["short"] = (m.start("short"), m.end("short"))
                elif source in {"called", "quoted"}:
                    attrs["nickname"] = raw
                elif source == "title":
                    attrs["hint"] = _ROLE_OF_TITLE.get(m.group("title").lower())
                elif source == "caps-surname" and m.group("nick"):
                    attrs["nicknames"] = [m.group("nick")]
                priority = {"rel-before": 62, "job-after": 64, "age": 60, "full-paren": 61,
                            "called": 63, "quoted": 57, "title": 65, "caps-surname": 66,
                            "lower-cue": 24, "staff-paren": 64, "possessive": 45,
                            "initials": 50}[source]
                yield Mention("PERSON", m.start(group), m.end(group), raw, None,
                              {k: v for k, v in attrs.items() if v is not None}, priority,
                              source)


def _signatures(doc: Doc) -> Iterator[Mention]:
    """A name that ends a line of the manager's response, or the last line of the note.

    Notes are signed off ("Agree NFA. C. Bradley"), under a heading or, in brief notes and
    in Word and PDF copies that lost their headings, as the last line.
    """
    text = text_of(doc)
    lay = layout(doc)
    last = text.rstrip().rfind("\n") + 1
    for start, section in zip(lay.line_starts, lay.line_sections, strict=True):
        if section != "manager" and start != last:
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        m = _SIGNATURE.search(text, start, end)
        if m and plausible(m.group("name")):
            attrs = {"hint": "PROFESSIONAL", "job": (m.group("job") or "manager").lower()}
            yield Mention("PERSON", m.start("name"), m.end("name"), m.group("name"), None, attrs,
                          70, "signature")


def _from_first_names(text: str) -> Iterator[Mention]:
    names = known_first_names()
    mid_sentence = _MID_SENTENCE.findall(text)
    recurring = frozenset(w.lower() for w in mid_sentence)
    taken_to = -1
    for m in _FIRST_NAME.finditer(text):
        start = m.start("name")
        if start < taken_to:
            continue
        raw = m.group("name")
        first = raw.split()[0]
        low = first.lower()
        if low not in names or low in STOP:
            continue
        if _NOT_A_NAME_AFTER.search(text, max(0, start - 12), start):
            continue  # "New Year's Eve", "Christmas Eve"
        before = text[max(0, start - 3):start]
        initial = not before.strip() or "\n" in before or before.strip()[-1:] in ".!?:\"“("
        if initial and (low in COMMON
                        or not _acts_like_person(text, m.end("name"), low, recurring)):
            continue  # "Will you ...", "Bird tattoo on neck" at a sentence start
        if len(raw.split()) > 1 and not plausible(raw):
            raw = first
        taken_to = start + len(raw)
        yield Mention("PERSON", start, taken_to, raw, None, {}, 26, "first-name")


_PERSON_NEXT = re.compile(
    r"\s*(?:['’]s\b|,|and\b|said|says|told|tells|was|is|were|has|had|went|got|came|left|stayed|"
    r"did|does|didn['’]t|doesn['’]t|would|will|wo|can|could|calls|called|gave|gives|bought|sent|"
    r"picked|drove|took|takes|met|meets|lives|lived|knows|knew|thinks|thought|wants|wanted|denied|"
    r"agreed|asked|answered|showed|confirmed|described|explained|reported|refused|appears|"
    r"seemed|seems|also|then|now|still|never|always|often|only|just|\()",
)


#: A capitalised word inside a sentence ("went out with Kyle"), collected once per text.
_MID_SENTENCE = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+)\b")


def _acts_like_person(text: str, end: int, low: str, recurring: frozenset[str]) -> bool:
    """A sentence-initial first name counts when a verb follows or it recurs mid-sentence.

    ``recurring`` holds the lower-cased capitalised words seen mid-sentence anywhere in the
    text, computed once, so this check costs nothing per name however long the note is.
    """
    if _PERSON_NEXT.match(text, end):
        return True
    return low in recurring


def _from_model(doc: Doc) -> Iterator[Mention]:
    text = text_of(doc)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = ent.start_char, ent.end_char
        nl = text.find("\n", start, end)
        if nl >= 0:
            end = nl
        job = _JOB_AT.match(text, start)
        if job:  # the job is not a name: what follows it may be
            start = job.end()
            if start >= end:
                continue
        raw = text[start:end]
        m = re.search(rf"{NAME}|{INITIAL_NAME}", raw)
        if not m:
            continue
        start, end = start + m.start(), start + m.end()
        raw = text[start:end]
        if not plausible(raw):
            continue
        yield Mention("PERSON", start, end, raw, None, {}, 30, "model")


@Language.factory("rhigraph_persons")
def make_persons(nlp: Language, name: str, use_model: bool = True,
                 use_first_names: bool = True) -> Persons:
    return Persons(use_model=use_model, use_first_names=use_first_names)


class Persons:
    """Adds PERSON mentions and drops those that name the subject child."""

    def __init__(self, use_model: bool = True, use_first_names: bool = True) -> None:
        self.use_model = use_model
        self.use_first_names = use_first_names

    def __call__(self, doc: Doc) -> Doc:
        forms = subject_forms(doc)
        found: list[Mention] = list(_from_fields(doc))
        found.extend(_from_rules(text_of(doc)))
        found.extend(_signatures(doc))
        if self.use_first_names:
            found.extend(_from_first_names(text_of(doc)))
        if self.use_model:
            found.extend(_from_model(doc))
        spans = list(doc._.rhi_subject_spans or [])
        for mention in found:
            owner = mention.attrs.get("possessor")
            if owner and is_subject(str(owner), forms):
                rel = str(mention.attrs.get("cue", ""))
                mention.attrs.update(hint="FAMILY", relationship=FAMILY.get(rel, rel))
            if is_subject(mention.text, forms):
                spans.append((mention.start, mention.end))
                continue
            add(doc, mention)
        doc._.rhi_subject_spans = spans
        mentions(doc)
        return doc
