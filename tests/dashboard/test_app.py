"""AppTest: the whole app in-process against real stores, as each role, with no browser.

AppTest sees Streamlit elements (tables' values, captions, the network page sent to the
iframe) but not what a browser draws; tests/dashboard/test_browser.py covers that. A session
is signed in by putting the local account's user in session state, as the sign-in form does;
the sign-in form itself is tested once below.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.components import controls
from rhigraph.governance import Governance, Role
from tests.dashboard.conftest import PASSWORD, signed_in, username

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PAGES = {
    "weekly": "app_pages/weekly.py", "cse": "app_pages/cse_mapping.py",
    "links": "app_pages/links.py", "child": "app_pages/child.py",
    "review": "app_pages/review.py", "ingest": "app_pages/ingest.py",
    "quality": "app_pages/quality.py", "desk": "app_pages/desk.py",
    "out_of_area": "app_pages/out_of_area.py",
}
#: The pages each role is offered (the service refuses the rest whatever is offered).
OFFERED = {
    Role.ANALYST: {"weekly", "cse", "links", "child", "review", "ingest", "quality", "desk",
                   "out_of_area"},
    Role.RHI_MANAGER: set(PAGES),
    Role.ADMIN: {"weekly", "cse", "links", "child", "ingest", "quality", "desk", "out_of_area"},
    Role.PARTNER: {"weekly", "cse", "links", "out_of_area"},
}
CHILD_REF = re.compile(r"\bC-\d{3,4}\b")
PSEUDONYM = re.compile(r"Child [0-9A-F]{4}-[0-9A-F]{4}")


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch):
    """Point the app at a store for this test (``RHIGRAPH_DB``), sign-in required."""
    monkeypatch.delenv("RHIGRAPH_STORE", raising=False)
    monkeypatch.delenv("RHIGRAPH_NO_AUTH", raising=False)
    monkeypatch.delenv("RHIGRAPH_GOVERNANCE_DB", raising=False)

    def point(path: Path) -> None:
        monkeypatch.setenv("RHIGRAPH_DB", str(path))
    return point


def app_as(role: Role | None, page: str | None = None) -> AppTest:
    """The app run once signed in as ``role`` (not signed in: ``None``), on ``page``."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if role is not None:
        at.session_state["user"] = signed_in(role)
    at.run()
    if page is not None:
        at.switch_page(PAGES[page]).run()
    return at


