"""The CSE mapping meeting pack for a period (the operational group meets every four weeks).

What it holds (issue 7, point 2): hotspots with their trend against the previous period of
equal length; adults of concern linked to children; vehicles, phones and online handles; child-
location-adult triangles; a network picture; what is new since the last meeting; and
information-sharing forms (ISFs) received in the period by category and area.

"Area" of a form is the authority the child it is about lives in (host authority, else the
responsible one) at the form's date; forms about no identified child are counted apart.
Categories are those the submitter ticked on the form (FORMATS.md section 4), falling back to
the store's categories (stated plus indicator-derived) when a form states none.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.meetings import analyses
from graph.meetings.common import HOTSPOT_COLUMNS, hotspots_with_trend
from graph.meetings.episodes import EpisodeView
from graph.meetings.network import bounded_graph, layout
from graph.meetings.periods import Period, parse_moment
from graph.meetings.sections import column, figure, pack, table
from graph.store.records import CATEGORIES

NO_CHILD = "No child identified"


@dataclass(frozen=True)
class CseInputs:
    """Everything the CSE mapping pack reads, as plain rows (see :mod:`graph.meetings.load`)."""

    episodes: Sequence[EpisodeView]
    hotspots: Sequence[Mapping[str, Any]] = ()          # Location activity in the period
    hotspots_before: Sequence[Mapping[str, Any]] = ()   # ... in the previous period
    persons: Sequence[Mapping[str, Any]] = ()           # ... of adults of concern
    identifiers: Sequence[Mapping[str, Any]] = ()       # Vehicle, Phone, OnlineAccount
    activity_to_end: Sequence[Mapping[str, Any]] = ()   # every type, up to the period end
    links: Sequence[Mapping[str, Any]] = ()             # links of the network's nodes
    labels: Mapping[str, str] = field(default_factory=dict)  # entity id -> label
    forms: Sequence[Mapping[str, Any]] = ()             # intel_form documents
    withheld: Sequence[str] = ()


def _children(row: Mapping[str, Any]) -> list[str]:
    return [c["child_id"] for c in row.get("children_linked") or []]


ADULT_COLUMNS = (
    column("rank", "Rank", "number"),
    column("label", "Adult of concern", "person"),
    column("variants", "Also written as", "person"),
    column("children", "Children", "number"),
    column("child_ids", "Children linked", "children"),
    column("documents", "Records", "number"),
    column("first_seen", "First seen", "when"),
    column("last_seen", "Last seen", "when"),
    column("why", "Why it ranks"),
)
IDENTIFIER_COLUMNS = (
    column("rank", "Rank", "number"),
    column("type", "Type"),
    column("label", "Identifier", "identifier"),
    column("children", "Children", "number"),
    column("child_ids", "Children linked", "children"),
    column("documents", "Records", "number"),
    column("first_seen", "First seen", "when"),
    column("last_seen", "Last seen", "when"),
    column("why", "Why it ranks"),
)
TRIANGLE_COLUMNS = (
    column("children", "Children", "children"),
    column("location", "Place", "place"),
    column("adult", "Adult of concern", "person"),
    column("documents", "Records", "references"),
)
NEW_COLUMNS = (
    column("type", "Type"),
    column("label", "What", "identifier"),
    column("first_seen", "First seen", "when"),
    column("children", "Children", "number"),
    column("child_ids", "Children linked", "children"),
)
TYPE_LABELS = {"Vehicle": "Vehicle", "Phone": "Phone", "OnlineAccount": "Online handle",
               "Person": "Adult of concern", "Location": "Place"}


def form_area(form: Mapping[str, Any], episodes: Sequence[EpisodeView]) -> str:
    """The authority a form's child lives in at the form's date: where their latest episode
    reported by then says they live, else their first episode's (see module docstring)."""
    child = form.get("child_id")
    if not child:
        return NO_CHILD
    when = parse_moment(form.get("date")) or dt.datetime.max
    mine = [e for e in episodes if e.child_id == child]
    before = [e for e in mine if e.reported_missing_at.date() <= when.date()]
    chosen = before[-1] if before else (mine[0] if mine else None)
    return (chosen.living_in if chosen else None) or "Authority not recorded"


def form_categories(form: Mapping[str, Any]) -> list[str]:
    """The categories a form was submitted under (module docstring)."""
    stated = (form.get("fields") or {}).get("categories") or []
    found = sorted({str(c).upper() for c in stated if str(c).upper() in CATEGORIES})
    return found or sorted(c for c in form.get("categories") or [] if c in CATEGORIES)


