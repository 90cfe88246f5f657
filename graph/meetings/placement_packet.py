"""The placement packet: a child's information, shareable with a placing or host authority.

Children placed out of area are the ones whose RHI notes are least available and whose
history does not follow them (issue 11). The packet gives the receiving authority what it
needs to keep the child safe, and nothing it does not:

- the child's authorities and forces, placement type, and risk (latest police grading,
  highest in the last 90 days);
- missing history, each episode by its episode id, with the RHI status and notifications;
- where the child was found, and how often;
- adults of concern, vehicles, phones, handles and places linked to the child, with how many
  other children each is linked to;
- exploitation indicators read in the records (not negated), open actions, and the named
  RHI provider(s).

Redacted by construction, for any recipient: no document text or snippets; no persons other
than adults of concern; placement addresses are withheld (an episode that began or ended at
a placement says so); facts under handling code C, and facts graded C or 5, are left out when
the loader is given the shareable filters (:func:`graph.meetings.load.shareable_filters`).
A partner version goes further through :mod:`graph.report.redact`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.exc import InvalidValue
from graph.meetings import actions as tracked
from graph.meetings import analyses
from graph.meetings.common import ACTION_COLUMNS, NOTIFICATION_COLUMNS, notification_rows
from graph.meetings.episodes import LOOKBACK, EpisodeView, placement_on
from graph.meetings.rhi import STATUS_LABELS, providers, rhi_status
from graph.meetings.sections import column, pack, table
from graph.types import address

RISK_ORDER = ("no apparent risk", "low", "medium", "high")
WITHHELD = "placement (address withheld)"


@dataclass(frozen=True)
class PacketInputs:
    """Everything a placement packet reads, as plain rows (see :mod:`graph.meetings.load`)."""

    child_id: str
    episodes: Sequence[EpisodeView]                      # the child's episodes
    child: Mapping[str, Any] | None = None               # the Child entity row
    placements: Sequence[Mapping[str, Any]] = ()         # Placement props of the child
    placement_keys: frozenset[str] = frozenset()         # Location keys of their placements
    activity: Sequence[Mapping[str, Any]] = ()           # entity_activity rows, all types
    indicators: Sequence[Mapping[str, Any]] = ()         # the child's indicator rows
    rhi_notes: Sequence[Mapping[str, Any]] = ()          # the child's RHI notes
    actions: Sequence[Mapping[str, Any]] = ()            # the child's actions
    notifications: Sequence[Mapping[str, Any]] = ()      # recorded notifications
    withheld: Sequence[str] = field(default_factory=tuple)


def _key(place: str | None) -> str | None:
    if not place:
        return None
    try:
        return address.parse(place).key
    except InvalidValue:
        return None


def shown_place(place: str | None, placement_keys: frozenset[str]) -> str | None:
    """A place as written, or :data:`WITHHELD` when it is one of the child's placements."""
    key = _key(place)
    return WITHHELD if key is not None and key in placement_keys else place


def _risk_rank(level: str | None) -> int:
    return RISK_ORDER.index(level) if level in RISK_ORDER else -1


def _linked(activity: Sequence[Mapping[str, Any]], child_id: str) -> list[dict[str, Any]]:
    rows = []
    for row in activity:
        ids = [c["child_id"] for c in row.get("children_linked") or []]
        if child_id in ids:
            rows.append({**row, "other_children": len(set(ids) - {child_id})})
    rows.sort(key=lambda r: str(r.get("last_seen") or ""), reverse=True)
    rows.sort(key=lambda r: -r["other_children"])  # stable: most shared, then most recent
    return rows