def shown(at: AppTest) -> str:
    """Everything the page shows as text: headings, text, tables, options, network pages."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "success", "error", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [str(o) for box in at.selectbox for o in box.options]
    parts += [frame.proto.srcdoc for frame in at.get("iframe")]
    parts += [str(h.proto.body) for h in at.get("html")]
    return "\n".join(parts)


def table(at: AppTest, *columns: str, index: int = 0):
    """The ``index``-th table whose columns start with ``columns`` (AppTest does not expose
    a dataframe's key)."""
    found = [f.value for f in at.dataframe if list(f.value.columns[:len(columns)]) == list(
        columns)]
    assert len(found) > index, f"no table with columns {columns}"
    return found[index]


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


# -- sign-in -------------------------------------------------------------------------------
def test_sign_in_is_required_and_audited(use_store, small_store) -> None:
    use_store(small_store.path)
    at = app_as(None)
    assert titles(at) == ["rhigraph"] and not at.dataframe
    at.text_input(key="sign_in_username").input(username(Role.ANALYST))
    at.text_input(key="sign_in_password").input("not the password")
    at.button[0].click().run()
    assert "Wrong username or password" in at.error[0].value
    at.text_input(key="sign_in_username").input(username(Role.ANALYST))
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert titles(at) == ["Weekly missing meeting"]
    assert at.session_state["user"] == signed_in(Role.ANALYST)
    assert "sign_in_password" not in at.session_state or not at.session_state[
        "sign_in_password"]  # the form is cleared: the password is not kept
    governance = Governance.beside(small_store.path)
    try:
        logins = [e for e in governance.audit.entries(user=username(Role.ANALYST))
                  if e["action"] == "login"]
    finally:
        governance.close()
    assert [e["outcome"] for e in logins][:2] == ["ok", "denied"]  # newest first


def test_disabling_an_account_or_changing_its_role_applies_at_once(use_store, scenario,
                                                                   tmp_path) -> None:
    path = _copy(scenario.path, tmp_path)
    use_store(path)
    at = app_as(Role.ANALYST, "links")
    governance = Governance.beside(path)
    try:
        governance.users.set_role(username(Role.ANALYST), Role.PARTNER)
        at.run()
        assert at.session_state["user"].role is Role.PARTNER
        assert "Your role sees places and pseudonymous children only" in shown(at)
        with pytest.raises(ValueError):
            at.switch_page(PAGES["child"])
        governance.users.disable(username(Role.ANALYST))
        at.run()
    finally:
        governance.close()
    assert titles(at) == ["rhigraph"]
    assert "disabled" in at.warning[0].value


class _SignedOn:
    """Stands in for ``st.user`` after single sign-on."""

    def __init__(self, claims: dict) -> None:
        self.claims = {"is_logged_in": True, **claims}
        self.is_logged_in = True

    def to_dict(self) -> dict:
        return dict(self.claims)


@pytest.mark.parametrize(("claims", "role"), [
    ({"email": "a.khan@force.police.uk", "rhigraph_role": ["staff", "analyst"]}, Role.ANALYST),
    ({"email": "someone@council.gov.uk", "groups": ["staff"]}, None),
])
def test_single_sign_on_takes_the_role_from_the_claim(use_store, small_store, monkeypatch,
                                                      claims, role) -> None:
    import streamlit as st

    from dashboard import auth

    use_store(small_store.path)
    monkeypatch.setattr(auth, "oidc_configured", lambda: True)
    monkeypatch.setattr(st, "user", _SignedOn(claims))
    at = app_as(None)
    assert not at.exception
    if role is None:
        assert "not allowed to use rhigraph" in at.error[0].value
        assert "user" not in at.session_state
        return
    assert at.session_state["user"].role is role and at.session_state["user"].source == "oidc"
    assert titles(at) == ["Weekly missing meeting"]
    governance = Governance.beside(small_store.path)
    try:
        logins = [e for e in governance.audit.entries(user=claims["email"])
                  if e["action"] == "login"]
    finally:
        governance.close()
    assert [e["query"] for e in logins] == [{"source": "oidc"}]  # once per session


@pytest.mark.parametrize(("address", "allowed"), [("127.0.0.1", True), ("", False),
                                                  ("0.0.0.0", False)])
def test_no_auth_is_the_partner_view_on_localhost_only(use_store, small_store, monkeypatch,
                                                       address, allowed) -> None:
    use_store(small_store.path)
    monkeypatch.setenv("RHIGRAPH_NO_AUTH", "1")
    config.set_option("server.address", address or None)
    try:
        at = app_as(None)
    finally:
        config.set_option("server.address", None)
    assert not at.exception
    if not allowed:
        assert "listening on" in at.error[0].value and not at.dataframe
        return
    assert "No sign-in" in at.warning[0].value
    assert at.session_state["user"].role is Role.PARTNER
    assert titles(at) == ["Weekly missing meeting"]
    with pytest.raises(ValueError):
        at.switch_page(PAGES["child"])


def test_missing_store_is_an_error_not_an_empty_page(tmp_path: Path, use_store) -> None:
    missing = tmp_path / "nowhere.db"
    use_store(missing)
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert "No rhigraph store" in at.error[0].value
    assert not missing.exists()  # opening it would have created an empty database


# -- every page, every role -----------------------------------------------------------------
@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_offered_its_pages_and_each_runs(use_store, scenario, role) -> None:
    use_store(scenario.path)
    at = app_as(role)
    for name, page in PAGES.items():
        if name not in OFFERED[role]:
            with pytest.raises(ValueError):
                at.switch_page(page)
            continue
        at.switch_page(page).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        assert titles(at), name


def test_partner_sees_places_and_pseudonyms_never_names_or_text(use_store, scenario) -> None:
    use_store(scenario.path)
    at = app_as(Role.PARTNER)
    seen = [shown(at)]
    at.switch_page(PAGES["cse"]).run()
    seen.append(shown(at))
    hotel = next(p for p in scenario.truth["patterns"] if p["kind"] == "hotel")
    at.switch_page(PAGES["links"]).run()
    at.text_input(key="explore_term").input(hotel["value"].split(",")[0]).run()
    assert not at.exception
    seen.append(shown(at))
    text = "\n".join(seen)
    assert PSEUDONYM.search(text), "children are shown, as pseudonyms"
    assert not CHILD_REF.search(text)
    folded = text.casefold()
    for name in [*scenario.child_names().values(), *scenario.adult_names()]:
        assert name.casefold() not in folded, name
    assert "Partner version" in seen[0]
    assert not at.get("html")  # no snippet is ever offered


def test_weekly_pack_is_shown_with_its_downloads(use_store, scenario) -> None:
    use_store(scenario.path)
    at = app_as(Role.ANALYST)
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Episodes reported", "Children reported missing"]
    assert [b.label for b in at.get("download_button")] == [
        "Download HTML", "Download PDF", "Download JSON"]
    weeks = at.selectbox(key="weekly_week")
    assert re.fullmatch(r"\d{4}-W\d{2}", weeks.value)
    assert sum(m.value not in ("0", "—") for m in at.metric) >= 2, "the latest week has data"
    at.selectbox(key="weekly_week").set_value(weeks.options[-1]).run()
    assert not at.exception


# -- link explorer -----------------------------------------------------------------------------
def test_search_for_a_planted_adult_shows_the_children_linked(use_store, scenario) -> None:
    use_store(scenario.path)
    adult = scenario.adult()
    at = app_as(Role.ANALYST, "links")
    at.text_input(key="explore_term").input(adult["value"]).run()
    assert not at.exception
    children = table(at, "Child", "Name", "Linked by")
    found = set(children["Child"])
    assert found == scenario.children_linked(adult["value"])
    planted = found & set(adult["planted_children"])
    assert planted, "resolution links the adult to at least one child he was planted with"
    names = scenario.child_names()
    assert {names[c].casefold() for c in planted} <= {
        str(n).casefold() for n in children["Name"]}
    (network, *_) = at.get("iframe")
    assert "new vis.Network(" in network.proto.srcdoc
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=",
                         network.proto.srcdoc, re.I)


