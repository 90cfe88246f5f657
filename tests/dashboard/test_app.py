"""AppTest smoke tests: the whole app runs against a real store, in-process, with no browser.

AppTest sees Streamlit elements (the dataframe's values, captions, errors) but not what a
browser draws inside an iframe; tests/dashboard/test_browser.py covers the network.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components import controls

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture
def app(small_store, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app pointed at the small store through ``RHIGRAPH_DB``, run once."""
    monkeypatch.setenv("RHIGRAPH_DB", str(small_store.path))
    monkeypatch.delenv("RHIGRAPH_STORE", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=30)
    return at.run()


def test_hotspot_table_ranks_the_place_most_children_link_to_first(app: AppTest, small_store):
    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[0].value
    assert list(table.columns) == ["Rank", "Place", "Distinct children", "Episodes", "Mentions",
                                   "Found there", "First seen", "Last seen", "Children linked"]
    assert table["Place"].tolist()[:2] == [small_store.top_place, small_store.second_place]
    top = table.iloc[0]
    assert (top["Rank"], top["Distinct children"]) == (1, 3)
    assert top["Children linked"] == "Kayla (C-1); Tyler (C-2); Millie (C-3)"
    # The hostile label is data, listed as written (st.dataframe draws text, never markup),
    # and a child's own placement address is not a hotspot.
    assert small_store.hostile_place in table["Place"].tolist()
    assert small_store.placement not in table["Place"].tolist()


def test_network_of_the_top_places_is_sent_as_an_offline_page(app: AppTest, small_store):
    app.sidebar.slider(key=controls.TOP_N).set_value(2).run()
    assert not app.exception
    (frame,) = app.get("iframe")
    page = frame.proto.srcdoc
    assert "new vis.Network(" in page
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert '"id": "Location:oldham road manchester"' in page
    assert '"id": "Location:piccadilly gardens"' in page
    assert '"id": "Location:hostile place"' not in page  # ranked third: not in the top two
    assert '"id": "Person:daz"' in page and '"id": "Vehicle:MF67LKW"' in page


def test_filters_live_in_session_state_with_shared_defaults(app: AppTest):
    for key, value in controls.DEFAULTS.items():
        assert app.session_state[key] == value
    assert [w.label for w in app.sidebar.date_input] == ["Since", "Until"]


def test_filters_chosen_on_one_page_hold_on_the_next(tmp_path: Path):
    """Later pages draw the same controls: a two-page app built from them shares values."""
    (tmp_path / "app_pages").mkdir()
    (tmp_path / "app.py").write_text(
        "import streamlit as st\n"
        "from dashboard.components import controls\n"
        "controls.init_state()\n"
        "st.navigation([st.Page('app_pages/a.py', default=True),"
        " st.Page('app_pages/b.py')]).run()\n")
    for name in ("a", "b"):
        (tmp_path / "app_pages" / f"{name}.py").write_text(
            "import streamlit as st\n"
            "from dashboard.components import controls\n"
            "with st.sidebar:\n"
            "    window = controls.window_controls()\n"
            "    least = controls.min_children_control()\n"
            f"st.write(f'{name} {{window.since}} {{least}}')\n")
    at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=30).run()
    at.sidebar.date_input(key=controls.SINCE).set_value(dt.date(2026, 1, 2))
    at.sidebar.number_input(key=controls.MIN_CHILDREN).set_value(3).run()
    assert at.markdown[0].value == "a 2026-01-02 3"
    at.switch_page("app_pages/b.py").run()
    assert not at.exception
    assert at.markdown[0].value == "b 2026-01-02 3"
    at.sidebar.number_input(key=controls.MIN_CHILDREN).set_value(4).run()
    at.switch_page("app_pages/a.py").run()
    assert at.markdown[0].value == "a 2026-01-02 4"


def test_minimum_children_filters_the_table(app: AppTest, small_store):
    app.sidebar.number_input(key=controls.MIN_CHILDREN).set_value(2).run()
    assert not app.exception
    assert app.dataframe[0].value["Place"].tolist() == [small_store.top_place,
                                                        small_store.second_place]


def test_date_window_filters_the_table(app: AppTest, small_store):
    app.sidebar.date_input(key=controls.SINCE).set_value(dt.date(2026, 2, 1)).run()
    assert not app.exception
    table = app.dataframe[0].value
    # Only the 2 February note is inside the window: one child, two places.
    assert table["Place"].tolist() == [small_store.far_place, small_store.top_place]
    assert table["Distinct children"].tolist() == [1, 1]


def test_missing_store_is_an_error_not_an_empty_page(tmp_path: Path, monkeypatch):
    missing = tmp_path / "nowhere.db"
    monkeypatch.setenv("RHIGRAPH_DB", str(missing))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert "No rhigraph store" in at.error[0].value
    assert not missing.exists()  # opening it would have created an empty database
