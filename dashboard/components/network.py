"""A networkx graph as a self-contained pyvis (vis-network) HTML page for ``st.iframe``.

Three things matter in the meeting room and drive the choices here:

* **Offline.** Dashboards run on police and council laptops with no internet. vis-network is
  inlined (``cdn_resources="in_line"``) and the Bootstrap CDN tags pyvis's template always
  adds are stripped; :func:`network_html` refuses to return HTML that still loads anything
  from the network.
* **Projector and colour-blind safe.** Okabe-Ito colours, a distinct shape per entity type
  (colour is never the only cue), black borders, large labels with a white halo, and a legend
  drawn in the same HTML so it is in every screenshot.
* **Hostile text.** Names and addresses come from free-text notes and forms. Labels are drawn
  on the canvas (text, never markup) and reach the page only inside pyvis's ``tojson``, which
  escapes ``<``, ``>`` and ``&``; they are therefore *not* HTML-escaped (that would show
  ``&lt;`` on screen). Tooltips are HTML: every value in them is ``html.escape``-d, and they
  are handed to vis-network under ``tooltip_html`` (never pyvis's ``title``, whose "href"
  branch switches to an ``innerHTML`` popup), then turned into DOM elements in the page.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pyvis.network import Network

from dashboard.components.neighbourhood import RELATION_WORDS


@dataclass(frozen=True)
class NodeStyle:
    """How one entity type is drawn: an Okabe-Ito colour and a vis-network shape."""

    colour: str
    shape: str
    name: str


#: Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
#: deficiencies. Each type also has its own shape.
PALETTE: Mapping[str, NodeStyle] = {
    "Location": NodeStyle("#E69F00", "box", "Place"),
    "Child": NodeStyle("#0072B2", "dot", "Child"),
    "Person": NodeStyle("#D55E00", "triangle", "Person"),
    "Vehicle": NodeStyle("#009E73", "diamond", "Vehicle"),
    "Phone": NodeStyle("#CC79A7", "star", "Phone"),
    "OnlineAccount": NodeStyle("#56B4E9", "triangleDown", "Online account"),
    "Organisation": NodeStyle("#F0E442", "hexagon", "Organisation"),
}
OTHER_STYLE = NodeStyle("#000000", "dot", "Other")

LABEL_FONT_PX = 26
LEGEND_FONT_PX = 20
TOOLTIP_FONT_PX = 18
MAX_LABEL_CHARS = 32

_OPTIONS: dict[str, Any] = {
    "nodes": {
        "borderWidth": 2,
        "font": {"size": LABEL_FONT_PX, "face": "DejaVu Sans, Arial, sans-serif",
                 "color": "#000000", "strokeWidth": 5, "strokeColor": "#ffffff"},
    },
    "edges": {"color": {"color": "#555555", "highlight": "#000000"}, "smooth": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    # A fixed seed: the same records give the same picture, week after week and on every
    # screen in the room.
    "layout": {"randomSeed": 7},
    "physics": {
        "solver": "forceAtlas2Based",
        # Tried on the shared sample records against barnesHut, repulsion and stronger central
        # gravity: no overlapping labels at the largest zoom that still fits the frame.
        "forceAtlas2Based": {"gravitationalConstant": -200, "springLength": 100,
                             "centralGravity": 0.02, "avoidOverlap": 0.6},
        "stabilization": {"enabled": True, "iterations": 800, "fit": True},
    },
}

# Runs inside pyvis's drawGraph() just before the network is created: tooltips become DOM
# elements built from the escaped HTML (so vis-network shows the markup we wrote and the text
# the records hold), and the layout is frozen once stable so the picture stays still.
_TOOLTIP_SCRIPT = """
                  function rhigraphTooltip(markup) {
                      var element = document.createElement("div");
                      element.className = "rhigraph-tooltip";
                      element.innerHTML = markup;  // built from html.escape-d values only
                      return element;
                  }
                  [nodes, edges].forEach(function (set) {
                      set.forEach(function (item) {
                          if (item.tooltip_html) {
                              set.update({id: item.id, title: rhigraphTooltip(item.tooltip_html)});
                          }
                      });
                  });
"""
_READY_SCRIPT = """
                  network.once("stabilizationIterationsDone", function () {
                      network.setOptions({physics: false});
                      network.fit();
                      document.body.setAttribute("data-network-state", "stable");
                  });
                  document.body.setAttribute("data-network-state", "drawn");