def test_the_words_behind_a_link_are_shown_only_where_the_role_reads_them(use_store,
                                                                          scenario) -> None:
    use_store(scenario.path)
    adult = scenario.adult()
    for role, expect_words in ((Role.ANALYST, True), (Role.ADMIN, False)):
        at = app_as(role, "links")
        at.text_input(key="explore_term").input(adult["value"]).run()
        # A child's link to the adult rests on the words of a note; a relation between two
        # adults (ASSOCIATE_OF) is read from a sentence and carries no span of its own.
        (why,) = [box for box in at.selectbox if str(box.key).startswith("why_")]
        children = {str(n).casefold() for n in scenario.child_names().values()}
        why.select_index(next(i for i, o in enumerate(why.options)
                              if str(o).casefold() in children)).run()
        words = [t for t in at.toggle if t.key and t.key.startswith("why_words_")]
        assert bool(words) is expect_words, role
        if expect_words:
            words[0].set_value(True).run()
            assert not at.exception
            snippets = [str(h.proto.body) for h in at.get("html")]
            assert snippets and all("<mark>" in s for s in snippets)
        else:
            assert "does not read the words" in shown(at)


def test_path_between_an_adult_and_a_child(use_store, scenario) -> None:
    use_store(scenario.path)
    adult = scenario.adult()
    linked = sorted(scenario.children_linked(adult["value"]) & set(adult["planted_children"]))
    child = scenario.child_names()[linked[0]]
    at = app_as(Role.ANALYST, "links")
    at.text_input(key="explore_term").input(adult["value"]).run()
    at.text_input(key="explore_path_term").input(child).run()
    assert not at.exception
    hops = table(at, "Hop", "From")
    assert len(hops) >= 1 and hops["Records"].str.len().min() > 0


