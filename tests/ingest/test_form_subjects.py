"""A form's subjects become one PERSON each, however the name field is written.

The name field of a form often carries a nickname in quotes and remarks in brackets
('"Zee" (real name not known)'); read whole it would make a second person beside the "Zee"
of the narrative, and resolution would then see two people where the form names one.
"""

from __future__ import annotations

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
