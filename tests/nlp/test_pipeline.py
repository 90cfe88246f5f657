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


def _long_note(size: int) -> str:
    """A note of about ``size`` characters naming thousands of different people and things."""
    firsts = ["Kyle", "Shannon", "Dean", "Jade", "Reece", "Chloe", "Tariq", "Leah", "Connor",
              "Amber", "Jordan", "Kayla", "Liam", "Demi", "Mason"]
    surnames = ["Ashworth", "Pennington", "Hodgson", "Marsh", "Rigby", "Lomax", "Tonge",
                "Haworth", "Kershaw", "Fairclough", "Ridgway", "Hussain", "Brennan"]
    streets = ["Moss Lane", "Caunce Street", "Dalton Drive", "Avon Road", "Linden Grove"]
    colours = ["silver", "black", "red", "white", "blue"]
    makes = ["Audi", "Mercedes", "Ford", "BMW", "Vauxhall"]
    letters = "ABCDEFGHJKLMNPRSTUVWXY"
    parts, size_so_far, i = [], 0, 0
    while size_so_far < size:
        adult = f"{firsts[i % 15]} {surnames[i // 15 % 13]}"
        peer = f"{firsts[(i + 7) % 15]} {surnames[(i // 3 + 5) % 13]}"
        plate = f"{letters[i % 22]}{letters[i // 22 % 22]}{10 + i % 80} {letters[i % 7]}XR"
        parts.append(
            f"Contact {i}: {adult} (about 25) picked her up in a {colours[i % 5]} "
            f"{makes[i // 5 % 5]}, reg {plate}, and drove to {i % 300 + 1} {streets[i % 5]}. "
            f"She was with her friend {peer} (15) and drank vodka. A man called \"Zee{i}\" "
            f"rings her from 07700 9{i % 100000:05d}; sc: zee_{i}.\n")
        size_so_far += len(parts[-1])
        i += 1
    return "".join(parts)


@pytest.mark.slow
def test_two_megabyte_note_completes_with_valid_offsets(rules_nlp):
    """A 2 MB note (ingest takes up to 10 MB) in one piece: every offset slices the text.

    Speed is measured by ``python -m bench.extraction``, not asserted here.
    """
    text = _long_note(2_000_000)
    result = extract(text, nlp=rules_nlp)
    ents = result["entities"]
    for e in ents:
        assert text[e["start"]:e["end"]] == e["text"]
    for i in result["indicators"]:
        assert text[i["start"]:i["end"]] == i["text"]
    n = len(ents)
    for r in result["relations"]:
        assert all(end == "CHILD" or 0 <= end < n for end in (r["source"], r["target"]))
    phones = {e["normalised"] for e in ents if e["type"] == "PHONE"}
    assert len(phones) == text.count("07700 9")  # each distinct number once
    assert len({e["normalised"] for e in ents if e["type"] == "ONLINE_HANDLE"}) == len(phones)


def test_long_text_is_one_document(nlp, monkeypatch):
    """Read in pieces (here made small), a long text still gives one entity per thing."""
    import nlp.extract as extract_module

    text = _long_note(3_000) * 6
    whole = extract(text, nlp=nlp)
    monkeypatch.setattr(extract_module, "CHUNK", 2_500)
    monkeypatch.setattr(extract_module, "LONG_TEXT_PROCESSES", 2)
    pieces = extract(text, nlp=nlp)
    for e in pieces["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]

    def keys(result, kind):
        return sorted(e["normalised"] for e in result["entities"] if e["type"] == kind)

    for kind in ("PHONE", "VEHICLE", "ONLINE_HANDLE"):
        assert keys(pieces, kind) == keys(whole, kind)
        assert len(set(keys(pieces, kind))) == len(keys(pieces, kind))


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


def test_extract_many_in_two_processes_keeps_order(nlp):
    texts = [(f"Kyle rang her from 07700 900{i:03d}. She was with Shannon{i}.", {})
             for i in range(12)]
    serial = list(extract_many(texts, nlp=nlp))
    assert list(extract_many(texts, nlp=nlp, n_process=2, batch_size=2)) == serial
    assert [r["entities"][1]["normalised"] for r in serial][:2] == ["+447700900000",
                                                                     "+447700900001"]


def test_extract_rejects_non_text(nlp):
    with pytest.raises(TypeError):
        extract(b"bytes", nlp=nlp)  # type: ignore[arg-type]


def test_extraction_benchmark_reports_figures(tmp_path):
    """The benchmark runs at a tiny scale and reports a baseline beside each figure (speed
    itself is measured by ``python -m bench.extraction``, never asserted)."""
    import sys
    from pathlib import Path

    repo = str(Path(__file__).resolve().parents[2])
    if repo not in sys.path:  # the benchmarks live in the checkout, beside the packages
        sys.path.insert(0, repo)
    from bench import extraction

    figures = extraction.run(4, work=tmp_path, repeats=1, n_processes=(1,))
    (found,) = figures["by_process"]
    assert found["docs"] == 4 and found["rhigraph"]["chars_per_s"] > 0
    if found["model"] != "none":
        assert found["bare"]["chars_per_s"] > 0 and found["ratio"] > 0
    assert figures["rows"][0]["unit"] == "chars/s"
