"""RHI desk: every note triaged (nil return, welfare only, intelligence-bearing) with reasons,
the intelligence not yet shared (oldest first, with days waited), patterns across workers,
and a draft information-sharing form from a chosen note.

Drafting is offered to roles that read whole notes (the RHI manager), because the draft
quotes the note's sentences. Confirming a reviewed draft, the step that makes it a submitted
form, is not done here: the reviewer edits the downloaded file and runs ``rhigraph
confirm-isf``. Widgets and calls only; the rules are in :mod:`graph.desk` and the service.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import data
from dashboard.components import desk, layout
from graph.desk.render import to_bytes
from graph.desk.sections import cross_worker_section, triage_section, unshared_section
from graph.desk.unshared import WINDOW_DAYS

DRAFT = "desk_draft"
DOWNLOADS = ((".docx", "Download DOCX",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             (".json", "Download JSON", "application/json"))

st.title("RHI desk")
path, asking = data.db_path(), data.who()
if not data.sees_facts(asking):
    st.info("Your role sees aggregates only.")
    st.stop()

left, right = st.columns(2)
chosen_day = left.date_input("Notes dated since", value=None, format="DD/MM/YYYY",
                             key="desk_since", help="Empty: every note.")
since = chosen_day.isoformat() if chosen_day else None
window = int(right.number_input("Days a form may follow its note", min_value=0, max_value=90,
                                value=WINDOW_DAYS, key="desk_window"))
today = dt.date.today()

with layout.governed():
    triaged = data.triage(path, asking, since)
    waiting = data.unshared(path, asking, today.isoformat(), window, since)
    patterns = data.cross_worker(path, asking, since)
layout.metrics(desk.figures(triaged, waiting, patterns), per_row=6)

tabs = layout.tabs(["Triage queue", "Not yet shared", "Across workers", "Draft a form"],
                   key="desk_tab")
(queue_tab, queue_open), (unshared_tab, unshared_open), \
    (workers_tab, workers_open), (draft_tab, draft_open) = tabs
if queue_open:
    with queue_tab:
        show = st.radio("Show", desk.SHOW, format_func=desk.show_label, horizontal=True,
                        key="desk_show")
        rows = [r for r in triaged if show == "all" or r["triage"] == show]
        layout.section(triage_section(rows), key="desk-triage")
if unshared_open:
    with unshared_tab:
        layout.section(unshared_section(waiting, window), key="desk-unshared")
if workers_open:
    with workers_tab:
        layout.section(cross_worker_section(patterns), key="desk-workers")
if draft_open:
    with draft_tab:
        by_id = desk.draft_candidates(waiting, triaged)
        if not by_id:
            st.write("No intelligence-bearing note in this window.")
            st.stop()
        note_id = st.selectbox("Note", list(by_id), format_func=lambda d: desk.note_choice(
            by_id[d]), key="desk_note", help="Notes waiting for a form first, oldest first.")
        note = by_id[note_id]
        st.dataframe(desk.reasons_frame(note.get("reasons") or []), hide_index=True,
                     key="desk-reasons")
        if not data.policy().reads_full_text("rhi_note"):
            st.info("A draft form quotes the note's own sentences, so only roles that read "
                    "whole notes (the RHI manager) draft one.")
            st.stop()
        if st.button("Draft information-sharing form", key="desk_draft_button"):
            with layout.governed():
                st.session_state[DRAFT] = data.service(path).draft_isf(note_id, today)
        draft = st.session_state.get(DRAFT)
        if draft and draft.get("derived_from") == note_id:
            st.caption("Draft, not submitted. Review and edit the file, then confirm it with "
                       "`rhigraph confirm-isf FILE --user NAME`; only a confirmed form counts "
                       "as shared.")
            st.dataframe(desk.draft_frame(draft), hide_index=True, key="desk-draft")
            for reason in draft["draft"].get("grading_reasons") or ():
                st.caption(layout.md(reason))
            stem = str(draft["reference"]).removeprefix("DRAFT-")
            for column, (suffix, label, mime) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS,
                                                     strict=True):
                column.download_button(label, to_bytes(draft, suffix),
                                       file_name=f"isf-draft-{stem}{suffix}", mime=mime,
                                       on_click="ignore", key=f"desk-download-{suffix}")
