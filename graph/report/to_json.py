"""A pack as JSON: the same sections the HTML and PDF draw, for programs and the dashboard.

Each episode appears under its ``episode_id`` in the episode tables; the network picture is
its laid-out nodes and edges.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def to_json(pack: Mapping[str, Any]) -> str:
    """The pack as indented UTF-8 JSON."""
    return json.dumps(pack, indent=2, ensure_ascii=False, default=str) + "\n"
