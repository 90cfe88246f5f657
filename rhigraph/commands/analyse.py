"""``rhigraph analyse ...``: the named network analyses.

Every analysis takes the same filters (date window, area, indicator category, minimum
grading, handling code), prints a table for people or JSON for programs, and ranks its rows
most significant first. Each JSON row names the entity (``entity_id``, ``label``), its
``variants`` as written, and the ``children_linked`` (child_id and name), with the evidence.
The work is in :mod:`graph.analysis.run`, run through the governance service
(:meth:`rhigraph.governance.Service.analysis`) for the person running the command: their
role's limits apply and every run is in the audit log. This module only parses options and
prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from graph.store import Filters
from graph.store.records import CATEGORIES
from rhigraph.commands.common import FORMAT, opened_service
from rhigraph.output import emit

ROLES = ("ADULT_OF_CONCERN", "UNKNOWN", "PEER", "FAMILY")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"expected an ISO date such as 2026-01-31, got {value!r}"
                                 ) from None


def filtered(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters every analysis accepts, gathered into one ``filters`` argument."""
    options = [
        click.option("--since", callback=_date, help="Only facts on or after this ISO date."),
        click.option("--until", callback=_date, help="Only facts on or before this ISO date."),
        click.option("--area", help="A local authority (Bolton) or postcode district (BL5)."),
        click.option("--category", "categories", multiple=True,
                     type=click.Choice(CATEGORIES, case_sensitive=False),
                     help="Only facts from documents in this category (repeatable)."),
        click.option("--min-grading", is_flag=True,
                     help="Leave out source evaluation C and intelligence assessment 5."),
        click.option("--handling", "handling_codes", multiple=True,
                     type=click.Choice(["P", "C"], case_sensitive=False),
                     help="Only these handling codes (repeatable); ungraded notes stay."),
        FORMAT,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(since: str | None, until: str | None, area: str | None,
             categories: tuple[str, ...], min_grading: bool,
             handling_codes: tuple[str, ...]) -> Filters:
    return Filters(since=since, until=until, area=area or None, min_grading=min_grading,
                   categories=tuple(c.upper() for c in categories),
                   handling_codes=tuple(h.upper() for h in handling_codes))


def _show(rows: list[dict[str, Any]], fmt: str, columns: list[str], title: str) -> None:
    """Print rows; in a table, lists of entities show their labels and children their
    reference and name (JSON keeps every field as it is)."""
    if fmt == "table":
        rows = [{**row, **{c: [_short(v) for v in row[c]] for c in columns
                           if isinstance(row.get(c), list)}} for row in rows]
    emit(rows, fmt, columns, title=title)


def _short(value: Any) -> Any:
    if isinstance(value, dict) and "child_id" in value:
        return f"{value['child_id']} {value.get('name') or ''}".strip()
    if isinstance(value, dict):
        return value.get("label") or value.get("entity_id")
    return value


def _split(kwargs: dict[str, Any]) -> Filters:
    keys = ("since", "until", "area", "categories", "min_grading", "handling_codes")
    return _filters(*(kwargs.pop(k) for k in keys))


@click.group()
def analyse() -> None:
    """Network analyses over the graph, ranked, with the evidence behind every row.

    Run as the person `rhigraph --user NAME` (or RHIGRAPH_USER) names, else as the
    operating-system account with the ADMIN role; each run is in the audit log with its
    filters. A PARTNER may run hotspots only (children as pseudonyms).

    \b
    Example:
      rhigraph analyse hotspots --since 2026-01-01 --area Bolton --format json
    """


@analyse.command()
@filtered
@click.option("--min-children", type=int, default=1, show_default=True)
@click.option("--include-placements", is_flag=True,
              help="Rank placements, homes and towns together with hotspots.")
@click.option("--placements", is_flag=True,
              help="List the context apart: placements, homes, towns, places gone missing from.")
@click.option("--period-days", type=int, default=28, show_default=True,
              help="Length of the periods the trend compares.")
@click.option("--limit", type=int, default=25, show_default=True)
@click.pass_context
def hotspots(ctx: click.Context, fmt: str, min_children: int, include_placements: bool,
             placements: bool, period_days: int, limit: int, **kwargs: Any) -> None:
    """Places ranked by what happened there: children placed there by the records (more
    when those records carry exploitation indicators), adults of concern linked, information-
    sharing forms naming it, episodes found there; with the trend against the period before.

    \b
    Example:
      rhigraph analyse hotspots --since 2026-01-01 --min-children 2
    """
    with opened_service(ctx) as service:
        rows = service.analysis("hotspots", _split(kwargs), limit=limit,
                                min_children=min_children, placements=placements,
                                include_placements=include_placements, period_days=period_days)
    columns = ["rank", "label", "score", "children", "trend", "why", "children_linked"]
    if placements or include_placements:
        columns.insert(2, "context")
    _show(rows, fmt, columns, title="Placements and context" if placements else "Hotspots")


@analyse.command()
@filtered
@click.option("--min-children", type=int, default=2, show_default=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES, case_sensitive=False),
              help="Only these roles (repeatable; default all but professionals).")
