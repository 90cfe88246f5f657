"""Safeguarding indicators with negation, from ``nlp/patterns/indicators.jsonl``.

Each pattern is matched inside one sentence. An indicator is negated when a denial ("denied",
"denies") stands before it in the sentence, or a negative ("no", "not", "never", "nobody",
"didn't") stands before it in the same clause: "Harvey denied drinking, taking anything or
talking to anyone new online" negates all three, while in "nobody made her do anything is
consistent with grooming" the grooming is not negated, and in "Leon didn't know anyone & he
smoked weed" a new subject starts a new clause. One indicator per code and polarity per
sentence. Summary sections (Risk, Reflection, Actions, Manager; a form's coercion and
payments fields) restate the narrative, so there an indicator only counts when the note had
not raised it (same code and polarity) before the section began; a practitioner's judgement
that something is so ("a clear CSE risk") always counts. A source section, a form subject's
own details and the sender's fields raise nothing; nor does a name ("Blade").

Rows may say ``"only_negated": true``: "exploitation" alone names no code when asserted (it
could be sexual or criminal) but "no indicators of exploitation" denies both; and
``"affirms": true``: the negative word is part of the indicator ("not sleeping").

>>> from nlp.components.indicators import find
>>> [(i["code"], i["negated"]) for i in find("Tyler denied carrying a knife. They drank vodka.")]
[('WEAPONS', True), ('ALCOHOL', False)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import load_patterns, text_of
from nlp.components.layout import SUMMARY_SECTIONS, Layout, compute, layout

_ROWS = load_patterns("indicators")
_UPPER_ESCAPE = re.compile(r"\\[A-Z]")


@dataclass(frozen=True)
class Rule:
    """One indicator pattern (a row of ``indicators.jsonl`` with a ``code``)."""

    code: str
    rx: re.Pattern[str]  # over lower-cased text
    judgement: bool = False
    unless: re.Pattern[str] | None = None
    only_negated: bool = False
    affirms: bool = False


def _lowered(pattern: str) -> re.Pattern[str]:
    """The pattern for lower-cased text: matching without IGNORECASE is twice as fast."""
    if _UPPER_ESCAPE.search(pattern):  # \B, \W ... would change meaning: keep IGNORECASE
        return re.compile(pattern, re.IGNORECASE)
    return re.compile(pattern.lower())


RULES = tuple(
    Rule(r["code"], _lowered(r["pattern"]), bool(r.get("judgement")),
         re.compile(r["unless"], re.IGNORECASE) if r.get("unless") else None,
         bool(r.get("only_negated")), bool(r.get("affirms")))
    for r in _ROWS if "code" in r
)
_DENIAL = [re.compile(r["pattern"], re.IGNORECASE) for r in _ROWS
           if r.get("kind") == "negation" and r.get("scope") == "sentence"]
_NEGATIVE = [re.compile(r["pattern"], re.IGNORECASE) for r in _ROWS
             if r.get("kind") == "negation" and r.get("scope") == "clause"]
_BREAK = re.compile("|".join(r["pattern"] for r in _ROWS if r.get("kind") == "scope_break"),
                    re.IGNORECASE)
#: "police picked her up" (before the match) and "picked up by staff" (after it): the
#: people who return a child are not the ones who take them.
_EXCLUDE = re.compile("|".join(r["pattern"] for r in _ROWS if r.get("kind") == "exclude"),
                      re.IGNORECASE)
_EXCLUDE_AFTER = re.compile("|".join(r["pattern"] for r in _ROWS
                                     if r.get("kind") == "exclude_after"), re.IGNORECASE)
#: Negative words that belong to an indicator ("hasn't been sleeping") negate nothing else.
_AFFIRMING = re.compile("|".join(f"(?:{r['pattern']})" for r in _ROWS if r.get("affirms"))
                        or r"(?!x)x", re.IGNORECASE)
_STARTS_NEGATIVE = re.compile(r"(?i)^(?:no|not|never|nobody|nothing)\b")
#: Sections that raise nothing: where the information came from, and a subject's own
#: details on a form.
_SILENT_SECTIONS = frozenset({"source", "subject"})
#: A form's coercion and payments fields sum up what its narrative said.
_FORM_SUMMARIES = frozenset({"coercion", "payments"})
#: Header labels whose value names the sender, never something that happened to the child
#: (a hotel's own form is sent by "Agency: Moorside Lodge Hotel").
_SILENT_LABELS = frozenset({"agency", "organisation", "organization", "submitted by", "to",
                            "interviewer", "worker", "completed by", "referrer", "author"})


def _silent_field(lay: Layout, offset: int) -> bool:
    found = lay.field_at(offset)
    return found is not None and found.label in _SILENT_LABELS


#: Codes that need someone else to act ("picked up by her dad" is not TRANSPORTED).
_AGENT_CODES = frozenset({"TRANSPORTED", "COERCION_CONTROL"})

Hit = tuple[int, int, Rule]


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


def _negated(text: str, s0: int, start: int, end: int, clause_left: int, rule: Rule) -> bool:
    head = text[s0:start]
    for rx in _DENIAL:
        last = None
        for last in rx.finditer(head):  # noqa: B007 - the last denial is the one that counts
            pass
        if last is not None and not _BREAK.search(head[last.end():]):
            return True
    window = _AFFIRMING.sub(" ", text[max(clause_left, start - 60):start])
    if any(rx.search(window) for rx in _NEGATIVE):
        return True
    return not rule.affirms and bool(_STARTS_NEGATIVE.match(text[start:end]))


def _hits(text: str, lay: Layout) -> dict[int, list[Hit]]:
    """Pattern matches grouped by sentence index: one scan of the text per pattern.

    Matching runs on the lower-cased text with line ends as spaces (same offsets, so a
    sentence wrapped across lines in a PDF still matches; a text whose lower case changes
    length falls back to case-insensitive patterns), and a match that runs past the end of
    its sentence is dropped, as if each sentence had been searched alone.
    """
    low = text.lower().replace("\n", " ")
    rules = list(RULES)
    if len(low) != len(text):
        low = text.replace("\n", " ")
        rules = [Rule(r.code, re.compile(r.rx.pattern, re.IGNORECASE), r.judgement, r.unless,
                      r.only_negated, r.affirms) for r in RULES]
    starts = [s0 for s0, _ in lay.sents]
    found: dict[int, list[Hit]] = defaultdict(list)
    unless_cache: dict[tuple[int, int], bool] = {}
    for n, rule in enumerate(rules):
        for m in rule.rx.finditer(low):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or m.end() > lay.sents[i][1]:
                continue
            if rule.unless is not None:
                key = (n, i)
                if key not in unless_cache:
                    s0, s1 = lay.sents[i]
                    unless_cache[key] = bool(rule.unless.search(text, s0, s1))
                if unless_cache[key]:
                    continue
            found[i].append((m.start(), m.end(), rule))
    return found


def _span(text: str, c0: int, c1: int) -> tuple[int, int]:
    while c0 < c1 and text[c0] in " ,;:-\"“(\n":
        c0 += 1
    while c1 > c0 and text[c1 - 1] in " ,;:.-\n":
        c1 -= 1
    return c0, c1


def _named_spans(names: list[tuple[int, int]] | None) -> Callable[[int, int], bool]:
    """Whether ``[start, end)`` lies inside a person's name or handle ("Blade", "lucky82")."""
    spans = sorted(names or [])
    starts = [a for a, _ in spans]

    def inside(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and end <= spans[i][1]

    return inside


def find(text: str, lay: Layout | None = None, *, restated: bool = False,
         names: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Indicators in ``text`` (see the module docstring).

    ``restated`` counts a summary section's restatements too (some areas' answer keys tag
    every line of a Risk list). ``names``: spans of persons' names and handles, where a
    pattern word is a name ("Blade") and raises nothing.
    """
    lay = lay or compute(text)
    out: list[dict[str, Any]] = []
    seen_codes: set[tuple[str, bool]] = set()
    before_section: set[tuple[str, bool]] = set()  # raised before the current section began
    current_section: str | None = None
    named = _named_spans(names)
    hits_by_sentence = _hits(text, lay)
    for si in sorted(hits_by_sentence):
        s0, s1 = lay.sents[si]
        section = lay.section(s0)
        if section != current_section:
            current_section, before_section = section, set(seen_codes)
        # a subject's own details on a form ("Age: mid 20s", a phone "they call the line")
        # describe them, not the child; the form's sender is no indicator either
        if section in _SILENT_SECTIONS:
            continue
        summary = section in SUMMARY_SECTIONS or section in _FORM_SUMMARIES
        in_sentence: set[tuple[str, bool]] = set()
        for start, end, rule in sorted(hits_by_sentence[si], key=lambda h: (h[0], h[1])):
            if rule.code in _AGENT_CODES and (
                    _EXCLUDE.search(text[max(s0, start - 40):end])
                    or _EXCLUDE_AFTER.match(text[end:min(s1, end + 40)])):
                continue
            if named(start, end) or _silent_field(lay, start):
                continue
            left, right = _clause(text, s0, s1, start, end)
            negated = _negated(text, s0, start, end, left, rule)
            if rule.only_negated and not negated:
                continue
            key = (rule.code, negated)
            if key in in_sentence:
                continue
            # a summary restates: only a practitioner's judgement that something is so
            # counts again; a restated denial ("Nil return - no exploitation concerns")
            # or fact ("Risk: cannabis use") does not
            if summary and key in before_section and not restated and (
                    negated or not rule.judgement):
                continue
            if section == "protective" and not rule.judgement:
                continue
            in_sentence.add(key)
            seen_codes.add(key)
            c0, c1 = _span(text, left, right)
            out.append({"code": rule.code, "text": text[c0:c1], "negated": negated,
                        "start": c0, "end": c1})
    return out


@Language.factory("rhigraph_indicators", default_config={"restated": False})
def make_indicators(nlp: Language, name: str, restated: bool) -> Callable[[Doc], Doc]:
    return Indicators(restated)


class Indicators:
    """Sets ``doc._.rhi_indicators`` (list of section 5 indicator dicts with offsets)."""

    def __init__(self, restated: bool = False) -> None:
        self.restated = restated

    def __call__(self, doc: Doc) -> Doc:
        names = [(m.start, m.end) for e in doc._.rhi_entities or []
                 if e.label in ("PERSON", "ONLINE_HANDLE") for m in e.mentions]
        doc._.rhi_indicators = find(text_of(doc), layout(doc), restated=self.restated,
                                    names=names)
        return doc
