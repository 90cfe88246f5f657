"""Score extraction against gold annotations (``<name>.gold.json`` beside each ``<name>.txt``).

Matching, one-to-one and greedy in text order: a predicted entity matches a gold entity of the
same type when their first-mention spans overlap, or their ``normalised`` keys are equal, or the
prediction's text is one of the gold entity's wordings (its text or an alias). Gold files whose
top level says ``"offsets": "none"`` (generated scenarios) match on normalised text only.
Indicators match on code and negation with overlapping text (the gold text located in the
document); relations on type with both ends mapped through the entity matching. The same
entity scores are computed for the bare statistical model's own entities (PERSON; GPE, LOC, FAC
as LOCATION; ORG as ORGANISATION) as the baseline the rules must beat.

The subject child's name comes from the gold ``document.child_id`` looked up in an
``episodes.csv`` beside the documents when there is one, as ingest would pass it.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from nlp.extract import extract_many
from nlp.pipeline import load_pipeline

TYPES = ("PERSON", "LOCATION", "VEHICLE", "PHONE", "ONLINE_HANDLE", "ORGANISATION")
BASELINE_LABELS = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
                   "ORG": "ORGANISATION"}


def _norm(value: Any) -> str:
    return " ".join(str(value or "").lower().split())


def _child_names(folder: Path) -> dict[str, str]:
    path = folder / "episodes.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["child_id"]: row["child_name"] for row in csv.DictReader(fh)
                if row.get("child_id") and row.get("child_name")}


def load_cases(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Documents with gold beside them, from files or folders."""
    cases = []
    for raw in paths:
        path = Path(raw)
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for txt in files:
            gold_path = txt.with_suffix(".gold.json")
            if not gold_path.exists():
                continue
            gold = json.loads(gold_path.read_text("utf-8"))
            names = _child_names(txt.parent)
            doc = gold.get("document", {})
            subject = names.get(doc.get("child_id") or "")
            cases.append({"name": txt.stem, "text": txt.read_text("utf-8"), "gold": gold,
                          "subject_names": [subject] if subject else [],
                          "kind": doc.get("kind")})
    return cases