def test_hostile_names_are_text_everywhere(use_store, small_store) -> None:
    use_store(small_store.path)
    at = app_as(Role.ANALYST, "links")
    at.text_input(key="explore_term").input("svg onload").run()
    assert not at.exception
    heading = at.subheader[0].value
    assert "\\<svg onload\\=alert\\(2\\)\\>" in heading  # Markdown-escaped: shown as typed
    assert "\\!\\[x\\]\\(http" in heading  # the image is not fetched
    page = at.get("iframe")[0].proto.srcdoc
    assert "<svg onload" not in page and "<img src=x" not in page
    at.switch_page(PAGES["cse"])
    at.sidebar.date_input(key=controls.SINCE).set_value(dt.date(2026, 1, 1)).run()
    places = table(at, "Rank", "Place")["Place"].tolist()
    assert small_store.hostile_place in places
    assert small_store.placement not in places
    assert at.get("vega_lite_chart"), "the map is drawn"
    at.session_state["cse_tab"] = "Network"
    at.run()
    (frame,) = at.get("iframe")
    page = frame.proto.srcdoc
    assert '"id": "Location:oldham road manchester"' in page
    assert '"id": "Person:daz"' in page and '"id": "Vehicle:MF67LKW"' in page
    assert "<img src=x" not in page and "<svg onload" not in page


# -- other pages -------------------------------------------------------------------------------
def test_child_profile_shows_episodes_records_links_and_audits_the_view(use_store,
                                                                        scenario) -> None:
    use_store(scenario.path)
    adult = scenario.adult()
    child = sorted(scenario.children_linked(adult["value"]) & set(adult["planted_children"]))[0]
    at = app_as(Role.RHI_MANAGER, "child")
    at.selectbox(key="child_id").set_value(child).run()
    assert not at.exception
    assert at.header[0].value.replace("\\", "").casefold() == \
        scenario.child_names()[child].casefold()
    episodes = table(at, "Episode", "Child", "Name")
    assert set(episodes["Child"]) == {child}
    assert at.get("vega_lite_chart"), "the timeline is drawn"
    at.session_state["child_tab"] = "RHIs and records"
    at.run()
    assert len(table(at, "Date", "Kind", "Record")) >= 1
    assert not at.get("iframe")  # only the open tab is drawn
    at.session_state["child_tab"] = "Links"
    at.run()
    assert f'"id": "Child:{child}"' in at.get("iframe")[0].proto.srcdoc
    governance = Governance.beside(scenario.path)
    try:
        views = [e for e in governance.audit.entries(user=username(Role.RHI_MANAGER))
                 if e["action"] == "child"]
    finally:
        governance.close()
    assert views and views[0]["target"] == f"Child:{child}"  # newest first


def test_review_queue_records_audits_and_undoes_a_decision(use_store, scenario,
                                                           tmp_path) -> None:
    path = _copy(scenario.path, tmp_path)
    use_store(path)
    at = app_as(Role.ANALYST, "review")
    same = [b for b in at.button if b.key and b.key.startswith("same-")]
    assert same, "the scenario leaves pairs to review"
    same[0].click().run()
    assert not at.exception
    assert "Recorded: the same" in at.success[0].value
    undo = [b for b in at.button if b.key and b.key.startswith("undo-")]
    assert len(undo) == 1
    undo[0].click().run()
    assert "Undone" in at.success[0].value
    governance = Governance.beside(path)
    try:
        decisions = [e["query"]["decision"] for e in governance.audit.entries(
            user=username(Role.ANALYST)) if e["action"] == "resolution"]
    finally:
        governance.close()
    assert decisions == ["undo", "merge"]  # newest first


