"""Data quality: RHIs not done, notes nothing was extracted from, mentions not yet resolved,
and files ingest rejected. For roles that see facts. Widgets and calls only; the rules are in
:mod:`dashboard.components.quality`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import layout, quality, tables, uploads
from graph.meetings.common import RHI_COLUMNS
from graph.meetings.sections import column, table
from graph.resolve.units import TYPES
from graph.store import Filters

st.title("Data quality")
path, asking = data.db_path(), data.who()
if not data.sees_facts(asking):
    st.info("Your role sees aggregates only.")
    st.stop()
svc = data.service(path)
now = dt.datetime.now().replace(second=0, microsecond=0)

with layout.governed():
    episodes = data.episodes(path, asking)
    documents = data.documents(path, asking)
    links = data.links(path, asking, Filters())
    indicators = svc.indicators(Filters())
gaps = quality.rhis_not_done(episodes, now)
empty = quality.without_extractions(documents, links, indicators)
status = svc.resolution_status()
last, waiting = status["last"], status["waiting"]
loose = quality.unresolved(svc.document_mentions(), documents,
                           last["resolved_at"] if last else None, TYPES)
rejections = svc.rejections()
states = Counter(g["state"] for g in gaps)
layout.metrics([("RHIs overdue now", states["overdue"]), ("RHIs due", states["due"]),
                ("Records to correct", states["done_before_return"]
                 + states["done_time_unknown"]),
                ("Notes with nothing extracted", sum(not r["nil_return"] for r in empty)),
                ("Unresolved mentions", len(loose)), ("Pairs awaiting review", waiting),
                ("Files rejected", len(rejections))], per_row=4)

rhi_tab, notes_tab, mentions_tab, files_tab = st.tabs(
    ["RHIs not done", "Notes without extractions", "Unresolved mentions", "Rejected files"])
with rhi_tab:
    layout.section(table("rhi_gaps", "Return home interviews not done", RHI_COLUMNS, gaps,
                         note=f"As of {now.strftime('%d/%m/%Y %H:%M')}: overdue first, then "
                              "due inside 72 hours, records to correct, and recorded reasons "
                              "an interview did not happen."), key="quality-rhi")
with notes_tab:
    layout.section(table(
        "empty", "Notes and forms with nothing extracted",
        (column("id", "Record", "reference"), column("kind", "Kind"),
         column("child_id", "Child", "child"), column("date", "Date", "when"),
         column("nil_return", "Nil return")), empty,
        note="No person, place, vehicle, phone, handle or organisation and no indicator was "
             "found. A nil return may say nothing; anything else should be read."),
        key="quality-empty")
with mentions_tab:
    st.subheader("Mentions not yet resolved")
    st.caption(("Resolution has not run on this store." if last is None else
                f"Resolution last ran {tables.uk_day(last['resolved_at'])}.")
               + f" {waiting} pairs it was not sure about wait in the Review queue, where "
                 "analysts and RHI managers decide them and run it again.")
    if loose:
        by_type = Counter(m["type"] for m in loose)
        st.write(", ".join(f"{tables.type_name(t)}: {n}" for t, n in by_type.most_common()))
        st.dataframe(pd.DataFrame.from_records(
            [{"Record": m["document_id"], "Date": tables.uk_day(m.get("date")),
              "Type": tables.type_name(m["type"]), "Written as": m.get("text"),
              "Entity": m.get("label")} for m in loose[:500]],
            columns=["Record", "Date", "Type", "Written as", "Entity"]),
            hide_index=True, key="quality-mentions")
        if len(loose) > 500:
            st.caption(f"The first 500 of {len(loose)}.")
    else:
        st.write("Every mention is resolved.")
with files_tab:
    st.subheader("Files, rows and fields ingest rejected")
    st.dataframe(uploads.rejection_frame(rejections), hide_index=True, key="quality-rejected")
