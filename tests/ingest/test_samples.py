"""Every file in shared/samples goes through read -> classify -> its mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.exc import ReadError, UnsupportedFormat
from ingest.classify import classify
from ingest.forms import parse_form_json, parse_form_text
from ingest.notes import parse_note
from ingest.readers import read
from ingest.tabular import parse_episodes, parse_placements

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
FILES = sorted(p.name for p in SAMPLES.iterdir()) if SAMPLES.is_dir() else []
EXPECTED_KINDS = {"episodes.csv": "episodes", "placements.csv": "placements"}


@pytest.mark.skipif(not FILES, reason="shared/samples is not beside the repository")
@pytest.mark.parametrize("name", FILES)
def test_every_sample(name: str) -> None:
    path = SAMPLES / name
    if path.suffix == ".md":
        with pytest.raises(UnsupportedFormat):
            read(path)
        return
    source = read(path)
    assert len(source.content_hash) == 64
    if name.endswith(".gold.json"):  # annotations, not a document: refused, not guessed
        with pytest.raises(ReadError, match="cannot tell"):
            classify(source)
        return
    kind = classify(source)
    expected = EXPECTED_KINDS.get(name) or ("intel_form" if name.startswith("isf_")
                                            else "rhi_note")
    assert kind == expected
    today = dt.date(2026, 2, 1)
    if kind == "episodes":
        assert parse_episodes(source.rows, today=today)[1] == []
    elif kind == "placements":
        assert parse_placements(source.rows, today=today)[1] == []
    elif kind == "rhi_note":
        assert parse_note(source.text).fields["child_id"] == name.split("_")[1]
    elif source.data is not None:
        assert parse_form_json(source.data).reference == "ISF-" + name[4:17]
    else:
        assert parse_form_text(source.text).reference == "ISF-" + name[4:17]
