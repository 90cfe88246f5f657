"""Each rule component on varied strings, including hostile ones."""

from __future__ import annotations

import pytest

from nlp.extract import extract


def _ents(nlp, text, **kw):
    return extract(text, nlp=nlp, **kw)["entities"]


def _of(ents, kind):
    return [e for e in ents if e["type"] == kind]


@pytest.mark.parametrize(("text", "key", "make", "colour"), [
    ("Kyle picked him up in a silver merc, reg started MF67 he thinks.", "MF67*", "Mercedes",
     "silver"),
    ("a silver Mercedes A-Class, reg MF67 LKW, on Dalton Drive", "MF67LKW", "Mercedes", "silver"),
    ("black Audi A3, reg MK15 XRT", "MK15XRT", "Audi", "black"),
    ("VRM: mk15xrt seen twice", "MK15XRT", None, None),
    ("old plate K123 ABC was a Ford", "K123ABC", None, None),
    ("partial reg MF67 L?? only", "MF67L*", None, None),
    # "seat" in lower case is a car only with a colour and its plate after it
    ("she got into a white seat, reg started MG18 she thinks", "MG18*", "Seat", "white"),
])
def test_vehicles(nlp, text, key, make, colour):
    vehicles = _of(_ents(nlp, text), "VEHICLE")
    assert vehicles and vehicles[0]["normalised"] == key
    assert vehicles[0]["attributes"].get("make") == make
    assert vehicles[0]["attributes"].get("colour") == colour


def test_a_seat_in_a_car_is_not_a_seat_car(nlp):
    text = "She sat in the front passenger seat of a red Audi. The white seat was wet."
    assert [v["attributes"].get("make") for v in _of(_ents(nlp, text), "VEHICLE")] == ["Audi"]


def test_vehicle_without_plate_and_alias(nlp):
    text = "Staff saw a black Audi at the gates. The Audi came back later."
    (vehicle,) = _of(_ents(nlp, text), "VEHICLE")
    assert vehicle["text"] == "black Audi" and vehicle["normalised"] is None
    assert vehicle["aliases"] == ["Audi"]


def test_roads_and_references_are_not_plates(nlp):
    text = "Drove off towards the A49 AND M62. Ref ISF-BOL-2026-0009, MP-2026-00031."
    assert not _of(_ents(nlp, text), "VEHICLE")


@pytest.mark.parametrize(("text", "key"), [
    ("Zee rings them from 07700 900417 (the line).", "+447700900417"),
    ("a text from +44 7700 900417, unknown", "+447700900417"),
    ("number +44 (0)7700 900652.", "+447700900652"),
    ("landline 0161 496 0000 at home", "+441614960000"),
    ("new phone (07700900283)", "+447700900283"),
])
def test_phones(nlp, text, key):
    (phone,) = _of(_ents(nlp, text), "PHONE")
    assert phone["normalised"] == key
    assert text[phone["start"]:phone["end"]] == phone["text"]


def test_not_phones(nlp):
    assert not _of(_ents(nlp, "Reported 02/01/2026 19:45, ref MP-2026-00031, 12345"), "PHONE")


@pytest.mark.parametrize(("text", "key", "platform"), [
    ("she follows deano on snap (deano.bl1)", "deano.bl1", "Snapchat"),
    ("sc: Deano.BL1", "deano.bl1", "Snapchat"),
    ("Someone on snap called moneyman.bl messaged him", "moneyman.bl", "Snapchat"),
    ("Online: zee_wigan_ on Snapchat", "zee_wigan_", "Snapchat"),
    ("her insta is @Jaz_99.", "jaz_99", "Instagram"),
    ("snapchat name kaylaxx", "kaylaxx", "Snapchat"),
])
def test_handles(nlp, text, key, platform):
    handles = _of(_ents(nlp, text), "ONLINE_HANDLE")
    assert handles and handles[0]["normalised"] == key
    assert handles[0]["attributes"]["platform"] == platform


def test_not_handles(nlp):
    text = "She had been messaging Ash on Snapchat. Email bob@example.com at 10pm @10pm."
    assert not _of(_ents(nlp, text), "ONLINE_HANDLE")


