"""Out-of-area children and their notifications, over every episode rather than one week.

The weekly pack lists the out-of-area children reported that week; a manager also needs the
standing picture: every child living outside their responsible authority's area (or force)
with episodes since a date, how many of the notifications their episodes need are done, done
late, overdue or still due, and each overdue one (issue 11). The rules are those of
:mod:`graph.meetings.notifications`; this module only gathers them into a pack, so the
dashboard, a download and a partner's redacted copy (:mod:`graph.report.redact`) all read the
same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.meetings import notifications as notices
from graph.meetings.common import NOTIFICATION_COLUMNS, OUT_OF_AREA_COLUMNS, labelled
from graph.meetings.episodes import EpisodeView
from graph.meetings.sections import pack, table

#: Notification statuses in the order a manager acts on them.
STATUS_ORDER = ("overdue", "due", "done_late", "done")


@dataclass(frozen=True)
class OutOfAreaInputs:
    """Every episode, the recorded notifications and the RHI notes' metadata."""

    episodes: Sequence[EpisodeView]
    notifications: Sequence[Mapping[str, Any]] = ()
    rhi_notes: Sequence[Mapping[str, Any]] = ()


def out_of_area_pack(inputs: OutOfAreaInputs, as_of: dt.datetime, *,
                     since: dt.date | None = None) -> dict[str, Any]:
    """Out-of-area children with episodes reported on or after ``since`` (all when
    ``None``) and known at ``as_of``, with their notification counts (most overdue first),
    then every notification their episodes need, overdue first."""
    chosen = [e for e in inputs.episodes if e.out_of_area and e.reported_missing_at <= as_of
              and (since is None or e.reported_missing_at.date() >= since)]
    by_episode = notices.ByEpisode(inputs.notifications, inputs.rhi_notes)
    raw = [row for e in chosen for row in by_episode.status(e, as_of)]
    children = notices.child_summary(chosen, raw)
    rows = labelled(raw)
    rows.sort(key=lambda r: (STATUS_ORDER.index(r["status"]), r["due_at"], r["episode_id"]))
    overdue = sum(r["status"] == "overdue" for r in rows)
    window = f"reported since {since.strftime('%d/%m/%Y')}" if since else "reported"
    return pack(
        "out_of_area", "Out-of-area children and their notifications", period=None,
        as_of=as_of,
        headline=[("Out-of-area children", len(children)), ("Episodes", len(chosen)),
                  ("Notifications overdue", overdue),
                  ("Notifications done", sum(r["status"] == "done" for r in rows))],
        sections=[
            table("out_of_area", "Out-of-area children", OUT_OF_AREA_COLUMNS, children,
                  note=f"Children living outside their responsible authority's area (or "
                       f"force) with episodes {window}, most overdue notifications first."),
            table("notifications", "Notifications needed", NOTIFICATION_COLUMNS, rows,
                  note="Of the missing episode (due 24 h after the report) and of the RHI "
                       "(due 24 h after the interview, or after the 72-hour deadline when "
                       "none took place), to the responsible LA, the host LA and the home "
                       "force; overdue first."),
        ])
