"""Partner versions: children pseudonymised, names, identifiers, addresses and text gone."""

from __future__ import annotations

import copy
import json
import re

from graph.meetings.sections import section
from graph.report import render
from graph.report.redact import Redaction, redact, redaction_for
from rhigraph.governance.pseudonym import Pseudonyms
from rhigraph.governance.roles import Role, policy_for

KEY = bytes(range(32))
NAMES = ("Amy Hosted", "Ben Open", "Cara Early", "Dan Placed", "Eve Repeat", "Finn Placement",
         "alert(1)")


def _partner():
    redaction = redaction_for(policy_for(Role.PARTNER), Pseudonyms(KEY))
    assert redaction is not None
    return redaction


def test_only_roles_that_pseudonymise_get_a_partner_version() -> None:
    assert redaction_for(policy_for(Role.ANALYST), Pseudonyms(KEY)) is None
    assert redaction_for(policy_for(Role.PARTNER), Pseudonyms(KEY)).min_children == 2


def test_partner_version_leaves_out_who_the_children_are(weekly) -> None:
    before = copy.deepcopy(weekly)
    partner = redact(weekly, _partner())
    assert weekly == before, "redaction changed its input"
    text = json.dumps(partner)
    assert not re.search(r"\bC-\d+\b", text)
    assert not re.search(r"\bMP-\d+\b", text)
    for name in NAMES:
        assert name not in text
    for address in ("Moss Lane", "Birch Lane", "Mossfield Court", "Gorton Street"):
        assert address not in text
    assert partner["redacted"] is True
    rows = section(partner, "episodes")["rows"]
    assert len(rows) == 6
    assert all(r["child_id"].startswith("Child ") for r in rows)
    assert {"child_name", "missing_from", "found_at"}.isdisjoint(rows[0])


def test_pseudonyms_are_stable_across_sections(weekly) -> None:
    partner = redact(weekly, _partner())
    pseudonym = Pseudonyms(KEY).child("C-2")
    in_episodes = [r for r in section(partner, "episodes")["rows"] if r["child_id"] == pseudonym]
    in_out = [r for r in section(partner, "out_of_area")["rows"] if r["child_id"] == pseudonym]
    assert len(in_episodes) == 1 and len(in_out) == 1


def test_identifying_sections_are_emptied_and_thin_rows_dropped() -> None:
    pack = {"kind": "x", "title": "t", "redacted": False,
            "headline": [{"label": "Adults", "value": 1}, {"label": "Places", "value": 2}],
            "sections": [
        {"id": "adults", "type": "table", "title": "Adults", "sensitive": True,
         "columns": [{"key": "label", "label": "Adult", "kind": "person"}],
         "rows": [{"label": "Deano"}]},
        {"id": "hotspots", "type": "table", "title": "Places", "sensitive": False,
         "children_key": "children", "note": None,
         "columns": [{"key": "label", "label": "Place", "kind": "place"},
                     {"key": "children", "label": "Children", "kind": "number"},
                     {"key": "child_ids", "label": "Children", "kind": "children"}],
         "rows": [{"label": "18 Mossfield Court", "children": 3,
                   "child_ids": ["C-1", "C-2", "C-3"]},
                  {"label": "A house", "children": 1, "child_ids": ["C-9"]}]},
    ]}
    out = redact(pack, Redaction(child=lambda c: f"P{c[-1]}",
                                 reference=lambda k, v: f"{k}#"))
    assert out["sections"][0]["rows"] == [] and "Deano" not in json.dumps(out)
    assert out["sections"][1]["rows"] == [{"label": "18 Mossfield Court", "children": 3,
                                           "child_ids": ["P1", "P2", "P3"]}]
    assert "1 row(s)" in out["sections"][1]["note"]
    assert out["headline"] == [{"label": "Places", "value": 2}]  # the left-out count goes
    assert [h["label"] for h in pack["headline"]] == ["Adults", "Places"]


def test_partner_html_and_pdf_carry_no_names(weekly) -> None:
    partner = redact(weekly, _partner())
    html = render(partner, ".html").decode("utf-8")
    assert "partner version" in html
    for name in NAMES:
        assert name not in html
    assert "&lt;script" not in html and "<script" not in html


def test_a_roles_policy_sets_the_filters_of_its_reads() -> None:
    from graph.meetings.load import filters_for, shareable_filters

    partner = filters_for(policy_for(Role.PARTNER))
    assert partner.handling_codes == ("P",) and partner.min_grading
    assert partner == shareable_filters()
    analyst = filters_for(policy_for(Role.ANALYST))
    assert analyst.handling_codes == () and not analyst.min_grading
