"""A pack as one print-ready HTML file (A4 landscape, the marking on the page, headers that
repeat across pages), from a Jinja2 template with autoescaping on.

Every value reaches the page through autoescaping; the only markup not written by the
template is the network picture, whose SVG :mod:`graph.report.svg` builds with every label
escaped. Nothing is fetched from elsewhere: no scripts, fonts or images to load.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from graph.report.cells import cell, marking
from graph.report.svg import network_svg

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment: autoescape on for everything, undefined names are errors."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    env.globals["cell"] = cell
    env.globals["svg"] = lambda section: Markup(network_svg(section["graph"], section["title"]))
    return env


def to_html(pack: Mapping[str, Any]) -> str:
    """The pack as an HTML document."""
    return environment().get_template("pack.html.j2").render(pack=pack,
                                                             marking=marking(pack))
