"""Sentence-level relations between the subject child ("CHILD") and the entities.

Rules, one sentence at a time, on entity mentions already resolved:

* LIVES_AT: the child's header "Address:"/"Placement:" place; a person and "his flat on X" or
  an address in the block of a subject of concern on a form;
* AT: a place after "at/to/in/into/from/round/near" or a "Found at:"/"Missing from:" value;
* WITH: a person (not a professional) after "with", or in "X and CHILD went";
* TRANSPORTED_BY: people (not professionals) and vehicles in a sentence carrying a TRANSPORTED
  indicator that is not negated;
* CONTACTED_BY: people, phones and handles in a sentence about messaging, ringing or texting;
* USES: a person and a phone, vehicle or handle in one sentence or one subject block;
* ASSOCIATE_OF: "X's mate", "driving for X", "holding for X".

>>> from nlp.components.relations import CONTACT
>>> bool(CONTACT.search("Zee rings them from 07700 900417"))
True
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import Entity, text_of
from nlp.components.layout import layout

CONTACT = re.compile(r"(?i)\b(?:messag\w*|rings?|rang|ringing|call(?:s|ed|ing)?|text(?:s|ed)?|"
                     r"snap(?:chat)?|online|contact(?:ed)?|dm'?d?)\b")
_AT_CUE = re.compile(r"(?i)(?:\b(?:at|to|in|into|from|round|around|near|outside|on|back to|"
                     r"towards|stayed at|went to)\s+(?:the\s+|a\s+|his\s+|her\s+)?$)")
_WITH_CUE = re.compile(r"(?i)\bwith\s+(?:his |her |their )?(?:mate |friend |boyfriend |"
                       r"girlfriend )?$")
_LIVES_LABELS = frozenset({"address", "placement", "home address", "lives at", "current address"})
_AT_LABELS = frozenset({"found at", "missing from", "found", "location"})
_ASSOC = re.compile(r"(?i)(?:['’]s\s+(?:mate|friend|associate|driver)|driving\s+for|holding\s+for|"
                    r"works?\s+for|running a line .* for)")


def _sent_mentions(entities: list[Entity], lay: Any) -> dict[int, list[tuple[int, Any]]]:
    by_sent: dict[int, list[tuple[int, Any]]] = {}
    for i, ent in enumerate(entities):
        for m in ent.mentions:
            by_sent.setdefault(lay.sentence_index(m.start), []).append((i, m))
    return by_sent


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

    # an address after the first subject of concern on a form is theirs, not the child's
    first_subject = min((e.first.start for e in entities if e.label == "PERSON"
                         and e.attrs.get("subject_of_concern")), default=len(text))
    transported = {lay.sentence_index(i["start"]) for i in doc._.rhi_indicators or []
                   if i["code"] == "TRANSPORTED" and not i["negated"]}
    for si, items in sorted(_sent_mentions(entities, lay).items()):
        s0, s1 = lay.sents[si] if lay.sents else (0, len(text))
        sentence = text[s0:s1]
        people = [i for i, m in items if entities[i].label == "PERSON"
                  and entities[i].role != "PROFESSIONAL"]
        things = [i for i, m in items if entities[i].label in {"PHONE", "VEHICLE",
                                                                "ONLINE_HANDLE"}]
        for i, m in items:
            ent = entities[i]
            field = lay.field_at(m.start)
            before = text[max(s0, m.start - 30):m.start]
            if ent.label == "LOCATION":
                label = field.label if field else ""
                if label in _LIVES_LABELS and lay.section(m.start) not in {"subject"}:
                    if m.start <= first_subject:
                        rel("LIVES_AT", "CHILD", i)
                elif label in _AT_LABELS or _AT_CUE.search(before):
                    rel("AT", "CHILD", i)
                owner = re.search(r"(?i)\b(?:his|her) (?:flat|house|place)\b", before + m.text)
                if owner and people:
                    rel("LIVES_AT", people[0], i)
            elif ent.label == "PERSON" and ent.role != "PROFESSIONAL":
                if _WITH_CUE.search(before):
                    rel("WITH", "CHILD", i)
                after = text[m.end:min(s1, m.end + 40)]
                if _ASSOC.match(after):
                    target = next((j for j, n in items if entities[j].label == "PERSON"
                                   and n.start > m.end and j != i), None)
                    if target is not None:
                        rel("ASSOCIATE_OF", target, i)
        if si in transported:
            for i in dict.fromkeys(people + [j for j in things if entities[j].label == "VEHICLE"]):
                rel("TRANSPORTED_BY", "CHILD", i)
        if CONTACT.search(sentence):
            for i in dict.fromkeys(people + [j for j in things if entities[j].label != "VEHICLE"]):
                if entities[i].label != "PERSON" or entities[i].role == "ADULT_OF_CONCERN":
                    rel("CONTACTED_BY", "CHILD", i)
        for p in dict.fromkeys(people):
            for t in dict.fromkeys(things):
                if entities[p].role == "ADULT_OF_CONCERN":
                    rel("USES", p, t)
    _subject_blocks(doc, entities, rel)
    return out


def _subject_blocks(doc: Doc, entities: list[Entity], rel: Any) -> None:
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
            if other.label in {"PHONE", "VEHICLE", "ONLINE_HANDLE"}:
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
