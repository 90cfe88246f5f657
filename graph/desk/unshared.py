"""Intelligence not yet shared: intelligence-bearing notes with no form to show for them.

"Social workers don't always put intelligence sharing forms in." A note counts as shared
when a *submitted* information-sharing form (:func:`graph.desk.state.is_submitted`) either

* was confirmed from that very note (its ``derived_from`` names the note), whatever its
  date, or
* is about the same child (the form's ``child_id``) and dated from the note's date up to
  ``window_days`` days after it (default :data:`WINDOW_DAYS`; both ends included). A form
  dated before the note cannot carry what the note found, and a form with no child id
  cannot be matched to a note.

Every other intelligence-bearing note is listed, oldest first, with the days it has waited
as of ``as_of`` and whether its window is still open (a form may yet arrive in time) or has
closed (overdue). A note with no date is listed last: how long it has waited is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from graph.desk.context import GraphContext, build_context
from graph.desk.state import is_submitted
from graph.desk.triage import triage
from graph.store import Store

WINDOW_DAYS = 14


def unshared(store: Store, *, as_of: dt.date, window_days: int = WINDOW_DAYS,
             since: str | None = None) -> list[dict[str, Any]]:
    """Intelligence-bearing notes not yet shared (module docstring), oldest first."""
    context = build_context(store)
    rows = triage(store, since=since, context=context)
    return unshared_rows(rows, _forms(context), as_of=as_of, window_days=window_days)


def unshared_rows(triaged: Iterable[dict[str, Any]], forms: Iterable[dict[str, Any]], *,
                  as_of: dt.date, window_days: int = WINDOW_DAYS) -> list[dict[str, Any]]:
    """The pure rule over triage rows and stored form metadata (``Store.documents``).

    >>> note = {"document_id": "n1", "child_id": "C-1", "date": "2026-01-10",
    ...         "triage": "intelligence_bearing", "summary": "vehicle: grey BMW"}
    >>> late = {"id": "f1", "child_id": "C-1", "date": "2026-01-30", "fields": {}}
    >>> [r["days_waited"] for r in unshared_rows([note], [late], as_of=dt.date(2026, 2, 1))]
    [22]
    >>> on_time = {"id": "f2", "child_id": "C-1", "date": "2026-01-24", "fields": {}}
    >>> unshared_rows([note], [on_time], as_of=dt.date(2026, 2, 1))
    []
    """
    if window_days < 0:
        raise ValueError("window_days must not be negative")
    submitted = [f for f in forms if is_submitted(f)]
    derived = {f["fields"].get("derived_from") for f in submitted if f.get("fields")}
    rows = []
    for note in triaged:
        if note["triage"] != "intelligence_bearing" or note["document_id"] in derived:
            continue
        day = _day(note.get("date"))
        if day is not None and _shared_in_window(note, day, submitted, window_days):
            continue
        closes = day + dt.timedelta(days=window_days) if day else None
        rows.append({
            "document_id": note["document_id"], "child_id": note.get("child_id"),
            "date": note.get("date"), "worker": note.get("worker"),
            "agency": note.get("agency"),
            "days_waited": (as_of - day).days if day else None,
            "window_closes": closes.isoformat() if closes else None,
            "overdue": bool(closes and as_of > closes), "headline": note.get("headline"),
            "summary": note.get("summary"),
            "reasons": note.get("reasons", []),
        })
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["document_id"]))


def _shared_in_window(note: dict[str, Any], day: dt.date, forms: list[dict[str, Any]],
                      window_days: int) -> bool:
    last = day + dt.timedelta(days=window_days)
    for form in forms:
        when = _day(form.get("date"))
        if (note.get("child_id") and form.get("child_id") == note["child_id"]
                and when is not None and day <= when <= last):
            return True
    return False


def _forms(context: GraphContext) -> list[dict[str, Any]]:
    return [d for d in context.documents.values() if d["kind"] == "intel_form"]


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
