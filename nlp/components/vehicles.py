"""VEHICLE: number plates (full and partial) joined to the colour, make and model beside them.

Practitioners write "silver Mercedes A-Class, reg MF67 LKW", "silver merc, reg started MF67",
"a black Audi (no registration taken)" or just "the Audi". One mention covers the description
and its plate when they are written together; the plate's key comes from
``graph.types.vrm.clean(..., allow_partial=True)`` (``MF67LKW``, partial ``MF67*``). Candidates
come from ``graph.types.vrm.IN_TEXT`` (current plates in any case, the older formats only in
capitals); the older formats also spell road numbers and references ("A49 AND"), so they are
only believed when a cue such as "reg" or "plate" stands before them.

>>> from nlp.components.vehicles import find
>>> [(m.text, m.normalised, m.attrs["colour"])
...  for m in find("a silver merc, reg started MF67 he thinks")]
[('silver merc, reg started MF67', 'MF67*', 'silver')]
>>> [(m.text, m.normalised, m.attrs["model"]) for m in find("black Audi A3, reg MK15 XRT.")]
[('black Audi A3, reg MK15 XRT', 'MK15XRT', 'A3')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.exc import InvalidValue
from graph.types import vrm
from nlp.components.base import Mention, SpanList, add, load_patterns, text_of, words_alternation

_ROWS = load_patterns("vehicles")
MAKES = {r["word"].lower(): r["value"] for r in _ROWS if r["kind"] == "make"}
STRICT_MAKES = frozenset(r["word"].lower() for r in _ROWS
                         if r["kind"] == "make" and r.get("strict"))
MODELS = [r["word"] for r in _ROWS if r["kind"] == "model"]
COLOURS = [r["word"] for r in _ROWS if r["kind"] == "colour"]
NOUNS = [r["word"] for r in _ROWS if r["kind"] == "noun"]
#: Models that name their make ("corsa" -> Vauxhall), so a colour and a model are a vehicle.
MODEL_MAKES = {r["word"].lower(): r["make"] for r in _ROWS if r["kind"] == "model"
               and r.get("make")}

_CUE = (r"(?i:(?:partial\s+)?reg(?:istration)?(?:\s+(?:no\.?|number|mark|plate))?"
        r"|(?:number\s+)?plate|vrm|index)")
_START_CUE = (r"(?i:(?:(?:was|is|that)\s+)?"
              r"(?:started|starting|starts|began|beginning|begins|begun)(?:\s+with)?)")
_PLATE_CUE = re.compile(rf"{_CUE}\s*(?:(?:was|is|of)\s+)?(?:{_START_CUE}\s*)?[:\-]?\s*[\"“']?$")
#: A plate cue then a partial current-format plate: "reg started MF67", "plate MF67 L??".
_PARTIAL = re.compile(
    rf"{_CUE}\s*(?:(?:was|is|of)\s+)?(?:{_START_CUE}\s*)?[:\-]?\s*[\"“']?"
    r"(?P<plate>[A-Za-z]{2}\s?\d{2}(?:\s?[A-Z]{1,2})?)(?P<unknown>\s?[*?_]{1,3})?"
    r"(?![A-Za-z0-9])"
)
#: "with MG19 on the plate", "MF67 on the reg": the part of a plate someone remembered.
_PARTIAL_BEFORE_CUE = re.compile(
    r"\b(?P<plate>[A-Z]{2}\s?\d{2}(?:\s?[A-Z]{1,2})?)(?P<unknown>)\s+(?:on|in)\s+(?:the\s+)?"
    r"(?:number\s+)?(?:plate|reg|registration)\b"
)
_BARE_PARTIAL = re.compile(r"\b(?P<plate>[A-Z]{2}\d{2}\s?[A-Z]{0,2})(?P<unknown>[*?_]{1,3})")
_DESC = re.compile(
    rf"(?:(?P<colour>\b(?i:{words_alternation(COLOURS)}))\s+)?"
    rf"(?P<make>\b(?i:{words_alternation(list(MAKES))}))(?![\w-])"
    rf"(?:\s+(?P<model>(?:{words_alternation(MODELS)})|[A-Z]{{1,3}}-?\d{{1,3}}[a-z]?|[A-Z]-Class)(?![\w-]))?"
    rf"|(?P<colour2>\b(?i:{words_alternation(COLOURS)}))\s+(?P<noun>(?i:{words_alternation(NOUNS)}))\b"
    rf"|(?P<colour3>\b(?i:{words_alternation(COLOURS)}))\s+"
    rf"(?P<model3>(?i:{words_alternation(list(MODEL_MAKES))}))(?![\w-])"
)
#: A plate written straight after a description: ", reg started MG18", " MG18 PHH",
#: " with MG18 on the plate".
_PLATE_AFTER = re.compile(rf"\s*(?:,|\(|-)?\s*(?:with\s+)?(?:{_CUE}|[A-Z]{{2}}\s?\d{{2}}\b)")
#: A current-format plate (2001-), the only format believed without a cue such as "reg".
_CURRENT = re.compile(r"^[A-Za-z]{2}\d{2}")
#: What may stand between a description and the plate that belongs to it.
_JOIN = re.compile(rf"\s*(?:,|\(|-|with\b)?\s*(?:{_CUE}\s*)?(?:{_START_CUE}\s*)?[:\-]?\s*[\"“']?$")


def _plates(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Yield ``(start, end, key, partial)`` for each believable plate."""
    taken = SpanList()
    for m in vrm.IN_TEXT.finditer(text):
        raw = m.group(0)
        if raw != raw.upper() and raw != raw.lower():
            continue  # "reg started MF15 she thinks": a partial plate, then a word
        cued = bool(_PLATE_CUE.search(text[max(0, m.start() - 40):m.start()]))
        if not cued and not _CURRENT.match(raw):
            continue  # older formats also spell "A49 AND", "GMP 123A" ...: need a cue
        try:
            key = vrm.clean(raw)
        except InvalidValue:
            continue
        taken.add(*m.span())
        yield m.start(), m.end(), key, False
    for rx in (_PARTIAL, _PARTIAL_BEFORE_CUE, _BARE_PARTIAL):
        for m in rx.finditer(text):
            s, e = m.span("plate")
            if m.group("unknown"):
                e = m.end("unknown")
            if rx is _PARTIAL_BEFORE_CUE:
                e = m.end()  # "MG19 on the plate" is how the note gives it
            if taken.overlaps(s, e):
                continue
            raw = m.group("plate")
            if rx is _PARTIAL and not raw[:2].isupper() and not raw.isupper():
                continue
            try:
                key = vrm.clean(raw, allow_partial=True)
            except InvalidValue:
                continue
            taken.add(s, e)
            yield s, e, key, key.endswith("*")


