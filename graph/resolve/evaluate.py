"""Scoring resolution against the gold ``canonical`` ids (samples and generated scenarios).

Gold annotates each document's entities with a cross-document answer key (``canonical``).
The store holds what extraction found. Each gold entity is aligned with the unit (entity @
document) extraction made of it, one to one: overlapping first-mention spans, else a shared
wording (text or alias, case-folded; a unit written as the gold's own text first), else
an equal key. Aligned pairs are the mentions resolution is scored on; gold entities
extraction missed, and units that are not in the gold (extraction's false positives), are
counted but cannot be scored, because resolution cannot join what was never extracted and
no answer exists for what is not there.

Figures, each also for the unresolved store (every entity its own cluster) as the baseline:

* pairwise precision and recall: over all pairs of aligned mentions, a pair is predicted
  together when both went to one cluster and truly together when they share a canonical id;
* B-cubed precision, recall and F1: per mention, the share of its predicted cluster that is
  truly its (precision) and of its true cluster that was predicted with it (recall), averaged;
* ``decoys_merged``: the scenario's decoys (``truth.json``: a peer and an adult sharing a first
  name) and, everywhere, every two gold people who share a first name, found in one cluster;
* ``planted``: per planted pattern (``truth.json``; without one, each gold thing named in two
  or more children's records), whether all its aligned mentions are in one cluster (joined
  means merged), the wordings that were not, and whether each cluster they are in is an open
  review candidate against the main one (``queued``: an analyst would be shown the pair;
  counted apart from joined, since a candidate links nothing until it is accepted).

:func:`ingest_gold` builds a store from the gold itself, with keys recomputed from the text
as extraction would (never from the gold's own ``normalised``, which can carry the answer):
that measures resolution alone, with extraction perfect.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.resolve import keys
from graph.resolve.units import TYPES
from graph.store import Store

GOLD_TYPES = {"PERSON": "Person", "LOCATION": "Location", "VEHICLE": "Vehicle",
              "PHONE": "Phone", "ONLINE_HANDLE": "OnlineAccount",
              "ORGANISATION": "Organisation"}


@dataclass(frozen=True)
class Aligned:
    """One gold entity in one document, and the unit extraction made of it."""

    canonical: str
    type: str
    document_id: str
    gold_text: str
    role: str | None
    child_id: str | None
    entity_id: str
    #: Gold ids of other things this document names that extraction folded into the same
    #: unit (two people called Callum in one note, extracted once): no clustering of units
    #: can separate them.
    conflated: tuple[str, ...] = ()


def _gold_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.gold.json"))


def _stem(document_id: str) -> str:
    return document_id.rsplit(".", 1)[0] if "." in document_id else document_id


def _overlaps(mention: dict[str, Any], gold: dict[str, Any]) -> bool:
    s, e = mention.get("start"), mention.get("end")
    gs, ge = gold.get("start"), gold.get("end")
    return None not in (s, e, gs, ge) and s < ge and gs < e


def _overlap(unit: dict[str, Any], gold: dict[str, Any]) -> tuple[bool, int]:
    """How well a unit's mentions cover a gold span: starting where it starts, then by the
    characters they share."""
    best = (False, 0)
    for m in unit["mentions"]:
        if _overlaps(m, gold):
            shared = min(m["end"], gold["end"]) - max(m["start"], gold["start"])
            best = max(best, (m["start"] == gold["start"], shared))
    return best


def _wordings_of_unit(unit: dict[str, Any]) -> set[str]:
    out = {keys.fold(unit["key"]), keys.fold(unit.get("label"))}
    for m in unit["mentions"]:
        out.add(keys.fold(m["text"]))
        out |= {keys.fold(a) for a in m.get("aliases") or []}
    return out - {""}


def align(store: Store, gold_dir: str | Path) -> tuple[list[Aligned], dict[str, int]]:
    """Aligned mentions, and counts of gold entities and units left unaligned."""
    units_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for unit in store.resolution_units(TYPES):
        units_by_doc[_stem(unit["document_id"])].append(unit)
    aligned: list[Aligned] = []
    counts = Counter()
    for path in _gold_files(Path(gold_dir)):
        gold = json.loads(path.read_text("utf-8"))
        stem = path.name[: -len(".gold.json")]
        child = (gold.get("document") or {}).get("child_id")
        documents = sorted({u["document_id"] for u in units_by_doc.get(stem, [])})
        if not documents:
            counts["gold_documents_not_ingested"] += 1
            continue
        for document in documents:
            spans_apply = document.endswith(".txt")
            candidates = [u for u in units_by_doc[stem] if u["document_id"] == document]
            used: set[str] = set()
            missed: list[tuple[str, str, set[str]]] = []
            first_here = len(aligned)
            for entity in gold.get("entities", []):
                type_name = GOLD_TYPES.get(entity["type"])
                if not type_name or not entity.get("canonical"):
                    continue
                counts["gold_mentions"] += 1
                wordings = {keys.fold(entity["text"])} | {
                    keys.fold(a) for a in entity.get("aliases") or []}
                match = None
                for rule in ("span", "wording", "key"):
                    ordered = candidates
                    if rule == "span":
                        # "Red Moss Inn, Falmouth Street, Oldham" is one gold place that
                        # extraction may read as the inn and its street: the inn starts
                        # where the gold does, so it is the unit made of that place
                        ordered = sorted(candidates, key=lambda u: _overlap(u, entity),
                                         reverse=True)
                    elif rule == "wording":
                        # the unit written as the gold's own text before one that has
                        # only one of its aliases ("Keith BRAY" before a separate "Keefy")
                        own = keys.fold(entity["text"])
                        ordered = sorted(candidates,
                                         key=lambda u: own not in _wordings_of_unit(u))
                    for unit in ordered:
                        if unit["entity_id"] in used or unit["type"] != type_name:
                            continue
                        if rule == "span" and not (spans_apply and any(
                                _overlaps(m, entity) for m in unit["mentions"])):
                            continue
                        if rule == "wording" and not wordings & _wordings_of_unit(unit):
                            continue
                        if rule == "key" and keys.fold(unit["key"]) != keys.fold(
                                entity.get("normalised")):
                            continue
                        match = unit
                        break
                    if match:
                        break
                if match is None:
                    counts["gold_mentions_not_extracted"] += 1
                    missed.append((type_name, entity["canonical"], wordings))
                    continue
                used.add(match["entity_id"])
                aligned.append(Aligned(entity["canonical"], type_name, document,
                                       entity["text"], entity.get("role"), child,
                                       match["entity_id"]))
            counts["units_not_in_gold"] += sum(
                1 for u in candidates if u["entity_id"] not in used)
            by_entity = {u["entity_id"]: u for u in candidates}
            for i in range(first_here, len(aligned)):
                a = aligned[i]
                unit_wordings = _wordings_of_unit(by_entity[a.entity_id])
                folded = tuple(sorted({c for t, c, words in missed
                                       if t == a.type and c != a.canonical
                                       and words & unit_wordings}))
                if folded:
                    aligned[i] = Aligned(**{**a.__dict__, "conflated": folded})
                    counts["units_conflating_two_gold_things"] += 1
    counts["aligned"] = len(aligned)
    return aligned, dict(counts)


def _cluster_lookup(store: Store) -> dict[tuple[str, str], str]:
    lookup: dict[tuple[str, str], str] = {}
    for row in store.entity_clusters():
        lookup[(row["entity_id"], row["document_id"])] = row["cluster_id"]
    return lookup


def cluster_of(lookup: dict[tuple[str, str], str], entity_id: str, document_id: str) -> str:
    """A mention's cluster as the store resolves it: document row, entity row, entity."""
    return lookup.get((entity_id, document_id)) or lookup.get((entity_id, "")) or entity_id


