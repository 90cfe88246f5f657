"""One entity per real-world thing per document: settle overlaps, then fold mentions together.

Recognisers overlap on purpose (the model's PERSON "Bolton BL1" against the address rule), so
first every overlap is settled by priority, the loser lending its hints to a winner of the same
type. Then mentions are grouped:

* phones, handles and plates by their keys; a partial plate joins the full plate it fits;
* vehicles without a plate join a described vehicle they do not contradict ("the Audi" and
  "black Audi"); places by address key, a street joining the numbered address on it, with
  the misspellings practitioners make ("Mossfeild Ct") caught by fuzzy matching;
* people by name key, a first name joining the one full name that starts with it, and the links
  the text itself makes: 'Kyle (Kyle Pennington, 16)', 'Amelia "Millie" CARTWRIGHT',
  'Nickname(s): "Deano", "Ash"', "Mr ASHWORTH";
* then every other case-insensitive occurrence of a person's name ("deano") and the short name
  of a named place ("Larkfield", "the Interchange") becomes a further mention, so that the first
  mention is truly the first.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc

from graph.exc import InvalidValue
from graph.types import name as name_type
from graph.types import vrm
from nlp.components.base import Entity, Mention, mentions
from nlp.components.layout import layout
from nlp.components.persons import COMMON, STOP, is_subject, subject_forms

_GENERIC_PLACE_WORDS = frozenset(
    ["house", "view", "lodge", "hall", "court", "street", "road", "lane", "park", "station", "interchange", "hotel", "retail", "centre", "railway", "train", "bus", "north", "south", "east", "west"]
)


def _place_heads(found: list[Mention]) -> set[str]:
    """Short names of named places ("Larkfield" of "Larkfield House") that are not people."""
    heads: set[str] = set()
    for m in found:
        if m.label not in {"LOCATION", "ORGANISATION"} or m.priority < 55:
            continue
        name = str(m.attrs.get("name") or m.text)
        words = name.split(",")[0].split()
        if len(words) >= 2 and words[-1].lower() in _GENERIC_PLACE_WORDS:
            heads.add(" ".join(words[:-1]))
        heads.add(name)
    return heads


def resolve_overlaps(found: Iterable[Mention]) -> list[Mention]:
    """Keep the best of each set of overlapping mentions; losers of the same type lend hints."""
    ranked = sorted(found, key=lambda m: (-m.priority, -(m.end - m.start), m.start))
    kept: list[Mention] = []
    starts: list[int] = []  # kept mentions never overlap, so sorted by start = sorted by end
    ordered: list[Mention] = []
    for cand in ranked:
        i = bisect_left(starts, cand.start)
        clash = [k for k in ordered[max(0, i - 1):i + 1] if k.overlaps(cand)]
        j = i + 1
        while j < len(ordered) and ordered[j].start < cand.end:
            clash.append(ordered[j])
            j += 1
        if not clash:
            kept.append(cand)
            starts.insert(i, cand.start)
            ordered.insert(i, cand)
            continue
        for k in clash:
            if k.label == cand.label:
                for key, value in cand.attrs.items():
                    k.attrs.setdefault(key, value)
    return sorted(kept, key=lambda m: m.start)


def _person_key(m: Mention) -> list[str]:
    try:
        return name_type.tokens(m.text)
    except InvalidValue:
        return []


def _street_of(key: str | None) -> str | None:
    if not key:
        return None
    parts = key.split(" ", 1)
    return parts[1] if len(parts) == 2 and re.match(r"^\d", parts[0]) else key


def _same_place(a: Entity, m: Mention) -> bool:
    ka, km = a.normalised, m.normalised
    names = {str(x.attrs.get("name") or "").lower() for x in a.mentions} - {""}
    if m.text.lower() in names or str(m.attrs.get("name") or "").lower() in names:
        return True
    if not ka or not km:
        return False
    if ka == km:
        return True
    sa, sm = _street_of(ka), _street_of(km)
    numbered_a, numbered_m = sa != ka, sm != km
    if numbered_a and numbered_m:
        return ka.split(" ", 1)[0] == km.split(" ", 1)[0] and fuzz.ratio(sa, sm) >= 88
    if not sa or not sm:
        return False
    if fuzz.ratio(sa, sm) >= 88:
        return True
    # "flat on Mossfield" and "Mossfield Court": a bare name that starts the street
    short, long_ = sorted((sa, sm), key=len)
    return " " not in short and long_.split(" ")[0] == short and len(short) > 4


def _same_vehicle(e: Entity, m: Mention) -> bool:
    a, b = e.attrs, m.attrs
    pa, pb = e.normalised, m.normalised
    if pa and pb:
        if pa == pb:
            return True
        partial, full = sorted((pa, pb), key=lambda k: not vrm.is_partial(k))
        return vrm.is_partial(partial) and vrm.could_be(partial, full.rstrip("*"))
    for key in ("make", "colour", "model"):
        if a.get(key) and b.get(key) and a[key].lower() != b[key].lower():
            return False
    return bool((a.get("make") and a.get("make") == b.get("make"))
                or (a.get("colour") and a.get("colour") == b.get("colour")))


def _fold(value: str) -> str:
    return re.sub(r"['’]s$", "", value.strip().lower())


def _group(kept: list[Mention], text: str) -> list[Entity]:
    entities: list[Entity] = []
    links: list[tuple[Mention, Mention]] = []
    person_index: dict[str, Entity] = {}
    for m in kept:
        target: Entity | None = None
        if m.label in {"PHONE", "ONLINE_HANDLE", "ORGANISATION"}:
            target = next((e for e in entities if e.label == m.label and e.normalised
                           and e.normalised == m.normalised), None)
        elif m.label == "VEHICLE":
            target = next((e for e in entities if e.label == "VEHICLE" and _same_vehicle(e, m)),
                          None)
        elif m.label == "LOCATION":
            target = next((e for e in entities if e.label == "LOCATION" and _same_place(e, m)),
                          None)
        elif m.label == "PERSON":
            toks = _person_key(m)
            key = " ".join(toks)
            target = person_index.get(key)
            if target is None and toks and m.source != "title":
                # "Kyle M" and "Kyle": same first name and an initial that fits
                for e in entities:
                    if e.label != "PERSON":
                        continue
                    etoks = _person_key(e.first)
                    if etoks and etoks[0] == toks[0] and (
                            len(toks) == 1 or len(etoks) == 1 or etoks[-1][0] == toks[-1][0]
                            and (len(etoks[-1]) == 1 or len(toks[-1]) == 1)):
                        target = e
                        break
            if m.source == "title" and toks:
                target = next((e for e in entities if e.label == "PERSON"
                               and _person_key(e.first)[-1:] == toks[-1:]), None)
            short = m.attrs.get("short")
            if isinstance(short, tuple):
                s_text = text[short[0]:short[1]]
                links.append((m, Mention("PERSON", short[0], short[1], s_text)))
        if target is None:
            target = Entity(m.label, [], m.normalised, None, {})
            entities.append(target)
        target.mentions.append(m)
        _absorb(target, m)
        if m.label == "PERSON":
            person_index.setdefault(" ".join(_person_key(m)), target)
            for nick in m.attrs.get("nicknames", []) or []:
                person_index.setdefault(nick.lower(), target)
    _link(entities, links)
    return entities


def _absorb(e: Entity, m: Mention) -> None:
    """Fold a mention's key and attributes into its entity, keeping the most specific key."""
    if m.label == "VEHICLE":
        if m.normalised and (not e.normalised or vrm.is_partial(e.normalised)):
            e.normalised = m.normalised
        for key, value in m.attrs.items():
            if value is not None and e.attrs.get(key) is None:
                e.attrs[key] = value
        return
    if m.label == "LOCATION":
        if m.normalised and (not e.normalised or (_street_of(m.normalised) != m.normalised
                                                  and _street_of(e.normalised) == e.normalised)):
            e.normalised = m.normalised
    for key, value in m.attrs.items():
        if value is not None and e.attrs.get(key) in (None, ""):
            e.attrs[key] = value


