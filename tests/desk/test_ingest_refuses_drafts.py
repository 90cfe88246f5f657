"""A drafted form only enters the graph once a person confirms it."""

from __future__ import annotations

import json
from pathlib import Path

from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths


def test_plain_ingest_rejects_an_unconfirmed_draft(tmp_path: Path) -> None:
    draft = tmp_path / "draft_isf.json"
    draft.write_text(json.dumps({
        "form": "information_sharing", "reference": "DRAFT-rhi_C-1001_2026-01-05",
        "derived_from": "rhi_C-1001_2026-01-05.txt", "draft_state": "unconfirmed",
        "submitted_by": "worker", "agency": "MFH", "date": "2026-01-06", "child_id": "C-1001",
        "categories": ["CSE"], "subjects": [{"name": "Dean Ashworth"}],
        "narrative": "Kayla stayed at 18 Mossfield Court.",
    }))
    store = SQLiteStore(tmp_path / "d.db")
    summary = ingest_paths(store, [draft])
    assert (summary.ingested, summary.rejected) == (0, 1)
    assert "unconfirmed draft" in summary.rejections[0].reason
    assert store.documents() == []
    store.close()
