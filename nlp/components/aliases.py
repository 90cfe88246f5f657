"""One entity per real-world thing per document: settle overlaps, then fold mentions together.

Recognisers overlap on purpose (the model's PERSON "Bolton BL1" against the address rule), so
first every overlap is settled by priority, the loser lending its hints to a winner of the same
type. Then mentions are grouped by :mod:`nlp.components.grouping` (keys, plates, streets with
their misspellings, first names joining full names, "Kyle (Kyle Pennington, 16)"), a form's
'Nickname(s): "Deano", "Ash"' folds those names into its subject of concern, and every other
occurrence of a person's name ("deano") and the short name of a named place ("Larkfield", "the
Interchange") becomes a further mention, so that the first mention is truly the first.

Everything here is near-linear in the length of the text: a 2 MB note must extract in seconds.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.resolve.keys import derived_nickname
from nlp.components.base import Entity, Mention, mentions, text_of
from nlp.components.grouping import GENERIC_PLACE_WORDS, group, person_key
from nlp.components.layout import layout
from nlp.components.names import COMMON, STOP
from nlp.components.same_name import contradict, said_of
from nlp.components.subject import is_subject, subject_forms


def _place_heads(found: list[Mention]) -> set[str]:
    """Short names of named places ("Larkfield" of "Larkfield House") that are not people."""
    heads: set[str] = set()
    for m in found:
        if m.label not in {"LOCATION", "ORGANISATION"} or m.priority < 55:
            continue
        name = str(m.attrs.get("name") or m.text)
        words = name.split(",")[0].split()
        if len(words) >= 2 and words[-1].lower() in GENERIC_PLACE_WORDS:
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


def _fold(value: str) -> str:
    return re.sub(r"['’]s$", "", value.strip().lower())


_NICK_LABELS = frozenset({"aka", "also known as", "alias", "aliases"})
_NOT_NICKS = frozenset({"not", "none", "unknown", "known", "no"})


def _merge_nickname_fields(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """'Nickname(s): "Deano", "Ash"' under a subject of concern: one person, three names."""
    text = text_of(doc)
    subjects = sorted(((e.first.start, n) for n, e in enumerate(entities)
                       if e.label == "PERSON" and e.attrs.get("subject_of_concern")))
    if not subjects:
        return entities
    starts = [s for s, _ in subjects]
    by_fold: dict[str, list[int]] = {}
    for n, e in enumerate(entities):
        if e.label == "PERSON":
            for m in e.mentions:
                by_fold.setdefault(_fold(m.text), []).append(n)
    merged: dict[int, int] = {}  # entity index -> the owner it was folded into
    for field in layout(doc).fields:
        if not field.label.startswith("nickname") and field.label not in _NICK_LABELS:
            continue
        i = bisect_left(starts, field.start) - 1
        if i < 0:
            continue
        owner_n = subjects[i][1]  # the nearest subject of concern above the field
        while owner_n in merged:
            owner_n = merged[owner_n]
        owner = entities[owner_n]
        for nick in re.findall(r"[A-Z][a-z]+", text[field.start:field.end]):
            if nick.lower() in _NOT_NICKS:
                continue
            for n in dict.fromkeys(by_fold.get(nick.lower(), ())):
                if n == owner_n or n in merged:
                    continue
                owner.mentions.extend(entities[n].mentions)
                merged[n] = owner_n
            owner.mentions.sort(key=lambda m: m.start)
            owner.attrs.setdefault("nickname", [])
            if isinstance(owner.attrs["nickname"], list) and nick not in owner.attrs["nickname"]:
                owner.attrs["nickname"].append(nick)
    return [e for n, e in enumerate(entities) if n not in merged]


_SLASHED = re.compile(r"(?<![\w/])(?P<a>[A-Z][a-z]+)/(?P<b>[A-Z][a-z]+)(?![\w/])")


def _merge_written_aliases(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """One person under two names the text joins: "Ash/Deano", and "Deano" for "Dean SMITH".

    A one-word name that is another person's first name plus a letter or two ("Deano",
    "Danny") is that person's nickname when exactly one such person is named; so is one
    made from exactly one named person's name otherwise ("Arc" for Lee ARCHER).
    """
    people = [n for n, e in enumerate(entities) if e.label == "PERSON"]
    by_fold: dict[str, int] = {}
    for n in people:
        for m in entities[n].mentions:
            by_fold.setdefault(_fold(m.text), n)
    pairs: list[tuple[int, int]] = []
    for m in _SLASHED.finditer(text_of(doc)):
        a, b = by_fold.get(m.group("a").lower()), by_fold.get(m.group("b").lower())
        if a is not None and b is not None and a != b:
            pairs.append((a, b))
    firsts: dict[str, list[int]] = {}
    for n in people:
        toks = person_key(entities[n].first)
        if len(toks) >= 2 and len(toks[0]) >= 3:
            firsts.setdefault(toks[0], []).append(n)
    named = {n: person_key(entities[n].first) for f in firsts.values() for n in f}
    for n in people:
        toks = {tuple(person_key(m)) for m in entities[n].mentions}
        if len(toks) != 1 or len(next(iter(toks))) != 1:
            continue
        word = next(iter(toks))[0]
        owners = {o for f, found in firsts.items() for o in found
                  if word.startswith(f) and 1 <= len(word) - len(f) <= 2}
        if not owners and word not in COMMON and word not in STOP:
            # "Arc" beside "Lee ARCHER", "KD" beside "Kyle DAWSON": made from one named
            # person's name the way friends make nicknames (the resolver's own reading)
            owners = {o for o, t in named.items() if derived_nickname(word, t[0], t[-1])}
        if len(owners) == 1 and n not in owners:
            pairs.append((owners.pop(), n))
    if not pairs:
        return entities
    parent = list(range(len(entities)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = sorted((root(a), root(b)), key=lambda i: entities[i].first.start)
        if ra != rb:
            entities[ra].mentions.extend(entities[rb].mentions)
            entities[ra].mentions.sort(key=lambda m: m.start)
            for key, value in entities[rb].attrs.items():
                entities[ra].attrs.setdefault(key, value)
            parent[rb] = ra
    return [e for n, e in enumerate(entities) if root(n) == n]


class _Occurrences:
    """Where given names occur in a text, found without one scan of the text per name.

    Every word that starts a wanted name is looked up once, in one pass over the text; each
    candidate position is then checked with the name's own pattern. A 2 MB note has thousands
    of names, and a scan per name made the repeat search quadratic.
    """

    _WORD = re.compile(r"\w+")

    def __init__(self, text: str, forms: Iterable[str]) -> None:
        self.text = text
        firsts = {m.group(0).lower() for f in forms if (m := self._WORD.match(f))}
        self._at: dict[str, list[int]] = {}
        for m in self._WORD.finditer(text):
            word = m.group(0).lower()
            if word in firsts:
                self._at.setdefault(word, []).append(m.start())

    def find(self, form: str, case_sensitive: bool) -> Iterable[tuple[int, int]]:
        """Spans where ``form`` stands as a name of its own (not inside a word or handle)."""
        first = self._WORD.match(form)
        if first is None:  # a form that starts with punctuation: rare, scan for it
            flags = 0 if case_sensitive else re.IGNORECASE
            rx = re.compile(rf"(?<![\w@.'’-]){re.escape(form)}(?![\w@-]|\.[a-z0-9])", flags)
            for m in rx.finditer(self.text):
                yield m.start(), m.end()
            return
        text, n = self.text, len(form)
        want = form if case_sensitive else form.lower()
        for start in self._at.get(first.group(0).lower(), ()):
            end = start + n
            got = text[start:end]
            if (got if case_sensitive else got.lower()) != want:
                continue
            if start and (text[start - 1].isalnum() or text[start - 1] in "_@.'’-"):
                continue
            after = text[end:end + 2]
            if after[:1] and (after[0].isalnum() or after[0] in "_@-"):
                continue
            if after[:1] == "." and after[1:2].isalnum() and after[1:2].lower() == after[1:2]:
                continue
            yield start, end


def _person_forms(ent: Entity) -> set[tuple[str, bool]]:
    """A person's wordings to look for again, and whether case must match."""
    forms: set[tuple[str, bool]] = set()
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
    return forms


