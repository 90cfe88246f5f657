"""Hotspots: the places most children are linked to, as a table and a network.

For the weekly missing meeting and the CSE mapping meeting ("that street's been mentioned
twice, let's look at it"). Widgets and calls only: ranking is graph.analysis, loading is
dashboard.data, shaping and drawing are dashboard.components.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import controls, tables

st.title("Hotspots")

with st.sidebar:
    st.header("Filters")
    window = controls.window_controls()
    min_children = controls.min_children_control()
    top_n = controls.top_n_control()

path = data.db_path()
if window.reversed:
    st.warning("'Since' is after 'Until', so no record can match. Clear or swap the dates.")

rows = data.hotspots(path, window.since, window.until, min_children)
st.caption(
    f"Places linked to at least {min_children} distinct "
    f"{'child' if min_children == 1 else 'children'}, {window.describe()}. Ranked by distinct "
    "children, then times found there, episodes and mentions. Children's own home and "
    "placement addresses are left out."
)
if not rows:
    st.info("No place matches these filters.")
    st.stop()

st.subheader(f"{len(rows)} {'place' if len(rows) == 1 else 'places'}")
st.dataframe(tables.hotspot_frame(rows), hide_index=True,
             column_config=tables.hotspot_column_config())

shown = min(top_n, len(rows))
st.subheader(f"Network of the top {shown} {'place' if shown == 1 else 'places'}")
st.caption("Each place with the children, people, vehicles and phones linked to it directly. "
           "Hover for details; drag to move; scroll to zoom.")
network_page = data.hotspot_network_page(path, window.since, window.until, min_children, top_n,
                                         height_px=700)
st.iframe(network_page, height=780,
          alt=f"Network of the top {shown} places and who is linked to them")
