"""Delimited text: delimiter sniffing, quoted newlines, row numbers, malformed rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.readers import OVERFLOW, read

HEADER = ["episode_id", "child_id", "reported_missing_at"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    lines = [HEADER, ["MP-1", "C-1", "02/01/2026 19:45"], ["MP-2", "C-2", "03/01/2026"]]
    path = tmp_path / "episodes.csv"
    path.write_text("\n".join(delimiter.join(cells) for cells in lines) + "\n")
    source = read(path)
    assert source.format == "csv"
    assert source.headers == HEADER
    assert source.rows == [dict(zip(HEADER, cells, strict=True)) for cells in lines[1:]]
    assert source.row_numbers == [2, 3]


def test_semicolon_file_with_commas_inside_cells(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text("episode_id;found_at\nMP-1;Bolton, Derby Street\nMP-2;Wigan, A49\n")
    assert read(path).rows[0]["found_at"] == "Bolton, Derby Street"


def test_quoted_newlines_keep_record_numbers(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text('episode_id,missing_from\nMP-1,"Larkfield House\n136 Heatherfield"\n'
                    "\n"
                    "MP-2,home\n")
    source = read(path)
    assert source.rows[0]["missing_from"] == "Larkfield House\n136 Heatherfield"
    assert [r["episode_id"] for r in source.rows] == ["MP-1", "MP-2"]
    assert source.row_numbers == [2, 4]  # the blank record is row 3, as Excel shows it


def test_headers_are_stripped_and_short_rows_padded(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text(" episode_id , child_id ,returned_at\nMP-1,C-1\n")
    assert read(path).rows == [{"episode_id": "MP-1", "child_id": "C-1", "returned_at": ""}]


def test_extra_cells_are_kept_for_reporting(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text("episode_id,found_at\nMP-1,Derby Street, Bolton\nMP-2,home,,\n")
    rows = read(path).rows
    assert OVERFLOW in rows[0]
    assert OVERFLOW not in rows[1]  # trailing empty cells are only Excel's commas


def test_cp1252_csv(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_bytes("episode_id,found_at\nMP-1,Café £5\n".encode("cp1252"))
    assert read(path).rows[0]["found_at"] == "Café £5"


def test_duplicate_headers_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text("episode_id,Episode_ID\nMP-1,MP-2\n")
    with pytest.raises(ReadError, match="same header") as caught:
        read(path)
    assert "row 1, column 2" in str(caught.value)


def test_header_only_file_has_headers_and_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text(",".join(HEADER) + "\n")
    source = read(path)
    assert source.rows == [] and source.headers == HEADER


def test_tsv_extension_means_tab(tmp_path: Path) -> None:
    path = tmp_path / "episodes.tsv"
    path.write_text("episode_id\tfound_at\nMP-1\tBolton, Derby Street\n")
    assert read(path).rows == [{"episode_id": "MP-1", "found_at": "Bolton, Derby Street"}]
