"""Child profile: one child's episodes, return interviews, indicators, links and actions.

For roles that see facts; every view of a child goes through the service
(:meth:`~rhigraph.governance.Service.child`) and is audited, so nothing about the chosen child
is cached. Episodes come from the same rows and functions as the weekly pack
(:func:`graph.meetings.common.episode_row`); links are drawn as in the link explorer.
Widgets and calls only.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import charts, explore, layout, profile, tables
from graph.meetings import actions as tracked
from graph.meetings.common import ACTION_COLUMNS, CLOSED_COLUMNS, EPISODE_COLUMNS, episode_row
from graph.meetings.episodes import ReportTimes, infer_area
from graph.meetings.sections import table

st.title("Child profile")
window, filters = layout.sidebar_filters()
path, asking = data.db_path(), data.who()

with layout.governed():
    children = sorted(data.entities(path, asking, "Child"),
                      key=lambda e: (str(e["label"]).casefold(), e["key"]))
labels = {e["key"]: f"{e['label']} ({e['key']})" for e in children}
chosen = st.selectbox("Child", list(labels), index=None, key="child_id",
                      format_func=labels.get, placeholder="Type a name or reference")
if chosen is None:
    st.caption(f"{len(children)} children in the records.")
    st.stop()

svc = data.service(path)
with layout.governed():
    record = svc.child(chosen, filters)
if record is None:
    st.info("No such child in the records.")
    st.stop()

now = dt.datetime.now().replace(second=0, microsecond=0)
st.header(layout.md(record["name"]))
st.markdown(" · ".join(f"**{layout.md(heading)}** {layout.md(value)}"
                       for heading, value in profile.details(record["props"])))

everyone = data.episodes(path, asking)
mine = sorted((e for e in everyone if e.child_id == chosen),
              key=lambda e: e.reported_missing_at, reverse=True)
with layout.governed():
    documents = svc.documents(child_id=chosen)
    indicators = svc.indicators(filters)
graph = explore.build(record["links"], data.entities(path, asking))
node = f"Child:{chosen}"
linked = explore.neighbour_rows(graph, node)

st.subheader("Timeline")
mine_indicators = [i for i in indicators if i.get("child_id") == chosen]
firsts = [{**r, "type": tables.type_name(r["type"])} for r in linked
          if r["type"] in ("Person", "Vehicle", "Phone", "OnlineAccount")]
st.altair_chart(charts.timeline(profile.events(mine, documents, mine_indicators, firsts)),
                width="stretch")
st.caption("Bars: missing episodes (report to return). Marks: RHI notes, information-sharing "
           "forms, indicators shown in the records (not negated), and when a person, vehicle, "
           "phone or handle was first linked. Hover for details.")

(episodes_tab, show_episodes), (records_tab, show_records), (links_tab, show_links), \
    (actions_tab, show_actions) = layout.tabs(["Episodes", "RHIs and records", "Links",
                                               "Actions"], key="child_tab")
if show_episodes:
    with episodes_tab:
        area, reports = infer_area(everyone), ReportTimes(mine)
        layout.section(table("episodes", f"Missing episodes ({len(mine)})", EPISODE_COLUMNS,
                             [episode_row(e, reports, now, area) for e in mine],
                             note="RHI status as of now; newest first."), key="child-episodes")
if show_records:
    with records_tab:
        st.subheader(f"Records about the child ({len(documents)})")
        layout.table(profile.document_frame(documents), key="child-documents")
        st.subheader("Indicators")
        st.dataframe(pd.DataFrame.from_records(profile.indicator_rows(mine_indicators, chosen)),
                     hide_index=True, key="child-indicators")
if show_links:
    with links_tab:
        st.subheader(f"Linked to ({len(linked)})")
        layout.table(tables.neighbour_frame(linked), key="child-links")
        view, _ = explore.neighbourhood(graph, node)
        if view.number_of_nodes() > 1:
            st.iframe(data.network_page(view, 560, (node,)), height=640,
                      alt=f"Network of {record['name']}")
if show_actions:
    with actions_tab:
        actions = svc.actions(child_id=chosen)
        layout.section(table("actions", "Open actions", ACTION_COLUMNS,
                             tracked.outstanding(actions, now),
                             note="Overdue first. Recorded with `rhigraph actions`."),
                       key="child-actions-open")
        layout.section(table("closed", "Closed actions", CLOSED_COLUMNS,
                             [a for a in actions if a.get("status") == "closed"]),
                       key="child-actions-closed")
