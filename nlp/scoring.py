"""Scoring one document's extraction against its gold: pure functions over section 5 dicts.

Entities match one-to-one, greedily in the prediction's order, within a type: when their
first-mention spans overlap (only where the gold has offsets), or their ``normalised`` keys are
equal, or the prediction's text is one of the gold entity's wordings (text or an alias), case
and spacing aside. Gold written for Word, PDF and JSON documents says ``"offsets": "none"``
and is matched by keys and wordings alone.

Indicators match on code and negation, with overlapping text: the gold text located in the
document where it can be, else sharing at least half of the shorter one's words (a PDF wraps
lines, so its text is not always found verbatim). Relations match on type with both ends
mapped through the entity matching.

>>> gold = [{"type": "PERSON", "text": "Deano", "aliases": ["Dean ASHWORTH"], "start": 0,
...          "end": 5, "normalised": "dean ashworth"}]
>>> pred = [{"type": "PERSON", "text": "dean ashworth", "start": 40, "end": 53,
...          "normalised": None}]
>>> match_entities(pred, gold, spans=True)
{0: 0}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

TYPES = ("PERSON", "LOCATION", "VEHICLE", "PHONE", "ONLINE_HANDLE", "ORGANISATION")
_WORD = re.compile(r"\w+")


def norm(value: Any) -> str:
    """Lower case, single spaces: how wordings are compared."""
    return " ".join(str(value or "").lower().split())


@dataclass
class Counts:
    """True positives, false positives and false negatives, added up over documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> dict[str, float | int]:
        """Counts with precision, recall and F1 (1.0 where nothing was expected or found)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 3),
                "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class EntityCounts:
    """Per-type counts and their micro average."""

    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})

    def add(self, pred: Sequence[dict], gold: Sequence[dict], pairs: dict[int, int]) -> None:
        for t in TYPES:
            p_idx = [i for i, p in enumerate(pred) if p["type"] == t]
            tp = sum(1 for i in p_idx if i in pairs)
            g_n = sum(1 for g in gold if g["type"] == t)
            self.by_type[t].add(tp, len(p_idx) - tp, g_n - tp)

    def table(self) -> dict[str, dict[str, float | int]]:
        out = {t: c.prf() for t, c in self.by_type.items()}
        micro = Counts()
        for c in self.by_type.values():
            micro.add(c.tp, c.fp, c.fn)
        out["micro"] = micro.prf()
        return out


def _overlap(a0: Any, a1: Any, b0: Any, b1: Any) -> bool:
    return None not in (a0, a1, b0, b1) and a0 < b1 and b0 < a1


def match_entities(pred: Sequence[dict], gold: Sequence[dict], spans: bool) -> dict[int, int]:
    """Predicted index -> gold index, one-to-one (see the module docstring)."""
    wordings = [{norm(g["text"])} | {norm(a) for a in g.get("aliases", [])} for g in gold]
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for pi, p in enumerate(pred):
        key = norm(p.get("normalised"))
        text = norm(p.get("text"))
        for gi, g in enumerate(gold):
            if gi in used or p["type"] != g["type"]:
                continue
            if (spans and _overlap(p.get("start"), p.get("end"), g.get("start"), g.get("end"))) \
                    or (key and key == norm(g.get("normalised"))) or text in wordings[gi]:
                pairs[pi] = gi
                used.add(gi)
                break
    return pairs


def _words(value: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(value)}


def _same_text(doc: str, p: dict, g: dict) -> bool:
    """Indicator texts that overlap in the document, or share half their words."""
    ps, pe = p.get("start"), p.get("end")
    if ps is None:
        ps = doc.find(p["text"])
        pe = ps + len(p["text"]) if ps >= 0 else None
    found = False
    start = doc.find(g["text"]) if g.get("text") else -1
    while start >= 0:
        found = True
        if _overlap(ps, pe, start, start + len(g["text"])):
            return True
        start = doc.find(g["text"], start + 1)
    if found:
        return False
    a, b = _words(p["text"]), _words(g["text"])
    return bool(a and b) and len(a & b) >= 0.5 * min(len(a), len(b))


def match_indicators(doc: str, pred: Sequence[dict], gold: Sequence[dict],
                     polarity: bool = True) -> list[tuple[int, int]]:
    """``(pred, gold)`` index pairs; with ``polarity`` the negation must agree too."""
    used: set[int] = set()
    pairs = []
    for pi, p in enumerate(pred):
        for gi, g in enumerate(gold):
            if gi in used or g["code"] != p["code"]:
                continue
            if polarity and bool(g.get("negated")) != bool(p.get("negated")):
                continue
            if _same_text(doc, p, g):
                used.add(gi)
                pairs.append((pi, gi))
                break
    return pairs


def match_relations(pred: Sequence[dict], gold: Sequence[dict],
                    pairs: dict[int, int]) -> tuple[int, int, int]:
    """``(tp, fp, fn)`` of relations, their ends mapped through the entity pairs."""
    def end(value: Any) -> Any:
        return value if value == "CHILD" else pairs.get(value, ("unmatched", value))

    remaining = [(r["type"], r["source"], r["target"]) for r in gold]
    tp = 0
    seen = set()
    for r in pred:
        key = (r["type"], end(r["source"]), end(r["target"]))
        if key in seen:
            continue
        seen.add(key)
        if key in remaining:
            remaining.remove(key)
            tp += 1
    return tp, len(seen) - tp, len(remaining)
