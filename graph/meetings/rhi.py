"""The 72-hour clock of return home interviews, and RHI indicators as rates.

The 2014 statutory guidance on children who run away or go missing from home or care says
an RHI should take place within 72 hours of the child's return. The clock runs from
``returned_at`` to ``rhi_completed_at`` (FORMATS.md section 1); an interview at exactly 72
hours is in time.

Every status is judged *as of* a moment, so a pack made for last week shows what was known
then: a return or an interview recorded after ``as_of`` has not happened yet. Outcomes without
a date (declined, unable to contact...) are taken as recorded.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from graph.meetings.episodes import CATEGORIES, EpisodeView, category

STANDARD = dt.timedelta(hours=72)

#: Statuses, in the order a meeting reads them.
STATUSES = (
    "still_missing",      # the clock has not started
    "due",                # returned, no interview or outcome yet, inside 72 hours
    "overdue",            # returned, no interview or outcome, past 72 hours: chase now
    "done_in_time",       # interview within 72 hours of return
    "done_late",          # interview after 72 hours
    "done_before_return", # interview recorded before the return: a record to correct
    "done_time_unknown",  # outcome "completed" with no interview date: a record to correct
    "not_done",           # a recorded reason it did not happen (declined, no contact...)
)
STATUS_LABELS = {
    "still_missing": "Still missing",
    "due": "Due (inside 72 h)",
    "overdue": "Overdue now",
    "done_in_time": "Done in time",
    "done_late": "Done late",
    "done_before_return": "Check record: RHI before return",
    "done_time_unknown": "Check record: completed, no date",
    "not_done": "Not done",
}
DONE = frozenset({"done_in_time", "done_late", "done_before_return", "done_time_unknown"})
#: Outcomes meaning the offer did not reach the child or was refused (not "accepted").
NOT_ACCEPTED = frozenset({"declined_by_child", "declined_by_parent", "unable_to_contact",
                          "not_offered"})


def _known(moment: dt.datetime | None, as_of: dt.datetime) -> dt.datetime | None:
    return moment if moment is not None and moment <= as_of else None


def rhi_status(episode: EpisodeView, as_of: dt.datetime) -> dict[str, Any]:
    """The episode's RHI status at ``as_of``: ``status`` (one of :data:`STATUSES`),
    ``deadline`` (return + 72 h), ``hours_to_rhi`` (return to interview), ``hours_overdue``
    and ``reason`` (the recorded outcome when not done)."""
    returned = episode.returned_by(as_of)
    completed = _known(episode.rhi_completed_at, as_of)
    outcome = episode.rhi_outcome
    row: dict[str, Any] = {"status": "still_missing", "deadline": None, "hours_to_rhi": None,
                           "hours_overdue": None, "reason": None}
    if returned is None:
        return row
    deadline = returned + STANDARD
    row["deadline"] = deadline.isoformat(timespec="minutes")
    if completed is not None:
        hours = round((completed - returned).total_seconds() / 3600, 1)
        row["hours_to_rhi"] = hours
        if completed < returned:
            row["status"] = "done_before_return"
        else:
            row["status"] = "done_in_time" if completed - returned <= STANDARD else "done_late"
        return row
    if outcome == "completed" and episode.rhi_completed_at is None:
        row["status"] = "done_time_unknown"
        return row
    if outcome and outcome != "completed":
        row["status"], row["reason"] = "not_done", outcome
        return row
    if as_of > deadline:
        row["status"] = "overdue"
        row["hours_overdue"] = round((as_of - deadline).total_seconds() / 3600, 1)
    else:
        row["status"] = "due"
    return row


def offered(episode: EpisodeView, as_of: dt.datetime) -> bool:
    """An RHI was offered by ``as_of`` (an interview that took place was offered, even when
    the export leaves the offer date blank)."""
    return (_known(episode.rhi_offered_at, as_of) is not None
            or _known(episode.rhi_completed_at, as_of) is not None
            or (episode.rhi_outcome == "completed" and episode.rhi_completed_at is None))


def accepted(episode: EpisodeView, as_of: dt.datetime) -> bool:
    """An offer that reached the child and was not refused: offered, and the outcome is not
    declined (by child or parent), unable to contact or not offered. It includes interviews
    that then could not happen because the child went missing again, was in custody or moved."""
    return offered(episode, as_of) and episode.rhi_outcome not in NOT_ACCEPTED


def indicators(episodes: Iterable[EpisodeView], as_of: dt.datetime) -> dict[str, Any]:
    """RHI figures for ``episodes`` at ``as_of``, counted as episodes and as children.

    The denominator of every rate is the episodes (or children) that had returned by
    ``as_of``, because an interview is owed only after a return. A child counts once in a
    "children" figure when any of their returned episodes qualifies; ``within_72h`` for
    children means at least one interview in time.
    """
    all_episodes = list(episodes)
    returned = [e for e in all_episodes if e.returned_by(as_of) is not None]
    statuses = {e.episode_id: rhi_status(e, as_of)["status"] for e in returned}
    tests = {
        "offered": lambda e: offered(e, as_of),
        "accepted": lambda e: accepted(e, as_of),
        "completed": lambda e: statuses[e.episode_id] in DONE,
        "within_72h": lambda e: statuses[e.episode_id] == "done_in_time",
    }
    result: dict[str, Any] = {
        "episodes": len(all_episodes),
        "children": len({e.child_id for e in all_episodes}),
        "returned_episodes": len(returned),
        "returned_children": len({e.child_id for e in returned}),
        "still_missing": len(all_episodes) - len(returned),
    }
    for name, test in tests.items():
        hits = [e for e in returned if test(e)]
        children = len({e.child_id for e in hits})
        result[name] = {
            "episodes": len(hits),
            "episode_rate": _rate(len(hits), len(returned)),
            "children": children,
            "child_rate": _rate(children, result["returned_children"]),
        }
    reasons = Counter(_reason(statuses[e.episode_id], e) for e in returned
                      if statuses[e.episode_id] not in DONE)
    result["not_completed_reasons"] = dict(sorted(reasons.items(), key=lambda kv: (-kv[1],
                                                                                  kv[0])))
    result["statuses"] = dict(Counter(statuses.values()))
    return result


def _reason(status: str, episode: EpisodeView) -> str:
    if status == "not_done":
        return str(episode.rhi_outcome)
    return "no outcome yet (inside 72 h)" if status == "due" else "no outcome recorded (overdue)"


def _rate(part: int, whole: int) -> float | None:
    """A percentage to one decimal place, or ``None`` when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def indicators_by_category(episodes: Iterable[EpisodeView], as_of: dt.datetime,
                           area: frozenset[str]) -> dict[str, dict[str, Any]]:
    """:func:`indicators` for each of the four groups (and ``not_recorded`` when any).

    A child whose episodes fall in two groups (moved placement) counts in both, so children
    across groups can add up to more than the children overall; episodes always add up.
    """
    grouped: dict[str, list[EpisodeView]] = {c: [] for c in CATEGORIES}
    for episode in episodes:
        grouped[category(episode, area)].append(episode)
    return {name: indicators(rows, as_of) for name, rows in grouped.items()
            if rows or name != "not_recorded"}


