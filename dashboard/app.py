"""The rhigraph dashboard's entry script: page setup, shared state and routing, nothing else.

Run with ``rhigraph dashboard`` (or ``streamlit run dashboard/app.py`` with ``RHIGRAPH_DB`` set).
This script runs before every page on every rerun, so it is the frame the pages share: the
session defaults, the store summary and the reload button live here; each page in
``app_pages/`` adds its own widgets and calls. A new page is one file and one ``st.Page`` line.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import dashboard  # noqa: F401  (installed, or the working directory is the checkout)
except ModuleNotFoundError:
    # `streamlit run path/to/dashboard/app.py` from a source checkout puts only dashboard/
    # on sys.path; the package's parent is needed for `dashboard`, `graph` and `rhigraph`.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import data  # noqa: E402
from dashboard.components import controls  # noqa: E402

# No page_icon and no st.Page icons: the browser fetches a Material-icon favicon from a CDN,
# and the dashboard must work offline (tests/dashboard/test_browser.py checks every request).
st.set_page_config(page_title="rhigraph", layout="wide")
controls.init_state()

page = st.navigation([
    st.Page("app_pages/hotspots.py", title="Hotspots", default=True),
])

path = data.db_path()
problem = data.missing_store_message(path)
with st.sidebar:
    if problem is None:
        summary = data.counts(path)
        st.caption(f"Store: {Path(path).name} · {summary.get('documents', 0)} documents · "
                   f"{summary.get('Child', 0)} children · {summary.get('links', 0)} links")
        if st.button("Reload data", help="Read the store again (after an ingest)."):
            data.clear()
if problem is not None:
    st.error(problem)
    st.stop()

page.run()