def placement_packet(inputs: PacketInputs, as_of: dt.datetime) -> dict[str, Any]:
    """The packet for ``inputs.child_id`` as known at ``as_of``."""
    episodes = sorted((e for e in inputs.episodes if e.child_id == inputs.child_id
                       and e.reported_missing_at <= as_of),
                      key=lambda e: (e.reported_missing_at, e.episode_id))
    if not episodes and inputs.child is None:
        raise InvalidValue("no child with that reference in the store")
    latest = episodes[-1] if episodes else None
    recent = [e for e in episodes if e.reported_missing_at >= as_of - LOOKBACK]
    current = placement_on(inputs.placements, as_of.date()) or {}
    props = (inputs.child or {}).get("props") or {}
    name = latest.child_name if latest else (inputs.child or {}).get("label")
    keys = inputs.placement_keys
    record = {
        "child_id": inputs.child_id, "child_name": name, "dob": props.get("dob"),
        "gender": props.get("gender"),
        "looked_after": "yes" if props.get("looked_after") else "no"
        if props.get("looked_after") is False else None,
        "placement_type": current.get("placement_type") or (latest.placement_type
                                                            if latest else None),
        "responsible_la": (latest.responsible_la if latest else None)
        or current.get("responsible_la") or props.get("responsible_la"),
        "host_la": (latest.living_in if latest else None) or current.get("host_la"),
        "home_force": (latest.home_force if latest else None) or props.get("home_force"),
        "host_force": (latest.policed_by if latest else None) or current.get("host_force"),
        "latest_risk": latest.risk_level if latest else None,
        "highest_risk_90d": max((e.risk_level for e in recent), key=_risk_rank, default=None),
        "episodes": len(episodes), "episodes_90d": len(recent),
        "still_missing": "yes" if latest and latest.is_open(as_of) else "no",
    }
    history = [{
        "episode_id": e.episode_id, "reported_missing_at": e.reported_missing_at,
        "returned_at": e.returned_by(as_of) or ("still missing" if e.is_open(as_of) else None),
        "hours_missing": e.hours_missing(as_of), "risk_level": e.risk_level,
        "missing_from": shown_place(e.missing_from, keys),
        "found_at": shown_place(e.found_at, keys),
        "rhi": STATUS_LABELS[rhi_status(e, as_of)["status"]],
        "rhi_completed_at": e.rhi_completed_at if e.rhi_completed_at
        and e.rhi_completed_at <= as_of else None,
    } for e in episodes]
    found = Counter(shown_place(e.found_at, keys) for e in episodes
                    if e.found_at and e.returned_by(as_of))
    last_found = {shown_place(e.found_at, keys): e.returned_at for e in episodes
                  if e.found_at and e.returned_by(as_of)}
    found_rows = [{"place": place, "times": times, "last": last_found[place]}
                  for place, times in found.most_common()]

    linked = _linked(inputs.activity, inputs.child_id)
    adults = [r for r in linked if r["type"] == "Person"
              and analyses.ADULT_OF_CONCERN in (r.get("roles") or [])]
    things = [{**r, "type": "Place" if r["type"] == "Location" else r["type"]}
              for r in linked if (r["type"] in analyses.IDENTIFIER_TYPES)
              or (r["type"] == "Location" and not r.get("is_placement")
                  and _key(str(r["label"])) not in keys)]
    codes = Counter(i["code"] for i in inputs.indicators if not i.get("negated"))
    last_code = {i["code"]: i.get("date") for i in inputs.indicators if not i.get("negated")}
    indicator_rows = [{"code": code, "times": n, "last_seen": last_code[code]}
                      for code, n in codes.most_common()]
    notes = list(inputs.rhi_notes)
    notice_rows = notification_rows(episodes, as_of, inputs.notifications, notes)
    open_actions = tracked.outstanding(inputs.actions, as_of, child_id=inputs.child_id)

    linked_columns = (
        column("label", "Adult of concern", "person"),
        column("other_children", "Other children linked", "number"),
        column("documents", "Records", "number"),
        column("first_seen", "First seen", "when"),
        column("last_seen", "Last seen", "when"),
    )
    sections = [
        table("child", "Child", (
            column("child_id", "Child", "child"), column("child_name", "Name", "child_name"),
            column("dob", "Date of birth", "child_name"), column("gender", "Gender"),
            column("looked_after", "Looked after"), column("placement_type", "Placement type"),
            column("responsible_la", "Responsible LA", "authority"),
            column("host_la", "Lives in (host LA)", "authority"),
            column("home_force", "Home force", "authority"),
            column("host_force", "Host force", "authority"),
            column("latest_risk", "Latest police risk"),
            column("highest_risk_90d", "Highest risk, 90 days"),
            column("episodes", "Episodes", "number"),
            column("episodes_90d", "Episodes, 90 days", "number"),
            column("still_missing", "Missing now"),
        ), [record], record=True),
        table("episodes", "Missing history", (
            column("episode_id", "Episode", "reference"),
            column("reported_missing_at", "Reported missing", "when"),
            column("returned_at", "Returned", "when"),
            column("hours_missing", "Hours missing", "number"),
            column("risk_level", "Risk"),
            column("missing_from", "Missing from", "address"),
            column("found_at", "Found at", "address"),
            column("rhi", "RHI"),
            column("rhi_completed_at", "RHI held", "when"),
        ), history),
        table("found", "Where the child was found", (
            column("place", "Place", "address"), column("times", "Times", "number"),
            column("last", "Last", "when")), found_rows),
        table("adults", "Adults of concern linked to the child", linked_columns, adults,
              sensitive=True),
        table("things", "Vehicles, phones, handles and places linked to the child", (
            column("type", "Type"), column("label", "What", "identifier"),
            column("other_children", "Other children linked", "number"),
            column("documents", "Records", "number"),
            column("first_seen", "First seen", "when"),
            column("last_seen", "Last seen", "when")), things, sensitive=True),
        table("indicators", "Exploitation indicators in the records", (
            column("code", "Indicator"), column("times", "Times", "number"),
            column("last_seen", "Last seen", "when")), indicator_rows,
              note="Indicators read in notes and forms, not counting those the record "
                   "negates (\"denied being offered drugs\")."),
        table("notifications", "Notifications", NOTIFICATION_COLUMNS, notice_rows),
        table("actions", "Open actions", ACTION_COLUMNS, open_actions),
        table("providers", "RHI provider", (
            column("agency", "Agency", "authority"), column("interviewer", "Worker", "person"),
            column("rhis", "RHIs", "number"), column("last_rhi", "Latest", "when")),
              providers(notes), empty="No RHI note on record."),
    ]
    headline = [
        ("Episodes", len(episodes)),
        ("Episodes in the last 90 days", len(recent)),
        ("Latest risk", record["latest_risk"]),
        ("Adults of concern linked", len(adults)),
        ("Notifications overdue", sum(r["status"] == "overdue" for r in notice_rows)),
        ("Open actions", len(open_actions)),
    ]
    return pack("placement_packet", f"Placement packet: {inputs.child_id}", period=None,
                as_of=as_of, headline=headline, sections=sections,
                notes=["Shareable summary: no document text, no persons other than adults "
                       "of concern, placement addresses withheld.", *inputs.withheld])
