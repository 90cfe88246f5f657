"""Word, PDF and JSON documents open with ordinary readers and hold what the gold says."""

from __future__ import annotations

import json

import docx
import pypdf

from rhigraph.scenario import generate

from .conftest import squash

JSON_FIELDS = {
    "submitted_by",
    "agency",
    "date",
    "child_id",
    "categories",
    "subjects",
    "narrative",
    "source",
    "third_party",
    "coercion_control",
    "payments",
    "grading",
}
SUBJECT_FIELDS = {
    "name",
    "dob",
    "address",
    "phone",
    "vehicle",
    "nickname",
    "online_handle",
    "identifying_features",
}


def _children(truth):
    return {c["id"]: c["name"] for c in truth["children"]}


def test_docx_opens_and_names_the_child(scenario_dir, truth):
    names = _children(truth)
    docs = [d for d in truth["documents"] if d["format"] == "docx"]
    assert docs
    for d in docs:
        word = docx.Document(str(scenario_dir / d["path"]))
        cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
        text = " ".join([p.text for p in word.paragraphs] + cells).lower()
        assert word.core_properties.created.year == int(d["date"][:4])
        if d["child_id"]:
            assert names[d["child_id"]].lower() in text, d["id"]
        if d["kind"] == "rhi_note" and d["style"] == "labelled":
            assert word.tables and any(c == "Police risk" or "risk" in c.lower() for c in cells)


def test_pdf_text_extracts_with_the_childs_name(scenario_dir, truth):
    names = _children(truth)
    docs = [d for d in truth["documents"] if d["format"] == "pdf"]
    assert docs
    for d in docs:
        reader = pypdf.PdfReader(str(scenario_dir / d["path"]))
        text = squash(" ".join(page.extract_text() for page in reader.pages)).lower()
        assert len(text) > 200
        if d["child_id"]:
            assert names[d["child_id"]].lower() in text, d["id"]


def test_json_forms_have_section_4_fields(scenario_dir, truth):
    forms = [d for d in truth["documents"] if d["format"] == "json"]
    assert forms
    for d in forms:
        payload = json.loads((scenario_dir / d["path"]).read_text(encoding="utf-8"))
        assert payload.keys() >= JSON_FIELDS
        assert payload["child_id"] == d["child_id"] and payload["date"] == d["date"]
        assert payload["categories"] and set(payload["categories"]) <= {
            "CSE",
            "CCE",
            "gangs",
            "missing",
            "drugs",
        }
        assert payload["subjects"]
        for subject in payload["subjects"]:
            assert subject.keys() >= SUBJECT_FIELDS and subject["name"]
        grading = payload["grading"]
        assert grading["source_evaluation"] in "ABC"
        assert grading["intelligence_assessment"] in "12345"
        assert grading["handling_code"] in "PC"


def test_forms_include_one_without_a_child_and_carry_grading(scenario_dir, truth, texts):
    forms = [d for d in truth["documents"] if d["kind"] == "intel_form"]
    assert any(d["child_id"] is None for d in forms)
    for d in forms:
        text = squash(texts[d["id"]])
        assert (
            "Source evaluation" in text
            or "Grading" in text
            or '"source_evaluation"'
            in (scenario_dir / d["path"]).read_text(encoding="utf-8", errors="ignore")
            or d["format"] == "json"
        )


def test_mix_is_mostly_txt_and_txt_only_on_request(truth, tmp_path):
    by_format = truth["summary"]["documents"]["by_format"]
    total = sum(by_format.values())
    assert 0.55 <= by_format["txt"] / total <= 0.85
    only_txt = generate(tmp_path, children=8, weeks=4, seed=4, formats={"txt": 1})
    assert only_txt["summary"]["documents"]["by_format"] == {
        "txt": only_txt["summary"]["documents"]["total"]
    }
    assert not list(tmp_path.rglob("*.docx")) and not list(tmp_path.rglob("*.pdf"))


def test_bad_arguments_fail_clearly(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="children"):
        generate(tmp_path, children=1)
    with pytest.raises(ValueError, match="formats"):
        generate(tmp_path, children=4, formats={"json": 1})
    with pytest.raises(ValueError, match="formats"):
        generate(tmp_path, children=4, formats={"rtf": 1})


def test_docx_zip_entries_are_dated_by_the_document_not_the_clock(scenario_dir, truth):
    import zipfile

    d = next(d for d in truth["documents"] if d["format"] == "docx")
    with zipfile.ZipFile(scenario_dir / d["path"]) as archive:
        dates = {info.date_time[:3] for info in archive.infolist()}
    year, month, day = (int(x) for x in d["date"].split("-"))
    assert dates == {(year, month, day)}


def test_slow_path_rezip_pins_dates_and_keeps_content():
    import datetime as dt
    import io
    import zipfile

    from rhigraph.scenario.writers import _pin_zip_times

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 500)
    pinned = _pin_zip_times(raw.getvalue(), dt.date(2026, 2, 3))
    with zipfile.ZipFile(io.BytesIO(pinned)) as archive:
        (info,) = archive.infolist()
        assert info.date_time == (2026, 2, 3, 12, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < 1000
        assert archive.read("word/document.xml") == b"<w:document/>" * 500
