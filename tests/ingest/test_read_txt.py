"""Plain-text reading: encodings, line ends, and text that is not text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph.exc import ReadError, UnsupportedFormat
from ingest.readers import read

NOTE = "Name: Zoë O’Neill\r\nDOB: 01/02/2010\r\nNotes: paid £10 – “no”\r\n"
EXPECTED = NOTE.replace("\r\n", "\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    data = NOTE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    source = read(path)
    assert source.format == "txt"
    assert source.text == EXPECTED


def test_bare_carriage_returns_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(b"Name: A\rDOB: 01/02/2010\r")
    assert read(path).text == "Name: A\nDOB: 01/02/2010\n"


def test_bytes_no_encoding_explains_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Name: A\x81\x8d\x90 B\n")  # undefined in cp1252, invalid UTF-8
    assert read(path).text.startswith("Name: A")


def test_content_hash_is_sha256_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "note.txt"
    path.write_bytes(b"RHI note\n")
    assert read(path).content_hash == hashlib.sha256(b"RHI note\n").hexdigest()


def test_nul_bytes_are_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"Name: Kayla SECRETNAME\x00\x01\x02")
    with pytest.raises(ReadError, match="binary file") as caught:
        read(path)
    assert str(path) in str(caught.value)
    assert "SECRETNAME" not in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_empty_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="empty"):
        read(path)


def test_a_20_mb_note_is_refused_by_size_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20_000_000)  # sparse: the reader must not need to read it
    began = time.perf_counter()
    with pytest.raises(ReadError, match="over the limit") as caught:
        read(path)
    assert time.perf_counter() - began < 0.5
    assert str(path) in str(caught.value)


def test_limit_is_adjustable(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("x" * 200)
    with pytest.raises(ReadError, match="over the limit"):
        read(path, max_bytes=100)
    assert read(path, max_bytes=200).text


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not found"):
        read(tmp_path / "nope.txt")


def test_unknown_extension_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "note.rtf2"
    path.write_text("hello")
    with pytest.raises(UnsupportedFormat, match="format not supported"):
        read(path)


def test_legacy_word_file_gets_a_helpful_reason(tmp_path: Path) -> None:
    path = tmp_path / "note.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(UnsupportedFormat, match="save it as .docx"):
        read(path)


def test_content_beats_the_name(tmp_path: Path, make_pdf) -> None:
    pdf = make_pdf("note.pdf", ["Name: Kayla"])
    disguised = tmp_path / "note.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert read(disguised).format == "pdf"