def test_addresses_and_postcodes(nlp):
    text = ("Address: Larkfield House, 136 Heatherfield, Bolton BL1 7QG\n"
            "She went to a flat on Mossfield Court. Later she said it is 18 Mossfield Court, "
            "BL1 2RF. Postcode given as WN3 6TQ.")
    locs = _of(_ents(nlp, text), "LOCATION")
    first = locs[0]
    assert first["normalised"] == "136 heatherfield"
    assert first["attributes"]["postcode"] == "BL1 7QG"
    flat = next(e for e in locs if e["text"] == "flat on Mossfield Court")
    assert flat["normalised"] == "18 mossfield court"
    assert "18 Mossfield Court, BL1 2RF" in flat["aliases"]
    assert any(e["attributes"]["postcode"] == "WN3 6TQ" for e in locs)


@pytest.mark.parametrize(("text", "expected"), [
    ("they went to the shops on Market Street after school", "shops on Market Street"),
    ("found at Robin Park, Wigan (police)", "Robin Park, Wigan"),
    ("a hotel, the Moorside Lodge Hotel in Westhoughton", "Moorside Lodge Hotel in Westhoughton"),
    ("met them off the train at Bolton Interchange", "Bolton Interchange"),
    ("He says he stays in a flat off Moss Lane", "flat off Moss Lane"),
    ("the car drove off towards the A49.", "A49"),
    # "Bank" ends street names too ("Mill Bank"), but "West Bank St" is a street called
    # West Bank: the whole name and its dwelling, not "West Bank" with " St flat" dropped
    ("she ended up at the West Bank St flat, where Andy lets people stay", "West Bank St flat"),
    ("Later they went to andrew's flat on Wets Bank St. There were", "flat on Wets Bank St"),
])
def test_places(nlp, text, expected):
    assert expected in [e["text"] for e in _of(_ents(nlp, text), "LOCATION")]


def test_streets_are_not_people(nlp):
    ents = _ents(nlp, "Moss Lane was where the Audi A3 stopped. Kyle lives on Moss Lane.")
    assert "Moss Lane" not in [e["text"] for e in _of(ents, "PERSON")]
    assert "Audi A3" not in [e["text"] for e in _of(ents, "PERSON")]


@pytest.mark.parametrize(("text", "name"), [
    ('a man he knows as "Zee" asked them', "Zee"),
    ("A girl called Shannon was there", "Shannon"),
    ('They went to "Deano\'s" flat', "Deano"),
    ("Tyler said he was out with kyle all night", "kyle"),
    ("Social worker: Nadia Hussain", "Nadia Hussain"),
    ("Interviewer: Gemma Kershaw\n", "Gemma Kershaw"),
    ("Seen at home. Worker: Lee Fairclough (Wigan MFH).", "Lee Fairclough"),
    ("Agreed. M. Tonge", None),
])
def test_person_cues(nlp, text, name):
    persons = [e["text"] for e in _of(_ents(nlp, text), "PERSON")]
    if name:
        assert name in persons


def test_subject_child_is_not_an_entity(nlp):
    text = "Kayla said she went out with Millie. kayla was tired. Kayla BRENNAN (C-1001)."
    persons = [e["text"].lower() for e in _of(_ents(nlp, text, subject_names=["Kayla Brennan"]),
                                              "PERSON")]
    assert "kayla" not in persons and "kayla brennan" not in persons
    assert "millie" in persons


def test_aliases_fold_into_one_entity(nlp):
    text = ('1. Name: Dean ASHWORTH\n   Nickname(s): "Deano", "Ash"\n\nNARRATIVE\n'
            'Kayla calls him "Deano"; Millie calls him "Ash". deano rang her.')
    persons = _of(_ents(nlp, text, kind="intel_form"), "PERSON")
    dean = [e for e in persons if e["normalised"] == "dean ashworth"]
    assert len(dean) == 1
    assert {"Deano", "Ash"} <= set(dean[0]["aliases"])
    assert dean[0]["role"] == "ADULT_OF_CONCERN"


