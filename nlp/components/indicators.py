"""Safeguarding indicators with negation, from ``nlp/patterns/indicators.jsonl``.

Each pattern is matched inside one sentence. An indicator is negated when a denial ("denied",
"denies") stands before it in the sentence, or a negative ("no", "not", "never", "nobody",
"didn't") stands before it in the same clause: "Harvey denied drinking, taking anything or
talking to anyone new online" negates all three, while in "nobody made her do anything is
consistent with grooming" the grooming is not negated. One indicator per code and polarity per
sentence. In summary sections (Risk, Reflection, Actions, Manager) a descriptive pattern only
counts for a code the note has not raised yet, because those sections restate the narrative;
a practitioner's judgement ("a clear CSE risk") always counts.

>>> from nlp.components.indicators import find
>>> [(i["code"], i["negated"]) for i in find("Tyler denied carrying a knife. They drank vodka.")]
[('WEAPONS', True), ('ALCOHOL', False)]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import load_patterns
from nlp.components.layout import SUMMARY_SECTIONS, Layout, compute, layout

_ROWS = load_patterns("indicators")
PATTERNS = tuple(
    (r["code"], re.compile(r["pattern"], re.IGNORECASE), bool(r.get("judgement")),
     re.compile(r["unless"], re.IGNORECASE) if r.get("unless") else None)
    for r in _ROWS if "code" in r
)
_DENIAL = [re.compile(r["pattern"], re.IGNORECASE) for r in _ROWS
           if r.get("kind") == "negation" and r.get("scope") == "sentence"]
_NEGATIVE = [re.compile(r["pattern"], re.IGNORECASE) for r in _ROWS
             if r.get("kind") == "negation" and r.get("scope") == "clause"]
_BREAK = re.compile("|".join(r["pattern"] for r in _ROWS if r.get("kind") == "scope_break"),
                    re.IGNORECASE)
_EXCLUDE = re.compile("|".join(r["pattern"] for r in _ROWS if r.get("kind") == "exclude"),
                      re.IGNORECASE)
_AGENT_CODES = frozenset({"TRANSPORTED", "COERCION_CONTROL"})


def _clause(text: str, s0: int, s1: int, start: int, end: int) -> tuple[int, int]:
    """The clause of ``[start, end)`` inside the sentence ``[s0, s1)``."""
    left, right = s0, s1
    for m in _BREAK.finditer(text, s0, s1):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    comma = text.rfind(", ", left, start)
    c_left = comma + 2 if comma >= 0 and start - comma < 80 else left
    return c_left, right


def _negated(text: str, s0: int, start: int, end: int, clause_left: int) -> bool:
    head = text[s0:start]
    for rx in _DENIAL:
        m = None
        for m in rx.finditer(head):
            pass
        if m is not None and not _BREAK.search(head[m.end():]):
            return True
    window = text[max(clause_left, start - 60):start]
    if any(rx.search(window) for rx in _NEGATIVE):
        return True
    inside = text[start:end]
    return bool(re.match(r"(?i)^(?:no|not|never|nobody|nothing)\b", inside))


def find(text: str, lay: Layout | None = None) -> list[dict[str, Any]]:
    """Indicators in ``text`` (see the module docstring)."""
    lay = lay or compute(text)
    out: list[dict[str, Any]] = []
    seen_codes: set[tuple[str, bool]] = set()
    for s0, s1 in lay.sents:
        section = lay.section(s0)
        if section in {"source"}:
            continue
        summary = section in SUMMARY_SECTIONS
        sentence = text[s0:s1]
        in_sentence: set[tuple[str, bool]] = set()
        hits = []
        for code, rx, judgement, unless in PATTERNS:
            if unless is not None and unless.search(sentence):
                continue
            for m in rx.finditer(text, s0, s1):
                hits.append((m.start(), m.end(), code, judgement))
        for start, end, code, judgement in sorted(hits):
            if code in _AGENT_CODES and _EXCLUDE.search(text[max(s0, start - 40):end]):
                continue
            left, right = _clause(text, s0, s1, start, end)
            negated = _negated(text, s0, start, end, left)
            key = (code, negated)
            if key in in_sentence:
                continue
            if summary and not judgement and key in seen_codes:
                continue
            if section == "protective" and not judgement:
                continue
            in_sentence.add(key)
            seen_codes.add(key)
            c0, c1 = left, right
            while c0 < c1 and text[c0] in " ,;:-\"“(":
                c0 += 1
            while c1 > c0 and text[c1 - 1] in " ,;:.-":
                c1 -= 1
            out.append({"code": code, "text": text[c0:c1], "negated": negated,
                        "start": c0, "end": c1})
    return out


@Language.factory("rhigraph_indicators")
def make_indicators(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return Indicators()


class Indicators:
    """Sets ``doc._.rhi_indicators`` (list of section 5 indicator dicts with offsets)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.rhi_indicators = find(doc.text, layout(doc))
        return doc