def _link(entities: list[Entity], links: list[tuple[Mention, Mention]]) -> None:
    """Merge entities the text links explicitly ('Kyle (Kyle Pennington, 16)')."""
    for full, short in links:
        a = next((e for e in entities if full in e.mentions), None)
        b = next((e for e in entities if any(m.start == short.start for m in e.mentions)), None)
        if a is not None and b is not None and a is not b:
            a.mentions.extend(b.mentions)
            for key, value in b.attrs.items():
                a.attrs.setdefault(key, value)
            entities.remove(b)
            a.mentions.sort(key=lambda m: m.start)


def _merge_nickname_fields(doc: Doc, entities: list[Entity]) -> None:
    """'Nickname(s): "Deano", "Ash"' under a subject of concern: one person, three names."""
    text = doc.text
    for field in layout(doc).fields:
        if not field.label.startswith("nickname") and field.label not in {"aka", "also known as",
                                                                           "alias", "aliases"}:
            continue
        owner = None
        for e in entities:
            if e.label == "PERSON" and e.first.start < field.start and e.attrs.get(
                    "subject_of_concern"):
                owner = e  # the nearest subject of concern above the field
        if owner is None:
            continue
        for nick in re.findall(r"[A-Z][a-z]+", text[field.start:field.end]):
            if nick.lower() in {"not", "none", "unknown", "known", "no"}:
                continue
            for e in list(entities):
                if e is owner or e.label != "PERSON":
                    continue
                if any(_fold(m.text) == nick.lower() for m in e.mentions):
                    owner.mentions.extend(e.mentions)
                    entities.remove(e)
            owner.mentions.sort(key=lambda m: m.start)
            owner.attrs.setdefault("nickname", [])
            if isinstance(owner.attrs["nickname"], list) and nick not in owner.attrs["nickname"]:
                owner.attrs["nickname"].append(nick)


def _occurrences(text: str, form: str, case_sensitive: bool) -> Iterable[tuple[int, int]]:
    flags = 0 if case_sensitive else re.IGNORECASE
    for m in re.finditer(rf"(?<![\w@.'’-]){re.escape(form)}(?![\w@-]|\.[a-z0-9])", text, flags):
        yield m.start(), m.end()


