"""The police missing-episode export and the placements list, in FORMATS.md sections 1 and 2.

Headers are the canonical ones and dates are UK day-first (``dd/mm/YYYY HH:MM``), as agencies
export them; blank cells mean "not yet" (a child still missing, an RHI not done).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable
from pathlib import Path

from ingest.tabular import NOTIFICATION_COLUMNS

from .model import Child, Episode

EPISODE_HEADERS = (
    "episode_id", "child_id", "child_name", "dob", "gender", "reported_missing_at",
    "returned_at", "missing_from", "found_at", "risk_level", "looked_after", "responsible_la",
    "host_la", "home_force", "host_force", "rhi_offered_at", "rhi_completed_at", "rhi_outcome",
) + NOTIFICATION_COLUMNS  # fmt: skip
PLACEMENT_HEADERS = (
    "child_id", "placement_id", "placement_type", "address", "start", "end", "responsible_la",
    "host_la", "host_force",
)  # fmt: skip


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ""


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


#: How often a body that must be told is told in time, late, or not at all (recorded). Local
#: audits find the host authority and the home force the ones most often left out.
_TOLD = {"responsible_la": (80, 10, 10), "host_la": (55, 20, 25), "home_force": (50, 20, 30)}


def notifications(episode: Episode, until: dt.datetime) -> dict[str, str]:
    """When each body that must be told of ``episode`` (an out-of-area child's) was told of
    the missing episode and of its RHI, as the optional export columns; some never are.

    A random stream of its own per episode, so adding these columns leaves every other
    choice of the scenario unchanged; nothing is dated at or after ``until`` (the scenario's
    end), as no export can record the future.
    """
    child = episode.child
    other_force = child.host.force != child.responsible.force
    bodies = [body for body, owed in (("responsible_la", child.out_of_area or other_force),
                                      ("host_la", child.out_of_area),
                                      ("home_force", other_force)) if owed]
    rng = random.Random(f"notifications-{episode.id}-{episode.reported.isoformat()}")
    about = {"": episode.reported}
    if episode.returned is not None:
        about["rhi_"] = episode.completed or episode.returned + dt.timedelta(hours=72)
    told: dict[str, str] = {}
    for prefix, basis in about.items():
        for body in bodies:
            kind = rng.choices(("in_time", "late", "never"), _TOLD[body])[0]
            if kind == "never":
                continue
            hours = rng.uniform(0.5, 20) if kind == "in_time" else rng.uniform(26, 96)
            moment = (basis + dt.timedelta(hours=hours)).replace(second=0, microsecond=0)
            if moment < until:
                told[f"{body}_{prefix}notified_at"] = _when(moment)
    return told


def episode_row(episode: Episode, until: dt.datetime) -> list[str]:
    child = episode.child
    home_force = child.responsible.force
    host_force = child.host.force if child.host.force != home_force else ""
    told = notifications(episode, until)
    return [
        episode.id, child.id, child.full, _day(child.dob), child.gender,
        _when(episode.reported), _when(episode.returned), episode.missing_from, episode.found_at,
        episode.risk, "Y" if child.looked_after else "N", child.responsible.name,
        child.host.name if child.out_of_area else "", home_force, host_force,
        _when(episode.offered), _when(episode.completed), episode.outcome,
        *(told.get(column, "") for column in NOTIFICATION_COLUMNS),
    ]  # fmt: skip


def write_episodes(path: Path, episodes: Iterable[Episode], until: dt.datetime) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EPISODE_HEADERS)
        for episode in episodes:
            writer.writerow(episode_row(episode, until))


def write_placements(path: Path, children: Iterable[Child]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PLACEMENT_HEADERS)
        for child in children:
            for p in child.placements:
                writer.writerow(
                    [
                        child.id,
                        p.id,
                        p.type,
                        p.address,
                        _day(p.start),
                        _day(p.end),
                        p.responsible_la,
                        p.host_la,
                        p.host_force,
                    ]
                )
