"""``rhigraph resolve`` and ``rhigraph review`` end to end on a real store file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.store import SQLiteStore
from rhigraph.cli import main
from tests.accounts import add_account
from tests.graph.resolve.conftest import person, phone, place, write_doc


def run(db: Path, *args: str, user: str | None = "tester", ok: bool = True) -> str:
    """Run a command as the account ``user`` (``None``: as the operating-system account)."""
    env = {"RHIGRAPH_USER": user} if user is not None else {}
    result = CliRunner().invoke(main, ["--db", str(db), *args], env=env)
    assert (result.exit_code == 0) == ok, result.output
    return result.output


def shannons(db: Path) -> list[dict]:
    store = SQLiteStore(db)
    try:
        return [r for r in store.entity_activity("Person") if "Person:shannon" in r["members"]]
    finally:
        store.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    store = SQLiteStore(path)
    for doc, child in (("n1", "C-1"), ("n2", "C-2")):
        # two children's notes name a Shannon, and the same adult, phone and flat: a
        # candidate for an analyst, never a merge on a first name alone
        write_doc(store, doc, child, [person("Shannon", "PEER"), person("Dean ASHWORTH",
                                                                        "ADULT_OF_CONCERN"),
                                      phone("07700 900118", "+447700900118"),
                                      place("18 Mossfield Court", "18 mossfield court")])
    store.close()
    for name in ("tester", "second.analyst", "ana"):
        add_account(path, name, "ANALYST")
    return path


def test_resolve_then_review_accept_and_undo(db: Path) -> None:
    assert "candidates to review" in run(db, "resolve")
    assert len(shannons(db)) == 2, "one entity key, kept as two people until judged"
    (candidate,) = json.loads(run(db, "review", "list", "--format", "json"))
    assert candidate["type"] == "Person" and candidate["reasons"]
    out = run(db, "review", "accept", str(candidate["id"]), "--note", "same school")
    assert "are the same (by tester)" in out
    assert json.loads(run(db, "review", "list", "--format", "json")) == []
    assert len(shannons(db)) == 1, "the accepted pair is one cluster now"
    (judgement,) = json.loads(run(db, "review", "judgements", "--format", "json"))
    assert judgement["note"] == "same school" and judgement["same"]
    run(db, "review", "undo", str(judgement["id"]), user="second.analyst")
    (back,) = json.loads(run(db, "review", "list", "--format", "json"))
    assert back["id"] == candidate["id"]
    (undone,) = json.loads(run(db, "review", "judgements", "--all", "--format", "json"))
    assert undone["undone_by"] == "second.analyst" and not undone["active"]


def test_reject_and_judge_need_a_role_that_decides(db: Path) -> None:
    run(db, "resolve")
    (candidate,) = json.loads(run(db, "review", "list", "--format", "json"))
    out = run(db, "review", "reject", str(candidate["id"]), user=None, ok=False)
    assert "role ADMIN may not decide entity resolution" in out
    run(db, "review", "reject", str(candidate["id"]), user="ana")
    assert json.loads(run(db, "review", "list", "--status", "rejected", "--format",
                          "json"))[0]["id"] == candidate["id"]
    run(db, "review", "judge", "Person:shannon", "Person:dean ashworth", "--different",
        "--left-document", "n1")
    assert "no entity" in run(db, "review", "judge", "Person:nobody", "Person:shannon",
                              "--same", ok=False)