def test_first_name_links_full_name(nlp):
    text = "Tyler went out with his mate Kyle (Kyle Pennington, 16). Later kyle left."
    (kyle,) = _of(_ents(nlp, text, subject_names=["Tyler Hodgson"]), "PERSON")
    assert kyle["text"] == "Kyle" and kyle["normalised"] == "kyle pennington"
    assert "Kyle Pennington" in kyle["aliases"] and "kyle" in kyle["aliases"]
    assert kyle["role"] == "PEER"


@pytest.mark.parametrize(("text", "name", "role"), [
    ('Kayla described Deano as "about 25". Deano gave them £10.', "Deano", "ADULT_OF_CONCERN"),
    ("Leah (another young person at the home, 15) went too.", "Leah", "PEER"),
    ("his dad Gary Marsh reported him missing", "Gary Marsh", "FAMILY"),
    ("collected by Mike (night support worker) who drove her home", "Mike", "PROFESSIONAL"),
    ("key worker Becky was present", "Becky", "PROFESSIONAL"),
    ("PC Jones picked her up and gave her a lift", "PC Jones", "PROFESSIONAL"),
    ("an older lad called Kyle picked him up", "Kyle", "ADULT_OF_CONCERN"),
    # driving her about, said after another man's name in the possessive
    ('Staff saw her get into a red Audi. Reece is "DG\'s mate" and "takes her places".',
     "Reece", "ADULT_OF_CONCERN"),
])
def test_roles(nlp, text, name, role):
    person = next(e for e in _of(_ents(nlp, text), "PERSON") if e["text"] == name)
    assert person["role"] == role


@pytest.mark.parametrize(("text", "name", "age"), [
    ('Cameron described Keith as "older, maybe 30, he\'s sound".', "Keith", "maybe 30"),
    ('Kayla described Deano as "about 25".', "Deano", "about 25"),
])
def test_an_estimated_age_is_read(nlp, text, name, age):
    # an age a child guesses is still the age resolution weighs against a date of birth
    person = next(e for e in _of(_ents(nlp, text), "PERSON") if e["text"] == name)
    assert person["attributes"]["age"] == age
    assert person["role"] == "ADULT_OF_CONCERN"


def test_a_job_before_a_name_is_not_a_person(nlp):
    # the small model reads "Foster" of "Foster carer Samantha Armstrong" as a person
    text = "Foster carer Samantha Armstrong said Lewis has a new phone case."
    assert [e["text"] for e in _of(_ents(nlp, text), "PERSON")] == ["Samantha Armstrong",
                                                                     "Lewis"]


def test_professional_never_adult_of_concern(nlp):
    text = ("Social worker: Tom Ridgway\nTom Ridgway, a man of about 45, picked her up and "
            "gave her money. foster carer Sue Haworth drove her to Bolton.")
    for person in _of(_ents(nlp, text), "PERSON"):
        assert person["role"] == "PROFESSIONAL"


@pytest.mark.parametrize(("text", "code", "negated"), [
    ("Kayla denied that anyone had asked her for pictures or for sex.", "CSE", True),
    ("Harvey denied drinking, taking anything or talking to anyone new online.", "ONLINE_CONTACT",
     True),
    ("No concerns re CSE.", "CSE", True),
    ("She said she was not hurt.", "VIOLENCE", True),
    ("They drank vodka and smoked weed.", "DRUGS", False),
    ("Ash told her \"you owe me now\".", "COERCION_CONTROL", False),
    ("They ended up at a hotel near the motorway.", "HOTEL", False),
    ("Her saying nobody made her do anything is consistent with grooming.", "CSE", False),
])
def test_indicators_with_negation(nlp, text, code, negated):
    found = extract(text, nlp=nlp)["indicators"]
    assert any(i["code"] == code and i["negated"] is negated for i in found), found
    for i in found:
        assert text[i["start"]:i["end"]] == i["text"]


def _codes(nlp, text: str) -> list[tuple[str, bool]]:
    return [(i["code"], i["negated"]) for i in extract(text, nlp=nlp)["indicators"]]