def _place_forms(ent: Entity) -> set[tuple[str, bool]]:
    """A named place's wordings and short name ("Larkfield" of "Larkfield House")."""
    forms: set[tuple[str, bool]] = set()
    for m in ent.mentions:
        name = str(m.attrs.get("name") or "")
        words = name.split() or m.text.split()
        if len(words) >= 2 and words[-1].lower() in GENERIC_PLACE_WORDS:
            head = " ".join(words[:-1])
            if head.lower() not in GENERIC_PLACE_WORDS and head[:1].isupper() \
                    and not any(w.lower() in STOP for w in head.split()):
                forms.add((head, True))
            if words[-1] == "Interchange":
                forms.add((words[-1], True))
        forms.add((m.text, True))
    return forms


def _repeats(doc: Doc, entities: list[Entity], kept: list[Mention]) -> None:
    """Add the other occurrences of each person's and named place's names as mentions."""
    text = text_of(doc)
    taken = sorted([(m.start, m.end) for m in kept] + list(doc._.rhi_subject_spans or []))

    def free(s: int, e: int) -> bool:
        i = bisect_left(taken, (s, s))
        return not any(a < e and s < b for a, b in taken[max(0, i - 3):i + 3])

    forms_subject = subject_forms(doc)
    wanted: list[tuple[Entity, list[tuple[str, bool]]]] = []
    for ent in entities:
        if ent.label == "PERSON":
            forms = _person_forms(ent)
        elif ent.label == "LOCATION":
            forms = _place_forms(ent)
        else:
            continue
        # longest first, so that "Kyle Pennington" is claimed whole before "Kyle"
        wanted.append((ent, sorted(forms, key=lambda f: (-len(f[0]), f))))
    occurrences = _Occurrences(text, (f for _, forms in wanted for f, _ in forms))
    others: list[Entity] = []  # people an occurrence was said to be someone else of the name
    for ent, forms in wanted:
        said = _said(text, ent)
        for form, case_sensitive in forms:
            if len(form) < 2:
                continue
            if ent.label == "PERSON" and is_subject(form, forms_subject):
                continue
            for s, e in occurrences.find(form, case_sensitive):
                if not free(s, e):
                    continue
                mention = Mention(ent.label, s, e, text[s:e], ent.normalised, {}, 20, "repeat")
                if ent.label == "PERSON":
                    here = said_of(text, s, e)
                    people = [*entities, *others]
                    if contradict(said, here):  # "with brandon" ... "brandon drives for Laurie"
                        _someone_else(text, people, others, ent, mention, here)
                        insort(taken, (s, e))
                        continue
                    closer = _closer_namesake(text, people, ent, said, mention, here)
                    if closer is not None:
                        closer.mentions.append(mention)
                        insort(taken, (s, e))
                        continue
                    said |= here
                ent.mentions.append(mention)
                insort(taken, (s, e))
        ent.mentions.sort(key=lambda m: m.start)
    entities.extend(others)


