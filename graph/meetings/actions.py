"""Meeting decisions and RHI recommendations as tracked actions, carried forward until closed.

Why: RHI recommendations are made again and again ("refer to the complex safeguarding team")
and nobody can see whether they happened. An action has an owner, a due date and a status;
it stays on every weekly pack and on the child's record until someone closes it, saying when
and why. Actions live in the store (``Store.add_action`` and friends) so that they survive a
re-ingest of the notes they came from.

RHI recommendations are read from each note's ``actions`` field as written. Notes mix in the
manager's response ("Agreed", "Noted, no further action", "Marie Smith, Team Manager"), so
lines that decide nothing are left out by :func:`is_recommendation`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graph.meetings.periods import parse_moment

SOURCES = ("meeting", "rhi")
STATUSES = ("open", "closed")

_NO_ACTION = re.compile(
    r"^\W*(no\s+further\s+action|nfa\b|agree(d)?\s+nfa|noted\b|agreed\W*$|agree\W*$|"
    r"none\W*$|n/?a\W*$|nil\W*$)", re.IGNORECASE)
_NAME_WORD = re.compile(r"^([A-Z][\w'\-]*\.?|[A-Z]\.)$")


def is_recommendation(text: str) -> bool:
    """Whether a line of a note's actions asks someone to do something.

    >>> is_recommendation("Refer to Bolton Complex Safeguarding Team")
    True
    >>> [is_recommendation(t) for t in ("NFA - close", "Noted, no further action", "Agreed",
    ...                                 "Marie Smith, Team Manager", "L. West")]
    [False, False, False, False, False]
    """
    line = " ".join((text or "").split())
    if not line or _NO_ACTION.match(line):
        return False
    words = line.replace(",", " ").split()
    return not (len(words) <= 5 and all(_NAME_WORD.match(w) for w in words))


def normalise(text: str) -> str:
    """A comparison key for recommendation text: case, spacing and punctuation folded."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def recommendations(notes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every recommendation in the RHI notes, in note order, with where it came from."""
    rows = []
    for note in notes:
        fields = note.get("fields") or {}
        for text in fields.get("actions") or []:
            if isinstance(text, str) and is_recommendation(text):
                rows.append({
                    "document_id": note.get("id"), "child_id": note.get("child_id"),
                    "episode_id": fields.get("episode_id"), "date": note.get("date"),
                    "text": " ".join(text.split()), "agency": note.get("agency"),
                })
    return rows


def untracked(recs: Iterable[Mapping[str, Any]], actions: Iterable[Mapping[str, Any]]
              ) -> list[dict[str, Any]]:
    """Recommendations not yet recorded as actions (matched on note and text)."""
    tracked = {(a.get("document_id"), normalise(str(a.get("text", "")))) for a in actions}
    return [dict(r) for r in recs
            if (r.get("document_id"), normalise(str(r["text"]))) not in tracked]


def repeated(recs: Iterable[Mapping[str, Any]], min_notes: int = 2) -> list[dict[str, Any]]:
    """Recommendations made for the same child in at least ``min_notes`` notes: the ones
    made again and again, most repeated first."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for rec in recs:
        if rec.get("child_id"):
            groups[(str(rec["child_id"]), normalise(str(rec["text"])))].append(rec)
    rows = []
    for (child_id, _), items in groups.items():
        documents = sorted({str(i["document_id"]) for i in items})
        if len(documents) >= min_notes:
            dates = sorted(str(i.get("date") or "") for i in items)
            rows.append({"child_id": child_id, "text": items[0]["text"],
                         "notes": len(documents), "first_made": dates[0],
                         "last_made": dates[-1], "document_ids": documents})
    rows.sort(key=lambda r: (-r["notes"], r["child_id"], r["text"]))
    return rows


def open_at(action: Mapping[str, Any], as_of: dt.datetime) -> bool:
    """Created by ``as_of`` and not closed by then."""
    created = parse_moment(action.get("created_at"))
    closed = parse_moment(action.get("closed_at"))
    return (created is None or created <= as_of) and (closed is None or closed > as_of)


def is_overdue(action: Mapping[str, Any], as_of: dt.datetime) -> bool:
    """Open at ``as_of`` with a due date before that day."""
    due = parse_moment(action.get("due"))
    return open_at(action, as_of) and due is not None and due.date() < as_of.date()


def outstanding(actions: Iterable[Mapping[str, Any]], as_of: dt.datetime,
                child_id: str | None = None) -> list[dict[str, Any]]:
    """Actions open at ``as_of`` (optionally one child's), overdue first, then by due date,
    each shown with ``overdue`` and ``days_open``."""
    rows = []
    for action in actions:
        if child_id is not None and action.get("child_id") != child_id:
            continue
        if not open_at(action, as_of):
            continue
        created = parse_moment(action.get("created_at"))
        rows.append({**action, "status": "open", "overdue": is_overdue(action, as_of),
                     "days_open": (as_of - created).days if created else None})
    rows.sort(key=lambda r: (not r["overdue"], str(r.get("due") or "9999"), r.get("id") or 0))
    return rows


def closed_between(actions: Iterable[Mapping[str, Any]], start: dt.datetime,
                   end: dt.datetime) -> list[dict[str, Any]]:
    """Actions closed at or after ``start`` and before ``end`` (done since the last meeting)."""
    rows = []
    for action in actions:
        closed = parse_moment(action.get("closed_at"))
        if closed is not None and start <= closed < end:
            rows.append(dict(action))
    rows.sort(key=lambda r: (str(r.get("closed_at")), r.get("id") or 0))
    return rows
