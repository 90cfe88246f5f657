"""Rows and sections more than one pack shows: episode lines, RHI indicators, hotspots with
trend, notifications and actions. Kept here so a figure means the same in every pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph.analysis.hotspots import rank_hotspots
from graph.meetings import notifications as notices
from graph.meetings.episodes import (
    CATEGORY_LABELS,
    EpisodeView,
    ReportTimes,
    category,
)
from graph.meetings.rhi import STATUS_LABELS, indicators, indicators_by_category, rhi_status
from graph.meetings.sections import column, table

EPISODE_COLUMNS = (
    column("episode_id", "Episode", "reference"),
    column("child_id", "Child", "child"),
    column("child_name", "Name", "child_name"),
    column("risk_level", "Risk"),
    column("reported_missing_at", "Reported missing", "when"),
    column("returned_at", "Returned", "when"),
    column("hours_missing", "Hours missing", "number"),
    column("missing_from", "Missing from", "address"),
    column("found_at", "Found at", "address"),
    column("episodes_90d", "Episodes in 90 days", "number"),
    column("category", "Group"),
    column("rhi", "RHI"),
)


def episode_row(episode: EpisodeView, reports: ReportTimes, as_of: dt.datetime,
                area: frozenset[str]) -> dict[str, Any]:
    """One episode as a meeting reads it. ``hours_missing`` runs to ``as_of`` while the child
    is still missing; ``episodes_90d`` counts the child's episodes reported in the 90 days
    up to this one's report, this one included (``reports``: every episode of the child,
    grouped once per pack)."""
    status = rhi_status(episode, as_of)
    return {
        "episode_id": episode.episode_id, "child_id": episode.child_id,
        "child_name": episode.child_name, "risk_level": episode.risk_level,
        "reported_missing_at": episode.reported_missing_at,
        "returned_at": episode.returned_by(as_of) or ("still missing"
                                                      if episode.is_open(as_of) else None),
        "hours_missing": episode.hours_missing(as_of),
        "missing_from": episode.missing_from, "found_at": episode.found_at,
        "episodes_90d": reports.count(episode.child_id, episode.reported_missing_at),
        "category": CATEGORY_LABELS[category(episode, area)],
        "rhi": STATUS_LABELS[status["status"]] + (f": {status['reason']}"
                                                  if status["reason"] else ""),
    }


RHI_COLUMNS = (
    column("episode_id", "Episode", "reference"),
    column("child_id", "Child", "child"),
    column("child_name", "Name", "child_name"),
    column("returned_at", "Returned", "when"),
    column("deadline", "72 h deadline", "when"),
    column("status", "Status"),
    column("hours_to_rhi", "Hours to RHI", "number"),
    column("hours_overdue", "Hours overdue", "number"),
    column("reason", "Reason not done"),
)


def rhi_row(episode: EpisodeView, as_of: dt.datetime) -> dict[str, Any]:
    status = rhi_status(episode, as_of)
    return {"episode_id": episode.episode_id, "child_id": episode.child_id,
            "child_name": episode.child_name, "returned_at": episode.returned_by(as_of),
            **status, "status": STATUS_LABELS[status["status"]]}


MEASURES = (("offered", "Offered"), ("accepted", "Accepted"), ("completed", "Completed"),
            ("within_72h", "Within 72 hours"))


def indicator_sections(episodes: Sequence[EpisodeView], as_of: dt.datetime,
                       area: frozenset[str], note: str) -> list[dict[str, Any]]:
    """RHI indicators (all, then each group) and the reasons RHIs were not completed."""
    overall = indicators(episodes, as_of)
    groups = [("All", overall)] + [
        (CATEGORY_LABELS[name], figures)
        for name, figures in indicators_by_category(episodes, as_of, area).items()
    ]
    rows = []
    for group, figures in groups:
        rows.append({"group": group, "measure": "Episodes / children",
                     "episodes": figures["episodes"], "episode_rate": None,
                     "children": figures["children"], "child_rate": None})
        rows.append({"group": group, "measure": "Returned (RHI owed)",
                     "episodes": figures["returned_episodes"], "episode_rate": None,
                     "children": figures["returned_children"], "child_rate": None})
        for key, label in MEASURES:
            rows.append({"group": group, "measure": label, **figures[key]})
    columns = (column("group", "Group"), column("measure", "Measure"),
               column("episodes", "Episodes", "number"),
               column("episode_rate", "% of returned episodes", "number"),
               column("children", "Children", "number"),
               column("child_rate", "% of returned children", "number"))
    reasons = [{"reason": reason, "episodes": count}
               for reason, count in overall["not_completed_reasons"].items()]
    return [
        table("rhi_indicators", "RHI indicators: episodes and children counted separately",
              columns, rows, note=note),
        table("rhi_reasons", "Reasons RHIs were not completed",
              (column("reason", "Reason"), column("episodes", "Episodes", "number")), reasons,
              note="Returned episodes without a completed RHI, by recorded outcome."),
    ]


HOTSPOT_COLUMNS = (
    column("rank", "Rank", "number"),
    column("label", "Place", "place"),
    column("children", "Children", "number"),
    column("child_ids", "Children linked", "children"),
    column("children_before", "Children, previous period", "number"),
    column("trend", "Trend"),
    column("episodes", "Episodes", "number"),
    column("found_at", "Times found there", "number"),
    column("mentions", "Mentions", "number"),
    column("last_seen", "Last seen", "when"),
    column("why", "Why it ranks"),
)


def hotspots_with_trend(current: Iterable[Mapping[str, Any]],
                        previous: Iterable[Mapping[str, Any]],
                        min_children: int = 1) -> list[dict[str, Any]]:
    """Ranked places of the period with the previous period's distinct children beside them:
    ``new`` (nothing there before), ``up``, ``down`` or ``same``."""
    before = {r["entity_id"]: r["children"] for r in previous}
    rows = rank_hotspots(current, min_children=min_children)
    for row in rows:
        earlier = before.get(row["entity_id"], 0)
        row["children_before"] = earlier
        row["child_ids"] = [c["child_id"] for c in row.get("children_linked") or []]
        row["trend"] = ("new" if earlier == 0 else "up" if row["children"] > earlier
                        else "down" if row["children"] < earlier else "same")
    return rows


NOTIFICATION_COLUMNS = (
    column("episode_id", "Episode", "reference"),
    column("child_id", "Child", "child"),
    column("about", "Of"),
    column("body_role", "Body"),
    column("body", "Name of body", "authority"),
    column("due_at", "Due", "when"),
    column("status", "Status"),
    column("notified_at", "Recorded done", "when"),
    column("source", "Recorded in"),
)
OUT_OF_AREA_COLUMNS = (
    column("child_id", "Child", "child"),
    column("child_name", "Name", "child_name"),
    column("responsible_la", "Responsible LA", "authority"),
    column("host_la", "Lives in (host LA)", "authority"),
    column("home_force", "Home force", "authority"),
    column("host_force", "Host force", "authority"),
    column("episode_ids", "Episodes", "references"),
    column("done", "Done", "number"),
    column("done_late", "Done late", "number"),
    column("overdue", "Overdue", "number"),
    column("due", "Due", "number"),
)


def notification_rows(episodes: Iterable[EpisodeView], as_of: dt.datetime,
                      records: Sequence[Mapping[str, Any]],
                      notes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every required notification of ``episodes`` with its status at ``as_of``."""
    by_episode = notices.ByEpisode(records, notes)
    return labelled([row for episode in episodes for row in by_episode.status(episode, as_of)])


def labelled(statuses: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of :func:`graph.meetings.notifications.status` as a pack's table shows them
    (what and whom in words), for a caller that has the statuses already."""
    return [{**row, "about": "missing episode" if row["about"] == "missing" else "RHI",
             "body_role": notices.BODY_LABELS[row["body_role"]]} for row in statuses]


ACTION_COLUMNS = (
    column("id", "Action", "number"),
    column("child_id", "Child", "child"),
    column("text", "Action", "text"),
    column("owner", "Owner", "person"),
    column("due", "Due", "when"),
    column("overdue", "Overdue"),
    column("days_open", "Days open", "number"),
    column("source", "From"),
    column("meeting", "Meeting"),
)
CLOSED_COLUMNS = (
    column("id", "Action", "number"),
    column("child_id", "Child", "child"),
    column("text", "Action", "text"),
    column("owner", "Owner", "person"),
    column("closed_at", "Closed", "when"),
    column("closure_note", "How closed", "text"),
)
RECOMMENDATION_COLUMNS = (
    column("document_id", "RHI note", "reference"),
    column("child_id", "Child", "child"),
    column("date", "Date", "when"),
    column("text", "Recommendation", "text"),
)
