"""The packaged Greater Manchester gazetteer and its lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from rhigraph.scenario import gazetteer
from rhigraph.scenario.areas import GM_AUTHORITIES


def test_load_has_every_pole_location_with_gm_coordinates():
    rows = gazetteer.load()
    assert len(rows) == 14904
    assert all(53.2 < r.latitude < 53.8 and -2.8 < r.longitude < -1.9 for r in rows)
    assert gazetteer.load() is rows  # cached, shared


@pytest.mark.parametrize("spelling", ["BL1 2RF", "bl1 2rf", "BL12RF", " bl1  2RF "])
def test_lookup_postcode_accepts_any_spelling(spelling):
    (row,) = gazetteer.lookup_postcode(spelling)
    assert row.address == "18 Mossfield Court"
    assert (row.number, row.street, row.district) == ("18", "Mossfield Court", "BL1")
    assert gazetteer.postcode_coordinates(spelling) == (53.584982, -2.435737)


def test_unknown_or_malformed_postcodes_find_nothing():
    assert gazetteer.lookup_postcode("ZZ9 9ZZ") == ()
    assert gazetteer.lookup_postcode("not a postcode") == ()
    assert gazetteer.postcode_coordinates("ZZ9 9ZZ") is None
    assert gazetteer.normalise_postcode("wn13jh") == "WN1 3JH"
    assert gazetteer.normalise_postcode("12345") is None


def test_facility_rows_are_not_street_addresses():
    facilities = [r for r in gazetteer.load() if not r.is_street_address]
    assert any(r.address == "Parking Area" for r in facilities)
    assert all(r.number is None for r in facilities)


def test_every_district_the_generator_uses_has_street_addresses():
    for authority in GM_AUTHORITIES:
        for district in authority.districts:
            rows = gazetteer.street_addresses(district)
            assert len(rows) > 40, district
            assert all(r.is_street_address and r.district == district for r in rows)


def test_runtime_code_reads_only_package_data(monkeypatch, tmp_path):
    package = Path(gazetteer.__file__).parent
    for source in package.glob("*.py"):
        code = source.read_text(encoding="utf-8")
        assert "/shared" not in code and "pole-greater-manchester" not in code, source.name
    assert (package / "data" / gazetteer.DATA_FILE).stat().st_size < 400_000
    monkeypatch.chdir(tmp_path)  # independent of the working directory
    gazetteer.load.cache_clear()
    gazetteer._by_postcode.cache_clear()
    assert len(gazetteer.load()) == 14904
