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

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from graph.types import name as name_type
from nlp.components.base import (
    Mention,
    add,
    load_patterns,
    mentions,
    text_of,
    vocab,
    words_alternation,
)
from nlp.components.layout import Layout, layout

_ROWS = load_patterns("persons")
FAMILY = {r["word"]: r["value"] for r in _ROWS if r["kind"] == "family"}
JOBS = [r["word"] for r in _ROWS if r["kind"] == "job"]
PEERS = [r["word"] for r in _ROWS if r["kind"] == "peer"]
ADULTS = [r["word"] for r in _ROWS if r["kind"] == "adult"]
LABELS = frozenset(r["word"] for r in _ROWS if r["kind"] == "label")
SUBJECT_LABELS = frozenset(r["word"] for r in _ROWS if r["kind"] == "subject_label")
COMMON = frozenset(r["word"] for r in _ROWS if r["kind"] == "common")
#: "joseph" -> ("joe", "joey"): what notes call a child whose header gives the full name.
DIMINUTIVES = {r["word"]: tuple(r["value"].split()) for r in _ROWS if r["kind"] == "diminutive"}
STOP = (frozenset(r["word"].lower() for r in _ROWS if r["kind"] == "stop")
        | vocab("places", "stop") | vocab("places", "town")
        | frozenset(w.lower() for w in STOP_WORDS))

FN = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
SN = r"(?:Mc[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)"
NAME = rf"{FN}(?:[ ]{SN}){{0,2}}"
INITIAL_NAME = rf"[A-Z]\.?[ ]{SN}"
_END = r"(?![\w'’-]|['’][A-Za-z]{2})"
_REL_WORDS = words_alternation([w for w in list(FAMILY) + JOBS + PEERS + ADULTS
                                if w not in {"staff", "night staff", "member of staff",
                                             "child", "kid"}])
_JOB_WORDS = words_alternation(JOBS)

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rel-before", re.compile(
        rf"(?<![\w-])(?:(?P<poss>(?i:his|her|their|my|your)|[A-Z][a-z]+['’]s)\s+)?"
        rf"(?P<rel>(?i:{_REL_WORDS}))(?:['’]s)?\s*[,:]?\s*(?P<paren>\()?\s*"
        rf"(?P<name>{NAME}|{INITIAL_NAME}){_END}(?:\s+and\s+(?P<name2>{NAME}){_END})?")),
    ("job-after", re.compile(
        rf"(?P<name>{NAME}|{INITIAL_NAME})\s*(?:,|\(|-)\s*(?:(?i:the|a|an|his|her)\s+)?"
        rf"(?P<job>(?:[A-Za-z-]+\s){{0,3}}?(?i:{_JOB_WORDS}))(?![\w])")),
    ("age", re.compile(
        rf"(?P<name>{NAME})\s*(?:\(|,)\s*(?:aged?\s*)?(?P<age>1[0-9]|[2-9][0-9]|[5-9])(?:\)|,|\s+years?)")),
    ("full-paren", re.compile(
        rf"(?P<short>{FN}|[a-z]{{3,}})\s*\(\s*(?P<name>{FN}(?:[ ]{SN}){{1,2}}){_END}")),
    ("called", re.compile(
        r"(?i:\b(?:called|named|known\s+as|knows?\s+as|aka|a\.k\.a\.?|nicknamed?|goes\s+by|"
        r"calls?\s+(?:himself|herself|him|her|them)|calls\s+the\s+\w+(?:\s+\w+){0,4}))\s+"
        rf"[\"“']?(?P<name>{NAME}){_END}")),
    ("quoted", re.compile(
        rf"[\"“](?P<name>{FN}(?:[ ](?:{SN}|[A-Z]))?)(?:['’]s)?[\"”]")),
    ("title", re.compile(
        rf"\b(?P<name>(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC|DS|DI|Sgt|PCSO|Cllr)\.?[ ]"
        rf"(?:{FN}[ ])?{SN}){_END}")),
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
    ("staff-paren", re.compile(
        r"(?i:\b(?:(?:night|day|residential|care|home|agency)\s+)?staff(?:\s+member)?"
        rf"|\bmember\s+of\s+staff)\s*\(\s*(?P<name>{NAME}){_END}")),
)
_NOT_A_NAME_AFTER = re.compile(r"(?:Year['’]s|Christmas|Valentine['’]s)\s$")
#: A capitalised word and maybe a surname, tried at every word ("Inform Andrea Stewart" must
#: give "Andrea Stewart" although "Inform Andrea" matches first), hence the lookahead.
_FIRST_NAME = re.compile(rf"(?<![\w'’-])(?=(?P<name>{FN}(?:[ ]{SN})?){_END})")
_ROLE_OF_TITLE = {"pc": "PROFESSIONAL", "dc": "PROFESSIONAL", "ds": "PROFESSIONAL",
                  "di": "PROFESSIONAL", "sgt": "PROFESSIONAL", "pcso": "PROFESSIONAL",
                  "dr": "PROFESSIONAL", "cllr": "PROFESSIONAL"}