@click.option("--limit", type=int, default=25, show_default=True)
@click.pass_context
def associates(ctx: click.Context, fmt: str, min_children: int, roles: tuple[str, ...],
               limit: int, **kwargs: Any) -> None:
    """Persons linked to two or more children: adults of concern first, then unknown, then
    peers; professionals are never ranked. A name written as an adult in one record and a
    peer in another is listed per role and marked ambiguous.

    \b
    Example:
      rhigraph analyse associates --role ADULT_OF_CONCERN --format json
    """
    chosen = tuple(r.upper() for r in roles) or ROLES
    with opened_service(ctx) as service:
        rows = service.analysis("associates", _split(kwargs), limit=limit,
                                min_children=min_children, roles=chosen)
    _show(rows, fmt, ["rank", "label", "role", "children", "variants", "why",
                     "children_linked"], title="Shared associates")


def _identifier_command(name: str, type_name: str, title: str, example: str) -> None:
    """Register ``rhigraph analyse <name>``: one identifier type, ranked."""
    text = (f"{title} linked to two or more children: by distinct children, then adults of "
            f"concern linked, then children transported or contacted through them. A partial "
            f"plate names the full plates it may be.\n\n\b\nExample:\n  {example}")

    @analyse.command(name=name, help=text)
    @filtered
    @click.option("--min-children", type=int, default=2, show_default=True)
    @click.option("--limit", type=int, default=25, show_default=True)
    @click.pass_context
    def command(ctx: click.Context, fmt: str, min_children: int, limit: int,
                **kwargs: Any) -> None:
        with opened_service(ctx) as service:
            rows = service.analysis("identifiers", _split(kwargs), types=(type_name,),
                                    limit=limit, min_children=min_children)
        _show(rows, fmt, ["rank", "label", "children", "variants", "used_by", "why",
                         "children_linked"], title=title)


_identifier_command("vehicles", "Vehicle", "Vehicles",
                    "rhigraph analyse vehicles --min-children 2 --format json")
_identifier_command("phones", "Phone", "Phones", "rhigraph analyse phones --since 2026-01-01")
_identifier_command("handles", "OnlineAccount", "Online handles",
                    "rhigraph analyse handles --category CSE")


@analyse.command()
@filtered
@click.option("--top", type=int, default=50, show_default=True,
              help="How many adults of concern the graph is grown from.")
@click.option("--limit", type=int, default=25, show_default=True)
@click.pass_context
def triangles(ctx: click.Context, fmt: str, top: int, limit: int, **kwargs: Any) -> None:
    """Child-place-adult triangles: closed (the adult is linked to the place too) and
    shared (two or more children linked to both the place and the adult).

    \b
    Example:
      rhigraph analyse triangles --area Bolton --format json
    """
    with opened_service(ctx) as service:
        rows = service.analysis("triangles", _split(kwargs), limit=limit, top=top)
    _show(rows, fmt, ["rank", "kind", "location", "adult", "children_linked", "documents"],
         title="Triangles")


@analyse.command()
@filtered
@click.option("--brokers", is_flag=True, help="List brokers (betweenness) instead.")
@click.option("--top", type=int, default=30, show_default=True,
              help="How many hotspots, associates and identifiers the graph is grown from.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--resolution", type=float, default=1.0, show_default=True)
