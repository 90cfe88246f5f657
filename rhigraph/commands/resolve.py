"""``rhigraph resolve`` and ``rhigraph review ...``: entity resolution and its review queue.

Every decision is made through the governance service by the person running the command
(``rhigraph --user NAME``, whose role must decide resolution: ANALYST or RHI_MANAGER), recorded
as a judgement with who and when, and written to the audit log. Judgements are applied
transitively at the next resolution, survive re-ingest and re-resolution, and are undone by
deactivating them (the record stays). Each decision re-runs resolution at once
(``--no-resolve`` to defer), so the graph the analyst sees next already reflects it.
"""

from __future__ import annotations

from typing import Any

import click

from rhigraph.commands.common import FORMAT, opened_service
from rhigraph.governance import Service
from rhigraph.output import console, emit


def _resolve(service: Service, no_resolve: bool) -> dict[str, Any] | None:
    return None if no_resolve else service.run_resolution()


def _print_run(summary: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        emit([summary], fmt)
        return
    if summary.get("skipped"):
        console.print(f"unchanged since {summary['resolved_at']}: nothing to resolve",
                      markup=False)
        return
    console.print(
        f"{summary['units']} mentions, {summary['clusters']} things; "
        f"{summary['merged_entities']} entities merged or split, "
        f"{summary['candidates']} candidates to review, "
        f"{summary['judgements']} judgements applied "
        f"({summary['seconds']['total']} s)", markup=False)
    for conflict in summary.get("judgement_conflicts") or []:
        console.print(f"warning: {conflict}", markup=False)


@click.command("resolve")
@FORMAT
@click.option("--if-changed", is_flag=True,
              help="Do nothing when no record or judgement changed since the last run.")
@click.pass_context
def resolve(ctx: click.Context, fmt: str, if_changed: bool) -> None:
    """Resolve people, places, vehicles and phones written differently into one each.

    Confident matches are merged (each with its score and reasons), uncertain ones are
    queued for review, and analysts' judgements are applied. Nothing is rewritten: the
    mapping can be undone and is rebuilt on every run.

    \b
    Example:
      rhigraph resolve && rhigraph review list
    """
    with opened_service(ctx) as service:
        summary = service.run_resolution(only_if_changed=if_changed)
    _print_run(summary, fmt)


@click.group()
def review() -> None:
    """Review resolution candidates: list, accept, reject, judge, undo.

    Run as an ANALYST or RHI_MANAGER account (rhigraph --user NAME or RHIGRAPH_USER): the
    account is recorded as the one who decided, and each decision is audited.

    \b
    Example:
      rhigraph --user j.smith review list --type Person
    """


@review.command("list")
@FORMAT
@click.option("--status", type=click.Choice(["open", "accepted", "rejected", "all"]),
              default="open", show_default=True)
@click.option("--type", "type_name", help="Only candidates of this entity type (Person ...).")
@click.option("--limit", type=int, default=50, show_default=True)
@click.pass_context
def list_candidates(ctx: click.Context, fmt: str, status: str, type_name: str | None,
                    limit: int) -> None:
    """Candidates for review, best score first, with the reasons for each.

    \b
    Example:
      rhigraph review list --status open --format json
    """
    with opened_service(ctx) as service:
        rows = service.resolution_candidates(None if status == "all" else status,
                                             type_name=type_name, limit=limit)
    for row in rows:
        row["left"] = f"{row['left_id']} ({row['left_document'] or 'all records'})"
        row["right"] = f"{row['right_id']} ({row['right_document'] or 'all records'})"
        row["why"] = "; ".join(row["reasons"][:3])
    emit(rows, fmt, ["id", "type", "score", "left", "right", "why", "status"],
         title="Resolution candidates")


def _decide(ctx: click.Context, candidate_id: int, same: bool, note: str | None,
            no_resolve: bool) -> None:
    with opened_service(ctx) as service:
        row = service.decide_candidate(candidate_id, same=same, note=note)
        summary = _resolve(service, no_resolve)
        who = service.user.username
    verdict = "the same" if same else "not the same"
    console.print(f"judgement {row['judgement']}: {row['left_id']} and {row['right_id']} are "
                  f"{verdict} (by {who})", markup=False)
    if summary:
        _print_run(summary, "table")


_NOTE = click.option("--note", help="Why, for the record.")
_NO_RESOLVE = click.option("--no-resolve", is_flag=True,
                           help="Record only; apply at the next 'rhigraph resolve'.")


@review.command()
@click.argument("candidate_id", type=int)
@_NOTE
@_NO_RESOLVE
@click.pass_context
def accept(ctx: click.Context, candidate_id: int, note: str | None, no_resolve: bool) -> None:
    """Judge a candidate's two records to be the same real thing.

    \b
    Example:
      rhigraph --user j.smith review accept 12 --note "same phone in both forms"
    """
    _decide(ctx, candidate_id, True, note, no_resolve)


@review.command()
@click.argument("candidate_id", type=int)
@_NOTE
@_NO_RESOLVE
@click.pass_context
def reject(ctx: click.Context, candidate_id: int, note: str | None, no_resolve: bool) -> None:
    """Judge a candidate's two records to be different things (never merged again).

    \b
    Example:
      rhigraph --user j.smith review reject 12 --note "different surnames per school"
    """
    _decide(ctx, candidate_id, False, note, no_resolve)


@review.command()
@click.argument("left")
@click.argument("right")
@click.option("--same/--different", "same", required=True,
              help="The two are the same real thing, or different things.")
@click.option("--left-document", default="", help="Only LEFT as this document names it.")
@click.option("--right-document", default="", help="Only RIGHT as this document names it.")
@_NOTE
@_NO_RESOLVE
@click.pass_context
def judge(ctx: click.Context, left: str, right: str, same: bool, left_document: str,
          right_document: str, note: str | None, no_resolve: bool) -> None:
    """Judge two entities (ids as listed, e.g. Person:kyle) without a candidate: to join
    what resolution missed, or to split a merge (--different).

    \b
    Example:
      rhigraph --user j.smith review judge Person:kyle "Person:kyle pennington" \\
        --different --left-document rhi_C-1004_2026-01-08.txt
    """
    with opened_service(ctx) as service:
        judgement = service.judge_entities(left, right, same=same, note=note,
                                           left_document=left_document,
                                           right_document=right_document)
        summary = _resolve(service, no_resolve)
        who = service.user.username
    console.print(f"judgement {judgement} recorded (by {who})", markup=False)
    if summary:
        _print_run(summary, "table")


@review.command()
@click.argument("judgement_id", type=int)
@_NO_RESOLVE
@click.pass_context
def undo(ctx: click.Context, judgement_id: int, no_resolve: bool) -> None:
    """Undo a judgement: it is kept, marked undone by whom and when, and no longer applies.

    \b
    Example:
      rhigraph --user j.smith review undo 7
    """
    with opened_service(ctx) as service:
        service.undo_judgement(judgement_id)
        summary = _resolve(service, no_resolve)
        who = service.user.username
    console.print(f"judgement {judgement_id} undone (by {who})", markup=False)
    if summary:
        _print_run(summary, "table")


@review.command()
@FORMAT
@click.option("--all", "everything", is_flag=True, help="Include undone judgements.")
@click.pass_context
def judgements(ctx: click.Context, fmt: str, everything: bool) -> None:
    """Analysts' judgements: who decided what, when, and whether it still applies.

    \b
    Example:
      rhigraph review judgements --all
    """
    with opened_service(ctx) as service:
        rows = service.judgements(active=None if everything else True)
    for row in rows:
        row["left"] = row["left_id"] + (f" @ {row['left_document']}"
                                        if row["left_document"] else "")
        row["right"] = row["right_id"] + (f" @ {row['right_document']}"
                                          if row["right_document"] else "")
        row["verdict"] = "same" if row["same"] else "different"
    emit(rows, fmt, ["id", "left", "right", "verdict", "user", "at", "note", "active",
                     "undone_by"], title="Judgements")


COMMANDS = (resolve, review)
