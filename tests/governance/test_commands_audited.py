"""Commands that read children's records act as one person, apply their role and are audited:
``analyse``, ``report``, ``export`` and ``review`` end to end on real files."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from graph.store import EntityRecord, SQLiteStore
from rhigraph.cli import main
from tests.accounts import add_account

PSEUDONYM = re.compile(r"Child [0-9A-F]{4}-[0-9A-F]{4}")
HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def db(store: SQLiteStore, world: SimpleNamespace) -> Path:
    """The governance world, a place with a formula for a name, and one account per role."""
    hostile = EntityRecord("Location", "hostile", HOSTILE)
    store.write(world.document_batch("h1", "intel_form", "C-1003", f"Seen at {HOSTILE}.",
                                     [("AT", hostile, HOSTILE)], date="2026-01-23"))
    path = Path(store.path)
    for name, role in (("a.khan", "ANALYST"), ("s.ellis", "RHI_MANAGER"),
                       ("p.osei", "PARTNER"), ("root.admin", "ADMIN")):
        add_account(path, name, role)
    return path


def run(db: Path, *args: str, user: str | None = None, code: int = 0) -> Result:
    env = {"RHIGRAPH_USER": user} if user else {}
    result = CliRunner().invoke(main, ["--db", str(db), *args], env=env)
    assert result.exit_code == code, result.output
    return result


def audit(db: Path, user: str) -> list[dict]:
    return json.loads(run(db, "audit", "show", "--user", user, "--format", "json",
                          user="root.admin").output)


def test_analyse_report_and_export_runs_are_audited_with_the_user_and_query(
        db: Path, tmp_path: Path) -> None:
    run(db, "analyse", "hotspots", "--since", "2026-01-01", "--min-children", "2",
        "--format", "json", user="a.khan")
    run(db, "report", "weekly", "--week", "2026-W02", "--as-of", "2026-01-12T09:00",
        user="a.khan")
    run(db, "export", "--format", "i2", "--out", str(tmp_path / "net.csv"), "--since",
        "2026-01-01", user="a.khan")
    entries = audit(db, "a.khan")
    assert all(e["role"] == "ANALYST" for e in entries)
    assert [e["action"] for e in reversed(entries)] == ["login", "analysis"] + [
        "login", "export"] * 2, "each run: who ran it (from which OS account), then what"
    assert all(e["query"]["source"] == "cli" and e["query"]["os_account"]
               for e in entries if e["action"] == "login")
    analysis, pack, export = entries[4], entries[2], entries[0]
    assert analysis["query"]["analysis"] == "hotspots"
    assert analysis["query"]["filters"]["since"] == "2026-01-01"
    assert analysis["query"]["min_children"] == 2
    assert (pack["action"], pack["query"]["what"]) == ("export", "weekly_pack 2026-W02")
    assert (export["action"], export["query"]["what"]) == ("export", "graph i2")
    assert export["query"]["filters"]["since"] == "2026-01-01"
    assert "Mossfield" not in json.dumps(entries)

    verified = run(db, "audit", "verify", user="root.admin").output
    assert "audit log intact" in verified
    conn = sqlite3.connect(db.with_name("rhigraph.governance.db"))
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET query = '{}' WHERE seq = ?", (analysis["seq"],))
    conn.commit()
    conn.close()
    broken = run(db, "audit", "verify", code=1).output
    assert f"BROKEN at entry {analysis['seq']}" in broken


def test_without_an_account_a_command_acts_as_the_operating_system_account_as_admin(
        db: Path, tmp_path: Path, world: SimpleNamespace) -> None:
    out = tmp_path / "admin.graphml"
    run(db, "export", "--format", "graphml", "--out", str(out))
    written = out.read_text("utf-8")
    assert world.FLAT.label in written and world.HIDDEN.label not in written, \
        "ADMIN exports leave out handling code C"
    (entry,) = [e for e in json.loads(run(db, "audit", "show", "--format", "json").output)
                if e["action"] == "export"]
    assert entry["user"].startswith("local:") and entry["role"] == "ADMIN"
    refused = run(db, "review", "list", code=1).output
    assert "role ADMIN may not decide entity resolution" in refused


def test_an_unknown_or_disabled_account_is_refused_and_audited(db: Path) -> None:
    out = run(db, "analyse", "hotspots", user="nobody", code=1).output
    assert "enabled local account" in out and "Mossfield" not in out
    run(db, "users", "disable", "a.khan", user="root.admin")
    run(db, "analyse", "hotspots", user="a.khan", code=1)
    denied = [e for e in json.loads(run(db, "audit", "show", "--format", "json",
                                        user="root.admin").output)
              if e["action"] == "login" and e["outcome"] == "denied"]
    assert {e["user"] for e in denied} == {"(unknown)", "a.khan"}
    assert run(db, "users", "list", user="s.ellis", code=1).output.count("role RHI_MANAGER")


def test_handling_code_c_reaches_an_analysts_export_only(db: Path, tmp_path: Path,
                                                         world: SimpleNamespace) -> None:
    for user, expected in (("a.khan", True), ("s.ellis", True), ("root.admin", False),
                           ("p.osei", False)):
        out = tmp_path / f"{user}.csv"
        run(db, "export", "--format", "i2", "--out", str(out), user=user)
        assert (world.HIDDEN.label in out.read_text("utf-8-sig")) is expected, user


def test_a_partner_export_has_no_names_or_text_and_pseudonymous_children(
        db: Path, tmp_path: Path, world: SimpleNamespace) -> None:
    out = tmp_path / "partner.csv"
    run(db, "export", "--format", "i2", "--out", str(out), user="p.osei")
    written = out.read_text("utf-8-sig")
    assert PSEUDONYM.search(written)
    for secret in (*world.NAMES, *world.NAMES.values(), "Deano", "Gemma", "vodka",
                   world.NOTE_SECRET[:25], world.LARKFIELD.label, world.PARK.label):
        assert secret not in written, secret
    weekly = tmp_path / "partner.html"
    run(db, "report", "weekly", "--week", "2026-W02", "--as-of", "2026-01-12T09:00",
        "--out", str(weekly), user="p.osei")
    assert "partner version" in weekly.read_text("utf-8")
    refused = run(db, "analyse", "associates", user="p.osei", code=1).output
    assert "role PARTNER may not run the associates analysis" in refused


def test_a_formula_in_a_name_is_neutralised_in_csv_exports(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.csv"
    run(db, "export", "--format", "i2", "--out", str(out), user="a.khan")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        cells = [c for row in csv.reader(handle) for c in row]
    assert "'" + HOSTILE in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_review_decisions_are_audited_as_the_account_that_decided(db: Path) -> None:
    run(db, "review", "judge", "Location:18 mossfield court", "Location:queens park",
        "--different", "--no-resolve", user="a.khan")
    (entry,) = [e for e in audit(db, "a.khan") if e["action"] == "resolution"]
    assert entry["query"]["decision"] == "keep_apart"
    assert all(r.startswith("Location#") for r in entry["query"]["entities"])
    (judgement,) = json.loads(run(db, "review", "judgements", "--format", "json",
                                  user="s.ellis").output)
    assert judgement["user"] == "a.khan"
    run(db, "review", "undo", str(judgement["id"]), "--no-resolve", user="s.ellis")
    assert [e["query"]["decision"] for e in audit(db, "s.ellis")
            if e["action"] == "resolution"] == ["undo"]
    run(db, "review", "judge", "Location:18 mossfield court", "Location:queens park",
        "--same", user="p.osei", code=1)


def test_ingest_and_meeting_records_from_the_command_line_act_as_the_named_account(
        db: Path, samples_dir: Path) -> None:
    note = next(samples_dir.glob("rhi_*.txt"))
    refused = run(db, "ingest", str(note), user="p.osei", code=1)
    assert "may not add records" in refused.output
    assert "ingested: 1" in run(db, "ingest", str(note), user="a.khan").output
    [ingested] = [e for e in audit(db, "a.khan") if e["action"] == "ingest"]
    assert ingested["query"]["files"] == 1 and ingested["query"]["ingested"] == 1
    assert note.name not in json.dumps(audit(db, "a.khan"))
    assert "may not record" in run(db, "actions", "add", "Visit", "--child", "C-1001",
                                   user="p.osei", code=1).output
    run(db, "actions", "add", "Strategy meeting", "--child", "C-1001", "--owner", "SW team",
        user="s.ellis")
    [mine] = json.loads(run(db, "actions", "list", "--format", "json", user="s.ellis").output)
    assert mine["created_by"] == "s.ellis" and mine["text"] == "Strategy meeting"
    [theirs] = json.loads(run(db, "actions", "list", "--format", "json",
                              user="p.osei").output)
    assert PSEUDONYM.fullmatch(theirs["child_id"]) and "text" not in theirs
    assert "may not track recommendations" in run(db, "actions", "import-rhi", user="a.khan",
                                                  code=1).output
    added = [e for e in audit(db, "s.ellis") if e["action"] == "action.add"]
    assert added[0]["target"] == "Child:C-1001" and "SW team" not in json.dumps(added)