_SIGNATURE = re.compile(
    rf"(?:^|[.!?;:)]\s+|-\s+)(?P<name>{NAME}|{INITIAL_NAME})"
    rf"(?:,\s*(?P<job>[A-Za-z ]{{3,40}}))?\s*$")
_CHILD_REF = re.compile(r"\b(?!MP-)[A-Z]{1,3}-\d{3,}\b")
_ACRONYMS = frozenset(r["word"] for r in load_patterns("orgs") if r["kind"] in {"acronym",
                                                                                "not_org"})


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Lower-case English first names (Faker's en/en_GB/en_US lists; empty if absent)."""
    try:
        from faker.providers.person.en import Provider as En
        from faker.providers.person.en_GB import Provider as Gb
        from faker.providers.person.en_US import Provider as Us
    except ImportError:  # pragma: no cover - faker is a project dependency
        return frozenset()
    names: set[str] = set()
    for provider in (En, Gb, Us):
        for attr in ("first_names_male", "first_names_female", "first_names_nonbinary"):
            names.update(n.lower() for n in getattr(provider, attr, ()))
    return frozenset(names)


#: Last words of places and bodies, never of a person's name ("Brookfield View, 15"); not
#: "Lane", "Park" or "Hall", which are surnames as often.
_PLACE_WORDS = frozenset((  # noqa: SIM905 - a word list reads better as text
    "street road court station house team council view lodge close drive crescent avenue "
    "grove gardens terrace centre academy school college hotel interchange"
).split())


def plausible(name: str) -> bool:
    """False for stop words, months, towns, labels and acronyms taken for names."""
    words = name.replace('"', " ").replace("“", " ").replace("”", " ").split()
    if not words:
        return False
    first = words[0].rstrip(".")
    if first.lower() in STOP or first in _ACRONYMS:
        return False
    return not any(w in _ACRONYMS or w.lower() in _PLACE_WORDS for w in words[1:])


def _tokens(value: str) -> list[str]:
    try:
        return name_type.tokens(value)
    except Exception:  # noqa: BLE001 - a name that will not fold is no name
        return []


def _header_subjects(doc: Doc) -> list[str]:
    """Names the note itself gives the subject child: header labels and the ref line."""
    text = text_of(doc)
    lay = layout(doc)
    found: list[str] = []
    kind = doc._.rhi_kind
    for field in lay.fields:
        label = field.label.strip()
        section = lay.section(field.start)
        if label in SUBJECT_LABELS and section not in {"subject"} and not (
                kind == "intel_form" and label == "name"):
            m = re.match(rf"\s*(?P<name>{FN}(?:[ ][\"“(]{FN}[\"”)])?(?:[ ]{SN}){{0,2}})",
                         text[field.start:field.end])
            if m:
                found.append(m.group("name"))
    found.extend(_named_by_child_id(text, lay))
    head = text[:600]
    for ref in _CHILD_REF.finditer(head):
        line_start = head.rfind("\n", 0, ref.start()) + 1
        line_end = head.find("\n", ref.end())
        line_end = len(head) if line_end < 0 else line_end
        names = [m for m in re.finditer(
            rf"(?P<name>{FN}(?:[ ][\"“(]{FN}[\"”)])?(?:[ ]{SN}){{1,2}})", head[line_start:line_end])
            if plausible(m.group("name"))]
        before = [m for m in names if line_start + m.end() <= ref.start()]
        after = [m for m in names if line_start + m.start() >= ref.end()]
        pick = before[-1] if before else (after[0] if after else None)
        if pick:
            found.append(pick.group("name"))
    return found


_ID_LABELS = re.compile(r"^(?:child\s+)?(?:id|ref|reference|la ref|child ref)\b")
_NAME_BEFORE_REF = re.compile(
    rf"(?P<name>{FN}(?:[ ][\"“(]{FN}[\"”)])?(?:[ ]{SN}){{1,2}})[ ]?\(?[ ]?$")


def _named_by_child_id(text: str, lay: Layout) -> list[str]:
    """'Amelia "Millie" CARTWRIGHT (C-1003, 14)' where a field says "Child ID: C-1003".

    A form names its child by reference in a header field and by name wherever the narrative
    gives that reference; other children's references name peers instead.
    """
    ids = set()
    for field in lay.fields:
        if _ID_LABELS.match(field.label):
            ids.update(_CHILD_REF.findall(text[field.start:field.end]))
    names = []
    for child_id in ids:
        for m in re.finditer(rf"\b{re.escape(child_id)}\b", text):
            before = text[max(0, m.start() - 80):m.start()]
            named = _NAME_BEFORE_REF.search(before)
            if named and plausible(named.group("name")):
                names.append(named.group("name"))
    return names


def subject_forms(doc: Doc) -> frozenset[str]:
    """Lower-case first names, nicknames and full names the subject child goes by."""
    if doc._.rhi_subject_forms is not None:
        return doc._.rhi_subject_forms
    forms: set[str] = set()
    for raw in list(doc._.rhi_subjects or ()) + _header_subjects(doc):
        nick = re.search(r"[\"“(]([A-Za-z]+)[\"”)]", raw)
        if nick:
            forms.add(nick.group(1).lower())
            raw = raw.replace(nick.group(0), " ")
        toks = _tokens(raw)
        if toks:
            forms.add(toks[0])
            forms.add(" ".join(toks))
            forms.add(f"{toks[0]} {toks[-1]}")
            forms.update(DIMINUTIVES.get(toks[0], ()))
    # 'Amelia "Millie" CARTWRIGHT' in the text makes "millie" the subject too
    text = text_of(doc)
    for m in re.finditer(rf"(?P<first>{FN})[ ][\"“(](?P<nick>{FN})[\"”)][ ](?P<last>{SN})", text):
        full = f"{m.group('first')} {m.group('last')}".lower()
        if full in forms:
            forms.add(m.group("nick").lower())
    doc._.rhi_subject_forms = frozenset(forms)
    return doc._.rhi_subject_forms


def is_subject(value: str, forms: Iterable[str]) -> bool:
    """True when ``value`` names the subject child (first name or nickname first)."""
    forms = frozenset(forms)
    nick = re.search(r"[\"“(]([A-Za-z]+)[\"”)]", value)
    if nick and nick.group(1).lower() in forms:
        return True
    toks = _tokens(value)
    if not toks or not forms:
        return False
    if toks[0] in forms:
        return len(toks) == 1 or " ".join(toks) in forms or f"{toks[0]} {toks[-1]}" in forms
    if len(toks) == 1:
        return any(" " not in f and short_form(toks[0], f) for f in forms)
    return any(short_form(toks[0], f.split()[0]) and f.split()[-1] == toks[-1]
               for f in forms if " " in f)


def short_form(short: str, name: str) -> bool:
    """Whether ``short`` is a shortening of the first name ``name`` that notes use for a child.

    >>> short_form("nat", "natalie"), short_form("george", "georgia"), short_form("sam", "sian")
    (True, True, False)
    """
    if len(short) < 3 or short == name:
        return short == name
    if name.startswith(short):
        return True
    common = len(os.path.commonprefix([short, name]))
    return common >= 4 and max(len(short), len(name)) - common <= 2


def _value_name(value: str) -> re.Match[str] | None:
    return re.match(rf"\s*[\"“]?(?P<name>{NAME}|{INITIAL_NAME})[\"”]?{_END}", value)


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
                    if raw not in first_names() or raw in COMMON or raw in STOP:
                        continue
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
                            "lower-cue": 24, "staff-paren": 64, "possessive": 45}[source]
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
    names = first_names()
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
