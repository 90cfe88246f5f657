"""Out of area: children placed outside their home authority and whether the bodies that must
know about their episodes were told, places and adults of concern linked to children of more
than one responsible authority, and a child's placement packet.

Every role may open it: a partner sees the redacted version (children as pseudonyms, no
names, no adults of concern). It opens on the last 13 weeks up to the latest record (a
force's whole history is long to read and longer to scan on a projector); the span control
widens it to 12 months or every date, and the sidebar's "Since", when set, decides instead.
That window applies to both views (the out-of-area list by the episodes' report dates); the
sidebar's "Until", area and category apply to the cross-boundary view.
Widgets and calls only; the rules are in :mod:`graph.meetings` and the service.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from dashboard import data
from dashboard.components import controls, layout, packs
from graph.meetings.sections import section
from graph.store import Filters

st.title("Out of area")
window, filters = layout.sidebar_filters()
path, asking = data.db_path(), data.who()
now = dt.datetime.now().replace(second=0, microsecond=0)
as_of = now.isoformat(timespec="minutes")
span = controls.span_control("out_of_area_span", disabled=bool(window.since))
window = controls.standing_window(window, data.latest_day(path, asking), now.date(), span)
filters = dataclasses.replace(filters, since=window.since)

with layout.governed():
    children = data.out_of_area(path, asking, as_of, window.since)
    boundary = data.cross_boundary(path, asking, as_of, filters)
layout.metrics([*packs.headline(children), *packs.headline(boundary)], per_row=6)
st.caption(f"Judged at {now.strftime('%d/%m/%Y %H:%M')}; episodes and links "
           f"{window.describe()}.")
if children.get("redacted"):
    st.caption("Partner version: children are pseudonyms; names, identifiers, addresses and "
               "adults of concern are left out.")

labels = ["Children and notifications", "Cross-boundary places and adults"]
if data.sees_facts(asking):
    labels.append("Placement packet")
drawn = layout.tabs(labels, key="out_of_area_tab")
(children_tab, children_open), (boundary_tab, boundary_open) = drawn[:2]
if children_open:
    with children_tab:
        for item in children["sections"]:
            layout.section(item, key=f"ooa-{item['id']}")
if boundary_open:
    with boundary_tab:
        for item in boundary["sections"]:
            layout.section(item, key=f"boundary-{item['id']}")
if len(drawn) > 2 and drawn[2][1]:
    with drawn[2][0]:
        placed = [r["child_id"] for r in section(children, "out_of_area")["rows"]]
        if not placed:
            st.write("No out-of-area child in this window.")
            st.stop()
        child_id = st.selectbox("Child", placed, key="out_of_area_child",
                                help="Out-of-area children with episodes in the window.")
        with layout.governed():
            packet = data.service(path).placement_packet(child_id, now)
        layout.metrics(packs.headline(packet), per_row=5)
        st.caption("Built from shareable facts only: no document text, no placement address, "
                   "no handling code C intelligence. Each download is recorded.")
        layout.downloads(packet, f"placement_packet {child_id}", Filters())
