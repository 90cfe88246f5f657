"""The rhigraph dashboard's entry script: page setup, sign-in, shared state and routing.

Run with ``rhigraph dashboard`` (or ``streamlit run dashboard/app.py`` with ``RHIGRAPH_DB``
set). This script runs before every page on every rerun, so it is the frame the pages share:
the store check, sign-in (:mod:`dashboard.auth`), the session's filter defaults, the sidebar
with who is signed in and the store summary, and the pages this person's role may use. Each
page in ``app_pages/`` adds its own widgets and calls; a new page is one file and one line in
:data:`PAGES`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

try:
    import dashboard  # noqa: F401  (installed, or the working directory is the checkout)
except ModuleNotFoundError:
    # `streamlit run path/to/dashboard/app.py` from a source checkout puts only dashboard/
    # on sys.path; the package's parent is needed for `dashboard`, `graph` and `rhigraph`.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import auth, data  # noqa: E402
from dashboard.components import controls, layout  # noqa: E402
from rhigraph.governance import Policy, Tier, policy_for  # noqa: E402

# No page_icon and no st.Page icons: the browser fetches a Material-icon favicon from a CDN,
# and the dashboard must work offline (tests/dashboard/test_browser.py checks every request).
st.set_page_config(page_title="rhigraph", layout="wide")

#: (file, title, url path, who may use it). The service enforces every read whatever is
#: listed; the list keeps people from pages that would only say "not for your role".
PAGES: tuple[tuple[str, str, str, Callable[[Policy], bool]], ...] = (
    ("app_pages/weekly.py", "Weekly missing meeting", "weekly", lambda p: True),
    ("app_pages/cse_mapping.py", "CSE mapping", "cse-mapping", lambda p: True),
    ("app_pages/links.py", "Link explorer", "links", lambda p: True),
    ("app_pages/child.py", "Child profile", "child", lambda p: p.tier >= Tier.FACTS),
    ("app_pages/review.py", "Review queue", "review", lambda p: p.resolve_entities),
    ("app_pages/ingest.py", "Ingest", "ingest", lambda p: p.ingest),
    ("app_pages/quality.py", "Data quality", "quality", lambda p: p.tier >= Tier.FACTS),
    ("app_pages/desk.py", "RHI desk", "desk", lambda p: p.tier >= Tier.FACTS),
    ("app_pages/out_of_area.py", "Out of area", "out-of-area", lambda p: True),
)


def pages_for(policy: Policy) -> list[st.Page]:
    """The pages this role may use, the weekly meeting first."""
    return [st.Page(file, title=title, url_path=url, default=index == 0)
            for index, (file, title, url, allowed) in enumerate(PAGES)
            if allowed(policy)]


data.warm_up()
path = data.db_path()
problem = data.missing_store_message(path)
if problem is not None:
    st.error(problem)
    st.stop()

user = auth.require_user(data.governance(path))
controls.init_state()
page = st.navigation(pages_for(policy_for(user.role)))

with st.sidebar:
    st.caption(f"Signed in: {layout.md(auth.describe(user))}")
    if not auth.no_auth_requested():
        st.button("Sign out", on_click=auth.sign_out)
    summary = data.counts(path, data.who())
    st.caption(f"Store: {layout.md(Path(path).name)} · {summary.get('documents', 0)} documents · "
               f"{summary.get('Child', 0)} children · {summary.get('links', 0)} links")
    if st.button("Reload data", help="Read the store again (after an ingest)."):
        data.clear()

if auth.no_auth_requested():
    auth.no_auth_banner()
page.run()
