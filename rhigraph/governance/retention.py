"""Review dates: when each document must be looked at again, and which ones are due.

rhigraph holds copies of records whose originals stay in each agency's system of record, made
to find patterns that are current. A copy that no longer serves that purpose should go. Every
document therefore has a review date: its own date (or, when it has none, the day it was
ingested) plus the retention period for its kind. At review the owner either erases it
(``rhigraph erase --document ID``) or records a later review date with a reason for keeping
it (``rhigraph retention set-review``).

The default period is six years for every kind, the minimum review period for police
information under the College of Policing's Management of Police Information guidance. It is
a starting point for the data protection officer, not a recommendation: set each kind's
period with ``rhigraph retention set-period KIND --years N``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from rhigraph.governance.db import GovernanceDB, now

DEFAULT_YEARS = 6
DEFAULT_DAYS: Mapping[str, int] = {
    kind: DEFAULT_YEARS * 365 + DEFAULT_YEARS // 4
    for kind in ("rhi_note", "intel_form", "episodes", "placements")
}


def review_date(document: Mapping[str, Any], periods: Mapping[str, int],
                overrides: Mapping[str, str] | None = None) -> dt.date:
    """When ``document`` (``id``, ``kind``, ``date``, ``ingested_at``) is due for review.

    >>> review_date({"id": "n1", "kind": "rhi_note", "date": "2026-01-05"}, {"rhi_note": 30})
    datetime.date(2026, 2, 4)
    >>> review_date({"id": "n1", "kind": "rhi_note", "date": "2026-01-05"}, {},
    ...             {"n1": "2030-01-01"})
    datetime.date(2030, 1, 1)
    """
    if overrides and document["id"] in overrides:
        return dt.date.fromisoformat(overrides[document["id"]][:10])
    base = _first_date(document.get("date"), document.get("ingested_at"))
    days = periods.get(document.get("kind") or "", DEFAULT_YEARS * 365 + DEFAULT_YEARS // 4)
    return base + dt.timedelta(days=days)


def _first_date(*values: str | None) -> dt.date:
    for value in values:
        try:
            return dt.date.fromisoformat((value or "")[:10])
        except ValueError:
            continue
    return dt.datetime.now(dt.UTC).date()


def due(documents: Iterable[Mapping[str, Any]], periods: Mapping[str, int],
        overrides: Mapping[str, str], today: dt.date) -> list[dict[str, Any]]:
    """Documents whose review date is on or before ``today``, most overdue first.

    Rows carry references and dates only (``id``, ``kind``, ``child_id``, ``date``,
    ``review_on``, ``days_overdue``), never text.
    """
    rows = []
    for document in documents:
        when = review_date(document, periods, overrides)
        if when <= today:
            rows.append({"id": document["id"], "kind": document.get("kind"),
                         "child_id": document.get("child_id"), "date": document.get("date"),
                         "review_on": when.isoformat(), "days_overdue": (today - when).days})
    rows.sort(key=lambda r: (-r["days_overdue"], r["id"]))
    return rows


class RetentionSettings:
    """Retention periods per kind and review dates per document, in the governance file."""

    def __init__(self, db: GovernanceDB) -> None:
        self.db = db

    def periods(self) -> dict[str, int]:
        """Days per document kind: the defaults with any configured periods over them."""
        configured = {r["kind"]: r["days"] for r in
                      self.db.read("SELECT kind, days FROM retention_periods")}
        return {**DEFAULT_DAYS, **configured}

    def overrides(self) -> dict[str, str]:
        """Review dates recorded for single documents."""
        return {r["document_id"]: r["review_on"] for r in
                self.db.read("SELECT document_id, review_on FROM retention_reviews")}

    def set_period(self, kind: str, days: int, by: str) -> None:
        """Set the retention period of ``kind`` (one day at least)."""
        if days < 1:
            raise ValueError("a retention period is at least one day")
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO retention_periods (kind, days, set_at, set_by)"
                         " VALUES (?, ?, ?, ?) ON CONFLICT(kind) DO UPDATE SET"
                         " days = excluded.days, set_at = excluded.set_at,"
                         " set_by = excluded.set_by", (kind, days, now(), by))

    def set_review(self, document_id: str, review_on: dt.date, by: str) -> None:
        """Record the next review date of one document (the outcome of a review)."""
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO retention_reviews (document_id, review_on, set_at, set_by)"
                         " VALUES (?, ?, ?, ?) ON CONFLICT(document_id) DO UPDATE SET"
                         " review_on = excluded.review_on, set_at = excluded.set_at,"
                         " set_by = excluded.set_by",
                         (document_id, review_on.isoformat(), now(), by))

    def forget(self, document_id: str) -> None:
        """Drop a document's review date (after it is erased)."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM retention_reviews WHERE document_id = ?", (document_id,))
