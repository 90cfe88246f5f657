"""Weekly missing meeting: the week's pack on screen, section by section, and as files.

The pack is :func:`graph.meetings.weekly.weekly_pack` over the week's records, read with the
filters the person's role allows (a partner's copy is built from shareable facts and
redacted); the HTML, PDF and JSON downloads are rendered from the same pack, so the screen
and the papers agree. Widgets and calls only.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import data
from dashboard.components import layout, packs
from graph.meetings.periods import (
    iso_week,
    judging_clock,
    meeting_day_for,
    meeting_moment,
    meeting_week,
    week_of,
)

WEEKS_BACK = 26

st.title("Weekly missing meeting")
window, filters = layout.sidebar_filters()
path, asking = data.db_path(), data.who()

today = dt.date.today()
latest = data.latest_day(path, asking)
anchor = dt.date.fromisoformat(latest) if latest else today
first = week_of(min(anchor, today) - dt.timedelta(weeks=WEEKS_BACK))
weeks, day = [], first.first
while day <= max(anchor, today):
    weeks.append(week_of(day).label)
    day += dt.timedelta(weeks=1)
weeks.reverse()
chosen = meeting_week(anchor, today).label

left, right = st.columns(2)
week = iso_week(left.selectbox("Week", weeks, index=weeks.index(chosen), key="weekly_week",
                               help="ISO week, Monday to Sunday. Opens on the latest week with "
                                    "records."))
meeting_day = right.date_input(
    "Meeting date", value=meeting_day_for(week, today), format="DD/MM/YYYY",
    key=f"weekly_meeting_{week.label}",
    help="Clocks (RHI 72 hours, notifications, actions) are judged at 09:00 on this day, "
         "or now when it is today.")
as_of = meeting_moment(meeting_day, judging_clock(dt.datetime.now()))

st.caption(f"{week.first.strftime('%d/%m/%Y')} to {week.last.strftime('%d/%m/%Y')}, judged at "
           f"{as_of.strftime('%d/%m/%Y %H:%M')}. The week sets the dates; the area and "
           "category filters apply.")
with layout.governed():
    pack = data.weekly_pack(path, asking, week.label, as_of.isoformat(timespec="minutes"),
                            filters)
layout.downloads(pack, f"weekly_pack {week.label}", filters)
layout.pack_view(pack, packs.WEEKLY_GROUPS)
