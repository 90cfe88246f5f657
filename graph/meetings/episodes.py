"""A typed view of missing episodes, built from the store's Episode, Child and Placement rows.

Why a view of its own: every figure in a pack (durations, repeat missing, the RHI clock,
who must be notified) needs the same few facts per episode, and those facts come from three
records that disagree in places. The police export carries the authorities and forces on
each row, but often leaves ``host_la`` blank; the placements list says where the child was
living at the time. Here each episode gets one answer, and says where it came from:

- ``responsible_la``: the episode row, else the placement current on the day the child was
  reported missing, else the child record;
- ``host_la``: the episode row when it names one, else that placement's ``host_la``; blank
  means the child lives in the responsible authority's own area (FORMATS.md section 1);
- ``home_force``: the episode row, else the child record; ``host_force`` likewise from the
  episode row, else the placement; blank means the same force.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.meetings.periods import parse_moment

#: Look-back of the "episodes in the last 90 days" column and of repeat missing.
LOOKBACK = dt.timedelta(days=90)
#: Children with at least this many episodes in the look-back are "repeat missing": the DfE
#: statistical definition (more than one episode), which truth.json also uses.
REPEAT_THRESHOLD = 2

#: The four groups issue 7 splits every indicator by, plus one for records that say too
#: little to place a child in any of them.
CATEGORIES = ("missing_from_home", "looked_after_in_area", "placed_out_of_area",
              "hosted_from_elsewhere", "not_recorded")
CATEGORY_LABELS = {
    "missing_from_home": "Missing from home",
    "looked_after_in_area": "Looked after in area",
    "placed_out_of_area": "Placed out of area",
    "hosted_from_elsewhere": "Hosted from elsewhere",
    "not_recorded": "Not recorded",
}


@dataclass(frozen=True)
class EpisodeView:
    """One missing episode with the child's details and authorities resolved."""

    episode_id: str
    child_id: str
    child_name: str | None
    reported_missing_at: dt.datetime
    returned_at: dt.datetime | None
    risk_level: str | None
    missing_from: str | None
    found_at: str | None
    looked_after: bool | None
    responsible_la: str | None
    host_la: str | None
    home_force: str | None
    host_force: str | None
    rhi_offered_at: dt.datetime | None
    rhi_completed_at: dt.datetime | None
    rhi_outcome: str | None
    placement_id: str | None = None
    placement_type: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def other_authority(self) -> bool:
        """Living in the area of an authority other than the responsible one."""
        return _differs(self.host_la, self.responsible_la)

    @property
    def other_force(self) -> bool:
        """Living in the area of a police force other than the home force."""
        return _differs(self.host_force, self.home_force)

    @property
    def out_of_area(self) -> bool:
        """Living in another authority's area, or policed by another force, than home."""
        return self.other_authority or self.other_force

    @property
    def living_in(self) -> str | None:
        """The authority whose area the child lives in."""
        return self.host_la or self.responsible_la

    @property
    def policed_by(self) -> str | None:
        """The force whose area the child lives in."""
        return self.host_force or self.home_force

    def returned_by(self, as_of: dt.datetime) -> dt.datetime | None:
        """When the child returned, if that was known at ``as_of``."""
        if self.returned_at is not None and self.returned_at <= as_of:
            return self.returned_at
        return None

    def is_open(self, as_of: dt.datetime) -> bool:
        """Reported by ``as_of`` and not returned by then: the child is still missing."""
        return self.reported_missing_at <= as_of and self.returned_by(as_of) is None

    def hours_missing(self, as_of: dt.datetime) -> float:
        """Hours from report to return, or to ``as_of`` while the child is still missing."""
        end = self.returned_by(as_of) or as_of
        return round(max(0.0, (end - self.reported_missing_at).total_seconds() / 3600), 1)


def _differs(value: str | None, home: str | None) -> bool:
    return bool(value) and (value or "").casefold().strip() != (home or "").casefold().strip()


def _blank(value: Any) -> Any:
    return None if value in (None, "") else value


def child_name(child: Mapping[str, Any] | None) -> str | None:
    """The child's name as first recorded (the entity label), else the latest written."""
    if not child:
        return None
    label, key = child.get("label"), child.get("key")
    if label and label != key:
        return str(label)
    return _blank((child.get("props") or {}).get("name"))


