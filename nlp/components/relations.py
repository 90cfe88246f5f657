"""Sentence-level relations between the subject child ("CHILD") and the entities.

Rules, one sentence at a time, on entity mentions already resolved:

* LIVES_AT: the child's home: the header's "Address:"/"Placement:" place and the place the
  child went missing from ("Missing from: Rowan", "reported missing by staff ... from
  Elmwood"); a person and "Boothy's flat", "his flat on X", "where Zee lives", or an address
  in the block of a subject of concern on a form;
* AT: any other place after "at/to/in/into/from/round/near" or a "Found at:" value;
* WITH: a person (not a professional) the child was out with: "with Kyle", "met up w/ Abbie",
  "joined later by Hannah", "Shannon was with them", "Kyle and Tyler went";
* TRANSPORTED_BY: the people (not professionals, not peers when an adult is there) and
  vehicles of a sentence carrying a TRANSPORTED indicator that is not negated;
* CONTACTED_BY: adults of concern, phones and handles in a sentence about messaging, ringing
  or texting the child;
* USES: an adult of concern and a phone, vehicle or handle in one sentence or subject block;
* ASSOCIATE_OF: "Kyle, Ash's mate", "Connor drives for AB", "holding for Zee".

>>> from nlp.components.relations import CONTACT
>>> bool(CONTACT.search("Zee rings them from 07700 900417"))
True
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import Entity, Mention, text_of
from nlp.components.layout import Layout, layout
from nlp.components.roles import WITH_AFTER, WITH_BEFORE

CONTACT = re.compile(r"(?i)\b(?:messag\w*|rings?|rang|ringing|call(?:s|ed|ing)?|text(?:s|ed)?|"
                     r"snap(?:chat)?|online|contact(?:ed)?|dm'?d?|saved as)\b")
_AT_CUE = re.compile(r"(?i)(?:\b(?:at|to|in|into|from|round|around|near|outside|on|back to|"
                     r"towards|stayed at|went to)\s+(?:the\s+|a\s+|his\s+|her\s+)?$)")
_NOT_WITH = re.compile(r"(?i)\b(?:relationship|contact|argument|row|fallen out|fell out|"
                       r"argued|agreed|share\w*|discuss\w*)\s+with\s+(?:\w+\s+)?$")
_LIVES_LABELS = frozenset({"address", "placement", "home address", "lives at", "current address"})
_HOME_LABELS = frozenset({"missing from"})
_AT_LABELS = frozenset({"found at", "found", "location"})
_MISSING_FROM = re.compile(r"(?i)(?:\bmissing\b[^.\n]{0,60}?\bfrom|\b(?:seen|interviewed)\b"
                           r"[^.\n]{0,30}?\bat|\bRHI\b[^.\n]{0,30}?\bat"
                           # "missing ... from home, 17 Leader Street"; "from foster placement
                           # (carers Sue and Martin Haworth, 104 Sandown Crescent"; "came
                           # home by himself ... to 73 Bentinck Street"
                           r"|\bmissing\b[^.\n]{0,60}?\bfrom\s+(?:(?:his|her|their)\s+)?"
                           r"(?:home|foster\s+placement|placement)\s*(?:,|\([^()]{0,60}?,)"
                           r"|\b(?:came|got|went|walked)\s+(?:back\s+)?home\b[^.\n]{0,40}?\bto)"
                           r"\s+(?:the\s+)?$")
#: The header line that names the child by reference: "Kayla Brennan (C-1001), age 15,
#: Larkfield House." names where she lives.
_CHILD_LINE = re.compile(r"\b(?!MP-)[A-Z]{1,3}-\d{3,}\b")
_NOT_A_HOME = re.compile(r"(?i)school|academy|college|hospital|station|interchange")
#: "Boothy's place", "Nix's flat": the place of the person named before it.
_OWNED = re.compile(r"(?i)['’]s\s+(?:own\s+)?(?:flat|house|place|address|home|room)\b")
_LIVES_THERE = re.compile(r"(?i)^\W{0,3}(?:where|which)\s+(?P<who>\w+)\s+(?:lives|stays|lets)\b")
#: "Kyle, Ash's mate" / "Kyle is "Gio's mate"": the one named first associates with the other.
_MATE_OF = re.compile(r"['’]s\s+(?:(?:older|best|new|little|big)\s+)?(?:mate|friend|associate|"
                      r"driver|cousin|brother|runner|worker)\b", re.IGNORECASE)
#: "Kyle drives for Ash", "he was holding for Zee": the one named first works for the other.
_WORKS_FOR = re.compile(r"(?i)\b(?:driv\w*|drove|hold\w*|held|work\w*|run\w*|ran|sell\w*|sold|"
                        r"deal\w*|carr\w*|collect\w*|recruit\w*)\s+(?:\w+\s+){0,2}?for\s+$")
_THINGS = frozenset({"PHONE", "VEHICLE", "ONLINE_HANDLE"})

Rel = Callable[[str, Any, Any], None]


def _sent_mentions(entities: list[Entity], lay: Layout) -> dict[int, list[tuple[int, Mention]]]:
    by_sent: dict[int, list[tuple[int, Mention]]] = {}
    for i, ent in enumerate(entities):
        for m in ent.mentions:
            by_sent.setdefault(lay.sentence_index(m.start), []).append((i, m))
    for items in by_sent.values():
        items.sort(key=lambda item: item[1].start)
    return by_sent


def home_places(entities: list[Entity], text: str, lay: Layout, first_subject: int) -> set[int]:
    """The places the child lives: header address or placement, where they went missing
    from (children go missing from their home or placement; "Missing from: home" names
    none) and where the interview was held, unless that is a school. A form's addresses after
    its first subject of concern are the subjects'."""
    homes = set()
    for i, ent in enumerate(entities):
        if ent.label != "LOCATION":
            continue
        for m in ent.mentions:
            field = lay.field_at(m.start)
            label = field.label if field else ""
            if m.start > first_subject or lay.section(m.start) == "subject":
                continue
            if label in _LIVES_LABELS or (label in _HOME_LABELS or _MISSING_FROM.search(
                    text, max(0, m.start - 80), m.start) or _on_child_line(text, m)) \
                    and not _NOT_A_HOME.search(m.text):
                homes.add(i)
    return homes


