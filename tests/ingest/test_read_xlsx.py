"""Excel workbooks: typed cells as text, formulas as plain text, row numbers, corruption."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.readers import read
from ingest.tabular import parse_episodes

HEADER = ["Episode ID", "Child ID", "Child name", "Reported missing at", "Returned at", "DOB"]


def test_cells_become_text_with_iso_dates(make_xlsx) -> None:
    path = make_xlsx("episodes.xlsx", [
        HEADER,
        ["MP-1", "C-1", "Kayla Brennan", dt.datetime(2026, 1, 2, 19, 45), "03/01/2026 11:20",
         dt.datetime(2010, 9, 22)],
        [None, None, None, None, None, None],
        ["MP-2", 1042, "Tyler", "2026-01-04", None, None],
    ])
    source = read(path)
    assert source.format == "xlsx"
    assert source.headers == HEADER
    assert source.rows[0]["Reported missing at"] == "2026-01-02T19:45"
    assert source.rows[0]["DOB"] == "2010-09-22"
    assert source.rows[1]["Child ID"] == "1042"
    assert source.row_numbers == [2, 4]
    episodes, errors = parse_episodes(source.rows, row_numbers=source.row_numbers,
                                      today=dt.date(2026, 2, 1))
    assert errors == []
    assert episodes[0].reported_missing_at == dt.datetime(2026, 1, 2, 19, 45)
    assert episodes[0].returned_at == dt.datetime(2026, 1, 3, 11, 20)  # day-first text
    assert [e.row for e in episodes] == [2, 4]


@pytest.mark.parametrize("text_cells", [False, True])
def test_formula_like_names_stay_plain_text(make_xlsx, text_cells: bool) -> None:
    name = '=HYPERLINK("http://x")'
    path = make_xlsx("episodes.xlsx", [HEADER[:3], ["MP-1", "C-1", name]],
                     text_cells=text_cells)
    assert read(path).rows[0]["Child name"] == name


def test_first_sheet_with_data_is_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Cover"
    data = book.create_sheet("Episodes")
    data.append(["episode_id", "child_id"])
    data.append(["MP-1", "C-1"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert read(path).rows == [{"episode_id": "MP-1", "child_id": "C-1"}]


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "episodes.xlsx"
    path.write_bytes(b"Kayla SECRETNAME" + bytes(range(256)) * 8)
    with pytest.raises(ReadError, match="corrupt Excel workbook") as caught:
        read(path)
    assert "SECRETNAME" not in str(caught.value)


def test_truncated_xlsx(make_xlsx) -> None:
    path = make_xlsx("episodes.xlsx", [HEADER, ["MP-1", "C-1", "K", "02/01/2026"]])
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(ReadError, match="corrupt Excel workbook"):
        read(path)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "episodes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="no xl/workbook.xml"):
        read(path)


def test_empty_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(ReadError, match="no header row"):
        read(path)
