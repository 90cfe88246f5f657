"""Page furniture every page shares: the filter sidebar, refusals, packs and downloads.

Widgets and calls only, like the pages; the shaping is in the sibling modules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import controls, packs
from graph.exc import InvalidValue
from graph.store import Filters
from rhigraph.governance import AccessDenied

#: Download formats: (suffix, button label, MIME type).
FORMATS = ((".html", "Download HTML", "text/html"),
           (".pdf", "Download PDF", "application/pdf"),
           (".json", "Download JSON", "application/json"))


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=^\"'])")


def md(text: Any) -> str:
    r"""Text from the records made safe for Streamlit's Markdown (headers, captions, metric
    labels): every punctuation mark is backslash-escaped, so a name cannot become a link, an
    image fetched from the internet, a colour directive, an icon or LaTeX; it shows as typed.

    >>> print(md("![x](y) :red[Daz] $1"))
    \!\[x\]\(y\) \:red\[Daz\] \$1
    """
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def sidebar_filters() -> tuple[controls.Window, Filters]:
    """The shared filters in the sidebar, and a warning when the window is empty."""
    with st.sidebar:
        st.header("Filters")
        window, filters = controls.filter_controls()
    if window.reversed:
        st.warning("'Since' is after 'Until', so no record can match. Clear or swap the dates.")
    return window, filters


@contextmanager
def governed() -> Iterator[None]:
    """Show a refusal by the service (or a rejected input) as a message, not a traceback.
    The service has already written the refusal to the audit log."""
    try:
        yield
    except AccessDenied as err:
        st.info(f"Not available to your role: {err}.")
        st.stop()
    except InvalidValue as err:
        st.warning(str(err))
        st.stop()


def table(frame: pd.DataFrame, *, key: str) -> None:
    """A table with the UK's dates: every column holding dates is shown DD/MM/YYYY."""
    dates = {name: st.column_config.DateColumn(format="DD/MM/YYYY") for name in frame.columns
             if frame[name].map(lambda v: isinstance(v, dt.date)).any()}
    st.dataframe(frame, hide_index=True, key=key, column_config=dates or None)


def tabs(labels: Sequence[str], key: str) -> list[tuple[Any, bool]]:
    """Tabs that know which one is open, as (container, open). Only the open tab's content
    need be drawn: a hidden tab would still send its tables and network page to the browser
    on every rerun. Switching tabs reruns the page; ``st.session_state[key]`` holds the open
    tab's label (a test can set it)."""
    containers = st.tabs(list(labels), key=key, on_change="rerun")
    return [(tab, bool(tab.open) if tab.open is not None else True) for tab in containers]


def metrics(items: Sequence[tuple[str, Any]], per_row: int = 5) -> None:
    """Headline figures as large numbers, ``per_row`` to a row (readable across a room)."""
    for start in range(0, len(items), per_row):
        columns = st.columns(per_row)
        for column, (label, value) in zip(columns, items[start:start + per_row], strict=False):
            column.metric(md(label), "—" if value is None else value)


def section(item: Mapping[str, Any], *, key: str) -> None:
    """One pack section: title, note, and its table or network picture."""
    st.subheader(md(item["title"]))
    if item.get("note"):
        st.caption(str(item["note"]))
    if item.get("type") == "figure":
        graph = packs.figure_graph(item)
        if graph.number_of_nodes() == 0:
            st.write("Nothing to draw for this period.")
            return
        st.iframe(data.network_page(graph, 560), height=640,
                  alt=f"{item['title']}: network of {graph.number_of_nodes()} things")
        return
    frame = packs.section_frame(item, limit=packs.SHOWN_ROWS)
    if frame.empty:
        st.write(str(item.get("empty") or "None."))
        return
    total = len(item.get("rows") or [])
    if total > len(frame):
        st.caption(f"The first {len(frame):,} of {total:,} rows, in the pack's order. Narrow "
                   "the dates or area in the sidebar to see others; a pack's downloads hold "
                   "every row.")
    st.dataframe(frame, hide_index=True, key=key)


def pack_view(pack: Mapping[str, Any], groups: Mapping[str, Sequence[str]], *,
              skip: Sequence[str] = ()) -> None:
    """A whole pack: headline figures, notes, then its sections in tabs."""
    metrics(packs.headline(pack))
    for note in pack.get("notes") or ():
        st.caption(str(note))
    if pack.get("redacted"):
        st.caption("Partner version: children are pseudonyms; names, identifiers, addresses "
                   "and free text are left out.")
    groups_shown = packs.grouped(pack, groups, skip=skip)
    drawn = tabs([name for name, _ in groups_shown], key=f"tabs-{pack.get('kind')}")
    for (tab, is_open), (_, found) in zip(drawn, groups_shown, strict=True):
        if not is_open:
            continue
        with tab:
            for item in found:
                section(item, key=f"{pack.get('kind')}-{item['id']}")


def downloads(pack: Mapping[str, Any], what: str, filters: Filters) -> None:
    """HTML, PDF and JSON buttons for the pack on screen. Each file is made when its button
    is pressed and the download is audited as an export."""
    columns = st.columns(len(FORMATS))
    for column, (suffix, label, mime) in zip(columns, FORMATS, strict=True):
        column.download_button(label, data.pack_file(dict(pack), suffix, what, filters),
                               file_name=packs.file_name(pack, suffix), mime=mime,
                               on_click="ignore", key=f"download-{what}-{suffix}")
