"""``rhigraph report ...``, ``rhigraph cross-boundary``, ``rhigraph actions ...`` and
``rhigraph notifications ...``: the meeting packs and what the meetings record.

Thin: each command asks the governance service for the person running it
(:meth:`rhigraph.governance.Service.authorise_pack`: ``rhigraph --user NAME``, else the
operating-system account as ADMIN) which filters the pack may be built from, which audits it
as an export; reads the store through :mod:`graph.meetings.load` with those filters, builds a
pack with a pure function of :mod:`graph.meetings`, makes the partner version with
:mod:`graph.report.redact` when asked for or when the person is a PARTNER, and writes it with
:mod:`graph.report` or prints a summary. ``actions`` and ``notifications`` read and record
through the service too (:mod:`rhigraph.governance.records`: who may record, what a partner
sees of them, and what the audit keeps).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from graph.exc import InvalidValue
from graph.store import Filters
from rhigraph.commands.common import FORMAT, opened_service
from rhigraph.output import console, emit

OUT = click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                   help="Write the pack to FILE: .html (print-ready), .pdf or .json. Without "
                        "it, a summary is printed.")
AS_OF = click.option("--as-of", "as_of", default=None,
                     help="Judge clocks and statuses as of this date-time (default now).")
PARTNER = click.option("--partner", is_flag=True,
                       help="Partner version: children pseudonymised; names, identifiers, "
                            "addresses and free text left out; handling code C and grades "
                            "C/5 excluded. Always so when run as a PARTNER.")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(second=0, microsecond=0)


def _moment(value: str | None) -> dt.datetime:
    from graph.types.dates import parse_datetime

    return parse_datetime(value) if value else _now()


def _day(value: str) -> dt.date:
    from graph.types.dates import parse_date

    return parse_date(value)


def _area(value: str | None) -> frozenset[str] | None:
    return frozenset(a.strip() for a in value.split(",") if a.strip()) if value else None


def _deliver(pack: dict[str, Any], out: Path | None, redaction: Any) -> None:
    """Print a summary of ``pack`` or write it to ``out``; redacted first when the service
    said so (a partner version)."""
    from graph.report import write
    from graph.report.redact import redact
    from graph.report.to_text import to_text

    if redaction is not None:
        pack = redact(pack, redaction)
    if out is None:
        click.echo(to_text(pack), nl=False)
        return
    write(pack, out)
    console.print(f"wrote {out}", markup=False)


@click.group()
def report() -> None:
    """Meeting packs: weekly missing meeting, CSE mapping meeting, placement packets.

    \b
    Example:
      rhigraph report weekly --week 2026-W11 --out week11.pdf
    """


@report.command()
@click.option("--week", required=True, help="ISO week, e.g. 2026-W11 (2026-W01 starts "
                                            "Monday 29 December 2025).")
@OUT
@AS_OF
@click.option("--area", default=None,
              help="Comma-separated local authorities the records are kept for (default: "
                   "inferred from where the children live).")
@click.option("--repeat-threshold", type=int, default=2, show_default=True,
              help="Episodes in 90 days that make a child repeat missing.")
@PARTNER
@click.pass_context
def weekly(ctx: click.Context, week: str, out: Path | None, as_of: str | None,
           area: str | None, repeat_threshold: int, partner: bool) -> None:
    """The weekly missing meeting pack for one ISO week.

    Episodes of the week, repeat-missing children, children still missing, the RHI 72-hour
    clock and indicators, out-of-area children and their notifications, hotspots and what
    is new, and actions outstanding.

    \b
    Example:
      rhigraph report weekly --week 2026-W11 --out week11.html
    """
    from graph.meetings.load import weekly_inputs
    from graph.meetings.periods import iso_week
    from graph.meetings.weekly import weekly_pack

    period = iso_week(week)
    with opened_service(ctx) as service:
        filters, redaction = service.authorise_pack(f"weekly_pack {week}", partner=partner)
        moment = _moment(as_of)
        inputs = weekly_inputs(service.store, period, filters, moment)
    pack = weekly_pack(inputs, period, moment, area=_area(area),
                       repeat_threshold=repeat_threshold)
    _deliver(pack, out, redaction)


@report.command("cse-mapping")
@click.option("--from", "first", required=True, help="First day of the period (ISO date).")
@click.option("--to", "last", required=True, help="Last day of the period (ISO date).")
@click.option("--last-meeting", default=None,
              help="Date of the last meeting: 'new' means first seen since (default --from).")
@OUT
@AS_OF
@PARTNER
@click.pass_context
def cse_mapping(ctx: click.Context, first: str, last: str, last_meeting: str | None,
                out: Path | None, as_of: str | None, partner: bool) -> None:
    """The CSE mapping meeting pack for a period.

    Hotspots with trend against the previous period of equal length, adults of concern,
    vehicles, phones and handles, triangles, a network picture, what is new since the last
    meeting, and information-sharing forms by category and area.

    \b
    Example:
      rhigraph report cse-mapping --from 2026-02-16 --to 2026-03-15 --out cse.pdf
    """
    from graph.meetings.cse_mapping import cse_mapping_pack
    from graph.meetings.load import cse_inputs
    from graph.meetings.periods import date_range

    period = date_range(_day(first), _day(last))
    meeting = _day(last_meeting) if last_meeting else None
    with opened_service(ctx) as service:
        filters, redaction = service.authorise_pack(f"cse_mapping_pack {period.label}",
                                                    partner=partner)
        inputs = cse_inputs(service.store, period, filters, new_since=meeting)
    pack = cse_mapping_pack(inputs, period, _moment(as_of), last_meeting=meeting)
    _deliver(pack, out, redaction)


@report.command("placement-packet")
@click.option("--child", "child_id", required=True, help="The child's reference, e.g. C-1042.")
@OUT
@AS_OF
@PARTNER
@click.pass_context
def placement_packet(ctx: click.Context, child_id: str, out: Path | None, as_of: str | None,
                     partner: bool) -> None:
    """A child's shareable summary for a placing or host authority.

    Missing history by episode id, where found, linked adults of concern, vehicles and
    places, indicators and risk, notifications, open actions and the RHI provider. No
    document text, no placement address, no handling code C intelligence.

    \b
    Example:
      rhigraph report placement-packet --child C-1042 --out C-1042.pdf
    """
    from graph.meetings.load import packet_inputs, shareable_filters
    from graph.meetings.placement_packet import placement_packet as build

    with opened_service(ctx) as service:
        filters, redaction = service.authorise_pack(
            "placement_packet", shareable_filters(), partner=partner,
            target=f"Child:{child_id}")
        inputs = packet_inputs(service.store, child_id, filters)
    _deliver(build(inputs, _moment(as_of)), out, redaction)


@click.command("cross-boundary")
@FORMAT
@OUT
@click.option("--since", default=None, help="Only facts on or after this ISO date.")
@click.option("--until", default=None, help="Only facts on or before this ISO date.")
@click.option("--min-authorities", type=int, default=2, show_default=True)
@PARTNER
@click.pass_context
def cross_boundary(ctx: click.Context, fmt: str, out: Path | None, since: str | None,
                   until: str | None, min_authorities: int, partner: bool) -> None:
    """Places and adults of concern linked to children of more than one responsible LA.

    \b
    Example:
      rhigraph cross-boundary --format json
    """
    from graph.meetings.cross_boundary import (
        COLUMNS,
        cross_boundary_pack,
        cross_boundary_rows,
    )
    from graph.meetings.load import cross_boundary_inputs

    with opened_service(ctx) as service:
        filters, redaction = service.authorise_pack(
            "cross_boundary", Filters(since=since, until=until), partner=partner)
        inputs = cross_boundary_inputs(service.store, filters)
    if out is not None or redaction is not None:
        _deliver(cross_boundary_pack(inputs, _now(), min_authorities=min_authorities),
                 out, redaction)
        return
    rows = cross_boundary_rows(inputs, min_authorities=min_authorities)
    emit(rows, fmt, [c["key"] for c in COLUMNS], title="Cross-boundary")


@click.group()
def actions() -> None:
    """Meeting decisions and RHI recommendations, tracked until closed.

    \b
    Example:
      rhigraph actions list --child C-1042
    """


ACTION_FIELDS = ["id", "status", "child_id", "text", "owner", "due", "source", "meeting",
                 "created_at", "closed_at", "closure_note"]


@actions.command("list")
@click.option("--child", "child_id", default=None, help="Only this child's actions.")
@click.option("--status", type=click.Choice(["open", "closed", "all"]), default="open",
              show_default=True)
@FORMAT
@click.pass_context
def list_actions(ctx: click.Context, child_id: str | None, status: str, fmt: str) -> None:
    """List actions, open ones by default (overdue first).

    \b
    Example:
      rhigraph actions list --child C-1042 --status all
    """
    from graph.meetings.actions import outstanding

    with opened_service(ctx) as service:
        rows = service.actions(child_id=child_id, status=None if status == "all" else status)
    if status == "open":
        rows = outstanding(rows, _now())
    shown = [f for f in ACTION_FIELDS if not rows or f in rows[0]]  # a partner's have fewer
    emit(rows, fmt, shown + (["overdue"] if status == "open" else []), title="Actions")


@actions.command("add")
@click.argument("text")
@click.option("--child", "child_id", default=None)
@click.option("--episode", "episode_id", default=None)
@click.option("--owner", default=None, help="Who will do it (person or team).")
@click.option("--due", default=None, help="Due date.")
@click.option("--meeting", default=None, help="The meeting that decided it, e.g. "
                                              "'weekly 2026-W11'.")
@click.option("--by", "created_by", default=None, help="Who recorded it.")
@click.pass_context
def add_action(ctx: click.Context, text: str, child_id: str | None, episode_id: str | None,
               owner: str | None, due: str | None, meeting: str | None,
               created_by: str | None) -> None:
    """Record a meeting decision as an open action.

    \b
    Example:
      rhigraph actions add "Strategy discussion" --child C-1042 --owner "SW team" --due 2026-03-20
    """
    with opened_service(ctx) as service:
        action_id = service.add_action(
            text, child_id=child_id, episode_id=episode_id, meeting=meeting, owner=owner,
            due=_day(due) if due else None, created_by=created_by, now=_now())
    console.print(f"action {action_id} recorded", markup=False)


@actions.command("update")
@click.argument("action_id", type=int)
@click.option("--owner", default=None)
@click.option("--due", default=None)
@click.pass_context
def update_action(ctx: click.Context, action_id: int, owner: str | None,
                  due: str | None) -> None:
    """Give an open action an owner or a new due date.

    \b
    Example:
      rhigraph actions update 12 --owner "Bolton MFH team" --due 2026-03-27
    """
    with opened_service(ctx) as service:
        done = service.update_action(action_id, owner=owner, due=_day(due) if due else None)
    if not done:
        raise InvalidValue(f"no open action {action_id}")
    console.print(f"action {action_id} updated", markup=False)


@actions.command("close")
@click.argument("action_id", type=int)
@click.option("--note", default=None, help="What was done.")
@click.option("--by", "closed_by", default=None, help="Who closed it.")
@click.pass_context
def close_action(ctx: click.Context, action_id: int, note: str | None,
                 closed_by: str | None) -> None:
    """Close an action, saying what was done.

    \b
    Example:
      rhigraph actions close 12 --note "Strategy discussion held 18/03"
    """
    with opened_service(ctx) as service:
        done = service.close_action(action_id, now=_now(), note=note, closed_by=closed_by)
    if not done:
        raise InvalidValue(f"no open action {action_id}")
    console.print(f"action {action_id} closed", markup=False)


@actions.command("import-rhi")
@click.option("--since", default=None, help="Only notes dated on or after this date.")
@click.option("--owner", default=None, help="Owner to give every imported action.")
@click.option("--due-days", type=int, default=None,
              help="Due this many days after the note's date.")
@click.pass_context
def import_rhi(ctx: click.Context, since: str | None, owner: str | None,
               due_days: int | None) -> None:
    """Track RHI recommendations as actions (each once; re-running adds nothing twice).

    \b
    Example:
      rhigraph actions import-rhi --since 2026-03-01 --due-days 14
    """
    with opened_service(ctx) as service:
        added = service.import_rhi_actions(now=_now(), since=_day(since) if since else None,
                                           owner=owner, due_days=due_days)
    console.print(f"{added} recommendation(s) recorded as actions", markup=False)


@click.group()
def notifications() -> None:
    """Notifications of out-of-area episodes and their RHIs: needed, done, overdue.

    \b
    Example:
      rhigraph notifications list --status overdue
    """


@notifications.command("record")
@click.argument("episode_id")
@click.option("--body", "body_role", required=True,
              type=click.Choice(["responsible_la", "host_la", "home_force"]))
@click.option("--about", required=True, type=click.Choice(["missing", "rhi"]))
@click.option("--at", "at", default=None, help="When they were told (default now).")
@click.option("--by", "recorded_by", default=None, help="Who is recording it.")
@click.option("--note", default=None)
@click.pass_context
def record_notification(ctx: click.Context, episode_id: str, body_role: str, about: str,
                        at: str | None, recorded_by: str | None, note: str | None) -> None:
    """Record that a body was told of a missing episode or of its RHI.

    \b
    Example:
      rhigraph notifications record MP-2026-00412 --body host_la --about missing
    """
    with opened_service(ctx) as service:
        service.record_notification(episode_id, body_role=body_role, about=about,
                                    notified_at=_moment(at), now=_now(),
                                    recorded_by=recorded_by, note=note)
    console.print(f"recorded: {body_role} told of {about} for {episode_id}", markup=False)


@notifications.command("list")
@click.option("--episode", "episode_id", default=None)
@click.option("--status", type=click.Choice(["all", "done", "done_late", "overdue", "due"]),
              default="all", show_default=True)
@AS_OF
@FORMAT
@click.pass_context
def list_notifications(ctx: click.Context, episode_id: str | None, status: str,
                       as_of: str | None, fmt: str) -> None:
    """Every notification out-of-area episodes need, with its status.

    \b
    Example:
      rhigraph notifications list --status overdue --format json
    """
    with opened_service(ctx) as service:
        rows = service.notifications(_moment(as_of), episode_id=episode_id,
                                     status=None if status == "all" else status)
    emit(rows, fmt, ["episode_id", "child_id", "about", "body_role", "body", "due_at",
                     "status", "notified_at", "source"], title="Notifications")


COMMANDS = (report, cross_boundary, actions, notifications)
