"""A meeting pack (:mod:`graph.meetings.sections`) as the dashboard shows it.

The pack is the same dictionary the HTML, PDF and JSON downloads are rendered from, so what
the room sees on the screen and what is sent round afterwards agree line for line. A table
section becomes a DataFrame with the pack's own headings; lists (children linked, episode
ids) become "; "-joined text; moments are shown the UK way. Cell text is passed through
unchanged: ``st.dataframe`` draws text, never markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import pandas as pd

#: Section ids grouped into the tabs a meeting moves through; anything else goes last.
WEEKLY_GROUPS: Mapping[str, tuple[str, ...]] = {
    "Episodes": ("episodes", "repeat_missing", "still_missing"),
    "Return home interviews": ("rhi", "rhi_indicators", "rhi_reasons"),
    "Out of area": ("out_of_area", "notifications"),
    "Places and new": ("hotspots", "new"),
    "Actions": ("actions", "actions_closed", "recommendations", "recommendations_repeated"),
}
CSE_GROUPS: Mapping[str, tuple[str, ...]] = {
    "Adults of concern": ("adults", "triangles"),
    "Vehicles, phones, handles": ("identifiers",),
    "Network picture": ("network",),
    "New and forms": ("new", "isf"),
}


def uk_moment(value: Any) -> Any:
    """An ISO date or date-time as ``DD/MM/YYYY`` (``HH:MM`` when there is a time).

    >>> uk_moment("2026-03-09T21:30"), uk_moment("2026-03-09"), uk_moment(None)
    ('09/03/2026 21:30', '09/03/2026', None)
    """
    if not isinstance(value, str) or len(value) < 10:
        return value
    try:
        if len(value) > 10:
            moment = dt.datetime.fromisoformat(value)
            return moment.strftime("%d/%m/%Y") if moment.time() == dt.time() \
                else moment.strftime("%d/%m/%Y %H:%M")
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _cell(value: Any, kind: str) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(uk_moment(v) if kind == "when" else v) for v in value)
    if kind == "when":
        return uk_moment(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


#: Rows of one table drawn on screen. A pack lists its rows in the order that matters (overdue
#: first, highest ranked first); past this many, a projected table is unreadable and sending it
#: to the browser costs seconds (a force's whole out-of-area history is ~190,000 rows), so the
#: screen shows the first ones and says how many more there are.
SHOWN_ROWS = 1000


def section_frame(section: Mapping[str, Any], limit: int | None = None) -> pd.DataFrame:
    """A table section as a DataFrame: one column per declared column, headed by its label;
    with ``limit``, its first ``limit`` rows.

    >>> section = {"columns": [{"key": "c", "label": "Child", "kind": "children"},
    ...                        {"key": "n", "label": "N", "kind": "number"}],
    ...            "rows": [{"c": ["C-1", "C-2"], "n": 2}, {"c": ["C-3"], "n": 1}]}
    >>> section_frame(section).to_dict("records")
    [{'Child': 'C-1; C-2', 'N': 2}, {'Child': 'C-3', 'N': 1}]
    >>> section_frame(section, limit=1).to_dict("records")
    [{'Child': 'C-1; C-2', 'N': 2}]
    """
    columns = list(section.get("columns") or [])
    rows = list(section.get("rows") or [])
    records = [{c["label"]: _cell(row.get(c["key"]), c["kind"]) for c in columns}
               for row in (rows if limit is None else rows[:limit])]
    return pd.DataFrame.from_records(records, columns=[c["label"] for c in columns])


def grouped(pack: Mapping[str, Any], groups: Mapping[str, Sequence[str]], *,
            skip: Sequence[str] = ()) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """The pack's sections in tab groups, in pack order within each group; sections no
    group names (and not in ``skip``) go in a last "More" group. Groups with no section
    are left out."""
    sections = [s for s in pack.get("sections") or [] if s["id"] not in skip]
    placed = {sid for ids in groups.values() for sid in ids}
    out = [(name, [s for s in sections if s["id"] in ids]) for name, ids in groups.items()]
    rest = [s for s in sections if s["id"] not in placed]
    if rest:
        out.append(("More", rest))
    return [(name, found) for name, found in out if found]


def headline(pack: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The headline figures as (label, value)."""
    return [(item["label"], item["value"]) for item in pack.get("headline") or []]


def figure_graph(section: Mapping[str, Any]) -> nx.Graph:
    """A figure section's laid-out network as a graph the network page can draw."""
    data = section.get("graph") or {}
    graph = nx.Graph()
    for node in data.get("nodes") or []:
        graph.add_node(node["id"], type=node.get("type"), label=node.get("label"))
    for edge in data.get("edges") or []:
        source, target = edge.get("source"), edge.get("target")
        if source in graph and target in graph:
            graph.add_edge(source, target, relations=sorted(edge.get("types") or ()),
                           count=int(edge.get("weight") or 1))
    return graph


def file_name(pack: Mapping[str, Any], suffix: str) -> str:
    """A download name from the pack's kind and period, safe on every file system.

    >>> file_name({"kind": "weekly", "period": {"label": "2026-W10"}, "redacted": True}, ".pdf")
    'weekly-2026-W10-partner.pdf'
    """
    period = str((pack.get("period") or {}).get("label") or "pack")
    stem = "-".join(filter(None, [str(pack.get("kind") or "pack"), period,
                                  "partner" if pack.get("redacted") else None]))
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem.replace(" ", "_"))
    return safe + suffix
