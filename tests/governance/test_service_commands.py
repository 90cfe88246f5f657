"""The service methods the commands and dashboard pages read through, called as each role:
analyses, the desk, interchange exports, packs, copies and the review queue."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import networkx as nx
import pytest

from graph.exc import RhigraphError
from graph.export.cells import restore
from graph.store import Filters, SQLiteStore
from rhigraph.governance import AccessDenied, Governance, Role, Service
from tests.governance.test_service_tiers import PSEUDONYM, strings


def last_entry(governance: Governance) -> dict[str, Any]:
    return governance.audit.entries(limit=1)[0]


def labels(rows: list[dict[str, Any]]) -> set[str]:
    return {str(r["label"]) for r in rows}


# -- analyses ------------------------------------------------------------------------------
def test_an_analysis_is_audited_with_its_query_and_no_names(
        service_as: Callable[[Role], Service], governance: Governance,
        world: SimpleNamespace) -> None:
    rows = service_as(Role.ANALYST).analysis("associates", Filters(since="2026-01-01"),
                                             min_children=2, limit=10)
    assert "Deano" in labels(rows)
    entry = last_entry(governance)
    assert (entry["user"], entry["role"], entry["action"]) == ("analyst-user", "ANALYST",
                                                              "analysis")
    assert entry["query"]["analysis"] == "associates"
    assert entry["query"]["filters"]["since"] == "2026-01-01"
    assert entry["query"]["min_children"] == 2 and entry["query"]["rows"] == len(rows)
    assert "deano" not in json.dumps(entry).lower()


def test_a_path_is_audited_by_keyed_references_not_by_the_names_typed(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    rows = service_as(Role.RHI_MANAGER).analysis("path", a="Deano", b="Queens Park")
    assert rows
    entry = last_entry(governance)
    assert entry["query"]["from"].startswith("Person#")
    assert entry["query"]["to"].startswith("Location#")
    assert "deano" not in json.dumps(entry).lower() and "queens" not in json.dumps(entry).lower()


def test_handling_code_c_facts_reach_the_roles_that_see_them(
        service_as: Callable[[Role], Service], world: SimpleNamespace) -> None:
    hidden = world.HIDDEN.label
    for role in (Role.ANALYST, Role.RHI_MANAGER, Role.ADMIN):
        assert hidden in labels(service_as(role).analysis("hotspots", min_children=1)), role
    assert hidden not in labels(service_as(Role.PARTNER).analysis("hotspots", min_children=1))


def test_a_partner_ranks_places_only_with_pseudonymous_children(
        service_as: Callable[[Role], Service], governance: Governance,
        world: SimpleNamespace) -> None:
    partner = service_as(Role.PARTNER)
    rows = partner.analysis("hotspots", min_children=1, include_placements=True)
    assert labels(rows) == {world.FLAT.label}, "one child at the park for a partner; " \
                                               "the placement never"
    (flat,) = rows
    assert flat["children"] == 3 and flat["variants"] == []
    assert all(PSEUDONYM.fullmatch(c["child_id"]) and c["name"] is None
               for c in flat["children_linked"])
    forbidden = [*world.NAMES, *world.NAMES.values(), "Deano"]
    assert not any(word in text for text in strings(rows) for word in forbidden)
    assert last_entry(governance)["query"]["min_children"] == 2
    for name in ("associates", "identifiers", "triangles", "escalation", "episodes"):
        with pytest.raises(AccessDenied, match="role PARTNER may not"):
            partner.analysis(name)
        entry = last_entry(governance)
        assert (entry["action"], entry["outcome"]) == ("analysis", "denied")


# -- the desk ------------------------------------------------------------------------------
def test_the_desk_is_for_roles_that_see_facts(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    rows = service_as(Role.RHI_MANAGER).triage_queue(since=None)
    assert {r["document_id"] for r in rows} == {"n1", "n2"}
    assert last_entry(governance)["action"] == "triage"
    with pytest.raises(AccessDenied):
        service_as(Role.PARTNER).triage_queue()
    assert last_entry(governance)["outcome"] == "denied"
    with pytest.raises(AccessDenied):
        service_as(Role.ANALYST).draft_isf("n1", today=dt.date(2026, 3, 1))
    assert last_entry(governance)["outcome"] == "denied"


# -- interchange exports -------------------------------------------------------------------
def i2_cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_exports_leave_out_handling_code_c_for_roles_that_may_not_export_it(
        service_as: Callable[[Role], Service], governance: Governance,
        world: SimpleNamespace, tmp_path: Path) -> None:
    exported = {}
    for role in (Role.ANALYST, Role.RHI_MANAGER, Role.ADMIN):
        out = tmp_path / f"{role.value}.graphml"
        service_as(role).export_graph("graphml", out)
        graph = nx.read_graphml(out)
        exported[role] = {d["label"] for _, d in graph.nodes(data=True)}
        entry = last_entry(governance)
        assert (entry["action"], entry["query"]["what"]) == ("export", "graph graphml")
    assert world.HIDDEN.label in exported[Role.ANALYST] & exported[Role.RHI_MANAGER]
    assert world.HIDDEN.label not in exported[Role.ADMIN]
    assert world.FLAT.label in exported[Role.ADMIN]


def test_a_partner_export_has_pseudonymous_children_and_no_names_or_text(
        service_as: Callable[[Role], Service], world: SimpleNamespace,
        tmp_path: Path) -> None:
    for fmt, name in (("i2", "p.csv"), ("graphml", "p.graphml"), ("gexf", "p.gexf"),
                      ("neo4j-csv", "neo4j")):
        out = tmp_path / name
        counts = service_as(Role.PARTNER).export_graph(fmt, out)
        assert any(counts.values()), fmt
        files = sorted(out.glob("*")) if out.is_dir() else [out]
        written = "\n".join(f.read_text("utf-8-sig") for f in files)
        assert PSEUDONYM.search(written), fmt
        forbidden = [*world.NAMES, *world.NAMES.values(), "Deano", "deano", "Gemma",
                     "Bolton MFH", world.HIDDEN.label, world.PARK.label,
                     world.LARKFIELD.label, world.NOTE_SECRET[:25], "vodka"]
        assert not [w for w in forbidden if w in written], fmt
    rows = i2_cells(tmp_path / "p.csv")
    assert rows and {r["document"] for r in rows}.isdisjoint({"n1", "n2", "f1", "fc"})


def test_a_formula_in_a_name_is_neutralised_in_csv_exports(
        store: SQLiteStore, service_as: Callable[[Role], Service], world: SimpleNamespace,
        tmp_path: Path) -> None:
    from graph.store import EntityRecord

    hostile = '=HYPERLINK("http://evil.example","click")'
    place = EntityRecord("Location", "hostile", hostile)
    store.write(world.document_batch("h1", "intel_form", "C-1005", f"Seen at {hostile}.",
                                     [("AT", place, hostile)], date="2026-01-23"))
    analyst = service_as(Role.ANALYST)
    analyst.export_graph("i2", tmp_path / "net.csv")
    cells = [c for row in i2_cells(tmp_path / "net.csv") for c in row.values()]
    assert "'" + hostile in cells and hostile not in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    analyst.export_graph("neo4j-csv", tmp_path / "neo4j")
    written = [c for f in (tmp_path / "neo4j").glob("*.csv")
               for row in csv.reader(f.open(encoding="utf-8")) for c in row]
    assert "'" + hostile in written and restore("'" + hostile) == hostile
    rows = analyst.export_rows("links")
    assert any(r["target"] == "'" + hostile for r in rows)


# -- packs and copies ----------------------------------------------------------------------
def test_packs_are_audited_and_a_partner_always_gets_the_partner_version(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    filters, redaction = service_as(Role.ANALYST).authorise_pack(
        "placement_packet", partner=False, target="Child:C-1001")
    assert redaction is None and "C" in (filters.handling_codes or ("P", "C"))
    entry = last_entry(governance)
    assert (entry["action"], entry["target"]) == ("export", "Child:C-1001")
    filters, redaction = service_as(Role.ADMIN).authorise_pack("weekly_pack 2026-W02")
    assert redaction is None and "C" not in filters.handling_codes
    filters, redaction = service_as(Role.PARTNER).authorise_pack("weekly_pack 2026-W02")
    assert redaction is not None and filters.min_grading and filters.handling_codes == ("P",)
    assert last_entry(governance)["query"]["what"].endswith("(partner version)")
    filters, redaction = service_as(Role.RHI_MANAGER).authorise_pack("cse", partner=True)
    assert redaction is not None and filters.handling_codes == ("P",)


def test_only_a_role_that_reads_everything_copies_the_store(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    service_as(Role.RHI_MANAGER).authorise_copy("neo4j")
    assert last_entry(governance)["action"] == "sync"
    for role in (Role.ANALYST, Role.ADMIN, Role.PARTNER):
        with pytest.raises(AccessDenied):
            service_as(role).authorise_copy("neo4j")


# -- the review queue and records ----------------------------------------------------------
def test_resolution_decisions_are_audited_by_reference_and_need_the_role(
        store: SQLiteStore, service_as: Callable[[Role], Service], governance: Governance,
        world: SimpleNamespace) -> None:
    analyst = service_as(Role.ANALYST)
    judgement = analyst.judge_entities(world.FLAT.id, world.PARK.id, same=False)
    entry = last_entry(governance)
    assert (entry["action"], entry["query"]["decision"]) == ("resolution", "keep_apart")
    assert all(ref.startswith("Location#") for ref in entry["query"]["entities"])
    assert "mossfield" not in json.dumps(entry).lower()
    (made,) = analyst.judgements()
    assert made["id"] == judgement and made["user"] == "analyst-user"
    analyst.undo_judgement(judgement)
    assert last_entry(governance)["query"]["decision"] == "undo"
    assert analyst.judgements() == []
    with pytest.raises(RhigraphError, match="no active judgement"):
        analyst.undo_judgement(judgement)
    for role in (Role.ADMIN, Role.PARTNER):
        with pytest.raises(AccessDenied, match="decide entity resolution"):
            service_as(role).judge_entities(world.FLAT.id, world.PARK.id, same=True)
        with pytest.raises(AccessDenied):
            service_as(role).resolution_candidates()
    assert store.judgements(active=None)[-1]["id"] == judgement, "refusals wrote nothing"


def test_quality_reads_are_for_roles_that_see_facts(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    admin = service_as(Role.ADMIN)
    status = admin.resolution_status()
    assert set(status) == {"last", "stale", "waiting"} and status["stale"]
    mentions = admin.document_mentions(["n1"])
    assert mentions and {m["document_id"] for m in mentions} == {"n1"}
    assert last_entry(governance)["query"] == {"documents": 1, "rows": len(mentions)}
    assert admin.rejections() == [] and admin.actions(child_id="C-1001") == []
    assert last_entry(governance)["target"] == "Child:C-1001"
    partner = service_as(Role.PARTNER)
    for read in (partner.resolution_status, partner.document_mentions, partner.rejections,
                 lambda: partner.actions(child_id="C-1001")):
        with pytest.raises(AccessDenied):
            read()
