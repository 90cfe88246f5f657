"""Person roles: ADULT_OF_CONCERN, PEER, FAMILY, PROFESSIONAL or UNKNOWN, from cues.

The order of the checks is the safeguarding rule: anyone named as a professional or carer
(a header label, "her social worker", "PC", "night staff (Tom)", a sign-off, someone given an
action in the plan) is PROFESSIONAL whatever else the text says of them, so that a worker who
collects a child is never an adult of concern. Then kin of the child ("his dad Gary Marsh";
"Reece's brother" is not the child's kin), then a subject of concern on an intelligence form,
then an age ("about 25", "(16)", "mid 20s"), then what they are called ("an older lad", "a girl
called", "his mate"), then what the person did to or for the child (picked them up, gave gifts,
is owed money, took their phone), then having been out with the child, which makes a peer:
"met up with Luke", "Abbie was with them", "joined later by Hannah".

Cues are read in a window around each mention, inside its sentence; what a person is called
anywhere in the note counts for every mention of them.

>>> from nlp.components.roles import age_years
>>> age_years("about 25"), age_years("(16)"), age_years("mid 20s"), age_years("Year 11")
(25, 16, 25, 16)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import Entity, Mention, text_of, words_alternation
from nlp.components.layout import Layout, layout
from nlp.components.names import ADULTS, JOBS, PEERS

AGE = re.compile(
    r"^(?:[^.\n]{0,40}?)(?:\b(?:aged?|age:?|is|was|says (?:he|she)(?:'s| is)"
    r"|who (?:she|he) says is|says|looks?)\s*[\"“]?|\(|,\s"
    r"|[\s\"“](?=about|around|maybe|probably|roughly|mid|early|late|in (?:his|her)))"
    r"(?P<age>(?:about |around |approx\.? |maybe |probably |roughly |mid |early |late "
    r"|in (?:his|her|their) |like )?"
    r"(?:1[0-9]|[2-6][0-9])s?)\b(?![/:.]\d)(?!\s*(?:times|minutes|mins|hours|hrs|days|weeks"
    r"|pm|am|quid|pounds|p\b))"
)
_DECADE = re.compile(r"\b(?P<q>mid|early|late|in (?:his|her|their)|like)?\s*(?P<d>[1-6]0)s\b")
_ADULT_WORDS = rf"(?:{words_alternation(ADULTS)}|adult|older|his 20s|his 30s)"
#: "an older lad called Kyle", "adult male (Ash)": an adult word just before the name ...
ADULT_BEFORE = re.compile(rf"(?i:\b{_ADULT_WORDS}\b)")
#: ... or said of them just after it: "Kyle, an older lad", "Zee (adult male)", "Kyle is a man".
ADULT_AFTER = re.compile(
    rf"(?i:^\s*(?:,|\(|-|\bis\b|\bwas\b|\bwho\s+is\b)\s*(?:an?\s+|the\s+)?(?:\w+\s+)?"
    rf"{_ADULT_WORDS}\b)"
)
_PEER_WORDS = rf"(?:{words_alternation(PEERS)})"
#: "his mate Kyle", "a girl called Shannon", "another young person, Leah": just before the name.
PEER_BEFORE = re.compile(
    rf"(?i:\b{_PEER_WORDS}\b(?:\s+(?:called|named|from\s+\w+))?[\s,(:\"“]*$)")
#: "Kyle, his mate", "Leah (another young person, 15)", "Kayla (C-1001)", "Jo (Year 10)": said
#: of them just after the name ("Ash was there with some of his mates" says nothing of Ash).
PEER_AFTER = re.compile(
    rf"(?i:^\s*(?:,|\(|-|\bis\b|\bwas\b|\bwho\s+is\b)\s*(?:an?\s+|the\s+|his\s+|her\s+|"
    rf"their\s+|another\s+)?(?:\w+\s+)?{_PEER_WORDS}\b|^\s*\(\s*C-\d+|^[^.]{{0,30}}"
    r"\b(?:year\s+\d{1,2}|looked after|also lac)\b)"
)
_JOB_NEAR = re.compile(rf"(?i:^\s*[(,]\s*(?:the |a |an |her |his )?(?:[a-z-]+ ){{0,3}}?"
                       rf"(?:{words_alternation(JOBS)})\b)")
#: Driving a child about, said of the person anywhere in the clause after the name: "callum
#: is 'Kyle's mate' and 'takes him places'" (not of Kyle, whose name is only possessive).
TAKES_PLACES = r"^(?!['’]s\b)[^.;\n]{0,40}?\btakes\s+(?:her|him|them)\s+places\b"
#: What adults of concern do in these notes, with the person as the doer (NAME first).
_CONCERN_AFTER = re.compile(
    r"(?i:^(?:['’]s)?\s+(?:(?!(?:says|said|told|tells|reports|reported|thinks|believes|"
    r"explained|disclosed|stated)\b)\w+\s+){0,3}?(?:picked|picks|pick|drove|drives|driving|collected|"
    r"gave|gives|bought|buys|paid|pays|sent|sends|ordered|told|tells|messages|messaged|"
    r"rings|rang|owes?|made|makes|took|takes|got (?:it|them|her|him)|sorts|supplied|supplies|"
    r"offered|offers|lets|let|runs|controls|threatened|booked|is an adult|is an older|"
    r"is \"?\d\d)"
    rf"|{TAKES_PLACES})"
)
#: A name said as someone's ("DG's mate"): what follows it is still said of the person
#: before it, so a mention's cues do not stop there.
_POSSESSIVE = re.compile(r"[\w-]+(?:[ ][A-Z][\w-]+)?['’]s\b")
#: ... and with the person as the one the child is bound to or taken by (NAME last).
_CONCERN_BEFORE = re.compile(
    r"(?i:(?:owes?|owed|for|against|by|notices? for|cawns? for|disruption against|"
    r"holding for|working for|driving for|drives for|scared of|frightened of|"
    r"closed down when asked about|guarded about)\s+(?:\w+\s+)?$)"
)
#: Out with the child: "with Luke", "w/ Abbie", "met up with", "joined later by Hannah".
WITH_BEFORE = re.compile(
    r"(?i:(?:\bwith|\bw/|\bjoined\s+(?:later\s+)?by|\bwent\s+out\s+with|\bmet\s+up\s+w(?:ith|/))"
    r"\s+(?:his |her |their )?(?:mate |mates |friend |friends )?$)"
)
WITH_AFTER = re.compile(
    r"(?i:^\s+(?:and\s+(?:he|she|they|him|her)\b|(?:was|were)\s+(?:also\s+)?(?:with|w/)\s+"
    r"(?:them|him|her)\b|(?:was|were)\s+there\b))"
)
#: A person a plan gives something to do is a worker: "Andrea Stewart to request a strategy
#: discussion", "Inform Rita Dawson today"; "ISF to GMP re Luke" names a subject instead.
_ACTION_AFTER = re.compile(r"(?i:^\s+(?:(?:to|will|is to|has agreed to)\s+(?!be\b)[a-z]+|"
                           r"(?:has been |was |to be )?(?:informed|notified|updated|consulted|"
                           r"made aware|copied in)\b))")
#: What joins a worker's name to their organisation: "Priya Shah, Moorfield Housing".
_AT_ORG = re.compile(r"^\s*(?:,|\(|-|\bfrom\b|\bof\b)\s*(?:the\s+)?")
_ACTION_BEFORE = re.compile(r"(?i:\b(?:inform|update|notify|tell|ask|email|contact|liaise with|"
                            r"discuss with|speak to|copy to|cc)\s+$)")
_SUBJECT_OF_ACTION = re.compile(r"(?i:\b(?:re|about|regarding|concerning|on)\s+(?:\w+\s+)?$)")
#: Protective factors name the child's trusted adults: "Dale Storey visits regularly".
_PROTECTIVE = re.compile(r"(?i:^\s+(?:visits|sees|checks in|is in touch|keeps in touch|"
                         r"has been|continues|remains|is supportive|supports))")
_PROTECTIVE_BEFORE = re.compile(r"(?i:\b(?:relationship with|trusts|trusted adult|support from|"
                                r"supported by|close to)\s+$)")
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


@dataclass
class Cues:
    """What the text says about one person, gathered over all their mentions."""

    hints: set[str] = field(default_factory=set)
    ages: list[str] = field(default_factory=list)
    professional: bool = False
    trusted: bool = False  # given an action in the plan, or a protective factor
    adult: bool = False
    peer: bool = False
    concern: bool = False
    with_child: bool = False
    male: bool = False

    def role(self) -> str:
        """The role these cues add up to, in the order of the module docstring."""
        years = next((y for y in (age_years(a) for a in self.ages) if y), None)
        if "PROFESSIONAL" in self.hints or self.professional:
            return "PROFESSIONAL"
        if "FAMILY" in self.hints:
            return "FAMILY"
        if self.trusted:
            return "PROFESSIONAL"
        if "ADULT_OF_CONCERN" in self.hints:
            return "ADULT_OF_CONCERN"
        if years is not None:
            return "ADULT_OF_CONCERN" if years >= 18 else "PEER"
        if "ADULT" in self.hints or self.adult:
            return "ADULT_OF_CONCERN"
        if "PEER" in self.hints or self.peer:
            return "PEER"
        if self.concern:
            return "ADULT_OF_CONCERN"
        if self.with_child:
            return "PEER"
        return "UNKNOWN"


def _window(text: str, m: Mention, sent: tuple[int, int]) -> tuple[str, str]:
    return text[max(sent[0], m.start - 60):m.start], text[m.end:min(sent[1], m.end + 80)]


def _worker_by_section(section: str, before: str, after: str) -> bool:
    """Given something to do in the plan, or a trusted adult among the protective factors."""
    if section == "actions":
        return not _SUBJECT_OF_ACTION.search(before) and bool(
            _ACTION_AFTER.match(after) or _ACTION_BEFORE.search(before))
    if section == "protective":
        return bool(_PROTECTIVE.match(after) or _PROTECTIVE_BEFORE.search(before))
    return False


def _read(cues: Cues, text: str, lay: Layout, m: Mention, orgs: frozenset[int],
          people: list[int]) -> None:
    """Add the cues around one mention."""
    if m.attrs.get("hint"):
        cues.hints.add(str(m.attrs["hint"]))
    if m.attrs.get("age"):
        cues.ages.append(str(m.attrs["age"]))
    before, after = _window(text, m, lay.sentence(m.start))
    i = bisect_right(people, m.start)
    while i < len(people) and _POSSESSIVE.match(text, people[i]):
        i += 1
    if i < len(people) and people[i] - m.end < len(after):
        after = after[:max(0, people[i] - m.end)]  # what follows the next name is theirs
    age = AGE.match(after)
    if age:
        cues.ages.append(age.group("age").strip())
    if _JOB_NEAR.match(after) or m.source == "signature":
        cues.professional = True
    if _worker_by_section(lay.section(m.start), before, after):
        cues.trusted = True
    clause = re.split(r"[;:]", before)[-1]  # "calls the man "Deano"; Millie ..."
    if ADULT_BEFORE.search(clause[-30:]) or ADULT_AFTER.match(after[:40]):
        cues.adult = True
    joined = _AT_ORG.match(after)
    if joined and m.end + joined.end() in orgs:
        cues.professional = True  # "Priya Shah, Moorfield Housing", "Lee (Wigan MFH)"
    if PEER_BEFORE.search(clause[-40:]) or PEER_AFTER.match(after[:60]):
        cues.peer = True
    with_child = bool(WITH_BEFORE.search(before) or WITH_AFTER.match(after))
    cues.with_child |= with_child
    if _CONCERN_AFTER.match(after) or (not with_child and _CONCERN_BEFORE.search(before)):
        cues.concern = True
    if _MALE.search(before[-25:]) or _MALE.search(after[:40]):
        cues.male = True


def decide(ent: Entity, doc: Doc, orgs: frozenset[int] = frozenset(),
           people: list[int] | None = None) -> tuple[str, dict[str, object]]:
    """Role and attributes of one PERSON entity (``orgs``: where organisations are named;
    ``people``: where persons are named, sorted, so that cues stop at the next name)."""
    people = people if people is not None else sorted(
        m.start for e in doc._.rhi_entities or [] if e.label == "PERSON" for m in e.mentions)
    text = text_of(doc)
    lay = layout(doc)
    cues = Cues()
    for m in ent.mentions:
        _read(cues, text, lay, m, orgs, people)
    field_age = _subject_age(ent, doc)
    if field_age:
        cues.ages.append(field_age)
    attrs: dict[str, object] = {}
    for key in ("job", "relationship", "nickname"):
        for m in ent.mentions:
            if m.attrs.get(key):
                attrs.setdefault(key, m.attrs[key])
    if cues.ages:
        attrs["age"] = cues.ages[0]
    role = cues.role()
    if role == "ADULT_OF_CONCERN" and cues.male:
        attrs["gender"] = "male"
    return role, attrs


def _subject_age(ent: Entity, doc: Doc) -> str | None:
    """"Age: mid 20s" in the block of a subject of concern on a form."""
    text = text_of(doc)
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
        entities = doc._.rhi_entities or []
        orgs = frozenset(m.start for e in entities if e.label == "ORGANISATION"
                         for m in e.mentions)
        people = sorted(m.start for e in entities if e.label == "PERSON" for m in e.mentions)
        for ent in entities:
            if ent.label != "PERSON":
                continue
            ent.role, attrs = decide(ent, doc, orgs, people)
            for key, value in attrs.items():
                ent.attrs.setdefault(key, value)
            for key in ("hint", "cue", "short", "possessor", "nicknames"):
                ent.attrs.pop(key, None)
        return doc
