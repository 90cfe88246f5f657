"""Intelligence not yet shared: expected answers from truth.json's forms, the window rule on
hand-made rows, and drafts that count only once confirmed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.desk.draft_isf import draft_isf
from graph.desk.render import write_draft
from graph.desk.state import is_submitted
from graph.desk.triage import triage
from graph.desk.unshared import WINDOW_DAYS, unshared, unshared_rows
from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths
from tests.desk.conftest import Area

AS_OF = dt.date(2026, 4, 1)


def _expected(area: Area, store: SQLiteStore, window: int) -> list[str]:
    """Intelligence-bearing notes with no truth.json form for the child inside the window."""
    forms = [d for d in area.truth_documents("intel_form") if d["child_id"]]
    out = []
    for row in triage(store):
        if row["triage"] != "intelligence_bearing":
            continue
        day = dt.date.fromisoformat(row["date"])
        if not any(f["child_id"] == row["child_id"]
                   and day <= dt.date.fromisoformat(f["date"]) <= day + dt.timedelta(window)
                   for f in forms):
            out.append((row["date"], row["document_id"]))
    return [doc for _, doc in sorted(out)]


@pytest.mark.parametrize("window", [0, WINDOW_DAYS, 60])
def test_unshared_matches_the_forms_in_truth(area: Area, store: SQLiteStore,
                                             window: int) -> None:
    rows = unshared(store, as_of=AS_OF, window_days=window)
    assert [r["document_id"] for r in rows] == _expected(area, store, window)
    for row in rows:
        waited = (AS_OF - dt.date.fromisoformat(row["date"])).days
        assert row["days_waited"] == waited
        assert row["overdue"] == (waited > window)


def test_the_default_window_leaves_something_to_share(area: Area, store: SQLiteStore) -> None:
    assert _expected(area, store, WINDOW_DAYS), "the area needs an unshared note to test"


def test_a_confirmed_draft_shares_its_note_and_an_unconfirmed_one_does_not(
        area: Area, writable: SQLiteStore, tmp_path: Path) -> None:
    from graph.desk.confirm import confirm_draft

    waiting = unshared(writable, as_of=AS_OF)
    oldest = waiting[0]["document_id"]
    draft = draft_isf(writable, oldest, today=AS_OF)
    path = write_draft(draft, tmp_path / "drafts" / "isf_draft.json")

    summary = ingest_paths(writable, [path.parent])  # an ordinary ingest refuses the draft
    assert summary.rejected == 1
    assert path.name not in [d["id"] for d in writable.documents("intel_form")]
    assert oldest in [r["document_id"] for r in unshared(writable, as_of=AS_OF)]

    confirm_draft(writable, path, user="amanda", at="2026-04-01T09:00:00+00:00")
    stored = next(d for d in writable.documents("intel_form") if d["id"] == path.name)
    assert is_submitted(stored)
    left = [r["document_id"] for r in unshared(writable, as_of=AS_OF)]
    assert left == [r["document_id"] for r in waiting[1:]]


# -- the window rule on hand-made rows ----------------------------------------------------------

NOTE = {"document_id": "n.txt", "child_id": "C-1", "date": "2026-01-10",
        "triage": "intelligence_bearing"}


def _form(date: str, child: str | None = "C-1", **fields: str) -> dict:
    return {"id": f"f{date}", "child_id": child, "date": date, "fields": fields}


@pytest.mark.parametrize("form,shared", [
    (_form("2026-01-10"), True),                       # same day
    (_form("2026-01-24"), True),                       # the 14th day
    (_form("2026-01-25"), False),                      # one day late
    (_form("2026-01-09"), False),                      # before the note
    (_form("2026-01-12", child="C-2"), False),         # another child
    (_form("2026-01-12", child=None), False),          # no child id
    (_form("2026-01-12", reference="DRAFT-n"), False),  # an unconfirmed draft
    (_form("2026-03-01", derived_from="n.txt", draft_state="confirmed by a at t"), True),
    (_form("2026-01-12", derived_from="n.txt", draft_state="unconfirmed"), False),
])
def test_window(form: dict, shared: bool) -> None:
    rows = unshared_rows([NOTE], [form], as_of=dt.date(2026, 2, 1))
    assert (rows == []) == shared


def test_only_intelligence_bearing_notes_are_listed() -> None:
    nil = {**NOTE, "triage": "nil_return"}
    assert unshared_rows([nil], [], as_of=dt.date(2026, 2, 1)) == []


def test_a_note_without_a_date_is_listed_last() -> None:
    undated = {**NOTE, "document_id": "m.txt", "date": None}
    rows = unshared_rows([undated, NOTE], [], as_of=dt.date(2026, 2, 1))
    assert [r["document_id"] for r in rows] == ["n.txt", "m.txt"]
    assert rows[1]["days_waited"] is None
