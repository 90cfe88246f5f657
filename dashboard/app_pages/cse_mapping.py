"""CSE mapping meeting: where children are being drawn to, on a map, in a table and as a network.

The pack is :func:`graph.meetings.cse_mapping.cse_mapping_pack` for the period (the date
window, else the four weeks to the latest record), read with the role's filters and redacted
for a partner. The map places the pack's hotspots at their gazetteer coordinates (offline:
see :mod:`dashboard.components.geo`); the network draws the top places and what links to them
directly. Widgets and calls only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from dashboard import data
from dashboard.components import charts, controls, geo, layout, packs
from dashboard.components.neighbourhood import hotspot_graph
from graph.meetings.periods import MAPPING_DAYS, judging_clock, mapping_period
from graph.meetings.sections import section

st.title("CSE mapping")
window, filters = layout.sidebar_filters()
with st.sidebar:
    top_n = controls.top_n_control()
path, asking = data.db_path(), data.who()

latest = data.latest_day(path, asking)
period = mapping_period(*(dt.date.fromisoformat(d) if d else None
                          for d in (window.since, window.until, latest)), dt.date.today())
first, last = period.first, period.last
if first > last:
    st.stop()
as_of = judging_clock(dt.datetime.now())
st.caption(f"Period {first.strftime('%d/%m/%Y')} to {last.strftime('%d/%m/%Y')} (the date "
           f"window; without one, the {MAPPING_DAYS} days to the latest record), against the "
           "period of equal length before it.")

with layout.governed():
    pack = data.cse_pack(path, asking, first.isoformat(), last.isoformat(),
                         as_of.isoformat(timespec="minutes"), filters)
layout.downloads(pack, f"cse_mapping_pack {first}..{last}", filters)
layout.metrics(packs.headline(pack), per_row=4)

spots = section(pack, "hotspots")
places: dict[str, list[dict]] = {}
for entity in data.entities(path, asking, "Location"):
    places.setdefault(str(entity["label"]), []).append(entity)

located, unlocated, ranked = [], [], []
for row in spots["rows"]:
    matches = places.get(str(row.get("label")), [])
    point = next((p for e in matches if (p := geo.place_point(e["label"], e.get("props")))),
                 None)
    ranked += [{**row, "location_id": e["id"]} for e in matches[:1]]
    if point is None:
        unlocated.append(str(row.get("label")))
    else:
        located.append({**row, **point})

groups = packs.grouped(pack, packs.CSE_GROUPS, skip=("hotspots",))
(map_tab, map_open), (network_tab, network_open), *more = layout.tabs(
    ["Map and hotspots", "Network", *(name for name, _ in groups)], key="cse_tab")
if map_open:
    with map_tab:
        st.subheader("Where children are being drawn to")
        if located:
            st.altair_chart(charts.hotspot_map(located), width="stretch")
            st.caption("Size: distinct children. Colour: trend against the previous period "
                       "(vermilion new, orange up, blue same, green down). Shape: how the "
                       "place was located (circle postcode, square postcode district, diamond "
                       "town centre). Grey dots: addresses in the gazetteer. Numbers: rank.")
        else:
            st.write("No place in this period has a known location.")
        if unlocated:
            st.caption(f"Not on the map ({len(unlocated)}, no postcode or town known): "
                       + layout.md("; ".join(unlocated)))
        layout.section(spots, key="cse-hotspots")

if network_open:
    with network_tab:
        shown = ranked[:top_n]
        st.subheader(f"Network of the top {len(shown)} "
                     f"{'place' if len(shown) == 1 else 'places'}")
        st.caption("Each place with the children, people, vehicles and phones linked to it "
                   "directly in the period. Hover for details; drag to move; scroll to zoom.")
        period = dataclasses.replace(filters, since=first.isoformat(), until=last.isoformat())
        links, ends = data.around(path, asking, tuple(r["location_id"] for r in shown),
                                  period)
        graph = hotspot_graph(shown, links, ends)
        if graph.number_of_nodes():
            st.iframe(data.network_page(graph, 700), height=780,
                      alt=f"Network of the top {len(shown)} places and who is linked to them")
        else:
            st.write("No place to draw for this period.")

for (tab, is_open), (_, found) in zip(more, groups, strict=True):
    if is_open:
        with tab:
            for item in found:
                layout.section(item, key=f"cse-{item['id']}")