def _repeats(doc: Doc, entities: list[Entity], kept: list[Mention]) -> None:
    """Add the other occurrences of each person's and named place's names as mentions."""
    text = doc.text
    taken = sorted([(m.start, m.end) for m in kept] + list(doc._.rhi_subject_spans or []))

    def free(s: int, e: int) -> bool:
        i = bisect_left(taken, (s, s))
        return not any(a < e and s < b for a, b in taken[max(0, i - 3):i + 3])

    forms_subject = subject_forms(doc)
    for ent in entities:
        forms: set[tuple[str, bool]] = set()
        if ent.label == "PERSON":
            for m in ent.mentions:
                toks = m.text.replace('"', "").split()
                if not toks:
                    continue
                clean = re.sub(r"['’]s$", "", m.text)
                low_ok = toks[0].lower() not in COMMON and toks[0].lower() not in STOP
                forms.add((clean, not low_ok))
                if len(toks) > 1 and toks[0][0].isupper() and len(toks[0]) > 2 \
                        and m.source not in {"title", "signature"}:
                    forms.add((toks[0], toks[0].lower() in COMMON))
        elif ent.label == "LOCATION":
            for m in ent.mentions:
                name = str(m.attrs.get("name") or "")
                words = name.split() or m.text.split()
                if len(words) >= 2 and words[-1].lower() in _GENERIC_PLACE_WORDS:
                    head = " ".join(words[:-1])
                    if head.lower() not in _GENERIC_PLACE_WORDS and head[:1].isupper() \
                            and not any(w.lower() in STOP for w in head.split()):
                        forms.add((head, True))
                    if words[-1] in {"Interchange"}:
                        forms.add((words[-1], True))
                forms.add((m.text, True))
        else:
            continue
        for form, case_sensitive in forms:
            if len(form) < 2:
                continue
            for s, e in _occurrences(text, form, case_sensitive):
                if not free(s, e):
                    continue
                if ent.label == "PERSON" and is_subject(form, forms_subject):
                    continue
                ent.mentions.append(Mention(ent.label, s, e, text[s:e], ent.normalised, {}, 20,
                                            "repeat"))
                insort(taken, (s, e))
        ent.mentions.sort(key=lambda m: m.start)


def _address_numbers(doc: Doc, entities: list[Entity], kept: list[Mention]) -> None:
    """"no. 18" after "18 Mossfield Court" is the same address."""
    text = doc.text
    for ent in entities:
        if ent.label != "LOCATION" or not ent.normalised:
            continue
        number = ent.normalised.split(" ", 1)[0]
        if not number[:1].isdigit():
            continue
        for m in re.finditer(rf"\b[Nn]o\.?\s?{re.escape(number)}\b", text):
            if m.start() > ent.first.start and not any(k.start < m.end() and m.start() < k.end
                                                       for k in kept):
                ent.mentions.append(Mention("LOCATION", m.start(), m.end(), m.group(0),
                                            ent.normalised, {}, 20, "number"))


def _finish(ent: Entity) -> None:
    """Entity-level normalised key and attributes once all mentions are in."""
    if ent.label == "PERSON":
        best = None
        for m in ent.mentions:
            if '"' in m.text or "“" in m.text:
                continue
            toks = _person_key(m)
            if len(toks) >= 2 and all(len(t) > 1 for t in toks) and (best is None or len(toks) > len(best)):
                best = toks
        if best is None:
            best = _person_key(ent.first)
        ent.normalised = " ".join(best) if best else None
    elif ent.label == "LOCATION":
        for m in ent.mentions:
            for key in ("postcode", "town"):
                if m.attrs.get(key) and not ent.attrs.get(key):
                    ent.attrs[key] = m.attrs[key]
        ent.attrs.setdefault("postcode", None)
    elif ent.label == "ORGANISATION":
        longest = max(ent.mentions, key=lambda m: len(m.text))
        ent.normalised = longest.normalised or ent.normalised


@Language.factory("rhigraph_aliases")
def make_aliases(nlp: Language, name: str) -> Aliases:
    return Aliases()


class Aliases:
    """Builds ``doc._.rhi_entities`` from ``doc._.rhi_mentions`` (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        spans = doc._.rhi_subject_spans or []
        found = [m for m in mentions(doc)
                 if not (m.label == "PERSON" and any(a < m.end and m.start < b for a, b in spans))]
        heads = _place_heads(found)
        found = [m for m in found if not (m.label == "PERSON" and m.priority < 40
                                          and m.text in heads)]
        kept = resolve_overlaps(found)
        entities = _group(kept, doc.text)
        _merge_nickname_fields(doc, entities)
        _repeats(doc, entities, kept)
        _address_numbers(doc, entities, kept)
        for ent in entities:
            ent.mentions.sort(key=lambda m: m.start)
            _finish(ent)
        entities.sort(key=lambda e: e.first.start)
        doc._.rhi_entities = entities
        return doc
