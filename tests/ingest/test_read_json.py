"""JSON reading: parsed data, and parse errors with line and column but no content."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.readers import read


def test_json_object(tmp_path: Path) -> None:
    path = tmp_path / "form.json"
    path.write_text('{"reference": "ISF-1", "subjects": []}', encoding="utf-8")
    source = read(path)
    assert source.format == "json"
    assert source.data == {"reference": "ISF-1", "subjects": []}


def test_json_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "form.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"a": "\xc2\xa310"}')
    assert read(path).data == {"a": "£10"}


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "form.json"
    path.write_text('{\n  "name": "Kayla SECRETNAME",\n  "dob" "2010-01-01"\n}')
    with pytest.raises(ReadError) as caught:
        read(path)
    message = str(caught.value)
    assert str(path) in message and "line 3, column 9" in message
    assert "SECRETNAME" not in message


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ReadError, match="nested too deeply"):
        read(path)
