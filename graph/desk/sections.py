"""The desk's lists as pack sections (:mod:`graph.meetings.sections`), for a page or a file.

A section declares its columns and what kind of value each holds, so the dashboard draws the
triage queue, the unshared list and the cross-worker patterns the way it draws every meeting
pack (UK dates, lists joined, text never read as markup) from the same rows the commands
print.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.meetings.sections import column, table

TRIAGE_LABELS = {"intelligence_bearing": "intelligence-bearing", "welfare_only": "welfare only",
                 "nil_return": "nil return"}

TRIAGE_COLUMNS = (
    column("date", "Date", "when"),
    column("document_id", "Note", "reference"),
    column("child_id", "Child", "child"),
    column("worker", "Worker", "person"),
    column("agency", "Agency", "authority"),
    column("triage", "Triage"),
    column("headline", "Found"),
    column("summary", "Reasons", "text"),
    column("flags", "Flags"),
)
UNSHARED_COLUMNS = (
    column("date", "Date", "when"),
    column("document_id", "Note", "reference"),
    column("child_id", "Child", "child"),
    column("worker", "Worker", "person"),
    column("days_waited", "Days waited", "number"),
    column("window_closes", "Window closes", "when"),
    column("overdue", "Overdue"),
    column("headline", "Found"),
    column("summary", "Reasons", "text"),
)
CROSS_WORKER_COLUMNS = (
    column("kind", "Kind"),
    column("label", "Adult, place or identifier", "identifier"),
    column("workers", "Workers", "person"),
    column("agencies", "Agencies", "authority"),
    column("children", "Children", "children"),
    column("first_seen", "First seen", "when"),
    column("last_seen", "Last seen", "when"),
    column("variants", "Written as", "text"),
)


def triage_section(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The triage queue: intelligence-bearing first, then welfare only, then nil returns."""
    shown = [{**row, "triage": TRIAGE_LABELS.get(row["triage"], row["triage"]),
              "flags": [f.replace("_", " ") for f in row.get("flags") or ()]} for row in rows]
    return table("triage", "Triage of RHI notes", TRIAGE_COLUMNS, shown,
                 note="Intelligence-bearing notes name an adult or place of concern, a "
                      "vehicle, a phone or a handle, or carry an exploitation indicator that "
                      "is not negated. A recorded nil return stays nil unless it names a "
                      "vehicle, phone or handle. Each group oldest first.",
                 empty="No RHI notes in this window.")


def unshared_section(rows: Iterable[Mapping[str, Any]], window_days: int) -> dict[str, Any]:
    """Intelligence-bearing notes with no information-sharing form yet, oldest first."""
    return table("unshared", "Intelligence not yet shared", UNSHARED_COLUMNS, rows,
                 note=f"No submitted form confirmed from the note, nor one for the same child "
                      f"dated within {window_days} days after it. Oldest first; overdue once "
                      f"the window has closed.",
                 empty="Every intelligence-bearing note has a form.")


def cross_worker_section(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The same adult, place or identifier in notes by different workers or agencies."""
    return table("cross_worker", "Across workers and agencies", CROSS_WORKER_COLUMNS, rows,
                 note="Named in notes written by two or more workers or agencies, and of "
                      "concern in at least one intelligence-bearing note.",
                 empty="Nothing is shared across workers in this window.")