def _on_child_line(text: str, m: Mention) -> bool:
    """A place on the opening line that gives the child's reference."""
    if m.start > 600:
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return bool(_CHILD_LINE.search(line)) and "missing" not in line.lower()


def _places(i: int, m: Mention, items: list[tuple[int, Mention]], entities: list[Entity],
            text: str, s0: int, homes: set[int], lay: Layout, rel: Rel) -> None:
    field = lay.field_at(m.start)
    before = text[max(s0, m.start - 30):m.start]
    resident = _resident(items, entities, text, s0, m) if i not in homes else None
    if i in homes:
        rel("LIVES_AT", "CHILD", i)
    elif resident is not None:
        rel("LIVES_AT", resident, i)  # "(Kayla Brennan, lives at Larkfield House)"
        return
    elif (field and field.label in _AT_LABELS) or _AT_CUE.search(before):
        rel("AT", "CHILD", i)
    found = _owner(items, entities, text, s0, m)
    if found is not None:
        owner, said = found
        rel("LIVES_AT", owner, i)
        went = _AT_CUE.search(text, max(s0, said.start - 30), said.start)
        if i not in homes and (went or _AT_CUE.search(before)):
            rel("WITH", "CHILD", owner)  # went to Deano's flat: was with Deano


_LIVES_AT_BEFORE = re.compile(r"(?i),\s*(?:who\s+)?(?:lives|living|stays|staying)\s+(?:at|in|on)"
                              r"\s+(?:the\s+)?$")


def _resident(items: list[tuple[int, Mention]], entities: list[Entity], text: str, s0: int,
              m: Mention) -> int | None:
    """The person just named as living at this place: "Kayla Brennan, lives at Larkfield"."""
    cue = _LIVES_AT_BEFORE.search(text, max(s0, m.start - 40), m.start)
    if cue is None:
        return None
    named = [j for j, n in items if entities[j].label == "PERSON" and n.end <= cue.start()
             and not text[n.end:cue.start()].strip(" )")]
    return named[-1] if named else None


def _owner(items: list[tuple[int, Mention]], entities: list[Entity], text: str, s0: int,
           m: Mention) -> tuple[int, Mention] | None:
    """The person whose place this is, and where they are named: "Boothy's place, a flat on
    X", "X, where Zee lives", "his flat on X" (the adult of concern of the sentence)."""
    people = [(j, n) for j, n in items if entities[j].label == "PERSON"
              and entities[j].role != "PROFESSIONAL"]
    for j, n in reversed(people):
        if n.end <= m.start and _OWNED.match(text, n.end):
            return j, n
    after = _LIVES_THERE.match(text[m.end:m.end + 40])
    if after:
        who = after.group("who").lower()
        found = [(j, n) for j, n in people if n.start > m.end and n.text.lower() == who]
        if found:
            return found[0]
    if re.search(r"(?i)\b(?:his|her) (?:flat|house|place)\b",
                 text[max(s0, m.start - 30):m.start] + m.text):
        adults = [(j, n) for j, n in people if entities[j].role == "ADULT_OF_CONCERN"]
        return adults[0] if adults else None
    return None


def _people(i: int, m: Mention, items: list[tuple[int, Mention]], entities: list[Entity],
            text: str, s0: int, s1: int, lay: Layout, rel: Rel) -> None:
    before = text[max(s0, m.start - 60):m.start]
    after = text[m.end:min(s1, m.end + 80)]
    section = lay.section(m.start)
    if section not in {"protective", "actions", "manager"} and not _NOT_WITH.search(before) \
            and (WITH_BEFORE.search(before) or WITH_AFTER.match(after)):
        rel("WITH", "CHILD", i)
    others = [(j, n) for j, n in items if j != i and entities[j].label == "PERSON"
              and entities[j].role != "PROFESSIONAL"]
    if _MATE_OF.match(text, m.end):  # "<earlier person> ... Ash's mate": earlier -> Ash
        earlier = [j for j, n in others if n.end <= m.start]
        if earlier:
            rel("ASSOCIATE_OF", earlier[-1], i)
    if _WORKS_FOR.search(before):  # "Kyle drives for Ash": Kyle -> Ash
        earlier = [j for j, n in others if n.end <= m.start]
        if earlier:
            rel("ASSOCIATE_OF", earlier[-1], i)


