"""Charts drawn with Vega-Lite (Altair), which ships inside Streamlit and needs no internet.

Colours are Okabe-Ito, as in the network, and colour is never the only cue: trend and
precision on the map, and kinds of record on a timeline, also differ by shape. Text (places,
record ids) reaches Vega as data and is drawn as SVG text or shown in Vega's tooltip, which
escapes HTML; nothing here builds markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt
import pandas as pd

from dashboard.components import geo

#: Trend against the previous period -> Okabe-Ito colour; "new" and "up" are the warm ones.
TREND_COLOURS: Mapping[str, str] = {"new": "#D55E00", "up": "#E69F00", "same": "#0072B2",
                                    "down": "#009E73", "unknown": "#000000"}
PRECISION_SHAPES: Mapping[str, str] = {"postcode": "circle", "district": "square",
                                       "town": "diamond"}
FONT_PX = 16


def _projector(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Large axis, legend and title text for a projector."""
    return (chart.configure_axis(labelFontSize=FONT_PX, titleFontSize=FONT_PX)
            .configure_legend(labelFontSize=FONT_PX, titleFontSize=FONT_PX, symbolSize=220)
            .configure_view(stroke=None))


def hotspot_map(points: Iterable[Mapping[str, Any]], *, height: int = 620) -> alt.LayerChart:
    """Ranked places at their coordinates over the gazetteer's outline of the towns.

    ``points``: rows with ``rank``, ``label``, ``children``, ``trend``, ``precision``,
    ``lat`` and ``lon`` (:func:`dashboard.components.geo.place_point`). Size is the number
    of distinct children, colour the trend, shape how exact the point is, and the rank is
    written beside each point so it matches the table.
    """
    frame = pd.DataFrame.from_records(list(points), columns=[
        "rank", "label", "children", "trend", "precision", "lat", "lon"])
    frame["trend"] = frame["trend"].fillna("unknown")
    frame["where"] = frame["precision"].map(geo.PRECISION).fillna(frame["precision"])
    dots = pd.DataFrame.from_records(geo.backdrop(), columns=["lat", "lon"])
    towns = pd.DataFrame.from_records(geo.town_labels(), columns=["town", "lat", "lon"])
    where = {"longitude": "lon:Q", "latitude": "lat:Q"}
    backdrop = alt.Chart(dots).mark_circle(size=10, color="#C9CED6", opacity=0.7).encode(
        **where)
    names = alt.Chart(towns).mark_text(fontSize=13, color="#5A6270", dy=-10).encode(
        **where, text="town:N")
    trends = list(TREND_COLOURS)
    places = alt.Chart(frame).mark_point(filled=True, stroke="#000000", strokeWidth=1.5,
                                         opacity=0.9).encode(
        **where,
        size=alt.Size("children:Q", title="Distinct children",
                      scale=alt.Scale(range=[180, 1400], zero=False),
                      legend=alt.Legend(values=sorted({int(c) for c in frame["children"]
                                                       if pd.notna(c)}), format="d")),
        color=alt.Color("trend:N", title="Trend",
                        scale=alt.Scale(domain=trends,
                                        range=[TREND_COLOURS[t] for t in trends])),
        shape=alt.Shape("precision:N", title="Located by",
                        scale=alt.Scale(domain=list(PRECISION_SHAPES),
                                        range=list(PRECISION_SHAPES.values()))),
        tooltip=[alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("label:N", title="Place"),
                 alt.Tooltip("children:Q", title="Distinct children"),
                 alt.Tooltip("trend:N", title="Trend"), alt.Tooltip("where:N", title="Located by")],
    )
    ranks = alt.Chart(frame).mark_text(fontSize=18, fontWeight="bold", dx=16, dy=-12,
                                       color="#000000").encode(**where, text="rank:Q")
    chart = alt.layer(backdrop, names, places, ranks).project(type="mercator").properties(
        height=height)
    return _projector(chart)


#: Timeline lanes, top to bottom, with their Okabe-Ito colour and shape.
LANES: Mapping[str, tuple[str, str]] = {
    "Missing episode": ("#D55E00", "square"),
    "RHI note": ("#0072B2", "circle"),
    "Information-sharing form": ("#009E73", "diamond"),
    "Indicator": ("#CC79A7", "triangle-up"),
    "Linked": ("#E69F00", "cross"),
}


def timeline(events: Iterable[Mapping[str, Any]], *, height: int = 320) -> alt.LayerChart:
    """A child's records on one time axis, one lane per kind of record.

    ``events``: rows with ``lane`` (one of :data:`LANES`), ``start`` and optional ``end``
    (ISO date-times; an episode spans report to return), ``what`` and ``detail``.
    """
    frame = pd.DataFrame.from_records(list(events),
                                      columns=["lane", "start", "end", "what", "detail"])
    frame["start"] = pd.to_datetime(frame["start"], errors="coerce", format="ISO8601")
    frame["end"] = pd.to_datetime(frame["end"], errors="coerce", format="ISO8601").fillna(
        frame["start"])
    frame = frame.dropna(subset=["start"])
    lanes = list(LANES)
    y = alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=260))
    colour = alt.Color("lane:N", legend=None, scale=alt.Scale(
        domain=lanes, range=[LANES[lane][0] for lane in lanes]))
    tooltip = [alt.Tooltip("what:N", title="What"), alt.Tooltip("detail:N", title="Detail"),
               alt.Tooltip("start:T", title="From", format="%d/%m/%Y %H:%M"),
               alt.Tooltip("end:T", title="To", format="%d/%m/%Y %H:%M")]
    x = alt.X("start:T", title=None, axis=alt.Axis(format="%d %b %Y"))
    spans = alt.Chart(frame[frame["lane"] == "Missing episode"]).mark_bar(
        height=22, stroke="#000000", strokeWidth=1).encode(
        x=x, x2="end:T", y=y, color=colour, tooltip=tooltip)
    marks = alt.Chart(frame[frame["lane"] != "Missing episode"]).mark_point(
        filled=True, size=220, stroke="#000000", strokeWidth=1).encode(
        x=x, y=y, color=colour, tooltip=tooltip,
        shape=alt.Shape("lane:N", legend=None, scale=alt.Scale(
            domain=lanes, range=[LANES[lane][1] for lane in lanes])))
    return _projector(alt.layer(spans, marks).properties(height=height))