def _said(text: str, ent: Entity) -> set[str]:
    """All that the note says of a person's age over their mentions (see same_name)."""
    if ent.label != "PERSON":
        return set()
    said: set[str] = set()
    for m in ent.mentions:
        said |= said_of(text, m.start, m.end, m.attrs)
    return said


def _closer_namesake(text: str, people: list[Entity], ent: Entity, said: set[str],
                     m: Mention, here: frozenset[str]) -> Entity | None:
    """The person of this name an adult's age belongs to, when it is not ``ent``.

    "w/ Kyle the whole time" (out with the child: a friend, or an adult), then "kyle picked
    him up" (a driver, so someone else of the name), then "described kyle as 'early 20s'":
    the age agrees with both, but says more of the driver, whom the note already says is
    an adult; given to the friend it would make him an adult of concern too.
    """
    if "adult" not in here or said & {"adult", "driver"}:
        return None
    return next((other for other in _namesakes(people, ent, m)
                 if _said(text, other) & {"adult", "driver"}), None)


def _namesakes(people: list[Entity], ent: Entity, m: Mention) -> Iterator[Entity]:
    """The people besides ``ent`` that the note calls as ``m`` is written."""
    name = m.text.lower()
    return (other for other in people if other is not ent and other.label == "PERSON"
            and any(x.text.lower() == name for x in other.mentions))


