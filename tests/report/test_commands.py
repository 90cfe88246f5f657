"""The meeting commands end to end on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rhigraph.cli import main
from rhigraph.governance import Role
from tests.accounts import add_account

AS_OF = ("--as-of", "2026-01-12T09:00")


@pytest.fixture
def db(report_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.db"
    copy.write_bytes(report_db.read_bytes())
    return copy


def run(db: Path, *args: str, code: int = 0, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False,
                                env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_weekly_pack_in_every_format(db: Path, tmp_path: Path) -> None:
    for suffix in ("json", "html", "pdf"):
        out = tmp_path / f"week.{suffix}"
        assert "wrote" in run(db, "report", "weekly", "--week", "2026-W01", *AS_OF,
                              "--out", str(out))
        assert out.stat().st_size > 500
    data = json.loads((tmp_path / "week.json").read_text())
    episodes = next(s for s in data["sections"] if s["id"] == "episodes")
    assert [r["episode_id"] for r in episodes["rows"]] == [
        "MP-2", "MP-5", "MP-6", "MP-10", "MP-9", "MP-3"]
    summary = run(db, "report", "weekly", "--week", "2026-W01", *AS_OF)
    assert "Episodes reported: 6" in summary and "Out-of-area children: 3" in summary


def test_bad_requests_end_with_a_message(db: Path, tmp_path: Path) -> None:
    assert "no ISO week 54" in run(db, "report", "weekly", "--week", "2026-W54", code=1)
    assert "cannot write a pack as .docx" in run(
        db, "report", "weekly", "--week", "2026-W01", "--out", str(tmp_path / "x.docx"),
        code=1)
    assert "no child" in run(db, "report", "placement-packet", "--child", "C-999", code=1)


def test_cse_mapping_and_cross_boundary(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cse.json"
    run(db, "report", "cse-mapping", "--from", "2025-12-01", "--to", "2026-01-11", *AS_OF,
        "--out", str(out))
    data = json.loads(out.read_text())
    hotspots = next(s for s in data["sections"] if s["id"] == "hotspots")
    flat = next(r for r in hotspots["rows"] if "Mossfield" in r["label"])
    assert flat["children"] == 2 and flat["child_ids"] == ["C-1", "C-2"]
    rows = json.loads(run(db, "cross-boundary", "--format", "json"))
    flat = next(r for r in rows if "Mossfield" in r["label"])
    assert flat["authority_list"] == ["Bolton", "Lancashire"]


def test_placement_packet_withholds_the_placement_address(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "packet.json"
    run(db, "report", "placement-packet", "--child", "C-2", *AS_OF, "--out", str(out))
    text = out.read_text()
    data = json.loads(text)
    history = next(s for s in data["sections"] if s["id"] == "episodes")
    assert [r["episode_id"] for r in history["rows"]] == ["MP-3"]
    assert history["rows"][0]["missing_from"] == "placement (address withheld)"
    assert "Birch Lane" not in text and "Oak House" not in text


def test_actions_are_added_listed_and_closed(db: Path) -> None:
    assert "action 1 recorded" in run(db, "actions", "add", "Strategy discussion",
                                      "--child", "C-2", "--owner", "SW team", "--due",
                                      "2026-01-20", "--meeting", "weekly 2026-W01")
    run(db, "actions", "update", "1", "--owner", "Bolton MFH")
    rows = json.loads(run(db, "actions", "list", "--child", "C-2", "--format", "json"))
    assert [(r["id"], r["owner"], r["due"]) for r in rows] == [(1, "Bolton MFH", "2026-01-20")]
    assert "action 1 closed" in run(db, "actions", "close", "1", "--note", "held")
    assert json.loads(run(db, "actions", "list", "--format", "json")) == []
    closed = json.loads(run(db, "actions", "list", "--status", "all", "--format", "json"))
    assert closed[0]["status"] == "closed" and closed[0]["closure_note"] == "held"
    assert "no open action 1" in run(db, "actions", "close", "1", code=1)
    assert "may not track recommendations" in run(db, "actions", "import-rhi", code=1)
    manager = add_account(db, "s.ellis", Role.RHI_MANAGER)
    assert "0 recommendation(s)" in run(db, "actions", "import-rhi", env=manager)


def test_notifications_recorded_and_listed(db: Path) -> None:
    run(db, "notifications", "record", "MP-3", "--body", "host_la", "--about", "missing",
        "--at", "05/01/2026 08:00", "--by", "duty officer")
    rows = json.loads(run(db, "notifications", "list", "--episode", "MP-3", *AS_OF,
                          "--format", "json"))
    status = {(r["about"], r["body_role"]): r["status"] for r in rows}
    assert status[("missing", "host_la")] == "done"
    assert status[("missing", "responsible_la")] == "overdue"
    overdue = json.loads(run(db, "notifications", "list", "--status", "overdue", *AS_OF,
                             "--format", "json"))
    assert {r["episode_id"] for r in overdue} == {"MP-3", "MP-6", "MP-10"}
    assert "no episode" in run(db, "notifications", "record", "MP-404", "--body", "host_la",
                               "--about", "rhi", code=1)


def test_partner_version_from_the_command_line(db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RHIGRAPH_GOVERNANCE_DB", str(tmp_path / "gov.db"))
    out = tmp_path / "partner.html"
    run(db, "report", "weekly", "--week", "2026-W01", *AS_OF, "--partner", "--out", str(out))
    html = out.read_text()
    assert "partner version" in html
    for secret in ("Amy Hosted", "MP-3", "C-2", "alert(1)", "Birch Lane"):
        assert secret not in html
