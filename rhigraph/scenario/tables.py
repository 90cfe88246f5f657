"""The police missing-episode export and the placements list, in FORMATS.md sections 1 and 2.

Headers are the canonical ones and dates are UK day-first (``dd/mm/YYYY HH:MM``), as agencies
export them; blank cells mean "not yet" (a child still missing, an RHI not done).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from .model import Child, Episode

EPISODE_HEADERS = (
    "episode_id", "child_id", "child_name", "dob", "gender", "reported_missing_at",
    "returned_at", "missing_from", "found_at", "risk_level", "looked_after", "responsible_la",
    "host_la", "home_force", "host_force", "rhi_offered_at", "rhi_completed_at", "rhi_outcome",
)  # fmt: skip
PLACEMENT_HEADERS = (
    "child_id", "placement_id", "placement_type", "address", "start", "end", "responsible_la",
    "host_la", "host_force",
)  # fmt: skip


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ""


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def episode_row(episode: Episode) -> list[str]:
    child = episode.child
    home_force = child.responsible.force
    host_force = child.host.force if child.host.force != home_force else ""
    return [
        episode.id, child.id, child.full, _day(child.dob), child.gender,
        _when(episode.reported), _when(episode.returned), episode.missing_from, episode.found_at,
        episode.risk, "Y" if child.looked_after else "N", child.responsible.name,
        child.host.name if child.out_of_area else "", home_force, host_force,
        _when(episode.offered), _when(episode.completed), episode.outcome,
    ]  # fmt: skip


def write_episodes(path: Path, episodes: Iterable[Episode]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EPISODE_HEADERS)
        for episode in episodes:
            writer.writerow(episode_row(episode))


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
