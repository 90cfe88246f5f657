"""``rhigraph users``, ``audit``, ``erase`` and ``retention``: governance from the terminal.

Commands act as the person running them (:func:`rhigraph.commands.common.acting_user`:
``rhigraph --user NAME``, else the operating-system account as ADMIN), so an account that is
not ADMIN cannot manage accounts or read the audit log from the terminal either. Passwords
are read from a hidden prompt or from standard input, never from the command line (which
other users and shell history can see).
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from graph.exc import RhigraphError
from rhigraph.commands.common import (
    FORMAT,
    acting_user,
    opened_governance,
    opened_service,
)
from rhigraph.governance import Administration, Governance, Role
from rhigraph.output import console, emit

ROLES = click.Choice([r.value for r in Role], case_sensitive=False)


def _admin(ctx: click.Context, governance: Governance) -> Administration:
    return Administration(acting_user(ctx, governance), governance)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _date(value: str | None, what: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise click.BadParameter(f"{what} must be an ISO date such as 2026-03-16") from None


# -- users -------------------------------------------------------------------------------
@click.group()
def users() -> None:
    """Local accounts for the dashboard: add, list, change role, disable.

    \b
    Example:
      rhigraph users add a.khan --role ANALYST
    """


@users.command("add")
@click.argument("username")
@click.option("--role", type=ROLES, required=True, help="ANALYST, RHI_MANAGER, PARTNER or ADMIN.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@click.pass_context
def users_add(ctx: click.Context, username: str, role: str, password_stdin: bool) -> None:
    """Add an account; the password is asked for (hidden) or read from standard input.

    \b
    Example:
      rhigraph users add s.ellis --role RHI_MANAGER
      printf '%s\\n' "$PASSWORD" | rhigraph users add p.osei --role PARTNER --password-stdin
    """
    password = _password(password_stdin)
    with opened_governance(ctx) as governance:
        _admin(ctx, governance).add_user(username, Role.parse(role),
                                                              password)
    console.print(f"added {username} ({Role.parse(role).value})", markup=False)


@users.command("list")
@FORMAT
@click.pass_context
def users_list(ctx: click.Context, fmt: str) -> None:
    """List accounts with their roles and whether they are disabled.

    \b
    Example:
      rhigraph users list --format json
    """
    with opened_governance(ctx) as governance:
        rows = _admin(ctx, governance).accounts()
    emit(rows, fmt, ["username", "role", "disabled", "created_at", "updated_at"],
         title="Accounts")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLES)
@click.pass_context
def users_set_role(ctx: click.Context, username: str, role: str) -> None:
    """Change an account's role (open dashboard sessions pick it up on their next page).

    \b
    Example:
      rhigraph users set-role a.khan RHI_MANAGER
    """
    with opened_governance(ctx) as governance:
        _admin(ctx, governance).set_role(username, Role.parse(role))
    console.print(f"{username} is now {Role.parse(role).value}", markup=False)


@users.command("disable")
@click.argument("username")
@click.pass_context
def users_disable(ctx: click.Context, username: str) -> None:
    """Disable an account: no more logins, and open sessions are refused at once.

    \b
    Example:
      rhigraph users disable a.khan
    """
    with opened_governance(ctx) as governance:
        _admin(ctx, governance).disable(username)
    console.print(f"disabled {username}", markup=False)


# -- audit -------------------------------------------------------------------------------
@click.group()
def audit() -> None:
    """The append-only, hash-chained audit log: verify it, show it.

    \b
    Example:
      rhigraph audit verify
    """


def _anchor(value: str | None) -> tuple[int, str] | None:
    if not value:
        return None
    seq, _, digest = value.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise click.BadParameter("expected SEQ:HASH as printed by an earlier verify")
    return int(seq), digest.lower()


@audit.command("verify")
@click.option("--expect", help="SEQ:HASH of a head recorded earlier, which must be in the chain.")
@FORMAT
@click.pass_context
def audit_verify(ctx: click.Context, expect: str | None, fmt: str) -> None:
    """Check that no audit entry was changed, removed or reordered; print the head.

    Keep the printed head somewhere else and pass it to --expect later: that also finds
    entries cut off the end or a log rewritten whole. Exits 1 when the chain is broken.

    \b
    Example:
      rhigraph audit verify --expect 1042:5f2c...e91a
    """
    anchor = _anchor(expect)
    with opened_governance(ctx) as governance:
        result = _admin(ctx, governance).verify_audit(anchor)
    if fmt == "json":
        print(json.dumps(result.as_dict(), indent=2))
    elif result.ok:
        # click.echo, not rich: the head must print on one line to be copied whole.
        click.echo(f"audit log intact: {result.entries} entries")
        click.echo(f"head: {result.head_seq}:{result.head_hash}")
    else:
        click.echo(f"audit log BROKEN at entry {result.broken_at}: {result.reason}")
    if not result.ok:
        ctx.exit(1)


@audit.command("show")
@click.option("--user", "user", help="Only entries of this username.")
@click.option("--target", help="Only entries about this document id or entity id"
              " (e.g. rhi_C-1001_2026-01-05.txt, Child:C-1001, Person:deano).")
@click.option("--limit", type=int, default=50, show_default=True)
@FORMAT
@click.pass_context
def audit_show(ctx: click.Context, user: str | None, target: str | None, limit: int,
               fmt: str) -> None:
    """Audit entries, newest first: who, when, what, the query and the outcome.

    \b
    Example:
      rhigraph audit show --user a.khan --format json
    """
    with opened_governance(ctx) as governance:
        rows = _admin(ctx, governance).audit_entries(
            user=user, target=target, limit=limit)
    if fmt == "table":
        for row in rows:
            row["query"] = json.dumps(row["query"], ensure_ascii=False, sort_keys=True)
    emit(rows, fmt, ["seq", "at", "user", "role", "action", "outcome", "target", "query"],
         title="Audit log")


# -- erasure and retention ---------------------------------------------------------------
@click.command()
@click.option("--document", "document_id", required=True, help="The document id to erase.")
@click.pass_context
def erase(ctx: click.Context, document_id: str) -> None:
    """Erase a document and every fact resting only on it; facts other documents support
    stay. The erasure is recorded in the audit log.

    \b
    Example:
      rhigraph erase --document rhi_C-1001_2026-01-05.txt
    """
    with opened_service(ctx) as service:
        result = service.erase_document(document_id)
    if not result["erased"]:
        raise RhigraphError("no document with that id is stored (the attempt is audited)")
    removed = ", ".join(f"{k}: {v}" for k, v in sorted(result["removed"].items())) or "nothing"
    console.print(f"erased {document_id}; removed {removed}", markup=False)


@click.group()
def retention() -> None:
    """Review dates: which documents are due for review, and the periods per kind.

    \b
    Example:
      rhigraph retention due
    """


@retention.command("due")
@click.option("--today", help="Review as of this ISO date (default: today).")
@FORMAT
@click.pass_context
def retention_due(ctx: click.Context, today: str | None, fmt: str) -> None:
    """Documents whose review date has come, most overdue first.

    \b
    Example:
      rhigraph retention due --format json
    """
    day = _date(today, "--today")
    with opened_service(ctx) as service:
        rows = service.retention_due(day)
    emit(rows, fmt, ["id", "kind", "child_id", "date", "review_on", "days_overdue"],
         title="Due for review")


@retention.command("set-period")
@click.argument("kind")
@click.option("--years", type=click.IntRange(min=1), help="Period in years.")
@click.option("--days", type=click.IntRange(min=1), help="Period in days.")
@click.pass_context
def retention_set_period(ctx: click.Context, kind: str, years: int | None,
                         days: int | None) -> None:
    """Set how long documents of KIND (rhi_note, intel_form, episodes, placements) are kept
    before review.

    \b
    Example:
      rhigraph retention set-period rhi_note --years 3
    """
    if (years is None) == (days is None):
        raise click.UsageError("give exactly one of --years and --days")
    total = days or 0
    if years is not None:
        total = years * 365 + years // 4
    with opened_governance(ctx) as governance:
        _admin(ctx, governance).set_retention_period(kind, total)
    console.print(f"{kind}: review after {total} days", markup=False)


@retention.command("set-review")
@click.argument("document_id")
@click.option("--on", "review_on", required=True, help="Next review date (ISO).")
@click.pass_context
def retention_set_review(ctx: click.Context, document_id: str, review_on: str) -> None:
    """Record that a document was reviewed and kept, and when to review it next.

    \b
    Example:
      rhigraph retention set-review isf_BOL-2026-0014.txt --on 2028-01-01
    """
    day = _date(review_on, "--on") or dt.date.today()
    with opened_governance(ctx) as governance:
        _admin(ctx, governance).set_review(document_id, day)
    console.print(f"{document_id}: next review {day.isoformat()}", markup=False)


#: What ``rhigraph.cli`` registers from this module.
COMMANDS = (users, audit, erase, retention)
