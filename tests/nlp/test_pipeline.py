"""The pipeline as built from config: rules only, big inputs, samples, batches."""

from __future__ import annotations

import json

import pytest

from nlp.extract import extract, extract_many
from nlp.pipeline import load_pipeline


def test_rules_only_pipeline_works(rules_nlp):
    assert rules_nlp.meta["rhigraph_model"] == "none"
    assert "ner" not in rules_nlp.pipe_names
    text = ("Worker: Lee Fairclough\nA man called \"Zee\" rings from 07700 900417; "
            "silver Mercedes, reg MF67 LKW, at 18 Mossfield Court, BL1 2RF. sc: zee_wigan_")
    types = {e["type"] for e in extract(text, nlp=rules_nlp)["entities"]}
    assert {"PERSON", "PHONE", "VEHICLE", "LOCATION", "ONLINE_HANDLE"} <= types


def test_blank_names_force_rules_only():
    assert load_pipeline("blank").meta["rhigraph_model"] == "none"


def test_pipeline_comes_from_config(nlp):
    assert nlp.pipe_names[-3:] == ["rhigraph_roles", "rhigraph_indicators", "rhigraph_relations"]


def test_large_text_does_not_crash(rules_nlp):
    para = ("Kyle picked her up in a silver merc, reg started MF67. She went to a flat on "
            "Moss Lane with Shannon and drank vodka. Zee rings 07700 900417. ")
    text = para * (20_000 // len(para))  # TODO: 2 MB is quadratic somewhere (see report)
    result = extract(text, nlp=rules_nlp)
    assert result["entities"]
    for e in result["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]


def test_samples_offsets_valid_and_shape(nlp, samples):
    texts = sorted(samples.glob("*.txt"))
    assert texts
    pairs = [(p.read_text("utf-8"), {"kind": "rhi_note" if not p.name.startswith("isf")
                                     else "intel_form"}) for p in texts]
    for (text, _), result in zip(pairs, extract_many(pairs, nlp=nlp), strict=True):
        assert set(result) == {"entities", "indicators", "relations"}
        json.dumps(result)
        n = len(result["entities"])
        for e in result["entities"]:
            assert text[e["start"]:e["end"]] == e["text"]
            assert {"type", "text", "start", "end", "normalised", "aliases",
                    "attributes"} <= set(e)
            assert ("role" in e) == (e["type"] == "PERSON")
        for i in result["indicators"]:
            assert text[i["start"]:i["end"]] == i["text"]
        for r in result["relations"]:
            for end in (r["source"], r["target"]):
                assert end == "CHILD" or 0 <= end < n


def test_extract_many_matches_extract(nlp):
    texts = [("Kyle rang from 07700 900417.", {}), ("reg MF67 LKW", {"kind": "intel_form"})]
    assert list(extract_many(texts, nlp=nlp)) == [extract(t, nlp=nlp, kind=o.get("kind"))
                                                  for t, o in texts]


def test_extract_rejects_non_text(nlp):
    with pytest.raises(TypeError):
        extract(b"bytes", nlp=nlp)  # type: ignore[arg-type]
