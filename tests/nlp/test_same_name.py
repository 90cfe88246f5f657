"""Two people who share a first name in one note stay two entities when the note says so.

A peer and an adult of concern both called "Brandon" folded into one person would join a
child's friend to the adult exploiting them (issue 5: no decoy merged). One person named
several times stays one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.evaluate import product_document
from nlp.extract import extract
from rhigraph.scenario import generate


def _people(nlp, text: str, subject: str = "Chloe") -> list[dict]:
    result = extract(text, subject_names=[subject], kind="rhi_note", nlp=nlp)
    return [e for e in result["entities"] if e["type"] == "PERSON"]


def _named(people: list[dict], first: str) -> list[dict]:
    return [p for p in people if p["text"].split()[0] == first]


@pytest.mark.parametrize("text", [
    # a friend out with her, and the driver of the same name
    "Chloe left home with Brandon and they walked into town. Laurie is an older male. "
    "Chloe said Brandon drives for Laurie.",
    # ages said of each
    "Chloe was with her mate Brandon (15) all evening. Brandon, who is about 26, bought "
    "them vodka.",
    # the note says outright that it is someone else
    "Chloe met Brandon at school. Later another Brandon turned up at the flat.",
    # different surnames
    "Chloe went out with Brandon Moore after tea. Brandon Burgess gave them a lift.",
])
def test_two_people_of_one_name_stay_apart(nlp, text: str) -> None:
    brandons = _named(_people(nlp, text), "Brandon")
    assert len(brandons) == 2, brandons
    assert brandons[0]["start"] != brandons[1]["start"]


def test_peer_and_adult_keep_their_own_roles(nlp) -> None:
    text = ("Chloe left home with Jamie Begum and they walked into town. "
            "Chloe said Jamie drove them about in a black Audi.")
    jamies = _named(_people(nlp, text), "Jamie")
    assert [j["role"] for j in jamies] == ["PEER", "ADULT_OF_CONCERN"]


def test_an_adults_age_goes_to_the_driver_not_the_friend(nlp) -> None:
    # out with the child, then a driver of the name, then an age: the age is the driver's
    text = ('- chloe said she was w/ Kyle "the whole time"\n'
            "- kyle picked her up outside the shops in a red Vauxhall\n"
            '- chloe described kyle as "early 20s, beard, dead calm"\n')
    kyles = sorted(_named(_people(nlp, text), "Kyle") + _named(_people(nlp, text), "kyle"),
                   key=lambda p: p["start"])
    assert len(kyles) == 2, kyles
    friend, driver = kyles
    assert driver["attributes"].get("age") == "early 20s"
    assert driver["role"] == "ADULT_OF_CONCERN"
    assert "age" not in friend["attributes"] and friend["role"] != "ADULT_OF_CONCERN"


@pytest.mark.parametrize("text", [
    "Chloe went out with her mate Kyle (16). Kyle said they went to the park. "
    "Kyle was with them all night.",
    "Chloe said Tariq is about 25. Tariq picked her up in a black Audi. Tariq gave her vodka.",
    "Chloe was with Kyle Pennington. Kyle is in Year 11. Kyle walked her home.",
    # what follows a possessive name is said of the man before it, not of Jinx
    'Chloe was out with Jinx. Reece is "Jinx\'s mate" and "takes her places".',
])
def test_one_person_named_often_is_one(nlp, text: str) -> None:
    people = _people(nlp, text)
    first = people[0]["text"].split()[0]
    assert len(_named(people, first)) == 1, people


def _decoy_notes(folder: Path) -> list[tuple[Path, dict, list[str]]]:
    """Notes that name both people of a decoy pair, with the gold and the pair's ids."""
    truth = json.loads((folder / "truth.json").read_text("utf-8"))
    found = []
    for decoy in truth["decoys"]:
        shared = set.intersection(*(set(p["documents"]) for p in decoy["people"]))
        for doc_id in sorted(shared):
            for gold_path in folder.glob(f"*/{doc_id}.gold.json"):
                text_path = gold_path.with_name(f"{doc_id}.txt")
                if text_path.exists():
                    found.append((text_path, json.loads(gold_path.read_text("utf-8")),
                                  decoy["ids"]))
    return found


def test_generated_decoys_stay_apart_in_the_notes_that_name_both(tmp_path: Path, nlp) -> None:
    """Each decoy person's first mention in a shared note starts an entity of its own."""
    folder = tmp_path / "scenario"
    generate(folder, children=30, weeks=4, seed=1, formats={"txt": 1.0})
    notes = _decoy_notes(folder)
    assert notes, "the scenario plants a decoy pair in at least one note"
    for text_path, gold, ids in notes:
        _, result = product_document(text_path)
        starts = {e["start"] for e in result["entities"] if e["type"] == "PERSON"}
        firsts = [min(e["start"] for e in gold["entities"] if e.get("canonical") == pid)
                  for pid in ids]
        assert all(s in starts for s in firsts), (text_path.name, firsts, sorted(starts))
