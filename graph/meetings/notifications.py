"""Who must be told when a child placed out of area goes missing, and whether they were.

Children placed outside their home authority go missing more, and the authority and police
force where they live are often never told. For every episode of a child living outside the
responsible authority's area (or policed by another force), these bodies must be notified:

==============  =====================================================  ==================
body            of the missing episode                                 of the RHI
==============  =====================================================  ==================
responsible LA  always (the corporate parent)                          always
host LA         when the child lives in another authority's area       the same
home force      when the child lives in another force's area           the same
==============  =====================================================  ==================

Deadlines (local-protocol defaults, one constant each): the missing episode within
:data:`MISSING_NOTICE_WITHIN` of the report; the RHI within :data:`RHI_NOTICE_WITHIN` of the
interview, or of the 72-hour deadline when no interview took place by then (the body must
then learn that it did not). No RHI notice is owed while the child is still missing.

Where "recorded as done" comes from, earliest first wins:

1. the store's ``notifications`` table (``rhigraph notifications record``; one row per
   episode, subject and body, with when it was done and who recorded it);
2. columns of the episodes export, when a police or LA system exports them:
   ``responsible_la_notified_at``, ``host_la_notified_at``, ``home_force_notified_at`` for the
   missing episode and ``responsible_la_rhi_notified_at``, ``host_la_rhi_notified_at``,
   ``home_force_rhi_notified_at`` for the RHI (read from the Episode's properties);
3. for the RHI, an RHI note written by that authority's own service (the note's agency names
   the authority): it knows, from the moment of the interview.

A notification recorded after ``as_of`` has not happened yet, as everywhere in the packs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graph.meetings.episodes import EpisodeView
from graph.meetings.periods import parse_moment
from graph.meetings.rhi import STANDARD

BODY_ROLES = ("responsible_la", "host_la", "home_force")
BODY_LABELS = {"responsible_la": "Responsible LA", "host_la": "Host LA",
               "home_force": "Home force"}
ABOUT = ("missing", "rhi")
MISSING_NOTICE_WITHIN = dt.timedelta(hours=24)
RHI_NOTICE_WITHIN = dt.timedelta(hours=24)
STATUSES = ("done", "done_late", "overdue", "due")

#: Episode property (export column) that records each notification.
COLUMN = {(about, role): f"{role}_notified_at" if about == "missing"
          else f"{role}_rhi_notified_at" for about in ABOUT for role in BODY_ROLES}


def required(episode: EpisodeView, as_of: dt.datetime) -> list[dict[str, Any]]:
    """The notifications ``episode`` needs, known at ``as_of``, each with its ``due_at``."""
    if not episode.out_of_area or episode.reported_missing_at > as_of:
        return []
    bodies = [("responsible_la", episode.responsible_la)]
    if episode.other_authority:
        bodies.append(("host_la", episode.host_la))
    if episode.other_force:
        bodies.append(("home_force", episode.home_force))
    due = {"missing": episode.reported_missing_at + MISSING_NOTICE_WITHIN}
    returned = episode.returned_by(as_of)
    if returned is not None:
        completed = episode.rhi_completed_at
        basis = completed if completed is not None and completed <= as_of else None
        due["rhi"] = (basis or returned + STANDARD) + RHI_NOTICE_WITHIN
    return [
        {"episode_id": episode.episode_id, "child_id": episode.child_id, "about": about,
         "body_role": role, "body": body, "due_at": when}
        for about, when in due.items() for role, body in bodies
    ]


def recorded(episode: EpisodeView, records: Iterable[Mapping[str, Any]],
             notes: Iterable[Mapping[str, Any]] = ()) -> dict[tuple[str, str], dict[str, Any]]:
    """The earliest recorded notification per ``(about, body_role)`` for ``episode``, from
    the three sources in the module docstring, each with ``notified_at`` and ``source``."""
    found: dict[tuple[str, str], dict[str, Any]] = {}

    def offer(key: tuple[str, str], when: dt.datetime | None, source: str,
              by: str | None = None) -> None:
        if when is not None and (key not in found or when < found[key]["notified_at"]):
            found[key] = {"notified_at": when, "source": source, "recorded_by": by}

    for row in records:
        if row.get("episode_id") == episode.episode_id:
            offer((str(row["about"]), str(row["body_role"])), parse_moment(row["notified_at"]),
                  "recorded", row.get("recorded_by"))
    for (about, role), column in COLUMN.items():
        offer((about, role), parse_moment(episode.props.get(column)), "episode record")
    for note in notes:
        fields = note.get("fields") or {}
        if fields.get("episode_id") != episode.episode_id:
            continue
        agency = str(note.get("agency") or fields.get("agency") or "").casefold()
        when = parse_moment(fields.get("interview_at") or note.get("date"))
        for role in ("responsible_la", "host_la"):
            body = getattr(episode, role)
            if agency and body and body.casefold() in agency:
                offer(("rhi", role), when, "RHI note by that authority")
    return found


def status(episode: EpisodeView, as_of: dt.datetime, records: Iterable[Mapping[str, Any]],
           notes: Iterable[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """Each required notification of ``episode`` with its status at ``as_of``: ``done`` (by
    the deadline), ``done_late``, ``overdue`` (not recorded, deadline passed) or ``due``."""
    done = recorded(episode, records, notes)
    rows = []
    for need in required(episode, as_of):
        hit = done.get((need["about"], need["body_role"]))
        if hit is not None and hit["notified_at"] > as_of:
            hit = None
        if hit is not None:
            state = "done" if hit["notified_at"] <= need["due_at"] else "done_late"
        else:
            state = "overdue" if as_of > need["due_at"] else "due"
        rows.append({
            **need,
            "child_name": episode.child_name,
            "due_at": need["due_at"].isoformat(timespec="minutes"),
            "status": state,
            "notified_at": hit["notified_at"].isoformat(timespec="minutes") if hit else None,
            "source": hit["source"] if hit else None,
        })
    return rows


class ByEpisode:
    """Notification records and RHI notes grouped by episode once, for the status of many
    episodes: :func:`recorded` scans what it is given, so giving it every record for every
    episode made a pack's notification table quadratic."""

    def __init__(self, records: Iterable[Mapping[str, Any]],
                 notes: Iterable[Mapping[str, Any]] = ()) -> None:
        self.records: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
        self.notes: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
        for row in records:
            self.records[row.get("episode_id")].append(row)
        for note in notes:
            self.notes[(note.get("fields") or {}).get("episode_id")].append(note)

    def status(self, episode: EpisodeView, as_of: dt.datetime) -> list[dict[str, Any]]:
        """:func:`status` of ``episode`` over its own records and notes."""
        return status(episode, as_of, self.records.get(episode.episode_id, ()),
                      self.notes.get(episode.episode_id, ()))


def child_summary(episodes: Iterable[EpisodeView], rows: Iterable[Mapping[str, Any]]
                  ) -> list[dict[str, Any]]:
    """One row per out-of-area child: authorities, forces and counts of notifications by
    status (``rows`` from :func:`status`)."""
    by_child: dict[str, dict[str, Any]] = {}
    latest: dict[str, EpisodeView] = {}
    for episode in episodes:
        if episode.out_of_area:
            latest[episode.child_id] = episode
    for child_id, episode in latest.items():
        by_child[child_id] = {
            "child_id": child_id, "child_name": episode.child_name,
            "responsible_la": episode.responsible_la, "host_la": episode.living_in,
            "home_force": episode.home_force, "host_force": episode.policed_by,
            "episode_ids": [], **{s: 0 for s in STATUSES},
        }
    for row in rows:
        entry = by_child.get(str(row["child_id"]))
        if entry is None:
            continue
        if row["episode_id"] not in entry["episode_ids"]:
            entry["episode_ids"].append(row["episode_id"])
        entry[row["status"]] += 1
    return sorted(by_child.values(), key=lambda r: (-r["overdue"], r["child_id"]))
