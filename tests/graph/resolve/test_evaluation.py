"""Resolution scored against the gold ``canonical`` ids: the samples and generated scenarios.

What is asserted is what resolution achieves (measured when this was written; see the
figures in the comments), not a wish. Two kinds of store:

* end to end: the real ingest (readers, spaCy extraction) then resolution. Extraction's own
  mistakes bound the result: it folds two people called Callum in one note into one mention
  and gives some adults the role PEER, which no resolution of mentions can undo.
* oracle: the gold itself written as a perfect extractor would (keys recomputed from the
  text), which measures resolution alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.resolve import resolve
from graph.resolve.evaluate import align, evaluate_resolution, format_report, ingest_gold
from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths
from rhigraph.scenario import generate
from tests.graph.resolve.conftest import person, vehicle, write_doc


@pytest.fixture(scope="module")
def samples_report(tmp_path_factory: pytest.TempPathFactory,
                   samples_dir: Path) -> dict[str, Any]:
    store = SQLiteStore(tmp_path_factory.mktemp("samples") / "rhigraph.db")
    try:
        ingest_paths(store, [samples_dir])
        resolve(store)
        report = evaluate_resolution(store, samples_dir)
        report["activity"] = {t: store.entity_activity(t) for t in ("Person", "Location")}
        return report
    finally:
        store.close()


@pytest.mark.slow
def test_samples_end_to_end(samples_report: dict[str, Any]) -> None:
    resolved, unresolved = samples_report["resolved"], samples_report["unresolved"]
    # measured: B-cubed P 1.000, R 0.945-0.964, F1 0.972-0.981 as extraction improved
    # (unresolved 0.925); pairwise precision 1.000
    assert resolved["bcubed_f1"] >= 0.95
    assert resolved["bcubed_precision"] >= 0.99
    assert resolved["bcubed_f1"] > unresolved["bcubed_f1"]
    assert samples_report["decoys"]["merged"] == []


@pytest.mark.slow
def test_samples_planted_patterns(samples_report: dict[str, Any]) -> None:
    planted = {r["id"]: r for r in samples_report["planted"]}
    for joined in ("L-HOUSE-1", "PH-1", "L-LARKFIELD", "L-MIDDLEBROOK", "L-WIGAN-NW",
                   "L-BOLTON-INTERCHANGE"):
        assert planted[joined]["joined"], planted[joined]
    # "silver car" (a colour, no make, no plate) joins V-1 on evidence, not on its colour:
    # it is in Chloe's (C-1005) records, as the plated silver Mercedes is, and Kyle, who
    # resolved to one person, drives both.
    assert planted["V-1"]["joined"], planted["V-1"]
    # Every planted alias of the samples is joined (the target).
    assert samples_report["planted_joined"] == samples_report["planted_total"], [
        (r["id"], r["apart"]) for r in samples_report["planted"] if r["joined"] is False]


@pytest.mark.slow
def test_samples_link_the_children_the_readme_says(samples_report: dict[str, Any]) -> None:
    def children(type_name: str, cluster: str) -> set[str]:
        row = next(r for r in samples_report["activity"][type_name]
                   if r["entity_id"] == cluster)
        return {c["child_id"] for c in row["children_linked"]}

    assert children("Location", "Location:18 mossfield court") == {"C-1001", "C-1003",
                                                                   "C-1004"}
    assert children("Person", "Person:dean ashworth") == {"C-1001", "C-1003", "C-1005"}
    assert children("Person", "Person:kyle pennington") == {"C-1002"}
    kyles = [r for r in samples_report["activity"]["Person"]
             if "ADULT_OF_CONCERN" in r["roles"] and "Person:kyle" in r["members"]
             and "C-1004" in {c["child_id"] for c in r["children_linked"]}]
    assert [{c["child_id"] for c in r["children_linked"]} for r in kyles] == [
        {"C-1004", "C-1005"}]


SEEDS = [(1, 20, 6), (2, 30, 8), (3, 30, 8)]


@pytest.mark.parametrize("seed,children,weeks", SEEDS)
def test_generated_scenarios_oracle(tmp_path: Path, seed: int, children: int,
                                    weeks: int) -> None:
    folder = tmp_path / "scenario"
    generate(folder, children=children, weeks=weeks, seed=seed, formats={"txt": 1.0})
    store = SQLiteStore(tmp_path / "rhigraph.db")
    try:
        ingest_gold(store, folder)
        resolve(store)
        report = evaluate_resolution(store, folder)
    finally:
        store.close()
    resolved = report["resolved"]
    # measured B-cubed F1 (precision): seed 1 0.975 (1.000), seed 2 0.982 (1.000),
    # seed 3 0.974 (1.000); unresolved 0.929, 0.885, 0.913
    assert resolved["bcubed_f1"] >= 0.95
    assert resolved["bcubed_precision"] >= 0.995
    assert report["decoys"]["scenario_decoys"] >= 1
    assert report["decoys"]["scenario_decoys_merged"] == []
    assert report["decoys"]["merged"] == []
    # measured: every planted pattern joined for seeds 1 and 2 (7/7, 14/14); seed 3 13/14,
    # one adult's bare "callum" in a child's notes that also name a peer Callum is kept
    # apart (ambiguous there), by design
    assert report["planted_joined"] >= report["planted_total"] - 1


@pytest.mark.slow
def test_generated_scenario_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "scenario"
    generate(folder, children=20, weeks=6, seed=1, formats={"txt": 1.0})
    store = SQLiteStore(tmp_path / "rhigraph.db")
    try:
        ingest_paths(store, [folder])
        resolve(store)
        report = evaluate_resolution(store, folder)
    finally:
        store.close()
    # measured: B-cubed F1 0.954-0.967 (P 0.987, unresolved 0.929) as extraction changed;
    # once 0.949 when the samples were extracted first in the same process (extraction's
    # output then depended on what the process had extracted before). A peer and the
    # driver both "Jamie" in one note were once extracted as one person; extraction now
    # keeps them apart (nlp/components/same_name.py), so no decoy pair shares a cluster.
    assert report["resolved"]["bcubed_f1"] >= 0.945
    assert report["decoys"]["merged_by_resolution"] == []
    assert report["decoys"]["scenario_decoys_merged"] == []
    assert report["resolved"]["bcubed_f1"] > report["unresolved"]["bcubed_f1"]


def _gold(folder: Path, stem: str, child: str | None, *entities: dict[str, Any]) -> None:
    folder.mkdir(exist_ok=True)
    gold = {"document": {"id": stem, "kind": "intel_form", "child_id": child},
            "entities": list(entities)}
    (folder / f"{stem}.gold.json").write_text(json.dumps(gold), "utf-8")


def test_alignment_takes_the_unit_written_as_the_gold_text(tmp_path: Path,
                                                           store: SQLiteStore) -> None:
    # gold: one person, "Keith BRAY", also "Mr BRAY" and "Keefy"; extraction made two
    # units, "Keith BRAY" (with "Mr BRAY") and a separate "Keefy". The unit made of the gold
    # person is the one written as its text, whatever order the store lists them in.
    folder = tmp_path / "gold"
    _gold(folder, "isf_x", None, {"type": "PERSON", "text": "Keith BRAY", "role": None,
                                  "aliases": ["Mr BRAY", "Keefy"], "canonical": "P-1"})
    write_doc(store, "isf_x.docx", None, [person("Keith BRAY", "ADULT_OF_CONCERN", "Mr BRAY"),
                                          person("Keefy")], kind="intel_form")
    aligned, counts = align(store, folder)
    assert [a.entity_id for a in aligned] == ["Person:keith bray"]
    assert counts["units_not_in_gold"] == 1


def test_a_planted_thing_in_the_review_queue_is_queued_not_joined(
        tmp_path: Path, store: SQLiteStore) -> None:
    # a partial plate without make or colour is only ever a candidate for the full plate
    folder = tmp_path / "gold"
    _gold(folder, "isf_a", "C-1", {"type": "VEHICLE", "text": "silver Mercedes, reg MF67 LKW",
                                   "canonical": "V-1"})
    _gold(folder, "rhi_b", "C-2", {"type": "VEHICLE", "text": "car, reg started MF67",
                                   "canonical": "V-1"})
    write_doc(store, "isf_a.docx", "C-1", [vehicle("silver Mercedes, reg MF67 LKW", "MF67LKW",
                                                   make="Mercedes", colour="silver")],
              kind="intel_form")
    write_doc(store, "rhi_b.docx", "C-2", [vehicle("car, reg started MF67", "MF67*")])
    resolve(store)
    report = evaluate_resolution(store, folder)
    (row,) = report["planted"]
    assert row["joined"] is False and row["queued"] is True
    assert (report["planted_joined"], report["planted_queued"]) == (0, 1)
    assert "in the review queue: 1" in format_report(report)


def test_a_planted_thing_extraction_never_found_is_not_counted(
        tmp_path: Path, store: SQLiteStore) -> None:
    # truth.json plants a car no document's gold names (so nothing aligns with it): the
    # report counts it neither joined nor queued, and still formats
    folder = tmp_path / "gold"
    _gold(folder, "isf_a", "C-1", {"type": "VEHICLE", "text": "silver Mercedes, reg MF67 LKW",
                                   "canonical": "V-1"})
    (folder / "truth.json").write_text(json.dumps({"patterns": [
        {"id": "V-1", "kind": "vehicle"}, {"id": "V-9", "kind": "vehicle"}]}), "utf-8")
    write_doc(store, "isf_a.docx", "C-1", [vehicle("silver Mercedes, reg MF67 LKW", "MF67LKW",
                                                   make="Mercedes", colour="silver")],
              kind="intel_form")
    resolve(store)
    report = evaluate_resolution(store, folder)
    missing = next(r for r in report["planted"] if r["id"] == "V-9")
    assert missing["joined"] is None and missing["queued"] is False
    assert (report["planted_joined"], report["planted_queued"], report["planted_total"]) == (
        1, 0, 1)
    assert "planted joined: 1 of 1" in format_report(report)
