"""The desk commands end to end on a copy of the generated area's database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from graph.store import SQLiteStore
from rhigraph.cli import main
from tests.accounts import add_account
from tests.desk.conftest import Area


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run a command as the RHI manager ``amanda`` (added on first use) unless ``env`` says
    otherwise: the desk reads whole notes."""
    if env is None:
        if not db.with_name(db.stem + ".governance.db").exists():
            add_account(db, "amanda", "RHI_MANAGER")
        env = {"RHIGRAPH_USER": "amanda"}
    result = CliRunner().invoke(main, ["--db", str(db), *args], env=env,
                                catch_exceptions=False)
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
    printed = run(db, "draft-isf", "--document", note, "--out", str(out))
    assert out.is_file() and "confirm-isf" in printed
    run(db, "confirm-isf", str(out))
    after = json.loads(run(db, "unshared", "--as-of", "2026-04-01", "--format", "json"))
    assert note not in {r["document_id"] for r in after}
    stored = next(d for d in SQLiteStore(db).documents("intel_form") if d["id"] == out.name)
    assert stored["fields"]["derived_from"] == note
    assert stored["fields"]["draft_state"].startswith("confirmed by amanda at ")

    crossing = json.loads(run(db, "cross-worker", "--format", "json"))
    assert all(len(r["workers"]) >= 2 or len(r["agencies"]) >= 2 for r in crossing)


def test_the_desk_acts_as_the_named_account_and_drafting_is_for_rhi_managers(
        area: Area, writable: SQLiteStore, tmp_path: Path) -> None:
    db = Path(writable.path)
    rows = json.loads(run(db, "unshared", "--as-of", "2026-04-01", "--format", "json"))
    out = tmp_path / "isf.json"
    run(db, "draft-isf", "--document", rows[0]["document_id"], "--out", str(out))
    assert json.loads(out.read_text())["draft"]["drafted_by"] == "amanda"
    carol = add_account(db, "carol", "RHI_MANAGER")
    run(db, "confirm-isf", str(out), env=carol)
    stored = next(d for d in SQLiteStore(db).documents("intel_form") if d["id"] == out.name)
    assert stored["fields"]["confirmed_by"] == "carol"
    analyst = add_account(db, "a.khan", "ANALYST")
    listed = CliRunner().invoke(main, ["--db", str(db), "triage", "--format", "json"],
                                env=analyst)
    assert listed.exit_code == 0 and json.loads(listed.output), listed.output
    draft = ["draft-isf", "--document", rows[0]["document_id"], "--out",
             str(tmp_path / "again.json")]
    refused = CliRunner().invoke(main, ["--db", str(db), *draft], env=analyst)
    assert refused.exit_code == 1 and "role ANALYST may not" in refused.output
    partner = add_account(db, "p.jones", "PARTNER")
    for command in (["triage"], ["unshared"], ["cross-worker"], draft):
        refused = CliRunner().invoke(main, ["--db", str(db), *command], env=partner)
        assert refused.exit_code == 1 and "role PARTNER may not" in refused.output, command
    assert not (tmp_path / "again.json").exists()


def test_errors_are_clear(area: Area, writable: SQLiteStore, tmp_path: Path) -> None:
    db = Path(writable.path)
    env = add_account(db, "amanda", "RHI_MANAGER")
    bad = CliRunner().invoke(main, ["--db", str(db), "triage", "--since", "not a date"],
                             env=env)
    assert bad.exit_code != 0 and "--since" in bad.output
    missing = CliRunner().invoke(main, ["--db", str(db), "draft-isf", "--document",
                                        "nope.txt", "--out", str(tmp_path / "x.docx")], env=env)
    assert missing.exit_code == 1 and "no RHI note" in missing.output
    wrong = CliRunner().invoke(main, ["--db", str(db), "draft-isf", "--document", "nope.txt",
                                      "--out", str(tmp_path / "x.pdf")], env=env)
    assert wrong.exit_code == 1
