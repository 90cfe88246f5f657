"""How notes are read: wordings practitioners use that the rules must generalise to."""

from __future__ import annotations

import pytest

from nlp.extract import extract


def _ents(nlp, text, **kw):
    return extract(text, nlp=nlp, **kw)["entities"]


def _person(nlp, text, name, **kw):
    return next(e for e in _ents(nlp, text, **kw) if e["type"] == "PERSON" and e["text"] == name)


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Actions:\nISF to GMP. Inform Andrea Stewart today.\n", "Andrea Stewart", "PROFESSIONAL"),
    ("Actions:\nSW Pat to review. Dale Storey to request a strategy discussion.\n",
     "Dale Storey", "PROFESSIONAL"),
    ("Protective: Rita Dawson visits regularly; plays football.", "Rita Dawson",
     "PROFESSIONAL"),
    ("Night staff (Tom) said she came back smelling of cannabis.", "Tom", "PROFESSIONAL"),
    ("Housing information (Priya Shah, Moorfield Housing) shows the tenant.", "Priya Shah",
     "PROFESSIONAL"),
    ("Mum (Vanessa Lane) is worried about him.", "Vanessa Lane", "FAMILY"),
    ("She met up w/ Abbie @ approx 5.10pm.", "Abbie", "PEER"),
    ("They were joined later by Hannah Preston.", "Hannah Preston", "PEER"),
    ("Chloe confirmed it was Kyle, \"Ash's mate\". Kyle appears to be driving for Ash.", "Kyle",
     "ADULT_OF_CONCERN"),
    ("Noted, no further action.\nGerald Foster", "Gerald Foster", "PROFESSIONAL"),
])
def test_roles_from_wording(nlp, text, name, role):
    assert _person(nlp, text, name, subject_names=["Amy Mahmood"])["role"] == role


@pytest.mark.parametrize(("text", "subject"), [
    ("Joe said he just went out. Joe came back at 2am.", "Joseph Hughes"),
    ("Nat left home at 6pm with Paige.", "Natalie Ward"),
    ("George said staff treat her like a baby.", "Georgia Elliott"),
])
def test_the_child_by_a_short_name_is_not_an_entity(nlp, text, subject):
    names = {e["text"] for e in _ents(nlp, text, subject_names=[subject])
             if e["type"] == "PERSON"}
    assert subject.split()[0] not in names and text.split()[0] not in names


def test_not_people(nlp):
    text = ("Tyler went out on New Year's Eve with his mate Kyle. She went out with Leah "
            "(another young person at Brookfield View, 15).")
    persons = {e["text"] for e in _ents(nlp, text) if e["type"] == "PERSON"}
    assert "Eve" not in persons and "Brookfield View" not in persons and "Leah" in persons


def test_names_joined_by_a_slash_or_a_nickname_are_one_person(nlp):
    text = ('Kayla calls the man "Deano"; Millie calls him "Ash". ISF to GMP linking '
            'Ash/Deano and the flat. Dean SMITH is the tenant.')
    people = [e for e in _ents(nlp, text) if e["type"] == "PERSON"]
    (dean,) = [e for e in people if "Ash" in {e["text"], *e["aliases"]}]
    assert {"Deano", "Ash", "Dean SMITH"} <= {dean["text"], *dean["aliases"]}
    assert {e["text"] for e in people} == {"Kayla", "Millie", dean["text"]}
    assert {e["role"] for e in people if e is not dean} == {"UNKNOWN"}


@pytest.mark.parametrize(("text", "key"), [
    ("in a grey Toyota with MG19 on the plate he thinks", "MG19*"),
    ("in a white merc, reg started MF15 she thinks, but", "MF15*"),
    ("a dark blue Mercedes, partial reg MA68 R. Reece is early 20s", "MA68R*"),
    ("staff saw a silver corsa, reg started MM73 outside", "MM73*"),
])
def test_partial_plates(nlp, text, key):
    (vehicle,) = [e for e in _ents(nlp, text) if e["type"] == "VEHICLE"]
    assert vehicle["normalised"] == key


def test_named_home_and_places(nlp):
    text = ("dob 31/08/11. seen at Meadowside. worker: H Armstrong (Salford MFH)\n"
            "- owen left Meadowside @ approx 6.55pm w/ James\n"
            "- they went to Boothy's place, a flat on Leigh Street\n")
    result = extract(text, nlp=nlp, subject_names=["Owen Lewis"])
    ents = result["entities"]
    rels = {(r["type"], r["source"] if r["source"] == "CHILD" else ents[r["source"]]["text"],
             ents[r["target"]]["text"]) for r in result["relations"]}
    assert ("LIVES_AT", "CHILD", "Meadowside") in rels
    assert ("WITH", "CHILD", "James") in rels
    assert any(t == "LIVES_AT" and s == "Boothy" for t, s, _ in rels)
    assert ("WITH", "CHILD", "Boothy") in rels


def test_mates_and_drivers_are_associates(nlp):
    text = 'Chloe said it was Kyle, "Ash\'s mate". Connor drives for AB.'
    result = extract(text, nlp=nlp)
    ents = result["entities"]
    pairs = {(ents[r["source"]]["text"], ents[r["target"]]["text"]) for r in result["relations"]
             if r["type"] == "ASSOCIATE_OF"}
    assert ("Kyle", "Ash") in pairs


@pytest.mark.parametrize(("text", "code", "negated"), [
    ("Nathan said he hasn't been sleeping and feels anxious all the time.", "MENTAL_HEALTH",
     False),
    ("There were 3 older lads there Leon didn't know & he smoked weed.", "DRUGS", False),
    ("No indicators of exploitation.", "CSE", True),
    ("No indicators of exploitation.", "CCE", True),
    ("She is regularly picked up by Kyle in a grey toyota.", "TRANSPORTED", False),
    ("Leon was taken to Southport and told to wait at a house.", "CCE", False),
    ("She said she had not been\ndrinking.", "ALCOHOL", True),
    ("Alex was added on Instagram by @chris84.", "ONLINE_CONTACT", False),
    ("Gio booked a room at the Kingsway Budget Inn in Hindley.", "HOTEL", False),
    ("Boothy bought her a new phone case.", "GIFTS_MONEY", False),
    ("Amber and her mum had been arguing all week.", "FAMILY_CONFLICT", False),
])
def test_indicators(nlp, text, code, negated):
    found = {(i["code"], i["negated"]) for i in extract(text, nlp=nlp)["indicators"]}
    assert (code, negated) in found, found


@pytest.mark.parametrize(("text", "code"), [
    ("This is a serious escalation and fits a pattern of exploitation.", "CSE"),
    ("This is a serious escalation and fits a pattern of exploitation.", "CCE"),
    ("She was picked up by police on Trinity Street.", "TRANSPORTED"),
    ("Police picked her up at 11pm.", "TRANSPORTED"),
])
def test_not_indicators(nlp, text, code):
    assert code not in {i["code"] for i in extract(text, nlp=nlp)["indicators"]}
