"""Gold annotations beside every document, exact for .txt, text-matched for the rest."""

from __future__ import annotations

import json
import re

from .conftest import document_text, squash

ENTITY_TYPES = {"PERSON", "LOCATION", "VEHICLE", "PHONE", "ONLINE_HANDLE", "ORGANISATION"}
ROLES = {"ADULT_OF_CONCERN", "PEER", "FAMILY", "PROFESSIONAL", "UNKNOWN"}
CODES = {
    "CSE",
    "CCE",
    "DRUGS",
    "ALCOHOL",
    "GANGS",
    "WEAPONS",
    "TRANSPORTED",
    "HOTEL",
    "SLEEPING_ROUGH",
    "GIFTS_MONEY",
    "COERCION_CONTROL",
    "ONLINE_CONTACT",
    "OLDER_ADULTS",
    "VIOLENCE",
    "MENTAL_HEALTH",
    "FAMILY_CONFLICT",
}
RELATIONS = {"WITH", "AT", "TRANSPORTED_BY", "CONTACTED_BY", "USES", "LIVES_AT", "ASSOCIATE_OF"}


def _golds(scenario_dir, truth):
    for d in truth["documents"]:
        path = scenario_dir / d["path"]
        gold_path = path.with_name(f"{d['id']}.gold.json")
        yield d, path, json.loads(gold_path.read_text(encoding="utf-8"))


def test_every_txt_gold_offset_points_at_its_text(scenario_dir, truth):
    checked = 0
    for d, path, gold in _golds(scenario_dir, truth):
        if d["format"] != "txt":
            continue
        text = path.read_text(encoding="utf-8")
        assert "offsets" not in gold
        for entity in gold["entities"]:
            assert text[entity["start"] : entity["end"]] == entity["text"], (d["id"], entity)
            for alias in entity["aliases"]:
                assert alias in text, (d["id"], alias)
            checked += 1
        for indicator in gold["indicators"]:
            assert indicator["text"] in text
        assert not re.search(r"\{\w+\}|\[\[|\]\]", text), d["id"]
    assert checked > 150


def test_gold_schema_matches_the_samples(scenario_dir, truth):
    for d, _, gold in _golds(scenario_dir, truth):
        document = gold["document"]
        assert document["id"] == d["id"] and document["kind"] in {"rhi_note", "intel_form"}
        assert document["child_id"] == d["child_id"] and document["date"] == d["date"]
        entities = gold["entities"]
        canonicals = [e["canonical"] for e in entities]
        assert len(canonicals) == len(set(canonicals)), "one entity per thing per document"
        for e in entities:
            assert e["type"] in ENTITY_TYPES
            assert {"text", "normalised", "canonical", "aliases", "attributes"} <= e.keys()
            assert e["text"] not in e["aliases"]
            if e["type"] == "PERSON":
                assert e["role"] in ROLES
            else:
                assert "role" not in e
            assert e["canonical"] != d["child_id"], "the subject child is never an entity"
        for i in gold["indicators"]:
            assert i["code"] in CODES and isinstance(i["negated"], bool)
        for r in gold["relations"]:
            assert r["type"] in RELATIONS
            assert r["source"] == "CHILD" or 0 <= r["source"] < len(entities)
            assert 0 <= r["target"] < len(entities)


def test_non_txt_gold_has_no_offsets_but_its_text_is_in_the_document(scenario_dir, truth, texts):
    formats = set()
    for d, _, gold in _golds(scenario_dir, truth):
        if d["format"] == "txt":
            continue
        formats.add(d["format"])
        assert gold["offsets"] == "none"
        text = squash(texts[d["id"]])
        for entity in gold["entities"]:
            assert "start" not in entity and "end" not in entity
            for wording in [entity["text"], *entity["aliases"]]:
                assert squash(wording) in text, (d["id"], wording)
    assert formats == {"docx", "pdf", "json"}


def test_normalised_values_follow_formats_section_5(scenario_dir, truth):
    seen = set()
    for _, _, gold in _golds(scenario_dir, truth):
        for e in gold["entities"]:
            value = e["normalised"]
            if e["type"] == "PHONE":
                assert re.fullmatch(r"\+447700900\d{3}", value)
            elif e["type"] == "VEHICLE" and value is not None:
                assert re.fullmatch(r"[A-Z]{2}\d{2}[A-Z]{0,3}\*?", value), value
                assert e["attributes"]["plate_partial"] == value.endswith("*")
                seen.add("partial" if value.endswith("*") else "full")
            elif e["type"] == "ONLINE_HANDLE":
                assert value == value.lower() and not value.startswith("@")
            elif e["type"] in {"PERSON", "LOCATION", "ORGANISATION"}:
                assert value == value.lower()
            if e["type"] == "LOCATION" and e["attributes"].get("postcode"):
                assert re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", e["attributes"]["postcode"])
    assert seen == {"partial", "full"}