@click.option("--limit", type=int, default=25, show_default=True)
@click.pass_context
def communities(ctx: click.Context, fmt: str, brokers: bool, top: int, seed: int,
                resolution: float, limit: int, **kwargs: Any) -> None:
    """Communities (Louvain) of children, adults, places and identifiers, and the brokers
    (betweenness) that bridge them, in the network grown from the top-ranked entities.

    \b
    Example:
      rhigraph analyse communities --brokers --format json
    """
    with opened_service(ctx) as service:
        rows = service.analysis("communities", _split(kwargs), limit=limit, top=top,
                                seed=seed, brokers=brokers, resolution=resolution)
    if brokers:
        _show(rows, fmt, ["rank", "label", "type", "betweenness", "communities_bridged",
                         "children_linked"], title="Brokers")
    else:
        _show(rows, fmt, ["rank", "label", "size", "children_linked", "adults", "places",
                         "identifiers"], title="Communities")


@analyse.command(name="new")
@filtered
@click.option("--limit", type=int, default=50, show_default=True)
@click.pass_context
def new(ctx: click.Context, fmt: str, limit: int, **kwargs: Any) -> None:
    """What is new on or after --since (required): new children at known hotspots, new
    entities shared by children, new links to a child, other new entities.

    \b
    Example:
      rhigraph analyse new --since 2026-02-01
    """
    filters = _split(kwargs)
    if not filters.since:
        raise click.UsageError("analyse new needs --since (the date to count as new from)")
    with opened_service(ctx) as service:
        rows = service.analysis("new", filters, since=filters.since, limit=limit)
    _show(rows, fmt, ["rank", "kind", "label", "first_seen", "children", "children_linked",
                     "link_type"], title=f"New since {filters.since}")


@analyse.command()
@filtered
@click.option("--periods", type=int, default=4, show_default=True)
@click.option("--days", type=int, default=28, show_default=True,
              help="Period length (ignored when both --since and --until are given).")
@click.option("--limit", type=int, default=25, show_default=True)
@click.pass_context
def escalation(ctx: click.Context, fmt: str, periods: int, days: int, limit: int,
               **kwargs: Any) -> None:
    """Children whose missing episodes or exploitation indicators rose in the latest
    period against the average of the periods before.

    \b
    Example:
      rhigraph analyse escalation --periods 3 --days 28
    """
    if periods < 2:
        raise click.BadParameter("need at least two periods to compare", param_hint="--periods")
    with opened_service(ctx) as service:
        rows = service.analysis("escalation", _split(kwargs), periods=periods, days=days,
                                limit=limit)
    _show(rows, fmt, ["rank", "label", "episodes", "indicators", "new_codes", "why"],
         title="Escalation")


@analyse.command()
@filtered
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["found_at", "found_with", "missing_together"]),
              help="Which patterns (repeatable; default all).")
@click.option("--min-children", type=int, default=2, show_default=True)
@click.option("--limit", type=int, default=25, show_default=True, help="Rows per kind.")
@click.pass_context
def episodes(ctx: click.Context, fmt: str, kinds: tuple[str, ...], min_children: int,
             limit: int, **kwargs: Any) -> None:
    """Patterns in missing episodes: places where children are found, persons they are
    found with, children who go missing together.

    \b
    Example:
      rhigraph analyse episodes --kind found_at --format json
    """
    chosen = kinds or ("found_at", "found_with", "missing_together")
    with opened_service(ctx) as service:
        rows = service.analysis("episodes", _split(kwargs), kinds=chosen,
                                min_children=min_children, limit=limit)
    _show(rows, fmt, ["kind", "rank", "label", "children", "episodes", "children_linked"],
         title="Episode patterns")


@analyse.command()
@filtered
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=int, default=6, show_default=True)
@click.option("--via-professionals", is_flag=True,
              help="Let the path run through professionals and organisations.")
@click.pass_context
def path(ctx: click.Context, fmt: str, a: str, b: str, max_hops: int,
         via_professionals: bool, **kwargs: Any) -> None:
    """The shortest path between A and B with the documents behind every hop. A and B are
    an id, a key (plate, phone, handle), a name or alias, or a close spelling of one.

    \b
    Example:
      rhigraph analyse path "Deano" "18 Mossfield Court"
    """
    with opened_service(ctx) as service:
        rows = service.analysis("path", _split(kwargs), a=a, b=b, max_hops=max_hops,
                                professionals=via_professionals)
    if not rows and fmt == "table":
        click.echo(f"No path between {a!r} and {b!r} within {max_hops} hops.")
        return
    _show(rows, fmt, ["hop", "from_label", "relations", "label", "documents"], title="Path")
