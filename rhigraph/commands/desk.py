"""The RHI manager's desk (issue 13): ``triage``, ``unshared``, ``draft-isf``,
``confirm-isf`` and ``cross-worker``.

Thin: each command asks the governance service (:meth:`rhigraph.governance.Service.desk`)
to run one function of :mod:`graph.desk` and prints (table, JSON, or CSV with every cell
formula-neutralised) or writes a file. The desk reads whole RHI notes, so it runs for a role
that reads them (RHI_MANAGER: ``rhigraph --user NAME``), and every run is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from graph.export.cells import neutralise
from rhigraph.commands.common import opened_service
from rhigraph.output import console, emit

LIST_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True, help="Output for people (table), programs (json) or spreadsheets "
                            "(csv, every cell formula-neutralised).")
SINCE = click.option("--since", default=None,
                     help="Only notes dated on or after this date (ISO or day-first).")


def _day(value: str | None, name: str) -> dt.date | None:
    from graph.exc import InvalidValue
    from graph.types.dates import parse_date

    if not value:
        return None
    try:
        return parse_date(value)
    except InvalidValue as err:
        raise click.BadParameter(f"{err}: expected a date such as 2026-01-31",
                                 param_hint=name) from None


def _since(value: str | None) -> str | None:
    day = _day(value, "--since")
    return day.isoformat() if day else None


def _print(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str],
           title: str, *, csv_extra: Sequence[str] = ()) -> None:
    if fmt == "csv":
        click.echo(as_csv(rows, [*columns, *csv_extra]), nl=False)
    else:
        emit(rows, fmt, columns, title=title)


def as_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """``rows`` as CSV text: lists joined with "; ", every cell through the one
    spreadsheet-formula neutraliser (:func:`graph.export.cells.neutralise`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else neutralise(_cell(row.get(c)))
                         for c in columns])
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return value.get("document_id") or " ".join(str(v) for v in value.values() if v)
    return value


@click.command()
@SINCE
@LIST_FORMAT
@click.pass_context
def triage(ctx: click.Context, since: str | None, fmt: str) -> None:
    """Triage every RHI note: nil return, welfare only or intelligence-bearing, with reasons.

    Intelligence-bearing notes name an adult or place of concern, a vehicle, a phone or an
    online handle, or carry an exploitation indicator that is not negated. A recorded nil
    return stays nil unless it names a vehicle, phone or handle or carries such an
    indicator. Listed intelligence-bearing first, each group oldest first.

    \b
    Example:
      rhigraph triage --since 2026-01-01 --format json
    """
    with opened_service(ctx) as service:
        rows = service.triage_queue(since=_since(since))
    _print(rows, fmt, ["date", "document_id", "child_id", "worker", "triage", "headline"],
           "RHI triage", csv_extra=("agency", "summary"))


@click.command()
@click.option("--window-days", type=click.IntRange(min=0), default=14, show_default=True,
              help="A form for the same child dated from the note's date up to this many "
                   "days after it counts as sharing the note.")
@click.option("--as-of", "as_of", default=None,
              help="Count days waited up to this date (default today).")
@SINCE
@LIST_FORMAT
@click.pass_context
def unshared(ctx: click.Context, window_days: int, as_of: str | None, since: str | None,
             fmt: str) -> None:
    """Intelligence-bearing notes with no information-sharing form yet, oldest first.

    A note is shared by a submitted form confirmed from it (draft-isf, confirm-isf), or by
    a submitted form about the same child dated within the window after the note.
    Unconfirmed drafts do not count.

    \b
    Example:
      rhigraph unshared --window-days 14 --format json
    """
    day = _day(as_of, "--as-of") or dt.date.today()
    with opened_service(ctx) as service:
        rows = service.unshared(as_of=day, window_days=window_days, since=_since(since))
    _print(rows, fmt, ["date", "document_id", "child_id", "worker", "days_waited", "overdue",
                       "headline"], "Intelligence not yet shared",
           csv_extra=("agency", "window_closes", "summary"))


@click.command("draft-isf")
@click.option("--document", "document_id", required=True,
              help="Document id of the RHI note (its file name, as `rhigraph triage` lists).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write: .docx (the labelled form), .json (FORMATS.md section 4) "
                   "or .txt.")
@click.pass_context
def draft_isf(ctx: click.Context, document_id: str, out: Path) -> None:
    """Draft an information-sharing form from one RHI note, for a person to review.

    Pre-filled from the extraction: categories, persons of concern with the identifiers
    the graph knows for them, places, vehicles, phones, handles, the sentences that record
    them (never the practitioner's reflection, actions or manager's response), coercion
    and payments, the source, and a proposed 3x5x2 grading and handling code. It does not
    count as submitted until confirmed with confirm-isf. The person running it (rhigraph
    --user NAME) is recorded as the drafter.

    \b
    Example:
      rhigraph --user s.ellis draft-isf --document rhi_C-1005_2026-01-10.txt \\
        --out isf_C-1005.docx
    """
    from graph.desk.render import write_draft

    with opened_service(ctx) as service:
        draft = service.draft_isf(document_id, today=dt.date.today())
    write_draft(draft, out)
    grading = draft["grading"]
    rows = [{"out": str(out), "derived_from": draft["derived_from"],
             "subjects": [s["name"] for s in draft["subjects"]],
             "categories": draft["categories"],
             "grading": "/".join(grading[k] for k in ("source_evaluation",
                                                      "intelligence_assessment",
                                                      "handling_code")),
             "state": draft["draft"]["state"]}]
    emit(rows, "table", title="Draft information-sharing form")
    for reason in draft["draft"]["grading_reasons"]:
        console.print(f"- {reason}", markup=False)
    console.print(f"Review it, then: rhigraph --user NAME confirm-isf {out}", markup=False)


@click.command("confirm-isf")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def confirm_isf(ctx: click.Context, file: Path) -> None:
    """Confirm a reviewed draft: ingest it as a submitted intelligence form.

    The stored form records derived_from (the RHI note) and its state "confirmed by USER
    at TIME", USER being the person running it (rhigraph --user NAME, else the
    operating-system account). Until this is run a draft does not count as submitted.

    \b
    Example:
      rhigraph --user amanda.rhi.manager confirm-isf isf_C-1005.docx
    """
    from graph.desk.confirm import confirm_draft

    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with opened_service(ctx) as service:
        outcome = confirm_draft(service.store, file, user=service.user.username, at=at)
        service.gate.record("ingest", target=outcome.get("document_id"), files=1,
                            outcome_of_ingest=outcome.get("outcome"))
    emit([outcome], "table", ["document_id", "outcome", "reference", "derived_from",
                              "draft_state", "grading"], title="Confirmed form")


@click.command("cross-worker")
@SINCE
@LIST_FORMAT
@click.pass_context
def cross_worker(ctx: click.Context, since: str | None, fmt: str) -> None:
    """The same adult, place, vehicle, phone or handle in notes by different RHI workers or
    agencies: patterns no single worker would see.

    \b
    Example:
      rhigraph cross-worker --format json
    """
    with opened_service(ctx) as service:
        rows = service.cross_worker(since=_since(since))
    _print(rows, fmt, ["kind", "label", "workers", "agencies", "children", "first_seen",
                       "last_seen"], "Across workers", csv_extra=("variants", "notes"))


COMMANDS = (triage, unshared, draft_isf, confirm_isf, cross_worker)
