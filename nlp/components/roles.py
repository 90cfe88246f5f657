"""Person roles: ADULT_OF_CONCERN, PEER, FAMILY, PROFESSIONAL or UNKNOWN, from cues.

The order of the checks is the safeguarding rule: anyone named as a professional or carer
(a header label, "her social worker", "PC", "night support worker") is PROFESSIONAL whatever
else the text says of them, so that a worker who collects a child is never an adult of concern.
Then kin of the child ("his dad Gary Marsh"; "Reece's brother" is not the child's kin), then a
subject of concern on an intelligence form, then an age ("about 25", "(16)", "mid 20s"), then
what the person did (picked the child up, gave gifts, is owed money, CAWN) or what they are
called ("an older lad", "a girl called"), then having been out with the child (a peer).

>>> from nlp.components.roles import age_years
>>> age_years("about 25"), age_years("(16)"), age_years("mid 20s"), age_years("Year 11")
(25, 16, 25, 16)
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import Entity, words_alternation
from nlp.components.layout import layout
from nlp.components.persons import ADULTS, JOBS, PEERS

_AGE = re.compile(
    r"^(?:[^.\n]{0,40}?)(?:\b(?:aged?|age:?|is|was|says (?:he|she)(?:'s| is)"
    r"|who (?:she|he) says is|says|looks?)\s*[\"“]?|\(|,\s|[\s\"“](?=about|around|mid|early|late|in (?:his|her)))"
    r"(?P<age>(?:about |around |approx\.? |mid |early |late |in (?:his|her|their) |like )?"
    r"(?:1[0-9]|[2-6][0-9])s?)\b(?![/:.]\d)"
)
_DECADE = re.compile(r"\b(?P<q>mid|early|late|in (?:his|her|their)|like)?\s*(?P<d>[1-6]0)s\b")
_ADULT_NEAR = re.compile(
    rf"(?i:\b(?:{words_alternation(ADULTS)})\b|\badult\b|\bolder\b|\bhis 20s|\bhis 30s)"
)
_PEER_NEAR = re.compile(
    rf"(?i:\b(?:{words_alternation(PEERS)})\b|\byear\s+\d{{1,2}}\b|\blooked after\b|\balso lac\b|"
    r"\(C-\d+|\bC-\d{3,}\b)"
)
_JOB_NEAR = re.compile(rf"(?i:^\s*[(,]\s*(?:the |a |an |her |his )?(?:[a-z-]+ ){{0,3}}?"
                       rf"(?:{words_alternation(JOBS)})\b)")
#: What adults of concern do in these notes, with the person as the doer (NAME first).
_CONCERN_AFTER = re.compile(
    r"(?i:^(?:['’]s)?\s+(?:\w+\s+){0,3}?(?:picked|picks|pick|drove|drives|driving|collected|"
    r"gave|gives|bought|buys|paid|pays|sent|sends|ordered|told|tells|messages|messaged|"
    r"rings|rang|owes?|made|makes|took|takes|got them|sorts|supplied|supplies|offered|offers|"
    r"lets|let|runs|controls|threatened|is an adult|is \"?\d\d))"
)
_CONCERN_BEFORE = re.compile(
    r"(?i:(?:owes?|owed|for|against|from|about|by|with|notices? for|cawns? for|"
    r"disruption against|holding for|working for|driving for)\s+(?:\w+\s+)?$)"
)
_WITH_CHILD = re.compile(r"(?i:\bwith\s+(?:his |her )?(?:mate |friend )?$)")
_MALE = re.compile(r"(?i:\b(?:he|him|his|man|male|lad|boy|bloke|guy|boyfriend|brother|dad|mr)\b)")


def age_years(value: str) -> int | None:
    """Years from an age as written ("about 25", "(16)", "mid 20s", "Year 11")."""
    decade = _DECADE.search(value)
    if decade:
        return int(decade.group("d")) + 5
    year = re.search(r"(?i)\byear\s+(\d{1,2})\b", value)
    if year:
        return int(year.group(1)) + 5
    number = re.search(r"\b(\d{1,2})\b", value)
    return int(number.group(1)) if number else None


def _window(text: str, start: int, end: int, sent: tuple[int, int]) -> tuple[str, str]:
    return text[max(sent[0], start - 60):start], text[end:min(sent[1], end + 80)]


def decide(ent: Entity, doc: Doc) -> tuple[str, dict[str, object]]:
    """Role and attributes of one PERSON entity."""
    text = doc.text
    lay = layout(doc)
    hints = [m.attrs.get("hint") for m in ent.mentions if m.attrs.get("hint")]
    attrs: dict[str, object] = {}
    ages: list[str] = [str(m.attrs["age"]) for m in ent.mentions if m.attrs.get("age")]
    adult = peer = concern = with_child = male = professional = False
    for m in ent.mentions:
        sent = lay.sentence(m.start)
        before, after = _window(text, m.start, m.end, sent)
        age = _AGE.match(after)
        if age and not re.match(r"^\s*(?:times|minutes|hours|days|weeks|pm|am)", after[age.end():]):
            ages.append(age.group("age").strip())
        if _JOB_NEAR.match(after):
            professional = True
        if _ADULT_NEAR.search(before[-30:]) or _ADULT_NEAR.search(after[:25]):
            adult = True
        if _PEER_NEAR.search(before[-25:]) or _PEER_NEAR.search(after[:40]):
            peer = True
        if _CONCERN_AFTER.match(after) or _CONCERN_BEFORE.search(before):
            concern = True
        if _WITH_CHILD.search(before) or re.match(r"^\s+and\s+(?:he|she|they)\b", after):
            with_child = True
        if _MALE.search(before[-25:]) or _MALE.search(after[:40]):
            male = True
    field_age = _subject_age(ent, doc)
    if field_age:
        ages.append(field_age)
    for key in ("job", "relationship", "nickname", "subject_of_concern"):
        for m in ent.mentions:
            if m.attrs.get(key):
                attrs.setdefault(key, m.attrs[key])
    attrs.pop("subject_of_concern", None)
    if ages:
        attrs["age"] = ages[0]
    years = next((y for y in (age_years(a) for a in ages) if y), None)
    if "PROFESSIONAL" in hints or professional:
        role = "PROFESSIONAL"
    elif "FAMILY" in hints:
        role = "FAMILY"
    elif "ADULT_OF_CONCERN" in hints:
        role = "ADULT_OF_CONCERN"
    elif years is not None:
        role = "ADULT_OF_CONCERN" if years >= 18 else "PEER"
    elif "ADULT" in hints or adult:
        role = "ADULT_OF_CONCERN"
    elif "PEER" in hints or peer:
        role = "PEER"
    elif concern:
        role = "ADULT_OF_CONCERN"
    elif with_child:
        role = "PEER"
    else:
        role = "UNKNOWN"
    if role == "ADULT_OF_CONCERN" and male:
        attrs["gender"] = "male"
    return role, attrs


def _subject_age(ent: Entity, doc: Doc) -> str | None:
    """"Age: mid 20s" in the block of a subject of concern on a form."""
    text = doc.text
    for m in ent.mentions:
        if not m.attrs.get("subject_of_concern"):
            continue
        block = text[m.end:m.end + 400]
        stop = re.search(r"\n\s*(?:\(?[a-z0-9]{1,2}[.)]\s*)?Name\s*:|\n\s*\n", block)
        block = block[: stop.start()] if stop else block
        found = re.search(r"(?im)^\s*(?:age|approx(?:imate)? age)\s*:\s*([^\n]+)", block)
        if found:
            return found.group(1).strip()
    return None


@Language.factory("rhigraph_roles")
def make_roles(nlp: Language, name: str) -> Roles:
    return Roles()


class Roles:
    """Sets ``role`` and person attributes on every PERSON entity."""

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc._.rhi_entities or []:
            if ent.label != "PERSON":
                continue
            ent.role, attrs = decide(ent, doc)
            for key, value in attrs.items():
                ent.attrs.setdefault(key, value)
            for key in ("hint", "cue", "short", "possessor", "nicknames"):
                ent.attrs.pop(key, None)
        return doc
