"""The weekly missing meeting pack for one ISO week, judged as of a moment.

What it holds (issue 7, point 1, and issue 11, point 4):

- every episode reported in the week (Monday 00:00 to Sunday 24:00), with its child, risk,
  times, hours missing, where from, where found, the child's episodes in the last 90 days,
  group and RHI status;
- repeat-missing children: children reported this week with at least ``repeat_threshold``
  episodes reported in the 90 days to the end of the week;
- children still missing at ``as_of``, whenever they were reported;
- the RHI clock for this week's episodes and for any earlier episode still due or overdue;
  RHI indicators for this week's episodes as rates of episodes and of children, by group;
- out-of-area children of this week, and every notification of this week's episodes plus any
  earlier one still overdue;
- hotspots of the week against the week before, and what was first seen this week;
- actions open at ``as_of`` (carried forward until closed), actions closed this week, RHI
  recommendations of the week's notes not yet tracked as actions, and recommendations made
  for the same child in more than one note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.meetings import actions as tracked
from graph.meetings import analyses
from graph.meetings import notifications as notices
from graph.meetings.common import (
    ACTION_COLUMNS,
    CLOSED_COLUMNS,
    EPISODE_COLUMNS,
    HOTSPOT_COLUMNS,
    NOTIFICATION_COLUMNS,
    OUT_OF_AREA_COLUMNS,
    RECOMMENDATION_COLUMNS,
    RHI_COLUMNS,
    episode_row,
    hotspots_with_trend,
    indicator_sections,
    notification_rows,
    rhi_row,
)
from graph.meetings.episodes import (
    LOOKBACK,
    REPEAT_THRESHOLD,
    EpisodeView,
    ReportTimes,
    infer_area,
    repeat_missing,
    reported_in,
    still_missing,
)
from graph.meetings.periods import Period
from graph.meetings.rhi import rhi_status
from graph.meetings.sections import column, pack, table


@dataclass(frozen=True)
class WeeklyInputs:
    """Everything the weekly pack reads, as plain rows (see :mod:`graph.meetings.load`)."""

    episodes: Sequence[EpisodeView]
    rhi_notes: Sequence[Mapping[str, Any]] = ()
    actions: Sequence[Mapping[str, Any]] = ()
    notifications: Sequence[Mapping[str, Any]] = ()
    hotspots: Sequence[Mapping[str, Any]] = ()           # Location activity in the week
    hotspots_before: Sequence[Mapping[str, Any]] = ()    # ... in the week before
    activity_to_end: Sequence[Mapping[str, Any]] = ()    # activity up to the week's end
    withheld: Sequence[str] = field(default_factory=tuple)  # notes on filtered facts
    #: The authorities the records are kept for, when read apart from ``episodes`` (which
    #: may then hold only what the pack can show); ``None``: inferred from ``episodes``.
    area: frozenset[str] | None = None


NEW_COLUMNS = (
    column("type", "Type"),
    column("label", "What", "identifier"),
    column("first_seen", "First seen", "when"),
    column("children", "Children", "number"),
    column("child_ids", "Children linked", "children"),
)
REPEAT_COLUMNS = (
    column("child_id", "Child", "child"),
    column("child_name", "Name", "child_name"),
    column("episodes", "Episodes in 90 days", "number"),
    column("episode_ids", "Episodes", "references"),
    column("first_reported", "First", "when"),
    column("last_reported", "Latest", "when"),
)
MISSING_COLUMNS = (
    column("episode_id", "Episode", "reference"),
    column("child_id", "Child", "child"),
    column("child_name", "Name", "child_name"),
    column("risk_level", "Risk"),
    column("reported_missing_at", "Reported missing", "when"),
    column("hours_missing", "Hours missing so far", "number"),
    column("missing_from", "Missing from", "address"),
    column("category", "Group"),
)


def weekly_pack(inputs: WeeklyInputs, week: Period, as_of: dt.datetime, *,
                area: frozenset[str] | None = None,
                repeat_threshold: int = REPEAT_THRESHOLD) -> dict[str, Any]:
    """The weekly missing meeting pack for ``week`` as known at ``as_of``."""
    everyone = list(inputs.episodes)
    area = area or inputs.area or infer_area(everyone)
    this_week = [e for e in reported_in(everyone, week.start, week.end)
                 if e.reported_missing_at <= as_of]
    reports = ReportTimes(everyone)
    rows = [episode_row(e, reports, as_of, area) for e in this_week]
    children = {e.child_id for e in this_week}

    repeat = [r for r in repeat_missing(everyone, week.end - LOOKBACK, week.end,
                                        repeat_threshold) if r["child_id"] in children]
    missing = still_missing(everyone, as_of)
    missing_rows = [{**episode_row(e, reports, as_of, area),
                     "hours_missing": e.hours_missing(as_of)} for e in missing]

    week_ids = {e.episode_id for e in this_week}
    clock = [rhi_status(e, as_of)["status"] for e in everyone]  # once per episode
    earlier_open = [e for e, status in zip(everyone, clock, strict=True)
                    if e.episode_id not in week_ids and status in ("due", "overdue")]
    rhi_rows = [rhi_row(e, as_of) for e in [*this_week, *earlier_open]]
    overdue = clock.count("overdue")

    notes = list(inputs.rhi_notes)
    week_notices = notification_rows(this_week, as_of, inputs.notifications, notes)
    earlier_notices = [r for r in notification_rows(
        [e for e in everyone if e.episode_id not in week_ids and e.out_of_area],
        as_of, inputs.notifications, notes) if r["status"] == "overdue"]
    by_episode = notices.ByEpisode(inputs.notifications, notes)
    raw_notices = [n for e in this_week for n in by_episode.status(e, as_of)]
    out_of_area = notices.child_summary(this_week, raw_notices)

    hotspots = hotspots_with_trend(inputs.hotspots, inputs.hotspots_before)
    new = [{**r, "child_ids": [c["child_id"] for c in r.get("children_linked") or []]}
           for r in analyses.new_since(inputs.activity_to_end, week.first.isoformat())]

    open_actions = tracked.outstanding(inputs.actions, as_of)
    closed = tracked.closed_between(inputs.actions, week.start, min(week.end, as_of))
    week_notes = [n for n in notes if week.contains(_day(n.get("date")))]
    recs = tracked.recommendations(week_notes)
    untracked = tracked.untracked(recs, inputs.actions)
    # Only this week's children's notes can give a row (a recommendation is its note's child's).
    repeated = tracked.repeated(tracked.recommendations(
        n for n in notes if str(n.get("child_id")) in children))

    sections = [
        table("episodes", f"Episodes reported in {week.label}", EPISODE_COLUMNS, rows,
              note="Hours missing run to the pack's as-of time while a child is still "
                   "missing. Episodes in 90 days counts the child's episodes reported in "
                   "the 90 days up to each report, that one included."),
        table("repeat_missing", "Repeat-missing children", REPEAT_COLUMNS, repeat,
              note=f"Children reported this week with {repeat_threshold} or more episodes "
                   f"reported in the 90 days to the end of the week."),
        table("still_missing", "Children still missing", MISSING_COLUMNS, missing_rows,
              note="Every episode open at the as-of time, whenever it was reported."),
        table("rhi", "Return home interviews: the 72-hour clock", RHI_COLUMNS, rhi_rows,
              note="This week's episodes, then earlier episodes whose RHI is still due or "
                   "overdue. The clock runs from return to interview; exactly 72 hours is "
                   "in time."),
        *indicator_sections(this_week, as_of, area,
                            "For the episodes reported this week, judged at the as-of time."),
        table("out_of_area", "Out-of-area children and their notifications",
              OUT_OF_AREA_COLUMNS, out_of_area,
              note="Children living outside their responsible authority's area (or force) "
                   "who were reported missing this week."),
        table("notifications", "Notifications needed", NOTIFICATION_COLUMNS,
              [*week_notices, *earlier_notices],
              note="Of the missing episode (due 24 h after the report) and of the RHI (due "
                   "24 h after the interview, or after the 72-hour deadline when none took "
                   "place), to the responsible LA, the host LA and the home force. Earlier "
                   "episodes appear while a notification is overdue."),
        table("hotspots", "Hotspots this week", HOTSPOT_COLUMNS, hotspots,
              children_key="children",
              note="Places by distinct children linked this week, against the week before; "
                   "placement addresses left out."),
        table("new", "New since last week", NEW_COLUMNS, new, sensitive=True,
              note="Adults of concern, places, vehicles, phones and handles first seen this "
                   "week and linked to a child."),
        table("actions", "Actions outstanding", ACTION_COLUMNS, open_actions,
              note="Open at the as-of time, carried forward from earlier meetings until "
                   "closed; overdue first."),
        table("actions_closed", "Actions closed this week", CLOSED_COLUMNS, closed),
        table("recommendations", "RHI recommendations not yet tracked as actions",
              RECOMMENDATION_COLUMNS, untracked,
              note="From this week's RHI notes; `rhigraph actions import-rhi` records them "
                   "as actions with an owner and due date."),
        table("recommendations_repeated", "Recommendations made again and again",
              (column("child_id", "Child", "child"), column("text", "Recommendation", "text"),
               column("notes", "Notes", "number"), column("first_made", "First", "when"),
               column("last_made", "Latest", "when")), repeated,
              note="The same recommendation for a child of this week in more than one note."),
    ]
    headline = [
        ("Episodes reported", len(this_week)),
        ("Children reported missing", len(children)),
        ("High-risk episodes", sum(e.risk_level == "high" for e in this_week)),
        ("Repeat-missing children", len(repeat)),
        ("Children still missing", len({e.child_id for e in missing})),
        ("RHIs overdue now", overdue),
        ("Out-of-area children", len(out_of_area)),
        ("Notifications overdue", sum(r["status"] == "overdue"
                                      for r in [*week_notices, *earlier_notices])),
        ("Actions outstanding", len(open_actions)),
        ("Actions overdue", sum(a["overdue"] for a in open_actions)),
    ]
    return pack("weekly", f"Weekly missing meeting: {week.label}",
                period={"label": week.label, "first": week.first, "last": week.last},
                as_of=as_of, headline=headline, sections=sections,
                notes=[f"Area: {', '.join(sorted(area))}.", *inputs.withheld])


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