def test_ingest_checks_uploads_then_ingests_and_lists_rejections(use_store, small_store,
                                                                 scenario, tmp_path) -> None:
    path = _copy(small_store.path, tmp_path)
    use_store(path)
    note = next((scenario.folder / "notes").glob("rhi_*.txt"))
    at = app_as(Role.RHI_MANAGER, "ingest")
    uploader = at.get("file_uploader")[0]
    uploader.set_value([(note.name, note.read_bytes(), "text/plain"),
                        ("../../evil.exe", b"MZ", "application/octet-stream"),
                        ("empty.csv", b"", "text/csv"),
                        ("broken.pdf", b"not a pdf at all", "application/pdf")])
    at.run()
    refused = table(at, "File", "Why")
    assert refused["File"].tolist() == ["../../evil.exe", "empty.csv"]
    [go] = [b for b in at.button if b.label.startswith("Ingest 2 files")]
    go.click().run()
    assert not at.exception
    figures = {m.label: m.value for m in at.metric}
    assert (figures["Ingested"], figures["Rejected"]) == ("1", "1")
    rejected = table(at, "When", "File", "Where")
    assert rejected["File"].tolist() == ["broken.pdf"]
    governance = Governance.beside(path)
    try:
        [entry] = [e for e in governance.audit.entries(user=username(Role.RHI_MANAGER))
                   if e["action"] == "ingest"]
    finally:
        governance.close()
    assert (entry["action"], entry["query"]["files"], entry["query"]["ingested"],
            entry["query"]["rejected"]) == ("ingest", 2, 1, 1)
    assert note.name not in json.dumps(entry) and "broken" not in json.dumps(entry)



def test_data_quality_counts_gaps(use_store, scenario) -> None:
    use_store(scenario.path)
    at = app_as(Role.ANALYST, "quality")
    figures = {m.label: m.value for m in at.metric}
    assert set(figures) >= {"RHIs overdue now", "Notes with nothing extracted",
                            "Unresolved mentions", "Pairs awaiting review"}
    assert figures["Unresolved mentions"] == "0"  # the scenario was resolved after ingest


# -- the RHI desk and out-of-area children ------------------------------------------------------
def _note_ids(scenario, *, nil: bool) -> set[str]:
    """Store ids (file names) of the scenario's notes: nil returns, or notes carrying a
    planted pattern, from truth.json."""
    notes = {d["id"]: Path(d["path"]).name for d in scenario.truth["documents"]
             if d["kind"] == "rhi_note"}
    if nil:
        return {Path(d["path"]).name for d in scenario.truth["documents"]
                if d["kind"] == "rhi_note" and d["nil_return"]}
    return {notes[doc] for p in scenario.truth["patterns"] for doc in p["documents"]
            if doc in notes}


def test_desk_queue_shows_planted_notes_as_intelligence_and_nil_returns_as_nil(
        use_store, scenario) -> None:
    use_store(scenario.path)
    at = app_as(Role.RHI_MANAGER, "desk")
    assert not at.exception
    queue = table(at, "Date", "Note", "Child", "Worker")
    triage = dict(zip(queue["Note"], queue["Triage"], strict=True))
    planted, nils = _note_ids(scenario, nil=False), _note_ids(scenario, nil=True)
    assert planted and nils
    assert {triage[n] for n in planted} == {"intelligence-bearing"}
    assert {triage[n] for n in nils} == {"nil return"}
    figures = {m.label.replace("\\", ""): m.value for m in at.metric}
    assert figures["Intelligence-bearing"] == str(sum(v == "intelligence-bearing"
                                                      for v in triage.values()))
    at.radio(key="desk_show").set_value("nil_return").run()
    assert set(table(at, "Date", "Note", "Child", "Worker")["Triage"]) == {"nil return"}
    since = max(dt.date.fromisoformat(d["date"][:10]) for d in scenario.truth["documents"]
                if d["kind"] == "rhi_note") - dt.timedelta(days=14)
    at.radio(key="desk_show").set_value("all")
    at.date_input(key="desk_since").set_value(since).run()
    days = table(at, "Date", "Note", "Child", "Worker")["Date"]
    assert len(days) and all(dt.datetime.strptime(d, "%d/%m/%Y").date() >= since for d in days)


