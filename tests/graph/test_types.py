"""Property types: every spelling analysts meet maps to one key, and junk is refused."""

from __future__ import annotations

import doctest
import importlib

import pytest

from graph.exc import InvalidValue
from graph.types import address, clean, dates, handle, name, phone, postcode, vrm

MODULES = ["address", "dates", "handle", "name", "phone", "postcode", "text", "vrm"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_hold(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"graph.types.{module}"))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("written", ["MK15 XRT", "mk15xrt", "MK15-XRT", " mk15  xrt "])
def test_plates_fold_to_one_key(written: str) -> None:
    assert vrm.clean(written) == "MK15XRT"


@pytest.mark.parametrize("written", ["A123 BCD", "ABC 123D", "K1", "1 ABC"])
def test_older_plate_formats_are_plates(written: str) -> None:
    assert vrm.clean(written) == written.replace(" ", "")


@pytest.mark.parametrize("written", ["hello", "12345678", "", "=HYPERLINK(1)"])
def test_non_plates_are_refused(written: str) -> None:
    with pytest.raises(InvalidValue):
        vrm.clean(written)


def test_partial_plate_is_only_a_candidate() -> None:
    partial = vrm.clean("MF67", allow_partial=True)
    assert vrm.is_partial(partial)
    assert vrm.could_be(partial, "MF67LKW") and not vrm.could_be(partial, "MF68LKW")
    with pytest.raises(InvalidValue):
        vrm.clean("MF67 L")


@pytest.mark.parametrize("written", ["07700 900417", "+44 7700 900417", "07700900417",
                                     "+44 (0) 7700 900 417", "0044 7700 900417"])
def test_phone_numbers_fold_to_e164(written: str) -> None:
    assert phone.clean(written) == "+447700900417"


@pytest.mark.parametrize("written", ["12", "call me", "0770"])
def test_impossible_numbers_are_refused(written: str) -> None:
    with pytest.raises(InvalidValue):
        phone.clean(written)


@pytest.mark.parametrize("written,key", [("bl12rf", "BL1 2RF"), ("M1 1AE", "M1 1AE"),
                                         ("ol16  1aa", "OL16 1AA"), ("EC1A1BB", "EC1A 1BB")])
def test_postcodes(written: str, key: str) -> None:
    assert postcode.clean(written) == key


def test_postcode_refuses_junk_and_gives_district() -> None:
    with pytest.raises(InvalidValue):
        postcode.clean("BL1")
    assert postcode.district("bl1 2rf") == "BL1"


@pytest.mark.parametrize("written,platform", [("@Deano.BL1", None),
                                              ("sc: deano.bl1", "snapchat"),
                                              ("deano.bl1 (Snapchat)", "snapchat"),
                                              ("insta: DEANO.BL1", "instagram")])
def test_handles(written: str, platform: str | None) -> None:
    assert handle.split(written) == ("deano.bl1", platform)


def test_names_keep_every_token_but_drop_titles() -> None:
    assert name.clean("Mr Dean ASHWORTH") == "dean ashworth"
    assert name.clean("dean ashworth") == name.clean("Dean  Ashworth")
    assert name.clean("Kyle") != name.clean("Kyle Pennington")
    with pytest.raises(InvalidValue):
        name.clean("<script>1</script>" * 0 + "123")


@pytest.mark.parametrize("written", ["18 Mossfield Court, Bolton BL1 2RF", "18 Mossfield Ct",
                                     "Flat 3, 18 Mossfield Court", "18 mossfield ct."])
def test_address_spellings_share_a_key(written: str) -> None:
    assert address.clean(written) == "18 mossfield court"


def test_address_keeps_flat_and_postcode_as_parts() -> None:
    parsed = address.parse("Flat 3, 18 Mossfield Court, Bolton BL1 2RF")
    assert (parsed.flat, parsed.postcode, parsed.town) == ("3", "BL1 2RF", "bolton")


@pytest.mark.parametrize("written", ["Willow Bank (returned of own accord)", "Willow Bank",
                                     "Willow Bank [returned home], Bolton"])
def test_a_bracketed_remark_is_not_part_of_the_place(written: str) -> None:
    assert address.clean(written) == "willow bank"


@pytest.mark.parametrize("written", ["returned home", "Returned of own accord.",
                                     "(returned home)", "came back of her own accord"])
def test_coming_back_is_not_a_place(written: str) -> None:
    with pytest.raises(InvalidValue):
        address.clean(written)


def test_dates_are_day_first_and_refuse_impossible_ones() -> None:
    assert dates.parse_date("03/04/2026").month == 4
    assert dates.parse_date("2026-04-03").day == 3
    for bad in ("31/02/2026", "not a date", "", "10", "March", "March 2026"):
        with pytest.raises(InvalidValue):
            dates.parse_datetime(bad)


def test_registry_cleans_by_type_name() -> None:
    assert clean("phone", "07700 900417") == "+447700900417"
    assert clean("vrm", "MF67") == "MF67*"
