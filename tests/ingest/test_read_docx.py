"""Word documents: paragraphs in order, tables as ``Label: Value`` lines, corruption."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.classify import classify
from ingest.notes import parse_note
from ingest.readers import read

HEADER_TABLE = [
    ["Name", "Kayla BRENNAN"],
    ["DOB", "22/09/2010"],
    ["Child ref", "C-1001"],
    ["MP ref", "MP-2026-00031"],
    ["Reported missing", "02/01/2026 19:45"],
    ["Returned", "03/01/2026 11:20"],
    ["Found at", "Bolton Interchange"],
    ["Police risk", "Medium"],
    ["RHI date", "05/01/2026 16:30"],
    ["Interviewer", "Gemma Kershaw"],
    ["Agency", "Bolton Missing From Home Team"],
]


def test_note_with_a_header_table(make_docx) -> None:
    path = make_docx(
        "note.docx", "RETURN HOME INTERVIEW", HEADER_TABLE, "",
        "REASONS FOR GOING MISSING", "Kayla said she was bored.", "",
        "ACTIONS", "1. Share intelligence with GMP.", "2. Strategy discussion.",
    )
    source = read(path)
    assert source.format == "docx"
    assert "Name: Kayla BRENNAN\nDOB: 22/09/2010\n" in source.text
    assert classify(source) == "rhi_note"
    note = parse_note(source.text)
    assert note.fields["child_name"] == "Kayla BRENNAN"
    assert note.fields["child_id"] == "C-1001"
    assert note.fields["reported_missing_at"] == "2026-01-02T19:45"
    assert note.fields["interview_at"] == "2026-01-05T16:30"
    assert note.fields["police_risk"] == "medium"
    start, end = note.sections["reasons"]
    assert source.text[start:end] == "Kayla said she was bored."
    assert note.actions == ["Share intelligence with GMP", "Strategy discussion"]


def test_four_column_table_keeps_label_value_pairs(make_docx) -> None:
    path = make_docx("note.docx", "Return Home Interview",
                     [["DOB:", "22/09/2010", "Child ref", "C-1001"],
                      ["Worker", "Lee Fairclough", "Agency", "Wigan MFH"]])
    text = read(path).text
    assert "DOB: 22/09/2010 | Child ref: C-1001" in text
    fields = parse_note(text).fields
    assert fields["dob"] == "2010-09-22" and fields["child_id"] == "C-1001"
    assert fields["interviewer"] == "Lee Fairclough" and fields["agency"] == "Wigan MFH"


def test_merged_cells_are_read_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "MISSING EPISODE"
    table.cell(1, 0).text = "Date"
    table.cell(1, 1).text = "Time"
    table.cell(1, 2).text = "Place"
    path = tmp_path / "merged.docx"
    document.save(path)
    assert read(path).text.split("\n") == ["MISSING EPISODE", "Date | Time | Place"]


def test_random_bytes_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "note.docx"
    path.write_bytes(b"Kayla SECRETNAME" * 300)
    with pytest.raises(ReadError, match="corrupt Word document") as caught:
        read(path)
    assert str(path) in str(caught.value)
    assert "SECRETNAME" not in str(caught.value)


def test_truncated_docx(make_docx) -> None:
    path = make_docx("note.docx", "Kayla SECRETNAME")
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(ReadError, match="corrupt Word document"):
        read(path)


def test_a_zip_that_is_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "note.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hi")
    with pytest.raises(ReadError, match="no word/document.xml"):
        read(path)


def test_zip_bomb_is_refused(make_docx) -> None:
    path = make_docx("note.docx", "Name: Kayla")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * 3_000_000)
    with pytest.raises(ReadError, match="expands"):
        read(path, max_bytes=100_000)


def test_empty_document(make_docx) -> None:
    with pytest.raises(ReadError, match="empty document"):
        read(make_docx("empty.docx"))


@pytest.mark.parametrize("name", ["rhi_C-1001_2026-01-05", "rhi_C-1004_2026-01-08"])
def test_docx_of_a_sample_note_gives_the_same_record(samples: Path, make_docx,
                                                     name: str) -> None:
    text = (samples / f"{name}.txt").read_text(encoding="utf-8")
    path = make_docx(f"{name}.docx", *text.split("\n"))
    from_docx = read(path).text
    assert from_docx == text
    assert parse_note(from_docx) == parse_note(text)
