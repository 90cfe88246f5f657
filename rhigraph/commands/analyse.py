"""``rhigraph analyse ...``: the named network analyses."""

from __future__ import annotations

import click

from graph.store import Filters
from rhigraph.commands.common import FORMAT, opened_store
from rhigraph.output import emit


@click.group()
def analyse() -> None:
    """Network analyses over the graph.

    \b
    Example:
      rhigraph analyse hotspots --format json
    """


@analyse.command()
@FORMAT
@click.option("--since", help="Only facts on or after this ISO date.")
@click.option("--until", help="Only facts on or before this ISO date.")
@click.option("--min-children", type=int, default=1, show_default=True)
@click.option("--include-placements", is_flag=True, help="Also rank placement addresses.")
@click.option("--limit", type=int, default=25, show_default=True)
@click.pass_context
def hotspots(ctx: click.Context, fmt: str, since: str | None, until: str | None,
             min_children: int, include_placements: bool, limit: int) -> None:
    """Locations ranked by the number of distinct children linked to them.

    \b
    Example:
      rhigraph analyse hotspots --since 2026-01-01 --min-children 2
    """
    from graph.analysis.hotspots import rank_hotspots

    with opened_store(ctx) as store:
        activity = store.entity_activity("Location", Filters(since=since, until=until))
    rows = rank_hotspots(activity, min_children=min_children,
                         include_placements=include_placements)[:limit]
    emit(rows, fmt, ["rank", "label", "children", "episodes", "found_at", "mentions",
                     "first_seen", "last_seen", "children_linked"], title="Hotspots")