def test_a_summary_does_not_restate_a_denial_but_keeps_a_judgement(nlp):
    text = ("RISK AND PROTECTIVE FACTORS\nRisk: none. No indicators of exploitation.\n\n"
            "PRACTITIONER REFLECTION\nNil return - no exploitation concerns. The episode was "
            "about family conflict over contact.\n")
    codes = _codes(nlp, text)
    assert codes.count(("CSE", True)) == 1 and codes.count(("CCE", True)) == 1
    assert ("FAMILY_CONFLICT", False) in codes
    first = _codes(nlp, "PRACTITIONER REFLECTION\nNil return - no exploitation concerns.\n")
    assert ("CSE", True) in first  # said only in the summary, it still counts once


def test_a_risk_list_tags_only_what_the_narrative_did_not_raise(nlp):
    text = ("EXPERIENCES WHILE MISSING\nThey smoked weed at the flat.\n\n"
            "RISK AND PROTECTIVE FACTORS\nRisk: alcohol and cannabis use; a possible debt. "
            "He owes money to an older male.\n")
    codes = _codes(nlp, text)
    assert codes.count(("DRUGS", False)) == 1
    assert ("ALCOHOL", False) in codes
    assert codes.count(("COERCION_CONTROL", False)) == 2  # new in the list: each item counts


@pytest.mark.parametrize(("text", "absent"), [
    ('Rachel calls him "Blade". Blade messages her on Snapchat. Rhys drives for Blade.',
     "WEAPONS"),
    ("SUBJECT\nName: \"Zee\"\nPhone: 07700 900417 (pupils call this \"the line\")\n", "CCE"),
    ("Agency: Moorside Lodge Hotel\nDate: 14/01/2026\n", "HOTEL"),
    ('Zee "gives lads phones and then makes them owe him".', "GIFTS_MONEY"),
    ('Grace described jamie as "early 20s, beard, dead calm".', "OLDER_ADULTS"),
    ("One of the older lads took her phone off her.", "OLDER_ADULTS"),
])
def test_what_raises_no_indicator(nlp, text, absent):
    assert absent not in {code for code, _ in _codes(nlp, text)}


@pytest.mark.parametrize(("text", "code"), [
    ("Grace stayed the night at the Hollinwood Lodge in Bolton.", "HOTEL"),
    ("Kez was with Bigz, who is older, maybe 30.", "OLDER_ADULTS"),
    ('Later they went to a flat where "older lads" hang about.', "OLDER_ADULTS"),
    ("The episode was about conflict at home over boundaries.", "FAMILY_CONFLICT"),
])
def test_what_raises_an_indicator(nlp, text, code):
    assert (code, False) in _codes(nlp, text)


def test_a_nickname_made_from_a_named_persons_name_is_that_person(nlp):
    text = ('SUBJECT\nName: Lee ARCHER\n\nNARRATIVE\nI visited last week. Mr ARCHER was not in. '
            'A man answered the door and said "Arc\'s not here".')
    people = [e for e in extract(text, nlp=nlp, kind="intel_form")["entities"]
              if e["type"] == "PERSON"]
    assert len(people) == 1 and "Arc" in people[0]["aliases"]


def test_a_lower_case_house_number_address_joins_the_flat_on_its_street(nlp):
    text = "They went to the Liptrot Street flat. The flat is 111 liptrot street (per Lee)."
    places = [e for e in extract(text, nlp=nlp)["entities"] if e["type"] == "LOCATION"]
    assert [p["normalised"] for p in places] == ["111 liptrot street"]
    for text in ("He gave them 10 quid down the road.", "They waited 20 minutes on the road."):
        assert not [e for e in extract(text, nlp=nlp)["entities"] if e["type"] == "LOCATION"]


def test_a_bullet_after_a_name_is_not_their_job(nlp):
    text = '- Alex said he now "owes" Alan\n- staff saw Alex get into a black Audi'
    alan = next(e for e in extract(text, nlp=nlp)["entities"] if e["text"] == "Alan")
    assert alan["role"] != "PROFESSIONAL" and "job" not in alan["attributes"]