def placement_on(placements: Iterable[Mapping[str, Any]], day: dt.date
                 ) -> Mapping[str, Any] | None:
    """The placement (props) current on ``day``: started by then and not ended before it;
    when several overlap, the one that started last.

    >>> rows = [{"placement_id": "a", "start": "2025-01-01", "end": "2025-06-30"},
    ...         {"placement_id": "b", "start": "2025-07-01"}]
    >>> placement_on(rows, dt.date(2025, 8, 1))["placement_id"]
    'b'
    >>> placement_on(rows, dt.date(2024, 1, 1)) is None
    True
    """
    current = None
    for row in placements:
        start = parse_moment(row.get("start"))
        end = parse_moment(row.get("end"))
        if start is None or start.date() > day or (end is not None and end.date() < day):
            continue
        if current is None or str(row.get("start")) > str(current.get("start")):
            current = row
    return current


def build_episodes(episodes: Iterable[Mapping[str, Any]],
                   children: Iterable[Mapping[str, Any]] = (),
                   placements: Iterable[Mapping[str, Any]] = ()) -> list[EpisodeView]:
    """Episode views from the store's entity rows (``id``, ``key``, ``label``, ``props``),
    ordered by report time then episode id."""
    child_rows = {str((c.get("props") or {}).get("child_id") or c.get("key")): c
                  for c in children}
    by_child: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for placement in placements:
        props = placement.get("props") or {}
        if props.get("child_id"):
            by_child[str(props["child_id"])].append(props)
    views = [_view(e.get("props") or {}, child_rows, by_child) for e in episodes]
    views = [v for v in views if v is not None]
    views.sort(key=lambda v: (v.reported_missing_at, v.episode_id))
    return views


def _view(props: Mapping[str, Any], child_rows: Mapping[str, Mapping[str, Any]],
          by_child: Mapping[str, list[Mapping[str, Any]]]) -> EpisodeView | None:
    reported = parse_moment(props.get("reported_missing_at"))
    if reported is None or not props.get("episode_id") or not props.get("child_id"):
        return None  # ingest never writes such an episode; a hand-made store might
    child_id = str(props["child_id"])
    child = child_rows.get(child_id)
    child_props = (child or {}).get("props") or {}
    placement = placement_on(by_child.get(child_id, []), reported.date()) or {}
    sources: dict[str, str] = {}

    def pick(name: str, *candidates: tuple[str, Mapping[str, Any]]) -> str | None:
        for source, row in candidates:
            value = _blank(row.get(name))
            if value is not None:
                sources[name] = source
                return str(value)
        return None

    looked_after = child_props.get("looked_after")
    if looked_after is None and placement.get("placement_type"):
        looked_after = placement["placement_type"] != "family"
    return EpisodeView(
        episode_id=str(props["episode_id"]),
        child_id=child_id,
        child_name=child_name(child),
        reported_missing_at=reported,
        returned_at=parse_moment(props.get("returned_at")),
        risk_level=_blank(props.get("risk_level")),
        missing_from=_blank(props.get("missing_from")),
        found_at=_blank(props.get("found_at")),
        looked_after=bool(looked_after) if looked_after is not None else None,
        responsible_la=pick("responsible_la", ("episode", props), ("placement", placement),
                            ("child", child_props)),
        host_la=pick("host_la", ("episode", props), ("placement", placement)),
        home_force=pick("home_force", ("episode", props), ("child", child_props)),
        host_force=pick("host_force", ("episode", props), ("placement", placement)),
        rhi_offered_at=parse_moment(props.get("rhi_offered_at")),
        rhi_completed_at=parse_moment(props.get("rhi_completed_at")),
        rhi_outcome=_blank(props.get("rhi_outcome")),
        placement_id=_blank(placement.get("placement_id")),
        placement_type=_blank(placement.get("placement_type")),
        sources=sources,
        props=dict(props),
    )


def infer_area(episodes: Iterable[EpisodeView]) -> frozenset[str]:
    """The authorities the records are kept for, when nobody has said: every authority in
    whose area a child of the records lives (home authorities of children living at home or
    in their own area, host authorities of children placed in).

    Why infer: a police export covers the children living in its force area, so the places
    they live in are the area; a child whose responsible authority is not among them has been
    placed here from elsewhere.
    """
    return frozenset(a for e in episodes if (a := e.living_in))


