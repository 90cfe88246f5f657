"""A form's subjects become one PERSON each, however the name field is written.

The name field of a form often carries a nickname in quotes and remarks in brackets
('"Zee" (real name not known)'); read whole it would make a second person beside the "Zee"
of the narrative, and resolution would then see two people where the form names one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.extraction import form_document
from ingest.readers import read

FORM = """INFORMATION SHARING FORM
Ref: ISF-TEST-0001
Submitted by: Sam Jones, Social Worker
Agency: Bolton Children's Social Care
Date: 14/01/2026
Child ID: C-1001
Categories: CSE

SUBJECT
Name: {name}
Phone: 07700 900118
Nickname: not known

NARRATIVE
Kayla says {mention} picked her up from the park and gave her cannabis.

Source: Kayla.
Third party: No
Grading: B / 2 / P
"""


def _form(tmp_path: Path, name: str, mention: str) -> dict:
    path = tmp_path / "isf_test.txt"
    path.write_text(FORM.format(name=name, mention=mention), encoding="utf-8")
    return form_document(read(path))


def _called(entity: dict, names: set[str]) -> bool:
    written = [entity["text"], *entity.get("aliases", [])]
    return bool({w.casefold() for w in written} & names)


@pytest.mark.parametrize(("field", "mention", "names"), [
    ('"Zee" (real name not known)', "Zee", {"zee"}),
    ('"Zee" - surname not known (saved in her phone as "Z")', "Z", {"zee", "z"}),
    ('Dean "Deano" ASHWORTH', "Deano", {"dean ashworth", "deano"}),
    ("ASHWORTH, Dean (DOB not known)", "Dean ASHWORTH", {"dean ashworth"}),
])
def test_one_person_per_subject(tmp_path: Path, field: str, mention: str,
                                names: set[str]) -> None:
    result = _form(tmp_path, field, mention)
    entities = result["entities"]
    persons = [i for i, e in enumerate(entities) if e["type"] == "PERSON" and _called(e, names)]
    assert len(persons) == 1, [entities[i] for i in persons]
    person = entities[persons[0]]
    assert person["role"] == "ADULT_OF_CONCERN"
    assert all("(" not in w and "not known" not in w
               for w in [person["text"], *person["aliases"]])
    phones = [i for i, e in enumerate(entities) if e["type"] == "PHONE"]
    assert {"type": "USES", "source": persons[0], "target": phones[0]} in result["relations"]


@pytest.mark.parametrize("field", ["Unknown male, 30s", "unknown (real name not known)"])
def test_an_unnamed_subject_keeps_its_phone_but_makes_no_person(tmp_path: Path,
                                                                field: str) -> None:
    result = _form(tmp_path, field, "a man")
    assert not [e for e in result["entities"] if e["type"] == "PERSON"
                and e.get("role") == "ADULT_OF_CONCERN"]
    assert "+447700900118" in {e.get("normalised") for e in result["entities"]}


# -- a JSON form: its subject fields and the narrative's own mentions of them --------------

def _json_form(tmp_path: Path, narrative: str, vehicle: str | None,
               nicknames: list[str]) -> dict:
    form = {
        "form": "information_sharing", "reference": "ISF-TEST-0002",
        "submitted_by": "Sam Jones, Social Worker", "agency": "Salford Children's Social Care",
        "date": "2026-01-24", "child_id": "C-1039", "categories": ["CCE"],
        "subjects": [{"name": "Keith BRAY", "dob": "1994-02-25", "address": None,
                      "phone": "07700 900020", "vehicle": vehicle, "nickname": nicknames,
                      "online_handle": None, "identifying_features": None}],
        "narrative": narrative, "source": "Dylan", "third_party": "No",
        "coercion_control": "not known", "payments": "not known",
        "grading": {"source_evaluation": "B", "intelligence_assessment": "2",
                    "handling_code": "P"},
    }
    path = tmp_path / "isf_test.json"
    path.write_text(json.dumps(form), encoding="utf-8")
    return form_document(read(path))


def _people(result: dict, names: set[str]) -> list[dict]:
    return [e for e in result["entities"] if e["type"] == "PERSON" and _called(e, names)]


def test_a_json_forms_narrative_names_for_its_subject_are_the_subject(tmp_path: Path) -> None:
    # the fields say Keith BRAY is "Keefy"; the narrative says "Keefy" and "Mr BRAY", and
    # a black Nissan, while the subject's vehicle field gives the plate
    result = _json_form(
        tmp_path, 'Rachel calls him "Keefy". Mr BRAY is known to GMP. They arrived in a '
        "black Nissan after midnight.", "black Nissan Qashqai, reg MF20 RMX (CCTV)",
        ["Keefy", "Stretch"])
    people = _people(result, {"keefy", "mr bray", "keith bray"})
    assert len(people) == 1, people
    assert people[0]["normalised"] == "keith bray"
    assert people[0]["role"] == "ADULT_OF_CONCERN"
    cars = [e for e in result["entities"] if e["type"] == "VEHICLE"]
    assert len(cars) == 1, cars
    assert cars[0]["normalised"] == "MF20RMX"
    assert cars[0]["attributes"]["make"] == "Nissan"
    who = result["entities"].index(people[0])
    assert {"type": "USES", "source": who,
            "target": result["entities"].index(cars[0])} in result["relations"]
    for relation in result["relations"]:  # renumbered: every end is still an entity
        for end in (relation["source"], relation["target"]):
            assert end == "CHILD" or 0 <= end < len(result["entities"])


def test_a_json_forms_other_people_and_other_cars_stay_apart(tmp_path: Path) -> None:
    # decoys: another man with a title ("Mr JONES"), a name the form does not give the
    # subject ("Stretch" is not among the nicknames here), and a white Nissan
    result = _json_form(
        tmp_path, "Mr JONES drove Rachel home. Stretch was there too. They left in a white "
        "Nissan.", "black Nissan Qashqai, reg MF20 RMX", ["Keefy"])
    subject = _people(result, {"keith bray"})
    assert len(subject) == 1
    assert not {"Mr JONES", "Stretch"} & {subject[0]["text"], *subject[0]["aliases"]}
    assert len(_people(result, {"mr jones"})) == 1
    cars = {e["normalised"] or e["text"] for e in result["entities"] if e["type"] == "VEHICLE"}
    assert cars == {"MF20RMX", "white Nissan"}
