"""Episode and placement rows: typing, row errors, whole-file errors, column mappings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.readers import read
from ingest.tabular import RowError, load_mapping, parse_episodes, parse_placements

TODAY = dt.date(2026, 2, 1)
SECRET = "SECRETNAME"
HEADER = "episode_id,child_id,child_name,reported_missing_at,returned_at,risk_level,looked_after"


def episodes_from(tmp_path: Path, *lines: str, header: str = HEADER, **kwargs):
    path = tmp_path / "episodes.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    source = read(path)
    return parse_episodes(source.rows, row_numbers=source.row_numbers, path=str(path),
                          today=TODAY, **kwargs)


def test_samples_load_clean(samples: Path) -> None:
    source = read(samples / "episodes.csv")
    episodes, errors = parse_episodes(source.rows, row_numbers=source.row_numbers,
                                      path=str(source.path), today=TODAY)
    assert errors == [] and len(episodes) == 21
    still_missing = [e for e in episodes if e.returned_at is None]
    assert [e.episode_id for e in still_missing] == ["MP-2026-00158"]
    first = episodes[0]
    assert first.reported_missing_at == dt.datetime(2026, 1, 2, 19, 45)
    assert first.dob == dt.date(2010, 9, 22)
    assert (first.risk_level, first.looked_after, first.rhi_outcome) == \
        ("medium", True, "completed")
    source = read(samples / "placements.csv")
    placements, errors = parse_placements(source.rows, row_numbers=source.row_numbers,
                                          today=TODAY)
    assert errors == [] and len(placements) == 8
    assert placements[0].start == dt.date(2024, 2, 2)
    assert placements[0].end == dt.date(2025, 8, 13)
    assert {p.placement_type for p in placements} <= {
        "foster", "childrens_home_private", "family", "childrens_home_public"}


def test_day_first_and_iso(tmp_path: Path) -> None:
    episodes, errors = episodes_from(tmp_path, "MP-1,C-1,A,03/04/2025 21:30,2025-04-04T08:00,,")
    assert errors == []
    assert episodes[0].reported_missing_at == dt.datetime(2025, 4, 3, 21, 30)
    assert episodes[0].returned_at == dt.datetime(2025, 4, 4, 8, 0)


def test_bad_rows_are_reported_and_the_rest_load(tmp_path: Path) -> None:
    episodes, errors = episodes_from(
        tmp_path,
        f"MP-1,C-1,{SECRET},31/02/2026 19:00,,medium,Y",       # row 2: impossible date
        f"MP-2,C-1,{SECRET},10/01/2026 19:00,09/01/2026 10:00,,",  # row 3: returned before
        f"MP-3,C-1,{SECRET},10/01/2027 19:00,,,",              # row 4: future
        f"MP-4,,{SECRET},10/01/2026 19:00,,,",                 # row 5: no child_id
        f"MP-5,C-1,{SECRET},10/01/2026 19:00,,,",              # row 6: fine
        f"MP-5,C-2,{SECRET},11/01/2026 19:00,,,",              # row 7: duplicate
        f"MP-6,C-1,{SECRET},soon,,,",                          # row 8: not a date
        f"MP-7,C-1,{SECRET},10,,,",                            # row 9: dateutil would guess
        f"MP-8,C-1,{SECRET},10/01/2026,,extreme,maybe",        # row 10: vocabularies
        f"MP-9,C-1,{SECRET},10/01/2026,,,,extra cell",         # row 11: overflow
    )
    assert [e.episode_id for e in episodes] == ["MP-5"]
    found = {(e.row, e.field) for e in errors}
    assert found == {(2, "reported_missing_at"), (3, "returned_at"), (4, "reported_missing_at"),
                     (5, "child_id"), (7, "episode_id"), (8, "reported_missing_at"),
                     (9, "reported_missing_at"), (10, "risk_level"), (10, "looked_after"),
                     (11, None)}
    reasons = {(e.row, e.field): e.reason for e in errors}
    assert "before reported missing" in reasons[(3, "returned_at")]
    assert "future" in reasons[(4, "reported_missing_at")]
    assert "row 6" in reasons[(7, "episode_id")]
    for error in errors:
        message = str(error)
        assert message.startswith(str(tmp_path / "episodes.csv"))
        assert f"row {error.row}" in message
        for value in (SECRET, "31/02", "extreme", "maybe", "soon", "extra cell"):
            assert value not in message


def test_missing_required_columns_reject_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        episodes_from(tmp_path, "MP-1,Kayla", header="episode_id,child_name")
    message = str(caught.value)
    assert "child_id, reported_missing_at" in message
    assert str(tmp_path / "episodes.csv") in message and "Kayla" not in message


def test_headers_are_case_and_space_insensitive(tmp_path: Path) -> None:
    episodes, errors = episodes_from(
        tmp_path, "02/01/2026 19:45,c-9,MP-1",
        header=" Reported Missing At ,CHILD ID, Episode_ID ")
    assert errors == [] and episodes[0].episode_id == "MP-1"


def test_risk_variants_are_noted(tmp_path: Path) -> None:
    episodes, errors = episodes_from(tmp_path, "MP-1,C-1,A,02/01/2026,,Absent,n",
                                     "MP-2,C-1,A,03/01/2026,,No Apparent Risk,yes")
    assert errors == []
    assert [e.risk_level for e in episodes] == ["no apparent risk", "no apparent risk"]
    assert [e.looked_after for e in episodes] == [False, True]
    assert episodes[0].warnings and not episodes[1].warnings


def test_unmapped_columns_are_kept_as_extra(tmp_path: Path) -> None:
    episodes, _ = episodes_from(tmp_path, "MP-1,C-1,02/01/2026,Oldham",
                                header="episode_id,child_id,reported_missing_at,Ward")
    assert episodes[0].extra == {"Ward": "Oldham"}


def test_notification_columns_are_typed_and_checked(tmp_path: Path) -> None:
    header = ("episode_id,child_id,reported_missing_at,Host LA Notified At,"
              "home_force_rhi_notified_at")
    episodes, errors = episodes_from(
        tmp_path, "MP-1,C-1,02/01/2026 19:00,03/01/2026 09:15,",
        "MP-2,C-1,04/01/2026 19:00,31/02/2026 10:00,",       # row 3: impossible date
        "MP-3,C-1,05/01/2026 19:00,,01/03/2027 10:00",       # row 4: future
        "MP-4,C-1,06/01/2026 19:00,05/01/2026 10:00,",       # before the report: noted
        header=header)
    assert [e.episode_id for e in episodes] == ["MP-1", "MP-4"]
    assert episodes[0].notified == {"host_la_notified_at": dt.datetime(2026, 1, 3, 9, 15)}
    assert not episodes[0].warnings and episodes[1].warnings
    assert {(e.row, e.field) for e in errors} == {(3, "host_la_notified_at"),
                                                  (4, "home_force_rhi_notified_at")}


def test_mapping_file(tmp_path: Path) -> None:
    mapping_path = tmp_path / "mapping.toml"
    mapping_path.write_text('[episodes]\n"MISPER Ref" = "episode_id"\n"LCS ID" = "child_id"\n'
                            '"Date/Time Reported" = "reported_missing_at"\n\n'
                            '[placements]\n"Placement Ref" = "placement_id"\n')
    mapping = load_mapping(mapping_path, kind="episodes")
    assert mapping == {"misper_ref": "episode_id", "lcs_id": "child_id",
                       "date_time_reported": "reported_missing_at"}
    episodes, errors = episodes_from(tmp_path, "MP-1,C-1,02/01/2026 19:45",
                                     header="MISPER Ref,LCS ID,Date/Time Reported",
                                     mapping=mapping)
    assert errors == [] and episodes[0].episode_id == "MP-1"
    assert load_mapping(mapping_path)["placement_ref"] == "placement_id"


@pytest.mark.parametrize(("content", "reason"), [
    ('[episodes]\n"Ref" = "nonsense"\n', "unknown column"),
    ('[spells]\n"Ref" = "episode_id"\n', "unknown table"),
    ('[episodes\n', "not valid TOML"),
    ('"Ref" = "episode_id"\n[placements]\n"ref" = "placement_id"\n', "two different"),
])
def test_bad_mapping_files(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(content)
    with pytest.raises(ReadError, match=reason) as caught:
        load_mapping(path)
    assert str(path) in str(caught.value)


def test_yaml_mapping_needs_pyyaml(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("episodes:\n  MISPER Ref: episode_id\n")
    try:
        import yaml  # noqa: F401
    except ImportError:
        with pytest.raises(ReadError, match="PyYAML"):
            load_mapping(path)
    else:
        assert load_mapping(path) == {"misper_ref": "episode_id"}


def test_placement_rules(tmp_path: Path) -> None:
    path = tmp_path / "placements.csv"
    path.write_text("child_id,placement_id,placement_type,start,end\n"
                    "C-1,PL-1,Foster care,01/02/2024,13/08/2025\n"
                    "C-1,PL-2,Children's home (private),14/08/2025,01/08/2025\n"
                    "C-1,PL-3,children's home,14/08/2025,\n"
                    "C-1,PL-1,secure,14/08/2025,\n")
    source = read(path)
    placements, errors = parse_placements(source.rows, path=str(path), today=TODAY)
    assert [(p.placement_id, p.placement_type) for p in placements] == [("PL-1", "foster")]
    assert [(e.row, e.field) for e in errors] == [(3, "end"), (4, "placement_type"),
                                                   (5, "placement_id")]


def test_row_error_str() -> None:
    assert str(RowError(4, "dob", "not a date", "e.csv")) == "e.csv (row 4, column dob): not a date"


def test_found_at_keeps_places_and_drops_coming_back(samples: Path) -> None:
    """A remark is not part of the place; a child who came back by themselves was found
    nowhere, so that episode has no FOUND_AT place (and no "... (returned of own accord)"
    place appears)."""
    from ingest.batches import episodes_batch

    source = read(samples / "episodes.csv")
    episodes, _ = parse_episodes(source.rows, row_numbers=source.row_numbers,
                                 path=str(source.path), today=TODAY)
    batch = episodes_batch(source, episodes)
    found = {link.source_id: link.target_id for link in batch.links if link.type == "FOUND_AT"}
    written = {e.episode_id: e.found_at or "" for e in episodes}
    assert found["Episode:MP-2026-00066"] == "Location:preston"  # "(arrested by ...)"
    for episode, place in written.items():
        came_back = "own accord" in place or "returned home" in place
        assert (f"Episode:{episode}" in found) == (bool(place) and not came_back), place
    assert not [e.label for e in batch.entities if e.type == "Location" and "(" in e.label]