def _someone_else(text: str, people: list[Entity], others: list[Entity], ent: Entity,
                  m: Mention, here: frozenset[str]) -> None:
    """File an occurrence that contradicts its name's person ``ent`` as another of that
    name: one of ``people`` called so whom it does not contradict ("callum picked him up"
    for "callum is 'Kyle's mate' and 'takes him places'"), or a new person in ``others``."""
    for other in _namesakes(people, ent, m):
        if not contradict(_said(text, other), here):
            other.mentions.append(m)
            return
    others.append(Entity("PERSON", [m], m.normalised, None, {}))


_NUMBER_REF = re.compile(r"\b[Nn]o\.?\s?(\d{1,4}[A-Za-z]?)\b")


def _address_numbers(doc: Doc, entities: list[Entity], kept: list[Mention]) -> None:
    """"no. 18" after "18 Mossfield Court" is the same address."""
    text = text_of(doc)
    refs: dict[str, list[tuple[int, int]]] = {}
    for m in _NUMBER_REF.finditer(text):
        refs.setdefault(m.group(1), []).append(m.span())
    if not refs:
        return
    starts = [k.start for k in kept]

    def clear(s: int, e: int) -> bool:
        i = bisect_left(starts, e)
        return not any(k.start < e and s < k.end for k in kept[max(0, i - 2):i])

    for ent in entities:
        if ent.label != "LOCATION" or not ent.normalised:
            continue
        number = ent.normalised.split(" ", 1)[0]
        if not number[:1].isdigit():
            continue
        for s, e in refs.get(number, ()):
            if s > ent.first.start and clear(s, e):
                ent.mentions.append(Mention("LOCATION", s, e, text[s:e], ent.normalised, {}, 20,
                                            "number"))


def _finish(ent: Entity) -> None:
    """Entity-level normalised key and attributes once all mentions are in."""
    if ent.label == "PERSON":
        best = None
        for m in ent.mentions:
            if '"' in m.text or "“" in m.text:
                continue
            toks = person_key(m)
            if len(toks) >= 2 and all(len(t) > 1 for t in toks) and (
                    best is None or len(toks) > len(best)):
                best = toks
        if best is None:
            best = person_key(ent.first)
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
        subject = _SpanSet(doc._.rhi_subject_spans or [])
        # the child's name, or part of it; "Mum (Tracy Owen)" about Owen is someone else
        found = [m for m in mentions(doc)
                 if not (m.label == "PERSON" and subject.overlaps(m.start, m.start + 1))]
        heads = _place_heads(found)
        found = [m for m in found if not (m.label == "PERSON" and m.priority < 40
                                          and m.text in heads)]
        kept = resolve_overlaps(found)
        entities = group(kept, text_of(doc))
        entities = _merge_nickname_fields(doc, entities)
        entities = _merge_written_aliases(doc, entities)
        _repeats(doc, entities, kept)
        _address_numbers(doc, entities, kept)
        for ent in entities:
            ent.mentions.sort(key=lambda m: m.start)
            _finish(ent)
        entities.sort(key=lambda e: e.first.start)
        doc._.rhi_entities = entities
        return doc


class _SpanSet:
    """Fixed spans that answer "does [s, e) overlap any of you?" by binary search."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach: list[int] = []  # the furthest end among spans[0..i]
        for _, b in ordered:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_left(self._starts, e) - 1
        return i >= 0 and self._reach[i] > s