def test_relations(nlp):
    text = ("Kyle picked her up in a silver Merc, reg MF67 LKW. She went to a flat on Moss Lane "
            "with Shannon. Zee rings her from 07700 900417.")
    result = extract(text, nlp=nlp, subject_names=["Chloe Whitfield"])
    ents = result["entities"]
    rels = {(r["type"], r["source"], ents[r["target"]]["text"]) for r in result["relations"]}
    assert ("TRANSPORTED_BY", "CHILD", "Kyle") in rels
    assert ("AT", "CHILD", "flat on Moss Lane") in rels
    assert ("WITH", "CHILD", "Shannon") in rels
    assert ("CONTACTED_BY", "CHILD", "07700 900417") in rels


@pytest.mark.parametrize(("text", "relation"), [
    ("Reported missing by mum 01/01/2026 02:00 from home, 17 Leader Street, Wigan WN1 3JH.",
     ("LIVES_AT", "CHILD", "17 Leader Street, Wigan WN1 3JH")),
    ("Missing from foster placement (carers Sue and Martin Haworth, 104 Sandown Crescent, "
     "Bolton BL3 1HF) 02/01/2026 19:50.",
     ("LIVES_AT", "CHILD", "104 Sandown Crescent, Bolton BL3 1HF")),
    ("She went to meet kayla (Kayla Brennan, lives at Larkfield House) in town.",
     ("LIVES_AT", "kayla", "Larkfield House")),
])
def test_where_people_live(nlp, text, relation):
    result = extract(text, nlp=nlp)
    ents = result["entities"]

    def name(end):
        return end if end == "CHILD" else ents[end]["text"]

    found = {(r["type"], name(r["source"]), name(r["target"])) for r in result["relations"]}
    assert relation in found, found
    assert ("AT", "CHILD", relation[2]) not in found


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script> Kyle picked her up",
    '=HYPERLINK("http://evil","click") 07700 900417',
    "", "   \n\n  ", "\x00\x01 reg MF67 LKW \u200b", "£££ ''' \"\"\" ((( ::: @@@",
])
def test_hostile_text(nlp, text):
    result = extract(text, nlp=nlp)
    for e in result["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]


def test_a_title_and_surname_joins_a_name_given_in_full_after_the_first_mention(nlp):
    # "Keith" first, "Keith BRAY" later: "Mr BRAY" is him. Decoy: "Mr JONES" is not.
    text = ('Dylan calls him "Keith". Police say the tenant is Keith BRAY; Mr BRAY is known '
            "to GMP. Mr JONES, the landlord, was not there.")
    people = [e for e in extract(text, nlp=nlp, kind="intel_form")["entities"]
              if e["type"] == "PERSON"]
    bray = [p for p in people if p["normalised"] == "keith bray"]
    assert len(bray) == 1 and {"Keith BRAY", "Mr BRAY"} <= set(bray[0]["aliases"])
    assert "Mr JONES" not in bray[0]["aliases"]
    assert [p for p in people if p["text"] == "Mr JONES"]


def test_a_street_with_two_letters_swapped_is_the_street_in_one_note(nlp):
    # "Quyaside" is Quayside typed fast: the flat there is the numbered address. Decoy:
    # "Hill Lane" is one letter from "Mill Lane" and no swap of its letters (what keeps it
    # apart here is the grouper filing streets by first letter; see streets_alike).
    text = ("Max took her to 10 Quayside, Leigh WN7 4JG. She stayed at the flat on Quyaside "
            "again. On Friday she was at 4 Mill Lane, and then at a flat on Hill Lane.")
    places = [e for e in extract(text, nlp=nlp)["entities"] if e["type"] == "LOCATION"]
    quayside = [p for p in places if p["normalised"] == "10 quayside"]
    assert len(quayside) == 1 and "flat on Quyaside" in quayside[0]["aliases"]
    mill = [p for p in places if p["normalised"] == "4 mill lane"]
    assert len(mill) == 1 and not any("Hill" in a for a in mill[0]["aliases"])
