"""truth.json: planted patterns, decoys and counts, checked against the files themselves."""

from __future__ import annotations

import json
import re
from collections import Counter

from .conftest import CHILDREN, squash

KINDS = {"house", "adult", "vehicle", "phone", "handle", "hotel"}


def test_truth_file_is_what_generate_returned(scenario_dir, truth):
    assert json.loads((scenario_dir / "truth.json").read_text(encoding="utf-8")) == truth
    assert set(truth) == {
        "scenario",
        "summary",
        "patterns",
        "decoys",
        "networks",
        "children",
        "people",
        "places",
        "documents",
    }


def test_every_kind_is_planted_and_scales_with_children(truth):
    kinds = Counter(p["kind"] for p in truth["patterns"])
    networks = len(truth["networks"])
    assert networks == max(1, round(CHILDREN / 16))
    for kind in KINDS - {"adult"}:
        assert kinds[kind] == networks
    assert kinds["adult"] == 2 * networks  # the main adult and the driver


def test_each_pattern_links_several_children_through_their_documents(truth, texts):
    doc_child = {d["id"]: d["child_id"] for d in truth["documents"]}
    for pattern in truth["patterns"]:
        assert 2 <= len(pattern["planted_children"]) <= 5, pattern["id"]
        assert len(pattern["children"]) >= 2, pattern["id"]
        for child in pattern["planted_children"]:
            assert any(doc_child[d] == child for d in pattern["documents"]), (pattern["id"], child)
        for doc_id, forms in pattern["occurrences"].items():
            text = squash(texts[doc_id])
            for form in forms:
                assert squash(form) in text, (pattern["id"], doc_id, form)
        assert set(pattern["surface_forms"]) == {
            f for forms in pattern["occurrences"].values() for f in forms
        }


def test_patterns_are_written_in_several_ways(truth):
    by_kind: dict[str, list[dict]] = {}
    for p in truth["patterns"]:
        by_kind.setdefault(p["detail"], []).append(p)
    for phone in by_kind["phone"]:
        assert re.fullmatch(r"\+447700900\d{3}", phone["value"])
        assert len(phone["surface_forms"]) >= 2
    for vehicle in by_kind["vehicle"]:
        assert re.fullmatch(r"M[A-HJ-PR-Y]\d{2} [A-HJ-PR-Y]{3}", vehicle["plate"])
        forms = vehicle["surface_forms"]
        assert any(vehicle["plate"] in f or vehicle["value"] in f for f in forms)
        assert any(
            vehicle["plate"][:4] in f and vehicle["plate"] not in f and vehicle["value"] not in f
            for f in forms
        )
    for adult in by_kind["adult"]:
        full_name_forms = [f for f in adult["surface_forms"] if f.lower() == adult["value"].lower()]
        assert full_name_forms, adult["id"]
        assert len({f.lower() for f in adult["surface_forms"]}) >= 3, adult["surface_forms"]
    for house in by_kind["house"]:
        assert house["postcode"] and house["latitude"] and house["longitude"]
        assert len(house["surface_forms"]) >= 2
    for handle in by_kind["handle"]:
        assert handle["value"] == handle["normalised"] == handle["value"].lower()


def test_decoys_share_a_first_name_but_never_a_canonical_id(scenario_dir, truth):
    assert truth["decoys"]
    for decoy in truth["decoys"]:
        peer, driver = decoy["people"]
        assert decoy["ids"] == [peer["id"], driver["id"]] and peer["id"] != driver["id"]
        assert peer["name"].split()[0] == driver["name"].split()[0] == decoy["first_name"]
        assert peer["name"] != driver["name"]
        assert (peer["role"], driver["role"]) == ("PEER", "ADULT_OF_CONCERN")
        assert peer["documents"] and driver["documents"]
    # In the gold, the two wear their own ids in every document, with their own roles.
    roles: dict[str, set[str]] = {}
    for d in truth["documents"]:
        path = scenario_dir / d["path"]
        gold = json.loads(path.with_name(f"{d['id']}.gold.json").read_text(encoding="utf-8"))
        for e in gold["entities"]:
            if e["type"] == "PERSON":
                roles.setdefault(e["canonical"], set()).add(e["role"])
    for decoy in truth["decoys"]:
        assert roles[decoy["ids"][0]] == {"PEER"}
        assert roles[decoy["ids"][1]] == {"ADULT_OF_CONCERN"}


def test_summary_counts_match_the_files(scenario_dir, truth, episodes):
    summary = truth["summary"]
    assert summary["children"] == CHILDREN == len(truth["children"])
    assert summary["episodes"] == len(episodes)
    assert summary["open_episodes"] == sum(not r["returned_at"] for r in episodes) >= 1
    completed = [r for r in episodes if r["rhi_outcome"] == "completed"]
    assert summary["rhi"]["completed"] == len(completed)
    assert summary["rhi"]["within_72h"] + summary["rhi"]["late"] == len(completed)
    assert summary["rhi"]["within_72h"] > 0 and summary["rhi"]["late"] > 0
    docs = summary["documents"]
    assert docs["total"] == len(truth["documents"])
    assert sum(docs["by_format"].values()) == docs["total"]
    on_disk = [p for p in (scenario_dir / "notes").iterdir() if not p.name.endswith(".gold.json")]
    on_disk += [p for p in (scenario_dir / "forms").iterdir() if not p.name.endswith(".gold.json")]
    assert Counter(p.suffix[1:] for p in on_disk) == Counter(docs["by_format"])
    assert docs["by_kind"]["rhi_note"] + docs["by_kind"]["nil_return"] == len(completed)
    assert docs["by_kind"]["intel_form_without_child"] >= 1
    assert set(docs["by_style"]) == {"labelled", "narrative", "terse", "form"}


def test_children_cover_care_out_of_area_and_repeat_missing(truth):
    children = truth["children"]
    assert any(c["looked_after"] for c in children)
    assert any(not c["looked_after"] for c in children)
    assert any(c["responsible_la"] != c["host_la"] for c in children)
    assert truth["summary"]["repeat_missing_children"] > 0
    exploited = [c for c in children if c["network"]]
    assert exploited and all(c["patterns"] and c["documents"] for c in exploited)
