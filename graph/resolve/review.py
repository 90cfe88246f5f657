"""The review queue as plain functions, for the command line and the dashboard alike.

A candidate is a pair of records resolution scored between the review and merge thresholds.
Accepting or rejecting one records a *judgement*: who decided, when, and optionally why. A
judgement is about the two records the analyst saw (entity plus document); resolution applies
it transitively (a "same" joins the two clusters the records are in; a "not the same" keeps
them apart for good, splitting a cluster that held both). Undoing deactivates the judgement
and keeps its record. Nothing here changes the cluster mapping itself: call
:func:`graph.resolve.resolve` afterwards (the CLI does).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.exc import RhigraphError
from graph.store import Store


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def candidates(store: Store, *, status: str | None = "open", type_name: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
    """Candidates of ``status`` (``None``: all), optionally of one entity type, best first."""
    rows = store.resolution_candidates(status)
    if type_name:
        rows = [r for r in rows if r["type"] == type_name]
    return rows[:limit] if limit is not None else rows


def decide(store: Store, candidate_id: int, *, same: bool, user: str,
           note: str | None = None, at: str | None = None) -> int:
    """Accept (``same``) or reject an open candidate; return the judgement id."""
    found = store.resolution_candidates(None, candidate_id=candidate_id)
    if not found:
        raise RhigraphError(f"no candidate {candidate_id}")
    row = found[0]
    if row["status"] != "open":
        raise RhigraphError(f"candidate {candidate_id} is already {row['status']}; "
                            "undo its judgement first")
    return store.add_judgement(
        left_id=row["left_id"], left_document=row["left_document"], right_id=row["right_id"],
        right_document=row["right_document"], same=same, user=user, at=at or now(),
        note=note, candidate_id=candidate_id)


def judge(store: Store, left: str, right: str, *, same: bool, user: str,
          left_document: str = "", right_document: str = "", note: str | None = None,
          at: str | None = None) -> int:
    """Record a judgement on two entities (or two mentions) without a candidate: to join
    what resolution missed, or to split a merge it made."""
    for entity_id in (left, right):
        # Looked up by id, not found among every entity of the type; a cluster id that is
        # no entity ("Person:jamie#2") is answered with its canonical entity's key, so it
        # is not taken for one.
        known = any(f"{e['type']}:{e['key']}" == entity_id
                    for e in store.entities_by_id([entity_id]))
        if not known:
            raise RhigraphError(f"no entity {entity_id}")
    return store.add_judgement(left_id=left, right_id=right, same=same, user=user,
                               at=at or now(), note=note, left_document=left_document,
                               right_document=right_document)


def undo(store: Store, judgement_id: int, *, user: str, at: str | None = None) -> None:
    """Deactivate a judgement (kept, marked undone by ``user``)."""
    if not store.undo_judgement(judgement_id, user=user, at=at or now()):
        raise RhigraphError(f"no active judgement {judgement_id}")
