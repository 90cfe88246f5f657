"""``rhigraph users``, ``audit``, ``erase`` and ``retention`` end to end on real files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from graph.store import SQLiteStore
from rhigraph.cli import main

PASSWORD = "correct horse battery staple"


@pytest.fixture
def db(tmp_path: Path, world: SimpleNamespace) -> Path:
    path = tmp_path / "area.db"
    store = SQLiteStore(path)
    for batch in world.BATCHES:
        store.write(batch)
    store.close()
    return path


def run(db: Path, *args: str, input: str | None = None, code: int = 0) -> Result:
    result = CliRunner().invoke(main, ["--db", str(db), *args], input=input)
    assert result.exit_code == code, result.output
    return result


def test_users_lifecycle_keeps_passwords_off_the_command_line_and_screen(db: Path) -> None:
    out = run(db, "users", "add", "a.khan", "--role", "analyst", "--password-stdin",
              input=PASSWORD + "\n").output
    assert "added a.khan (ANALYST)" in out and PASSWORD not in out
    out = run(db, "users", "add", "s.ellis", "--role", "RHI_MANAGER",
              input=f"{PASSWORD}\n{PASSWORD}\n").output
    assert PASSWORD not in out
    run(db, "users", "set-role", "a.khan", "PARTNER")
    run(db, "users", "disable", "s.ellis")
    rows = json.loads(run(db, "users", "list", "--format", "json").output)
    assert [(r["username"], r["role"], r["disabled"]) for r in rows] == [
        ("a.khan", "PARTNER", False), ("s.ellis", "RHI_MANAGER", True)]
    assert "argon2" not in json.dumps(rows)
    assert db.with_name("area.governance.db").is_file()


def test_users_add_refuses_a_short_password_without_echoing_it(db: Path) -> None:
    result = run(db, "users", "add", "a.khan", "--role", "ANALYST", "--password-stdin",
                 input="hunter2\n", code=1)
    assert "at least 12 characters" in result.output and "hunter2" not in result.output


def test_audit_verify_and_show(db: Path) -> None:
    run(db, "users", "add", "a.khan", "--role", "ANALYST", "--password-stdin",
        input=PASSWORD + "\n")
    out = run(db, "audit", "verify").output
    assert "audit log intact" in out
    head = out.strip().splitlines()[-1].removeprefix("head: ")
    run(db, "audit", "verify", "--expect", head)
    shown = json.loads(run(db, "audit", "show", "--format", "json").output)
    assert shown[0]["action"] == "audit.verify"
    assert any(e["action"] == "users.add" and e["target"] == "a.khan" for e in shown)
    mine = json.loads(run(db, "audit", "show", "--user", "nobody", "--format", "json").output)
    assert mine == []
    table = run(db, "audit", "show").output
    assert "Audit log" in table


def test_audit_verify_fails_on_tampering(db: Path) -> None:
    run(db, "users", "add", "a.khan", "--role", "ANALYST", "--password-stdin",
        input=PASSWORD + "\n")
    run(db, "users", "list")
    conn = sqlite3.connect(db.with_name("area.governance.db"))
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET user = 'someone' WHERE seq = 1")
    conn.commit()
    conn.close()
    out = run(db, "audit", "verify", code=1).output
    assert "BROKEN at entry 1" in out
    run(db, "audit", "verify", "--expect", "nonsense", code=2)


def test_erase_removes_the_document_and_is_audited(db: Path) -> None:
    out = run(db, "erase", "--document", "n1").output
    assert "erased n1" in out and "documents: 1" in out
    store = SQLiteStore(db)
    try:
        assert store.document_hash("n1") is None
        assert store.document_hash("f1") is not None
    finally:
        store.close()
    shown = json.loads(run(db, "audit", "show", "--format", "json").output)
    assert any(e["action"] == "erase" and e["target"] == "n1" for e in shown)
    run(db, "erase", "--document", "n1", code=1)


def test_retention_commands(db: Path) -> None:
    rows = json.loads(run(db, "retention", "due", "--today", "2026-03-01", "--format",
                          "json").output)
    assert rows == []
    run(db, "retention", "set-period", "intel_form", "--days", "30")
    run(db, "retention", "set-review", "f1", "--on", "2027-01-01")
    rows = json.loads(run(db, "retention", "due", "--today", "2026-03-01", "--format",
                          "json").output)
    assert {r["id"] for r in rows} == {"fc", "flow"}
    rows = json.loads(run(db, "retention", "due", "--today", "2033-01-01", "--format",
                          "json").output)
    assert {"n1", "n2", "episodes.csv"} <= {r["id"] for r in rows}
    run(db, "retention", "set-period", "intel_form", code=2)
    run(db, "retention", "due", "--today", "yesterday", code=2)


def test_the_governance_file_can_live_elsewhere(db: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "secure" / "gov.db"
    monkeypatch.setenv("RHIGRAPH_GOVERNANCE_DB", str(elsewhere))
    run(db, "audit", "verify")
    assert elsewhere.is_file() and not db.with_name("area.governance.db").exists()