def test_desk_lists_unshared_notes_oldest_first_and_patterns_across_workers(
        use_store, scenario) -> None:
    use_store(scenario.path)
    at = app_as(Role.ANALYST, "desk")
    at.session_state["desk_tab"] = "Not yet shared"
    at.run()
    waiting = table(at, "Date", "Note", "Child", "Worker", "Days waited")
    days = [dt.datetime.strptime(d, "%d/%m/%Y").date() for d in waiting["Date"]]
    assert days and days == sorted(days)
    assert list(waiting["Days waited"]) == [(dt.date.today() - d).days for d in days]
    at.session_state["desk_tab"] = "Across workers"
    at.run()
    patterns = table(at, "Kind", "Adult, place or identifier")
    assert len(patterns) and all(";" in w or ";" in a for w, a in zip(
        patterns["Workers"], patterns["Agencies"], strict=True))


def test_desk_drafts_a_form_only_for_the_rhi_manager(use_store, scenario) -> None:
    use_store(scenario.path)
    at = app_as(Role.ANALYST, "desk")
    at.session_state["desk_tab"] = "Draft a form"
    at.run()
    assert "only roles that read whole notes" in shown(at)
    assert not [b for b in at.button if b.key == "desk_draft_button"]
    at = app_as(Role.RHI_MANAGER, "desk")
    at.session_state["desk_tab"] = "Draft a form"
    at.run()
    note = at.selectbox(key="desk_note").value
    reasons = table(at, "Reason", "Code", "In the note")
    assert len(reasons)
    at.button(key="desk_draft_button").click().run()
    assert not at.exception
    draft = table(at, "Field", "Value")
    fields = dict(zip(draft["Field"], draft["Value"], strict=True))
    assert fields["Derived from"] == note and fields["State"] == "unconfirmed"
    assert [b.label for b in at.get("download_button")] == ["Download DOCX", "Download JSON"]
    assert "rhigraph confirm-isf" in shown(at)


def test_partner_sees_out_of_area_children_as_pseudonyms_and_no_desk(use_store,
                                                                    scenario) -> None:
    use_store(scenario.path)
    placed = _placed_out(scenario.folder)
    assert placed, "the scenario places a child out of area"
    at = app_as(Role.RHI_MANAGER, "out_of_area")
    assert not at.exception
    assert set(table(at, "Child", "Name", "Responsible LA")["Child"]) == placed
    at = app_as(Role.PARTNER, "out_of_area")
    assert not at.exception
    text = shown(at)
    assert PSEUDONYM.search(text) and not CHILD_REF.search(text)
    names = scenario.child_names()
    assert not any(names[c].casefold() in text.casefold() for c in placed)
    assert "Placement packet" not in [t.label for t in at.tabs]
    at.session_state["out_of_area_tab"] = "Cross-boundary places and adults"
    at.run()
    assert "Left out of the partner version" in shown(at)
    with pytest.raises(ValueError):
        at.switch_page(PAGES["desk"])


def test_out_of_area_opens_on_the_latest_quarter_and_widens_on_request(use_store,
                                                                       scenario) -> None:
    """The page reads the 13 weeks up to the latest record unless asked for more (a force's
    whole history is long to read); "All dates" reads everything, and the sidebar's "Since"
    decides instead when set."""
    from graph.meetings.periods import RECENT_DAYS, recent_since
    from graph.store import SQLiteStore, place_reads

    use_store(scenario.path)
    store = SQLiteStore(scenario.path)
    try:
        latest = dt.date.fromisoformat(str(place_reads.latest_place_fact(store, None))[:10])
    finally:
        store.close()
    start = recent_since(latest, dt.date.today(), RECENT_DAYS)
    at = app_as(Role.RHI_MANAGER, "out_of_area")
    assert not at.exception
    assert at.radio(key="out_of_area_span").value == "13 weeks"
    assert f"episodes and links from {start.strftime('%d/%m/%Y')}" in shown(at)
    recent = set(table(at, "Child", "Name", "Responsible LA")["Child"])
    assert recent <= _placed_out(scenario.folder)
    at.radio(key="out_of_area_span").set_value("All dates").run()
    assert not at.exception
    assert "episodes and links all dates" in shown(at)
    assert set(table(at, "Child", "Name", "Responsible LA")["Child"]) == _placed_out(
        scenario.folder)
    at.session_state[controls.SINCE] = latest
    at.run()
    assert not at.exception and at.radio(key="out_of_area_span").disabled
    assert f"episodes and links from {latest.strftime('%d/%m/%Y')}" in shown(at)


