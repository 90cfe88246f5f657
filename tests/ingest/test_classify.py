"""Kinds of file: by headers, keys, titles and labels; no guessing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.classify import classify
from ingest.readers import read


@pytest.mark.parametrize(("text", "kind"), [
    ("INFORMATION SHARING FORM\nRef: X\n", "intel_form"),
    ("Multi-agency information sharing form\n", "intel_form"),
    ("Return Home Interview\nName: A\n", "rhi_note"),
    ("08/01/26 RHI - Jayden MARSH (C-1004)\n", "rhi_note"),
    ("Name: A\nMP ref: MP-1\nReported missing: 01/01/2026\n", "rhi_note"),
    ("Submitted by: A\nSource evaluation: B\nIntelligence assessment: 2\n", "intel_form"),
])
def test_text_kinds(tmp_path: Path, text: str, kind: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(text)
    assert classify(read(path)) == kind


def test_unclear_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "shopping.txt"
    path.write_text("Kayla SECRETNAME\nmilk, eggs\n")
    with pytest.raises(ReadError, match="cannot tell") as caught:
        classify(read(path))
    assert str(path) in str(caught.value) and "SECRETNAME" not in str(caught.value)


def test_spreadsheets(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("MISPER Ref,Child ID,Reported missing at\n")
    with pytest.raises(ReadError, match="mapping file"):
        classify(read(path))
    assert classify(read(path), mapping={"MISPER Ref": "episode_id"}) == "episodes"
    path.write_text("Child ref,Name,RHI date,Reasons for going missing\nC-1,A,01/01/2026,x\n")
    assert classify(read(path)) == "rhi_note"


def test_json_kinds(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"form": "information_sharing"}')
    assert classify(read(path)) == "intel_form"
    path.write_text('[{"episode_id": "MP-1", "child_id": "C", "reported_missing_at": "x"}]')
    assert classify(read(path)) == "episodes"
    path.write_text('{"hello": 1}')
    with pytest.raises(ReadError, match="cannot tell"):
        classify(read(path))