def _descriptions(text: str) -> Iterator[tuple[int, int, dict[str, str | None]]]:
    for m in _DESC.finditer(text):
        if m.group("make"):
            word = m.group("make")
            lower = word.lower()
            # "seat" is a make only as "white Seat" or "Seat Leon", or, in lower case, as a
            # coloured one with its plate after it ("white seat, reg started MG18"), never
            # "the front passenger seat"
            plated = bool(m.group("colour")) and bool(_PLATE_AFTER.match(text, m.end()))
            if lower in STRICT_MAKES and not plated and (not word[0].isupper() or not (
                    m.group("colour") or m.group("model"))):
                continue
            if not m.group("colour") and not word[0].isupper() \
                    and lower not in {"merc", "audi", "bmw"}:
                continue
            attrs = {"make": MAKES[lower], "model": m.group("model"),
                     "colour": (m.group("colour") or "").lower() or None}
        elif m.group("model3"):
            model = m.group("model3")
            attrs = {"make": MODEL_MAKES[model.lower()], "model": model[:1].upper() + model[1:],
                     "colour": m.group("colour3").lower()}
        else:
            attrs = {"make": None, "model": None, "colour": m.group("colour2").lower()}
        yield m.start(), m.end(), attrs


def find(text: str) -> list[Mention]:
    """Vehicle mentions in ``text``: descriptions joined to their plates, and lone plates."""
    plates = sorted(_plates(text))
    plate_starts = [p[0] for p in plates]
    out: list[Mention] = []
    used: set[int] = set()
    for start, end, attrs in _descriptions(text):
        mention = Mention("VEHICLE", start, end, text[start:end], None, dict(attrs), 85,
                          "vehicle")
        # the first unused plate within 45 characters after the description, if it joins
        for i in range(bisect_left(plate_starts, end), len(plates)):
            ps, pe, key, partial = plates[i]
            if ps - end > 45:
                break
            if i in used:
                continue
            if _JOIN.match(text[end:ps]) and "\n" not in text[end:ps]:
                used.add(i)
                mention.end, mention.text = pe, text[start:pe]
                mention.normalised = key
                mention.attrs["plate_partial"] = partial
            break
        out.append(mention)
    for i, (ps, pe, key, partial) in enumerate(plates):
        if i not in used:
            out.append(Mention("VEHICLE", ps, pe, text[ps:pe], key,
                               {"make": None, "model": None, "colour": None,
                                "plate_partial": partial}, 90, "plate"))
    return sorted(out, key=lambda m: m.start)


@Language.factory("rhigraph_vehicles")
def make_vehicles(nlp: Language, name: str) -> Vehicles:
    return Vehicles()


class Vehicles:
    """Adds VEHICLE mentions (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        for mention in find(text_of(doc)):
            add(doc, mention)
        return doc