def area_of(rows: Iterable[Mapping[str, Any]], children: Iterable[Mapping[str, Any]] = (),
            placements: Iterable[Mapping[str, Any]] = ()) -> frozenset[str]:
    """:func:`infer_area` from lean rows (``child``, ``day``, ``host_la``,
    ``responsible_la`` of each episode) and the store's Child and Placement rows, resolving
    each authority as :func:`build_episodes` does, without building every episode's view."""
    placements = list(placements)
    hosted = {str((p.get("props") or {}).get("child_id")) for p in placements
              if _blank((p.get("props") or {}).get("host_la")) is not None}
    found: set[str] = set()
    resolve = []
    for row in rows:
        if _blank(row["host_la"]) is not None:
            found.add(str(row["host_la"]))  # the episode names where the child lives
        elif str(row["child"]) not in hosted and _blank(row["responsible_la"]) is not None:
            found.add(str(row["responsible_la"]))  # no placement can name another area
        else:
            resolve.append({"props": {
                "episode_id": "-", "child_id": row["child"], "reported_missing_at": row["day"],
                "host_la": row["host_la"], "responsible_la": row["responsible_la"]}})
    return frozenset(found) | infer_area(build_episodes(resolve, children, placements))


def category(episode: EpisodeView, area: frozenset[str]) -> str:
    """Which of the four groups of issue 7 the episode falls in.

    - placed out of area: living outside the responsible authority's area, and that
      authority is one of ``area`` (our child, placed elsewhere);
    - hosted from elsewhere: living outside the responsible authority's area, and that
      authority is not one of ``area`` (another authority's child, placed with us);
    - looked after in area: looked after and living in the responsible authority's area;
    - missing from home: not looked after;
    - not recorded: looked-after status unknown and nothing says the child is out of area.
    """
    if episode.out_of_area:
        folded = {a.casefold() for a in area}
        responsible = (episode.responsible_la or "").casefold()
        return "placed_out_of_area" if responsible in folded else "hosted_from_elsewhere"
    if episode.looked_after is True:
        return "looked_after_in_area"
    if episode.looked_after is False:
        return "missing_from_home"
    return "not_recorded"


def reported_in(episodes: Iterable[EpisodeView], start: dt.datetime, end: dt.datetime
                ) -> list[EpisodeView]:
    """Episodes reported at or after ``start`` and before ``end``."""
    return [e for e in episodes if start <= e.reported_missing_at < end]


class ReportTimes:
    """Each child's report times, grouped and sorted once, so that counting a child's
    episodes in a look-back is a binary search rather than a scan of every episode (a pack
    counts them for every row it shows; scanning made the weekly pack quadratic)."""

    def __init__(self, episodes: Iterable[EpisodeView]) -> None:
        grouped: dict[str, list[dt.datetime]] = defaultdict(list)
        for episode in episodes:
            grouped[episode.child_id].append(episode.reported_missing_at)
        self._by_child = {child: sorted(times) for child, times in grouped.items()}

    def count(self, child_id: str, at: dt.datetime, lookback: dt.timedelta = LOOKBACK) -> int:
        """The child's episodes reported in the ``lookback`` up to and including ``at``."""
        times = self._by_child.get(child_id, [])
        return bisect_right(times, at) - bisect_left(times, at - lookback)


def episodes_in_lookback(episodes: Iterable[EpisodeView], child_id: str, at: dt.datetime,
                         lookback: dt.timedelta = LOOKBACK) -> int:
    """The child's episodes reported in the ``lookback`` up to and including ``at``.

    Used per episode with ``at`` = its own report time, so the figure counts that episode and
    the ones before it, and does not change when later records arrive. For many rows, build
    one :class:`ReportTimes` and call its ``count``.
    """
    return ReportTimes(e for e in episodes if e.child_id == child_id).count(
        child_id, at, lookback)


def repeat_missing(episodes: Iterable[EpisodeView], start: dt.datetime, end: dt.datetime,
                   threshold: int = REPEAT_THRESHOLD) -> list[dict[str, Any]]:
    """Children with at least ``threshold`` episodes reported in ``[start, end)``, most
    episodes first, each with their episode ids in order."""
    by_child: dict[str, list[EpisodeView]] = defaultdict(list)
    for episode in episodes:
        if start <= episode.reported_missing_at < end:
            by_child[episode.child_id].append(episode)
    rows = [
        {"child_id": child, "child_name": mine[0].child_name, "episodes": len(mine),
         "episode_ids": [e.episode_id for e in mine],
         "first_reported": mine[0].reported_missing_at.isoformat(timespec="minutes"),
         "last_reported": mine[-1].reported_missing_at.isoformat(timespec="minutes")}
        for child, mine in by_child.items() if len(mine) >= threshold
    ]
    rows.sort(key=lambda r: (-r["episodes"], r["child_id"]))
    return rows


def still_missing(episodes: Iterable[EpisodeView], as_of: dt.datetime) -> list[EpisodeView]:
    """Episodes open at ``as_of`` (reported, not returned), longest missing first."""
    open_now = [e for e in episodes if e.is_open(as_of)]
    open_now.sort(key=lambda e: (e.reported_missing_at, e.episode_id))
    return open_now
