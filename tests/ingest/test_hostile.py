"""A folder of hostile files: each gives a clear ReadError naming the file, never a crash,
and no message repeats the file's content."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.classify import classify
from ingest.forms import parse_form_text
from ingest.notes import parse_note
from ingest.readers import read
from ingest.tabular import parse_episodes

SECRET = "SECRETNAME"


@pytest.fixture
def hostile(tmp_path: Path, make_docx, make_pdf) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "corrupt.docx").write_bytes(os.urandom(4096) + SECRET.encode())
    (folder / "corrupt.xlsx").write_bytes(SECRET.encode() + os.urandom(4096))
    pdf = make_pdf("whole.pdf", [f"Name: Kayla {SECRET}"] * 20)
    (folder / "truncated.pdf").write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nul.txt").write_bytes(f"Name: {SECRET}\x00\x00".encode())
    (folder / "binary.csv").write_bytes(b"episode_id\x00" + os.urandom(64))
    (folder / "oversize.txt").write_bytes(b"RHI " * 2_600_000)  # ~10.4 MB
    with (folder / "huge_note.txt").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    (folder / "broken.json").write_text(f'{{"name": "{SECRET}",}}')
    (folder / "no_columns.csv").write_text(f"child_name,dob\n{SECRET},01/01/2010\n")
    (folder / "shopping.txt").write_text(f"{SECRET}\nmilk\n")
    (folder / "note.exe").write_bytes(b"MZ" + os.urandom(100))
    return folder


def read_and_map(path: Path) -> None:
    """What the pipeline does with a file: read it, classify it, map it."""
    source = read(path)
    kind = classify(source)
    if kind == "episodes":
        parse_episodes(source.rows or [], path=str(path))
    elif kind == "rhi_note":
        parse_note(source.text or "", path=str(path))
    elif kind == "intel_form" and source.text:
        parse_form_text(source.text, path=str(path))


def test_every_hostile_file_gives_a_clear_error(hostile: Path) -> None:
    began = time.perf_counter()
    for path in sorted(hostile.iterdir()):
        with pytest.raises(ReadError) as caught:
            read_and_map(path)
        message = str(caught.value)
        assert message.startswith(str(path)), message
        assert caught.value.reason, message
        assert SECRET not in message and "milk" not in message, message
    assert time.perf_counter() - began < 5


@pytest.mark.parametrize(("name", "reason"), [
    ("corrupt.docx", "corrupt Word document"), ("corrupt.xlsx", "corrupt Excel workbook"),
    ("truncated.pdf", "truncated"), ("empty.txt", "empty file"), ("nul.txt", "binary file"),
    ("binary.csv", "binary file"), ("oversize.txt", "over the limit"),
    ("huge_note.txt", "over the limit"), ("broken.json", "line 1, column"),
    ("no_columns.csv", "cannot tell"), ("shopping.txt", "cannot tell"),
    ("note.exe", "format not supported"),
])
def test_each_reason(hostile: Path, name: str, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_and_map(hostile / name)


def test_missing_columns_name_the_columns(hostile: Path) -> None:
    source = read(hostile / "no_columns.csv")
    with pytest.raises(ReadError) as caught:
        parse_episodes(source.rows, path=str(source.path))
    message = str(caught.value)
    assert "episode_id, child_id, reported_missing_at" in message
    assert "(header row)" in message and SECRET not in message


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '=HYPERLINK("http://x")',
                                  "O'Neill, \"Deano\"; DROP TABLE children;--"])
def test_hostile_names_in_a_csv_are_kept_as_plain_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / "episodes.csv"
    quoted = '"' + name.replace('"', '""') + '"'
    path.write_text("episode_id,child_id,child_name,reported_missing_at\n"
                    f"MP-1,C-1,{quoted},02/01/2026 19:45\n")
    episodes, errors = parse_episodes(read(path).rows, path=str(path))
    assert errors == [] and episodes[0].child_name == name
