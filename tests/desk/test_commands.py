"""The desk commands end to end on a copy of the generated area's database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from graph.store import SQLiteStore
from rhigraph.cli import main
from tests.desk.conftest import Area


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_triage_unshared_draft_confirm_cross_worker(area: Area, writable: SQLiteStore,
                                                   tmp_path: Path) -> None:
    db = Path(writable.path)
    rows = json.loads(run(db, "triage", "--since", "2026-01-01", "--format", "json"))
    nils = {area.store_id(d["id"]) for d in area.truth_documents("rhi_note") if d["nil_return"]}
    assert {r["document_id"] for r in rows if r["triage"] == "nil_return"} == nils

    waiting = json.loads(run(db, "unshared", "--as-of", "2026-04-01", "--format", "json"))
    assert waiting and waiting[0]["days_waited"] >= waiting[-1]["days_waited"]
    table = list(csv.DictReader(io.StringIO(run(db, "unshared", "--as-of", "2026-04-01",
                                                "--format", "csv"))))
    assert [r["document_id"] for r in table] == [r["document_id"] for r in waiting]

    note = waiting[0]["document_id"]
    out = tmp_path / "isf.docx"
    printed = run(db, "draft-isf", "--document", note, "--out", str(out), "--user", "drafter")
    assert out.is_file() and "confirm-isf" in printed
    run(db, "confirm-isf", str(out), "--user", "amanda")
    after = json.loads(run(db, "unshared", "--as-of", "2026-04-01", "--format", "json"))
    assert note not in {r["document_id"] for r in after}
    stored = next(d for d in SQLiteStore(db).documents("intel_form") if d["id"] == out.name)
    assert stored["fields"]["derived_from"] == note
    assert stored["fields"]["draft_state"].startswith("confirmed by amanda at ")

    crossing = json.loads(run(db, "cross-worker", "--format", "json"))
    assert all(len(r["workers"]) >= 2 or len(r["agencies"]) >= 2 for r in crossing)


def test_confirm_uses_the_environment_user(area: Area, writable: SQLiteStore,
                                           tmp_path: Path) -> None:
    db = Path(writable.path)
    rows = json.loads(run(db, "unshared", "--as-of", "2026-04-01", "--format", "json"))
    out = tmp_path / "isf.json"
    run(db, "draft-isf", "--document", rows[0]["document_id"], "--out", str(out))
    result = CliRunner().invoke(main, ["--db", str(db), "confirm-isf", str(out)],
                                env={"USER": "carol"})
    assert result.exit_code == 0, result.output
    stored = next(d for d in SQLiteStore(db).documents("intel_form") if d["id"] == out.name)
    assert stored["fields"]["confirmed_by"] == "carol"


def test_errors_are_clear(area: Area, store: SQLiteStore, tmp_path: Path) -> None:
    db = Path(store.path)
    bad = CliRunner().invoke(main, ["--db", str(db), "triage", "--since", "not a date"])
    assert bad.exit_code != 0 and "--since" in bad.output
    missing = CliRunner().invoke(main, ["--db", str(db), "draft-isf", "--document",
                                        "nope.txt", "--out", str(tmp_path / "x.docx")])
    assert missing.exit_code == 1 and "no RHI note" in missing.output
    wrong = CliRunner().invoke(main, ["--db", str(db), "draft-isf", "--document", "nope.txt",
                                      "--out", str(tmp_path / "x.pdf")])
    assert wrong.exit_code == 1