def _transported(people: list[int], things: list[int], entities: list[Entity],
                 next_people: list[int], rel: Rel) -> None:
    """The ones who took the child: adults over peers, and the vehicle, which the driver
    uses. "Staff saw her get into a grey Toyota. Kyle is mid 20s": with nobody named in the
    sentence, the adult the next sentence names first is the driver."""
    adults = [p for p in people if entities[p].role in {"ADULT_OF_CONCERN", "UNKNOWN"}]
    vehicles = [t for t in things if entities[t].label == "VEHICLE"]
    if not people and vehicles:
        adults = [p for p in next_people if entities[p].role == "ADULT_OF_CONCERN"][:1]
    drivers = adults or people
    for i in dict.fromkeys(drivers + vehicles):
        if entities[i].role != "PEER" or not adults:
            rel("TRANSPORTED_BY", "CHILD", i)
    for d in drivers[:1]:
        for v in vehicles:
            rel("USES", d, v)


def find(doc: Doc) -> list[dict[str, Any]]:
    """Relations of one processed doc (entity indexes as in ``doc._.rhi_entities``)."""
    text = text_of(doc)
    lay = layout(doc)
    entities: list[Entity] = doc._.rhi_entities or []
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, Any, Any]] = set()

    def rel(kind: str, source: Any, target: Any) -> None:
        key = (kind, source, target)
        if source != target and key not in seen:
            seen.add(key)
            out.append({"type": kind, "source": source, "target": target})

    first_subject = min((e.first.start for e in entities if e.label == "PERSON"
                         and e.attrs.get("subject_of_concern")), default=len(text))
    homes = home_places(entities, text, lay, first_subject)
    transported = {lay.sentence_index(i["start"]) for i in doc._.rhi_indicators or []
                   if i["code"] == "TRANSPORTED" and not i["negated"]}
    by_sent = _sent_mentions(entities, lay)

    def people_of(items: list[tuple[int, Mention]]) -> list[int]:
        return list(dict.fromkeys(i for i, _ in items if entities[i].label == "PERSON"
                                  and entities[i].role != "PROFESSIONAL"))

    for si, items in sorted(by_sent.items()):
        s0, s1 = lay.sents[si] if lay.sents else (0, len(text))
        people = people_of(items)
        things = list(dict.fromkeys(i for i, _ in items if entities[i].label in _THINGS))
        if lay.section(s0) == "subject":  # a form's list of a subject's details
            people = []
        for i, m in items:
            if entities[i].label == "LOCATION":
                _places(i, m, items, entities, text, s0, homes, lay, rel)
            elif i in people:
                _people(i, m, items, entities, text, s0, s1, lay, rel)
        if si in transported:
            _transported(people, things, entities, people_of(by_sent.get(si + 1, [])), rel)
        if CONTACT.search(text, s0, s1) and lay.section(s0) != "subject":
            for i in people + [t for t in things if entities[t].label != "VEHICLE"]:
                if entities[i].label != "PERSON" or entities[i].role == "ADULT_OF_CONCERN":
                    rel("CONTACTED_BY", "CHILD", i)
        for p in people:
            if entities[p].role == "ADULT_OF_CONCERN":
                for t in things:
                    rel("USES", p, t)
    _subject_blocks(doc, entities, rel)
    return out


def _subject_blocks(doc: Doc, entities: list[Entity], rel: Rel) -> None:
    """On a form, what is listed under a subject of concern is theirs.

    A subject's block runs from their name to the next subject or the next blank line.
    """
    text = text_of(doc)
    lay = layout(doc)
    subjects = sorted((e.first.start, i) for i, e in enumerate(entities)
                      if e.label == "PERSON" and e.attrs.get("subject_of_concern"))
    if not subjects:
        return
    placed = sorted((m.start, j) for j, e in enumerate(entities) for m in e.mentions)
    starts = [s for s, _ in placed]
    for n, (_, i) in enumerate(subjects):
        start = entities[i].first.end
        end = subjects[n + 1][0] if n + 1 < len(subjects) else len(text)
        block_end = text.find("\n\n", start, end)
        end = block_end if block_end > 0 else end
        for at, j in placed[bisect_left(starts, start):bisect_left(starts, end)]:
            other = entities[j]
            if other.label in _THINGS:
                rel("USES", i, j)
            elif other.label == "LOCATION":
                field = lay.field_at(at)
                if field and field.label in _LIVES_LABELS:
                    rel("LIVES_AT", i, j)


@Language.factory("rhigraph_relations")
def make_relations(nlp: Language, name: str) -> Relations:
    return Relations()


class Relations:
    """Sets ``doc._.rhi_relations``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.rhi_relations = find(doc)
        return doc
