"""Information-sharing forms: gold fields, JSON/text equivalence, grading, subjects."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from graph.exc import ReadError
from graph.provenance import Grading
from ingest.forms import parse_form_json, parse_form_text

FORMS = ["isf_BOL-2026-0009", "isf_BOL-2026-0014", "isf_WIG-2026-0019", "isf_WIG-2026-0031"]


@pytest.mark.parametrize("name", FORMS)
def test_gold_fields(samples: Path, name: str) -> None:
    text = (samples / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((samples / f"{name}.gold.json").read_text(encoding="utf-8"))["document"]
    fields = gold["fields"]
    form = parse_form_text(text)
    assert form.reference == fields["reference"]
    assert form.submitted_by == fields["submitted_by"]
    assert form.agency == fields["agency"]
    assert form.categories == fields["categories"]
    assert form.child_id == gold["child_id"]
    assert form.date == gold["date"]
    assert form.grading == Grading(fields["source_evaluation"], fields["intelligence_assessment"],
                                   fields["handling_code"])
    # gold paraphrases third_party ("no (car ...); yes (...)"); its first answer is ours too
    first = fields["third_party"].split()[0].split("(")[0]
    assert form.third_party_text.casefold().startswith(first)
    assert form.third_party is True
    assert form.narrative and form.source and form.subjects
    for key in ("narrative", "source"):
        start, end = form.sections[key]
        assert text[start:end] == getattr(form, key)


def test_json_and_text_versions_give_the_same_record(samples: Path) -> None:
    text = parse_form_text((samples / "isf_BOL-2026-0014.txt").read_text(encoding="utf-8"))
    data = json.loads((samples / "isf_BOL-2026-0014.json").read_text(encoding="utf-8"))
    from_json = parse_form_json(data)
    assert from_json.sections == {}
    assert text.other == {"to": "Greater Manchester Police (partner information)"}
    assert dataclasses.replace(from_json, sections={}, other={}) == \
        dataclasses.replace(text, sections={}, other={})


def test_subjects(samples: Path) -> None:
    form = parse_form_text((samples / "isf_BOL-2026-0014.txt").read_text(encoding="utf-8"))
    (dean,) = form.subjects
    assert dean.name == "Dean ASHWORTH"
    assert dean.dob == "1997-06-14"
    assert dean.nicknames == ["Deano", "Ash"]
    assert dean.vehicle is None  # "none known"
    assert (dean.phone, dean.phone_key) == ("07700 900118", "+447700900118")
    assert (dean.handle_key, dean.handle_platform) == ("deano.bl1", "snapchat")
    assert dean.features.startswith("white male")

    form = parse_form_text((samples / "isf_WIG-2026-0031.txt").read_text(encoding="utf-8"))
    kyle, ash = form.subjects
    assert kyle.vehicle_key == "MF67LKW" and kyle.age == "mid 20s"
    assert kyle.features == "white male, short dark beard, black puffer jacket"
    assert (kyle.name, kyle.nicknames) == ("Kyle", ["Kyle M"])
    assert ash.name == "Ash" and ash.other["name_written"].startswith('"Ash" - no other')
    assert "boyfriend" in ash.other["name_remarks"]
    assert form.coercion_control.startswith("not known. Chloe appears frightened")


def test_housing_form_without_a_child(samples: Path) -> None:
    form = parse_form_text((samples / "isf_BOL-2026-0009.txt").read_text(encoding="utf-8"))
    assert form.child_id is None
    assert form.coercion_control is None and form.payments is None
    assert form.handling_conditions == "resident identities must not be disclosed"
    assert form.subjects[0].nicknames == []


def test_separate_grading_lines_and_section_spans(samples: Path) -> None:
    text = (samples / "isf_BOL-2026-0014.txt").read_text(encoding="utf-8")
    form = parse_form_text(text)
    assert form.grading.code == "B2P"
    start, end = form.sections["third_party"]
    assert text[start:end] == "partly - the tenancy information is third party."
    assert form.source.endswith("observations by foster carer Sue Haworth.")


@pytest.mark.parametrize(("line", "code"), [
    ("Grading: B2P", "B2P"),
    ("Grading: b / 2 / p", "B2P"),
    ("3x5x2: A1C", "A1C"),
    ("5x5x5: B/2/4", "B2P"),
    ("5x5x5: E/4/5", "C4C"),
    ("Grading (5x5x5): C3 1", "B3P"),
])
def test_grading_lines(line: str, code: str) -> None:
    form = parse_form_text(f"INFORMATION SHARING FORM\nRef: X-1\n{line}\n")
    assert form.grading.code == code


def test_legacy_section_heading() -> None:
    form = parse_form_text("INFORMATION SHARING FORM\n\nGRADING (5x5x5)\nSource evaluation: D\n"
                           "Intelligence assessment: 2\nHandling code: 3\n")
    assert form.grading.code == "C2P"


def test_impossible_grading_is_an_error() -> None:
    with pytest.raises(ReadError, match="grading") as caught:
        parse_form_text("INFORMATION SHARING FORM\nSource evaluation: Q\n", path="f.txt")
    assert str(caught.value).startswith("f.txt (grading)")


def test_categories_are_canonical() -> None:
    form = parse_form_text("INFORMATION SHARING FORM\nCategories: county lines; "
                           "Child Sexual Exploitation, gang, trafficking\n")
    assert form.categories == ["CCE", "CSE", "gangs"]
    assert form.other["categories_unrecognised"] == "trafficking"


def test_json_grading_as_text_and_bad_shapes() -> None:
    form = parse_form_json({"reference": "R-1", "grading": "C/3/P", "third_party": False,
                            "categories": "CSE, missing"})
    assert (form.grading.code, form.third_party, form.categories) == \
        ("C3P", False, ["CSE", "missing"])
    with pytest.raises(ReadError, match="field subjects"):
        parse_form_json({"subjects": "Dean"}, path="f.json")
    with pytest.raises(ReadError, match="expected a JSON object"):
        parse_form_json(["not", "a", "form"], path="f.json")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '=HYPERLINK("http://x")'])
def test_hostile_subject_names_are_kept_as_written_text(name: str) -> None:
    """Markup or a formula is not taken apart as a name (its quotes are not nicknames): it
    stays whole, as text, and is escaped or neutralised wherever it is shown."""
    form = parse_form_text(f"INFORMATION SHARING FORM\n\nSUBJECT\nName: {name}\n"
                           "Phone: 07700 900118\n")
    assert form.subjects[0].name == name
    assert form.subjects[0].nicknames == []
    assert form.subjects[0].other.get("name_written", name) == name
    assert form.subjects[0].phone_key == "+447700900118"


@pytest.mark.parametrize(("field", "name", "nicknames"), [
    ('"Zee" (real name not known)', "Zee", []),
    ("\u201cZee\u201d (real name not known)", "Zee", []),
    ("'Zee' - surname not known", "Zee", []),
    ('Dean "Deano" ASHWORTH', "Dean ASHWORTH", ["Deano"]),
    ('Dean ASHWORTH (aka "Deano", "Ash")', "Dean ASHWORTH", ["Deano", "Ash"]),
    ("Dean ASHWORTH aka Deano, Ash - lives BL1", "Dean ASHWORTH", ["Deano", "Ash"]),
    ("ASHWORTH, Dean (20s)", "Dean ASHWORTH", []),
    ("Tariq MAHMOOD / T", "Tariq MAHMOOD", ["T"]),
    ('Unknown male - calls himself "Zee"', "Zee", []),
    ('unknown male (saved in her phone as "Kyle M")', "Kyle M", []),
    ("Connor O'Neil", "Connor O'Neil", []),
    ("Unknown male, 30s", None, []),
])
def test_subject_name_field_is_taken_apart(field: str, name: str | None,
                                           nicknames: list[str]) -> None:
    form = parse_form_text(f"INFORMATION SHARING FORM\n\nSUBJECT\nName: {field}\n"
                           "Nickname: not known\n")
    (subject,) = form.subjects
    assert (subject.name, subject.nicknames) == (name, nicknames)
    assert subject.other.get("name_written", field) == field  # nothing written is lost


def test_nicknames_in_the_name_field_join_the_nickname_field() -> None:
    form = parse_form_text('INFORMATION SHARING FORM\n\nSUBJECT\nName: Dean "Deano" ASHWORTH\n'
                           'Nickname: "deano", "Ash"\n')
    assert form.subjects[0].nicknames == ["deano", "Ash"]


def test_prose_mentioning_5x5x5_does_not_make_a_grade_legacy() -> None:
    form = parse_form_text("INFORMATION SHARING FORM\nNarrative: earlier logs were 5x5x5.\n\n"
                           "Grading: C / 3 / P\n")
    assert form.grading.code == "C3P"
