"""The pure pieces: the bounded neighbourhood, the offline and escaped network page, tables."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import networkx as nx
import pytest
import pyvis

from dashboard import launch
from dashboard.components import neighbourhood, network, tables
from dashboard.components.neighbourhood import hotspot_graph
from dashboard.components.network import PALETTE, network_html

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
             "#CC79A7"}
HOSTILE = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(3)</script>"


@pytest.mark.parametrize("module", [neighbourhood, network, tables, launch])
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


def test_table_keeps_text_as_written_and_dates_as_dates() -> None:
    frame = tables.hotspot_frame([{
        "rank": 1, "label": HOSTILE, "children": 2, "episodes": 1, "mentions": 3,
        "found_at": 1, "first_seen": "2026-01-05T21:30:00", "last_seen": "2026-02-01",
        "children_linked": [{"child_id": "C-1", "name": "Kayla"},
                            {"child_id": "C-2", "name": None}],
    }])
    row = frame.iloc[0]
    assert row["Place"] == HOSTILE
    assert str(row["First seen"]) == "2026-01-05"
    assert row["Children linked"] == "Kayla (C-1); C-2"
    assert set(tables.hotspot_column_config()) == set(frame.columns)


def test_launch_command_and_environment(tmp_path: Path) -> None:
    argv = launch.command(tmp_path / "x.db", port=8600)
    assert argv[1:4] == ["-m", "streamlit", "run"]
    assert Path(argv[4]) == launch.APP and launch.APP.is_file()
    assert argv[5:] == ["--server.address", "127.0.0.1", "--server.port", "8600",
                        "--server.headless", "true"]
    env = launch.environment(Path("rel.db"), base={"PATH": "/bin"})
    assert env == {"PATH": "/bin", "RHIGRAPH_DB": str(Path("rel.db").resolve())}
