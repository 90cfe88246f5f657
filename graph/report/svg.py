"""The network picture as SVG, written by hand: no plotting library to install, and every
label goes through one escaping function, so a name such as ``<script>`` is drawn as text.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies), and
every type also has its own shape, so the legend works in black and white.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape as _escape

#: Entity type -> (colour, shape, legend label).
STYLE = {
    "Child": ("#0072B2", "circle", "Child"),
    "Person": ("#D55E00", "square", "Adult of concern"),
    "Location": ("#009E73", "diamond", "Place"),
    "Vehicle": ("#E69F00", "triangle", "Vehicle"),
    "Phone": ("#CC79A7", "triangle", "Phone"),
    "OnlineAccount": ("#56B4E9", "triangle", "Online handle"),
}
WIDTH, HEIGHT, MARGIN, LEGEND = 960, 600, 60, 24


def escape(value: Any) -> str:
    """Text safe inside SVG or HTML, quotes included."""
    return _escape(str(value), {'"': "&quot;", "'": "&#x27;"})


def _shape(kind: str, x: float, y: float, colour: str, size: float = 7) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}"/>'
    if kind == "square":
        return (f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
                f'height="{2 * size:.1f}" fill="{colour}"/>')
    if kind == "diamond":
        points = f"{x:.1f},{y - size * 1.3:.1f} {x + size * 1.3:.1f},{y:.1f} " \
                 f"{x:.1f},{y + size * 1.3:.1f} {x - size * 1.3:.1f},{y:.1f}"
    else:
        points = f"{x:.1f},{y - size * 1.2:.1f} {x + size * 1.2:.1f},{y + size:.1f} " \
                 f"{x - size * 1.2:.1f},{y + size:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def position(node: Mapping[str, Any], width: float = WIDTH, height: float = HEIGHT
             ) -> tuple[float, float]:
    """Where a node's [0, 1] layout position falls on a canvas, inside the margins."""
    return (MARGIN + float(node["x"]) * (width - 2 * MARGIN),
            MARGIN + LEGEND + float(node["y"]) * (height - 2 * MARGIN - LEGEND))


def network_svg(graph: Mapping[str, Any], title: str = "Network picture") -> str:
    """The laid-out graph (``nodes`` with x, y, type, label; ``edges``) as an SVG document."""
    nodes = {n["id"]: n for n in graph.get("nodes", [])}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="100%" role="img" aria-label="{escape(title)}" '
             f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
             f"<title>{escape(title)}</title>",
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for edge in graph.get("edges", []):
        if edge["source"] in nodes and edge["target"] in nodes:
            (x1, y1), (x2, y2) = position(nodes[edge["source"]]), position(nodes[edge["target"]])
            width = min(4.0, 0.8 + 0.6 * float(edge.get("weight", 1)))
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke="#999999" stroke-width="{width:.1f}"/>')
    for node in nodes.values():
        colour, kind, _ = STYLE.get(node["type"], ("#000000", "circle", node["type"]))
        x, y = position(node)
        parts.append(_shape(kind, x, y, colour))
        parts.append(f'<text x="{x + 10:.1f}" y="{y + 4:.1f}" fill="#222222">'
                     f"{escape(node['label'])}</text>")
    x = 10.0
    for colour, kind, label in STYLE.values():
        parts.append(_shape(kind, x + 6, 16, colour, 6))
        parts.append(f'<text x="{x + 16:.1f}" y="{20:.1f}" fill="#222222">{escape(label)}'
                     "</text>")
        x += 24 + 7 * len(label)
    if not nodes:
        parts.append(f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" text-anchor="middle">'
                     "Nothing to draw in this period.</text>")
    parts.append("</svg>")
    return "".join(parts)