def isf_table(forms: Sequence[Mapping[str, Any]], episodes: Sequence[EpisodeView]
              ) -> list[dict[str, Any]]:
    """One row per area: forms, and forms per category (a form may carry several)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for form in forms:
        area = form_area(form, episodes)
        counts[area]["forms"] += 1
        for category in form_categories(form):
            counts[area][category] += 1
    rows = [{"area": area, **{c: tally.get(c, 0) for c in ("forms", *CATEGORIES)}}
            for area, tally in counts.items()]
    rows.sort(key=lambda r: (r["area"] == NO_CHILD, -r["forms"], r["area"]))
    if rows:
        rows.append({"area": "All areas", **{c: sum(r[c] for r in rows)
                                            for c in ("forms", *CATEGORIES)}})
    return rows


#: Rows of each ranked table the network starts from, and the most things it draws.
TOP, NETWORK_NODES = 15, 40


def _ranked(inputs: CseInputs) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                        list[dict[str, Any]]]:
    """Hotspots with their trend, adults of concern and identifiers, ranked."""
    hotspots = hotspots_with_trend(inputs.hotspots, inputs.hotspots_before)
    adults = [{**r, "child_ids": _children(r)}
              for r in analyses.adults_of_concern(inputs.persons)]
    idents = [{**r, "child_ids": _children(r), "type": TYPE_LABELS.get(r["type"], r["type"])}
              for r in analyses.identifiers(inputs.identifiers)]
    return hotspots, adults, idents


def _focus(hotspots: Sequence[Mapping[str, Any]], adults: Sequence[Mapping[str, Any]],
           idents: Sequence[Mapping[str, Any]], top: int) -> list[str]:
    return ([r["entity_id"] for r in hotspots[:top] if r["children"] >= 2]
            + [r["entity_id"] for r in adults[:top]]
            + [r["entity_id"] for r in idents[:top]])


def network_focus(inputs: CseInputs, top: int = TOP) -> list[str]:
    """The entities the network picture starts from, most significant first: the period's
    top places with two or more children, adults of concern and identifiers. A loader reads
    the links of these (and of the children drawn with them) and nothing else."""
    return _focus(*_ranked(inputs), top)


def cse_mapping_pack(inputs: CseInputs, period: Period, as_of: dt.datetime, *,
                     last_meeting: dt.date | None = None, top: int = TOP,
                     network_nodes: int = NETWORK_NODES) -> dict[str, Any]:
    """The CSE mapping pack for ``period``; "new" means first seen on or after
    ``last_meeting`` (default: the start of the period). ``inputs.links`` must hold the
    links of :func:`network_focus` and the children drawn with them (or more)."""
    since = last_meeting or period.first
    previous = period.previous()
    hotspots, adults, idents = _ranked(inputs)
    new = [{**r, "child_ids": _children(r), "type": TYPE_LABELS.get(r["type"], r["type"])}
           for r in analyses.new_since(inputs.activity_to_end, since.isoformat())]
    new = [r for r in new if (r.get("first_seen") or "") < period.end.isoformat()]

    focus = _focus(hotspots, adults, idents, top)
    graph = bounded_graph(inputs.links, inputs.labels, focus, max_nodes=network_nodes)
    found = analyses.triangles(graph)

    forms = [f for f in inputs.forms if period.contains(parse_moment(f.get("date")))]
    isf = isf_table(forms, inputs.episodes)

    sections = [
        table("hotspots", "Hotspots and trend", HOTSPOT_COLUMNS, hotspots[: top * 2],
              children_key="children",
              note=f"Places by distinct children linked in the period, against {previous.label}"
                   " (new: no child there before). Placement addresses left out."),
        table("adults", "Adults of concern across children", ADULT_COLUMNS, adults,
              sensitive=True, children_key="children",
              note="Persons recorded as adults of concern, by distinct children linked in "
                   "the period. Professionals, family and peers are never listed."),
        table("identifiers", "Vehicles, phones and online handles", IDENTIFIER_COLUMNS,
              idents, sensitive=True, children_key="children"),
        table("triangles", "Triangles: child, place and adult of concern", TRIANGLE_COLUMNS,
              found or [], sensitive=True,
              empty="Not available in this build: the triangles analysis "
                    "(graph.analysis.triangles) has not landed." if found is None
              else "None in the period."),
        figure("network", "Network picture", layout(graph),
               note=f"The period's top places (two or more children), adults of concern and "
                    f"identifiers with the children linked to them; at most {network_nodes} "
                    f"things. Children by reference only."),
        table("new", f"New since the last meeting ({since.isoformat()})", NEW_COLUMNS, new,
              sensitive=True,
              note="First seen on or after the last meeting and linked to a child."),
        table("isf", "Information-sharing forms by category and area",
              (column("area", "Area", "authority"), column("forms", "Forms", "number"),
               *(column(c, c, "number") for c in CATEGORIES)), isf,
              note="Forms dated in the period. A form can carry several categories."),
    ]
    headline = [
        ("Places with two or more children", sum(r["children"] >= 2 for r in hotspots)),
        ("New or rising places", sum(r["trend"] in ("new", "up") and r["children"] >= 2
                                     for r in hotspots)),
        ("Adults of concern", len(adults)),
        ("Adults linked to two or more children", sum(r["children"] >= 2 for r in adults)),
        ("Vehicles, phones and handles", len(idents)),
        ("New since last meeting", len(new)),
        ("Information-sharing forms", len(forms)),
    ]
    return pack("cse_mapping", f"CSE mapping meeting: {period.label}",
                period={"label": period.label, "first": period.first, "last": period.last,
                        "previous": previous.label, "last_meeting": since},
                as_of=as_of, headline=headline, sections=sections,
                notes=list(inputs.withheld))
