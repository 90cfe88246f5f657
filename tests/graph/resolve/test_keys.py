"""Deterministic keys and parts: names, places, plates, ages and nicknames."""

from __future__ import annotations

from graph.resolve import keys
from graph.types import address


def test_street_suffix_variants_and_flat_numbers_share_building_keys() -> None:
    assert address.parse("17 Leader St, Wigan WN1 3JH").key == "17 leader street"
    assert address.parse("17 Leader Street").key == "17 leader street"
    assert address.parse("Flat 2, 14 Moss Ln").key == "14 moss lane"
    assert keys.place_form("Flat 2, 14 Moss Ln").flat == "2"
    assert keys.place_form("Flat 3, 14 Moss Lane").flat == "3"


def test_place_parts_of_dwellings_venues_and_addresses() -> None:
    flat = keys.place_form("flat on Mossfeild Ct")
    assert (flat.street, flat.stem, flat.suffix, flat.dwelling) == (
        "mossfeild court", "mossfeild", "court", True)
    tail = keys.place_form("Mossfield Court flat")
    assert (tail.street, tail.dwelling) == ("mossfield court", True)
    venue = keys.place_form("Peri Palace on Deane Road")
    assert (venue.name, venue.street, venue.dwelling) == ("peri palace", "deane road", False)
    home = keys.place_form("Larkfield House, 136 Heatherfield, Bolton BL1 7QG")
    assert (home.name, home.number, home.street, home.postcode) == (
        "larkfield house", "136", "heatherfield", "BL1 7QG")
    assert keys.place_name_core("wigan north western station") == keys.place_name_core(
        "wigan north western")


def test_person_forms_drop_practitioners_comments() -> None:
    assert [f.text for f in keys.person_forms('"Zee" (real name not known)')] == ["zee"]
    kyle = keys.person_forms('"Kyle" - surname not known (saved in phone as "Kyle M")')
    assert [(f.kind, f.text) for f in kyle] == [("single", "kyle"), ("initialled", "kyle m")]
    assert [(f.kind, f.text) for f in keys.person_forms("Mr ASHWORTH")] == [
        ("surname", "ashworth")]
    assert [f.text for f in keys.person_forms('Amelia "Millie" CARTWRIGHT')] == [
        "millie", "amelia cartwright"]


def test_ages_conflict_between_a_child_and_an_adult_not_between_estimates() -> None:
    assert keys.age_range("mid 20s") == (23, 27)
    assert keys.ages_conflict((16, 16), keys.age_range("about 25"))
    assert not keys.ages_conflict((19, 19), keys.age_range("about 25"))
    assert not keys.ages_conflict((14, 14), (17, 17))


def test_nicknames_made_from_names_and_not_other_names() -> None:
    assert keys.derived_nickname("deano", "dean", "ashworth")
    assert keys.derived_nickname("johnno", "john", "pickering")
    assert keys.derived_nickname("ash", "dean", "ashworth")
    assert keys.derived_nickname("kd", "kyle", "dawson")
    assert not keys.derived_nickname("janet", "janice", "clayton")
    assert not keys.derived_nickname("carole", "carol", "bailey")
    assert not keys.derived_nickname("zee", "lee", "archer")


def test_one_typo_is_a_spelling_not_another_name() -> None:
    assert keys.one_typo("tracy", "tracey") and keys.one_typo("mossfield", "mossfeild")
    assert not keys.one_typo("hunt", "hunter")
    assert not keys.one_typo("daniel", "danielle")


def test_partial_plates_fit_full_plates_only_as_a_prefix() -> None:
    form = keys.vehicle_form("silver merc, reg started MF67", "MF67*")
    assert (form.partial, form.make, form.colour) == ("MF67*", "mercedes", "silver")
    assert keys.vehicle_form("grey Beemer").colour == keys.vehicle_form("silver car").colour
    assert keys.plates_compatible("MF67*", "MF67LKW")
    assert not keys.plates_compatible("MF67*", "MF68LKW")
    assert keys.plates_compatible("MB65O*", "MB65*")


def test_the_initial_a_is_a_worker_s_initial_not_the_article() -> None:
    # "A Hewitt" is Angela Hewitt written as practitioners sign; "a man" is a comment
    assert [(f.kind, f.text) for f in keys.person_forms("A Hewitt")] == [
        ("initialled", "a hewitt")]
    assert [f.text for f in keys.person_forms("A. Clayton")] == ["a clayton"]
    assert keys.person_forms("a man") == () and keys.person_forms("A man") == ()
    assert keys.person_forms("A Hewitt and co") == ()