def test_note_header_fields_agree_with_the_episode_row(scenario_dir, truth, episodes):
    rows = {row["episode_id"]: row for row in episodes}

    def iso(value: str) -> str:
        day, time = value.split(" ")
        dd, mm, yyyy = day.split("/")
        return f"{yyyy}-{mm}-{dd}T{time}"

    notes = 0
    for d, path, gold in _golds(scenario_dir, truth):
        if gold["document"]["kind"] != "rhi_note":
            continue
        notes += 1
        fields = gold["document"]["fields"]
        row = rows[fields["episode_id"]]
        assert row["child_id"] == d["child_id"] == gold["document"]["child_id"]
        assert fields["reported_missing_at"] == iso(row["reported_missing_at"])
        assert fields["returned_at"] == iso(row["returned_at"])
        assert fields["interview_at"] == iso(row["rhi_completed_at"])
        assert fields["interview_at"][:10] == d["date"] == d["id"].split("_")[2][:10]
        assert fields["police_risk"] in (None, row["risk_level"])
        assert row["rhi_outcome"] == "completed"
        text = squash(document_text(path))
        assert fields["episode_id"] in text
    completed = [r for r in episodes if r["rhi_outcome"] == "completed"]
    assert notes == len(completed)


def test_nil_returns_name_no_adult_of_concern_and_no_pattern(scenario_dir, truth):
    pattern_ids = {p["id"] for p in truth["patterns"]}
    nil = 0
    for d, _, gold in _golds(scenario_dir, truth):
        if not d["nil_return"]:
            continue
        nil += 1
        assert d["id"].startswith("nil_") and gold["document"]["fields"]["nil_return"] is True
        for e in gold["entities"]:
            assert e.get("role") != "ADULT_OF_CONCERN"
            assert e["canonical"] not in pattern_ids
        assert all(
            i["negated"] or i["code"] in {"FAMILY_CONFLICT", "MENTAL_HEALTH"}
            for i in gold["indicators"]
        )
    assert nil > 0


def test_professionals_are_never_persons_of_concern(scenario_dir, truth):
    professionals = {p["id"] for p in truth["people"]["professionals"]}
    seen_professionals = 0
    for _, _, gold in _golds(scenario_dir, truth):
        for e in gold["entities"]:
            if e["canonical"] in professionals:
                seen_professionals += 1
                assert e["role"] == "PROFESSIONAL"
            if e.get("role") == "ADULT_OF_CONCERN":
                assert e["canonical"].startswith("P-ADULT-")
    assert seen_professionals > 50


def test_a_risk_list_is_tagged_only_for_what_the_narrative_did_not_raise(scenario_dir, truth):
    """The samples' convention: a summary restates; its lines count only when they are new."""
    checked = 0
    for d, path, gold in _golds(scenario_dir, truth):
        if path.suffix != ".txt" or d["kind"] != "rhi_note":
            continue
        text = path.read_text(encoding="utf-8")
        risk = re.search(r"(?m)^Risks?: .*$", text)
        if not risk:
            continue
        before, inside = set(), []
        for i in gold["indicators"]:
            at = text.find(i["text"])
            key = (i["code"], i["negated"])
            if at < risk.start():
                before.add(key)
            elif at < risk.end():
                inside.append(key)
        assert not before & set(inside), (d["id"], before & set(inside))
        checked += len(inside)
    assert checked > 0


def test_a_hotel_the_child_was_found_at_is_an_indicator(scenario_dir, truth):
    hotels = {n["hotel"] for n in truth["networks"] if n.get("hotel")}
    found = 0
    for d, _path, gold in _golds(scenario_dir, truth):
        at = gold["document"]["fields"].get("found_at") or ""
        names = {w for e in gold["entities"] if e["canonical"] in hotels
                 for w in (e["text"], *e.get("aliases", []))}
        if d["kind"] == "rhi_note" and any(n in at for n in names):
            found += 1
            assert "HOTEL" in {i["code"] for i in gold["indicators"]}, d["id"]
    assert found > 0