def overdue_now(episodes: Iterable[EpisodeView], as_of: dt.datetime) -> list[EpisodeView]:
    """Returned episodes with neither an interview nor a recorded outcome, past 72 hours at
    ``as_of``: the ones to chase before the meeting ends."""
    rows = [e for e in episodes if rhi_status(e, as_of)["status"] == "overdue"]
    rows.sort(key=lambda e: (e.returned_at or e.reported_missing_at, e.episode_id))
    return rows


def providers(notes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Who carried out a child's RHIs, from the notes (agency and interviewer), most recent
    first: the "named RHI provider" a placing or host authority needs to contact."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for note in notes:
        fields = note.get("fields") or {}
        agency = note.get("agency") or fields.get("agency") or "agency not recorded"
        worker = fields.get("interviewer") or note.get("submitted_by") or "not recorded"
        key = (str(agency), str(worker))
        when = str(fields.get("interview_at") or note.get("date") or "")
        entry = seen.setdefault(key, {"agency": key[0], "interviewer": key[1], "rhis": 0,
                                      "last_rhi": when})
        entry["rhis"] += 1
        entry["last_rhi"] = max(entry["last_rhi"], when)
    return sorted(seen.values(), key=lambda r: (r["last_rhi"], r["rhis"]), reverse=True)