def _match(pred: Sequence[dict], gold: Sequence[dict], spans: bool) -> dict[int, int]:
    """Predicted index -> gold index, one-to-one."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for pi, p in enumerate(pred):
        for gi, g in enumerate(gold):
            if gi in used or p["type"] != g["type"]:
                continue
            overlap = spans and g.get("start") is not None and p["start"] < g["end"] \
                and g["start"] < p["end"]
            same_key = p.get("normalised") and _norm(p.get("normalised")) == _norm(
                g.get("normalised"))
            wordings = {_norm(g["text"])} | {_norm(a) for a in g.get("aliases", [])}
            if overlap or same_key or _norm(p["text"]) in wordings:
                pairs[pi] = gi
                used.add(gi)
                break
    return pairs


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3)}


def _spans_of(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while i >= 0 and needle:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _score_indicators(text: str, pred: list[dict], gold: list[dict]) -> tuple[int, int, int]:
    used: set[int] = set()
    tp = 0
    for p in pred:
        ps, pe = p.get("start"), p.get("end")
        if ps is None:
            ps = text.find(p["text"])
            pe = ps + len(p["text"])
        for gi, g in enumerate(gold):
            if gi in used or g["code"] != p["code"] or bool(g["negated"]) != bool(p["negated"]):
                continue
            if any(s < pe and ps < e for s, e in _spans_of(text, g["text"])):
                used.add(gi)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def _score_relations(pred: list[dict], gold: list[dict], pairs: dict[int, int]) -> tuple[int, ...]:
    def end(value: Any) -> Any:
        return value if value == "CHILD" else pairs.get(value, ("unmatched", value))

    gold_set = [(r["type"], r["source"], r["target"]) for r in gold]
    tp = 0
    remaining = list(gold_set)
    for r in pred:
        key = (r["type"], end(r["source"]), end(r["target"]))
        if key in remaining:
            remaining.remove(key)
            tp += 1
    return tp, len(pred) - tp, len(gold_set) - tp


def _baseline_entities(nlp: Any, texts: list[str]) -> list[list[dict]]:
    out = []
    for doc in nlp.pipe(texts):
        ents = []
        for ent in doc.ents:
            label = BASELINE_LABELS.get(ent.label_)
            if label:
                ents.append({"type": label, "text": ent.text, "start": ent.start_char,
                             "end": ent.end_char, "normalised": None})
        out.append(ents)
    return out


def evaluate(paths: Iterable[str | Path], *, model: str | None = None,
             baseline: bool = True) -> dict[str, Any]:
    """Score the pipeline (and the bare model's own entities) on the gold beside ``paths``."""
    cases = load_cases(paths)
    nlp = load_pipeline(model)
    started = time.perf_counter()
    results = list(extract_many(((c["text"], {"subject_names": c["subject_names"],
                                              "kind": c["kind"]}) for c in cases), nlp=nlp))
    elapsed = time.perf_counter() - started
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    base_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    roles_right = roles_total = 0
    ind = [0, 0, 0]
    rel = [0, 0, 0]
    errors: list[dict[str, Any]] = []
    base_ents = None
    if baseline and nlp.meta.get("rhigraph_model", "none") != "none":
        import spacy

        base_ents = _baseline_entities(spacy.load(nlp.meta["rhigraph_model"]),
                                       [c["text"] for c in cases])
    for ci, (case, result) in enumerate(zip(cases, results, strict=True)):
        gold = case["gold"]
        spans = gold.get("offsets") != "none"
        gents, pents = gold.get("entities", []), result["entities"]
        pairs = _match(pents, gents, spans)
        for t in TYPES:
            g_n = sum(1 for g in gents if g["type"] == t)
            p_idx = [i for i, p in enumerate(pents) if p["type"] == t]
            tp = sum(1 for i in p_idx if i in pairs)
            counts[t][0] += tp
            counts[t][1] += len(p_idx) - tp
            counts[t][2] += g_n - tp
        for pi, gi in pairs.items():
            if gents[gi]["type"] == "PERSON":
                roles_total += 1
                roles_right += pents[pi].get("role") == gents[gi].get("role")
                if pents[pi].get("role") != gents[gi].get("role"):
                    errors.append({"doc": case["name"], "kind": "role", "text": gents[gi]["text"],
                                   "gold": gents[gi].get("role"), "pred": pents[pi].get("role")})
        for pi, p in enumerate(pents):
            if pi not in pairs:
                errors.append({"doc": case["name"], "kind": "fp", "type": p["type"],
                               "text": p["text"]})
        matched_gold = set(pairs.values())
        for gi, g in enumerate(gents):
            if gi not in matched_gold:
                errors.append({"doc": case["name"], "kind": "fn", "type": g["type"],
                               "text": g["text"]})
        for acc, got in ((ind, _score_indicators(case["text"], result["indicators"],
                                                 gold.get("indicators", []))),
                         (rel, _score_relations(result["relations"], gold.get("relations", []),
                                                pairs))):
            for k in range(3):
                acc[k] += got[k]
        if base_ents is not None:
            bpairs = _match(base_ents[ci], gents, spans)
            for t in TYPES:
                g_n = sum(1 for g in gents if g["type"] == t)
                p_idx = [i for i, p in enumerate(base_ents[ci]) if p["type"] == t]
                tp = sum(1 for i in p_idx if i in bpairs)
                base_counts[t][0] += tp
                base_counts[t][1] += len(p_idx) - tp
                base_counts[t][2] += g_n - tp

    def table(c: dict[str, list[int]]) -> dict[str, Any]:
        out = {t: _prf(*c[t]) for t in TYPES}
        out["micro"] = _prf(*(sum(c[t][k] for t in TYPES) for k in range(3)))
        return out

    report: dict[str, Any] = {
        "documents": len(cases),
        "model": nlp.meta.get("rhigraph_model"),
        "entities": table(counts),
        "roles": {"correct": roles_right, "total": roles_total,
                  "accuracy": round(roles_right / roles_total, 3) if roles_total else 1.0},
        "indicators": _prf(*ind),
        "relations": _prf(*rel),
        "seconds": round(elapsed, 3),
        "errors": errors,
    }
    if base_ents is not None:
        report["baseline"] = table(base_counts)
    return report


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table of a report from :func:`evaluate`."""
    lines = [f"documents: {report['documents']}   model: {report['model']}",
             f"{'entities':<15}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"
             + ("   baseline F1" if "baseline" in report else "")]
    for key in (*TYPES, "micro"):
        s = report["entities"][key]
        row = (f"{key:<15}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
               f"{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}")
        if "baseline" in report and key in report["baseline"]:
            row += f"   {report['baseline'][key]['f1']:>11.3f}"
        lines.append(row)
    r = report["roles"]
    lines.append(f"{'roles':<15} accuracy {r['accuracy']:.3f} ({r['correct']}/{r['total']})")
    for key in ("indicators", "relations"):
        s = report[key]
        lines.append(f"{key:<15}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                     f"{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m nlp.evaluate DIR
    import sys

    rep = evaluate(sys.argv[1:] or ["../shared/samples"])
    print(format_report(rep))
    if "-v" in sys.argv or True:
        for err in rep["errors"]:
            print(err)