def _metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    n = len(gold)
    if n == 0:
        return {"mentions": 0}
    by_pred: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    joint = Counter(zip(gold, pred, strict=True))
    precision = sum(joint[(gold[i], pred[i])] / len(by_pred[pred[i]]) for i in range(n)) / n
    recall = sum(joint[(gold[i], pred[i])] / len(by_gold[gold[i]]) for i in range(n)) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def pairs(groups: Iterable[int]) -> int:
        return sum(k * (k - 1) // 2 for k in groups)

    tp = pairs(joint.values())
    predicted = pairs(len(v) for v in by_pred.values())
    true = pairs(len(v) for v in by_gold.values())
    return {
        "mentions": n, "gold_clusters": len(by_gold), "predicted_clusters": len(by_pred),
        "bcubed_precision": round(precision, 4), "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "pairwise_precision": round(tp / predicted, 4) if predicted else 1.0,
        "pairwise_recall": round(tp / true, 4) if true else 1.0,
        "pairwise_tp": tp, "pairwise_predicted": predicted, "pairwise_true": true,
    }


def _first_names(aligned: list[Aligned]) -> dict[str, set[str]]:
    """Gold people by first name token (from every wording gold gives them)."""
    out: dict[str, set[str]] = defaultdict(set)
    for a in aligned:
        if a.type != "Person":
            continue
        for form in keys.person_forms(a.gold_text):
            if form.kind in ("full", "single", "initialled") and len(form.first) > 1:
                out[form.first].add(a.canonical)
    return out


def evaluate_resolution(store: Store, gold_dir: str | Path) -> dict[str, Any]:
    """Resolution scores of ``store`` against the gold under ``gold_dir`` (see module doc).

    Reads the cluster mapping as stored (run :func:`graph.resolve.resolve` first).
    """
    folder = Path(gold_dir)
    aligned, counts = align(store, folder)
    lookup = _cluster_lookup(store)
    pred = [cluster_of(lookup, a.entity_id, a.document_id) for a in aligned]
    gold = [a.canonical for a in aligned]
    report: dict[str, Any] = {"alignment": counts,
                              "resolved": _metrics(gold, pred),
                              "unresolved": _metrics(gold, [a.entity_id for a in aligned]),
                              "by_type": {}}
    for type_name in TYPES:
        idx = [i for i, a in enumerate(aligned) if a.type == type_name]
        if idx:
            report["by_type"][type_name] = {
                "resolved": _metrics([gold[i] for i in idx], [pred[i] for i in idx]),
                "unresolved": _metrics([gold[i] for i in idx],
                                       [aligned[i].entity_id for i in idx])}
    clusters_of: dict[str, set[str]] = defaultdict(set)
    for a, p in zip(aligned, pred, strict=True):
        clusters_of[a.canonical].add(p)
    truth_path = folder / "truth.json"
    truth = json.loads(truth_path.read_text("utf-8")) if truth_path.exists() else None
    decoy_pairs: set[tuple[str, str]] = set()
    if truth:
        for decoy in truth.get("decoys", []):
            ids = sorted(decoy.get("ids", []))
            decoy_pairs |= {(x, y) for i, x in enumerate(ids) for y in ids[i + 1:]}
    for people in _first_names(aligned).values():
        ordered = sorted(people)
        decoy_pairs |= {(x, y) for i, x in enumerate(ordered) for y in ordered[i + 1:]}
    merged = sorted([x, y] for x, y in decoy_pairs
                    if clusters_of.get(x, set()) & clusters_of.get(y, set()))
    # A merge is resolution's own when two mentions extraction kept apart (neither unit
    # also holding the other person) ended up in one cluster.
    clean: dict[str, set[str]] = defaultdict(set)
    for a, p in zip(aligned, pred, strict=True):
        if not a.conflated:
            clean[a.canonical].add(p)
    by_resolution = sorted(pair for pair in merged
                           if clean.get(pair[0], set()) & clean.get(pair[1], set()))
    truth_decoys = {tuple(sorted(d.get("ids", []))) for d in (truth or {}).get("decoys", [])}
    report["decoys"] = {"checked": len(decoy_pairs),
                        "scenario_decoys": len(truth_decoys),
                        "merged": merged,
                        "merged_by_resolution": by_resolution,
                        "merged_in_one_extracted_unit": [p for p in merged
                                                         if p not in by_resolution],
                        "scenario_decoys_merged": sorted(
                            list(p) for p in truth_decoys if list(p) in merged)}
    if truth:
        planted = [(p["id"], p.get("kind")) for p in truth.get("patterns", [])]
    else:
        children: dict[str, set[str]] = defaultdict(set)
        for a in aligned:
            if a.child_id:
                children[a.canonical].add(a.child_id)
        planted = [(c, "cross-child") for c, kids in sorted(children.items())
                   if len(kids) >= 2 and not c.startswith(("ORG-", "L-TOWN-"))]
    rows = []
    queue = {frozenset((c["left_cluster"], c["right_cluster"]))
             for c in store.resolution_candidates("open")}
    by_canonical: dict[str, list[tuple[Aligned, str]]] = defaultdict(list)
    for a, p in zip(aligned, pred, strict=True):
        by_canonical[a.canonical].append((a, p))
    for canonical, kind in planted:
        mine = by_canonical.get(canonical, [])
        if not mine:
            rows.append({"id": canonical, "kind": kind, "mentions": 0, "clusters": 0,
                         "joined": None, "apart": [], "queued": False})
            continue
        sizes = Counter(p for _, p in mine)
        main = sizes.most_common(1)[0][0]
        apart = sorted({a.gold_text for a, p in mine if p != main})
        rows.append({"id": canonical, "kind": kind, "mentions": len(mine),
                     "clusters": len(sizes), "joined": len(sizes) == 1, "apart": apart,
                     "queued": len(sizes) > 1 and all(
                         frozenset((main, other)) in queue for other in sizes if other != main)})
    report["planted"] = rows
    # joined means merged: a review candidate links no child to anything until an analyst
    # accepts it, so it is counted apart ("queued": every wording left apart is a candidate
    # against the main cluster)
    report["planted_joined"] = sum(1 for r in rows if r["joined"])
    report["planted_queued"] = sum(1 for r in rows if r["queued"])
    report["planted_total"] = sum(1 for r in rows if r["joined"] is not None)
    return report


def format_report(report: dict[str, Any]) -> str:
    """A short plain-text summary of :func:`evaluate_resolution`'s report."""
    r, u = report["resolved"], report["unresolved"]
    a = report["alignment"]
    lines = [
        f"aligned mentions: {a.get('aligned', 0)} of {a.get('gold_mentions', 0)} gold "
        f"({a.get('gold_mentions_not_extracted', 0)} not extracted, "
        f"{a.get('units_not_in_gold', 0)} extracted things not in the gold)",
        f"{'':14}{'B3 P':>8}{'B3 R':>8}{'B3 F1':>8}{'pair P':>8}{'pair R':>8}",
    ]
    for name, m in (("resolved", r), ("unresolved", u)):
        if m.get("mentions"):
            lines.append(f"{name:14}{m['bcubed_precision']:>8.3f}{m['bcubed_recall']:>8.3f}"
                         f"{m['bcubed_f1']:>8.3f}{m['pairwise_precision']:>8.3f}"
                         f"{m['pairwise_recall']:>8.3f}")
    d = report["decoys"]
    lines.append(f"decoys (people sharing a first name): {d['checked']} pairs checked; "
                 f"merged by resolution: {len(d['merged_by_resolution'])}"
                 + (f" ({', '.join('/'.join(p) for p in d['merged_by_resolution'])})"
                    if d["merged_by_resolution"] else "")
                 + f"; inside one extracted mention: {len(d['merged_in_one_extracted_unit'])}"
                 + (f" ({', '.join('/'.join(p) for p in d['merged_in_one_extracted_unit'])})"
                    if d["merged_in_one_extracted_unit"] else ""))
    lines.append(f"planted joined: {report['planted_joined']} of {report['planted_total']} "
                 f"(merged); left apart but in the review queue: {report['planted_queued']}")
    for row in report["planted"]:
        if row["joined"] is False:
            lines.append(f"  {row['id']}: {row['clusters']} clusters; apart: "
                         + "; ".join(row["apart"][:6])
                         + (" (review candidates)" if row["queued"] else ""))
    return "\n".join(lines)


# -- a store from the gold itself (resolution alone, extraction perfect) -------------------

def _person_key(entity: dict[str, Any]) -> str | None:
    best: tuple[str, ...] | None = None
    for written in [entity["text"], *(entity.get("aliases") or [])]:
        if '"' in written or "“" in written:
            continue
        for form in keys.person_forms(written):
            if form.kind == "full" and (best is None or len(form.tokens) > len(best)):
                best = form.tokens
    if best is None:
        forms = keys.person_forms(entity["text"])
        best = forms[0].tokens if forms else None
    return " ".join(best) if best else None


def _place_key(entity: dict[str, Any]) -> str | None:
    from nlp.components.places import find  # the rules extraction itself keys places with

    found: list[str] = []
    for written in [entity["text"], *(entity.get("aliases") or [])]:
        for mention in find(written):
            if mention.normalised:
                found.append(mention.normalised)
    numbered = [k for k in found if k[:1].isdigit()]
    if numbered or found:
        return (numbered or found)[0]
    return keys.fold(entity["text"]) or None


def oracle_entity(entity: dict[str, Any]) -> dict[str, Any]:
    """A gold entity as a perfect extractor would give it: the same spans, wordings, role and
    attributes, with the key recomputed from what is written (no ``canonical``)."""
    out = {k: v for k, v in entity.items() if k != "canonical"}
    kind = entity["type"]
    if kind == "PERSON":
        out["normalised"] = _person_key(entity)
    elif kind == "LOCATION":
        out["normalised"] = _place_key(entity)
    elif kind == "VEHICLE":
        out["normalised"] = entity.get("normalised") or keys.fold(entity["text"])
    return out


def ingest_gold(store: Store, gold_dir: str | Path) -> int:
    """Write every gold document under ``gold_dir`` to ``store`` as an oracle extraction
    (see :func:`oracle_entity`), plus the episodes and placements files through ordinary
    ingest; return the number of gold documents written."""
    from ingest import batches
    from ingest.pipeline import ingest_paths
    from ingest.readers import Source
    from ingest.readers.source import content_hash

    folder = Path(gold_dir)
    tables = [p for p in folder.rglob("*.csv")]
    if tables:
        ingest_paths(store, tables)
    written = 0
    for path in _gold_files(folder):
        gold = json.loads(path.read_text("utf-8"))
        stem = path.name[: -len(".gold.json")]
        text_path = path.with_name(stem + ".txt")
        text = text_path.read_text("utf-8") if text_path.exists() else ""
        result = {"document": {**gold["document"], "id": stem + ".txt"},
                  "entities": [oracle_entity(e) for e in gold.get("entities", [])],
                  "indicators": gold.get("indicators", []),
                  "relations": gold.get("relations", [])}
        source = Source(text_path, "txt", content_hash(path.read_bytes()), text=text)
        store.write(batches.extraction_batch(source, result))
        written += 1
    return written


def evaluate_directory(gold_dir: str | Path, *, oracle: bool = False,
                       store_path: str | Path | None = None) -> dict[str, Any]:
    """Ingest ``gold_dir`` into a fresh store, resolve, and score: the one call
    ``rhigraph evaluate`` needs for its ``resolution`` section.

    End to end by default (the real ingest and extraction, then resolution); with
    ``oracle`` the gold itself is written as a perfect extraction (:func:`ingest_gold`), which
    measures resolution alone. The store is a temporary file unless ``store_path`` is given.
    """
    import tempfile

    from graph.resolve import resolve
    from graph.store import SQLiteStore
    from ingest.pipeline import ingest_paths

    with tempfile.TemporaryDirectory(prefix="rhigraph-resolution-") as scratch:
        store = SQLiteStore(Path(store_path) if store_path else Path(scratch) / "eval.db")
        try:
            if oracle:
                ingest_gold(store, gold_dir)
            else:
                ingest_paths(store, [Path(gold_dir)])
            run = resolve(store)
            report = evaluate_resolution(store, gold_dir)
        finally:
            store.close()
    report["mode"] = "oracle" if oracle else "end_to_end"
    report["run"] = {k: run.get(k) for k in ("units", "clusters", "candidates", "seconds")}
    return report


if __name__ == "__main__":  # pragma: no cover - manual use: python -m graph.resolve.evaluate
    import sys

    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(format_report(evaluate_directory(arguments[0] if arguments else "../shared/samples",
                                           oracle="--oracle" in sys.argv)))
