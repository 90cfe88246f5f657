"""The pure pieces: the bounded neighbourhood, the offline and escaped network page, tables."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import networkx as nx
import pytest
import pyvis
from click.testing import CliRunner

from dashboard import launch
from dashboard.components import (
    charts,
    controls,
    desk,
    explore,
    geo,
    layout,
    neighbourhood,
    network,
    packs,
    profile,
    quality,
    tables,
    uploads,
)
from dashboard.components.neighbourhood import hotspot_graph
from dashboard.components.network import PALETTE, network_html
from rhigraph.cli import main
from tests.dashboard.conftest import HOSTILE_POSTCODE

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
             "#CC79A7"}
HOSTILE = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(3)</script>"


@pytest.mark.parametrize("module", [neighbourhood, network, tables, launch, explore, geo,
                                    packs, uploads, quality, profile, layout, controls,
                                    desk])
def test_docstring_examples(module) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def _link(kind: str, source: str, target: str, child: str | None, doc: str,
          seen: str = "2026-01-05") -> dict:
    return {"type": kind, "source_id": source, "target_id": target, "child_id": child,
            "document_id": doc, "observed_at": seen}


def _spot(location_id: str, rank: int, label: str = "A place") -> dict:
    return {"location_id": location_id, "label": label, "rank": rank, "children": 1,
            "episodes": 0, "mentions": 1, "found_at": 0, "variants": [label, "a plase"]}


def test_graph_holds_the_hotspots_and_their_direct_neighbours_only() -> None:
    spots = [_spot("Location:a", 1)]
    links = [
        _link("AT", "Person:p", "Location:a", "C1", "d1"),
        _link("USES", "Person:p", "Phone:+447700900417", "C1", "d1"),   # two hops away
        _link("AT", "Child:C2", "Location:b", "C2", "d2"),              # not a hotspot drawn
        _link("TRANSPORTED_BY", "Child:C1", "Vehicle:MF67LKW", "C1", "d1"),
        _link("AT", "Vehicle:MF67LKW", "Location:a", "C1", "d1"),
    ]
    graph = hotspot_graph(spots, links, [{"id": "Person:p", "label": "Deano"}])
    assert set(graph.nodes) == {"Location:a", "Person:p", "Child:C1", "Vehicle:MF67LKW"}
    assert set(graph.edges) == {("Location:a", "Person:p"), ("Location:a", "Child:C1"),
                                ("Location:a", "Vehicle:MF67LKW")}
    assert graph.nodes["Person:p"] == {"type": "Person", "label": "Deano"}
    assert graph.nodes["Vehicle:MF67LKW"]["label"] == "MF67LKW"  # key when no entity row


def test_documents_and_episodes_fold_into_a_child_place_edge() -> None:
    spots = [_spot("Location:a", 1)]
    links = [
        _link("MENTIONED_IN", "Location:a", "Document:d1", "C1", "d1", "2026-01-05"),
        _link("FOUND_AT", "Episode:E1", "Location:a", "C1", "episodes.csv", "2026-02-01"),
        _link("AT", "Child:C1", "Location:a", "C1", "d1", "2026-01-04"),
    ]
    graph = hotspot_graph(spots, links, [])
    assert set(graph.nodes) == {"Location:a", "Child:C1"}
    edge = graph.edges["Child:C1", "Location:a"]
    assert edge["relations"] == ["AT", "FOUND_AT", "MENTIONED_IN"]
    assert (edge["count"], edge["first_seen"], edge["last_seen"]) == (2, "2026-01-04",
                                                                       "2026-02-01")


def test_ungrouped_links_are_skipped_without_a_child() -> None:
    graph = hotspot_graph([_spot("Location:a", 1)],
                          [_link("MENTIONED_IN", "Location:a", "Document:d", None, "d")], [])
    assert list(graph.nodes) == ["Location:a"]


def _hostile_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("Location:x", type="Location", label=HOSTILE, rank=1, children=2,
                   variants=[HOSTILE, "<b>bold</b>"])
    graph.add_node("Person:y", type="Person", label=BREAKOUT)
    graph.add_node("Child:C1", type="Child", label="Amy")
    graph.add_node("Episode:E1", type="Episode", label="E1")
    graph.add_edge("Location:x", "Person:y", relations=["AT"], count=1,
                   first_seen="2026-01-01", last_seen="2026-01-01")
    graph.add_edge("Location:x", "Child:C1", relations=["AT", "FOUND_AT"], count=2,
                   first_seen="2026-01-01", last_seen="2026-02-01")
    return graph


def _vis_data(page: str, name: str) -> list[dict]:
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", page)
    assert match, f"{name} not found"
    return json.loads(match.group(1))


def test_page_is_offline_and_inlines_vis_network() -> None:
    page = network_html(_hostile_graph())
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert "jsdelivr" not in page and "cdnjs" not in page
    bundle = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    assert (bundle / "vis-network.min.js").read_text()[:2000] in page


def test_labels_are_text_and_cannot_break_out_of_the_script() -> None:
    page = network_html(_hostile_graph())
    assert HOSTILE not in page and BREAKOUT not in page and "<svg onload" not in page
    nodes = {n["id"]: n for n in _vis_data(page, "nodes")}
    # Canvas labels carry the text as written: no double escaping on screen.
    assert nodes["Location:x"]["label"] == "1. " + network.short_label(HOSTILE)
    assert nodes["Person:y"]["label"] == network.short_label(BREAKOUT)
    assert all("title" not in n for n in nodes.values())  # pyvis's innerHTML branch unused


def test_tooltips_escape_every_value() -> None:
    page = network_html(_hostile_graph())
    nodes = {n["id"]: n for n in _vis_data(page, "nodes")}
    tip = nodes["Location:x"]["tooltip_html"]
    assert tip.startswith("<b>&lt;img src=x onerror=alert(1)&gt;</b>")
    assert "&lt;b&gt;bold&lt;/b&gt;" in tip
    assert "Distinct children: 2" in tip
    edges = _vis_data(page, "edges")
    assert any("Linked by: at, found at" in e["tooltip_html"] for e in edges)
    markup = "".join(n["tooltip_html"] for n in nodes.values())
    markup += "".join(e["tooltip_html"] for e in edges)
    assert set(re.findall(r"<(/?\w+)", markup)) <= {"b", "/b", "br"}


def test_palette_is_okabe_ito_with_a_shape_per_type_and_a_legend() -> None:
    assert {style.colour for style in PALETTE.values()} <= OKABE_ITO
    assert network.OTHER_STYLE.colour in OKABE_ITO
    shapes = [style.shape for style in PALETTE.values()]
    assert len(shapes) == len(set(shapes))
    legend = network.legend_html(["Location", "Person", "Child", "Episode"])
    assert re.findall(r"</svg>([^<]+)</span>", legend) == ["Place", "Child", "Person", "Other"]
    page = network_html(_hostile_graph())
    assert 'class="rhigraph-legend"' in page
    nodes = {n["id"]: n for n in _vis_data(page, "nodes")}
    assert nodes["Location:x"]["color"]["background"] == PALETTE["Location"].colour
    assert nodes["Location:x"]["shape"] == "box"
    assert nodes["Location:x"]["label"].startswith("1. ")  # rank, as in the table
    assert f"font-size: {network.LEGEND_FONT_PX}px" in page
    assert network.LABEL_FONT_PX >= 20


def test_empty_graph_still_renders() -> None:
    assert "new vis.Network" in network_html(nx.Graph())


def test_pack_tables_keep_text_as_written_and_show_uk_dates() -> None:
    frame = packs.section_frame({
        "columns": [{"key": "label", "label": "Place", "kind": "place"},
                    {"key": "last_seen", "label": "Last seen", "kind": "when"},
                    {"key": "child_ids", "label": "Children linked", "kind": "children"}],
        "rows": [{"label": HOSTILE, "last_seen": "2026-01-05T21:30",
                  "child_ids": ["C-1", "C-2"]}]})
    assert frame.iloc[0].tolist() == [HOSTILE, "05/01/2026 21:30", "C-1; C-2"]


def test_markdown_escaping_shows_names_as_typed() -> None:
    for hostile in (HOSTILE, BREAKOUT, "![x](http://e.invalid/x.png)", ":red[x] $x$",
                    "[link](javascript:alert(1))", "**bold** _it_ `code` # head"):
        escaped = layout.md(hostile)
        assert re.sub(r"\\(.)", r"\1", escaped) == hostile  # unescaped, it is the input
        assert not re.search(r"(?<!\\)[\[\]()!*_`$:<>#]", escaped)  # nothing left active


def _links() -> list[dict]:
    def link(i: int, kind: str, source: str, target: str, child: str, doc: str,
             cluster: str | None = None) -> dict:
        return {"id": i, "type": kind, "source_id": source, "target_id": target,
                "source_cluster": cluster, "target_cluster": None, "child_id": child,
                "document_id": doc, "observed_at": f"2026-01-0{i}", "start": 0, "end": 3}
    return [
        link(1, "MENTIONED_IN", "Person:jord", "Document:n1", "C1", "n1",
             "Person:jordan gardner"),
        link(2, "MENTIONED_IN", "Person:jordan gardner", "Document:n2", "C2", "n2"),
        link(3, "AT", "Child:C1", "Location:flat", "C1", "n1"),
        link(4, "MENTIONED_IN", "Person:sw", "Document:n1", "C1", "n1"),
        link(5, "MENTIONED_IN", "Organisation:gmp", "Document:n2", "C2", "n2"),
    ]


_ENTITIES = [
    {"id": "Person:jordan gardner", "type": "Person", "key": "jordan gardner",
     "label": "Jordan GARDNER", "props": {"role": "ADULT_OF_CONCERN"}},
    {"id": "Person:jord", "type": "Person", "key": "jord", "label": "Jord",
     "props": {"nickname": "Jord", "role": "ADULT_OF_CONCERN"}},
    {"id": "Person:sw", "type": "Person", "key": "sw", "label": "Sam Worker",
     "props": {"role": "PROFESSIONAL"}},
    {"id": "Child:C1", "type": "Child", "key": "C1", "label": "Amy", "props": {"name": "Amy"}},
    {"id": "Child:C2", "type": "Child", "key": "C2", "label": "Ben", "props": {"name": "Ben"}},
    {"id": "Location:flat", "type": "Location", "key": "flat", "label": "Flat 3",
     "props": {}},
]


def _read(links: list[dict], entities: list[dict]) -> explore.Read:
    """The explorer's read over a store holding only ``links``: the links touching the ids
    as resolved, and every link about a child among them (a document folds into its
    child), with the entities at their ends."""
    def read(ids):
        wanted = set(ids)
        around = [link for link in links if wanted & {
            link["source_cluster"] or link["source_id"], link["target_cluster"]
            or link["target_id"], f"Child:{link['child_id']}"}]
        ends = wanted | {link[key] for link in around for key in (
            "source_id", "target_id", "source_cluster", "target_cluster") if link[key]}
        return around, [e for e in entities if e["id"] in ends]
    return read


def test_explorer_draws_resolved_clusters_with_their_children() -> None:
    graph = explore.build(_links(), _ENTITIES)
    assert "Person:jord" not in graph
    assert graph.nodes["Person:jordan gardner"]["variants"] == ["Jord", "Jordan GARDNER"]
    children = explore.children_linked(graph, "Person:jordan gardner")
    assert [(c["child_id"], c["name"]) for c in children] == [("C1", "Amy"), ("C2", "Ben")]
    hits = [{"kind": "entity", "id": "Person:jord", "type": "Person", "label": "Jord"}]
    names = [{"entity_id": "Person:jord", "type": "Person", "name": "Jord",
              "cluster": "Person:jordan gardner"}]
    found = explore.found("jord", hits, names, _read(_links(), _ENTITIES))
    assert [(m["entity_id"], m["how"], m["also"]) for m in found] == [
        ("Person:jordan gardner", "name contains", ["Jord"])]


def test_explorer_leaves_out_professionals_and_hubs_unless_asked() -> None:
    graph = explore.build(_links(), _ENTITIES)
    view, _ = explore.neighbourhood(graph, "Child:C1")
    assert set(view.nodes) == {"Child:C1", "Person:jordan gardner", "Location:flat"}
    assert view.nodes["Child:C1"]["focus"] is True
    view, _ = explore.neighbourhood(graph, "Child:C1", professionals=True)
    assert "Person:sw" in view and "Organisation:gmp" not in view
    view, left_out = explore.neighbourhood(graph, "Child:C1", max_nodes=2)
    assert len(view) == 2 and left_out == 1


def test_explorer_path_and_the_links_behind_an_edge() -> None:
    hops, graph, why = explore.grow_path(_read(_links(), _ENTITIES), "Location:flat",
                                         "Child:C2")
    assert why is None
    assert [(h["from_id"], h["entity_id"]) for h in hops] == [
        ("Location:flat", "Child:C1"), ("Child:C1", "Person:jordan gardner"),
        ("Person:jordan gardner", "Child:C2")]
    support = explore.supporting_links(_links(), "Person:jordan gardner", "Child:C1")
    assert [(s["id"], s["source_member"]) for s in support] == [(1, "Person:jord")]


def test_places_are_located_by_postcode_district_or_town() -> None:
    exact = geo.place_point("1 Any Street", {"postcode": HOSTILE_POSTCODE})
    assert exact and exact["precision"] == "postcode"
    assert geo.place_point(f"Flat 2, {HOSTILE_POSTCODE}", {})["precision"] == "postcode"
    assert geo.place_point("Somewhere, WN3 9ZZ", {})["precision"] == "district"
    assert geo.place_point("Red Moss Inn, Oldham", {})["precision"] == "town"
    assert geo.place_point("Kestrel House", {}) is None
    lat, lon = exact["lat"], exact["lon"]
    assert 53.3 < lat < 53.7 and -2.8 < lon < -1.9  # Greater Manchester
    assert 1000 < len(geo.backdrop()) < 5000


def test_uploads_are_checked_by_extension_size_and_name() -> None:
    checked = uploads.check([("notes/rhi 1.txt", 10), ("x.docm", 10), ("big.pdf", 11),
                             ("a.exe", 1), (".hidden.csv", 3)], max_bytes=10)
    assert [(c.safe_name, c.problem) for c in checked] == [
        ("rhi 1.txt", None), ("x.docm", None),
        ("big.pdf", "too large: 11 bytes, the limit is 10"),
        ("a.exe", "not a format rhigraph reads (.exe)"), ("hidden.csv", None)]
    assert {".txt", ".csv", ".pdf", ".docx", ".json", ".xlsx"} <= set(uploads.EXTENSIONS)


def test_timeline_draws_spans_and_marks_from_mixed_date_formats() -> None:
    chart = charts.timeline([
        {"lane": "Missing episode", "start": "2026-01-17T10:00", "end": "2026-01-18T09:00",
         "what": "MP-1", "detail": ""},
        {"lane": "RHI note", "start": "2026-02-11", "end": None, "what": HOSTILE,
         "detail": ""}]).to_dict()
    assert sorted(len(rows) for rows in chart["datasets"].values()) == [1, 1]
    assert HOSTILE in [row["what"] for rows in chart["datasets"].values() for row in rows]


def test_map_places_points_over_the_backdrop() -> None:
    chart = charts.hotspot_map([{"rank": 1, "label": HOSTILE, "children": 3, "trend": "up",
                                 "precision": "postcode", "lat": 53.5, "lon": -2.4}]).to_dict()
    sizes = sorted(len(rows) for rows in chart["datasets"].values())
    assert sizes[0] == 1 and sizes[-1] == len(geo.backdrop())
    assert chart["projection"]["type"] == "mercator"


def test_notes_without_extractions_and_rhis_not_done() -> None:
    docs = [{"id": "n1", "kind": "rhi_note", "date": "2026-01-01", "fields": {}},
            {"id": "n2", "kind": "intel_form", "date": "2026-01-02", "fields": {}},
            {"id": "e", "kind": "episodes", "date": None, "fields": {}}]
    links = [{"source_id": "Child:C1", "target_id": "Document:n1", "document_id": "n1"}]
    indicators = [{"document_id": "n2", "code": "CSE"}]
    assert [r["id"] for r in quality.without_extractions(docs, links, indicators)] == ["n1"]


def test_launch_command_and_environment(tmp_path: Path) -> None:
    argv = launch.command(port=8600)
    assert argv[1:4] == ["-m", "streamlit", "run"]
    assert Path(argv[4]) == launch.ENTRY and launch.ENTRY.is_file() and launch.APP.is_file()
    assert argv[5:] == ["--server.address", "127.0.0.1", "--server.port", "8600",
                        "--server.headless", "true"]
    env = launch.environment(Path("rel.db"), base={"PATH": "/bin", launch.NO_AUTH_ENV: "1"})
    assert env == {"PATH": "/bin", "RHIGRAPH_DB": str(Path("rel.db").resolve())}
    env = launch.environment(Path("rel.db"), base={}, no_auth=True)
    assert env[launch.NO_AUTH_ENV] == "1"


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "", "::"])
def test_no_auth_refuses_any_address_but_loopback(address: str, tmp_path: Path) -> None:
    with pytest.raises(launch.UnsafeAddress):
        launch.run(tmp_path / "x.db", 8600, address, no_auth=True)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "dashboard",
                                       "--no-auth", "--address", address or "''"])
    assert result.exit_code == 2 and "--no-auth" in result.output
    for loopback in ("127.0.0.1", "::1", "[::1]", "localhost"):
        launch.check_no_auth(loopback)


def test_the_served_script_is_the_app_behind_a_start_up_step() -> None:
    """``rhigraph dashboard`` serves ``serve.py``, which Streamlit must see as an ``st.App``
    (run with its lifespan before any connection is accepted), wrapping ``app.py``."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(launch.ENTRY)
    assert found.is_asgi_app and found.import_string and found.import_string.endswith(":app")
    from dashboard import serve

    assert Path(serve.app.script_path).name == launch.APP.name


def test_preparing_imports_what_the_pages_import_even_inside_functions() -> None:
    from dashboard import data

    names = set(data.import_page_modules())
    # imported at the top of a page, and only inside one of data's functions
    assert {"dashboard.components.charts", "graph.meetings.weekly", "pandas"} <= names
