"""The RHI desk page's shaping: headline figures, a note's reasons and a draft's summary as
tables. Pure functions of the rows the service returns; cell text is passed through as text
(``st.dataframe`` draws text, never markup).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.components.packs import uk_moment
from graph.desk.sections import TRIAGE_LABELS

#: Which triages the queue can be narrowed to, as the page offers them.
SHOW = ("all", *TRIAGE_LABELS)
REASON_LABELS = {"adult_of_concern": "Adult of concern", "location_of_concern": "Place of concern",
                 "vehicle": "Vehicle", "phone": "Phone", "handle": "Online handle",
                 "indicator": "Indicator", "nil_return": "Nil return",
                 "no_intelligence": "Nothing of concern"}


def show_label(value: str) -> str:
    """How a choice of :data:`SHOW` reads on the page.

    >>> show_label("all"), show_label("nil_return")
    ('All notes', 'nil return')
    """
    return "All notes" if value == "all" else TRIAGE_LABELS[value]


def figures(triaged: Sequence[Mapping[str, Any]], unshared: Sequence[Mapping[str, Any]],
            patterns: Sequence[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """The desk's headline: notes by triage, notes waiting for a form (and overdue), and
    patterns across workers.

    >>> figures([{"triage": "nil_return"}], [{"overdue": True}], [])[0]
    ('Intelligence-bearing', 0)
    """
    by = Counter(r["triage"] for r in triaged)
    return [("Intelligence-bearing", by["intelligence_bearing"]),
            ("Welfare only", by["welfare_only"]), ("Nil returns", by["nil_return"]),
            ("Not yet shared", len(unshared)),
            ("Overdue for a form", sum(bool(r.get("overdue")) for r in unshared)),
            ("Across workers", len(patterns))]


def draft_candidates(waiting: Sequence[Mapping[str, Any]],
                     triaged: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Notes a form could be drafted from, by document id: those still waiting for a form
    first (oldest first, as :func:`graph.desk.unshared.unshared` orders them), then every
    other intelligence-bearing note.

    >>> list(draft_candidates([{"document_id": "b"}],
    ...                       [{"document_id": "a", "triage": "intelligence_bearing"},
    ...                        {"document_id": "b", "triage": "intelligence_bearing"},
    ...                        {"document_id": "c", "triage": "nil_return"}]))
    ['b', 'a']
    """
    found: dict[str, Mapping[str, Any]] = {r["document_id"]: r for r in waiting}
    for row in triaged:
        if row["triage"] == "intelligence_bearing":
            found.setdefault(row["document_id"], row)
    return found


def note_choice(row: Mapping[str, Any]) -> str:
    """A note in a chooser: its date, child reference and document id (no names).

    >>> note_choice({"date": "2026-01-10", "child_id": "C-1007", "document_id": "n.txt"})
    '10/01/2026 · C-1007 · n.txt'
    """
    return " · ".join(str(v) for v in (uk_moment(row.get("date")) or "no date",
                                       row.get("child_id") or "no child ref",
                                       row["document_id"]))


def reasons_frame(reasons: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A note's reasons: what kind, what the note says (or the indicator code when its
    words are withheld from the role) and why it counts."""
    return pd.DataFrame.from_records(
        [{"Reason": REASON_LABELS.get(r["kind"], str(r["kind"]).replace("_", " ")),
          "Code": r.get("code"), "In the note": r.get("text"), "Why": r.get("why")}
         for r in reasons], columns=["Reason", "Code", "In the note", "Why"])


def draft_frame(draft: Mapping[str, Any]) -> pd.DataFrame:
    """What a drafted form carries, field by field, for the reviewer's first look."""
    grading = draft.get("grading") or {}
    rows = [("Reference", draft.get("reference")), ("Derived from", draft.get("derived_from")),
            ("Child", draft.get("child_id")),
            ("Categories", ", ".join(draft.get("categories") or [])),
            ("Grading", "/".join(str(grading.get(k) or "?") for k in (
                "source_evaluation", "intelligence_assessment", "handling_code"))),
            ("Handling conditions", draft.get("handling_conditions")),
            *((f"Subject {n}", _subject(s)) for n, s in enumerate(draft.get("subjects") or [], 1)),
            ("Places", "; ".join(draft.get("locations") or [])),
            ("Vehicles", "; ".join(draft.get("vehicles") or [])),
            ("Phones", "; ".join(draft.get("phones") or [])),
            ("Handles", "; ".join(draft.get("handles") or [])),
            ("Third party", draft.get("third_party")),
            ("State", (draft.get("draft") or {}).get("state"))]
    return pd.DataFrame.from_records([{"Field": k, "Value": v} for k, v in rows if v],
                                     columns=["Field", "Value"])


def _subject(subject: Mapping[str, Any]) -> str:
    parts = [subject.get("name")] + [subject.get(k) for k in (
        "dob", "address", "phone", "vehicle", "online_handle")]
    if subject.get("nickname"):
        parts.append("known as " + ", ".join(subject["nickname"]))
    return "; ".join(str(p) for p in parts if p)