"""
_STYLE = f"""
<style>
  body {{ margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; background: #ffffff; }}
  #mynetwork {{ float: none !important; box-sizing: border-box;
               border: 1px solid #bbbbbb !important; }}
  .rhigraph-legend {{ display: flex; flex-wrap: wrap; gap: 6px 22px; align-items: center;
                     padding: 6px 4px 10px 4px; font-size: {LEGEND_FONT_PX}px; color: #000000; }}
  .rhigraph-legend span {{ display: inline-flex; align-items: center; gap: 8px; }}
  .vis-tooltip {{ font-size: {TOOLTIP_FONT_PX}px !important; color: #000000 !important;
                 font-family: "DejaVu Sans", Arial, sans-serif !important;
                 background: #ffffff !important; border: 1px solid #000000 !important;
                 padding: 8px !important; max-width: 480px; white-space: normal !important; }}
</style>
"""
# pyvis 0.3.2 always adds Bootstrap from a CDN; nothing in our page uses it.
_CDN_TAG = re.compile(
    r"<link[^>]*https?://[^>]*>|<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
# ... and keeps a commented-out pair of tags pointing at node_modules.
_COMMENTED_TAGS = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.IGNORECASE | re.DOTALL)
# Any tag that would load a resource; the page must have none (everything is inlined).
_RESOURCE_TAG = re.compile(r"<(?:script|img|iframe|source|embed|audio|video)\b[^>]*\bsrc\s*="
                           r"|<link\b[^>]*\bhref\s*=", re.IGNORECASE)


class OfflineError(RuntimeError):
    """The generated page would load something from the network."""


def style_for(type_name: str) -> NodeStyle:
    """The colour and shape of an entity type (black dot for types without their own)."""
    return PALETTE.get(type_name, OTHER_STYLE)


def short_label(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """A label short enough to read on a projector; the tooltip keeps the whole text.

    >>> short_label("Flat 3, 129 Oldham Road, Ancoats, Manchester M4 6BG", 20)
    'Flat 3, 129 Oldham…'
    """
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1].rstrip(" ,") + "…"


def _tooltip(title: str, lines: Iterable[tuple[str, Any]]) -> str:
    """Tooltip markup: a bold title and ``name: value`` lines, every value escaped."""
    parts = [f"<b>{html.escape(str(title))}</b>"]
    for name, value in lines:
        if value not in (None, "", [], ()):
            parts.append(f"{html.escape(name)}: {html.escape(str(value))}")
    return "<br>".join(parts)


def node_tooltip(node_id: str, attrs: Mapping[str, Any]) -> str:
    """The escaped tooltip of one node: its full label, type and what the table says."""
    style = style_for(attrs.get("type", ""))
    lines: list[tuple[str, Any]] = [("Type", style.name if style is not OTHER_STYLE
                                     else attrs.get("type")),
                                    ("Id", node_id.split(":", 1)[-1])]
    if attrs.get("type") == "Location":
        lines += [("Rank", attrs.get("rank")), ("Distinct children", attrs.get("children")),
                  ("Episodes", attrs.get("episodes")), ("Found there", attrs.get("found_at")),
                  ("Mentions", attrs.get("mentions"))]
    if attrs.get("type") == "Child" and attrs.get("name") != attrs.get("label"):
        lines.append(("Name", attrs.get("name")))
    if attrs.get("type") == "Person":
        lines.append(("Recorded as", ", ".join(
            str(r).replace("_", " ").lower() for r in attrs.get("roles") or ())))
    lines.append(("Also written", "; ".join(str(v) for v in attrs.get("variants") or ()
                                            if v != attrs.get("label"))))
    return _tooltip(attrs.get("label") or node_id, lines)


def edge_count(attrs: Mapping[str, Any]) -> int:
    """How many records support an edge: ``count`` (hotspot graphs), else ``weight`` or the
    number of ``documents`` (evidence graphs)."""
    return int(attrs.get("count") or attrs.get("weight") or len(attrs.get("documents") or ())
               or 1)


def edge_tooltip(graph: nx.Graph, u: str, v: str, attrs: Mapping[str, Any]) -> str:
    """The escaped tooltip of one edge: who, where, how linked, how often and when."""
    ends = " — ".join(str(graph.nodes[n].get("label") or n) for n in (u, v))
    seen = " to ".join(dict.fromkeys(str(s)[:10] for s in (attrs.get("first_seen"),
                                                             attrs.get("last_seen")) if s))
    how = ", ".join(RELATION_WORDS.get(r, r.lower().replace("_", " "))
                    for r in sorted(attrs.get("relations") or ()))
    return _tooltip(ends, [("Linked by", how), ("Records", edge_count(attrs)),
                           ("Seen", seen)])


def legend_html(types: Iterable[str]) -> str:
    """The legend for the given entity types, in palette order, as escaped HTML."""
    present = set(types)
    styles = [style for name, style in PALETTE.items() if name in present]
    if present - set(PALETTE):
        styles.append(OTHER_STYLE)
    items = "".join(f"<span>{_swatch(s)}{html.escape(s.name)}</span>" for s in styles)
    return f'<div class="rhigraph-legend" role="list" aria-label="Legend">{items}</div>'


def _swatch(style: NodeStyle, size: int = 22) -> str:
    """A small SVG of the node shape in its colour, so the legend matches the drawing."""
    h, q = size / 2, size / 4
    shapes = {
        "dot": f'<circle cx="{h}" cy="{h}" r="{h - 2}"/>',
        "box": f'<rect x="1" y="4" width="{size - 2}" height="{size - 8}" rx="3"/>',
        "square": f'<rect x="2" y="2" width="{size - 4}" height="{size - 4}"/>',
        "triangle": f'<polygon points="{h},2 {size - 2},{size - 2} 2,{size - 2}"/>',
        "triangleDown": f'<polygon points="2,2 {size - 2},2 {h},{size - 2}"/>',
        "diamond": f'<polygon points="{h},1 {size - 1},{h} {h},{size - 1} 1,{h}"/>',
        "hexagon": (f'<polygon points="{q},2 {size - q},2 {size - 1},{h} {size - q},{size - 2}'
                    f' {q},{size - 2} 1,{h}"/>'),
        "star": (f'<polygon points="{h},1 {h + 3},{h - 2} {size - 1},{h - 2} {h + 4},{h + 3}'
                 f' {h + 6},{size - 1} {h},{h + 6} {h - 6},{size - 1} {h - 4},{h + 3}'
                 f' 1,{h - 2} {h - 3},{h - 2}"/>'),
    }
    shape = shapes.get(style.shape, shapes["dot"])
    return (f'<svg width="{size}" height="{size}" aria-hidden="true" fill="{style.colour}"'
            f' stroke="#000000" stroke-width="1.5">{shape}</svg>')


def to_pyvis(graph: nx.Graph, height_px: int = 600, focus: Iterable[str] = ()) -> Network:
    """The pyvis network for ``graph``: styled nodes, weighted edges, no CDN resources.
    Nodes in ``focus`` (or with a true ``focus`` attribute) are drawn larger, with a thick
    border, so the entity asked about stands out on a projector."""
    focused = set(focus) | {n for n, a in graph.nodes(data=True) if a.get("focus")}
    net = Network(height=f"{height_px}px", width="100%", bgcolor="#ffffff",
                  cdn_resources="in_line")
    net.options = copy.deepcopy(_OPTIONS)  # each page its own: nothing leaks between pages
    for node_id, attrs in graph.nodes(data=True):
        style = style_for(attrs.get("type", ""))
        label = short_label(attrs.get("label") or node_id)
        extra: dict[str, Any] = {"size": 16}
        if attrs.get("type") == "Location":
            # Places are boxes holding their rank and name: the label is part of the node, so
            # the layout keeps it clear of others, and "number 3" matches the table.
            if attrs.get("rank"):
                label = f"{attrs['rank']}. {label}"
            extra = {"margin": 10, "font": {"strokeWidth": 0}, "borderWidth": 3}
        if node_id in focused:
            extra = {**extra, "size": 30, "borderWidth": 6,
                     "font": {**extra.get("font", {}), "size": LABEL_FONT_PX + 6}}
        net.add_node(
            str(node_id), label=label, shape=style.shape,
            color={"background": style.colour, "border": "#000000",
                   "highlight": {"background": style.colour, "border": "#000000"},
                   "hover": {"background": style.colour, "border": "#000000"}},
            tooltip_html=node_tooltip(str(node_id), attrs), **extra,
        )
    for u, v, attrs in graph.edges(data=True):
        net.add_edge(str(u), str(v), width=1 + min(edge_count(attrs), 7),
                     tooltip_html=edge_tooltip(graph, u, v, attrs))
    return net


def network_html(graph: nx.Graph, height_px: int = 600, focus: Iterable[str] = ()) -> str:
    """A self-contained, offline HTML page drawing ``graph`` with its legend.

    Raises :class:`OfflineError` if the page would still load any resource (a CDN script or a
    local ``lib/`` file): a pyvis upgrade changing its template is caught here, not in the
    meeting.
    """
    page = to_pyvis(graph, height_px, focus).generate_html(notebook=False)
    page = _CDN_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _COMMENTED_TAGS.sub("", page)
    page = _inject(page, "</head>", _STYLE + "</head>")
    types = {attrs.get("type", "") for _, attrs in graph.nodes(data=True)}
    page = _inject(page, '<div class="card"', legend_html(types) + '<div class="card"')
    page = _inject(page, "network = new vis.Network(",
                   _TOOLTIP_SCRIPT + "                  network = new vis.Network(")
    page = _inject(page, "return network;", _READY_SCRIPT + "                  return network;")
    if _RESOURCE_TAG.search(page):
        raise OfflineError("the network page would load a resource instead of inlining it")
    return page


def _inject(page: str, anchor: str, replacement: str) -> str:
    """Replace the one occurrence of ``anchor``; fail loudly if pyvis's template changed."""
    if page.count(anchor) != 1:
        raise RuntimeError(f"pyvis template changed: expected one {anchor!r}")
    return page.replace(anchor, replacement)