def test_after_preparing_the_first_visits_build_nothing_again(
        use_store, scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``rhigraph dashboard`` prepares before the first visit (``data.prepare``) is
    what the pages then show: the default weekly and CSE packs and the out-of-area page's
    list and cross-boundary rows are not read from the store again, for a partner or an
    analyst."""
    from dashboard import data
    from graph.meetings.periods import judging_clock

    use_store(scenario.path)
    data.clear()
    started = dt.datetime.now()
    data.prepare()
    read = _store_reads_of_the_packs(monkeypatch)
    for role in (Role.PARTNER, Role.ANALYST):
        for page in ("weekly", "cse", "out_of_area"):
            at = app_as(role, page)
            assert not at.exception, (role, page)
    if judging_clock(dt.datetime.now()) != judging_clock(started):
        pytest.skip("the judging clock turned during the test")
    assert read == []


def test_the_server_keeps_the_default_views_ready_after_a_write_and_ahead_of_the_clock(
        use_store, scenario, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While it runs, the server prepares again (``data.prepare_views_at``, every few
    seconds from ``serve.keep_prepared``): after a write from another process (an ingest,
    an erasure) the next visitors read nothing from the store, and the packs a page will
    ask for after the judging clock turns are built before it turns."""
    from dashboard import data
    from dashboard.serve import LEAD
    from graph.meetings.periods import JUDGING_STEP_MINUTES, judging_clock
    from graph.store import SQLiteStore

    path = _copy(scenario.path, tmp_path)
    use_store(path)
    data.clear()
    started = dt.datetime.now()
    data.prepare()
    other = SQLiteStore(path)  # another process's connection, as `rhigraph ingest` has
    try:
        note = other.documents("rhi_note")[0]["id"]
        assert other.delete_document(note)
    finally:
        other.close()
    data.prepare_views_at(None, dt.datetime.now())
    # What the server does LEAD / 2 before the clock turns: prepare LEAD ahead of then,
    # which is in the next quarter hour.
    ahead = judging_clock(started) + dt.timedelta(minutes=JUDGING_STEP_MINUTES) - LEAD / 2 + LEAD
    assert judging_clock(ahead) > judging_clock(started)
    read = _store_reads_of_the_packs(monkeypatch)
    data.prepare_views_at(None, ahead)
    assert "cse_inputs" in read, "the next quarter's CSE pack is judged anew, so built now"
    read.clear()
    for role in (Role.PARTNER, Role.ANALYST):
        for page in ("weekly", "cse", "out_of_area"):
            assert not app_as(role, page).exception, (role, page)
    if judging_clock(dt.datetime.now()) != judging_clock(started):
        pytest.skip("the judging clock turned during the test")
    assert read == []
    data.prepare_views_at(None, ahead)  # kept beside the present quarter's, not instead
    assert read == []


def _store_reads_of_the_packs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the names of the meeting loaders that read the store for a pack, the
    out-of-area list or the cross-boundary view, in the order called (the pages' calls that
    were not prepared)."""
    from graph.meetings import load

    read: list[str] = []
    for name in ("weekly_inputs", "cse_inputs", "cross_boundary_inputs", "out_of_area_inputs"):
        real = getattr(load, name)
        monkeypatch.setattr(load, name, lambda *args, _real=real, _name=name, **kwargs: (
            read.append(_name), _real(*args, **kwargs))[1])
    return read


def test_a_long_table_shows_its_first_rows_and_says_how_many_there_are(
        use_store, scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """A force's whole out-of-area history is too long to send to a projector: the screen
    shows the pack's first rows (overdue first) and says how many there are in all."""
    from dashboard.components import packs

    use_store(scenario.path)
    placed = _placed_out(scenario.folder)
    assert len(placed) > 1, "the scenario places more than one child out of area"
    monkeypatch.setattr(packs, "SHOWN_ROWS", 1)
    at = app_as(Role.RHI_MANAGER, "out_of_area")
    assert not at.exception
    assert len(table(at, "Child", "Name", "Responsible LA")) == 1
    assert f"The first 1 of {len(placed):,} rows" in shown(at)


def test_placement_packet_downloads_are_offered_for_an_out_of_area_child(use_store,
                                                                         scenario) -> None:
    use_store(scenario.path)
    at = app_as(Role.ANALYST, "out_of_area")
    at.session_state["out_of_area_tab"] = "Placement packet"
    at.run()
    assert not at.exception
    assert at.selectbox(key="out_of_area_child").value in _placed_out(scenario.folder)
    assert [b.label for b in at.get("download_button")] == [
        "Download HTML", "Download PDF", "Download JSON"]


def _placed_out(folder: Path) -> set[str]:
    """Children with an episode hosted by another LA or force, from episodes.csv."""
    import csv

    with (folder / "episodes.csv").open(encoding="utf-8", newline="") as handle:
        return {r["child_id"] for r in csv.DictReader(handle)
                if (r["host_la"] and r["host_la"] != r["responsible_la"])
                or (r["host_force"] and r["host_force"] != r["home_force"])}


# -- filters -----------------------------------------------------------------------------------
def test_filters_live_in_session_state_with_shared_defaults(use_store, small_store) -> None:
    use_store(small_store.path)
    at = app_as(Role.ANALYST)
    for key, value in controls.DEFAULTS.items():
        assert at.session_state[key] == value
    assert [w.label for w in at.sidebar.date_input] == ["Since", "Until"]
    at.sidebar.text_input(key=controls.AREA).input("Bolton")
    at.sidebar.multiselect(key=controls.CATEGORY).set_value(["CSE"]).run()
    at.switch_page(PAGES["links"]).run()
    assert at.sidebar.text_input(key=controls.AREA).value == "Bolton"
    assert at.sidebar.multiselect(key=controls.CATEGORY).value == ["CSE"]


def test_filters_chosen_on_one_page_hold_on_the_next(tmp_path: Path) -> None:
    """Pages draw the same controls: a two-page app built from them shares values."""
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
            "    window, filters = controls.filter_controls()\n"
            "    top = controls.top_n_control()\n"
            f"st.write(f'{name} {{window.since}} {{top}} {{filters.area}}')\n")
    at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=30).run()
    at.sidebar.date_input(key=controls.SINCE).set_value(dt.date(2026, 1, 2))
    at.sidebar.text_input(key=controls.AREA).input("BL5")
    at.sidebar.slider(key=controls.TOP_N).set_value(3).run()
    assert at.markdown[0].value == "a 2026-01-02 3 BL5"
    at.switch_page("app_pages/b.py").run()
    assert not at.exception
    assert at.markdown[0].value == "b 2026-01-02 3 BL5"
    at.sidebar.slider(key=controls.TOP_N).set_value(4).run()
    at.switch_page("app_pages/a.py").run()
    assert at.markdown[0].value == "a 2026-01-02 4 BL5"


def _copy(store: Path, folder: Path) -> Path:
    """A copy of a store and its governance file, for a test that writes."""
    target = folder / store.name
    shutil.copy(store, target)
    governance = store.with_name(f"{store.stem}.governance.db")
    shutil.copy(governance, target.with_name(f"{target.stem}.governance.db"))
    return target
